// The analysis worker: loads one wasm module ("core" or "full") and answers
// { id, op, ... } messages with { id, ok, result } or { id, ok: false, error }.
// Served: it imports ../pkg/<variant>/duban.js. In the offline file the build prepends
// the wasm-bindgen glue and defines DUBAN_INLINE_API, and the page sends the wasm bytes.

let api = null;
/** The module's linear memory (its size is reported with each answer: it only grows, so
 * it is the peak the analyses so far have needed). */
let memory = null;

/** Rows per message when a Report goes back to the page: the page decodes each message
 * in its own task, so a report of 100 000 rows never blocks its main thread for long. */
const ROWS_PER_MESSAGE = 4000;

/** Loads and instantiates the wasm module named in the init message. */
async function loadModule(msg) {
  const inline = typeof DUBAN_INLINE_API === 'undefined' ? null : DUBAN_INLINE_API; // eslint-disable-line no-undef
  const mod = inline || (await import(msg.variant === 'full' ? '../pkg/full/duban.js' : '../pkg/core/duban.js'));
  const exports = msg.wasm ? mod.initSync({ module: msg.wasm }) : await mod.default();
  memory = (exports && exports.memory) || null;
  return mod;
}

/** Bytes of wasm memory in use now (the high-water mark), or null. */
function memoryBytes() {
  return memory ? memory.buffer.byteLength : null;
}

/** Posts an answer; a Report with many rows goes as row chunks first, then the rest. */
function answer(id, result, ms) {
  const rows = result && Array.isArray(result.rows) && result.rows.length > ROWS_PER_MESSAGE ? result.rows : null;
  if (rows) {
    for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) self.postMessage({ id, rows: rows.slice(i, i + ROWS_PER_MESSAGE) });
    result = { ...result, rows: [] };
  }
  self.postMessage({ id, ok: true, result, ms, memory: memoryBytes(), chunked: rows !== null });
}

/** Decodes text bytes with the encoding the core sniffed (utf-8, utf-16le/be, gb18030). */
function decodeWithLabel(bytes, label) {
  return new TextDecoder(label).decode(bytes);
}

/** Export formats and the module functions that make them (present once the core has exporters). */
const EXPORTERS = { csv: 'toCsv', html: 'toHtml', md: 'toMarkdown', xlsx: 'toXlsx' };

/** What the loaded module can do: its features and its export formats. */
function capabilities() {
  return {
    features: api.features(),
    exports: Object.keys(EXPORTERS).filter((f) => typeof api[EXPORTERS[f]] === 'function'),
  };
}

/** Runs an exporter; throws when this module lacks it. */
function runExport(format, report, source) {
  const fn = api[EXPORTERS[format]];
  if (typeof fn !== 'function') throw new Error(`this module cannot export ${format}`);
  return format === 'xlsx' ? fn(report, source ?? undefined) : fn(report);
}

/** Runs one operation against the loaded module. */
function runOp(msg) {
  switch (msg.op) {
    case 'analyzeText':
      return api.analyzeText(msg.text, msg.options);
    case 'analyzeBytes':
      return api.analyzeBytes(msg.bytes, msg.options);
    case 'sniff':
      return api.sniff(msg.bytes);
    case 'decode': {
      const label = api.sniff(msg.bytes);
      if (label === 'zip' || label === 'binary') return { label, text: null };
      return { label, text: decodeWithLabel(msg.bytes, label) };
    }
    case 'defaults':
      return api.defaultOptions();
    case 'features':
      return capabilities();
    case 'export':
      return runExport(msg.format, msg.report, msg.source);
    default:
      throw new Error(`unknown operation ${msg.op}`);
  }
}

/** Answers one message; errors go back as messages, never as uncaught exceptions. */
async function onMessage(event) {
  const msg = event.data;
  try {
    if (msg.op === 'init') {
      api = await loadModule(msg);
      self.postMessage({ id: msg.id, ok: true, result: capabilities() });
      return;
    }
    if (!api) throw new Error('the analysis module is not loaded');
    const started = performance.now();
    const result = runOp(msg);
    answer(msg.id, result, Math.round(performance.now() - started));
  } catch (err) {
    self.postMessage({ id: msg.id, ok: false, error: String((err && err.message) || err) });
  }
}

self.addEventListener('message', onMessage);

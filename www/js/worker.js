// The analysis worker: loads one wasm module ("core" or "full") and answers
// { id, op, ... } messages with { id, ok, result } or { id, ok: false, error }.
// Served: it imports ../pkg/<variant>/duban.js. In the offline file the build prepends
// the wasm-bindgen glue and defines DUBAN_INLINE_API, and the page sends the wasm bytes.

let api = null;

/** Loads and instantiates the wasm module named in the init message. */
async function loadModule(msg) {
  const inline = typeof DUBAN_INLINE_API === 'undefined' ? null : DUBAN_INLINE_API; // eslint-disable-line no-undef
  const mod = inline || (await import(msg.variant === 'full' ? '../pkg/full/duban.js' : '../pkg/core/duban.js'));
  if (msg.wasm) mod.initSync({ module: msg.wasm });
  else await mod.default();
  return mod;
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
    self.postMessage({ id: msg.id, ok: true, result, ms: Math.round(performance.now() - started) });
  } catch (err) {
    self.postMessage({ id: msg.id, ok: false, error: String((err && err.message) || err) });
  }
}

self.addEventListener('message', onMessage);

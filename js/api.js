// The API shared by the browser entry (index.js) and the Node entry (node.js): how an
// input reaches the wasm modules, and the exporters. The entries differ only in how
// they load the modules, so they pass in `load(name)`, which returns the initialised
// wasm-bindgen module "core" (text in, Report out) or "full" (also .docx/.xlsx bytes
// and the .xlsx exporter), or throws an Error saying how to make it available.
//
// Input routing (one place, so the entries cannot disagree):
//   string                  → core.analyzeText
//   bytes, sniffed "zip"    → full.analyzeBytes (.docx/.xlsx)
//   bytes, sniffed gb18030  → TextDecoder('gb18030') → core.analyzeText (the core has no
//                             GBK tables; browsers and Node ≥ 20 with full ICU do)
//   other bytes             → core.analyzeBytes (UTF-8/UTF-16 with BOM; errors for binary)

/** Turns what a caller may hand us (Uint8Array, ArrayBuffer, other views) into a Uint8Array, or null. */
function asBytes(input) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return null;
}

/** Decodes GB18030/GBK bytes with the platform decoder; the warning mirrors the core's. */
function decodeGb18030(bytes) {
  let decoder;
  try {
    decoder = new TextDecoder('gb18030');
  } catch {
    throw new Error('the text is GB18030/GBK, and this JavaScript runtime has no GB18030 decoder (Node needs full ICU)');
  }
  const text = decoder.decode(bytes);
  const bad = text.split('\uFFFD').length - 1;
  const warnings = [];
  if (bad > 0) {
    warnings.push({
      code: 'bad_encoding',
      message: `${bad} byte sequence(s) could not be decoded as gb18030 and show as \uFFFD`,
      line: null,
    });
  }
  return { text, warnings };
}

/**
 * Builds the API over a module loader.
 * @param {(name: 'core' | 'full') => any} load
 * @param {(name: 'core' | 'full') => boolean} loaded  whether a module is ready (no loading)
 */
export function makeApi(load, loaded) {
  /** The module that exports `name`: the core if it does, else the full module. */
  function exporter(name) {
    const core = load('core');
    if (typeof core[name] === 'function') return core[name];
    const full = load('full');
    if (typeof full[name] === 'function') return full[name];
    throw new Error(`${name} is not in this build of duban: its wasm modules do not export it`);
  }

  /** Analyses report text or a file's bytes and returns the Report. */
  function analyze(input, options) {
    const opts = options ?? undefined;
    if (typeof input === 'string') return load('core').analyzeText(input, opts);
    const bytes = asBytes(input);
    if (!bytes) throw new TypeError('analyze() takes a string or a Uint8Array');
    const core = load('core');
    const kind = core.sniff(bytes);
    if (kind === 'zip') return load('full').analyzeBytes(bytes, opts);
    if (kind === 'gb18030') {
      const { text, warnings } = decodeGb18030(bytes);
      const report = core.analyzeText(text, opts);
      report.warnings.unshift(...warnings);
      return report;
    }
    return core.analyzeBytes(bytes, opts);
  }

  /** What the bytes look like: utf-8, utf-16le, utf-16be, gb18030, zip or binary. */
  function sniff(input) {
    const bytes = asBytes(input);
    if (!bytes) throw new TypeError('sniff() takes a Uint8Array');
    return load('core').sniff(bytes);
  }

  /** The default options, with every rule spelt out. */
  function defaultOptions() {
    return load('core').defaultOptions();
  }

  /** The optional features loaded now: "files" once the full module is ready. */
  function features() {
    return loaded('full') ? ['files'] : [];
  }

  const toCsv = (report) => exporter('toCsv')(report);
  const toHtml = (report) => exporter('toHtml')(report);
  const toMarkdown = (report) => exporter('toMarkdown')(report);
  const toXlsx = (report, options) => exporter('toXlsx')(report, options?.source ?? undefined);
  // The Report is plain data already: JSON needs no wasm (and matches the CLI's --format json
  // up to number spelling, e.g. 1 vs 1.0).
  const toJson = (report) => JSON.stringify(report, null, 2);

  return { analyze, sniff, defaultOptions, features, toCsv, toHtml, toMarkdown, toXlsx, toJson };
}

/** The package version; a test checks it against package.json and the wasm modules. */
export const version = '0.1.0';

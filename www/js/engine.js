// The page's side of the analysis worker. Starts the "core" module at once and the
// "full" module (.docx/.xlsx, binary exports) only when asked; once "full" is up it
// answers everything. Works served over http and from the offline file (file://),
// where the worker is a Blob URL made from inlined source and the wasm bytes are
// passed in.

/** Reads a base64 data block that the offline build put into the page, or null. */
function inlineBlock(id) {
  const node = document.getElementById(id);
  if (!node) return null;
  const bin = atob(node.textContent.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** True in the single-file offline build. */
export function isOffline() {
  return document.getElementById('duban-wasm-core') !== null;
}

/** Starts a worker for a module variant and returns a request function for it. */
function spawn(variant) {
  let worker;
  let wasm = null;
  if (isOffline()) {
    const src = inlineBlock(`duban-worker-${variant}`);
    wasm = inlineBlock(`duban-wasm-${variant}`);
    if (!src || !wasm) throw new Error(`the ${variant} module is not in this file`);
    const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
    worker = new Worker(url); // classic: a module worker cannot start from blob: on file://
  } else {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  }
  const waiting = new Map();
  let next = 1;
  worker.addEventListener('message', (event) => {
    const { id, ok, result, error, ms, memory, rows, chunked } = event.data;
    const entry = waiting.get(id);
    if (!entry) return;
    if (rows) {
      // A chunk of a big Report's rows: each arrives (and is decoded) in its own task.
      (entry.rows ||= []).push(rows);
      return;
    }
    waiting.delete(id);
    if (ok && chunked) result.rows = [].concat(...(entry.rows || []));
    if (ok) entry.resolve({ result, ms, memory });
    else entry.reject(new Error(error));
  });
  worker.addEventListener('error', (event) => {
    for (const entry of waiting.values()) entry.reject(new Error(event.message || 'worker failed'));
    waiting.clear();
  });
  const request = (msg, transfer) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...msg, id }, transfer || []);
    });
  const ready = request({ op: 'init', variant, wasm }, wasm ? [wasm.buffer] : []);
  return { request, ready, terminate: () => worker.terminate() };
}

/** Creates the engine: analyze text or bytes, sniff/decode bytes, get defaults. */
export function createEngine() {
  let current = spawn('core');
  let full = null;

  /** Loads the full module (once) and makes it the one that answers. */
  async function ensureFull() {
    if (!full) {
      const candidate = spawn('full');
      full = candidate.ready.then(() => {
        const old = current;
        current = candidate;
        old.ready.then(() => old.terminate(), () => old.terminate());
        return candidate;
      });
      full.catch(() => {
        full = null;
      });
    }
    return full;
  }

  async function call(msg, transfer) {
    const worker = current;
    await worker.ready;
    return worker.request(msg, transfer);
  }

  return {
    ready: () => current.ready,
    ensureFull,
    analyzeText: (text, options) => call({ op: 'analyzeText', text, options }),
    analyzeBytes: async (bytes, options) => {
      await ensureFull();
      return call({ op: 'analyzeBytes', bytes, options });
    },
    decode: (bytes) => call({ op: 'decode', bytes }),
    /** Exports a report (csv, html, md; xlsx loads the full module first). */
    exportReport: async (format, report, source) => {
      if (format === 'xlsx') await ensureFull();
      return call({ op: 'export', format, report, source });
    },
    defaults: () => call({ op: 'defaults' }),
  };
}

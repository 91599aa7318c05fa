// duban for browsers and bundlers. Call `await init()` once (it fetches the core wasm
// module from beside this file), then `analyze()` and the exporters are synchronous.
// `.docx/.xlsx` input and `toXlsx` need the full module: `await init({ files: true })`.
//
// The `new URL('…', import.meta.url)` expressions are written out literally so that
// bundlers (Vite, webpack 5, Rollup with its URL plugin, esbuild with a loader) see the
// .wasm files and emit them; without a bundler the browser resolves them beside this file.

import initCore, { initSync as initCoreSync } from '../dist/pkg/core/duban.js';
import * as core from '../dist/pkg/core/duban.js';
import { makeApi } from './api.js';

export { version } from './api.js';

const modules = { core: null, full: null };

function load(name) {
  const m = modules[name];
  if (m) return m;
  if (name === 'core') throw new Error('duban is not initialised: call `await init()` first');
  throw new Error('this needs the full module (.docx/.xlsx, .xlsx export): call `await init({ files: true })` first');
}

const api = makeApi(load, (name) => modules[name] !== null);

/**
 * Loads the wasm modules. `options.core` / `options.full` may give where or what to load
 * (a URL, a Response, bytes or a WebAssembly.Module); `options.files` also loads the full
 * module. Safe to call more than once and concurrently.
 */
export async function init(options = {}) {
  if (!modules.core) {
    await initCore({ module_or_path: options.core ?? new URL('../dist/pkg/core/duban_bg.wasm', import.meta.url) });
    modules.core = core;
  }
  if ((options.files || options.full !== undefined) && !modules.full) {
    const full = await import('../dist/pkg/full/duban.js');
    await full.default({ module_or_path: options.full ?? new URL('../dist/pkg/full/duban_bg.wasm', import.meta.url) });
    modules.full = full;
  }
}

/**
 * Loads the core module synchronously from bytes or a compiled module you already hold
 * (e.g. a base64 blob in an offline page). The full module loads only through `init()`,
 * which also takes bytes: `await init({ full: bytes })`.
 */
export function initSync(options) {
  if (!options || options.core === undefined) throw new TypeError('initSync({ core }) needs the core wasm bytes or module');
  if (!modules.core) {
    initCoreSync({ module: options.core });
    modules.core = core;
  }
}

export const { analyze, sniff, defaultOptions, features, toCsv, toHtml, toMarkdown, toXlsx, toJson } = api;

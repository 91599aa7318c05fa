// duban for Node (server-side batch work): the wasm modules are read from the package
// directory with fs and instantiated synchronously on first use, so `analyze()` works
// without `init()`. `init()` exists so that code written for browsers runs unchanged;
// here it loads synchronously and returns a settled promise.

import fs from 'node:fs';
import * as core from '../dist/pkg/core/duban.js';
import * as full from '../dist/pkg/full/duban.js';
import { makeApi } from './api.js';

export { version } from './api.js';

const glue = { core, full };
const files = {
  core: new URL('../dist/pkg/core/duban_bg.wasm', import.meta.url),
  full: new URL('../dist/pkg/full/duban_bg.wasm', import.meta.url),
};
const modules = { core: null, full: null };

function load(name) {
  if (!modules[name]) {
    glue[name].initSync({ module: fs.readFileSync(files[name]) });
    modules[name] = glue[name];
  }
  return modules[name];
}

const api = makeApi(load, (name) => modules[name] !== null);

/** Loads the core module (and the full one with `{ files: true }`) now. Synchronous in Node. */
export function init(options = {}) {
  load('core');
  if (options.files) load('full');
  return Promise.resolve();
}

/** Loads the core module from bytes or a compiled module you hold (rarely needed in Node). */
export function initSync(options) {
  if (!options || options.core === undefined) throw new TypeError('initSync({ core }) needs the core wasm bytes or module');
  if (!modules.core) {
    core.initSync({ module: options.core });
    modules.core = core;
  }
}

export const { analyze, sniff, defaultOptions, features, toCsv, toHtml, toMarkdown, toXlsx, toJson } = api;

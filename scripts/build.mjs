#!/usr/bin/env node
// Builds the browser side into dist/:
//   dist/pkg/core/  the wasm module the page loads at once (no default features)
//   dist/pkg/full/  the module with .docx/.xlsx and binary exports (--features files),
//                   loaded only when a file is dropped or an export is asked for
//   dist/index.html, style.css, js/, sample/   the served page
//   dist/duban.html the single self-contained offline file (wasm as base64, JS and CSS
//                   inlined, a worker from a Blob URL, a CSP that allows no request)
// Installs what is missing first: the wasm32 target, and wasm-bindgen-cli at the
// version Cargo.lock pins.
//
// Usage: node scripts/build.mjs [--no-wasm] [--core-only]
//   --no-wasm    reuse dist/pkg from the last build (quick page-only rebuilds)
//   --core-only  skip the full module (the offline file then holds only the core)

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const WWW = path.join(ROOT, 'www');
const TARGET = 'wasm32-unknown-unknown';
const SAMPLE_NAME = 'fuling-2023h1.txt';
const VARIANTS = { core: [], full: ['--features', 'files'] };
const API_NAMES = ['initSync', 'analyzeText', 'analyzeBytes', 'sniff', 'defaultOptions', 'features', 'version'];
// The exporters, in the module once the core has them (the page enables its buttons then).
const OPTIONAL_API_NAMES = ['toCsv', 'toHtml', 'toMarkdown', 'toXlsx'];

/** Runs a command, streaming its output; throws when it fails. */
function run(cmd, args, options = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

/** A command's stdout, or null when it cannot run. */
function output(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The version of a package in Cargo.lock. */
function lockedVersion(name) {
  const lock = fs.readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8');
  const m = lock.match(new RegExp(`name = "${name}"\\nversion = "([^"]+)"`));
  if (!m) throw new Error(`${name} is not in Cargo.lock`);
  return m[1];
}

/** Installs the wasm32 target and the pinned wasm-bindgen-cli when missing. */
function ensureToolchain() {
  const installed = output('rustup', ['target', 'list', '--installed']);
  if (installed === null) console.warn('rustup not found; assuming the wasm32 target is installed');
  else if (!installed.split('\n').includes(TARGET)) run('rustup', ['target', 'add', TARGET]);
  const want = lockedVersion('wasm-bindgen');
  const have = output('wasm-bindgen', ['--version']);
  if (have !== `wasm-bindgen ${want}`) {
    console.log(`wasm-bindgen ${want} needed (have: ${have || 'none'})`);
    run('cargo', ['install', 'wasm-bindgen-cli', '--version', want]);
  }
}

/** Builds one wasm variant and runs wasm-bindgen on it into dist/pkg/<variant>. */
function buildWasm(variant) {
  run('cargo', ['build', '--lib', '--target', TARGET, '--profile', 'wasm', '--no-default-features', ...VARIANTS[variant]]);
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
  const wasm = path.join(targetDir, TARGET, 'wasm', 'duban.wasm');
  const out = path.join(DIST, 'pkg', variant);
  fs.rmSync(out, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--remove-name-section', '--remove-producers-section', '--out-dir', out, wasm]);
}

/** Finds the sample report: $DUBAN_SAMPLE, else the shared corpus beside the repo. */
function findSample() {
  const candidates = [
    process.env.DUBAN_SAMPLE,
    path.join(ROOT, '..', 'shared', 'corpus', SAMPLE_NAME),
    path.join(ROOT, '..', '..', 'shared', 'corpus', SAMPLE_NAME),
    path.join(ROOT, 'tests', 'corpus', SAMPLE_NAME),
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) || null;
}

/** Copies the page's files into dist/. */
function copyPage(sample) {
  for (const name of ['index.html', 'style.css']) fs.copyFileSync(path.join(WWW, name), path.join(DIST, name));
  fs.rmSync(path.join(DIST, 'js'), { recursive: true, force: true });
  fs.cpSync(path.join(WWW, 'js'), path.join(DIST, 'js'), { recursive: true });
  fs.mkdirSync(path.join(DIST, 'sample'), { recursive: true });
  if (sample) fs.copyFileSync(sample, path.join(DIST, 'sample', SAMPLE_NAME));
  else console.warn(`warning: ${SAMPLE_NAME} not found (set DUBAN_SAMPLE); the page opens empty`);
}

// ---- A small module joiner (not a bundler): the page's modules use only
// `import { a, b } from './x.js';` and `export function|const|let|class`, and their
// top-level names are unique, so joining them in dependency order is exact. Anything
// else is refused loudly rather than joined wrongly.

const IMPORT_RE = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';?[ \t]*\n/gm;
const DECL_RE = /^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm;

/** Reads a module and lists what it imports. */
function readModule(file) {
  const src = fs.readFileSync(file, 'utf8');
  const deps = [...src.matchAll(IMPORT_RE)].map((m) => path.resolve(path.dirname(file), m[2]));
  return { file, src, deps };
}

/** Removes import lines and `export` keywords; refuses other module syntax. */
function stripModuleSyntax(src, file) {
  let out = src.replace(IMPORT_RE, '');
  out = out.replace(/^export\s+(?=(?:async\s+)?(?:function|const|let|var|class)\b)/gm, '');
  out = out.replace(/^export\s*\{[^}]*\};?[ \t]*$/gm, '');
  const left = out.match(/^\s*(?:import|export)\b[^\n]*/m);
  if (left) throw new Error(`${path.relative(ROOT, file)}: cannot join "${left[0].trim()}"`);
  return out;
}

/** Throws when two joined sources declare the same top-level name. */
function checkNames(parts) {
  const seen = new Map();
  for (const { name: where, src } of parts) {
    for (const m of src.matchAll(DECL_RE)) {
      if (seen.has(m[1])) throw new Error(`top-level name ${m[1]} is declared in ${seen.get(m[1])} and ${where}`);
      seen.set(m[1], where);
    }
  }
}

/** Joins an entry module and everything it imports, dependencies first. */
function joinModules(entry) {
  const order = [];
  const state = new Map();
  const visit = (file) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'busy') throw new Error(`import cycle through ${path.relative(ROOT, file)}`);
    state.set(file, 'busy');
    const mod = readModule(file);
    mod.deps.forEach(visit);
    state.set(file, 'done');
    order.push(mod);
  };
  visit(entry);
  const parts = order.map((m) => ({ name: path.relative(ROOT, m.file), src: stripModuleSyntax(m.src, m.file) }));
  checkNames(parts);
  return parts.map((p) => `// ---- ${p.name}\n${p.src}`).join('\n');
}

/** The worker source for the offline file: the wasm-bindgen glue, the API, the worker
 * (a classic script). */
function workerSource(variant) {
  const gluePath = path.join(DIST, 'pkg', variant, 'duban.js');
  // A classic worker: Chromium will not start a module worker from a blob: URL on a
  // file:// page (opaque origin). The glue's only module-only syntax is import.meta.url,
  // used when init() fetches the wasm by URL, which the offline file never does.
  const glue = stripModuleSyntax(fs.readFileSync(gluePath, 'utf8'), gluePath).replaceAll('import.meta.url', 'self.location.href');
  if (/\bimport\.meta\b/.test(glue)) throw new Error(`${gluePath} uses import.meta beyond import.meta.url`);
  const worker = fs.readFileSync(path.join(WWW, 'js', 'worker.js'), 'utf8');
  const names = [...API_NAMES, ...OPTIONAL_API_NAMES.filter((n) => new RegExp(`\\bfunction ${n}\\(`).test(glue))];
  const api = `const DUBAN_INLINE_API = { ${names.join(', ')}, default: __wbg_init };\n`;
  checkNames([
    { name: `pkg/${variant}/duban.js`, src: glue },
    { name: 'js/worker.js', src: worker },
  ]);
  return `${glue}\n${api}\n${worker}`;
}

/** Base64 of a file or string. */
function b64(data) {
  return Buffer.from(data).toString('base64');
}

/** A non-executed data block holding base64. */
function dataBlock(id, data) {
  return `<script type="application/octet-stream" id="${id}">${b64(data)}</script>`;
}

/** Builds dist/duban.html from the served page, inlining everything. */
function buildOffline(sample, variants) {
  const script = `\n${joinModules(path.join(WWW, 'js', 'main.js'))}`;
  for (const bad of ['</script', '<!--']) {
    if (script.toLowerCase().includes(bad)) throw new Error(`the page script contains ${bad}, which cannot be inlined`);
  }
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}' 'wasm-unsafe-eval'`,
    'worker-src blob:',
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "connect-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const css = fs.readFileSync(path.join(WWW, 'style.css'), 'utf8');
  if (css.toLowerCase().includes('</style')) throw new Error('style.css contains </style');
  const blocks = [];
  for (const v of variants) {
    blocks.push(dataBlock(`duban-wasm-${v}`, fs.readFileSync(path.join(DIST, 'pkg', v, 'duban_bg.wasm'))));
    blocks.push(dataBlock(`duban-worker-${v}`, workerSource(v)));
  }
  if (sample) blocks.push(dataBlock('duban-sample', fs.readFileSync(sample)));
  let html = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');
  const swap = (pattern, replacement) => {
    if (!pattern.test(html)) throw new Error(`index.html has no ${pattern}`);
    html = html.replace(pattern, () => replacement);
  };
  swap(/<!-- Served page:[\s\S]*?-->\n/, '<!-- duban offline file: everything is inside; the policy below allows no network request. -->\n');
  swap(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  swap(/<link rel="stylesheet" href="style.css">/, `<style>\n${css}</style>`);
  swap(/<script type="module" src="js\/main.js"><\/script>/, `<script type="module">${script}</script>`);
  swap(/<\/body>/, `${blocks.join('\n')}\n</body>`);
  const file = path.join(DIST, 'duban.html');
  fs.writeFileSync(file, html);
  return file;
}

/** Prints raw and gzip sizes. */
function sizes(file) {
  const data = fs.readFileSync(file);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  return `${kb(data.length)} raw, ${kb(zlib.gzipSync(data, { level: 9 }).length)} gzip`;
}

function main() {
  const args = new Set(process.argv.slice(2));
  const variants = args.has('--core-only') ? ['core'] : ['core', 'full'];
  fs.mkdirSync(DIST, { recursive: true });
  if (!args.has('--no-wasm')) {
    ensureToolchain();
    for (const v of variants) buildWasm(v);
  }
  const sample = findSample();
  copyPage(sample);
  const offline = buildOffline(sample, variants.filter((v) => fs.existsSync(path.join(DIST, 'pkg', v, 'duban_bg.wasm'))));
  for (const v of variants) {
    const w = path.join(DIST, 'pkg', v, 'duban_bg.wasm');
    if (fs.existsSync(w)) console.log(`wasm ${v}: ${sizes(w)}`);
  }
  const digest = createHash('sha256').update(fs.readFileSync(offline)).digest('hex');
  console.log(`dist/duban.html: ${sizes(offline)}`);
  console.log(`dist/duban.html SHA-256: ${digest}`);
}

try {
  main();
} catch (err) {
  console.error(`build failed: ${err.message}`);
  process.exit(1);
}

#!/usr/bin/env node
// Benchmarks, side by side with the peers, in one run; writes BENCHMARKS.md.
//
//   native    cargo bench --bench pipeline (stage timings, MB/s, scaling, peak heap)
//   wasm      the shipped core module (dist/pkg/core) in headless Chromium, ×1…×1000,
//             against native as a ratio
//   grid      our input stage against Papa Parse on the same TSV in the same page
//   numbers   our quantities scanner (wasm, Node) against Microsoft Recognizers-Text
//   page      paste → painted table (served page), time to interactive (offline file)
//   payload   raw and gzip sizes of what a browser downloads
//
// Usage: npm run bench [-- --quick] [-- --out FILE]
//   --quick   a smoke run of every part on small inputs (seconds once built); writes
//             target/bench/BENCHMARKS.quick.md unless --out says otherwise, and exits
//             non-zero when a part fails or two sides disagree on what they counted.
//             Times are never checked: this machine's load decides them.
//
// The bench hooks (benchGrid, benchQuantities, …) come from a wasm variant built with the
// cargo feature `bench` into target/bench-pkg; the shipped modules never have them.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';
import { median, repeatTabcell, scalingExponent, timeMedian, toTsv } from './bench-inputs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const BENCH_PKG = path.join(ROOT, 'target', 'bench-pkg');
const BENCH_PKG_O3 = path.join(ROOT, 'target', 'bench-pkg-o3');
// As scripts/build.mjs ships its modules, so that sizes compare.
const STRIP = ['--remove-name-section', '--remove-producers-section'];
const TARGET = 'wasm32-unknown-unknown';
const SEED_NAME = 'fuling-2023h1.txt';
const CELL_SEP = '\u001f';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const outArg = args.indexOf('--out');
const OUT = outArg >= 0 && args[outArg + 1] ? path.resolve(args[outArg + 1]) : path.join(ROOT, QUICK ? 'target/bench/BENCHMARKS.quick.md' : 'BENCHMARKS.md');

// Sizes and repetitions. The full run takes its time; the quick one only proves each part works.
const SCALES = QUICK ? [1] : [1, 10, 100, 1000];
const TSV_TIMES = QUICK ? 1 : 100;
const PASTE_TIMES = QUICK ? [1] : [1, 100];
// Warm-up before each timing, so that V8 has tiered the hot wasm and JS up (the first
// calls run baseline code several times slower).
const WARM_MS = QUICK ? 100 : 1000;

const problems = [];

/** Logs progress to stderr (stdout stays for the summary). */
function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Runs a command; returns stdout; throws with its stderr when it fails. */
function run(cmd, cmdArgs, options = {}) {
  log(`$ ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed with exit code ${r.status}`);
  return r.stdout;
}

/** A command's first output line, or null when it cannot run. */
function version(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : null;
}

/** The seed report: $DUBAN_SAMPLE, else shared/corpus in the nearest ancestor that has it. */
function seedPath() {
  if (process.env.DUBAN_SAMPLE) return process.env.DUBAN_SAMPLE;
  for (let dir = path.dirname(ROOT); ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'shared', 'corpus', SEED_NAME);
    if (fs.existsSync(p)) return p;
    if (path.dirname(dir) === dir) throw new Error(`${SEED_NAME} not found: set DUBAN_SAMPLE`);
  }
}

/** An installed npm package's version. */
function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

const fmt = (x, digits = 2) => (x == null || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const mb = (bytes) => bytes / 1e6;
const mbps = (bytes, ms) => mb(bytes) / (ms / 1e3);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (a, b) => (a > 0 && b > 0 ? a / b : null);

// ---------------------------------------------------------------- building

/** Builds the page when missing (always in a full run) and the bench variant of the wasm. */
function build() {
  if (!QUICK || !fs.existsSync(path.join(DIST, 'duban.html')) || !fs.existsSync(path.join(DIST, 'pkg', 'core', 'duban_bg.wasm'))) {
    run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  // Same profile as the shipped modules, so that its stages run the code users get.
  run('cargo', ['build', '--lib', '--target', TARGET, '--profile', 'wasm', '--no-default-features', '--features', 'bench'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
  fs.rmSync(BENCH_PKG, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', ...STRIP, '--out-dir', BENCH_PKG, path.join(targetDir, TARGET, 'wasm', 'duban.wasm')]);
  if (QUICK) return;
  // The same at opt-level 3, to show what the shipped opt-level costs in speed.
  // Its own target dir, so that it does not evict the shipped profile's artefacts.
  const o3Dir = path.join(targetDir, 'bench-o3');
  run('cargo', ['build', '--lib', '--target', TARGET, '--profile', 'wasm', '--no-default-features', '--features', 'bench', '--target-dir', o3Dir], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CARGO_PROFILE_WASM_OPT_LEVEL: '3' },
  });
  fs.rmSync(BENCH_PKG_O3, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', ...STRIP, '--out-dir', BENCH_PKG_O3, path.join(o3Dir, TARGET, 'wasm', 'duban.wasm')]);
}

// ---------------------------------------------------------------- native

/** Runs the cargo bench and picks out its tables and the full-analysis lines. */
function native() {
  const env = { ...process.env, DUBAN_SAMPLE: seedPath() };
  if (QUICK) env.DUBAN_BENCH_QUICK = '1';
  const out = run('cargo', ['bench', '--quiet', '--bench', 'pipeline'], { env });
  const full = [];
  for (const m of out.matchAll(/^\| tab-cell seed ×(\d+) \| ([\d.]+) MB \| full analysis \| ([-\d.]+) \| ([-\d.]+) \|$/gm)) {
    full.push({ n: Number(m[1]), ms: Number(m[3]) });
  }
  const k = out.match(/k = ([-\d.]+)/);
  if (!full.length) problems.push('native: the cargo bench printed no full-analysis line');
  return { table: out.trim(), full, exponent: k ? Number(k[1]) : null };
}

// ---------------------------------------------------------------- Chromium

/** Serves the repository's dist/, the bench module, Papa Parse and the seed on 127.0.0.1,
 * cross-origin isolated so that performance.now() is fine-grained. */
function serve(seed, rowsJson) {
  const allowed = ['/dist/', '/target/bench-pkg/', '/node_modules/papaparse/', '/scripts/bench-inputs.mjs'];
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.txt': 'text/plain', '.json': 'application/json' };
  const virtual = {
    '/bench.html': ['text/html', BENCH_PAGE],
    '/seed.txt': ['text/plain', seed],
    '/seed.rows.json': ['application/json', rowsJson],
  };
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url || '/').split('?')[0]);
    const headers = { 'cache-control': 'no-cache', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    if (virtual[url]) {
      res.writeHead(200, { ...headers, 'content-type': `${virtual[url][0]}; charset=utf-8` }).end(virtual[url][1]);
      return;
    }
    const file = path.resolve(ROOT, `.${url.endsWith('/') ? `${url}index.html` : url}`);
    const inside = allowed.some((p) => url.startsWith(p)) && file.startsWith(ROOT + path.sep) && !url.includes('..');
    if (!inside || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` })));
}

// The page the wasm and grid benchmarks run in: both modules and Papa Parse, side by side.
const BENCH_PAGE = `<!doctype html><meta charset="utf-8"><title>duban bench</title>
<script src="/node_modules/papaparse/papaparse.min.js"></script>
<script type="module">
import initCore, * as core from '/dist/pkg/core/duban.js';
import initBench, * as bench from '/target/bench-pkg/duban.js';
import * as inputs from '/scripts/bench-inputs.mjs';
await initCore();
await initBench();
const seed = await (await fetch('/seed.txt')).text();
const rows = (await (await fetch('/seed.rows.json')).json()).rows;
Object.assign(window, { core, bench, inputs, seed, rows, benchReady: true });
</script>`;

/** Launches Chromium on a fresh profile. */
async function launch() {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1366, height: 768 } });
  return { ctx, profile };
}

/** Full analysis in the browser at each scale: the core module's analyzeText (what the
 * page and the npm package call: text in, Report objects out), the same analysis without
 * building JS objects (bench hook) and the string's crossing alone. */
async function wasmAnalysis(page) {
  const out = [];
  for (const n of SCALES) {
    log(`chromium: full analysis, seed ×${n}`);
    const runs = QUICK ? 3 : Math.max(3, Math.min(30, Math.round(300 / n)));
    try {
      out.push(
        await page.evaluate(
          ({ n, runs, warmMs }) => {
            const text = inputs.repeatTabcell(seed, n);
            const o = { warmMs };
            // analyzeText last: the Report objects it leaves behind are garbage that the
            // collector would otherwise clear while the other two are being timed.
            const pass = inputs.timeMedian(() => bench.benchPass(text), runs, o);
            const compute = inputs.timeMedian(() => bench.benchAnalyze(text), runs, o);
            const api = inputs.timeMedian(() => core.analyzeText(text, undefined).rows.length, runs, o);
            return { n, bytes: pass.value, runs, apiMs: api.ms, rows: api.value, computeMs: compute.ms, computeRows: compute.value, passMs: pass.ms };
          },
          { n, runs, warmMs: WARM_MS },
        ),
      );
    } catch (err) {
      problems.push(`chromium: full analysis of seed ×${n} failed: ${String(err.message || err).split('\n')[0]}`);
      out.push({ n, failed: true });
      break; // a bigger input would fail too (and the tab may be gone)
    }
  }
  return out;
}

/** Our grid stage against Papa Parse on the same TSV, in the same page. */
async function gridVsPapa(page) {
  log(`chromium: grid vs Papa Parse, TSV seed ×${TSV_TIMES}`);
  const runs = QUICK ? 3 : 15;
  return page.evaluate(
    ({ times, runs, warmMs }) => {
      const tsv = inputs.toTsv(rows).repeat(times);
      const papaCells = (r) => r.data.filter((row) => !(row.length === 1 && row[0] === '')).reduce((a, row) => a + row.length, 0);
      const cases = {
        oursTsv: () => bench.benchGrid(tsv, 'tsv'),
        oursDetect: () => bench.benchGrid(tsv, undefined),
        pass: () => bench.benchPass(tsv),
        papaTsv: () => papaCells(Papa.parse(tsv, { delimiter: '\t' })),
        papaDetect: () => papaCells(Papa.parse(tsv)),
      };
      const out = { chars: tsv.length };
      // Interleaved rounds, so that a burst of load on the machine hits both sides alike.
      const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
      for (const [k, f] of Object.entries(cases)) out[`${k}Count`] = inputs.timeMedian(f, 1, { warmMs }).value;
      for (let i = 0; i < runs; i++) {
        for (const [k, f] of Object.entries(cases)) samples[k].push(inputs.timeMedian(f, 1).ms);
      }
      for (const k of Object.keys(cases)) out[`${k}Ms`] = inputs.median(samples[k]);
      out.bytes = out.passCount;
      return out;
    },
    { times: TSV_TIMES, runs, warmMs: WARM_MS },
  );
}

/** Paste → painted rows on the served page, for the seed ×n. Completion is the page's
 * `data-analyses` counter on <body> (what the e2e tests wait on); painted is the first
 * task after the next animation frame. */
async function pasteToPaint(ctx, base) {
  const page = await ctx.newPage();
  await page.goto(`${base}dist/index.html`);
  await page.waitForFunction(() => Number(document.body.dataset.analyses || 0) > 0, null, { timeout: 60000 });
  const out = [];
  for (const n of PASTE_TIMES) {
    log(`chromium: paste → painted table, seed ×${n}`);
    const expectRows = await page.evaluate(async (n) => {
      const inputs = await import('/scripts/bench-inputs.mjs');
      const seed = await (await fetch('/seed.txt')).text();
      const rows = (await (await fetch('/seed.rows.json')).json()).rows;
      window.__pasteText = inputs.repeatTabcell(seed, n);
      return rows.length * n;
    }, n);
    const runs = QUICK ? 1 : n >= 100 ? 5 : 9;
    const times = [];
    let shown = null;
    for (let i = 0; i < runs + 1; i++) {
      const ms = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const before = Number(document.body.dataset.analyses || 0);
            const input = document.getElementById('input');
            const dt = new DataTransfer();
            dt.setData('text/plain', window.__pasteText);
            input.focus();
            input.select();
            let t0 = 0;
            const seen = new MutationObserver(() => {
              if (Number(document.body.dataset.analyses || 0) <= before) return;
              seen.disconnect();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
            });
            seen.observe(document.body, { attributes: true, attributeFilter: ['data-analyses'] });
            t0 = performance.now();
            input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
          }),
      );
      if (i > 0 || runs === 1) times.push(ms); // the first paste warms the worker up
      shown = await page.evaluate(() => Number(document.querySelector('.tile[data-kind="rows"]')?.dataset.count));
    }
    if (shown !== expectRows) problems.push(`paste seed ×${n}: the page shows ${shown} rows, the corpus has ${expectRows}`);
    out.push({ n, ms: median(times), runs: times.length, rows: shown });
  }
  await page.close();
  return out;
}

/** Time to interactive of the offline file from file://: navigation start to the first
 * task after the frame that follows the sample's report, on fresh tabs. */
async function offlineTti(ctx) {
  log('chromium: offline file time to interactive');
  await ctx.addInitScript(() => {
    if (location.protocol !== 'file:') return;
    const seen = new MutationObserver(() => {
      if (!document.body || Number(document.body.dataset.analyses || 0) < 1) return;
      seen.disconnect();
      requestAnimationFrame(() => setTimeout(() => (window.__dubanTti = performance.now()), 0));
    });
    seen.observe(document, { attributes: true, subtree: true, attributeFilter: ['data-analyses'] });
  });
  const url = pathToFileURL(path.join(DIST, 'duban.html')).href;
  const times = [];
  for (let i = 0; i < (QUICK ? 1 : 7); i++) {
    const page = await ctx.newPage();
    await page.goto(url);
    times.push(await page.waitForFunction(() => window.__dubanTti, null, { timeout: 60000 }).then((h) => h.jsonValue()));
    await page.close();
  }
  return { first: times[0], ms: median(times), runs: times.length };
}

async function browser(seed, rowsJson) {
  const { server, base } = await serve(seed, rowsJson);
  const { ctx, profile } = await launch();
  try {
    const page = ctx.pages()[0] || (await ctx.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}bench.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60000 });
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    // The grid first: the largest analysis may take the tab down with it.
    const grid = await gridVsPapa(page);
    const wasm = await wasmAnalysis(page);
    await page.close().catch(() => {});
    const paste = await pasteToPaint(ctx, base);
    const tti = await offlineTti(ctx);
    if (errors.length) problems.push(`bench page errors: ${errors.join('; ')}`);
    return { isolated, wasm, grid, paste, tti };
  } finally {
    await ctx.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- quantities (Node)

/** Recognizers-Text's quantities in a cell: percent, currency and dimension results, then
 * plain numbers not inside one of those; as { text, number, unit, start, end (exclusive) }. */
function peerQuantities(models, cell) {
  const withUnit = [...models.percent.parse(cell), ...models.currency.parse(cell), ...models.dimension.parse(cell)].filter((r) => r.resolution && r.resolution.value != null);
  const overlaps = (a, b) => a.start <= b.end && b.start <= a.end;
  const kept = [];
  for (const r of withUnit) if (!kept.some((k) => overlaps(k, r))) kept.push(r);
  for (const r of models.number.parse(cell)) if (!kept.some((k) => overlaps(k, r))) kept.push(r);
  return kept
    .sort((a, b) => a.start - b.start)
    .map((r) => ({
      text: r.text,
      number: Number.parseFloat(String(r.resolution.value)),
      unit: r.resolution.unit || (r.typeName === 'percentage' ? '%' : ''),
      start: r.start,
      end: r.end + 1,
    }));
}

/** Pairs two lists of quantities: same value, overlapping text. */
function matchQuantities(ours, theirs) {
  const used = new Set();
  let matched = 0;
  for (const o of ours) {
    const i = theirs.findIndex((t, j) => !used.has(j) && o.start < t.end && t.start < o.end && Math.abs(o.number - t.number) <= 1e-9 * Math.max(1, Math.abs(o.number)));
    if (i >= 0) {
      used.add(i);
      matched++;
    }
  }
  return { matched, oursOnly: ours.length - matched, theirsOnly: theirs.length - matched };
}

async function quantities(rows) {
  log('node: quantities, ours (wasm) vs Recognizers-Text');
  const { benchQuantities, benchQuantitiesJson, benchPass } = await loadBenchModule(BENCH_PKG);
  const N = (await import('@microsoft/recognizers-text-number')).default;
  const U = (await import('@microsoft/recognizers-text-number-with-unit')).default;
  let cells = rows.flatMap((r) => [r.task, r.status]).filter((c) => c.trim());
  if (QUICK) cells = cells.slice(0, 20);
  const joined = cells.join(CELL_SEP);

  let t = performance.now();
  const numberRecognizer = new N.NumberRecognizer(N.Culture.Chinese);
  const unitRecognizer = new U.NumberWithUnitRecognizer(N.Culture.Chinese);
  const models = {
    number: numberRecognizer.getNumberModel(),
    percent: numberRecognizer.getPercentageModel(),
    currency: unitRecognizer.getCurrencyModel(),
    dimension: unitRecognizer.getDimensionModel(),
  };
  const peerSetupMs = performance.now() - t;

  const oursTime = timeMedian(() => benchQuantities(joined), QUICK ? 5 : 31, { warmMs: WARM_MS });
  const passTime = timeMedian(() => benchPass(joined), QUICK ? 5 : 31, { warmMs: WARM_MS });
  // Recognizers-Text compiles its regular expressions on first use: the warm-up call pays that.
  const peerTime = timeMedian(() => cells.reduce((a, c) => a + peerQuantities(models, c).length, 0), QUICK ? 1 : 5);

  const oursLists = JSON.parse(benchQuantitiesJson(joined));
  const peerLists = cells.map((c) => peerQuantities(models, c));
  const total = { matched: 0, oursOnly: 0, theirsOnly: 0, agreeCells: 0 };
  const disagree = [];
  cells.forEach((cell, i) => {
    const m = matchQuantities(oursLists[i] || [], peerLists[i]);
    total.matched += m.matched;
    total.oursOnly += m.oursOnly;
    total.theirsOnly += m.theirsOnly;
    if (m.oursOnly === 0 && m.theirsOnly === 0) total.agreeCells++;
    else disagree.push(i);
  });
  // Ten disagreements spread over the report, short cells first so that they can be read.
  const short = disagree.filter((i) => cells[i].length <= 160);
  const pool = short.length >= 10 ? short : disagree;
  const step = pool.length / Math.min(10, pool.length);
  const sample = Array.from({ length: Math.min(10, pool.length) }, (_, k) => pool[Math.floor(k * step)]).map((i) => ({
    cell: cells[i],
    ours: oursLists[i] || [],
    theirs: peerLists[i],
  }));
  const oursCount = oursLists.reduce((a, l) => a + l.length, 0);
  if (oursCount !== oursTime.value) problems.push(`quantities: the count hook says ${oursTime.value}, the JSON hook lists ${oursCount}`);
  return {
    cells: cells.length,
    chars: joined.length,
    oursMs: oursTime.ms,
    passMs: passTime.ms,
    peerMs: peerTime.ms,
    peerRuns: peerTime.runs,
    peerSetupMs,
    oursCount,
    peerCount: peerLists.reduce((a, l) => a + l.length, 0),
    ...total,
    sample,
  };
}

// ---------------------------------------------------------------- size against speed (Node)

/** Loads a bench module (wasm-bindgen --target web output) in Node. */
async function loadBenchModule(dir) {
  const m = await import(pathToFileURL(path.join(dir, 'duban.js')).href);
  m.initSync({ module: fs.readFileSync(path.join(dir, 'duban_bg.wasm')) });
  return m;
}

/** The opt-level of `[profile.wasm]` in Cargo.toml (what the shipped modules are built with). */
function shippedOptLevel() {
  const toml = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[profile\.wasm\]\s*$/m)[1]?.split(/^\[/m)[0] || '';
  return (section.match(/^opt-level\s*=\s*"?([0-3sz])"?/m) || [])[1] || '3';
}

/** The bench module as shipped against the same at opt-level 3, in Node. */
async function optLevels(seed, rows) {
  log(`node: opt-level ${shippedOptLevel()} against opt-level 3`);
  const cells = rows.flatMap((r) => [r.task, r.status]).filter((c) => c.trim()).join(CELL_SEP);
  const tsv = toTsv(rows).repeat(TSV_TIMES);
  const out = [];
  for (const [level, dir] of [[shippedOptLevel(), BENCH_PKG], ['3', BENCH_PKG_O3]]) {
    const m = await loadBenchModule(dir);
    const wasm = fs.readFileSync(path.join(dir, 'duban_bg.wasm'));
    const o = { warmMs: WARM_MS };
    out.push({
      level,
      raw: wasm.length,
      gz: zlib.gzipSync(wasm, { level: 9 }).length,
      analyzeMs: timeMedian(() => m.benchAnalyze(seed), 31, o).ms,
      quantitiesMs: timeMedian(() => m.benchQuantities(cells), 31, o).ms,
      gridMs: timeMedian(() => m.benchGrid(tsv, 'tsv'), 15, o).ms,
    });
  }
  return out;
}

// ---------------------------------------------------------------- payload

function payload() {
  const sizes = (files) => {
    const data = files.map((f) => fs.readFileSync(f));
    const raw = data.reduce((a, d) => a + d.length, 0);
    const gz = data.reduce((a, d) => a + zlib.gzipSync(d, { level: 9 }).length, 0);
    return { raw, gz, files: files.length };
  };
  const jsFiles = fs.readdirSync(path.join(DIST, 'js')).filter((f) => f.endsWith('.js')).map((f) => path.join(DIST, 'js', f));
  const items = [
    ['core wasm (dist/pkg/core/duban_bg.wasm)', [path.join(DIST, 'pkg/core/duban_bg.wasm')]],
    ['full wasm (dist/pkg/full/duban_bg.wasm)', [path.join(DIST, 'pkg/full/duban_bg.wasm')]],
    ['wasm-bindgen glue (dist/pkg/core/duban.js)', [path.join(DIST, 'pkg/core/duban.js')]],
    [`page JS (dist/js/*.js, ${jsFiles.length} files, each gzipped alone)`, jsFiles],
    ['CSS (dist/style.css)', [path.join(DIST, 'style.css')]],
    ['page HTML (dist/index.html)', [path.join(DIST, 'index.html')]],
    ['offline file (dist/duban.html, everything inlined)', [path.join(DIST, 'duban.html')]],
  ];
  return items.filter(([, files]) => files.every((f) => fs.existsSync(f))).map(([name, files]) => ({ name, ...sizes(files) }));
}

// ---------------------------------------------------------------- report

/** The 1, 5 and 15 minute load averages. */
function loadAverage() {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = (cpuinfo.match(/^model name\s*:\s*(.+)$/m) || [])[1] || os.cpus()[0]?.model || 'unknown';
  const meminfo = fs.existsSync('/proc/meminfo') ? fs.readFileSync('/proc/meminfo', 'utf8') : '';
  const memKb = Number((meminfo.match(/^MemTotal:\s*(\d+)/m) || [])[1] || os.totalmem() / 1024);
  return {
    nproc: version('nproc', []) || String(os.availableParallelism()),
    cpu: model.trim(),
    memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    load: loadAverage(),
  };
}

function versions() {
  return {
    rustc: version('rustc', ['--version']),
    node: process.version,
    chromium: version(CHROMIUM, ['--version']),
    'wasm-bindgen': version('wasm-bindgen', ['--version']),
    'playwright-core': packageVersion('playwright-core'),
    papaparse: packageVersion('papaparse'),
    '@microsoft/recognizers-text-number': packageVersion('@microsoft/recognizers-text-number'),
    '@microsoft/recognizers-text-number-with-unit': packageVersion('@microsoft/recognizers-text-number-with-unit'),
  };
}

const cellText = (s) => s.replaceAll('|', '\\|').replaceAll('\n', ' ⏎ ');
const showQuantities = (list) => (list.length ? list.map((q) => `${q.text} → ${q.number}${q.unit ? ` ${q.unit}` : ''}`).join('; ') : '(none)');
const met = (ok) => (ok == null ? 'not measured' : ok ? '**met**' : '**not met**');

function report(r) {
  const L = [];
  const p = (s = '') => L.push(s);
  p('# Benchmarks');
  p();
  p(`Generated by \`npm run bench\` (scripts/bench.mjs) on ${r.date}${QUICK ? ' — **quick smoke run: small inputs, numbers not meaningful**' : ''}.`);
  p('Do not edit by hand: rerun it. It builds dist/ (scripts/build.mjs) and a wasm variant with the');
  p('cargo feature `bench` (hooks that time one stage at a time; never shipped) into target/bench-pkg,');
  p('then runs the native bench, headless Chromium and Node, all in this one run.');
  p('Medians over repeated runs. The machine is shared (see the load average), so');
  p('absolute times move from run to run; the ratios, taken in the same run, move less.');
  p(`This run took ${(r.elapsedMs / 60000).toFixed(1)} minutes.`);
  p();
  p('| machine | |');
  p('|---|---|');
  p(`| CPUs (nproc) | ${r.machine.nproc} |`);
  p(`| CPU model | ${r.machine.cpu} |`);
  p(`| memory | ${r.machine.memory} |`);
  p(`| load average at the start and at the end (1, 5, 15 min) | ${r.loadAtStart}; ${r.machine.load} |`);
  p(`| commit | ${r.commit} |`);
  for (const [k, v] of Object.entries(r.versions)) p(`| ${k} | ${v ?? 'not found'} |`);
  p();

  // Goals.
  const nat = r.native.full;
  const wasmSeed = r.browser?.wasm.find((w) => w.n === 1 && !w.failed);
  const minNative = nat.length ? Math.min(...nat.map((f) => mbps(r.sizes[f.n], f.ms))) : null;
  const g = r.browser?.grid;
  const gridRatio = g ? ratio(g.oursTsvMs, g.papaTsvMs) : null;
  const qSpeed = r.quantities ? ratio(r.quantities.peerMs, r.quantities.oursMs) : null;
  const coreWasm = r.payload.find((x) => x.name.startsWith('core wasm'));
  p('## Goals');
  p();
  p('| goal | measured | |');
  p('|---|---|---|');
  p(`| native full analysis ≥ 100 MB/s at every size | slowest: ${fmt(minNative, 0)} MB/s | ${met(minNative == null ? null : minNative >= 100)} |`);
  p(`| native scaling exponent ≈ 1 (0.9–1.1) | k = ${fmt(r.native.exponent, 3)} | ${met(r.native.exponent == null ? null : Math.abs(r.native.exponent - 1) <= 0.1)} |`);
  p(`| the seed in Chromium ≤ 2 ms median (core module, analyzeText) | ${fmt(wasmSeed?.apiMs, 3)} ms | ${met(wasmSeed ? wasmSeed.apiMs <= 2 : null)} |`);
  p(`| grid stage / Papa Parse ≤ 1.0 (TSV seed ×${TSV_TIMES}) | ${fmt(gridRatio, 2)} | ${met(gridRatio == null ? null : gridRatio <= 1)} |`);
  p(`| quantities ≥ 1000× faster than Recognizers-Text | ${fmt(qSpeed, 0)}× | ${met(qSpeed == null ? null : qSpeed >= 1000)} |`);
  p(`| core wasm ≤ 200 KB gzip | ${coreWasm ? kb(coreWasm.gz) : '–'} | ${met(coreWasm ? coreWasm.gz <= 200 * 1024 : null)} |`);
  p();

  // Native vs wasm.
  p('## Full analysis: native and in Chromium (wasm)');
  p();
  p('Native: `cargo bench --bench pipeline`, `duban::analyze` (release build). Chromium: the shipped');
  p(`core module (dist/pkg/core, opt-level "${shippedOptLevel()}") on a page; \`analyzeText\` is what the page and the`);
  p('npm package call, Report objects included; "wasm compute" is the same analysis from the bench');
  p('module without building JS objects (returns the row count); "string in" is an empty call taking');
  p('the same string (the UTF-16 → UTF-8 copy across the boundary, included in both).');
  p();
  p('| input | size | native ms | native MB/s | analyzeText ms | MB/s | wasm/native | wasm compute ms | compute/native | string in ms | runs |');
  p('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of SCALES) {
    const f = nat.find((x) => x.n === n);
    const w = r.browser?.wasm.find((x) => x.n === n);
    const size = r.sizes[n];
    const cells = [
      `tab-cell seed ×${n}`,
      `${fmt(mb(size))} MB`,
      fmt(f?.ms, 3),
      f ? fmt(mbps(size, f.ms), 0) : '–',
      w && !w.failed ? fmt(w.apiMs, 3) : w?.failed ? 'failed' : '–',
      w && !w.failed ? fmt(mbps(size, w.apiMs), 0) : '–',
      w && !w.failed && f ? fmt(ratio(w.apiMs, f.ms), 2) : '–',
      w && !w.failed ? fmt(w.computeMs, 3) : '–',
      w && !w.failed && f ? fmt(ratio(w.computeMs, f.ms), 2) : '–',
      w && !w.failed ? fmt(w.passMs, 3) : '–',
      w && !w.failed ? w.runs : '–',
    ];
    p(`| ${cells.join(' | ')} |`);
  }
  const okWasm = (r.browser?.wasm || []).filter((w) => !w.failed);
  p();
  p(`Scaling exponent (time ∝ size^k): native k = ${fmt(r.native.exponent, 3)}; Chromium analyzeText k = ${fmt(scalingExponent(okWasm.map((w) => [r.sizes[w.n], w.apiMs])), 3)}, wasm compute k = ${fmt(scalingExponent(okWasm.map((w) => [r.sizes[w.n], w.computeMs])), 3)}.`);
  if (r.browser && !r.browser.isolated) p('(The page was not cross-origin isolated: browser times are coarse, 0.1 ms.)');
  p();

  // Grid vs Papa.
  if (g) {
    p(`## Grid stage vs Papa Parse (same page, TSV seed ×${TSV_TIMES}, ${fmt(mb(g.bytes))} MB UTF-8)`);
    p();
    p('The same Excel-style TSV (CRLF, quoted cells with line breaks). Ours: the input stage alone');
    p('(`benchGrid`: cells built in wasm memory, the cell count returned). Papa Parse: `Papa.parse`,');
    p('which builds JS string arrays. Rounds interleave the two sides.');
    p();
    p('| | ours ms | Papa ms | ours/Papa | ours cells | Papa cells |');
    p('|---|---:|---:|---:|---:|---:|');
    p(`| format given (ours \`tsv\`, Papa \`delimiter: '\\t'\`) | ${fmt(g.oursTsvMs, 2)} | ${fmt(g.papaTsvMs, 2)} | ${fmt(ratio(g.oursTsvMs, g.papaTsvMs), 2)} | ${g.oursTsvCount} | ${g.papaTsvCount} |`);
    p(`| format detected | ${fmt(g.oursDetectMs, 2)} | ${fmt(g.papaDetectMs, 2)} | ${fmt(ratio(g.oursDetectMs, g.papaDetectMs), 2)} | ${g.oursDetectCount} | ${g.papaDetectCount} |`);
    p(`| of ours: the string crossing alone (empty call) | ${fmt(g.passMs, 2)} | | ${fmt(ratio(g.passMs, g.papaTsvMs), 2)} | | |`);
    p(`| ours without the crossing | ${fmt(g.oursTsvMs - g.passMs, 2)} | ${fmt(g.papaTsvMs, 2)} | ${fmt(ratio(g.oursTsvMs - g.passMs, g.papaTsvMs), 2)} | | |`);
    p();
  }

  // Quantities.
  const q = r.quantities;
  if (q) {
    p('## Quantities vs Microsoft Recognizers-Text (Node)');
    p();
    p(`The seed's task and status cells (${q.cells} cells, ${q.chars} characters). Ours: \`numbers::quantities\``);
    p('over every cell in the bench wasm module (one call, cells joined by U+001F, string copy included).');
    p('Recognizers-Text, Culture Chinese: NumberRecognizer number and percentage models,');
    p('NumberWithUnitRecognizer currency and dimension models on each cell; a plain number inside a');
    p('percent/currency/dimension result is not counted again. Two quantities agree when their values');
    p('are equal and their texts overlap.');
    p();
    p('| | ours | Recognizers-Text | ratio |');
    p('|---|---:|---:|---:|');
    p(`| median ms, all cells | ${fmt(q.oursMs, 3)} | ${fmt(q.peerMs, 1)} (${q.peerRuns} runs) | ours ${fmt(ratio(q.peerMs, q.oursMs), 0)}× faster |`);
    p(`| of which string crossing | ${fmt(q.passMs, 3)} | | |`);
    p(`| model construction (once) | – | ${fmt(q.peerSetupMs, 1)} ms | |`);
    p(`| quantities found | ${q.oursCount} | ${q.peerCount} | |`);
    p(`| found by both (same value, overlapping text) | ${q.matched} | ${q.matched} | |`);
    p(`| found by one side only | ${q.oursOnly} | ${q.theirsOnly} | |`);
    p(`| cells where both find the same | ${q.agreeCells} of ${q.cells} | | |`);
    p();
    if (q.sample.length) {
      p('Ten cells where the two disagree (`text → value unit`):');
      p();
      p('| cell | ours | Recognizers-Text |');
      p('|---|---|---|');
      for (const s of q.sample) p(`| ${cellText(s.cell)} | ${cellText(showQuantities(s.ours))} | ${cellText(showQuantities(s.theirs))} |`);
      p();
    }
  }

  // Page.
  if (r.browser) {
    p('## The page in Chromium');
    p();
    p('Paste: a synthetic paste event of the text on the served page (dist/index.html), from');
    p('dispatching it to the first task after the animation frame that follows the page\'s completion');
    p('signal (`<body data-analyses>` counting up, what the e2e tests wait on); the analysis runs in');
    p('the page\'s worker. Median of repeated pastes after a warm-up paste. Offline file: dist/duban.html');
    p('from file:// on a fresh tab, from navigation start to the same point for the built-in sample.');
    p();
    p('| | size | median ms | runs | rows shown |');
    p('|---|---:|---:|---:|---:|');
    for (const x of r.browser.paste) p(`| paste → painted table, seed ×${x.n} | ${fmt(mb(r.sizes[x.n]))} MB | ${fmt(x.ms, 1)} | ${x.runs} | ${x.rows} |`);
    p(`| offline file: time to interactive (first tab: ${fmt(r.browser.tti.first, 0)} ms) | ${fmt(mb(r.payload.find((x) => x.name.startsWith('offline'))?.raw || 0))} MB | ${fmt(r.browser.tti.ms, 1)} | ${r.browser.tti.runs} | |`);
    p();
  }

  if (r.opt) {
    const [z, o3] = r.opt;
    p(`## Size against speed: opt-level "${z.level}" (shipped) and opt-level 3 (Node)`);
    p();
    p(`The bench module built twice, as shipped (\`[profile.wasm] opt-level = "${z.level}"\`) and with`);
    p('`CARGO_PROFILE_WASM_OPT_LEVEL=3`; the same hooks timed in Node (sizes include the hooks).');
    p();
    p(`| | opt-level "${z.level}" (shipped) | opt-level 3 | ${z.level} / 3 |`);
    p('|---|---:|---:|---:|');
    p(`| wasm size, gzip (raw) | ${kb(z.gz)} (${kb(z.raw)}) | ${kb(o3.gz)} (${kb(o3.raw)}) | ${fmt(z.gz / o3.gz, 2)} |`);
    p(`| full analysis of the seed, ms (no JS objects) | ${fmt(z.analyzeMs, 3)} | ${fmt(o3.analyzeMs, 3)} | ${fmt(ratio(z.analyzeMs, o3.analyzeMs), 2)} |`);
    p(`| quantities in the task/status cells, ms | ${fmt(z.quantitiesMs, 3)} | ${fmt(o3.quantitiesMs, 3)} | ${fmt(ratio(z.quantitiesMs, o3.quantitiesMs), 2)} |`);
    p(`| grid of the TSV seed ×${TSV_TIMES}, ms | ${fmt(z.gridMs, 2)} | ${fmt(o3.gridMs, 2)} | ${fmt(ratio(z.gridMs, o3.gridMs), 2)} |`);
    p();
  }

  p('## Payload (gzip: node zlib, level 9)');
  p();
  p('| file | raw | gzip |');
  p('|---|---:|---:|');
  for (const x of r.payload) p(`| ${x.name} | ${kb(x.raw)} | ${kb(x.gz)} |`);
  p();

  p('## Native stages (`cargo bench --bench pipeline`)');
  p();
  p(r.native.table);
  p();
  if (r.problems.length) {
    p('## Problems in this run');
    p();
    for (const x of r.problems) p(`- ${x}`);
    p();
  }
  return L.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const started = performance.now();
  const loadAtStart = loadAverage();
  const seedFile = seedPath();
  const seed = fs.readFileSync(seedFile, 'utf8');
  const rowsJson = fs.readFileSync(seedFile.replace(/\.txt$/, '.rows.json'), 'utf8');
  const rows = JSON.parse(rowsJson).rows;
  const sizes = Object.fromEntries([...new Set([...SCALES, ...PASTE_TIMES])].map((n) => [n, Buffer.byteLength(repeatTabcell(seed, n))]));

  build();
  const nat = native();
  let browserResults = null;
  try {
    browserResults = await browser(seed, rowsJson);
  } catch (err) {
    problems.push(`chromium: ${String(err.message || err).split('\n')[0]}`);
  }
  let q = null;
  try {
    q = await quantities(rows);
  } catch (err) {
    problems.push(`quantities: ${String(err.message || err).split('\n')[0]}`);
  }
  let opt = null;
  if (!QUICK) {
    try {
      opt = await optLevels(seed, rows);
    } catch (err) {
      problems.push(`opt-levels: ${String(err.message || err).split('\n')[0]}`);
    }
  }
  const b = browserResults;
  if (b) {
    for (const w of b.wasm.filter((x) => !x.failed)) {
      if (w.rows !== w.computeRows || w.rows !== rows.length * w.n) problems.push(`chromium seed ×${w.n}: analyzeText gives ${w.rows} rows, the bench hook ${w.computeRows}, the corpus ${rows.length * w.n}`);
      if (w.bytes !== sizes[w.n]) problems.push(`chromium seed ×${w.n}: ${w.bytes} bytes in the page, ${sizes[w.n]} in Node`);
    }
    const g = b.grid;
    if (g.oursTsvCount !== g.papaTsvCount) problems.push(`grid: ours reads ${g.oursTsvCount} cells from the TSV, Papa Parse ${g.papaTsvCount}`);
  }
  const result = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: machine(),
    versions: versions(),
    commit: version('git', ['rev-parse', '--short', 'HEAD']) + (version('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!BENCHMARKS.md']) ? ' (with uncommitted changes)' : ''),
    sizes,
    native: nat,
    browser: b,
    quantities: q,
    opt,
    payload: payload(),
    problems,
    loadAtStart,
    elapsedMs: performance.now() - started,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const text = report(result);
  fs.writeFileSync(OUT, `${text}\n`);
  console.log(text.slice(text.indexOf('## Goals'), text.indexOf('## Full analysis')).trim());
  log(`wrote ${path.relative(ROOT, OUT)} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
  for (const x of problems) console.error(`problem: ${x}`);
  if (problems.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`bench failed: ${err.stack || err}`);
  process.exit(1);
});

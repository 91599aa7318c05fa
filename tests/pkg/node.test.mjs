// The packed tarball, installed offline into a fresh project, analyses the seed in Node
// exactly as the native core does.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { before, test } from 'node:test';
import { ROOT, lightCounts, nativeCli, nativeReport, packAndInstall, runInConsumer, seedPath, seedRows } from './helpers.mjs';

let pkg;
let native;

before(() => {
  pkg = packAndInstall();
  native = nativeReport(seedPath());
  const kb = (pkg.size / 1024).toFixed(1);
  console.log(`# tarball ${path.basename(pkg.tarball)}: ${kb} KB, ${pkg.files.length} files`);
});

/** Runs `body` (an async function body with `duban`, `fs` and `seed` in scope) in the consumer. */
function inConsumer(body) {
  const src = `import * as duban from 'duban';
import fs from 'node:fs';
const seed = ${JSON.stringify(seedPath())};
const result = await (async () => { ${body} })();
process.stdout.write(JSON.stringify(result));
`;
  return runInConsumer(pkg.dir, src);
}

test('the tarball holds the entries, the types and both wasm modules, and nothing from the Rust tree', () => {
  for (const f of ['package.json', 'js/index.js', 'js/node.js', 'js/api.js', 'js/element.js', 'types/index.d.ts', 'types/element.d.ts', 'dist/pkg/core/duban.js', 'dist/pkg/core/duban_bg.wasm', 'dist/pkg/full/duban.js', 'dist/pkg/full/duban_bg.wasm']) {
    assert.ok(pkg.files.includes(f), `${f} is not in the tarball`);
  }
  const stray = pkg.files.filter((f) => /^(src|target|tests|www|scripts|fuzz|benches)\//.test(f) || f.endsWith('.rs'));
  assert.deepEqual(stray, []);
});

test('analyze(seed text) in Node gives the rows and lights of the native core', () => {
  const got = inConsumer(`
    const r = duban.analyze(fs.readFileSync(seed, 'utf8'));
    return { counts: Object.fromEntries(['red','yellow','green','none'].map(l => [l, r.rows.filter(x => x.light === l).length])),
             rows: r.rows.length, units: r.units, period: r.period, tasks: r.rows.map(x => x.task), flags: r.rows.map(x => x.flags.map(f => f.code)) };`);
  const want = lightCounts(native);
  assert.equal(got.rows, seedRows().length, 'row count against the corpus rows file');
  assert.equal(got.rows, want.rows, 'row count against the native CLI');
  assert.deepEqual(got.counts, { red: want.red, yellow: want.yellow, green: want.green, none: want.none });
  assert.deepEqual(got.units, native.units);
  assert.deepEqual(got.period, native.period);
  assert.deepEqual(got.tasks, native.rows.map((r) => r.task));
  assert.deepEqual(got.flags, native.rows.map((r) => r.flags.map((f) => f.code)));
});

test('bytes in UTF-8, UTF-8 with BOM and UTF-16LE give the same Report as the text', () => {
  const got = inConsumer(`
    const text = fs.readFileSync(seed, 'utf8');
    const plain = JSON.stringify(duban.analyze(text).rows);
    const utf8 = new Uint8Array(fs.readFileSync(seed));
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const le = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    return [utf8, bom, le, utf8.buffer.slice(utf8.byteOffset, utf8.byteOffset + utf8.byteLength)]
      .map(b => [duban.sniff(b), JSON.stringify(duban.analyze(b).rows) === plain]);`);
  assert.deepEqual(got, [
    ['utf-8', true],
    ['utf-8', true],
    ['utf-16le', true],
    ['utf-8', true],
  ]);
});

test('GB18030 bytes are decoded with the platform TextDecoder', (t) => {
  const py = spawnSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(open(sys.argv[1], encoding="utf-8").read().encode("gb18030"))', seedPath()]);
  if (py.status !== 0) return t.skip('python3 is not here to encode the seed as GB18030');
  const gbFile = path.join(pkg.dir, 'seed-gb18030.txt');
  fs.writeFileSync(gbFile, py.stdout);
  const got = inConsumer(`
    const b = new Uint8Array(fs.readFileSync(${JSON.stringify(gbFile)}));
    const r = duban.analyze(b);
    return { kind: duban.sniff(b), rows: r.rows.map(x => x.task), bad: r.warnings.filter(w => w.code === 'bad_encoding').length };`);
  assert.equal(got.kind, 'gb18030');
  assert.deepEqual(got.rows, native.rows.map((r) => r.task));
  assert.equal(got.bad, 0);
});

test('options reach the core: period override, default options round trip, bad options throw', () => {
  const got = inConsumer(`
    const text = fs.readFileSync(seed, 'utf8');
    const plain = JSON.stringify(duban.analyze(text));
    let bad = null;
    try { duban.analyze(text, { rules: { nearMiss: 'lots' } }); } catch (e) { bad = e instanceof Error && e.message; }
    return {
      period: duban.analyze(text, { period: 0.75 }).period,
      defaults: JSON.stringify(duban.analyze(text, duban.defaultOptions())) === plain,
      noRisk: duban.analyze(text, { rules: { riskStrong: [], riskWeak: [] } }).rows.flatMap(r => r.flags).filter(f => f.code === 'risk_wording').length,
      bad,
    };`);
  assert.equal(got.period.elapsed, 0.75);
  assert.equal(typeof got.period.label, 'string');
  assert.equal(got.defaults, true);
  assert.equal(got.noRisk, 0);
  assert.match(got.bad, /bad options/);
});

test('input that is not a report is an Error with the native CLI\'s message, never a crash', () => {
  const bad = { png: [0x89, 0x50, 0x4e, 0x47, 0, 0, 0], empty: [] };
  const got = inConsumer(`
    const out = {};
    const inputs = { ...${JSON.stringify(bad)}, number: 42, null: null };
    for (const [name, v] of Object.entries(inputs)) {
      const input = Array.isArray(v) ? new Uint8Array(v) : v;
      try { duban.analyze(input); out[name] = 'no error'; } catch (e) { out[name] = [e.constructor.name, e.message]; }
    }
    out.emptyText = duban.analyze('').rows.length;
    return out;`);
  for (const name of Object.keys(bad)) {
    const file = path.join(pkg.dir, `bad-${name}.bin`);
    fs.writeFileSync(file, Buffer.from(bad[name]));
    const cli = nativeCli(file);
    assert.notEqual(cli.status, 0, `the CLI accepts ${name}`);
    assert.equal(got[name][0], 'Error');
    assert.ok(got[name][1].length > 0 && cli.stderr.includes(got[name][1]), `${name}: JS says ${JSON.stringify(got[name][1])}, the CLI ${JSON.stringify(cli.stderr)}`);
  }
  assert.deepEqual(got.number, ['TypeError', 'analyze() takes a string or a Uint8Array']);
  assert.equal(got.null[0], 'TypeError');
  assert.equal(got.emptyText, 0);
});

test('version matches package.json and Cargo.toml; init() is optional in Node and loads synchronously', () => {
  const pkgJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  const got = inConsumer(`
    const before = duban.features();
    const p = duban.init({ files: true });
    const after = duban.features();
    await p;
    return { version: duban.version, before, after };`);
  assert.equal(got.version, pkgJson.version);
  assert.equal(got.version, cargo);
  assert.deepEqual(got.before, []);
  assert.deepEqual(got.after, ['files']);
});

test('toJson is the Report; the other exporters come from the wasm modules', (t) => {
  const got = inConsumer(`
    const r = duban.analyze(fs.readFileSync(seed, 'utf8'));
    const out = { json: JSON.parse(duban.toJson(r)).rows.length };
    for (const name of ['toCsv', 'toHtml', 'toMarkdown', 'toXlsx']) {
      try {
        const v = duban[name](r);
        out[name] = typeof v === 'string' ? { text: v.slice(0, 1), length: v.length } : { zip: v[0] === 0x50 && v[1] === 0x4b, length: v.length };
      } catch (e) { out[name] = { error: e.message }; }
    }
    return out;`);
  assert.equal(got.json, native.rows.length);
  const missing = ['toCsv', 'toHtml', 'toMarkdown', 'toXlsx'].filter((n) => got[n].error);
  for (const n of missing) assert.match(got[n].error, /not in this build of duban/);
  if (!got.toCsv.error) assert.equal(got.toCsv.text, '\uFEFF', 'CSV starts with a BOM');
  if (!got.toXlsx.error) assert.equal(got.toXlsx.zip, true, '.xlsx is a zip');
  if (missing.length) t.todo(`the wasm modules do not export ${missing.join(', ')} yet (src/wasm.rs)`);
});

// The shipped TypeScript types, checked with `tsc --noEmit` inside a fresh project that
// installed the packed tarball:
//   - tests/pkg/consumer.ts, an example consumer, type-checks;
//   - the fixtures that tests/pkg_shape.rs serialises from fully-populated Rust values
//     (every field, every enum variant) type-check as Report / Options[] with
//     excess-property checks, and so do the real seed Report and defaultOptions();
//   - controls: a key the types do not know, a key missing, or an enum value they do not
//     list makes tsc fail, so the checks above can fail.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { ROOT, packAndInstall, runInConsumer, seedPath } from './helpers.mjs';

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
let dir;

before(() => {
  ({ dir } = packAndInstall());
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022', 'dom'],
        types: [],
        skipLibCheck: false,
      },
      files: [],
    }),
  );
});

/** Runs tsc over the given .ts files in the consumer project; returns { ok, output }. */
function tsc(files) {
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
  config.files = files;
  const name = `tsconfig.${files.map((f) => path.basename(f, '.ts')).join('-')}.json`;
  fs.writeFileSync(path.join(dir, name), JSON.stringify(config));
  const res = spawnSync(process.execPath, [TSC, '-p', name], { cwd: dir, encoding: 'utf8' });
  if (res.error) throw res.error;
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

/** Writes a .ts file assigning JSON values to typed constants. */
function typedFile(name, decls) {
  const lines = ["import type { DefaultOptions, Options, Report } from 'duban';"];
  for (const [id, type, value] of decls) lines.push(`export const ${id}: ${type} = ${JSON.stringify(value, null, 1)};`);
  fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
  return name;
}

const fixture = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'pkg', 'shape', name), 'utf8'));

test('the example consumer type-checks against the shipped types', () => {
  fs.copyFileSync(path.join(ROOT, 'tests', 'pkg', 'consumer.ts'), path.join(dir, 'consumer.ts'));
  const r = tsc(['consumer.ts']);
  assert.ok(r.ok, r.output);
});

test('fully-populated Rust values, the seed Report and defaultOptions() type-check with excess-property checks', () => {
  const real = runInConsumer(
    dir,
    `import * as duban from 'duban'; import fs from 'node:fs';
     process.stdout.write(JSON.stringify({ report: duban.analyze(fs.readFileSync(${JSON.stringify(seedPath())}, 'utf8')), defaults: duban.defaultOptions() }));`,
  );
  const file = typedFile('shape.ts', [
    ['report', 'Report', fixture('report.json')],
    ['options', 'Options[]', fixture('options.json')],
    ['seed', 'Report', real.report],
    ['defaults', 'DefaultOptions', real.defaults],
    ['defaultsAsOptions', 'Options', real.defaults],
  ]);
  const r = tsc([file]);
  assert.ok(r.ok, r.output);
});

// Each control breaks the fixture in one way the types must notice.
const controls = [
  ['an unknown key on a row', (rep) => (rep.rows[0].surprise = 1), /surprise/],
  ['an unknown key on a flag', (rep) => (rep.rows[0].flags[0].hint = 'x'), /hint/],
  ['a missing key', (rep) => delete rep.units, /units/],
  ['a light the types do not list', (rep) => (rep.rows[0].light = 'blue'), /blue/],
  ['a verdict the types do not list', (rep) => (rep.rows[0].pairs[0].verdict = 'late'), /late/],
  ['a span that is not a pair of numbers', (rep) => (rep.rows[0].targets[0].span = 'x'), /span|string/],
];

for (const [what, breakIt, pattern] of controls) {
  test(`control: ${what} fails the type check`, () => {
    const rep = fixture('report.json');
    breakIt(rep);
    const r = tsc([typedFile(`control-${controls.findIndex((c) => c[0] === what)}.ts`, [['report', 'Report', rep]])]);
    assert.equal(r.ok, false, `tsc accepted ${what}`);
    assert.match(r.output, pattern);
  });
}

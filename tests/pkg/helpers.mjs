// Shared by the package tests: build if needed, pack the tarball, install it offline into
// a fresh project, and ask the native CLI for the answers to compare with.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED_NAME = 'fuling-2023h1.txt';

/** Runs a command; throws with its output when it fails. Returns stdout. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  }
  return r.stdout;
}

/** The seed report: $DUBAN_SAMPLE, else the shared corpus beside the repository. */
export function seedPath() {
  const candidates = [
    process.env.DUBAN_SAMPLE,
    path.join(ROOT, '..', 'shared', 'corpus', SEED_NAME),
    path.join(ROOT, '..', '..', 'shared', 'corpus', SEED_NAME),
  ].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`${SEED_NAME} not found (looked in ${candidates.join(', ')}); set DUBAN_SAMPLE`);
  return found;
}

/** The rows the seed must parse into (the corpus's own answer file). */
export function seedRows() {
  return JSON.parse(fs.readFileSync(seedPath().replace(/\.txt$/, '.rows.json'), 'utf8')).rows;
}

/** The native CLI (built when missing). */
export function nativeExe() {
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
  const exe = path.join(target, 'debug', 'duban');
  if (!fs.existsSync(exe)) run('cargo', ['build', '--bin', 'duban']);
  return exe;
}

/** The native CLI's Report for a file. */
export function nativeReport(file) {
  return JSON.parse(run(nativeExe(), [file, '--format', 'json']));
}

/** Runs the native CLI on a file: { status, stdout, stderr }, without throwing. */
export function nativeCli(file) {
  return spawnSync(nativeExe(), [file, '--format', 'json'], { encoding: 'utf8' });
}

/** Light counts over a Report's rows. */
export function lightCounts(report) {
  const c = { rows: report.rows.length, red: 0, yellow: 0, green: 0, none: 0 };
  for (const r of report.rows) c[r.light] += 1;
  return c;
}

/** Builds the wasm modules when dist/pkg is missing (`npm run build`). */
export function ensureBuilt() {
  const need = ['core', 'full'].flatMap((v) => [`dist/pkg/${v}/duban.js`, `dist/pkg/${v}/duban_bg.wasm`]);
  if (need.every((f) => fs.existsSync(path.join(ROOT, f)))) return;
  run('npm', ['run', 'build'], { stdio: 'inherit' });
}

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Packs the package (`npm pack`) and installs the tarball offline into a fresh project.
 * Returns { dir, tarball, size, files }.
 */
export function packAndInstall() {
  ensureBuilt();
  const out = tempDir('duban-pkg-');
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out]));
  const info = packed[0];
  const tarball = path.join(out, info.filename);
  const dir = path.join(out, 'consumer');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir });
  return { dir, tarball, size: fs.statSync(tarball).size, files: info.files.map((f) => f.path) };
}

/** Runs an ES module source inside the consumer project and returns its JSON stdout. */
export function runInConsumer(dir, source, name = 'run.mjs') {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return JSON.parse(run(process.execPath, [file], { cwd: dir }));
}

// Shared by the browser tests: builds dist/ when missing, installs Chromium when
// missing, runs the native CLI for the expected values, launches a fresh browser.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const OUT = path.join(ROOT, 'tests', 'e2e', 'out');
export { CHROMIUM };
const SAMPLE_NAME = 'fuling-2023h1.txt';

/** Runs the build once when dist/ lacks the page or the offline file. */
export function ensureBuilt() {
  if (fs.existsSync(path.join(DIST, 'duban.html')) && fs.existsSync(path.join(DIST, 'index.html'))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

/** Installs Debian's chromium and a CJK font when the browser is missing (CI, fresh machines). */
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  const root = process.getuid && process.getuid() === 0;
  const sudo = root ? [] : ['sudo'];
  const apt = (args) => {
    const cmd = [...sudo, 'apt-get', ...args];
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed`);
  };
  apt(['update']);
  apt(['install', '-y', 'chromium', 'fonts-wqy-microhei']);
}

/** The seed report: $DUBAN_SAMPLE, else the shared corpus beside the repo. */
export function samplePath() {
  const found = [
    process.env.DUBAN_SAMPLE,
    path.join(ROOT, '..', 'shared', 'corpus', SAMPLE_NAME),
    path.join(ROOT, '..', '..', 'shared', 'corpus', SAMPLE_NAME),
    path.join(ROOT, 'tests', 'corpus', SAMPLE_NAME),
  ].filter(Boolean).find((p) => fs.existsSync(p));
  if (!found) throw new Error(`${SAMPLE_NAME} not found: set DUBAN_SAMPLE`);
  return found;
}

/** The rows the corpus says the seed holds (for building the clipboard HTML). */
export function corpusRows() {
  const file = samplePath().replace(/\.txt$/, '.rows.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).rows;
}

/** A scratch directory for this test run. */
export function scratch(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `duban-${name}-`));
}

/** The Report the native CLI gives for a file (the page must show the same). */
export function cliReport(file, args = []) {
  const r = spawnSync('cargo', ['run', '--quiet', '--bin', 'duban', '--', file, '--format', 'json', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`duban CLI failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Counts rows by light. */
export function lightCounts(report) {
  const counts = { red: 0, yellow: 0, green: 0, none: 0 };
  for (const row of report.rows) counts[row.light]++;
  return counts;
}

/** Launches Chromium on a fresh profile at 1366×768 shown at 125 % zoom (`extra`: more
 * context options, e.g. bypassCSP to test the page's own DOM code without its policy). */
export async function launch(extra = {}) {
  ensureChromium();
  return chromium.launchPersistentContext(scratch('profile'), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1093, height: 614 },
    deviceScaleFactor: 1.25,
    acceptDownloads: true,
    ...extra,
  });
}

/** Escapes text for HTML (building the clipboard HTML in the test). */
export function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A Word-like clipboard HTML table of rows: header, one <p> per line in each cell. */
export function rowsToHtml(rows) {
  const cell = (text) => `<td>${text.split('\n').map((p) => `<p class=MsoNormal>${escapeHtml(p)}</p>`).join('')}</td>`;
  const head = `<tr>${['序号', '目标任务', '完成情况', '牵头责任单位'].map((h) => `<td><p><b>${h}</b></p></td>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${cell(r.seq == null || r.seqInferred ? '' : String(r.seq))}${cell(r.task)}${cell(r.status)}${cell(r.units.join('\n'))}</tr>`).join('\n');
  return `<html><body><!--StartFragment--><table border=1>${head}\n${body}</table><!--EndFragment--></body></html>`;
}

/**
 * Fires a paste on the page's input box with a synthetic clipboard (a DataTransfer holding
 * `text/plain`, and `text/html` when given), replacing the whole box as a user's paste would.
 */
export async function firePaste(page, { text, html }) {
  await page.evaluate(
    ({ text, html }) => {
      const dt = new DataTransfer();
      if (html) dt.setData('text/html', html);
      dt.setData('text/plain', text);
      const input = document.getElementById('input');
      input.focus();
      input.select(); // a paste replaces the selection: the whole box
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    { text, html },
  );
}

/**
 * Where a test opens the page: for 'served', a static server on a random loopback port over
 * dist/ (returned so the test can close it); for 'file', dist/duban.html as a file:// URL.
 */
export async function openTarget(mode) {
  if (mode !== 'served') return { server: null, base: pathToFileURL(path.join(DIST, 'duban.html')).href };
  const s = await startServer({ dir: DIST, port: 0 });
  return { server: s.server, base: s.url };
}

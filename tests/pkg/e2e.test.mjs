// The example portal (www/examples/portal.html) embedding <duban-report> from the packed
// tarball, in headless Chromium: it renders the seed as the native core reads it, its
// events carry the right rows and flags, styles do not leak either way, pasted markup
// stays text, and nothing is fetched beyond the served files.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { ROOT, lightCounts, nativeReport, packAndInstall, seedPath, tempDir } from './helpers.mjs';

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };

let server;
let origin;
let context;
let page;
let native;
const served = [];
const missing = [];
const requests = [];
const dialogs = [];

/** Serves `dir` on 127.0.0.1, logging what was asked for. */
function serve(dir) {
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const file = path.join(dir, decodeURIComponent(url.pathname));
      if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        missing.push(url.pathname);
        res.writeHead(404).end();
        return;
      }
      served.push(url.pathname);
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
      res.end(fs.readFileSync(file));
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

before(async () => {
  native = nativeReport(seedPath());
  const { dir } = packAndInstall();
  fs.copyFileSync(path.join(ROOT, 'www', 'examples', 'portal.html'), path.join(dir, 'portal.html'));
  server = await serve(dir);
  origin = `http://127.0.0.1:${server.address().port}`;
  context = await chromium.launchPersistentContext(tempDir('duban-chromium-'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // Record every event the element sends, before the page's own scripts run.
  await context.addInitScript(() => {
    window.__events = [];
    for (const type of ['duban-analyzed', 'duban-row-click', 'duban-flag-click', 'duban-error']) {
      document.addEventListener(type, (ev) => window.__events.push({ type, detail: JSON.parse(JSON.stringify(ev.detail)) }));
    }
  });
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(`${origin}/portal.html`);
  await waitForEvents('duban-analyzed', 1);
});

after(async () => {
  await context?.close();
  server?.close();
});

/** Waits until `n` events of `type` were recorded; returns them. */
async function waitForEvents(type, n) {
  await page.waitForFunction(([t, k]) => window.__events.filter((e) => e.type === t).length >= k, [type, n], { timeout: 30000 });
  return page.evaluate((t) => window.__events.filter((e) => e.type === t), type);
}

/** Sets the element's input property and waits for its next analysis. */
async function show(input) {
  const n = (await page.evaluate(() => window.__events.filter((e) => e.type === 'duban-analyzed').length)) + 1;
  await page.evaluate((text) => {
    document.getElementById('report').input = text;
  }, input);
  const events = await waitForEvents('duban-analyzed', n);
  return events[n - 1].detail;
}

/** Computed styles of an element inside the report's shadow root. */
function shadowStyle(selector, props) {
  return page.evaluate(
    ([sel, ps]) => {
      const e = document.getElementById('report').shadowRoot.querySelector(sel);
      if (!e) return null;
      const cs = getComputedStyle(e);
      return Object.fromEntries(ps.map((p) => [p, cs.getPropertyValue(p)]));
    },
    [selector, props],
  );
}

test('the child <script type="text/plain"> sample renders as rows', async () => {
  const [first] = await waitForEvents('duban-analyzed', 1);
  const rendered = await page.evaluate(() => document.getElementById('report').shadowRoot.querySelectorAll('tbody tr').length);
  assert.ok(first.detail.report.rows.length > 0);
  assert.equal(rendered, first.detail.report.rows.length);
  assert.equal(first.detail.summary.rows, first.detail.report.rows.length);
});

test('the seed renders with the rows and light counts of the native core', async () => {
  const detail = await show(fs.readFileSync(seedPath(), 'utf8'));
  const want = lightCounts(native);
  assert.deepEqual(detail.summary, want);
  assert.deepEqual(detail.report.rows.map((r) => r.light), native.rows.map((r) => r.light));
  const dom = await page.evaluate(() => {
    const root = document.getElementById('report').shadowRoot;
    const counts = Object.fromEntries([...root.querySelectorAll('[data-count]')].map((e) => [e.dataset.light, Number(e.dataset.count)]));
    const lights = [...root.querySelectorAll('tbody tr')].map((tr) => tr.dataset.light);
    const badges = Object.fromEntries([...root.querySelectorAll('tbody td .light')].map((b) => [b.className.split(' ')[1], b.textContent]));
    return { rows: lights.length, lights, counts, badges };
  });
  assert.equal(dom.rows, want.rows);
  assert.deepEqual(dom.lights, native.rows.map((r) => r.light));
  assert.deepEqual(dom.counts, { red: want.red, yellow: want.yellow, green: want.green, none: want.none });
  // A light is a shape and a word, not colour alone: every badge has text, all different.
  const texts = Object.values(dom.badges);
  assert.ok(texts.every((t) => /\S/.test(t)), JSON.stringify(dom.badges));
  assert.equal(new Set(texts).size, texts.length);
});

test('clicking a row and a flag sends the row and the flag', async () => {
  const before = (await page.evaluate(() => window.__events.length));
  await page.locator('duban-report tbody tr[data-index="0"] td.task').click();
  const [rowClick] = (await waitForEvents('duban-row-click', 1)).slice(-1);
  assert.equal(rowClick.detail.row.index, 0);
  assert.equal(rowClick.detail.row.task, native.rows[0].task);

  const i = native.rows.findIndex((r) => r.flags.length > 0);
  assert.ok(i >= 0, 'the seed has a flagged row');
  const rowClicks = (await page.evaluate(() => window.__events.filter((e) => e.type === 'duban-row-click').length));
  await page.locator(`duban-report tbody tr[data-index="${i}"] button.flag`).first().click();
  const [flagClick] = (await waitForEvents('duban-flag-click', 1)).slice(-1);
  assert.equal(flagClick.detail.row.index, i);
  assert.deepEqual(flagClick.detail.flag, native.rows[i].flags[0]);
  const rowClicksAfter = (await page.evaluate(() => window.__events.filter((e) => e.type === 'duban-row-click').length));
  assert.equal(rowClicksAfter, rowClicks, 'a flag click is not also a row click');
  assert.ok((await page.evaluate(() => window.__events.length)) > before);
});

test("the host page's styles do not reach into the element", async () => {
  const td = await shadowStyle('tbody td.task', ['background-color', 'border-top-style', 'padding-top', 'font-family', 'color', 'letter-spacing']);
  assert.notEqual(td['background-color'], 'rgb(255, 255, 0)');
  assert.notEqual(td['border-top-style'], 'double');
  assert.notEqual(td['padding-top'], '12px');
  assert.doesNotMatch(td['font-family'], /Times/);
  assert.notEqual(td.color, 'rgb(51, 17, 85)');
  assert.equal(td['letter-spacing'], 'normal');
  const flag = await shadowStyle('button.flag', ['background-color', 'font-size']);
  assert.notEqual(flag['background-color'], 'rgb(255, 105, 180)');
  assert.notEqual(flag['font-size'], '18px');
  const title = await shadowStyle('h2.title', ['color', 'font-size']);
  assert.notEqual(title.color, 'rgb(0, 0, 255)');
  assert.notEqual(title['font-size'], '30px');
});

test("the element's styles do not reach out, and the host themes it through custom properties and parts", async () => {
  const host = await page.evaluate(() => {
    const cs = (sel) => getComputedStyle(document.querySelector(sel));
    return {
      td: [cs('.portal-table td').backgroundColor, cs('.portal-table td').borderTopStyle, cs('.portal-table td').paddingTop],
      button: cs('#show').backgroundColor,
      h2: cs('aside h2').color,
      body: [cs('body').fontFamily, cs('body').letterSpacing],
      styles: document.querySelectorAll('style').length,
      sheets: document.styleSheets.length,
      adopted: document.adoptedStyleSheets.length,
    };
  });
  assert.deepEqual(host.td, ['rgb(255, 255, 0)', 'double', '12px']);
  assert.equal(host.button, 'rgb(255, 105, 180)');
  assert.equal(host.h2, 'rgb(0, 0, 255)');
  assert.match(host.body[0], /Times/);
  assert.equal(host.body[1], '1px');
  assert.equal(host.styles, 1, 'the element added no <style> to the page');
  assert.equal(host.sheets, 1);
  assert.equal(host.adopted, 0);
  const red = await shadowStyle('.count.red .light', ['background-color']);
  assert.equal(red['background-color'], 'rgb(200, 0, 0)', '--duban-red from the host');
  const header = await shadowStyle('.header', ['border-bottom-color', 'border-bottom-style']);
  assert.deepEqual(header, { 'border-bottom-color': 'rgb(160, 20, 20)', 'border-bottom-style': 'solid' }, '::part(header) from the host');
});

test('markup in a cell is shown as text and never runs', async () => {
  const evil = '<img src=x onerror=alert(1)>';
  const tsv = `序号\t目标任务\t完成情况\t牵头责任单位\n1\t${evil}新增就业100人\t已新增<b>50</b>人<script>alert(2)</script>\t区<i>人社局</i>`;
  const detail = await show(tsv);
  assert.equal(detail.report.rows.length, 1);
  const dom = await page.evaluate(() => {
    const root = document.getElementById('report').shadowRoot;
    return {
      task: root.querySelector('tbody td.task').textContent,
      status: root.querySelector('tbody td.status').textContent,
      tags: [...root.querySelectorAll('img, b, i, script')].map((e) => e.tagName),
      pageImgs: document.querySelectorAll('img').length,
    };
  });
  assert.ok(dom.task.includes(evil), dom.task);
  assert.ok(dom.status.includes('<script>alert(2)</script>'), dom.status);
  assert.deepEqual(dom.tags, []);
  assert.equal(dom.pageImgs, 0);
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, []);
});

test('attributes: input, lang, period and rules', async () => {
  const n = (await page.evaluate(() => window.__events.filter((e) => e.type === 'duban-analyzed').length)) + 1;
  await page.evaluate(() => {
    const el = document.getElementById('report');
    el.input = null;
    el.setAttribute('lang', 'en');
    el.setAttribute('period', '0.75');
    el.setAttribute('rules', JSON.stringify({ synonyms: { units: ['主办科室'] } }));
    el.setAttribute('input', '序号\t目标任务\t完成情况\t主办科室\n1\t新增就业100人\t进展顺利\t区人社局\n2\t新建学校2所\t已开工\t区教委');
  });
  const detail = (await waitForEvents('duban-analyzed', n))[n - 1].detail;
  assert.equal(detail.report.rows.length, 2);
  assert.equal(detail.report.period.elapsed, 0.75);
  assert.deepEqual(detail.report.rows.map((r) => r.units), [['区人社局'], ['区教委']], 'the rules attribute (a header synonym) reached the core');
  const heads = await page.evaluate(() => [...document.getElementById('report').shadowRoot.querySelectorAll('th')].map((t) => t.textContent));
  assert.ok(heads.includes('Task'), heads.join(','));
  // A bad attribute is an error event and a message, not a silent blank.
  await page.evaluate(() => document.getElementById('report').setAttribute('rules', '{not json'));
  const [err] = (await waitForEvents('duban-error', 1)).slice(-1);
  assert.match(err.detail.message, /rules/);
});

test('no request beyond the served files', async () => {
  assert.deepEqual(missing, []);
  for (const url of requests) {
    assert.ok(url.startsWith(`${origin}/`), `request outside the served origin: ${url}`);
  }
  const paths = requests.map((u) => new URL(u).pathname);
  for (const p of paths) assert.ok(served.includes(p), `not a served file: ${p}`);
  assert.ok(paths.includes('/node_modules/duban/dist/pkg/core/duban_bg.wasm'));
});

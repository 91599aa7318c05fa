// Nothing from the data runs, for the npm package: every payload of tests/xss/payloads.txt
// given to <duban-report> in the example portal (www/examples/portal.html, which has no CSP,
// so the element's own DOM code is what is tested) as the `input` property (text and file
// bytes), the `input` attribute, a child <script type="text/plain">, and the lang / period /
// rules attributes; and the package's HTML export (toHtml in Node) loaded into a fresh page
// with scripts on. The package is served from this tree (node_modules/duban → the repo), so
// this runs without packing; tests/pkg/e2e.test.mjs covers the packed tarball.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT, ensureBuilt, launch, samplePath, scratch } from './helpers.mjs';
import { DANGEROUS, HTMLISH, PAYLOADS, PLAIN, auditDom, grown, htmlTable, missingText, sentinel, tabCell, tsv } from './xss.mjs';

describe('nothing from the data runs (<duban-report> and toHtml)', { concurrency: 1 }, () => {
  let ctx;
  let page;
  let server;
  let baseline;
  const dialogs = [];
  const errors = [];

  before(async () => {
    ensureBuilt();
    const dir = scratch('portal');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'duban'), 'dir');
    fs.copyFileSync(path.join(ROOT, 'www', 'examples', 'portal.html'), path.join(dir, 'portal.html'));
    const s = await startServer({ dir, port: 0 });
    server = s.server;
    ctx = await launch();
    await ctx.addInitScript(sentinel);
    await ctx.addInitScript(() => {
      window.__events = [];
      for (const type of ['duban-analyzed', 'duban-error']) {
        document.addEventListener(type, (ev) => window.__events.push({ type, target: ev.target.id || ev.target.localName, message: ev.detail && ev.detail.message }));
      }
    });
    page = ctx.pages()[0] || (await ctx.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}portal.html`);
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'duban-analyzed'), null, { timeout: 30000 });
    baseline = await page.evaluate(auditDom, DANGEROUS);
  });

  after(async () => {
    await ctx?.close();
    server?.close();
  });

  /** Runs `change` in the page and waits for the element's next event of `type`. */
  async function next(change, arg, type = 'duban-analyzed') {
    const n = await page.evaluate((t) => window.__events.filter((e) => e.type === t).length, type);
    await page.evaluate(change, arg);
    await page.waitForFunction(([t, k]) => window.__events.filter((e) => e.type === t).length > k, [type, n], { timeout: 30000 });
  }

  async function nothingRan(what) {
    await page.waitForTimeout(400);
    assert.deepEqual(await page.evaluate(() => [...window.__xssHits]), [], `${what}: a payload ran`);
    assert.deepEqual(dialogs, [], `${what}: a dialog opened`);
    const now = await page.evaluate(auditDom, DANGEROUS);
    assert.deepEqual(grown(baseline, now), [], `${what}: elements added`);
    assert.deepEqual(now.bad, [], `${what}: handlers or script URLs in the DOM`);
    assert.deepEqual(errors, [], `${what}: page errors`);
  }

  /** The task cells of an element's table, by row. */
  function tasks(id = 'report') {
    return page.evaluate((i) => [...document.getElementById(i).shadowRoot.querySelectorAll('tbody td.task')].map((td) => td.textContent), id);
  }

  it('the checks notice a payload that runs (control)', async () => {
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.innerHTML = '<img src=x onerror="__xss(\'control\')">';
      document.body.append(d);
      window.__control = d;
    });
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => [...window.__xssHits]), ['__xss(control)']);
    await page.evaluate(() => {
      window.__control.remove();
      window.__xssHits.length = 0;
    });
  });

  it('the input property: text with a payload in the title, every cell and the units', async () => {
    await next((text) => {
      document.getElementById('report').input = text;
    }, tabCell(PLAIN, (p, k) => (k % 2 ? `区统计局${p}` : '区人力社保局')));
    await nothingRan('input property (tab-cell)');
    assert.deepEqual(missingText(PLAIN, await tasks()), []);
    const title = await page.evaluate(() => document.getElementById('report').shadowRoot.querySelector('.title')?.textContent || '');
    assert.ok(title.includes(PLAIN[0]), `title: ${title}`);
    await next((text) => {
      document.getElementById('report').input = text;
    }, tsv(HTMLISH));
    await nothingRan('input property (table-tag payloads)');
  });

  it('the input property: file bytes (.html with the payloads as text and as raw markup)', async () => {
    await next((html) => {
      document.getElementById('report').input = new TextEncoder().encode(html);
    }, htmlTable(PAYLOADS, false));
    await nothingRan('input bytes (escaped HTML)');
    assert.deepEqual(missingText(PAYLOADS, await tasks()), []);
    await next((html) => {
      document.getElementById('report').input = new TextEncoder().encode(html);
    }, htmlTable(PAYLOADS, true));
    await nothingRan('input bytes (raw markup)');
  });

  it('the input attribute, and a child <script type="text/plain"> in a new element', async () => {
    await next((text) => {
      const el = document.getElementById('report');
      el.input = null;
      el.setAttribute('input', text);
    }, tsv(PLAIN));
    await nothingRan('input attribute');
    assert.deepEqual(missingText(PLAIN, await tasks()), []);
    await next((text) => {
      const el = document.createElement('duban-report');
      el.id = 'second';
      const script = document.createElement('script');
      script.type = 'text/plain';
      script.textContent = text;
      el.append(script);
      document.querySelector('main section').append(el);
    }, tabCell(PLAIN));
    // The new element brings its own: the text/plain <script> given to it and its shadow <style>.
    const now = await page.evaluate(auditDom, DANGEROUS);
    assert.deepEqual(grown(baseline, now), ['script: 3 → 4', 'style: 2 → 3']);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#second > script[type="text/plain"]').length), 1);
    baseline = now;
    await nothingRan('child script');
    assert.deepEqual(missingText(PLAIN, await tasks('second')), []);
  });

  it('the lang, period and rules attributes holding payloads', async () => {
    for (const p of PAYLOADS.slice(0, 40)) {
      await page.evaluate((v) => {
        const el = document.getElementById('second');
        el.setAttribute('lang', v);
        el.setAttribute('period', v);
      }, p);
      await next((v) => document.getElementById('second').setAttribute('rules', v), p, 'duban-error');
    }
    await nothingRan('attributes');
    const message = () => page.evaluate(() => document.getElementById('second').shadowRoot.querySelector('.message')?.textContent || '');
    assert.ok((await message()).includes(PAYLOADS[39]), 'the bad attribute is quoted as text in the message');
    await page.evaluate(() => document.getElementById('second').removeAttribute('period'));
    await next((v) => document.getElementById('second').setAttribute('rules', v), PAYLOADS[13], 'duban-error');
    assert.match(await message(), /rules/, 'a bad rules attribute is reported as text');
    await nothingRan('attributes (rules)');
  });

  it('toHtml in Node: the exported document runs nothing when opened with scripts on', async () => {
    const { analyze, toHtml } = await import('../../js/node.js');
    const load = async (html) => {
      const fresh = await ctx.newPage();
      fresh.on('dialog', (d) => {
        dialogs.push(d.message());
        d.dismiss().catch(() => {});
      });
      await fresh.setContent(html);
      await fresh.waitForTimeout(400);
      const out = {
        audit: await fresh.evaluate(auditDom, DANGEROUS),
        ...(await fresh.evaluate(() => ({ hits: [...window.__xssHits], cells: [...document.querySelectorAll('td')].map((td) => td.textContent), text: document.body.textContent }))),
      };
      await fresh.close();
      return out;
    };
    const clean = await load(toHtml(analyze(fs.readFileSync(samplePath(), 'utf8'))));
    const control = await load('<svg onload="__xss(\'control\')"></svg>');
    assert.deepEqual(control.hits, ['__xss(control)'], 'the fresh page runs scripts (the check can fail)');
    const inputs = {
      'tab-cell': [tabCell(PLAIN, (p, k) => (k % 2 ? `区统计局${p}` : '区人力社保局')), PLAIN],
      'escaped HTML': [htmlTable(PAYLOADS, false), PAYLOADS],
      'raw HTML': [htmlTable(PAYLOADS, true), null],
      'table-tag TSV': [tsv(HTMLISH), null],
    };
    for (const [name, [text, shown]] of Object.entries(inputs)) {
      const report = analyze(text);
      const out = await load(toHtml(report));
      assert.deepEqual(out.hits, [], `${name}: a payload in the export ran`);
      assert.deepEqual(grown(clean.audit, out.audit), [], `${name}: elements the payloads made`);
      assert.deepEqual(out.audit.bad, [], name);
      if (shown) assert.deepEqual(shown.filter((p) => !out.cells.some((c) => c.includes(p))), [], `${name}: payloads as cell text`);
      if (report.title) assert.ok(out.text.includes(report.title), `${name}: the title as text`);
    }
    assert.deepEqual(dialogs, []);
  });
});

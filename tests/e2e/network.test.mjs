// Never phones home: a full session on the served page and on the offline file (file://)
// — pastes, every fixture type opened and dropped, every export button, rules, period,
// language, tabs, filters — makes no request beyond the page's own files. A route handler
// aborts (and records) any request to another host, so a leak fails the test without
// leaving the machine. Then the page's policy is put to the test: fetch, images, beacons,
// WebSockets and imports to https://example.com from the page and from the analysis worker
// must all be refused by the CSP, before any request is made.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCRIPT_CSP, startServer } from '../../scripts/serve.mjs';
import { DIST, ROOT, corpusRows, ensureBuilt, firePaste, launch, openTarget, rowsToHtml } from './helpers.mjs';

/** The policy in a page's <meta http-equiv="Content-Security-Policy">, as { directive: [sources] }. */
function metaPolicy(file) {
  const html = fs.readFileSync(file, 'utf8');
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert.ok(m, `${path.basename(file)} has a CSP meta`);
  return parsePolicy(m[1]);
}

function parsePolicy(text) {
  return Object.fromEntries(
    text
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Tries every way out to https://example.com from a page or worker; returns what happened. */
async function tryToLeave() {
  const out = {};
  const attempt = async (name, fn) => {
    try {
      await fn();
      out[name] = 'allowed';
    } catch (err) {
      out[name] = `blocked: ${err && err.name}`;
    }
  };
  await attempt('fetch', () => fetch('https://example.com/'));
  await attempt('fetch-no-cors', () => fetch('https://example.com/x', { mode: 'no-cors' }));
  await attempt('xhr', () => new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('GET', 'https://example.com/');
    x.onload = resolve;
    x.onerror = () => reject(Object.assign(new Error('xhr failed'), { name: 'NetworkError' }));
    x.send();
  }));
  await attempt('import', () => import('https://example.com/x.js'));
  await attempt('websocket', () => new Promise((resolve, reject) => {
    const ws = new WebSocket('wss://example.com/');
    ws.onopen = resolve;
    ws.onerror = () => reject(Object.assign(new Error('ws failed'), { name: 'WebSocketError' }));
  }));
  // A beacon is queued (sendBeacon says true) and refused later by the policy: the
  // caller checks the violation and that nothing reached the network.
  if (typeof navigator.sendBeacon === 'function') navigator.sendBeacon('https://example.com/beacon', 'x');
  if (typeof Image === 'function') {
    await attempt('image', () => new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = resolve;
      img.onerror = () => reject(Object.assign(new Error('img failed'), { name: 'ImageError' }));
      img.src = 'https://example.com/x.png';
    }));
  }
  return out;
}

for (const mode of ['served', 'file']) {
  describe(`never phones home (${mode})`, { concurrency: 1 }, () => {
    let ctx;
    let page;
    let server;
    let base;
    const requests = [];
    const foreign = [];
    const failed = new Map();

    /** The page's own files: the server's origin, or file:, blob: and data: for the offline file. */
    const own = (url) => (mode === 'served' ? url.startsWith(base) || /^(blob|data):/.test(url) : /^(file|blob|data):/.test(url));

    before(async () => {
      ensureBuilt();
      ({ server, base } = await openTarget(mode));
      ctx = await launch();
      // Any request to another host is recorded and aborted: it never leaves the machine.
      await ctx.route(
        () => true,
        (route) => {
          const url = route.request().url();
          if (own(url)) return route.continue();
          foreign.push(url);
          return route.abort('blockedbyclient');
        },
      );
      ctx.on('request', (r) => requests.push(r.url()));
      ctx.on('requestfailed', (r) => failed.set(r.url(), r.failure()?.errorText));
      await ctx.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => (window.__violations ||= []).push(`${e.violatedDirective} ${e.blockedURI}`), true);
        // Printing is a dialog headless Chromium cannot show: record it and fire the events.
        window.print = () => {
          window.__printed = (window.__printed || 0) + 1;
          window.dispatchEvent(new Event('beforeprint'));
          window.dispatchEvent(new Event('afterprint'));
        };
        if (navigator.clipboard) {
          navigator.clipboard.write = async (items) => {
            window.__copied = await Promise.all(items.flatMap((i) => i.types.map(async (t) => [t, (await (await i.getType(t)).text()).length])));
          };
        }
      });
      page = ctx.pages()[0] || (await ctx.newPage());
      await page.goto(base);
      await page.waitForFunction(() => Number(document.body.dataset.analyses || 0) > 0, null, { timeout: 30000 });
    });

    after(async () => {
      await ctx?.close();
      server?.close();
    });

    /** Runs an action and waits for the report it causes. */
    async function andWait(action) {
      const n = await page.evaluate(() => Number(document.body.dataset.analyses || 0));
      await action();
      await page.waitForFunction((k) => Number(document.body.dataset.analyses || 0) > k, n, { timeout: 30000 });
    }

    const paste = (data) => firePaste(page, data);

    it('a full session makes no request beyond the page’s own files', async () => {
      const fixtures = path.join(ROOT, 'tests', 'fixtures');
      // Pastes: plain text and a Word-like HTML table.
      await andWait(() => paste({ text: fs.readFileSync(path.join(fixtures, 'seed.tsv'), 'utf8') }));
      await andWait(() => paste({ html: rowsToHtml(corpusRows()), text: 'x' }));
      // Every fixture type through the file input, and one dropped.
      const files = fs.readdirSync(fixtures).filter((f) => /\.(txt|csv|tsv|md|html|docx|xlsx)$/.test(f)).sort();
      assert.ok(['.txt', '.csv', '.docx', '.xlsx'].every((ext) => files.some((f) => f.endsWith(ext))), files.join(' '));
      for (const f of files) await andWait(() => page.setInputFiles('#file', path.join(fixtures, f)));
      await andWait(() =>
        page.evaluate((text) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
          document.getElementById('input').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }, fs.readFileSync(path.join(fixtures, 'seed.csv'), 'utf8')),
      );
      await andWait(() => page.click('#load-sample'));
      // Every export button.
      for (const id of ['#export-json', '#export-csv', '#export-xlsx']) {
        if (await page.isDisabled(id)) continue;
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
        assert.ok((await fs.promises.stat(await download.path())).size > 0, id);
      }
      if (!(await page.isDisabled('#copy-table'))) {
        await page.click('#copy-table');
        await page.waitForFunction(() => window.__copied);
      }
      await page.click('#print');
      assert.equal(await page.evaluate(() => window.__printed), 1);
      // Rules, period, language, tabs, filters, a department, a row's details.
      await page.click('#tab-rules');
      await page.fill('#rule-near-miss', '25');
      await andWait(() => page.dispatchEvent('#rule-near-miss', 'change'));
      await andWait(() => page.click('#rules-reset'));
      await page.click('#tab-overview');
      await andWait(() => page.selectOption('#period-select', 'q1'));
      await andWait(() => page.selectOption('#period-select', 'auto'));
      await page.click('#lang');
      await page.click('#lang');
      await page.click('#tab-units');
      await page.locator('.unit-chart .bar').first().click();
      await page.locator('#panel-rows tr.row .expand').first().click();
      await page.fill('#filter-text', '就业');
      await page.click('#filter-reset');
      await page.click('#clear');
      await andWait(() => page.click('#load-sample'));
      await page.waitForTimeout(300);

      assert.deepEqual(foreign, [], 'requests to other hosts');
      assert.deepEqual(requests.filter((u) => !own(u)), []);
      assert.deepEqual(await page.evaluate(() => window.__violations || []), [], 'the page itself never trips its policy');
      if (mode === 'served') {
        const paths = new Set(requests.filter((u) => u.startsWith(base)).map((u) => new URL(u).pathname));
        for (const p of ['/', '/js/main.js', '/js/worker.js', '/pkg/core/duban_bg.wasm', '/pkg/full/duban_bg.wasm']) assert.ok(paths.has(p), `asked for ${p}`);
      } else {
        assert.deepEqual(requests.filter((u) => u.startsWith('file:') && u !== base), [], 'the offline file reads no other file');
      }
    });

    it('the page’s policy stops every way out, before a request is made', async () => {
      const before = foreign.length;
      const fromPage = await page.evaluate(tryToLeave);
      for (const [how, result] of Object.entries(fromPage)) assert.match(result, /^blocked/, `page ${how}: ${result}`);
      const blocked = await page.evaluate(() => window.__violations || []);
      assert.ok(blocked.some((v) => /^connect-src https:\/\/example\.com/.test(v)), `the policy, not the network, refused: ${blocked.join(' | ')}`);
      await page.waitForFunction(() => (window.__violations || []).some((v) => v.includes('example.com/beacon')), null, { timeout: 5000 });
      // The analysis worker (served: the policy comes with its script; offline: it is a
      // blob: worker and inherits the page's).
      const worker = page.workers()[0];
      assert.ok(worker, 'the page runs its analysis worker');
      const fromWorker = await worker.evaluate(tryToLeave);
      for (const [how, result] of Object.entries(fromWorker)) assert.match(result, /^blocked/, `worker ${how}: ${result}`);
      await page.waitForTimeout(300);
      assert.deepEqual(foreign.slice(before), [], 'no attempt reached the network layer');
      // Chromium reports the attempts it refused as requests that failed with the policy's
      // error, never handed to the network (the route above saw none of them).
      const attempts = requests.filter((u) => u.includes('example.com'));
      for (const u of attempts) assert.match(failed.get(u) || '(did not fail)', /^csp$|ERR_BLOCKED_BY_CSP/, u);
    });

    it('declares a policy that allows no other host', () => {
      if (mode === 'file') {
        const p = metaPolicy(path.join(DIST, 'duban.html'));
        assert.deepEqual(p['default-src'], ["'none'"]);
        assert.deepEqual(p['connect-src'], ["'none'"]);
        assert.deepEqual(p['base-uri'], ["'none'"]);
        assert.deepEqual(p['form-action'], ["'none'"]);
        assert.deepEqual(p['object-src'], ["'none'"]);
        assert.deepEqual(p['frame-src'], ["'none'"]);
        assert.deepEqual(p['worker-src'], ['blob:']);
        assert.ok(p['script-src'].every((s) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(s) || s === "'wasm-unsafe-eval'"), p['script-src'].join(' '));
        assert.ok(!Object.values(p).flat().some((s) => /^(https?:|\*|'self'|'unsafe-eval'$)/.test(s)), 'no host, wildcard or self in the offline policy');
      } else {
        const p = metaPolicy(path.join(DIST, 'index.html'));
        assert.deepEqual(p['default-src'], ["'none'"]);
        assert.deepEqual(p['connect-src'], ["'self'"]);
        assert.ok(!Object.values(p).flat().some((s) => /^(https?:|\*)/.test(s)), 'no host or wildcard');
        assert.ok(!p['script-src'].some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'"), 'no inline script, no eval');
        const worker = parsePolicy(SCRIPT_CSP);
        assert.deepEqual(worker['default-src'], ["'none'"]);
        assert.deepEqual(worker['connect-src'], ["'self'"]);
      }
    });
  });
}

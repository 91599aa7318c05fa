// Nothing from the data runs: every payload in tests/xss/payloads.txt, placed in pasted
// tab-cell text and TSV, in clipboard HTML (as cell text and as raw markup inside the
// cells), in .txt/.csv/.tsv/.html files opened with the file input, in the NAMES of dropped
// files, and in the page's own HTML export ("copy as table", loaded into a fresh page with
// scripts on). After each: no sentinel call, no dialog, no navigation, no element that loads
// or runs something beyond the page's own, no on* attribute, and the payload shown as text.
//
// Served page: with the CSP bypassed, so the page's DOM code itself is tested (the policy
// would otherwise hide a mistake). Offline file: with its CSP, where an injected handler
// would also show up as a policy violation.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIST, ensureBuilt, firePaste, launch, openTarget, scratch } from './helpers.mjs';
import { DANGEROUS, PAYLOADS, auditDom, csv, grown, htmlTable, missingText, sentinel, tabCell, tsv } from './xss.mjs';

/** Captures what the page puts on the clipboard (the real clipboard needs a permission). */
function captureClipboard() {
  if (!navigator.clipboard) return;
  window.__clipboard = {};
  navigator.clipboard.write = async (items) => {
    for (const item of items) {
      for (const type of item.types) window.__clipboard[type] = await (await item.getType(type)).text();
    }
  };
}

/** Waits until the page has shown more reports than `n`. */
async function reportAfter(page, n) {
  await page.waitForFunction((k) => Number(document.body.dataset.analyses || 0) > k, n, { timeout: 30000 });
}

async function analyses(page) {
  return page.evaluate(() => Number(document.body.dataset.analyses || 0));
}

/** Fires a paste with a synthetic clipboard and waits for the report. */
async function paste(page, { text, html }) {
  const n = await analyses(page);
  await firePaste(page, { text, html });
  await reportAfter(page, n);
}

/** Opens a file through the page's file input and waits for the report. */
async function open(page, file) {
  const n = await analyses(page);
  await page.setInputFiles('#file', file);
  await reportAfter(page, n);
}

/** The task cells of the rows table, by row index. */
async function taskTexts(page) {
  return page.evaluate(() => {
    const out = [];
    for (const tr of document.querySelectorAll('#panel-rows tr.row')) out[Number(tr.dataset.index)] = tr.querySelector('td.task').textContent;
    return out;
  });
}

for (const mode of ['served', 'file']) {
  describe(`nothing from the data runs (${mode})`, { concurrency: 1 }, () => {
    let ctx;
    let page;
    let server;
    let base;
    let baseline;
    const dialogs = [];
    const errors = [];
    const tmp = scratch(`xss-${mode}`);

    before(async () => {
      ensureBuilt();
      ({ server, base } = await openTarget(mode));
      ctx = await launch({ bypassCSP: mode === 'served' });
      await ctx.addInitScript(sentinel);
      await ctx.addInitScript(captureClipboard);
      page = ctx.pages()[0] || (await ctx.newPage());
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        d.dismiss().catch(() => {});
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(base);
      await reportAfter(page, 0);
      baseline = await page.evaluate(auditDom, DANGEROUS);
    });

    after(async () => {
      await ctx?.close();
      server?.close();
    });

    /** Lets event handlers, image errors, animations and refreshes fire, then checks that
     * none ran and nothing was added. */
    async function nothingRan(what) {
      await page.waitForTimeout(400);
      const state = await page.evaluate(() => ({ hits: [...window.__xssHits], violations: [...window.__cspViolations] }));
      assert.deepEqual(state.hits, [], `${what}: a payload ran`);
      assert.deepEqual(state.violations, [], `${what}: something tried to run and the policy stopped it`);
      assert.deepEqual(dialogs, [], `${what}: a dialog opened`);
      assert.equal(page.url(), base, `${what}: the page navigated`);
      const now = await page.evaluate(auditDom, DANGEROUS);
      assert.deepEqual(grown(baseline, now), [], `${what}: elements added`);
      assert.deepEqual(now.bad, [], `${what}: handlers or script URLs in the DOM`);
      assert.deepEqual(errors, [], `${what}: page errors`);
    }

    it(`has at least 100 payloads (${PAYLOADS.length}), and the checks notice a payload that runs`, async () => {
      assert.ok(PAYLOADS.length >= 100);
      assert.equal(new Set(PAYLOADS).size, PAYLOADS.length, 'no duplicate payloads');
      // The control: markup put in as HTML (what the page must never do) is caught.
      await page.evaluate(() => {
        const d = document.createElement('div');
        d.id = 'control';
        d.innerHTML = '<img src=x onerror="__xss(\'control\')">';
        document.body.append(d);
      });
      await page.waitForTimeout(300);
      const caught = await page.evaluate(() => [...window.__xssHits, ...window.__cspViolations]);
      assert.ok(caught.length > 0, 'the sentinel saw the control payload');
      assert.equal((await page.evaluate(auditDom, DANGEROUS)).bad.length, 1, 'the audit saw the onerror attribute');
      await page.evaluate(() => {
        document.getElementById('control').remove();
        window.__xssHits.length = 0;
        window.__cspViolations.length = 0;
      });
    });

    it('pasted tab-cell text: payloads in the title, every cell and the units stay text', async () => {
      const text = tabCell(PAYLOADS, (p, k) => (k % 2 ? `区统计局${p}` : '区人力社保局'));
      await paste(page, { text });
      await nothingRan('tab-cell paste');
      await page.click('#tab-rows');
      const tasks = await taskTexts(page);
      assert.equal(tasks.filter((t) => t !== undefined).length, PAYLOADS.length, 'a row per payload');
      assert.deepEqual(missingText(PAYLOADS, tasks), [], 'payloads shown verbatim in the task cells');
      assert.ok((await page.textContent('.report-title')).includes(PAYLOADS[0]), 'the title shows its payload as text');
      // The other views of the same report (departments chart and table, filters).
      await page.click('#tab-units');
      await page.click('#tab-overview');
      await nothingRan('tab-cell paste, other views');
    });

    it('pasted TSV', async () => {
      // Table tags typed into cells (<td …>, <table>) are data: the text stays a TSV table.
      await paste(page, { text: tsv(PAYLOADS) });
      await nothingRan('TSV paste');
      await page.click('#tab-rows');
      assert.deepEqual(missingText(PAYLOADS, await taskTexts(page)), []);
    });

    it('pasted clipboard HTML with the payloads as cell text', async () => {
      await paste(page, { html: htmlTable(PAYLOADS, false), text: 'plain' });
      await nothingRan('HTML paste (text)');
      await page.click('#tab-rows');
      assert.deepEqual(missingText(PAYLOADS, await taskTexts(page)), []);
    });

    it('pasted clipboard HTML with the payloads as raw markup inside the cells', async () => {
      // In batches: an unclosed <!--, <script> or <plaintext> swallows what follows it.
      for (let i = 0; i < PAYLOADS.length; i += 20) {
        await paste(page, { html: htmlTable(PAYLOADS.slice(i, i + 20), true), text: 'plain' });
        await nothingRan(`HTML paste (raw markup ${i + 1}–${Math.min(i + 20, PAYLOADS.length)})`);
      }
      // And one payload per row, each alone in a table.
      await paste(page, { html: htmlTable(PAYLOADS, true), text: 'plain' });
      await nothingRan('HTML paste (raw markup, all)');
    });

    it('opened .txt, .tsv, .csv and .html files', async () => {
      const files = {
        'payloads.txt': [tabCell(PAYLOADS), PAYLOADS],
        'payloads.tsv': [tsv(PAYLOADS), PAYLOADS],
        'payloads.csv': [csv(PAYLOADS), PAYLOADS],
        'payloads.html': [htmlTable(PAYLOADS, false), PAYLOADS],
        'payloads-raw.html': [htmlTable(PAYLOADS, true), null],
      };
      for (const [name, [text, shown]] of Object.entries(files)) {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, text);
        await open(page, file);
        await nothingRan(`file ${name}`);
        if (shown) {
          await page.click('#tab-rows');
          assert.deepEqual(missingText(shown, await taskTexts(page)), [], `${name}: payloads as text`);
        }
      }
    });

    it('file names: a dropped file named by each payload, and some through the file input', async () => {
      const text = tsv(['']);
      const notes = await page.evaluate(
        async ({ names, text }) => {
          const out = [];
          for (const name of names) {
            const n = Number(document.body.dataset.analyses || 0);
            const dt = new DataTransfer();
            dt.items.add(new File([text], name, { type: 'text/plain' }));
            document.getElementById('input').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
            const started = performance.now();
            while (Number(document.body.dataset.analyses || 0) <= n) {
              if (performance.now() - started > 20000) throw new Error(`no report after dropping ${name}`);
              await new Promise((r) => setTimeout(r, 5));
            }
            out.push(document.getElementById('input-note').textContent);
          }
          return out;
        },
        { names: PAYLOADS, text },
      );
      await nothingRan('dropped file names');
      assert.deepEqual(missingText(PAYLOADS, notes), [], 'each name shown as text in the note');
      const plain = PAYLOADS.filter((p) => !p.includes('/') && !p.includes('\\')).slice(0, 6);
      for (const name of plain) {
        await open(page, { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
        assert.ok((await page.textContent('#input-note')).includes(name), name);
      }
      await nothingRan('file-input names');
    });

    it('"copy as table": the exported HTML runs nothing when opened with scripts on', async (t) => {
      if (await page.isDisabled('#copy-table')) {
        t.skip('this build has no HTML exporter');
        return;
      }
      /** Copies the report shown and loads the HTML into a fresh page; returns its audit. */
      const exported = async () => {
        await page.evaluate(() => {
          window.__clipboard = {};
        });
        await page.click('#copy-table');
        await page.waitForFunction(() => window.__clipboard && window.__clipboard['text/html']);
        const html = await page.evaluate(() => window.__clipboard['text/html']);
        const fresh = await ctx.newPage();
        fresh.on('dialog', (d) => {
          dialogs.push(d.message());
          d.dismiss().catch(() => {});
        });
        await fresh.setContent(html);
        await fresh.waitForTimeout(500);
        const out = {
          audit: await fresh.evaluate(auditDom, DANGEROUS),
          ...(await fresh.evaluate(() => ({ hits: [...window.__xssHits], cells: [...document.querySelectorAll('td')].map((td) => td.textContent), text: document.body.textContent }))),
        };
        // The control: the same fresh page does run markup put into it.
        await fresh.setContent('<img src=x onerror="__xss(\'control\')">');
        await fresh.waitForTimeout(300);
        out.control = await fresh.evaluate(() => [...window.__xssHits]);
        await fresh.close();
        return out;
      };
      await page.click('#load-sample');
      await page.waitForTimeout(300);
      const clean = await exported();
      assert.deepEqual(clean.hits, []);
      assert.deepEqual(clean.control, ["__xss(control)"], 'the fresh page runs scripts (the check can fail)');
      // All payloads as HTML cell text (the title from a plain tab-cell paste is checked below).
      await paste(page, { html: htmlTable(PAYLOADS, false), text: 'plain' });
      const evil = await exported();
      assert.deepEqual(evil.hits, [], 'a payload in the exported HTML ran');
      assert.deepEqual(grown(clean.audit, evil.audit), [], 'the export holds elements the payloads made');
      assert.deepEqual(evil.audit.bad, []);
      assert.deepEqual(missingText(PAYLOADS, PAYLOADS.map((p) => (evil.cells.some((c) => c.includes(p)) ? p : ''))), [], 'each payload is a cell’s text');
      await paste(page, { text: tabCell(PAYLOADS, (p, k) => (k % 2 ? `区统计局${p}` : '区人力社保局')) });
      const titled = await exported();
      assert.deepEqual(titled.hits, []);
      assert.deepEqual(grown(clean.audit, titled.audit), []);
      assert.ok(titled.text.includes(PAYLOADS[0]), 'the title’s payload is text');
      await nothingRan('copy as table');
    });
  });
}

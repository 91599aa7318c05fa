// The browser checks, run on the served page and on the offline file (file://):
// the seed on first open, pastes (plain and HTML), filters, sorting, department click,
// period override, rules, JSON export, no network, no console errors, no script from data.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIST, OUT, ROOT, cliReport, corpusRows, ensureBuilt, firePaste, launch, lightCounts, openTarget, rowsToHtml, samplePath, scratch } from './helpers.mjs';

const LIGHTS = ['red', 'yellow', 'green', 'none'];

/** Waits until the page has shown more reports than `before`. */
async function nextReport(page, before) {
  await page.waitForFunction((n) => Number(document.body.dataset.analyses || 0) > n, before, { timeout: 20000 });
}

/** How many reports the page has shown so far. */
async function analyses(page) {
  return page.evaluate(() => Number(document.body.dataset.analyses || 0));
}

/** Runs an action and waits for the report it causes. */
async function andWait(page, action) {
  const n = await analyses(page);
  await action();
  await nextReport(page, n);
}

/** The light counts on the overview tiles. */
async function tileCounts(page) {
  return page.evaluate((lights) => {
    const out = {};
    for (const l of lights) out[l] = Number(document.querySelector(`.tile[data-kind="${l}"]`).dataset.count);
    out.rows = Number(document.querySelector('.tile[data-kind="rows"]').dataset.count);
    return out;
  }, LIGHTS);
}

/** Rows shown by the rows view (after filters), and the total. */
async function shownRows(page) {
  return page.evaluate(() => {
    const c = document.querySelector('#panel-rows .count');
    return { shown: Number(c.dataset.shown), total: Number(c.dataset.total) };
  });
}

/** Fires a paste on the input with a synthetic clipboard (DataTransfer). */
const paste = firePaste;

/** Sets a select's value as a user would. */
async function choose(page, selector, value) {
  await page.selectOption(selector, value);
}

/** Defines the suite for 'served' or 'file'. */
export function defineSuite(mode) {
  describe(`page (${mode})`, { concurrency: 1 }, () => {
    let ctx;
    let page;
    let server;
    let base;
    const requests = [];
    const errors = [];
    const dialogs = [];
    const tmp = scratch(`e2e-${mode}`);
    let seed;

    before(async () => {
      ensureBuilt();
      fs.mkdirSync(OUT, { recursive: true });
      seed = cliReport(samplePath());
      ({ server, base } = await openTarget(mode));
      ctx = await launch();
      ctx.on('request', (r) => requests.push(r.url()));
      page = ctx.pages()[0] || (await ctx.newPage());
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        d.dismiss().catch(() => {});
      });
      await page.goto(base);
      await page.waitForFunction(() => Number(document.body.dataset.analyses || 0) > 0, null, { timeout: 30000 });
    });

    after(async () => {
      await ctx?.close();
      server?.close();
    });

    it('loads the seed on first open with the CLI’s rows and light counts', async () => {
      const tiles = await tileCounts(page);
      assert.equal(seed.rows.length, 206);
      assert.equal(tiles.rows, seed.rows.length);
      const want = lightCounts(seed);
      for (const l of LIGHTS) assert.equal(tiles[l], want[l], `${l} tile`);
      assert.equal(await page.locator('.report-title').textContent(), seed.title);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(OUT, `${mode}-overview.png`) });
    });

    it('shows the cells’ text unchanged around the highlights', async () => {
      await page.click('#tab-rows');
      const cells = await page.evaluate(() =>
        [...document.querySelectorAll('#panel-rows tr.row')].map((tr) => ({
          index: Number(tr.dataset.index),
          task: tr.querySelector('td.task').textContent,
          status: tr.querySelector('td.status').textContent,
        })),
      );
      assert.ok(cells.length >= Math.min(200, seed.rows.length));
      for (const c of cells) {
        assert.equal(c.task, seed.rows[c.index].task, `row ${c.index} task`);
        assert.equal(c.status, seed.rows[c.index].status, `row ${c.index} status`);
      }
      const marks = await page.evaluate(() => [...document.querySelectorAll('#panel-rows mark')].map((m) => m.textContent));
      const spans = seed.rows.slice(0, cells.length).flatMap((r) => [...r.targets.map((t) => t.text), ...r.pairs.filter((p) => p.actual).map((p) => p.actual.text)]);
      for (const text of spans) assert.ok(marks.some((m) => text.includes(m) || m.includes(text)), `highlight for ${text}`);
    });

    it('filters by light, department, problem and text, and sorts', async () => {
      await page.click('#tab-rows');
      const want = lightCounts(seed);
      for (const l of LIGHTS) {
        await choose(page, '#filter-light', l);
        assert.equal((await shownRows(page)).shown, want[l], `light ${l}`);
      }
      await page.click('#filter-reset');
      const unit = [...seed.units].sort((a, b) => b.rows - a.rows)[0];
      await choose(page, '#filter-unit', unit.name);
      assert.equal((await shownRows(page)).shown, seed.rows.filter((r) => r.units.includes(unit.name)).length);
      await page.click('#filter-reset');
      const codes = [...new Set(seed.rows.flatMap((r) => r.flags.map((f) => f.code)))];
      for (const code of codes) {
        await choose(page, '#filter-flag', code);
        assert.equal((await shownRows(page)).shown, seed.rows.filter((r) => r.flags.some((f) => f.code === code)).length, `flag ${code}`);
      }
      await page.click('#filter-reset');
      await page.fill('#filter-text', '就业');
      await page.waitForFunction(() => document.querySelector('#panel-rows .count').dataset.shown !== document.querySelector('#panel-rows .count').dataset.total);
      const hay = (r) => `${r.task}\n${r.status}\n${r.units.join(' ')}\n${r.category || ''}`;
      assert.equal((await shownRows(page)).shown, seed.rows.filter((r) => hay(r).includes('就业')).length);
      await page.click('#filter-reset');
      assert.equal((await shownRows(page)).shown, seed.rows.length);
      // Serial descending: the last row comes first.
      await page.click('button.sort[data-sort="seq"]');
      assert.equal(Number(await page.locator('#panel-rows tr.row').first().getAttribute('data-index')), seed.rows.length - 1);
      await page.click('button.sort[data-sort="seq"]');
      // Light: the worst light present comes first.
      await page.click('button.sort[data-sort="light"]');
      const worst = LIGHTS.find((l) => lightCounts(seed)[l] > 0);
      assert.equal(await page.locator('#panel-rows tr.row').first().getAttribute('data-light'), worst);
      await page.click('button.sort[data-sort="seq"]');
    });

    it('filters the rows to a department clicked in the chart', async () => {
      await page.click('#tab-units');
      await page.evaluate(() => document.getElementById('results').scrollIntoView());
      await page.screenshot({ path: path.join(OUT, `${mode}-departments.png`) });
      const bar = page.locator('.unit-chart .bar').nth(1);
      const name = await bar.locator('title').textContent();
      await bar.click();
      assert.equal(await page.getAttribute('#tab-rows', 'aria-selected'), 'true');
      const unitName = name.split(' · ')[0];
      assert.equal(await page.inputValue('#filter-unit'), unitName);
      const unit = seed.units.find((u) => u.name === unitName);
      assert.equal((await shownRows(page)).shown, unit.rows);
      // The table's department buttons work from the keyboard too.
      await page.click('#tab-units');
      const link = page.locator('.unit-link').first();
      const linkName = await link.textContent();
      await link.focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue('#filter-unit'), linkName);
      await page.click('#filter-reset');
    });

    it('expands a row to show targets against figures and the schedule', async () => {
      await page.click('#tab-rows');
      const first = page.locator('#panel-rows tr.row').first();
      await first.locator('.expand').click();
      assert.equal(await first.locator('.expand').getAttribute('aria-expanded'), 'true');
      const detail = page.locator('#panel-rows tr.detail').first();
      assert.ok(await detail.isVisible());
      const row = seed.rows[Number(await first.getAttribute('data-index'))];
      assert.equal(await detail.locator('.pairs tbody tr').count(), row.pairs.length);
      await page.locator('#panel-rows tr.row').nth(2).locator('.expand').click();
      await page.evaluate(() => document.getElementById('panel-rows').scrollIntoView());
      await page.screenshot({ path: path.join(OUT, `${mode}-rows.png`) });
    });

    it('re-analyses with an overridden period', async () => {
      await page.click('#tab-overview');
      const q1 = cliReport(samplePath(), ['--period', '0.25']);
      await andWait(page, () => choose(page, '#period-select', 'q1'));
      const tiles = await tileCounts(page);
      const want = lightCounts(q1);
      for (const l of LIGHTS) assert.equal(tiles[l], want[l], `${l} tile at 一季度`);
      assert.match(await page.locator('.period-now').textContent(), /一季度/);
      await andWait(page, () => choose(page, '#period-select', 'auto'));
      assert.match(await page.locator('.period-now').textContent(), new RegExp(seed.period ? seed.period.label : '.'));
    });

    it('applies edited rules, keeps them across a reload, and resets them', async () => {
      await page.click('#tab-rules');
      const defaults = JSON.parse(JSON.stringify(await page.evaluate(() => ({
        strong: document.getElementById('rule-risk-strong').value.split('\n'),
        weak: document.getElementById('rule-risk-weak').value.split('\n'),
      }))));
      const rules = { nearMiss: 0.25, riskStrong: [...defaults.strong, '推进'], riskWeak: defaults.weak };
      const config = path.join(tmp, 'rules.json');
      fs.writeFileSync(config, JSON.stringify(rules));
      const expected = cliReport(samplePath(), ['--config', config]);
      await page.fill('#rule-near-miss', '25');
      await andWait(page, () => page.dispatchEvent('#rule-near-miss', 'change'));
      await page.fill('#rule-risk-strong', rules.riskStrong.join('\n'));
      await andWait(page, () => page.dispatchEvent('#rule-risk-strong', 'change'));
      await page.click('#tab-overview');
      const tiles = await tileCounts(page);
      const want = lightCounts(expected);
      for (const l of LIGHTS) assert.equal(tiles[l], want[l], `${l} tile with edited rules`);
      await page.reload();
      await nextReport(page, 0);
      await page.click('#tab-rules');
      assert.equal(await page.inputValue('#rule-near-miss'), '25');
      assert.match(await page.inputValue('#rule-risk-strong'), /推进/);
      await andWait(page, () => page.click('#rules-reset'));
      assert.equal(await page.inputValue('#rule-risk-strong'), defaults.strong.join('\n'));
      const back = await tileCounts(page);
      for (const l of LIGHTS) assert.equal(back[l], lightCounts(seed)[l], `${l} tile after reset`);
    });

    it('exports the report as JSON', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
      const report = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
      assert.equal(report.rows.length, seed.rows.length);
      assert.deepEqual(lightCounts(report), lightCounts(seed));
      assert.match(download.suggestedFilename(), /^duban-.*\.json$/);
    });

    it('analyses the seed pasted as plain text', async () => {
      const text = fs.readFileSync(samplePath(), 'utf8');
      await andWait(page, () => paste(page, { text: 'x' }));
      assert.notEqual((await tileCounts(page)).rows, seed.rows.length);
      await andWait(page, () => paste(page, { text }));
      const tiles = await tileCounts(page);
      assert.equal(tiles.rows, seed.rows.length);
      for (const l of LIGHTS) assert.equal(tiles[l], lightCounts(seed)[l]);
    });

    it('takes the clipboard HTML when it holds a table', async () => {
      const html = rowsToHtml(corpusRows());
      const file = path.join(tmp, 'seed.html');
      fs.writeFileSync(file, html);
      const expected = cliReport(file);
      await andWait(page, () => paste(page, { html, text: 'not the table' }));
      assert.equal(await page.inputValue('#input'), html);
      const tiles = await tileCounts(page);
      assert.equal(tiles.rows, expected.rows.length);
      for (const l of LIGHTS) assert.equal(tiles[l], lightCounts(expected)[l]);
      // Without a <table> the plain text is taken.
      await andWait(page, () => paste(page, { html: '<p>hello</p>', text: 'plain words' }));
      assert.equal(await page.inputValue('#input'), 'plain words');
    });

    it('shows markup in the data as text and runs nothing', async () => {
      const evil = '<img src=x onerror=alert(1)>';
      const tsv = `序号\t目标任务\t完成情况\t牵头责任单位\n1\t${evil}新增就业1000人\t已完成<script>alert(2)</script>\t区统计局\n2\t地区生产总值增长6.5%\t增长6.4%\t区发展改革委\n`;
      const file = path.join(tmp, 'evil.tsv');
      fs.writeFileSync(file, tsv);
      const expected = cliReport(file);
      await andWait(page, () => paste(page, { text: tsv }));
      await page.click('#tab-rows');
      assert.equal((await shownRows(page)).total, expected.rows.length);
      const task = await page.locator('#panel-rows tr.row td.task').first().textContent();
      assert.ok(task.includes(evil), `task cell shows the markup as text: ${task}`);
      await andWait(page, () => paste(page, { html: `<table><tr><td>序号</td><td>目标任务</td><td>完成情况</td><td>牵头责任单位</td></tr><tr><td>1</td><td>${evil}<script>alert(3)</script>任务</td><td>完成</td><td>区统计局</td></tr></table>`, text: '' }));
      await page.waitForTimeout(300);
      assert.equal(await page.locator('#results img, #results script, #results iframe').count(), 0);
      assert.deepEqual(dialogs, []);
    });

    it('moves between tabs with the arrow keys and switches language', async () => {
      await page.click('#tab-overview');
      await page.focus('#tab-overview');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getAttribute('#tab-units', 'aria-selected'), 'true');
      assert.ok(await page.isVisible('#panel-units'));
      assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-units');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await page.getAttribute('#tab-overview', 'aria-selected'), 'true');
      await page.click('#lang');
      assert.equal(await page.textContent('#tab-overview'), 'Overview');
      assert.match(await page.textContent('.tile[data-kind="red"]'), /Red/);
      await page.click('#lang');
      assert.equal(await page.textContent('#tab-overview'), '概览');
    });

    it('opens text files in UTF-16 and GB18030', async () => {
      const text = fs.readFileSync(samplePath(), 'utf8');
      const utf16 = path.join(tmp, 'seed-utf16.txt');
      fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      await andWait(page, () => page.setInputFiles('#file', utf16));
      assert.equal((await tileCounts(page)).rows, seed.rows.length);
      assert.match(await page.textContent('#input-note'), /utf-16le/);
      const gb = path.join(tmp, 'seed-gb.txt');
      const py = spawnSync('python3', ['-c', `import sys; open(sys.argv[2],'wb').write(open(sys.argv[1],encoding='utf-8').read().encode('gb18030'))`, samplePath(), gb]);
      if (py.status === 0) {
        await andWait(page, () => page.setInputFiles('#file', gb));
        assert.equal((await tileCounts(page)).rows, seed.rows.length);
        assert.match(await page.textContent('#input-note'), /gb18030/);
        assert.equal(await page.inputValue('#input'), text.replace(/\r\n/g, '\n'));
      }
    });

    it('stays responsive on a big input and renders the rows in windows', async () => {
      const one = fs.readFileSync(samplePath(), 'utf8');
      const big = Array.from({ length: 25 }, () => one).join('\n\n');
      const file = path.join(tmp, 'big.txt');
      fs.writeFileSync(file, big);
      const expected = cliReport(file);
      await page.evaluate(() => {
        window.__gaps = [];
        let last = performance.now();
        const tick = (now) => {
          window.__gaps.push(now - last);
          last = now;
          if (window.__gaps.length < 100000) window.__raf = requestAnimationFrame(tick);
        };
        window.__raf = requestAnimationFrame(tick);
      });
      await andWait(page, () => paste(page, { text: big }));
      const maxGap = await page.evaluate(() => {
        cancelAnimationFrame(window.__raf);
        return Math.max(...window.__gaps);
      });
      console.log(`# big input: ${expected.rows.length} rows, ${big.length} chars; longest main-thread frame gap ${Math.round(maxGap)} ms`);
      assert.ok(maxGap < 700, `the page froze for ${Math.round(maxGap)} ms`);
      assert.equal((await tileCounts(page)).rows, expected.rows.length);
      await page.click('#tab-rows');
      const rendered = await page.locator('#panel-rows tr.row').count();
      assert.ok(rendered < expected.rows.length && rendered <= 400, `${rendered} rows in the DOM`);
      await page.click('#show-more');
      assert.ok((await page.locator('#panel-rows tr.row').count()) > rendered);
      await andWait(page, () => page.click('#load-sample'));
      assert.equal((await tileCounts(page)).rows, seed.rows.length);
    });

    it('exports CSV and .xlsx and copies an HTML table (when the core has exporters)', async (t) => {
      if (await page.isDisabled('#export-csv')) {
        assert.ok(await page.isVisible('#export-note'), 'disabled exports are explained');
        t.skip('this build has no core exporters yet');
        return;
      }
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
      const text = fs.readFileSync(await csv.path(), 'utf8');
      assert.ok(text.startsWith('\uFEFF'), 'CSV starts with a BOM');
      assert.match(csv.suggestedFilename(), /\.csv$/);
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
      assert.deepEqual([...fs.readFileSync(await xlsx.path()).subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
      await page.click('#copy-table');
      await page.waitForFunction(() => /复制|Copied/.test(document.getElementById('status').textContent));
    });

    it('reads .docx and .xlsx files with the full module (when the fixtures exist)', async (t) => {
      const fixtures = ['seed.docx', 'seed.xlsx'].map((f) => path.join(ROOT, 'tests', 'fixtures', f)).filter((f) => fs.existsSync(f));
      if (!fixtures.length) {
        t.skip('no .docx/.xlsx fixtures in this tree');
        return;
      }
      for (const file of fixtures) {
        const expected = cliReport(file);
        await andWait(page, () => page.setInputFiles('#file', file));
        assert.equal((await tileCounts(page)).rows, expected.rows.length, path.basename(file));
        assert.deepEqual(await tileCounts(page), { ...lightCounts(expected), rows: expected.rows.length });
      }
      await andWait(page, () => page.click('#load-sample'));
    });

    it('reads a dropped file, links duplicates, and clears', async () => {
      const tsv = `序号\t目标任务\t完成情况\t牵头责任单位\n1\t新增城镇就业8950人\t新增城镇就业7356人\t区人力社保局\n2\t新增城镇就业8950人\t完成7356人\t区人力社保局\n`;
      const file = path.join(tmp, 'dropped.tsv');
      fs.writeFileSync(file, tsv);
      const expected = cliReport(file);
      await andWait(page, () =>
        page.evaluate((text) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], 'dropped.tsv', { type: 'text/tab-separated-values' }));
          document.getElementById('input').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }, tsv),
      );
      assert.equal((await tileCounts(page)).rows, expected.rows.length);
      assert.match(await page.textContent('#input-note'), /dropped\.tsv/);
      if (expected.duplicates.length) {
        await page.click('#tab-rows');
        const [a, b] = expected.duplicates[0];
        await page.locator(`#row-${a} .dup-link`).first().click();
        assert.equal(await page.evaluate(() => document.activeElement.closest('tr')?.id), `row-${b}`);
      }
      await page.click('#clear');
      assert.ok(await page.isHidden('#results'));
      assert.equal(await page.inputValue('#input'), '');
      await andWait(page, () => page.click('#load-sample'));
      assert.equal((await tileCounts(page)).rows, seed.rows.length);
    });

    it('made no network request beyond its own files and logged no error', async () => {
      const own = (url) => (mode === 'served' ? url.startsWith(base) : url === base || url.startsWith('blob:') || url.startsWith('data:'));
      const foreign = requests.filter((u) => !own(u));
      assert.deepEqual(foreign, []);
      assert.deepEqual(errors, []);
      assert.deepEqual(dialogs, []);
    });
  });
}

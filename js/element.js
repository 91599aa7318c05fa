// <duban-report>: the Report as a table inside a portal page.
//
//   <script type="module">import 'duban/element';</script>
//   <duban-report lang="zh" period="0.5" rules='{"nearMiss":0.05}'>
//     <script type="text/plain">…the report text…</script>
//   </duban-report>
//
// Input, first found wins: the `input` property (text or Uint8Array), the `input`
// attribute, the text of a child <script type="text/plain">. Attributes: `period` (the
// elapsed share of the year, 0 < p ≤ 1), `lang` (zh | en, the element's own words; the
// report's text and flag messages stay Chinese), `rules` (JSON, see Rules in the types).
// Events (bubbling, composed): `duban-analyzed` { report, summary }, `duban-row-click`
// { row }, `duban-flag-click` { row, flag }, `duban-error` { message }.
//
// Everything is inside a shadow root: the host page's CSS does not reach in (the host is
// reset with `all: initial`) and ours does not reach out. Hosts adjust it through
// `--duban-*` custom properties and `::part(...)`. The DOM is built with createElement and
// textContent only: the report's text is data and never becomes markup. A light is a
// shape and a word, never colour alone.

import { init, analyze, sniff } from './index.js';

const WORDS = {
  zh: {
    seq: '序号',
    task: '目标任务',
    status: '完成情况',
    units: '牵头单位',
    light: '灯',
    flags: '问题',
    rows: '任务',
    lights: { red: '红', yellow: '黄', green: '绿', none: '无' },
    lightLong: { red: '红灯', yellow: '黄灯', green: '绿灯', none: '无灯' },
    period: (label, pct) => `报告期：${label}（序时进度 ${pct}%）`,
    loading: '正在分析…',
    empty: '没有报告内容。',
    failed: '无法分析：',
    badRules: 'rules 属性不是有效的 JSON：',
    table: '督办任务表',
  },
  en: {
    seq: 'No.',
    task: 'Task',
    status: 'Status',
    units: 'Lead units',
    light: 'Light',
    flags: 'Problems',
    rows: 'tasks',
    lights: { red: 'Red', yellow: 'Yellow', green: 'Green', none: 'None' },
    lightLong: { red: 'Red light', yellow: 'Yellow light', green: 'Green light', none: 'No light' },
    period: (label, pct) => `Period: ${label} (${pct}% of the year elapsed)`,
    loading: 'Analysing…',
    empty: 'No report to show.',
    failed: 'Could not analyse: ',
    badRules: 'the rules attribute is not valid JSON: ',
    table: 'Tasks',
  },
};

/** Shapes that tell the lights apart without colour. */
const SYMBOLS = { red: '■', yellow: '▲', green: '●', none: '○' };
const LIGHTS = ['red', 'yellow', 'green', 'none'];

const STYLE = `
:host {
  all: initial;
  display: block;
  contain: content;
  font-family: var(--duban-font, system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif);
  font-size: var(--duban-font-size, 14px);
  line-height: 1.5;
  color: var(--duban-text, #1f2328);
  background: var(--duban-bg, #ffffff);
  --_red: var(--duban-red, #c62828);
  --_yellow: var(--duban-yellow, #b7791f);
  --_green: var(--duban-green, #2e7d32);
  --_none: var(--duban-none, #6b7280);
  --_border: var(--duban-border, #d0d7de);
  --_muted: var(--duban-muted, #57606a);
  --_head: var(--duban-header-bg, #f6f8fa);
  --_mark: var(--duban-mark, #fff3b0);
  --_accent: var(--duban-accent, #0b57d0);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.header { padding: 8px 0; }
.title { margin: 0 0 4px; font-size: 1.15em; font-weight: 600; }
.period { margin: 0 0 6px; color: var(--_muted); }
.summary { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
.count { border: 1px solid var(--_border); border-radius: 999px; padding: 1px 10px; }
.message { margin: 8px 0; color: var(--_muted); }
.message.error { color: var(--_red); }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: transparent; }
th, td { border: 1px solid var(--_border); padding: 4px 6px; vertical-align: top; text-align: left; background: transparent; }
th { background: var(--_head); font-weight: 600; white-space: nowrap; }
td.seq { white-space: nowrap; text-align: right; color: var(--_muted); }
td.task, td.status { white-space: pre-wrap; min-width: 12em; }
td.units { min-width: 6em; }
td.flags-cell { min-width: 11em; }
td.light-cell { white-space: nowrap; }
tr.row { cursor: pointer; }
tr.row:hover td { background: var(--_head); }
tr.row:focus-visible { outline: 2px solid var(--_accent); outline-offset: -2px; }
.light { display: inline-block; white-space: nowrap; padding: 0 6px; border-radius: 4px; font-weight: 600; color: #fff; }
.light.red { background: var(--_red); }
.light.yellow { background: var(--_yellow); }
.light.green { background: var(--_green); }
.light.none { background: transparent; color: var(--_none); border: 1px solid var(--_border); }
.flags { margin: 0; padding: 0; list-style: none; }
.flag { display: block; width: 100%; margin: 0 0 3px; padding: 1px 4px; border: 0; border-left: 3px solid var(--_none);
  background: transparent; color: inherit; font: inherit; text-align: left; cursor: pointer; }
.flag.red { border-left-color: var(--_red); }
.flag.yellow { border-left-color: var(--_yellow); }
.flag:focus-visible { outline: 2px solid var(--_accent); }
mark { background: var(--_mark); color: inherit; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** An element with a class, a part and optional text. */
function el(tag, cls, part, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (part) e.setAttribute('part', part);
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** Light counts over the rows. */
function summarize(report) {
  const s = { rows: report.rows.length, red: 0, yellow: 0, green: 0, none: 0 };
  for (const row of report.rows) if (row.light in s) s[row.light] += 1;
  return s;
}

/**
 * Fills a cell with its text, wrapping the given spans (UTF-16 [start, end), as the core
 * gives them) in <mark>. Overlapping or out-of-range spans are skipped, never trusted.
 */
function fillMarked(cell, text, spans) {
  const sorted = spans
    .filter((s) => Array.isArray(s) && s[0] >= 0 && s[1] > s[0] && s[1] <= text.length)
    .sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [start, end] of sorted) {
    if (start < at) continue;
    if (start > at) cell.append(document.createTextNode(text.slice(at, start)));
    cell.append(el('mark', '', 'evidence', text.slice(start, end)));
    at = end;
  }
  if (at < text.length) cell.append(document.createTextNode(text.slice(at)));
}

/** The element's light badge: shape + word (+ a longer label for screen readers). */
function lightBadge(light, words) {
  const badge = el('span', `light ${light}`, `light light-${light}`, `${SYMBOLS[light]} ${words.lights[light]}`);
  badge.title = words.lightLong[light];
  return badge;
}

const Base = globalThis.HTMLElement ?? class {};

/** The `<duban-report>` element. */
export class DubanReport extends Base {
  static get observedAttributes() {
    return ['input', 'period', 'lang', 'rules'];
  }

  #input = undefined;
  #report = null;
  #run = 0;
  #scheduled = false;
  #observer = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style, el('div', 'view', 'view'));
  }

  /** The input: report text or a file's bytes. Setting it re-analyses. */
  get input() {
    return this.#input;
  }

  set input(value) {
    this.#input = value;
    this.#schedule();
  }

  /** The last Report shown, or null. */
  get report() {
    return this.#report;
  }

  connectedCallback() {
    if (!this.#observer && typeof MutationObserver === 'function') {
      this.#observer = new MutationObserver(() => this.#schedule());
      this.#observer.observe(this, { childList: true, subtree: true, characterData: true });
    }
    this.#schedule();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  attributeChangedCallback(_name, oldValue, newValue) {
    if (oldValue !== newValue) this.#schedule();
  }

  /** Re-analyses once after the current task, however many things changed. */
  #schedule() {
    if (this.#scheduled || !this.isConnected) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#analyze();
    });
  }

  get #words() {
    const lang = (this.getAttribute('lang') || '').toLowerCase();
    return lang.startsWith('en') ? WORDS.en : WORDS.zh;
  }

  /** The input in force: property, attribute, then a child <script type="text/plain">. */
  #currentInput() {
    if (this.#input !== undefined && this.#input !== null) return this.#input;
    if (this.hasAttribute('input')) return this.getAttribute('input');
    const script = this.querySelector(':scope > script[type="text/plain"]');
    // Drop the line break right after <script>, which is layout, not data.
    if (script) return script.textContent.replace(/^\r?\n/, '');
    return null;
  }

  /** Options from the attributes; throws an Error naming a bad attribute. */
  #options() {
    const options = {};
    const period = this.getAttribute('period');
    if (period !== null && period.trim() !== '') {
      const p = Number(period);
      if (!(p > 0 && p <= 1)) throw new Error(`period="${period}" is not a share of the year (0 < p ≤ 1)`);
      options.period = p;
    }
    const rules = this.getAttribute('rules');
    if (rules !== null && rules.trim() !== '') {
      try {
        options.rules = JSON.parse(rules);
      } catch (e) {
        throw new Error(this.#words.badRules + e.message);
      }
    }
    return options;
  }

  async #analyze() {
    const run = ++this.#run;
    const words = this.#words;
    const input = this.#currentInput();
    if (input === null || (typeof input === 'string' && input.trim() === '')) {
      this.#report = null;
      this.#showMessage(words.empty, false);
      return;
    }
    this.#showMessage(words.loading, false);
    try {
      const options = this.#options();
      await init();
      if (typeof input !== 'string' && sniff(input) === 'zip') await init({ files: true });
      if (run !== this.#run) return;
      const report = analyze(input, options);
      this.#report = report;
      const summary = summarize(report);
      this.#render(report, summary, words);
      this.#emit('duban-analyzed', { report, summary });
    } catch (e) {
      if (run !== this.#run) return;
      const message = e instanceof Error ? e.message : String(e);
      this.#report = null;
      this.#showMessage(words.failed + message, true);
      this.#emit('duban-error', { message });
    }
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #view() {
    return this.shadowRoot.querySelector('.view');
  }

  #showMessage(text, isError) {
    const msg = el('p', isError ? 'message error' : 'message', 'message', text);
    if (isError) msg.setAttribute('role', 'alert');
    this.#view().replaceChildren(msg);
  }

  #render(report, summary, words) {
    const view = this.#view();
    const header = el('div', 'header', 'header');
    if (report.title) header.append(el('h2', 'title', 'title', report.title));
    if (report.period) {
      const pct = Math.round(report.period.elapsed * 1000) / 10;
      header.append(el('p', 'period', 'period', words.period(report.period.label, pct)));
    }
    const counts = el('ul', 'summary', 'summary');
    counts.append(el('li', 'count', 'count count-rows', `${words.rows} ${summary.rows}`));
    for (const light of LIGHTS) {
      const li = el('li', `count ${light}`, `count count-${light}`);
      li.append(lightBadge(light, words), document.createTextNode(` ${summary[light]}`));
      li.dataset.light = light;
      li.dataset.count = String(summary[light]);
      counts.append(li);
    }
    header.append(counts);

    const table = el('table', '', 'table');
    table.append(el('caption', 'sr', null, words.table));
    const head = el('thead', '', 'head');
    const hr = el('tr');
    for (const key of ['seq', 'task', 'status', 'units', 'light', 'flags']) {
      const th = el('th', `h-${key}`, `header-cell header-${key}`, words[key]);
      th.scope = 'col';
      hr.append(th);
    }
    head.append(hr);
    const body = el('tbody');
    for (const row of report.rows) body.append(this.#renderRow(row, words));
    table.append(head, body);
    const wrap = el('div', 'wrap', 'wrap');
    wrap.append(table);
    view.replaceChildren(header, wrap);
  }

  #renderRow(row, words) {
    const tr = el('tr', `row ${row.light}`, `row row-${row.light}`);
    tr.tabIndex = 0;
    tr.dataset.index = String(row.index);
    tr.dataset.light = row.light;
    const evidence = (cell) => row.flags.filter((f) => f.cell === cell && f.span).map((f) => f.span);

    tr.append(el('td', 'seq', 'cell cell-seq', row.seq === null ? '' : String(row.seq)));
    const task = el('td', 'task', 'cell cell-task');
    fillMarked(task, row.task, evidence('task'));
    const status = el('td', 'status', 'cell cell-status');
    fillMarked(status, row.status, evidence('status'));
    const units = el('td', 'units', 'cell cell-units', row.units.join('、'));
    const light = el('td', 'light-cell', 'cell cell-light');
    light.append(lightBadge(row.light, words));
    const flags = el('td', 'flags-cell', 'cell cell-flags');
    if (row.flags.length) {
      const list = el('ul', 'flags');
      for (const flag of row.flags) {
        const li = el('li');
        const button = el('button', `flag ${flag.severity}`, `flag flag-${flag.severity}`, flag.message);
        button.type = 'button';
        button.dataset.code = flag.code;
        button.title = flag.code;
        button.addEventListener('click', (ev) => {
          ev.stopPropagation();
          this.#emit('duban-flag-click', { row, flag });
        });
        li.append(button);
        list.append(li);
      }
      flags.append(list);
    }
    tr.append(task, status, units, light, flags);
    tr.addEventListener('click', () => this.#emit('duban-row-click', { row }));
    tr.addEventListener('keydown', (ev) => {
      if (ev.target === tr && (ev.key === 'Enter' || ev.key === ' ')) {
        ev.preventDefault();
        this.#emit('duban-row-click', { row });
      }
    });
    return tr;
  }
}

if (globalThis.customElements && !globalThis.customElements.get('duban-report')) {
  globalThis.customElements.define('duban-report', DubanReport);
}

// The rows table: filters (light, department, problem, text), sorting, evidence
// highlighted in the cells, an expandable detail per row (each target against its
// figure and the time schedule), links between duplicates. Rendering is windowed:
// a few hundred rows at a time, more as the reader scrolls, so big reports stay quick.

import { el, replaceKids, debounce } from './dom.js';
import { t, tOf } from './i18n.js';
import { LIGHTS, lightBadge, percent, rowName } from './format.js';
import { markedText, cellMarks } from './highlight.js';

const CHUNK = 200;
/** Links shown under a row to the rows it duplicates; the rest are counted, not linked. */
const MAX_DUP_LINKS = 12;
const LIGHT_ORDER = { red: 0, yellow: 1, green: 2, none: 3 };
const SEVERITY_SYMBOL = { red: '▲', yellow: '△', info: 'ⓘ' };

/** The filters that show every row. */
export function noFilters() {
  return { light: '', unit: '', flag: '', text: '' };
}

/** The rows that pass the filters. */
export function filterRows(rows, filters) {
  const needle = (filters.text || '').trim().toLowerCase();
  return rows.filter((row) => {
    if (filters.light && row.light !== filters.light) return false;
    if (filters.unit && !row.units.includes(filters.unit)) return false;
    if (filters.flag && !row.flags.some((f) => f.code === filters.flag)) return false;
    if (needle) {
      const hay = `${row.task}\n${row.status}\n${row.units.join(' ')}\n${row.category || ''}`.toLowerCase();
      if (!hay.includes(needle)) return false;
    }
    return true;
  });
}

/** Sorts rows by a key ('seq', 'light', 'unit', 'problems') and direction (1 or -1). */
export function sortRows(rows, sort) {
  const by = {
    seq: (a, b) => a.index - b.index,
    light: (a, b) => LIGHT_ORDER[a.light] - LIGHT_ORDER[b.light] || a.index - b.index,
    unit: (a, b) => (a.units[0] || '').localeCompare(b.units[0] || '', 'zh') || a.index - b.index,
    problems: (a, b) => b.flags.length - a.flags.length || a.index - b.index,
  }[sort.key] || ((a, b) => a.index - b.index);
  const sorted = [...rows].sort(by);
  return sort.dir < 0 ? sorted.reverse() : sorted;
}

/** Words for the title of a highlighted target or figure. */
const describe = {
  target: (target) => `${t('target')}：${target.text}（${tOf('kind', target.kind)}）`,
  actual: (pair, row) => {
    const target = row.targets[pair.target];
    return `${t('actual')}：${pair.actual.text}${target ? ` ↔ ${target.text}` : ''} → ${tOf('verdict', pair.verdict)}`;
  },
};

/** A progress bar: the share done against the time schedule (序时进度). */
function scheduleBar(pair) {
  if (typeof pair.ratio !== 'number') return null;
  const fill = el('span', { class: `bar-fill verdict-${pair.verdict}` });
  fill.style.width = `${Math.max(0, Math.min(1, pair.ratio)) * 100}%`;
  const track = el('span', { class: 'bar-track', role: 'img', 'aria-label': `${t('ratio')} ${percent(pair.ratio)}, ${t('schedule')} ${percent(pair.expected)}` }, fill);
  if (typeof pair.expected === 'number') {
    const tick = el('span', { class: 'bar-tick', title: `${t('schedule')} ${percent(pair.expected)}` });
    tick.style.left = `${Math.max(0, Math.min(1, pair.expected)) * 100}%`;
    track.append(tick);
  }
  return el('span', { class: 'bar' }, track, ` ${t('ratio')} ${percent(pair.ratio)} / ${t('schedule')} ${percent(pair.expected)}`);
}

/** The detail under a row: targets against figures, partners, extra columns. */
function rowDetail(row, ctx) {
  const pairs = row.pairs.length
    ? el(
        'table',
        { class: 'pairs' },
        el('thead', null, el('tr', null, [t('target'), t('actual'), t('verdictCol'), t('schedule')].map((h) => el('th', { scope: 'col' }, h)))),
        el(
          'tbody',
          null,
          row.pairs.map((pair) => {
            const target = row.targets[pair.target] || { text: '?', kind: 'level' };
            const actual = pair.actual;
            return el(
              'tr',
              { class: `verdict-${pair.verdict}` },
              el('td', null, el('mark', { class: 'm-target' }, target.text), el('span', { class: 'muted' }, ` ${tOf('kind', target.kind)}`)),
              el('td', null, actual ? [el('mark', { class: 'm-actual' }, actual.text), actual.estimate ? t('estimate') : '', actual.period ? el('span', { class: 'muted' }, ` ${actual.period}`) : ''] : el('span', { class: 'muted' }, t('noActual'))),
              el('td', { class: 'verdict' }, tOf('verdict', pair.verdict)),
              el('td', null, scheduleBar(pair)),
            );
          }),
        ),
      )
    : el('p', { class: 'muted' }, t('noTargets'));
  const extras = Object.entries(row.extra || {}).map(([k, v]) => el('p', null, el('b', null, `${k}：`), v));
  return el(
    'div',
    { class: 'detail-box' },
    row.category ? el('p', null, el('b', null, `${t('category')}：`), row.category) : null,
    pairs,
    row.partners.length ? el('p', null, el('b', null, `${t('partners')}：`), row.partners.join('、')) : null,
    extras,
    row.flags.length ? el('ul', { class: 'flag-list' }, row.flags.map((f) => el('li', null, `${SEVERITY_SYMBOL[f.severity] || ''} ${tOf('flag', f.code)}：${f.message}`))) : null,
    ctx.dupLinks(row),
  );
}

/** The problems cell: each flag with its severity symbol, label and message. */
function problemsCell(row, ctx) {
  const flags = row.flags.filter((f) => f.code !== 'duplicate_task');
  return el(
    'td',
    { class: 'problems' },
    flags.length
      ? el(
          'ul',
          null,
          flags.map((f) => el('li', { class: `sev-${f.severity}`, title: f.message }, el('span', { class: 'sev' }, `${SEVERITY_SYMBOL[f.severity] || ''}${tOf('severity', f.severity)}`), ` ${tOf('flag', f.code)}：${f.message}`)),
        )
      : null,
    ctx.dupLinks(row),
  );
}

/** One table row (and its detail row when expanded). */
function rowElements(row, ctx) {
  const expanded = ctx.expanded.has(row.index);
  const toggle = el(
    'button',
    { type: 'button', class: 'expand', 'aria-expanded': expanded ? 'true' : 'false', title: expanded ? t('collapse') : t('expand'), onclick: () => ctx.toggle(row.index) },
    expanded ? '▾' : '▸',
  );
  const tr = el(
    'tr',
    { id: `row-${row.index}`, class: `row lit-${row.light}`, 'data-index': row.index, 'data-light': row.light },
    el('td', { class: 'seq' }, toggle, ' ', row.seq == null ? '—' : String(row.seq), row.seqInferred ? el('span', { class: 'muted', title: t('inferred') }, '*') : null),
    el('td', { class: 'task' }, markedText(row.task, cellMarks(row, 'task', describe))),
    el('td', { class: 'status' }, markedText(row.status, cellMarks(row, 'status', describe))),
    el('td', { class: 'units' }, row.units.join('\n')),
    el('td', { class: 'light-cell' }, lightBadge(row.light)),
    problemsCell(row, ctx),
  );
  if (!expanded) return [tr];
  return [tr, el('tr', { class: 'detail', id: `detail-${row.index}` }, el('td', { colspan: 6 }, rowDetail(row, ctx)))];
}

/** A labelled select for the filter bar. */
function filterSelect(id, label, options, value, onChange) {
  const select = el('select', { id, onchange: (e) => onChange(e.target.value) }, options.map(([v, text]) => el('option', { value: v }, text)));
  select.value = value;
  if (select.value !== value) select.value = '';
  return el('label', { class: 'filter' }, `${label} `, select);
}

/** Creates the rows view in its panel; returns its controls. */
export function createRowsView(panel) {
  let report = null;
  /** Row index → its duplicate group, built once per report (a big report can have
   * thousands of groups; looking each row up by scanning them all was quadratic). */
  let groups = null;
  let groupsOf = null;
  const groupOf = (index) => {
    if (groupsOf !== report) {
      groups = new Map();
      for (const g of report.duplicates) for (const i of g) groups.set(i, g);
      groupsOf = report;
    }
    return groups.get(index);
  };
  let filters = noFilters();
  let sort = { key: 'seq', dir: 1 };
  let shown = [];
  let limit = CHUNK;
  const expanded = new Set();
  const bar = el('div', { class: 'filters', role: 'search' });
  const count = el('span', { class: 'count', 'aria-live': 'polite' });
  const head = el('thead');
  const body = el('tbody');
  const more = el('div', { class: 'more' });
  const table = el('table', { class: 'rows' }, el('colgroup', null, ['c-seq', 'c-task', 'c-status', 'c-units', 'c-light', 'c-problems'].map((c) => el('col', { class: c }))), head, body);
  replaceKids(panel, bar, el('div', { class: 'table-wrap' }, table), more);
  const observer = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && showMore()) : null;

  const ctx = {
    expanded,
    toggle(index) {
      if (expanded.has(index)) expanded.delete(index);
      else expanded.add(index);
      renderBody();
      document.querySelector(`#row-${index} .expand`)?.focus();
    },
    dupLinks(row) {
      const group = groupOf(row.index);
      if (!group) return null;
      const others = group.filter((i) => i !== row.index);
      const links = others.slice(0, MAX_DUP_LINKS);
      return el(
        'p',
        { class: 'dups' },
        `${t('dupOf')} `,
        links.map((i, k) => [k ? '、' : '', el('button', { type: 'button', class: 'linklike dup-link', onclick: () => jumpTo(i) }, rowName(report.rows[i] || { seq: null, index: i }))]),
        others.length > links.length ? ` ${t('moreRows', others.length - links.length)}` : null,
      );
    },
  };

  function showMore() {
    if (limit >= shown.length) return;
    limit += CHUNK;
    renderBody();
  }

  function renderHead() {
    const th = (key, label) => {
      if (!key) return el('th', { scope: 'col' }, label);
      const active = sort.key === key;
      return el(
        'th',
        { scope: 'col', 'aria-sort': active ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
        el('button', { type: 'button', class: 'sort', 'data-sort': key, onclick: () => setSort(key) }, label, el('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (sort.dir > 0 ? ' ↑' : ' ↓') : ' ↕')),
      );
    };
    replaceKids(head, el('tr', null, th('seq', t('colSeq')), th(null, t('colTask')), th(null, t('colStatus')), th('unit', t('colUnits')), th('light', t('colLight')), th('problems', t('colProblems'))));
  }

  function renderBar() {
    const units = [...new Set(report.rows.flatMap((r) => r.units))];
    const codes = [...new Set(report.rows.flatMap((r) => r.flags.map((f) => f.code)))];
    const search = el('input', { type: 'search', id: 'filter-text', placeholder: t('filterTextPlaceholder'), value: filters.text });
    search.value = filters.text;
    search.addEventListener('input', debounce(() => setFilters({ text: search.value }), 200));
    replaceKids(
      bar,
      filterSelect('filter-light', t('filterLight'), [['', t('all')], ...LIGHTS.map((l) => [l, `${l === 'none' ? '○' : '●'}${tOf('light', l)}`])], filters.light, (v) => setFilters({ light: v })),
      filterSelect('filter-unit', t('filterUnit'), [['', t('all')], ...units.map((u) => [u, u])], filters.unit, (v) => setFilters({ unit: v })),
      filterSelect('filter-flag', t('filterFlag'), [['', t('all')], ...codes.map((c) => [c, tOf('flag', c)])], filters.flag, (v) => setFilters({ flag: v })),
      el('label', { class: 'filter' }, `${t('filterText')} `, search),
      el('button', { type: 'button', id: 'filter-reset', onclick: () => setFilters(noFilters(), true) }, t('resetFilters')),
      count,
    );
  }

  function renderBody() {
    const kids = [];
    for (const row of shown.slice(0, limit)) kids.push(...rowElements(row, ctx));
    replaceKids(body, kids);
    count.textContent = t('shown', shown.length, report.rows.length);
    count.dataset.shown = String(shown.length);
    count.dataset.total = String(report.rows.length);
    if (observer) observer.disconnect();
    if (limit < shown.length) {
      const button = el('button', { type: 'button', id: 'show-more', onclick: showMore }, t('showMore', shown.length - limit));
      replaceKids(more, button);
      if (observer) observer.observe(button);
    } else {
      replaceKids(more);
    }
  }

  function recompute() {
    shown = sortRows(filterRows(report.rows, filters), sort);
    limit = CHUNK;
    renderBody();
  }

  function setSort(key) {
    sort = sort.key === key ? { key, dir: -sort.dir } : { key, dir: 1 };
    renderHead();
    recompute();
  }

  function setFilters(partial, replace) {
    filters = replace ? { ...partial } : { ...filters, ...partial };
    renderBar();
    recompute();
  }

  function jumpTo(index) {
    let pos = shown.findIndex((r) => r.index === index);
    if (pos < 0) {
      filters = noFilters();
      renderBar();
      shown = sortRows(report.rows, sort);
      pos = shown.findIndex((r) => r.index === index);
    }
    if (pos >= limit) limit = pos + CHUNK;
    renderBody();
    const tr = document.getElementById(`row-${index}`);
    if (tr) {
      tr.scrollIntoView({ block: 'center' });
      tr.classList.add('flash');
      setTimeout(() => tr.classList.remove('flash'), 1600);
      tr.querySelector('.expand')?.focus({ preventScroll: true });
    }
  }

  return {
    setReport(next) {
      report = next;
      for (const i of [...expanded]) if (i >= report.rows.length) expanded.delete(i);
      renderHead();
      renderBar();
      recompute();
    },
    setFilters,
    jumpTo,
    /** Renders every shown row (before printing). */
    renderAll() {
      if (!report) return;
      limit = shown.length;
      renderBody();
    },
    refresh() {
      if (!report) return;
      renderHead();
      renderBar();
      renderBody();
    },
  };
}

// The overview: title, period (detected, with an override), counts by light,
// duplicates, problems by type and the input warnings with their line numbers.

import { el, replaceKids } from './dom.js';
import { t, tOf } from './i18n.js';
import { LIGHTS, countLights, lightBadge, rowName } from './format.js';

/** The period choices: value → { elapsed, label }. 'auto' keeps the detected period. */
export function periodChoices() {
  const list = [
    { value: 'q1', elapsed: 0.25, label: '一季度', text: t('q1') },
    { value: 'h1', elapsed: 0.5, label: '上半年', text: t('h1') },
    { value: 'q3', elapsed: 0.75, label: '前三季度', text: t('q3') },
    { value: 'year', elapsed: 1, label: '全年', text: t('year') },
  ];
  for (let n = 1; n <= 11; n++) {
    list.push({ value: `m${n}`, elapsed: n / 12, label: `1-${n}月`, text: t('months', n) });
  }
  return list;
}

/** The period select, showing the detected period as its first choice. */
function periodSelect(report, choice, onPeriod) {
  const detected = report.period && choice === 'auto' ? report.period.label : null;
  const select = el(
    'select',
    { id: 'period-select', onchange: (e) => onPeriod(e.target.value) },
    el('option', { value: 'auto' }, t('periodAuto', detected)),
    periodChoices().map((c) => el('option', { value: c.value }, c.text)),
  );
  select.value = choice;
  return el(
    'div',
    { class: 'period' },
    el('label', { for: 'period-select' }, t('period'), ' '),
    select,
    report.period ? el('span', { class: 'period-now' }, ` ${report.period.label} · ${t('schedule')} ${Math.round(report.period.elapsed * 100)}%`) : null,
    el('p', { class: 'help' }, t('periodHelp')),
  );
}

/** A tile with a count; clicking it shows the rows behind it. */
function tile(kind, label, count, onClick) {
  return el(
    'button',
    { type: 'button', class: `tile tile-${kind}`, onclick: onClick, 'data-count': count, 'data-kind': kind },
    el('span', { class: 'tile-count' }, String(count)),
    el('span', { class: 'tile-label' }, label),
  );
}

/** Counts flags by code over all rows. */
function flagCounts(rows) {
  const counts = new Map();
  for (const row of rows) {
    for (const code of new Set((row.flags || []).map((f) => f.code))) counts.set(code, (counts.get(code) || 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

/** The first `limit` items of a list, and a button that shows the rest in place. */
function capped(items, limit, renderItem, listAttrs) {
  const list = el('ul', listAttrs, items.slice(0, limit).map(renderItem));
  if (items.length <= limit) return list;
  const more = el('button', { type: 'button', class: 'linklike show-all' }, t('showAll', items.length));
  more.addEventListener('click', () => {
    list.append(...items.slice(limit).map(renderItem));
    more.remove();
  });
  return [list, more];
}

/** Rows linked per duplicate group; the rest are counted. */
const MAX_GROUP_LINKS = 12;

/** The list of duplicate groups, each row a link into the rows table. */
function duplicateList(report, onJump) {
  if (!report.duplicates.length) return el('p', { class: 'muted' }, t('noDuplicates'));
  return capped(
    report.duplicates,
    30,
    (group) =>
      el(
        'li',
        null,
        group.slice(0, MAX_GROUP_LINKS).map((index, i) => {
          const row = report.rows[index];
          if (!row) return null;
          const link = el('button', { type: 'button', class: 'linklike', onclick: () => onJump(index) }, rowName(row));
          const task = row.task.length > 40 ? `${row.task.slice(0, 40)}…` : row.task;
          return [i ? ' · ' : '', link, i === 0 ? el('span', { class: 'muted' }, ` ${task} `) : null];
        }),
        group.length > MAX_GROUP_LINKS ? ` · ${t('moreRows', group.length - MAX_GROUP_LINKS)}` : null,
      ),
    { class: 'dup-list' },
  );
}

/** The warnings, with their line numbers. */
function warningList(report) {
  if (!report.warnings.length) return el('p', { class: 'muted' }, t('noWarnings'));
  return capped(
    report.warnings,
    50,
    (w) => el('li', { 'data-code': w.code }, w.line != null ? el('span', { class: 'line-no' }, t('line', w.line)) : null, ' ', w.message),
    { class: 'warn-list' },
  );
}

/** Renders the overview into its panel. */
export function renderOverview(panel, report, ctx) {
  const counts = countLights(report.rows);
  replaceKids(
    panel,
    el('h2', { class: 'report-title' }, report.title || t('untitled')),
    periodSelect(report, ctx.periodChoice, ctx.onPeriod),
    el(
      'div',
      { class: 'tiles', role: 'group', 'aria-label': t('rows') },
      tile('rows', t('rows'), report.rows.length, () => ctx.onFilter({ light: '' })),
      LIGHTS.map((light) => tile(light, lightBadge(light), counts[light], () => ctx.onFilter({ light }))),
      tile('dups', t('duplicates'), report.duplicates.length, () => ctx.onFilter({ flag: 'duplicate_task' })),
      tile('warns', t('warnings'), report.warnings.length, () => document.getElementById('warnings-h')?.scrollIntoView()),
    ),
    el('h3', null, t('flagsByCode')),
    el(
      'ul',
      { class: 'flag-counts' },
      flagCounts(report.rows).map(([code, n]) =>
        el('li', null, el('button', { type: 'button', class: 'linklike', onclick: () => ctx.onFilter({ flag: code }) }, tOf('flag', code)), ` ${n}`),
      ),
    ),
    el('h3', null, t('duplicates'), ` (${t('groups', report.duplicates.length)})`),
    duplicateList(report, ctx.onJump),
    el('h3', { id: 'warnings-h' }, t('warnings'), ` (${report.warnings.length})`),
    warningList(report),
    report.preamble.length ? [el('h3', null, t('preamble')), el('div', { class: 'preamble' }, report.preamble.map((p) => el('p', null, p)))] : null,
  );
}

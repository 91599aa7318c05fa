// Departments (牵头单位): a stacked bar chart (SVG, built with createElementNS) and a
// table of rows by light; clicking a department filters the rows to it.

import { el, svgEl, replaceKids } from './dom.js';
import { t, tOf } from './i18n.js';
import { LIGHTS, lightBadge } from './format.js';

const ROW_H = 22;
const LABEL_W = 190;
const BAR_W = 700;
const COUNT_W = 40;

/** Units ordered by red, then yellow, then rows (the ones with problems first). */
export function sortedUnits(units) {
  return [...units].sort((a, b) => b.red - a.red || b.yellow - a.yellow || b.rows - a.rows || a.name.localeCompare(b.name, 'zh'));
}

/** Shortens a long unit name for the chart label (the full name is in the title). */
function shortName(name) {
  return name.length > 12 ? `${name.slice(0, 12)}…` : name;
}

/** One unit's stacked bar, focusable and clickable. */
function unitBar(unit, y, scale, onUnit) {
  const g = svgEl('g', {
    class: 'bar',
    tabindex: 0,
    role: 'button',
    'aria-label': `${unit.name}: ${LIGHTS.map((l) => `${tOf('light', l)} ${unit[l]}`).join(', ')}`,
    onclick: () => onUnit(unit.name),
    onkeydown: (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onUnit(unit.name);
      }
    },
  });
  g.append(svgEl('title', null, `${unit.name} · ${LIGHTS.map((l) => `${tOf('light', l)} ${unit[l]}`).join(' · ')}`));
  g.append(svgEl('text', { x: LABEL_W - 6, y: y + ROW_H * 0.68, 'text-anchor': 'end', class: 'bar-label' }, shortName(unit.name)));
  let x = LABEL_W;
  for (const light of LIGHTS) {
    const w = unit[light] * scale;
    if (w <= 0) continue;
    g.append(svgEl('rect', { x, y: y + 3, width: w, height: ROW_H - 6, class: `seg seg-${light}` }));
    if (w >= 18) {
      g.append(svgEl('text', { x: x + w / 2, y: y + ROW_H * 0.68, 'text-anchor': 'middle', class: `seg-num seg-num-${light}` }, String(unit[light])));
    }
    x += w;
  }
  g.append(svgEl('text', { x: x + 6, y: y + ROW_H * 0.68, class: 'bar-total' }, String(unit.rows)));
  return g;
}

/** The legend: each light with its symbol and word. */
function legend() {
  return el('p', { class: 'legend' }, LIGHTS.map((l) => [lightBadge(l), ' ']));
}

/** The stacked bar chart of rows by light per unit. */
export function unitChart(units, onUnit) {
  const max = Math.max(1, ...units.map((u) => u.rows));
  const scale = BAR_W / max;
  const height = units.length * ROW_H + 8;
  const svg = svgEl('svg', {
    class: 'unit-chart',
    viewBox: `0 0 ${LABEL_W + BAR_W + COUNT_W} ${height}`,
    width: LABEL_W + BAR_W + COUNT_W,
    height,
    role: 'group',
    'aria-label': t('chartTitle'),
  });
  units.forEach((unit, i) => svg.append(unitBar(unit, i * ROW_H + 4, scale, onUnit)));
  return svg;
}

/** The table of units with counts per light. */
function unitTable(units, onUnit) {
  return el(
    'table',
    { class: 'unit-table' },
    el('thead', null, el('tr', null, el('th', { scope: 'col' }, t('unit')), el('th', { scope: 'col' }, t('unitRows')), LIGHTS.map((l) => el('th', { scope: 'col' }, lightBadge(l))))),
    el(
      'tbody',
      null,
      units.map((u) =>
        el(
          'tr',
          null,
          el('th', { scope: 'row' }, el('button', { type: 'button', class: 'linklike unit-link', onclick: () => onUnit(u.name) }, u.name)),
          el('td', { class: 'num' }, String(u.rows)),
          LIGHTS.map((l) => el('td', { class: `num ${u[l] ? `has-${l}` : ''}` }, String(u[l]))),
        ),
      ),
    ),
  );
}

/** Renders the departments panel. */
export function renderUnits(panel, report, onUnit) {
  const units = sortedUnits(report.units);
  replaceKids(
    panel,
    el('h2', null, t('chartTitle')),
    el('p', { class: 'help' }, t('unitsHelp')),
    legend(),
    el('div', { class: 'chart-wrap' }, unitChart(units, onUnit)),
    unitTable(units, onUnit),
  );
}

// Small formatting helpers shared by the views: lights with a symbol and a word,
// percentages, row labels.

import { el } from './dom.js';
import { t, tOf } from './i18n.js';

/** The lights in the order the page shows them. */
export const LIGHTS = ['red', 'yellow', 'green', 'none'];

/** A light badge: a symbol and a word, so the colour is never the only sign. */
export function lightBadge(light) {
  const symbol = light === 'none' ? '○' : '●';
  return el('span', { class: `light light-${light}`, title: tOf('lightLong', light) }, symbol, tOf('light', light));
}

/** 0.456 → "46%". */
export function percent(share) {
  if (typeof share !== 'number' || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)}%`;
}

/** How a row is named in links and messages (its serial, else its position). */
export function rowName(row) {
  return t('rowN', row.seq, row.index);
}

/** Counts rows by light. */
export function countLights(rows) {
  const counts = { red: 0, yellow: 0, green: 0, none: 0 };
  for (const row of rows) counts[row.light in counts ? row.light : 'none']++;
  return counts;
}

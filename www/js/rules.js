// The rules editor: thresholds and word lists (Options.rules), saved in localStorage and
// sent with every analysis. The defaults come from the core (defaultOptions), so the page
// keeps no copy of them; every word list the core has gets an editor, and only what the
// user changed is saved, so later default lists still reach them.

import { el, replaceKids } from './dom.js';
import { t } from './i18n.js';

const KEY = 'duban.rules.v1';

/** The numeric rules the editor shows: [field, as a percent?, min, max, step]. */
const NUMBERS = [
  ['nearMiss', true, 0, 100, 1],
  ['exceededMargin', true, 0, 100, 1],
  ['duplicateSimilarity', false, 0.5, 1, 0.01],
];

/** Reads the saved changes over the defaults (bad or missing storage gives the defaults). */
export function loadRules(defaults) {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (saved && typeof saved === 'object') {
      const known = Object.fromEntries(Object.entries(saved).filter(([k]) => k in defaults));
      return { ...defaults, ...known };
    }
  } catch {
    // Storage may be disabled or hold something else: the defaults do.
  }
  return { ...defaults };
}

/** Saves the fields that differ from the defaults; null forgets them all. */
export function saveRules(rules, defaults) {
  try {
    if (!rules) {
      localStorage.removeItem(KEY);
      return;
    }
    const changed = Object.fromEntries(Object.entries(rules).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(defaults[k])));
    localStorage.setItem(KEY, JSON.stringify(changed));
  } catch {
    // Not fatal: the rules still apply to this session.
  }
}

/** Splits a word list typed one per line (commas and 、 also separate). */
export function parseWords(text) {
  return [...new Set(text.split(/[\n,，、]+/).map((w) => w.trim()).filter(Boolean))];
}

/** A number from an input, clamped; NaN gives the fallback. */
function numberIn(input, min, max, fallback) {
  const v = Number(input.value);
  return Number.isFinite(v) && input.value.trim() !== '' ? Math.min(max, Math.max(min, v)) : fallback;
}

/** The element id for a rule field: nearMiss → rule-near-miss. */
function ruleId(field) {
  return `rule-${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The label of a rule field (the field name when the page has no words for it). */
function ruleLabel(field) {
  const labels = t('ruleLabels');
  return (labels && labels[field]) || field;
}

/** Renders the editor; onChange(rules, reset) is called with the whole rules object. */
export function renderRules(panel, rules, defaults, onChange) {
  const numbers = NUMBERS.filter(([f]) => typeof defaults[f] === 'number').map(([field, pct, min, max, step]) => {
    const input = el('input', { type: 'number', id: ruleId(field), min, max, step });
    input.value = String(pct ? Math.round(rules[field] * 1000) / 10 : rules[field]);
    const read = () => (pct ? numberIn(input, min, max, rules[field] * 100) / 100 : numberIn(input, min, max, rules[field]));
    return { field, input, read, pct };
  });
  const lists = Object.keys(defaults)
    .filter((f) => Array.isArray(defaults[f]) && defaults[f].every((w) => typeof w === 'string'))
    .map((field) => {
      const input = el('textarea', { id: ruleId(field), rows: 8, spellcheck: 'false' });
      input.value = rules[field].join('\n');
      return { field, input, read: () => parseWords(input.value) };
    });
  const status = el('p', { class: 'help', 'aria-live': 'polite' });
  const apply = () => {
    const next = { ...rules };
    for (const item of [...numbers, ...lists]) next[item.field] = item.read();
    saveRules(next, defaults);
    status.textContent = t('rulesSaved');
    onChange(next);
  };
  for (const item of [...numbers, ...lists]) item.input.addEventListener('change', apply);
  const reset = () => {
    saveRules(null, defaults);
    onChange({ ...defaults }, true);
  };
  replaceKids(
    panel,
    el('h2', null, t('rulesTitle')),
    el('p', { class: 'help' }, t('rulesHelp')),
    el('div', { class: 'rule-grid' }, numbers.map((n) => [el('label', { for: n.input.id }, ruleLabel(n.field)), el('span', null, n.input, n.pct ? ' %' : '')])),
    el('div', { class: 'word-lists' }, lists.map((l) => el('div', null, el('label', { for: l.input.id }, ruleLabel(l.field)), l.input))),
    el('p', null, el('button', { type: 'button', id: 'rules-reset', onclick: reset }, t('resetRules'))),
    status,
  );
}

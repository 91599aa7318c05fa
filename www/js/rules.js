// The rules editor: near-miss threshold, duplicate similarity and the risk word lists
// (Options.rules), saved in localStorage and sent with every analysis. Defaults come
// from the core (defaultOptions), so the page never keeps its own copy of them.

import { el, replaceKids } from './dom.js';
import { t } from './i18n.js';

const KEY = 'duban.rules.v1';

/** Reads the saved rules over the defaults (bad or missing storage gives the defaults). */
export function loadRules(defaults) {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (saved && typeof saved === 'object') return { ...defaults, ...saved };
  } catch {
    // Storage may be disabled or hold something else: the defaults do.
  }
  return { ...defaults };
}

/** Saves rules; null forgets them (back to the defaults). */
export function saveRules(rules) {
  try {
    if (rules) localStorage.setItem(KEY, JSON.stringify(rules));
    else localStorage.removeItem(KEY);
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
  return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

/** Renders the editor; onChange(rules) is called with the whole rules object. */
export function renderRules(panel, rules, defaults, onChange) {
  const near = el('input', { type: 'number', id: 'rule-near-miss', min: 0, max: 100, step: 1 });
  near.value = String(Math.round(rules.nearMiss * 1000) / 10);
  const dup = el('input', { type: 'number', id: 'rule-dup', min: 0.5, max: 1, step: 0.01 });
  dup.value = String(rules.duplicateSimilarity);
  const strong = el('textarea', { id: 'rule-strong', rows: 8 });
  strong.value = rules.riskStrong.join('\n');
  const weak = el('textarea', { id: 'rule-weak', rows: 8 });
  weak.value = rules.riskWeak.join('\n');
  const status = el('p', { class: 'help', 'aria-live': 'polite' });
  const apply = () => {
    const next = {
      ...rules,
      nearMiss: numberIn(near, 0, 100, rules.nearMiss * 100) / 100,
      duplicateSimilarity: numberIn(dup, 0.5, 1, rules.duplicateSimilarity),
      riskStrong: parseWords(strong.value),
      riskWeak: parseWords(weak.value),
    };
    saveRules(next);
    status.textContent = t('rulesSaved');
    onChange(next);
  };
  for (const input of [near, dup, strong, weak]) input.addEventListener('change', apply);
  replaceKids(
    panel,
    el('h2', null, t('rulesTitle')),
    el('p', { class: 'help' }, t('rulesHelp')),
    el('div', { class: 'rule-grid' },
      el('label', { for: 'rule-near-miss' }, t('nearMiss')), el('span', null, near, ' %'),
      el('label', { for: 'rule-dup' }, t('dupSimilarity')), el('span', null, dup),
    ),
    el('div', { class: 'word-lists' },
      el('div', null, el('label', { for: 'rule-strong' }, t('riskStrong')), strong),
      el('div', null, el('label', { for: 'rule-weak' }, t('riskWeak')), weak),
    ),
    el('p', null, el('button', { type: 'button', id: 'rules-reset', onclick: () => { saveRules(null); onChange({ ...defaults }, true); } }, t('resetRules'))),
    status,
  );
}

// Shared by the "nothing executed" tests: the payload corpus (tests/xss/payloads.txt), the
// report texts that carry it (tab-cell, TSV, CSV, clipboard HTML as text and as raw markup),
// the sentinel every payload calls, and an audit of the DOM for anything a payload could
// have created (elements that load or run things, on* attributes, javascript: URLs).

import fs from 'node:fs';
import path from 'node:path';
import { ROOT, escapeHtml } from './helpers.mjs';

/** The payloads, one a line (each calls __xss(n), alert, confirm, prompt… when it runs). */
export const PAYLOADS = fs
  .readFileSync(path.join(ROOT, 'tests', 'xss', 'payloads.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');

/**
 * Payloads holding a table or document tag (<td, <tr, <table, <th, <body, <html). Text that
 * does not start as HTML keeps its tab/comma structure however many tags its cells hold
 * (src/input/mod.rs `detect`), so these too must come out verbatim from plain-text reports.
 */
export const HTMLISH = PAYLOADS.filter((p) => /<(table|tr|td|th|html|body)[\s>/]/i.test(p));
export const PLAIN = PAYLOADS.filter((p) => !HTMLISH.includes(p));

const HEAD = ['序号', '目标任务', '完成情况', '牵头责任单位'];

/** The task and status cells of payload row i (1-based), each carrying the payload. */
export function cells(p, i) {
  return { task: `新增城镇就业${i}00人${p}`, status: `已新增${i}0人，完成进度${i % 90}%${p}` };
}

/** A tab-cell report (the corpus's own shape: each cell a line opening with a tab, rows
 * separated by blank lines) with a payload in the title and in every row. */
export function tabCell(payloads, unit = () => '区人力社保局') {
  const rows = payloads.map((p, k) => {
    const { task, status } = cells(p, k + 1);
    return [`\t${k + 1}`, `\t${task}`, `\t${status}`, `\t${unit(p, k)}`].join('\n');
  });
  return [`某区2023年上半年政府工作报告主要目标任务完成情况${payloads[0]}`, '', HEAD.map((h) => `\t${h}`).join('\n'), '', rows.join('\n\n'), ''].join('\n');
}

/** The same as a TSV (a header line, a line per row). */
export function tsv(payloads, unit = () => '区人力社保局') {
  const rows = payloads.map((p, k) => {
    const { task, status } = cells(p, k + 1);
    return [k + 1, task, status, unit(p, k)].join('\t');
  });
  return `${HEAD.join('\t')}\n${rows.join('\n')}\n`;
}

/** The same as RFC 4180 CSV, every field quoted. */
export function csv(payloads) {
  const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
  const rows = payloads.map((p, k) => {
    const { task, status } = cells(p, k + 1);
    return [k + 1, task, status, '区人力社保局'].map(q).join(',');
  });
  return `${HEAD.map(q).join(',')}\r\n${rows.join('\r\n')}\r\n`;
}

/** A Word-like clipboard HTML table. `raw`: the payload goes in as markup inside the <td>
 * (a <td> holding <img src=x onerror=…>); else escaped, so the cell's text is the payload. */
export function htmlTable(payloads, raw) {
  const put = (s) => (raw ? s : escapeHtml(s));
  const head = `<tr>${HEAD.map((h) => `<td><p><b>${h}</b></p></td>`).join('')}</tr>`;
  const rows = payloads.map((p, k) => {
    const { task, status } = cells('', k + 1);
    return `<tr><td><p>${k + 1}</p></td><td><p>${escapeHtml(task)}${put(p)}</p></td><td><p>${escapeHtml(status)}${put(p)}</p></td><td><p>区人力社保局</p></td></tr>`;
  });
  return `<html><body><!--StartFragment--><table border=1>${head}\n${rows.join('\n')}</table><!--EndFragment--></body></html>`;
}

/**
 * Installed before any page script (context.addInitScript): window.__xss records a hit,
 * and so do alert/confirm/prompt/print/open (a payload may call any of them); CSP
 * violations are recorded too (under a CSP, an injected handler shows up as one).
 */
export function sentinel() {
  const hits = [];
  const violations = [];
  Object.defineProperty(window, '__xssHits', { value: hits });
  Object.defineProperty(window, '__cspViolations', { value: violations });
  const hit = (how) =>
    function (...args) {
      hits.push(`${how}(${args.map(String).join(',')})`);
      return how === 'confirm' ? false : how === 'prompt' ? null : undefined;
    };
  window.__xss = hit('__xss');
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) window[name] = hit(name);
  try {
    if (window.parent !== window) {
      // Inside a frame a payload made: a hit in the parent too.
      window.parent.__xssHits?.push(`frame:${location.href.slice(0, 60)}`);
    }
  } catch {
    // A cross-origin frame: its own hits still count in its own page.
  }
  document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`), true);
}

/** Tags that load or run something, or that only a payload would add: counted everywhere. */
export const DANGEROUS = [
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'img', 'image', 'picture', 'video', 'audio',
  'source', 'track', 'link', 'meta', 'base', 'style', 'form', 'math', 'template', 'noscript', 'marquee', 'details',
  'dialog', 'portal', 'xmp', 'plaintext', 'listing', 'isindex', 'keygen', 'bgsound', 'layer', 'xml', 'xss',
  'animate', 'set', 'use', 'foreignobject', 'discard', 'a', 'svg', 'body', 'html', 'head',
];

/**
 * Runs in the page: counts the DANGEROUS tags in the document and every open shadow root,
 * and lists on* attributes and script-bearing URLs. Returns { counts, bad }.
 */
export function auditDom(dangerous) {
  const counts = Object.fromEntries(dangerous.map((t) => [t, 0]));
  const bad = [];
  const URLS = /^\s*(javascript|vbscript|data:text\/html|data:text\/javascript|data:image\/svg)/i;
  const walk = (root) => {
    for (const e of root.querySelectorAll('*')) {
      const tag = e.localName.toLowerCase();
      if (tag in counts) counts[tag] += 1;
      for (const a of e.attributes) {
        const n = a.name.toLowerCase();
        if (n.startsWith('on')) bad.push(`<${tag} ${n}>`);
        if (n === 'srcdoc' || (/(^|:)(src|href|action|formaction|data|background|poster|srcset|codebase)$/.test(n) && URLS.test(a.value))) bad.push(`<${tag} ${n}="${a.value.slice(0, 40)}">`);
        if (n === 'style' && /expression\(|javascript:|url\(/i.test(a.value)) bad.push(`<${tag} style="${a.value.slice(0, 40)}">`);
      }
      if (e.shadowRoot) walk(e.shadowRoot);
    }
  };
  walk(document);
  return { counts, bad };
}

/** The tags whose count went up from `before` to `after` (what the data added). */
export function grown(before, after) {
  return Object.keys(after.counts)
    .filter((t) => after.counts[t] > before.counts[t])
    .map((t) => `${t}: ${before.counts[t]} → ${after.counts[t]}`);
}

/** The payloads whose text a list of cell texts does not show verbatim. */
export function missingText(payloads, texts) {
  return payloads.filter((p, k) => !(texts[k] || '').includes(p));
}

// Evidence highlighting: a cell's text cut at the spans of targets, actuals and flags,
// each marked part a <mark> holding a Text node. Spans are UTF-16 [start, end), the
// same units as String.prototype.slice, so a span always cuts where the core meant.

import { el } from './dom.js';

/** Ranks mark kinds: when spans overlap, the lower rank wins the overlap. */
const RANK = { red: 0, yellow: 1, actual: 2, target: 3, info: 4 };

/** Keeps the marks whose span lies inside the text, as {start, end, kind, title}. */
function validMarks(text, marks) {
  return marks.filter(
    (m) =>
      m &&
      Number.isInteger(m.start) &&
      Number.isInteger(m.end) &&
      m.start >= 0 &&
      m.start < m.end &&
      m.end <= text.length,
  );
}

/** The mark covering [a, b) with the lowest rank, or null. */
function topMark(marks, a, b) {
  let best = null;
  for (const m of marks) {
    if (m.start <= a && m.end >= b && (!best || RANK[m.kind] < RANK[best.kind])) best = m;
  }
  return best;
}

/** Builds a fragment of the text with its marked parts wrapped in <mark>. */
export function markedText(text, marks) {
  const frag = document.createDocumentFragment();
  const valid = validMarks(text, marks || []);
  if (valid.length === 0) {
    frag.append(text);
    return frag;
  }
  const cuts = new Set([0, text.length]);
  for (const m of valid) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((x, y) => x - y);
  let open = null;
  let openStart = 0;
  const flush = (end) => {
    if (end <= openStart) return;
    const slice = text.slice(openStart, end);
    frag.append(open ? el('mark', { class: `m-${open.kind}`, title: open.title }, slice) : slice);
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const m = topMark(valid, points[i], points[i + 1]);
    if (m !== open) {
      flush(points[i]);
      open = m;
      openStart = points[i];
    }
  }
  flush(text.length);
  return frag;
}

/** The marks for one cell of a row: 'task' (targets) or 'status' (actuals), plus flags. */
export function cellMarks(row, cell, describe) {
  const marks = [];
  if (cell === 'task') {
    for (const target of row.targets || []) {
      if (target.span) marks.push({ start: target.span[0], end: target.span[1], kind: 'target', title: describe.target(target) });
    }
  }
  if (cell === 'status') {
    for (const pair of row.pairs || []) {
      const actual = pair.actual;
      if (actual && actual.span) {
        marks.push({ start: actual.span[0], end: actual.span[1], kind: 'actual', title: describe.actual(pair, row) });
      }
    }
  }
  for (const flag of row.flags || []) {
    if (flag.cell === cell && flag.span) {
      marks.push({ start: flag.span[0], end: flag.span[1], kind: flag.severity, title: flag.message });
    }
  }
  return marks;
}

// The benchmark's inputs and timing helpers, shared by scripts/bench.mjs (Node) and the
// pages it drives in Chromium (served to them as a module), so that every side builds the
// same texts the same way as benches/pipeline.rs does natively.

/** The seed's rows repeated `n` times as one tab-cell report, header once
 * (benches/pipeline.rs `repeat_tabcell`). */
export function repeatTabcell(seed, n) {
  const at = seed.indexOf('\n\n\t1\n');
  const start = at >= 0 ? at + 2 : 0;
  const head = seed.slice(0, start);
  const body = `${seed.slice(start).trimEnd()}\n\n`;
  return head + body.repeat(n);
}

/** The rows (corpus rows.json) as Excel-clipboard TSV: header, CRLF line ends, cells
 * with a line break, tab or quote quoted (benches/pipeline.rs `to_tsv`). */
export function toTsv(rows) {
  const q = (s) => (/[\n\t"]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  let out = '序号\t目标任务\t完成情况\t牵头责任单位\r\n';
  for (const r of rows) {
    const seq = r.seqInferred || r.seq == null ? '' : String(r.seq);
    out += `${seq}\t${q(r.task)}\t${q(r.status)}\t${q(r.units.join('\n'))}\r\n`;
  }
  return out;
}

/** The median of a list of numbers. */
export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Median milliseconds per call of `fn` over `runs` samples. Warms up first: calls `fn`
 * until `warmMs` have passed (at least once), so that the engine's optimising tier (V8's
 * TurboFan for JS and wasm) has compiled the hot code. Calls faster than `minSampleMs`
 * are batched so that one sample lasts at least that long (the browser's clock is
 * coarse). Returns { ms, runs, batch, value } with the last call's return value. */
export function timeMedian(fn, runs, { warmMs = 0, minSampleMs = 2 } = {}) {
  const warmStart = performance.now();
  let t = warmStart;
  let value;
  let once;
  do {
    t = performance.now();
    value = fn();
    once = performance.now() - t;
  } while (performance.now() - warmStart < warmMs);
  const batch = once >= minSampleMs ? 1 : Math.min(1000, Math.ceil(minSampleMs / Math.max(once, 0.001)));
  const samples = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    for (let j = 0; j < batch; j++) value = fn();
    samples.push((performance.now() - t) / batch);
  }
  return { ms: median(samples), runs, batch, value };
}

/** Least-squares slope of log(time) on log(size): 1.0 is linear time. Null with fewer
 * than two points. */
export function scalingExponent(points) {
  if (points.length < 2) return null;
  const pts = points.map(([size, ms]) => [Math.log(size), Math.log(ms)]);
  const mx = pts.reduce((a, [x]) => a + x, 0) / pts.length;
  const my = pts.reduce((a, [, y]) => a + y, 0) / pts.length;
  const num = pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return num / den;
}

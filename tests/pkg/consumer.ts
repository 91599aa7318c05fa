// An example consumer of the package, type-checked (tsc --noEmit) against the shipped
// types by tests/pkg/types.test.mjs. It is what a portal's TypeScript would write.

import { analyze, defaultOptions, init, sniff, toCsv, toJson, toXlsx, version } from 'duban';
import type { Flag, Light, Options, Report, Row, Rules, Verdict } from 'duban';
import type { DubanReport, DubanAnalyzedDetail } from 'duban/element';

/** Rows that need a look: red first, then yellow. */
export function needsAttention(report: Report): Row[] {
  const rank: Record<Light, number> = { red: 0, yellow: 1, green: 2, none: 3 };
  return report.rows.filter((r) => r.light === 'red' || r.light === 'yellow').sort((a, b) => rank[a.light] - rank[b.light]);
}

/** The flags a unit carries, as plain lines. */
export function unitFlags(report: Report, unit: string): string[] {
  return report.rows
    .filter((r) => r.units.includes(unit))
    .flatMap((r) => r.flags.map((f: Flag) => `${r.seq ?? '?'} ${f.severity} ${f.code}: ${f.message}`));
}

/** Every pair that is behind schedule, with the figure's words. */
export function behind(report: Report): string[] {
  const out: string[] = [];
  for (const row of report.rows) {
    for (const pair of row.pairs) {
      const v: Verdict = pair.verdict;
      const target = row.targets[pair.target];
      if (v === 'behind' && target && pair.actual) {
        const [start, end] = pair.actual.span;
        out.push(`${target.text} → ${row.status.slice(start, end)} (${pair.ratio ?? 0} < ${pair.expected ?? 0})`);
      }
    }
  }
  return out;
}

export async function main(text: string, bytes: Uint8Array): Promise<void> {
  await init();
  await init({ files: true, core: new URL('https://example.invalid/core.wasm') });
  const rules: Rules = { nearMiss: 0.05, riskWeak: ['尚未'] };
  const options: Options = { period: 0.5, periodLabel: '上半年', rules, format: 'tabcell' };
  const report = analyze(text, options);
  const fromBytes: Report = analyze(bytes);
  const kind: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'zip' | 'binary' = sniff(bytes);
  const csv: string = toCsv(report);
  const json: string = toJson(fromBytes);
  const xlsx: Uint8Array = toXlsx(report, { source: 'report.docx' });
  const all = defaultOptions();
  const near: number = all.rules.nearMiss;
  console.log(version, kind, csv.length, json.length, xlsx.byteLength, near, needsAttention(report).length);
}

/** The custom element, typed through the tag name map and the event map. */
export function wire(): void {
  const el = document.createElement('duban-report');
  const typed: DubanReport = el;
  typed.input = 'text';
  typed.setAttribute('lang', 'en');
  el.addEventListener('duban-analyzed', (ev) => {
    const detail: DubanAnalyzedDetail = ev.detail;
    console.log(detail.summary.red, detail.report.rows.length);
  });
  el.addEventListener('duban-row-click', (ev) => console.log(ev.detail.row.task));
  document.addEventListener('duban-flag-click', (ev) => console.log(ev.detail.flag.code, ev.detail.row.index));
  const report: Report | null = typed.report;
  console.log(report?.title);
}

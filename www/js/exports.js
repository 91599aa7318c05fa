// Exports: the Report as JSON (here), CSV, .xlsx and "copy as table" (HTML on the
// clipboard) through the core's exporters, which the worker runs; buttons for formats
// the loaded module lacks stay disabled.

import { download } from './dom.js';

/** A file name from the report title: "duban-<title>.<ext>". */
export function exportName(report, ext) {
  const base = (report.title || 'report').replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
  return `duban-${base}.${ext}`;
}

/** Downloads the Report as pretty JSON. */
export function exportJson(report) {
  download(exportName(report, 'json'), JSON.stringify(report, null, 2), 'application/json');
}

/** Downloads the Report as CSV made by the core (UTF-8 with BOM, formulas neutralised). */
export async function exportCsv(engine, report) {
  const { result } = await engine.exportReport('csv', report);
  download(exportName(report, 'csv'), result, 'text/csv;charset=utf-8');
}

/** Downloads the Report as an .xlsx workbook (the full module makes it). */
export async function exportXlsx(engine, report, source) {
  const { result } = await engine.exportReport('xlsx', report, source);
  download(exportName(report, 'xlsx'), result, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}

/** Puts the Report on the clipboard as an HTML table (pastes into Word/WPS/Excel), with
 * the CSV as its plain-text form. The clipboard item is handed promises at once so the
 * browser still counts the click as the user's gesture while the worker works. */
export async function copyTable(engine, report) {
  const html = engine.exportReport('html', report).then(({ result }) => new Blob([result], { type: 'text/html' }));
  const text = engine.exportReport('csv', report).then(({ result }) => new Blob([result.replace(/^\uFEFF/, '')], { type: 'text/plain' }));
  if (!navigator.clipboard || typeof ClipboardItem === 'undefined') throw new Error('clipboard not available');
  try {
    await navigator.clipboard.write([new ClipboardItem({ 'text/html': html, 'text/plain': text })]);
  } catch {
    // Older Chromium wants blobs, not promises, in a ClipboardItem.
    await navigator.clipboard.write([new ClipboardItem({ 'text/html': await html, 'text/plain': await text })]);
  }
}

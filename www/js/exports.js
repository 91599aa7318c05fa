// Exports: the Report as JSON now; CSV, .xlsx and "copy as table" through the core
// exporters (the full module) once they exist — until then those buttons stay disabled.

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

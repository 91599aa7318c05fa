// Types for `duban/element`: the <duban-report> custom element. Importing the module
// defines the element. Needs the DOM library in the consumer's tsconfig.

import type { Flag, Report, Row } from './index.js';

/** Light counts over the rows (the `summary` of `duban-analyzed`). */
export interface ReportSummary {
  rows: number;
  red: number;
  yellow: number;
  green: number;
  none: number;
}

/** `duban-analyzed`: a report was analysed and shown. */
export interface DubanAnalyzedDetail {
  report: Report;
  summary: ReportSummary;
}

/** `duban-row-click`: a row was clicked (or activated with Enter/Space). */
export interface DubanRowClickDetail {
  row: Row;
}

/** `duban-flag-click`: a flag's button was clicked (the row event does not fire then). */
export interface DubanFlagClickDetail {
  row: Row;
  flag: Flag;
}

/** `duban-error`: the input could not be analysed (the message is also shown). */
export interface DubanErrorDetail {
  message: string;
}

/** The element's events (they bubble and cross shadow roots, so `document` hears them too). */
export interface DubanReportEventMap {
  'duban-analyzed': CustomEvent<DubanAnalyzedDetail>;
  'duban-row-click': CustomEvent<DubanRowClickDetail>;
  'duban-flag-click': CustomEvent<DubanFlagClickDetail>;
  'duban-error': CustomEvent<DubanErrorDetail>;
}

/**
 * `<duban-report>`. Input: the `input` property (text or bytes), else the `input`
 * attribute, else a child `<script type="text/plain">`. Attributes: `period` (0 < p ≤ 1),
 * `lang` (`zh` | `en`), `rules` (JSON of `Rules`).
 */
export class DubanReport extends HTMLElement {
  /** Report text or a file's bytes; setting it re-analyses. */
  input: string | Uint8Array | ArrayBuffer | null | undefined;
  /** The last Report shown, or null. */
  readonly report: Report | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'duban-report': DubanReport;
  }
  // Every element and the document know the events' types.
  interface GlobalEventHandlersEventMap extends DubanReportEventMap {}
}

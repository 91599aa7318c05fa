// Types for the duban package. They mirror the Rust types in src/model.rs (Report) and
// src/config.rs (Options, Rules) field for field; tests/pkg_shape.rs serialises a
// fully-populated Report and Options into tests/pkg/shape/*.json, and tests/pkg/ type-checks
// those files against these declarations with excess-property checks, so a field added,
// renamed or removed on either side fails a test.

/** The result of analysing one report (SPEC §3). */
export interface Report {
  /** The report's title, when one was found above the table. */
  title: string | null;
  /** Text above the first table, one entry per paragraph ("附件2", the title, …). */
  preamble: string[];
  /** The report's time progress: which part of the year it covers. */
  period: Period | null;
  /** The columns of the (first) table and the role found for each. */
  columns: Column[];
  /** The task rows, in source order. Category rows are not here; they set `Row.category`. */
  rows: Row[];
  /** Groups of row indexes whose tasks are the same or nearly the same. */
  duplicates: number[][];
  /** One summary per responsible unit (牵头单位), in order of first appearance. */
  units: UnitSummary[];
  /** Everything odd about the input: what was dropped, guessed or could not be read. */
  warnings: Warning[];
}

/** A period of the year and the share of it that has elapsed. */
export interface Period {
  /** The words that name it: "上半年", "1-5月", "前三季度", "全年". */
  label: string;
  /** Elapsed share of the year, 0 < elapsed ≤ 1 (上半年 = 0.5). */
  elapsed: number;
}

/** A column role found from the header or the content; `extra` for any other column. */
export type ColumnRole =
  | 'seq'
  | 'task'
  | 'status'
  | 'units'
  | 'partners'
  | 'deadline'
  | 'progress'
  | 'name'
  | 'target'
  | 'note'
  | 'extra'
  | (string & {});

/** A column of the source table. */
export interface Column {
  /** One of `seq task status units partners deadline progress name target note`, or `extra`. */
  role: ColumnRole;
  /** The header text as written (inner spaces kept), or "" when the table had no header. */
  header: string;
}

/** One task row. */
export interface Row {
  /** Position in `Report.rows`, from 0. */
  index: number;
  /** The serial number (序号), written or inferred. */
  seq: number | null;
  /** True when `seq` was inferred from the neighbours rather than written. */
  seqInferred: boolean;
  /** The category row above this one ("一、稳增长"), if any. */
  category: string | null;
  /** The task (目标任务) cell. */
  task: string;
  /** The status (完成情况) cell. */
  status: string;
  /** Lead units (牵头责任单位), one entry per unit. */
  units: string[];
  /** Partner units (配合单位). */
  partners: string[];
  /** Every other column, by its header text. */
  extra: Record<string, string>;
  /** The 1-based source line where the row starts, when the input had lines (absent otherwise). */
  line?: number;
  /** Quantified targets found in the task. */
  targets: Target[];
  /** One pair per target: the figure matched to it and the verdict. */
  pairs: Pair[];
  /** Everything flagged on this row, with its evidence. */
  flags: Flag[];
  /** The row's light. */
  light: Light;
}

/** `[start, end)` in UTF-16 code units of the cell's text: `cell.slice(start, end)`. */
export type Span = [number, number];

/** How a target figure is compared with an actual. */
export type TargetKind = 'rate' | 'level' | 'cumulative' | 'ceiling';

/** A quantified target in the task cell. */
export interface Target {
  /** The words of the target ("增长6.5%"). */
  text: string;
  /** The indicator it measures ("地区生产总值"). */
  indicator: string;
  /** The target figure, in `unit`. */
  value: number;
  /** The unit as written ("%", "亿元", "个百分点", "口"). */
  unit: string;
  /** How the figure is compared. */
  kind: TargetKind;
  /** Where `text` is in the task cell. */
  span: Span;
}

/** The verdict on one pair. */
export type Verdict = 'met' | 'on_track' | 'behind' | 'missed' | 'unknown';

/** A target and the figure matched to it. */
export interface Pair {
  /** Index into `Row.targets`. */
  target: number;
  /** The matched figure, if any. */
  actual: Actual | null;
  /** actual / target, for cumulative targets. */
  ratio: number | null;
  /** The share of the year elapsed for the actual's period (序时进度). */
  expected: number | null;
  /** The verdict. */
  verdict: Verdict;
}

/** A reported figure in the status cell. */
export interface Actual {
  /** The words of the figure ("增长6.4%"). */
  text: string;
  /** The value, converted into the target's unit. */
  value: number;
  /** The unit as written. */
  unit: string;
  /** The period the figure covers ("1-5月"), if it says. */
  period: string | null;
  /** True when the figure is an estimate (预计). */
  estimate: boolean;
  /** Where `text` is in the status cell. */
  span: Span;
}

/** The stable flag codes (SPEC §3); other strings may appear in later versions. */
export type FlagCode =
  | 'target_missed'
  | 'behind_schedule'
  | 'negative_growth'
  | 'risk_wording'
  | 'no_progress_data'
  | 'estimate_only'
  | 'duplicate_task'
  | 'seq_missing'
  | 'seq_gap'
  | 'seq_duplicate'
  | 'exceeded'
  | (string & {});

/** How serious a flag is. */
export type Severity = 'red' | 'yellow' | 'info';

/** The cell that holds a flag's evidence. */
export type FlagCell = 'task' | 'status' | 'units' | 'seq' | (string & {});

/** A flag on a row, with the evidence that raised it. */
export interface Flag {
  /** A stable code. */
  code: FlagCode;
  /** How serious it is. */
  severity: Severity;
  /** One Chinese sentence with the figures. */
  message: string;
  /** The cell holding the evidence. */
  cell: FlagCell;
  /** Where the evidence is in that cell, if it is a part of it. */
  span: Span | null;
}

/** A row's traffic light. */
export type Light = 'red' | 'yellow' | 'green' | 'none';

/** Rows and lights per responsible unit. */
export interface UnitSummary {
  /** The unit's name. */
  name: string;
  /** How many rows it leads. */
  rows: number;
  /** Of those, red. */
  red: number;
  /** Yellow. */
  yellow: number;
  /** Green. */
  green: number;
  /** No light. */
  none: number;
}

/** Something odd about the input. */
export interface Warning {
  /** A stable code, e.g. `artefact_dropped`, `no_table`, `ragged_row`, `seq_inferred`. */
  code: string;
  /** What happened, naming the text concerned. */
  message: string;
  /** The 1-based source line, where there is one. */
  line: number | null;
}

/** An input format, to force one instead of detecting it. */
export type Format = 'tabcell' | 'tsv' | 'csv' | 'html' | 'markdown' | 'lines';

/** Options for `analyze`. Every field is optional: give only what you change. */
export interface Options {
  /** Force an input format instead of detecting it. */
  format?: Format | null;
  /** Override the report's elapsed share of the year (0 < p ≤ 1), e.g. 0.5 for 上半年. */
  period?: number | null;
  /** The label to show with an overridden period ("上半年"); derived from `period` when absent. */
  periodLabel?: string | null;
  /** The file name the input came from, if any (helps sniffing; never trusted alone). */
  fileName?: string | null;
  /** Thresholds and word lists. */
  rules?: Rules;
}

/** Thresholds, word lists and column synonyms; every field optional, defaults documented. */
export interface Rules {
  /** A missed target whose shortfall is under this share of the target is a near miss (yellow). Default 0.1. */
  nearMiss?: number;
  /** Words admitting trouble that make a row red. Default: 难度大, 未实现, 未完成, 停工, 暂缓, … */
  riskStrong?: string[];
  /** Words admitting trouble that make a row yellow. Default: 暂未, 尚未, 进度缓慢, … */
  riskWeak?: string[];
  /** A cumulative target met while at least this share of the year is still to run is flagged `exceeded`. Default 0.25. */
  exceededMargin?: number;
  /** Phrases that contain a risk word but report routine work (责令停产, 停产整顿, 未发生, …); ignored. */
  riskExceptions?: string[];
  /** Words saying an admitted problem is solved (已全部完成, 已解决, …); a risk word before one is ignored. */
  riskResolved?: string[];
  /** Indicators for which a decline is good news (能耗, 排放, 事故, …): no `negative_growth`. */
  declineGood?: string[];
  /** Words marking a figure as an estimate (预计, 预估, 估计). */
  estimateWords?: string[];
  /** Words saying a figure counts something not yet achieved (申报, 推荐, 入库, 启动, …). */
  pendingWords?: string[];
  /** Words saying a figure is achieved (完成, 建成, 新增, …); they override a pending word before them. */
  doneWords?: string[];
  /** Words right after a figure that say it counts a stage, not completion (主体, 基础, 前期, …). */
  stageWords?: string[];
  /** Other names of an indicator (`{ 固投: ['固定资产投资'] }`). */
  aliases?: Record<string, string[]>;
  /** Two tasks whose similarity (0–1, character bigrams) reaches this are duplicates. Default 0.9. */
  duplicateSimilarity?: number;
  /** Extra header synonyms per column role, added to the built-in ones (`{ units: ['责任部门'] }`). */
  synonyms?: Record<string, string[]>;
}

/** What `defaultOptions()` returns: every option spelt out. */
export interface DefaultOptions {
  format: Format | null;
  period: number | null;
  periodLabel: string | null;
  fileName: string | null;
  rules: Required<Rules>;
}

/** What bytes look like: a TextDecoder label, or a zip container (.docx/.xlsx), or not text. */
export type Sniffed = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'zip' | 'binary';

/** A URL object (typed by shape, so these types need no DOM library). */
export interface URLLike {
  readonly href: string;
}

/** A fetch Response (typed by shape). */
export interface ResponseLike {
  readonly ok: boolean;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Where a wasm module comes from: a URL to fetch (string or URL), a fetch Response or a
 * promise of one, the .wasm bytes, or a compiled `WebAssembly.Module` (any object here,
 * as the DOM library's type for it has no members).
 */
export type WasmSource = string | URLLike | ResponseLike | PromiseLike<ResponseLike> | ArrayBuffer | ArrayBufferView | object;

/** Options for `init`. */
export interface InitOptions {
  /** Where to load the core module from (default: beside the package's js/ folder). */
  core?: WasmSource;
  /** Where to load the full module from; giving it implies `files: true`. */
  full?: WasmSource;
  /** Also load the full module: .docx/.xlsx input and `toXlsx`. */
  files?: boolean;
}

/**
 * Loads the wasm modules. Browsers: call and await once before anything else. Node: not
 * needed (modules load from the package directory on first use); it loads synchronously.
 */
export function init(options?: InitOptions): Promise<void>;

/** Loads the core module synchronously from bytes or a compiled module you hold. */
export function initSync(options: { core: ArrayBuffer | ArrayBufferView | object }): void;

/**
 * Analyses report text, or a file's bytes (UTF-8/UTF-16 with BOM/GB18030 text, or .docx/.xlsx
 * with the full module), and returns the Report. Never throws for odd text (you get warnings);
 * throws an Error naming the problem for bytes that are not a report at all.
 */
export function analyze(input: string | Uint8Array | ArrayBuffer, options?: Options | null): Report;

/** What the bytes look like, from their content (never the file name). */
export function sniff(bytes: Uint8Array | ArrayBuffer): Sniffed;

/** The default options, every rule spelt out (a starting point for a rules editor or config file). */
export function defaultOptions(): DefaultOptions;

/** The optional features loaded now: `["files"]` once the full module is ready. */
export function features(): string[];

/** The report as CSV: UTF-8 with a BOM, formula-like cells neutralised. */
export function toCsv(report: Report): string;

/** The report as a standalone HTML document that pastes cleanly into Word/WPS. */
export function toHtml(report: Report): string;

/** The report as a Markdown pipe table. */
export function toMarkdown(report: Report): string;

/** The report as pretty-printed JSON (the Report object itself). */
export function toJson(report: Report): string;

/** Options for `toXlsx`. */
export interface XlsxOptions {
  /** The source file name, shown above the table. */
  source?: string | null;
}

/** The report as an .xlsx workbook (needs the full module: `await init({ files: true })` in browsers). */
export function toXlsx(report: Report, options?: XlsxOptions): Uint8Array;

/** The package version. */
export const version: string;

//! The Report: the owned data every stage fills in and every interface returns
//! (SPEC §3). Field names serialise in camelCase; spans in a [`Report`] are UTF-16
//! code-unit ranges of the cell text, so that in JavaScript
//! `row.status.slice(start, end) === actual.text`.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The result of analysing one report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The report's title ("上半年政府工作报告主要目标任务完成情况"), when one was found above the table.
    pub title: Option<String>,
    /// Text above the first table, one entry per paragraph ("附件2", the title, …).
    pub preamble: Vec<String>,
    /// The report's time progress: which part of the year it covers.
    pub period: Option<Period>,
    /// The columns of the (first) table and the role found for each.
    pub columns: Vec<Column>,
    /// The task rows, in source order. Category rows are not here; they set [`Row::category`].
    pub rows: Vec<Row>,
    /// Groups of row indexes whose tasks are the same or nearly the same.
    pub duplicates: Vec<Vec<usize>>,
    /// One summary per responsible unit (牵头单位), in order of first appearance.
    pub units: Vec<UnitSummary>,
    /// Everything odd about the input: what was dropped, guessed or could not be read.
    pub warnings: Vec<Warning>,
}

/// A period of the year and the share of it that has elapsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// The words that name it: "上半年", "1-5月", "前三季度", "全年".
    pub label: String,
    /// Elapsed share of the year, 0 < elapsed ≤ 1 (上半年 = 0.5).
    pub elapsed: f64,
}

/// A column of the source table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// One of `seq task status units partners deadline progress name target note`, or `extra`.
    pub role: String,
    /// The header text as written (inner spaces kept), or "" when the table had no header.
    pub header: String,
}

/// One task row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// Position in [`Report::rows`], from 0.
    pub index: usize,
    /// The serial number (序号), written or inferred.
    pub seq: Option<u32>,
    /// True when `seq` was not in the text but inferred from the neighbours (or from Word's list numbering).
    pub seq_inferred: bool,
    /// The category row above this one ("一、稳增长"), if any.
    pub category: Option<String>,
    /// The task (目标任务) cell.
    pub task: String,
    /// The status (完成情况) cell.
    pub status: String,
    /// Lead units (牵头责任单位), one entry per unit.
    pub units: Vec<String>,
    /// Partner units (配合单位).
    pub partners: Vec<String>,
    /// Every other column, by its header text.
    pub extra: BTreeMap<String, String>,
    /// The 1-based source line where the row starts, when the input had lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Quantified targets found in the task.
    pub targets: Vec<Target>,
    /// One pair per target: the figure matched to it and the verdict.
    pub pairs: Vec<Pair>,
    /// Everything flagged on this row, with its evidence.
    pub flags: Vec<Flag>,
    /// The row's light.
    pub light: Light,
}

/// A quantified target in the task cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// The words of the target ("增长6.5%").
    pub text: String,
    /// The indicator it measures ("地区生产总值").
    pub indicator: String,
    /// The target figure, in `unit`.
    pub value: f64,
    /// The unit as written ("%", "亿元", "个百分点", "口").
    pub unit: String,
    /// How the figure is compared.
    pub kind: TargetKind,
    /// Where `text` is in the task cell.
    pub span: Span,
}

/// How a target figure is compared with an actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A growth or change rate, compared directly (增长6.5%).
    Rate,
    /// A level, share, coverage or standing count to reach (占比达到40%).
    Level,
    /// An amount that builds up over the year (新增30户), compared with the time schedule.
    Cumulative,
    /// Lower is better (控制在…以内, 不超过).
    Ceiling,
}

/// A target and the figure matched to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pair {
    /// Index into [`Row::targets`].
    pub target: usize,
    /// The matched figure, if any.
    pub actual: Option<Actual>,
    /// actual / target, for cumulative targets.
    pub ratio: Option<f64>,
    /// The share of the year elapsed for the actual's period (序时进度).
    pub expected: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
}

/// A reported figure in the status cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actual {
    /// The words of the figure ("增长6.4%").
    pub text: String,
    /// The value, converted into the target's unit.
    pub value: f64,
    /// The unit as written.
    pub unit: String,
    /// The period the figure covers ("1-5月"), if it says.
    pub period: Option<String>,
    /// True when the figure is an estimate (预计).
    pub estimate: bool,
    /// Where `text` is in the status cell.
    pub span: Span,
}

/// The verdict on one pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The target is reached.
    Met,
    /// A cumulative target keeps pace with the time schedule.
    OnTrack,
    /// A cumulative target lags the time schedule.
    Behind,
    /// A rate, level or ceiling target is not reached.
    Missed,
    /// No comparable figure, or no honest comparison.
    Unknown,
}

/// A flag on a row, with the evidence that raised it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    /// A stable code: `target_missed`, `behind_schedule`, `negative_growth`, `risk_wording`,
    /// `no_progress_data`, `estimate_only`, `duplicate_task`, `seq_missing`, `seq_gap`,
    /// `seq_duplicate`, `exceeded`. A fixed code is borrowed, not allocated per flag; it
    /// serialises as a plain string all the same.
    pub code: Cow<'static, str>,
    /// How serious it is.
    pub severity: Severity,
    /// One Chinese sentence with the figures.
    pub message: String,
    /// The cell holding the evidence: `task`, `status`, `units` or `seq` (borrowed, like `code`).
    pub cell: Cow<'static, str>,
    /// Where the evidence is in that cell, if it is a part of it.
    pub span: Option<Span>,
}

/// How serious a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For information.
    Info,
    /// Worth a look.
    Yellow,
    /// A problem.
    Red,
}

/// A row's traffic light.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    /// A red flag.
    Red,
    /// A yellow flag and no red one.
    Yellow,
    /// Has targets and every pair is met or on track.
    Green,
    /// Nothing to judge.
    #[default]
    None,
}

/// Rows and lights per responsible unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitSummary {
    /// The unit's name.
    pub name: String,
    /// How many rows it leads.
    pub rows: usize,
    /// Of those, red.
    pub red: usize,
    /// Yellow.
    pub yellow: usize,
    /// Green.
    pub green: usize,
    /// No light.
    pub none: usize,
}

/// Something odd about the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// A stable code, e.g. `artefact_dropped`, `no_table`, `ragged_row`, `seq_inferred`.
    pub code: String,
    /// What happened, naming the text concerned.
    pub message: String,
    /// The 1-based source line, where there is one.
    pub line: Option<usize>,
}

impl Warning {
    /// A warning with a code, a message and an optional line.
    pub fn new(code: &str, message: impl Into<String>, line: Option<usize>) -> Self {
        Warning { code: code.to_string(), message: message.into(), line }
    }
}

/// A `[start, end)` range; byte offsets inside the core, UTF-16 code units in a [`Report`].
pub type Span = [usize; 2];

//! # duban (督办)
//!
//! Reads a progress report on the year's work-report targets ("政府工作报告主要目标任务
//! 完成情况") in any of the formats offices pass around, and returns a [`Report`]: the
//! structured rows, each target against its reported figure and the time schedule
//! (序时进度), flags with their evidence, a light per row and a summary per department.
//!
//! The core is pure: text or bytes in, owned data out. The same crate builds the native
//! CLI (`src/bin/duban.rs`) and the WebAssembly module (`src/wasm.rs`, the only file that
//! knows about JavaScript).
//!
//! ```
//! let text = "\t序号\n\t目标任务\n\t完成情况\n\t牵头责任单位\n\n\
//!             \t1\n\t地区生产总值增长6.5%。\n\t上半年，地区生产总值增长6.4%。\n\t区发展改革委\n\n\
//!             \t2\n\t做好经济普查。\n\t基本完成摸底工作。\n\t区统计局\n";
//! let report = duban::analyze(text, &duban::Options::default());
//! assert_eq!(report.rows.len(), 2);
//! assert_eq!(report.rows[1].units, vec!["区统计局"]);
//! ```
//!
//! Stages, one module each: [`input`] (text → grid) → [`table`] (grid → rows with roles)
//! → [`numbers`] (quantities) → [`analysis`] (targets, actuals, verdicts, flags) →
//! [`dupes`] → [`summary`] (lights, per-unit summary) → exports.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod analysis;
pub mod config;
pub mod decode;
pub mod dupes;
pub mod export;
#[cfg(feature = "files")]
pub mod files;
pub mod input;
pub mod model;
pub mod numbers;
pub mod period;
pub mod span;
pub mod summary;
pub mod table;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::{Options, Rules};
pub use model::*;

/// Analyses report text (any supported text format) and returns the Report.
/// Never fails: odd input gives the best result possible plus warnings.
pub fn analyze(text: &str, options: &Options) -> Report {
    from_sheet(input::read_sheet(text, options.format), options)
}

/// Runs every stage after the input reader on a grid: the path of file inputs (.docx,
/// .xlsx); text goes from its reader straight to the pipeline ([`analyze`]).
pub fn from_grid(grid: input::Grid, options: &Options) -> Report {
    from_sheet(input::Sheet::from(grid), options)
}

/// [`from_grid`] on the pipeline's own form of a grid.
fn from_sheet(sheet: input::Sheet, options: &Options) -> Report {
    let rules = &options.rules;
    let mut report = table::build_sheet(sheet, rules);
    if let Some(p) = options.period.filter(|p| *p > 0.0 && *p <= 1.0) {
        let label = options.period_label.clone().unwrap_or_else(|| period::label_for(p));
        report.period = Some(Period { label, elapsed: p });
    }
    analysis::analyze_rows(&mut report.rows, report.period.as_ref(), rules);
    dupes::find(&mut report, rules.duplicate_similarity);
    // Lights, the unit summary and the UTF-16 spans in one last pass over the rows.
    summary::finish_with(&mut report, span::row_to_utf16);
    report
}

/// Analyses a file's bytes: sniffs what they are (a .docx/.xlsx zip container, UTF-8,
/// UTF-16 or GB18030 text) from the bytes, never from the file name, reads and analyses
/// them. Errors name the problem in the user's terms ("no table in this Word document").
pub fn analyze_bytes(bytes: &[u8], options: &Options) -> Result<Report, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(if bytes.is_empty() {
            "the input is empty".into()
        } else {
            "the input holds only white space".into()
        });
    }
    if decode::sniff(bytes) == decode::Sniffed::Zip {
        return from_zip(bytes, options);
    }
    let (text, warnings) = decode::decode(bytes)?;
    let mut report = analyze(&text, options);
    report.warnings.splice(0..0, warnings);
    Ok(report)
}

#[cfg(feature = "files")]
fn from_zip(bytes: &[u8], options: &Options) -> Result<Report, String> {
    let grid = files::read(bytes)?;
    Ok(from_grid(grid, options))
}

#[cfg(not(feature = "files"))]
fn from_zip(_bytes: &[u8], _options: &Options) -> Result<Report, String> {
    Err("this is a .docx/.xlsx file, and this build cannot read those (feature `files`): copy the table and paste it as text".into())
}

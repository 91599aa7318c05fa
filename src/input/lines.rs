//! Line-per-cell text without tabs (copied out of a PDF, or typed) → a [`Grid`] with one
//! table of `[序号, 目标任务, 完成情况, 牵头责任单位]` rows. Best effort, always with a
//! warning that the table was reconstructed and should be checked.
//!
//! The heuristic, in order:
//! 1. Lines are trimmed; blank lines carry nothing. Page numbers ("- 3 -", "第3页") are
//!    dropped and named in a warning.
//! 2. The header is the first run of lines that name column roles (序号, 目标任务, 完成情况,
//!    牵头责任单位 and their synonyms), one a line or several on one line. Lines above it
//!    (or above the first row when there is no header) are the preamble. The same run
//!    repeated further down (a page break in the PDF) is skipped.
//! 3. A row starts at a serial number at the start of a line ("1", "1.", "1、", "12 地区生产
//!    总值…"; "12地区…" only when 12 is the expected next serial), or at any line after the
//!    previous row's unit lines (a row whose serial cell is blank). A serial is taken as
//!    one only when it is plausible (at most a few past the last one), so "2023 年" or
//!    "10.53亿元" at the start of a status line is text.
//! 4. A row ends with its unit lines: lines whose every part (split at 、，；/) looks like
//!    a unit name ([`crate::table::looks_like_unit`]). Unit lines right after the serial are
//!    text (a row needs a task first).
//! 5. Within a row, the task is the first text line, joined with the lines after it while
//!    it does not end a sentence (。；！？) and a line is left for the status (a task
//!    wrapped by the PDF column); the status is every other line up to the units.
//! 6. A line numbered in Chinese ("一、稳增长") between rows is a category row. Text after
//!    the last row that has neither serial nor units is loose text, not a row.

use super::{Cell, Grid, GridRow, Table};
use crate::config::Rules;
use crate::model::Warning;
use crate::table::{is_category_heading, looks_like_unit, role_of, split_units};

/// Characters that make a number at a line start a quantity ("5个", "2023年"), not a serial.
const MEASURE_WORDS: &str = "个万亿千百十家项条名人户次座所台元吨亩米号批类多余倍天周季届期轮年月日时成％：:～~—－";

/// How far past the expected next serial a written serial may jump and still start a row.
const MAX_SEQ_JUMP: u32 = 5;

/// The column roles this reader produces, with their default header texts.
const COLUMNS: [(&str, &str); 4] =
    [("seq", "序号"), ("task", "目标任务"), ("status", "完成情况"), ("units", "牵头责任单位")];

#[derive(Default)]
struct RowAcc {
    seq: String,
    lines: Vec<String>,
    units: Vec<String>,
    line: usize,
    /// A category heading row ("一、稳增长"): one cell of text, nothing else.
    category: bool,
}

impl RowAcc {
    fn ended(&self) -> bool {
        !self.units.is_empty() || self.category
    }
}

/// A serial at the start of a line: its number, the text after it, and whether a
/// separator (end of line, space, '.', '、') follows it.
fn serial_start(line: &str) -> Option<(u32, &str, bool)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let n: u32 = line.get(..digits)?.parse().ok()?;
    let rest = line.get(digits..)?;
    if rest.is_empty() {
        return Some((n, "", true));
    }
    let mut chars = rest.chars();
    let c = chars.next()?;
    let after = chars.as_str();
    // "2 个项目": a quantity, not serial 2.
    if rest.trim_start().starts_with(|c: char| MEASURE_WORDS.contains(c)) {
        return None;
    }
    match c {
        '.' | '．' => {
            // "10.53亿元" is a number, not serial 10.
            if after.starts_with(|d: char| d.is_ascii_digit()) {
                None
            } else {
                Some((n, after.trim_start(), true))
            }
        }
        '、' | ' ' | '\u{3000}' | '\u{a0}' => Some((n, after.trim_start(), true)),
        c if super::html::is_wide(c) && !MEASURE_WORDS.contains(c) => Some((n, rest, false)),
        _ => None,
    }
}

/// Page numbers a PDF copy leaves between pages: "- 3 -", "—3—", "第3页", "第3页 共9页", "3/9".
fn is_page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(|c| matches!(c, '-' | '—' | '－' | '–'));
    if core.len() < t.len() && !core.is_empty() && core.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if let Some(r) = t.strip_prefix('第') {
        let d = r.bytes().take_while(u8::is_ascii_digit).count();
        if d > 0 {
            let r = r.get(d..).unwrap_or("");
            if r == "页" {
                return true;
            }
            if let Some(r) = r.strip_prefix("页共") {
                return r.strip_suffix('页').is_some_and(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
    false
}

/// The header roles named by a line: one role for a line like "目    标   任   务", several
/// for "序号 目标任务 完成情况 牵头责任单位". None when the line is not header text.
fn header_line(line: &str, rules: &Rules) -> Option<Vec<(&'static str, String)>> {
    if let Some(r) = role_of(line, rules) {
        let squashed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        // The whole line must be the header word, not a sentence containing it.
        if squashed.chars().count() <= 8 {
            return Some(vec![(r, line.trim().to_string())]);
        }
    }
    let parts: Vec<&str> = line.split_whitespace().collect();
    if parts.len() < 2 {
        return None;
    }
    let mut out = Vec::new();
    for p in parts {
        let r = role_of(p, rules)?;
        if p.chars().count() > 8 {
            return None;
        }
        out.push((r, p.to_string()));
    }
    Some(out)
}

fn is_unit_line(line: &str) -> bool {
    let parts = split_units(line);
    !parts.is_empty() && parts.iter().all(|u| looks_like_unit(u))
}

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['。', '；', ';', '！', '？', '!', '?'])
}

/// Reads line-per-cell text into a grid.
pub fn read(text: &str) -> Grid {
    let rules = Rules::default();
    let mut grid = Grid::default();
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')))
        .filter(|(_, l)| !l.is_empty())
        .collect();

    // The header run, and where the body starts.
    let mut header: Vec<(&'static str, String)> = Vec::new();
    let mut header_lines: Vec<String> = Vec::new();
    let mut body_from = 0;
    for (k, (_, l)) in lines.iter().enumerate() {
        if serial_start(l).is_some_and(|(n, _, strong)| strong && n <= 1 + MAX_SEQ_JUMP) {
            break;
        }
        let qualifies =
            |h: &[(&str, String)]| h.iter().filter(|(r, _)| COLUMNS.iter().any(|(c, _)| c == r)).count() >= 2;
        match header_line(l, &rules) {
            Some(h) => {
                // A role seen twice, or 序号 after other header words, starts the run afresh:
                // the earlier line was a title like "上半年完成情况".
                let restart = h.iter().any(|(r, _)| *r == "seq" || header.iter().any(|(seen, _)| seen == r));
                if restart && !qualifies(&header) {
                    header.clear();
                    header_lines.clear();
                }
                if restart && qualifies(&header) {
                    break;
                }
                header.extend(h);
                header_lines.push(l.to_string());
                body_from = k + 1;
            }
            None if qualifies(&header) => break,
            None => {
                header.clear();
                header_lines.clear();
            }
        }
    }
    let header_found = header.iter().filter(|(r, _)| COLUMNS.iter().any(|(c, _)| c == r)).count() >= 2;
    if !header_found {
        header.clear();
        header_lines.clear();
        // No header: the preamble runs to the first line that starts a row.
        body_from = lines
            .iter()
            .position(|(_, l)| serial_start(l).is_some_and(|(n, _, strong)| strong && n <= 1 + MAX_SEQ_JUMP))
            .unwrap_or(lines.len());
    }
    let pre_end = if header_found { body_from - header_lines.len() } else { body_from };
    let mut dropped_pages: Vec<usize> = Vec::new();
    for (ln, l) in lines.iter().take(pre_end) {
        if is_page_number(l) {
            dropped_pages.push(*ln);
        } else {
            grid.preamble.push(l.to_string());
        }
    }

    // The rows.
    let mut rows: Vec<RowAcc> = Vec::new();
    let mut last_seq: Option<u32> = None;
    let mut k = body_from;
    while let Some((ln, l)) = lines.get(k).copied() {
        k += 1;
        if is_page_number(l) {
            dropped_pages.push(ln);
            continue;
        }
        // A repeated header run (the PDF's next page).
        if header_found && header_lines.first().is_some_and(|h| h == l) {
            let n = header_lines.len();
            let same = lines
                .get(k - 1..k - 1 + n)
                .is_some_and(|w| w.iter().map(|(_, s)| *s).eq(header_lines.iter().map(|s| s.as_str())));
            if same {
                k += n - 1;
                continue;
            }
        }
        let cur_ended = rows.last().is_none_or(|r| r.ended());
        let cur_has_text = rows.last().is_some_and(|r| !r.lines.is_empty());
        let expected = last_seq.map_or(1, |s| s + 1);
        if let Some((n, rest, strong)) = serial_start(l) {
            let plausible = n >= expected.saturating_sub(1).max(1) && n <= expected + MAX_SEQ_JUMP;
            let starts = if strong {
                plausible && (cur_ended || n == expected && cur_has_text)
            } else {
                n == expected && cur_ended
            };
            if starts {
                let mut row = RowAcc {
                    seq: l.get(..l.len() - rest.len()).unwrap_or("").trim().to_string(),
                    line: ln,
                    ..Default::default()
                };
                if !rest.is_empty() {
                    row.lines.push(rest.to_string());
                }
                rows.push(row);
                last_seq = Some(n);
                continue;
            }
        }
        if cur_ended && is_category_heading(l) {
            rows.push(RowAcc { lines: vec![l.to_string()], line: ln, category: true, ..Default::default() });
            continue;
        }
        match rows.last_mut() {
            Some(r) if !r.lines.is_empty() && is_unit_line(l) => {
                r.units.extend(split_units(l));
            }
            Some(r) if !r.ended() => r.lines.push(l.to_string()),
            _ => {
                // After a row's units (or before any row): a row whose serial cell is blank.
                if let Some(s) = last_seq.as_mut() {
                    *s += 1;
                }
                rows.push(RowAcc { lines: vec![l.to_string()], line: ln, ..Default::default() });
            }
        }
    }
    // Text after the last row with neither serial nor units: a note, not a row.
    let units_rows = rows.iter().filter(|r| !r.units.is_empty()).count();
    if rows.last().is_some_and(|r| r.seq.is_empty() && r.units.is_empty() && !r.category)
        && units_rows * 2 >= rows.len()
    {
        if let Some(r) = rows.pop() {
            for (i, s) in r.lines.into_iter().enumerate() {
                grid.loose.push((s, if i == 0 { Some(r.line) } else { None }));
            }
        }
    }

    if !dropped_pages.is_empty() {
        grid.warnings.push(Warning::new(
            "page_number_dropped",
            format!(
                "{} page number line(s) dropped (lines {})",
                dropped_pages.len(),
                dropped_pages.iter().take(10).map(|n| n.to_string()).collect::<Vec<_>>().join(", ")
            ),
            dropped_pages.first().copied(),
        ));
    }
    if rows.is_empty() {
        grid.warnings.push(Warning::new(
            "lines_no_rows",
            "read as line-per-cell text, but no row was recognised (no serial numbers at line starts, no unit names at line ends)",
            None,
        ));
        return grid;
    }
    grid.warnings.push(Warning::new(
        "lines_reconstructed",
        format!(
            "the table was reconstructed from the line layout ({} rows{}): check the row boundaries and where each task ends and its status begins",
            rows.len(),
            if header_found { "" } else { ", no header found" }
        ),
        rows.first().map(|r| r.line),
    ));

    let mut table = Table::default();
    let head_text = |role: &str| {
        header
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, h)| h.clone())
            .or_else(|| COLUMNS.iter().find(|(r, _)| *r == role).map(|(_, d)| d.to_string()))
            .unwrap_or_default()
    };
    table.rows.push(GridRow {
        cells: COLUMNS.iter().map(|(r, _)| Cell::new(&head_text(r))).collect(),
        line: header_found
            .then(|| lines.get(body_from.saturating_sub(header_lines.len())).map(|(ln, _)| *ln))
            .flatten(),
    });
    for r in rows {
        let (task, status) = if r.category { (r.lines.concat(), String::new()) } else { split_task(&r.lines) };
        let cells = if r.category {
            vec![Cell::new(&task), Cell::default(), Cell::default(), Cell::default()]
        } else {
            vec![Cell::new(&r.seq), Cell::new(&task), Cell::new(&status), Cell::new(&r.units.join("\n"))]
        };
        table.rows.push(GridRow { cells, line: Some(r.line) });
    }
    grid.tables.push(table);
    grid
}

/// Splits a row's text lines into the task and the status (step 5 of the module docs).
fn split_task(lines: &[String]) -> (String, String) {
    let mut k = 1.min(lines.len());
    let mut task = lines.first().cloned().unwrap_or_default();
    while !ends_sentence(&task) && k + 1 < lines.len() {
        if let Some(next) = lines.get(k) {
            task.push_str(next);
        }
        k += 1;
    }
    let status = lines.get(k..).unwrap_or(&[]).join("\n");
    (task, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data rows (header row skipped) as [seq, task, status, units].
    fn rows(text: &str) -> Vec<[String; 4]> {
        let g = read(text);
        g.tables
            .first()
            .map(|t| {
                t.rows
                    .iter()
                    .skip(1)
                    .map(|r| {
                        let c = |j: usize| r.cells.get(j).map(|c| c.text.clone()).unwrap_or_default();
                        [c(0), c(1), c(2), c(3)]
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `rows!(name: text => [[seq, task, status, units], …])`.
    macro_rules! rows {
        ($($name:ident: $text:expr => [$([$s:expr, $t:expr, $st:expr, $u:expr]),* $(,)?];)*) => {
            $(#[test]
            fn $name() {
                let want: Vec<[String; 4]> = vec![$([$s.to_string(), $t.to_string(), $st.to_string(), $u.to_string()]),*];
                assert_eq!(rows($text), want, "{}", stringify!($name));
            })*
        };
    }

    const HEAD: &str = "附件2\n上半年完成情况\n序号\n目    标   任   务\n完成情况\n牵头责任单位\n";

    rows! {
        serial_alone_on_its_line:
            &format!("{HEAD}1\n地区生产总值增长6.5%。\n增长6.4%。\n区发展改革委\n2\n做好普查。\n已完成。\n区统计局\n")
            => [["1", "地区生产总值增长6.5%。", "增长6.4%。", "区发展改革委"], ["2", "做好普查。", "已完成。", "区统计局"]];
        serial_before_the_task_on_one_line:
            &format!("{HEAD}1 甲任务。\n甲情况。\n区财政局\n2、乙任务。\n乙情况。\n区税务局\n3.丙任务。\n丙情况。\n区统计局\n")
            => [["1", "甲任务。", "甲情况。", "区财政局"], ["2、", "乙任务。", "乙情况。", "区税务局"], ["3.", "丙任务。", "丙情况。", "区统计局"]];
        serial_glued_to_the_task_when_expected:
            &format!("{HEAD}1地区生产总值增长6.5%。\n增长6.4%。\n区发展改革委\n")
            => [["1", "地区生产总值增长6.5%。", "增长6.4%。", "区发展改革委"]];
        blank_serial_after_units_starts_a_row:
            &format!("{HEAD}1\n甲任务。\n甲情况。\n区财政局\n乙任务。\n乙情况。\n区税务局\n3\n丙任务。\n丙情况。\n区统计局\n")
            => [["1", "甲任务。", "甲情况。", "区财政局"], ["", "乙任务。", "乙情况。", "区税务局"], ["3", "丙任务。", "丙情况。", "区统计局"]];
        numbers_opening_a_status_line_are_text:
            &format!("{HEAD}1\n甲任务。\n2023年完成。\n10.53亿元已投放。\n2 个项目开工。\n区财政局\n")
            => [["1", "甲任务。", "2023年完成。\n10.53亿元已投放。\n2 个项目开工。", "区财政局"]];
        several_units_one_a_line_or_joined:
            &format!("{HEAD}1\n甲任务。\n甲情况。\n区发展改革委\n区生态环境局、区财政局\n白涛新材料科技城\n")
            => [["1", "甲任务。", "甲情况。", "区发展改革委\n区生态环境局\n区财政局\n白涛新材料科技城"]];
        wrapped_task_is_joined_until_its_sentence_ends:
            &format!("{HEAD}1\n加大助企纾困力度，落实减\n税降费政策。\n梳理政策包114条；\n牵头制定措施。\n区发展改革委\n")
            => [["1", "加大助企纾困力度，落实减税降费政策。", "梳理政策包114条；\n牵头制定措施。", "区发展改革委"]];
        header_on_one_line_and_page_numbers:
            "标题\n序号 目标任务 完成情况 牵头责任单位\n1\n甲任务。\n甲情况。\n区财政局\n- 2 -\n序号 目标任务 完成情况 牵头责任单位\n2\n乙任务。\n乙情况。\n区税务局\n"
            => [["1", "甲任务。", "甲情况。", "区财政局"], ["2", "乙任务。", "乙情况。", "区税务局"]];
        category_heading_between_rows:
            &format!("{HEAD}一、稳增长\n1\n甲任务。\n甲情况。\n区财政局\n二、惠民生\n2\n乙任务。\n乙情况。\n区民政局\n")
            => [["一、稳增长", "", "", ""], ["1", "甲任务。", "甲情况。", "区财政局"], ["二、惠民生", "", "", ""], ["2", "乙任务。", "乙情况。", "区民政局"]];
        no_header_still_finds_rows:
            "上半年完成情况\n1\n甲任务。\n甲情况。\n区财政局\n2\n乙任务。\n乙情况。\n区税务局\n"
            => [["1", "甲任务。", "甲情况。", "区财政局"], ["2", "乙任务。", "乙情况。", "区税务局"]];
        row_without_units_ends_at_the_next_serial:
            &format!("{HEAD}1\n甲任务。\n甲情况。\n2\n乙任务。\n乙情况。\n区税务局\n")
            => [["1", "甲任务。", "甲情况。", ""], ["2", "乙任务。", "乙情况。", "区税务局"]];
    }

    #[test]
    fn preamble_warning_and_trailing_note() {
        let g = read(&format!("{HEAD}1\n甲任务。\n甲情况。\n区财政局\n注：数据为初步统计\n"));
        assert_eq!(g.preamble, vec!["附件2", "上半年完成情况"]);
        assert_eq!(g.loose, vec![("注：数据为初步统计".to_string(), Some(11))]);
        let codes: Vec<&str> = g.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, vec!["lines_reconstructed"]);
        assert_eq!(g.tables[0].rows[0].cells[1].text, "目    标   任   务");
        assert_eq!(g.tables[0].rows[1].line, Some(7));
    }

    #[test]
    fn page_numbers_are_named() {
        let g = read(&format!("{HEAD}1\n甲任务。\n甲情况。\n- 1 -\n区财政局\n第2页\n"));
        assert!(g.warnings.iter().any(|w| w.code == "page_number_dropped" && w.message.contains("2 page number")));
    }

    #[test]
    fn prose_gives_no_table() {
        let g = read("这是一段说明文字，没有表格。\n第二段。\n");
        assert!(g.tables.is_empty());
        assert_eq!(g.preamble.len(), 2);
        assert_eq!(g.warnings[0].code, "lines_no_rows");
    }

    #[test]
    fn never_panics_and_stays_linear() {
        for text in [
            "1\n".repeat(30_000),
            "区财政局\n".repeat(30_000),
            "序号\n".repeat(50_000),
            "1 甲\n".repeat(30_000),
            "\u{3000}".repeat(1000),
            "１２３４５６７８９\n".to_string(),
        ] {
            let t = std::time::Instant::now();
            let _ = read(&text);
            assert!(t.elapsed().as_secs_f64() < 5.0);
        }
    }
}

//! Stage 1: input text → a [`Grid`] of cells. Detects the format (tab-cell converter
//! text, TSV, CSV, HTML, Markdown, line-per-cell text) and hands the text to the
//! reader for it. Readers never fail: they return the best grid they can and say in
//! warnings what was odd and where.

use crate::analysis::text::slice;
use crate::model::Warning;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

pub mod delimited;
pub mod html;
pub mod lines;
pub mod markdown;
pub mod tabcell;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Document-to-text converter output: each cell starts a line with a tab, blank line ends a row.
    Tabcell,
    /// Tab-separated values (Excel/WPS clipboard), quoted cells may hold line breaks.
    Tsv,
    /// RFC 4180 comma-separated values.
    Csv,
    /// One or more HTML `<table>`s (clipboard `text/html`, saved pages).
    Html,
    /// Markdown pipe tables.
    Markdown,
    /// Line-per-cell text without tabs (copied out of a PDF): best effort.
    Lines,
}

/// A cell of the grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Its paragraphs, each trimmed, joined by `\n`.
    pub text: String,
    /// True when the text was not in the source but generated (Word's automatic list numbering).
    pub generated: bool,
}

impl Cell {
    /// A cell from text written in the source: paragraphs trimmed, empty leading/trailing ones dropped.
    pub fn new(text: &str) -> Cell {
        Cell { text: clean_cell(text), generated: false }
    }
}

/// A row of a table, with the 1-based source line it starts on (when the source has lines).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GridRow {
    /// The cells, left to right.
    pub cells: Vec<Cell>,
    /// The 1-based line where the row starts.
    pub line: Option<usize>,
}

/// One table of the input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Its rows, header included, top to bottom.
    pub rows: Vec<GridRow>,
}

/// What a reader gives: text above the tables, the tables, and warnings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// The format that was read.
    pub format: Option<Format>,
    /// Paragraphs above the first table (trimmed, non-empty).
    pub preamble: Vec<String>,
    /// The tables, in source order.
    pub tables: Vec<Table>,
    /// Paragraphs between or after tables that belong to no cell (kept, never dropped).
    pub loose: Vec<(String, Option<usize>)>,
    /// What was odd.
    pub warnings: Vec<Warning>,
}

/// The pipeline's own form of a [`Grid`]: every cell in one list, its text borrowed from
/// the input when it is a slice of it (a cell of one paragraph, as most are). A cell's
/// text is then copied once, into its row, and a cell that goes into no row as text (a
/// serial) is never copied; no list per row either.
#[derive(Default)]
pub(crate) struct Sheet<'a> {
    /// As [`Grid::preamble`].
    pub preamble: Vec<String>,
    /// The tables, each its rows.
    pub tables: Vec<Vec<SheetRow>>,
    /// The cells of every row, row after row.
    pub cells: Vec<SheetCell<'a>>,
    /// As [`Grid::loose`].
    pub loose: Vec<(String, Option<usize>)>,
    /// As [`Grid::warnings`].
    pub warnings: Vec<Warning>,
}

/// A row of a [`Sheet`]: where its cells are in [`Sheet::cells`], and its line.
#[derive(Clone, Copy)]
pub(crate) struct SheetRow {
    /// Its first cell.
    pub from: usize,
    /// Past its last cell.
    pub to: usize,
    /// As [`GridRow::line`].
    pub line: Option<usize>,
}

/// A cell of a [`Sheet`].
#[derive(Default)]
pub(crate) struct SheetCell<'a> {
    /// As [`Cell::text`], borrowed or owned.
    pub text: Cow<'a, str>,
    /// As [`Cell::generated`].
    pub generated: bool,
}

impl Sheet<'_> {
    /// The grid of these cells, each text owned.
    pub fn into_grid(self) -> Grid {
        let mut cells = self.cells.into_iter();
        let tables = self.tables.iter().map(|rows| {
            let rows = rows.iter().map(|r| {
                let cells = cells.by_ref().take(r.to - r.from);
                let cells = cells.map(|c| Cell { text: c.text.into_owned(), generated: c.generated });
                GridRow { cells: cells.collect(), line: r.line }
            });
            Table { rows: rows.collect() }
        });
        Grid {
            format: None,
            preamble: self.preamble,
            tables: tables.collect(),
            loose: self.loose,
            warnings: self.warnings,
        }
    }
}

impl From<Grid> for Sheet<'static> {
    /// The grid's cells, their texts moved, not copied.
    fn from(grid: Grid) -> Self {
        let mut sheet =
            Sheet { preamble: grid.preamble, loose: grid.loose, warnings: grid.warnings, ..Sheet::default() };
        for table in grid.tables {
            let mut rows = Vec::with_capacity(table.rows.len());
            for row in table.rows {
                let from = sheet.cells.len();
                for c in row.cells {
                    sheet.cells.push(SheetCell { text: Cow::Owned(c.text), generated: c.generated });
                }
                rows.push(SheetRow { from, to: sheet.cells.len(), line: row.line });
            }
            sheet.tables.push(rows);
        }
        sheet
    }
}

/// Trims every paragraph of a cell and joins them with `\n`, dropping empty paragraphs
/// at the start and end (blank ones inside are dropped too: they carry no text).
pub fn clean_cell(text: &str) -> String {
    let trimmed = trim_cell_space(text);
    // A byte search (not a char search) for the usual one-paragraph cell.
    if !trimmed.as_bytes().contains(&b'\n') {
        return trimmed.to_string();
    }
    // Splitting the trimmed text gives the same paragraphs as the whole one: what the
    // outer trim removed are blank paragraphs and the ends of the first and last.
    let mut out = String::with_capacity(trimmed.len());
    for para in trimmed.split('\n') {
        let p = trim_cell_space(para);
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(p);
    }
    out
}

/// A cell's paragraph trimmed of white space and byte-order marks.
pub(crate) fn trim_cell_space(s: &str) -> &str {
    // Most paragraphs start and end with a char that is plainly neither (a letter, a digit,
    // a Chinese character or punctuation: no white space lies above U+3000 but U+FEFF):
    // two cheap tests spare the general trim.
    let solid = |c: char| c.is_ascii_graphic() || (c > '\u{3000}' && c != '\u{feff}');
    // The same test on bytes first, without decoding: a lead byte 0xE3..=0xEE starts a
    // char in U+3000..U+EFFF, solid but for U+3000 itself (E3 80 80), and one three bytes
    // before the end starts the last char. (The last char of most cells is "。", E3 80 82.)
    let b = s.as_bytes();
    let solid3 = |k: usize| matches!(b.get(k..k + 3), Some(&[x, y, z]) if (0xE3..=0xEE).contains(&x) && [x, y, z] != [0xE3, 0x80, 0x80]);
    if (b.first().is_some_and(u8::is_ascii_graphic) || solid3(0))
        && (b.last().is_some_and(u8::is_ascii_graphic) || b.len().checked_sub(3).is_some_and(solid3))
    {
        return s;
    }
    match (s.chars().next(), s.chars().next_back()) {
        (None, _) => s,
        (Some(a), Some(z)) if solid(a) && solid(z) => s,
        _ => s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'),
    }
}

/// Guesses the format of `text` from its shape.
pub fn detect(text: &str) -> Format {
    let head = slice(text, 0, 64 * 1024);
    // A document that starts as HTML is HTML. Otherwise text structure (pipes, tabs,
    // commas) wins over tags found inside it: a `<td>` typed into a cell of a pasted
    // tab-separated table is data, not markup.
    if starts_like_html(head) {
        return Format::Html;
    }
    // One pass over the first 200 non-blank lines, counting what each test below needs.
    let (mut n, mut pipe, mut rule, mut leading_tab, mut inner_tab, mut with_commas) = (0, 0, false, 0, 0, 0);
    // The lines as `str::lines` gives them (bar a '\r' before the '\n', which changes no
    // test below), each with its tabs, found by the tab-cell reader's word-at-a-time scan.
    let mut lines = tabcell::Lines::new(head);
    while let Some((l, _)) = lines.next_line() {
        // A line is blank when it is white space to its end (`trim_start` is then empty).
        let t = l.trim_start();
        if t.is_empty() {
            continue;
        }
        if n == 200 {
            break;
        }
        n += 1;
        if t.starts_with('|') {
            pipe += 1;
            rule |= t.contains("---") || t.starts_with("|:") || t.starts_with("| :");
        }
        if l.starts_with('\t') || l.starts_with(" \t") {
            leading_tab += 1;
        }
        // A tab after the leading spaces and tabs (the last tab is after them when any
        // is), in a line not starting with a tab.
        if !l.starts_with('\t')
            && lines.tabs.last().is_some_and(|&k| k > l.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count())
        {
            inner_tab += 1;
        }
        if n <= 50 && two_commas(l) {
            with_commas += 1;
        }
    }
    if n == 0 {
        return Format::Lines;
    }
    // Shares in whole numbers: `pipe / n > 0.3` is `10 * pipe > 3 * n` (n ≤ 200, so no
    // share lies within rounding of its bound without being on it).
    if 10 * pipe > 3 * n && rule {
        return Format::Markdown;
    }
    if 10 * leading_tab > 3 * n && leading_tab > inner_tab {
        return Format::Tabcell;
    }
    if 5 * inner_tab > n {
        return Format::Tsv;
    }
    if with_commas * 2 > n.min(50) {
        return Format::Csv;
    }
    if has_table_tag(head) {
        return Format::Html;
    }
    Format::Lines
}

/// Whether `l` holds two ASCII commas or more (each found by `str`'s char search, which
/// skips a word at a time: lines of Chinese text rarely have one).
fn two_commas(l: &str) -> bool {
    l.split_once(',').is_some_and(|(_, rest)| rest.contains(','))
}

/// A table tag anywhere (`<table`, `<tr`, `<td`, `<th` followed by a space, `>` or `/`),
/// or `<html`/`<body`: HTML when the text has no tab, pipe or comma table structure.
fn has_table_tag(head: &str) -> bool {
    let b = head.as_bytes();
    let tag_at = |i: usize, name: &[u8]| {
        b.get(i + 1..i + 1 + name.len()).is_some_and(|w| w.eq_ignore_ascii_case(name))
            && b.get(i + 1 + name.len()).is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
    };
    let mut i = 0;
    while let Some(k) = b.get(i..).and_then(|r| r.iter().position(|c| *c == b'<')) {
        let at = i + k;
        if [&b"table"[..], b"tr", b"td", b"th", b"html", b"body"].iter().any(|n| tag_at(at, n)) {
            return true;
        }
        i = at + 1;
    }
    false
}

/// A document that is HTML as a whole: after white space it starts with a tag, a
/// doctype or a comment (`<!DOCTYPE html>`, `<html`, `<meta`, Word's `<!--StartFragment-->`,
/// a saved page), or with Windows' `Version:0.9 … StartHTML:` clipboard header. A Word
/// page's `<style>` can push its first `<table>` far down, so the start is what counts.
fn starts_like_html(head: &str) -> bool {
    let start = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let b = start.as_bytes();
    let starts = |p: &str| b.get(..p.len()).is_some_and(|w| w.eq_ignore_ascii_case(p.as_bytes()));
    if starts("version:") {
        return head.contains("StartHTML:");
    }
    b.first() == Some(&b'<') && b.get(1).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'!' || *c == b'?')
}

/// The text without its byte-order mark, and the format it is read as.
fn format_of(text: &str, format: Option<Format>) -> (&str, Format) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    (text, format.unwrap_or_else(|| detect(text)))
}

/// Reads `text` as `format` (or the detected format) into a grid.
pub fn read(text: &str, format: Option<Format>) -> Grid {
    let (text, format) = format_of(text, format);
    let mut grid = match format {
        Format::Tabcell => tabcell::read(text),
        _ => read_other(text, format),
    };
    grid.format = Some(format);
    grid
}

/// [`read`] for the pipeline: tab-cell text, the common case, is read into a [`Sheet`]
/// that borrows its cells from `text`; other formats are read into a grid first.
pub(crate) fn read_sheet(text: &str, format: Option<Format>) -> Sheet<'_> {
    match format_of(text, format) {
        (text, Format::Tabcell) => tabcell::read_sheet(text),
        (text, format) => Sheet::from(read_other(text, format)),
    }
}

/// The readers of every format but tab-cell text, which both callers read themselves
/// (kept apart so that the pipeline does not reach [`tabcell::read`]'s conversion into a
/// grid; were tab-cell text to come here, the line reader would read it).
fn read_other(text: &str, format: Format) -> Grid {
    match format {
        Format::Tsv => delimited::read(text, b'\t'),
        Format::Csv => delimited::read(text, b','),
        Format::Html => html::read(text),
        Format::Markdown => markdown::read(text),
        Format::Lines | Format::Tabcell => lines::read(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `detects!(input => Format)`: one line a case.
    macro_rules! detects {
        ($($input:expr => $f:ident),* $(,)?) => {
            $(assert_eq!(detect($input), Format::$f, "{:?}", $input);)*
        };
    }

    #[test]
    fn detects_html_by_table_tags_or_as_a_document() {
        detects!(
            "<table><tr><td>1</td></tr></table>" => Html,
            "<TR><TD>1<TD>甲" => Html,
            "<html><body><p>附件2</p><p>标题</p></body></html>" => Html,
            "<!--StartFragment--><p class=MsoNormal>甲</p>" => Html,
            "Version:0.9\r\nStartHTML:0000000105\r\n<html><p>甲</p>" => Html,
            "<!DOCTYPE html><p>甲</p>" => Html,
            "标题\n<table><tr><td>1</td></tr></table>" => Html,
            "\t序号\n\t目标任务\n\n\t1\n\t<td onmouseover=alert(1)>甲\n\t乙\n" => Tabcell,
            "序号\t目标任务\n1\t<table><tr><td>x\n2\t乙\n" => Tsv,
            "| 序号 | 任务 |\n|---|---|\n| 1 | 甲<br>乙 |\n" => Markdown,
            "序号\n<track>不是表格\n1\n甲\n区财政局\n" => Lines,
            "附件2\n序号\n目标任务\n1\n地区生产总值增长6.5%。\n区发展改革委\n" => Lines,
        );
    }

    #[test]
    fn two_commas_counts_like_a_filter() {
        for (l, want) in [
            ("", false),
            (",", false),
            (",,", true),
            ("a,b", false),
            ("a,b,c", true),
            ("0123456,", false),
            ("0123456,,", true),
            ("01234567,abcdefg,", true),
            (",.,", true),
            ("，，", false),
            ("甲,乙，丙,", true),
        ] {
            assert_eq!(two_commas(l), l.bytes().filter(|b| *b == b',').count() >= 2, "{l:?}");
            assert_eq!(two_commas(l), want, "{l:?}");
        }
    }

    #[test]
    fn cells_are_trimmed_of_every_kind_of_space() {
        for (raw, want) in [
            ("", ""),
            ("甲", "甲"),
            ("\u{3000}\u{3000}甲。\u{3000}", "甲。"),
            ("\u{feff}甲\u{a0}", "甲"),
            ("\u{2003}1\t", "1"),
            (" \n 甲 \n\n\u{3000}\n乙 \n ", "甲\n乙"),
            ("𠀀\u{85}", "𠀀"),
            ("\u{3000}", ""),
            ("。甲、\u{3000}", "。甲、"),
            ("ぁ\u{feff}", "ぁ"),
            ("\u{3000}\n\u{feff}\n", ""),
            ("\u{2fff}甲\u{3001}", "\u{2fff}甲\u{3001}"),
            ("é甲ü", "é甲ü"),
            ("\u{2028}甲\u{3000}", "甲"),
            ("\u{3000}\u{3001}", "\u{3001}"),
            ("ab ", "ab"),
            ("甲ab\u{3000}", "甲ab"),
            ("甲\u{feff}", "甲"),
            ("\u{feff}甲", "甲"),
            ("1 \u{a0}", "1"),
            ("甲。\u{3000}", "甲。"),
            ("\u{3000}。甲", "。甲"),
            ("。\u{3000}。", "。\u{3000}。"),
        ] {
            assert_eq!(clean_cell(raw), want, "{raw:?}");
        }
    }
}

//! Tab-cell text, as document-to-text converters write Word tables: each cell starts a
//! line with a tab; a line without a leading tab continues the cell above; a blank line
//! ends a row; a line starting " \t" starts a row whose first (serial) cell is blank;
//! converter artefacts such as `[bookmark: _GoBack]` are dropped and reported.

use super::{trim_cell_space, Grid, Sheet, SheetCell, SheetRow};
use crate::model::Warning;
use std::borrow::Cow;

/// Reads tab-cell text into a grid with one table.
pub fn read(text: &str) -> Grid {
    read_sheet(text).into_grid()
}

/// Reads tab-cell text into a sheet with one table, each cell of one paragraph a slice of `text`.
pub(crate) fn read_sheet(text: &str) -> Sheet<'_> {
    let mut sheet = Sheet::default();
    // About one cell per hundred bytes of a report and four cells a row: room for that
    // from the start rather than growing step by step.
    sheet.cells.reserve(text.len() / 100 + 8);
    let mut rows: Vec<SheetRow> = Vec::with_capacity(text.len() / 400 + 2);
    // The row being read: where its cells start and its line.
    let mut row: Option<(usize, usize)> = None;
    let mut cell = RawCell::default();
    let mut seen_cell = false;
    let mut lines = Lines::new(text);
    // The tabs of a line whose artefacts were cut out (the scan's positions are of the raw line).
    let mut own_tabs: Vec<usize> = Vec::new();
    let mut line_no = 0;

    while let Some((raw, bracket)) = lines.next_line() {
        line_no += 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = if bracket { strip_artefacts(raw, line_no, &mut sheet.warnings) } else { Cow::Borrowed(raw) };
        // The line as a slice of the text, when it is one: a cell's first paragraph is
        // then kept as that slice.
        let src = match &line {
            Cow::Borrowed(l) => Some(*l),
            Cow::Owned(_) => None,
        };
        let tabs: &[usize] = match &line {
            Cow::Borrowed(_) => &lines.tabs,
            Cow::Owned(l) => {
                own_tabs.clear();
                own_tabs.extend(l.bytes().enumerate().filter(|(_, b)| *b == b'\t').map(|(k, _)| k));
                &own_tabs
            }
        };
        let line: &str = &line;
        if is_blank(line, !tabs.is_empty()) {
            // A blank line ends the row (and any cell).
            end_row(&mut rows, &mut row, &mut cell, &mut sheet.cells);
            continue;
        }
        match lead_tab(line, tabs.first().copied()) {
            Some(p) => {
                let lead = line.get(..p).unwrap_or("");
                seen_cell = true;
                if !lead.is_empty() {
                    // " \t": a new row whose serial cell is blank.
                    end_row(&mut rows, &mut row, &mut cell, &mut sheet.cells);
                    row = Some((sheet.cells.len(), line_no));
                    sheet.cells.push(SheetCell::default());
                } else {
                    cell.end(row.is_some(), &mut sheet.cells);
                    if row.is_none() {
                        row = Some((sheet.cells.len(), line_no));
                    }
                }
                // Further tabs inside the line separate further cells (`p` is the first tab).
                let mut from = p + 1;
                for &k in tabs.iter().skip(1) {
                    cell.start(line.get(from..k).unwrap_or(""), src.and_then(|l| l.get(from..k)));
                    cell.end(row.is_some(), &mut sheet.cells);
                    from = k + 1;
                }
                cell.start(line.get(from..).unwrap_or(""), src.and_then(|l| l.get(from..)));
            }
            None => {
                if cell.open {
                    cell.add(line);
                } else if !seen_cell {
                    sheet.preamble.push(line.trim().to_string());
                } else {
                    sheet.loose.push((line.trim().to_string(), Some(line_no)));
                }
            }
        }
    }
    end_row(&mut rows, &mut row, &mut cell, &mut sheet.cells);
    if !rows.is_empty() {
        sheet.tables.push(rows);
    }
    sheet
}

/// The cell being read, cleaned as it comes (as [`clean_cell`](super::clean_cell) would:
/// each paragraph trimmed, empty ones dropped). A cell of one paragraph, as most are,
/// stays a slice of the text; more paragraphs are joined in a buffer reused from cell to
/// cell, and copied once, when the cell ends.
#[derive(Default)]
struct RawCell<'a> {
    open: bool,
    /// The (trimmed) first paragraph, while it is the only one and a slice of the text.
    single: Option<&'a str>,
    buf: String,
}

impl<'a> RawCell<'a> {
    /// Opens a cell with its first paragraph, `first`, which is `src` when that is a
    /// slice of the text.
    fn start(&mut self, first: &str, src: Option<&'a str>) {
        self.buf.clear();
        self.single = src.map(trim_cell_space);
        if self.single.is_none() {
            self.buf.push_str(trim_cell_space(first));
        }
        self.open = true;
    }

    /// Adds a paragraph.
    fn add(&mut self, line: &str) {
        let p = trim_cell_space(line);
        if !p.is_empty() {
            if let Some(first) = self.single.take() {
                self.buf.reserve(first.len() + 1 + p.len());
                self.buf.push_str(first);
            }
            if !self.buf.is_empty() {
                self.buf.push('\n');
            }
            self.buf.push_str(p);
        }
    }

    /// Closes the open cell, adding it to `cells` if a row is open. (Inlined: the line
    /// loop calls it for nearly every line; one copy in wasm.)
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn end(&mut self, in_row: bool, cells: &mut Vec<SheetCell<'a>>) {
        if std::mem::take(&mut self.open) && in_row {
            let text = match self.single {
                Some(s) => Cow::Borrowed(s),
                None => Cow::Owned(self.buf.as_str().to_owned()),
            };
            cells.push(SheetCell { text, generated: false });
        }
        self.single = None;
    }
}

fn end_row<'a>(
    rows: &mut Vec<SheetRow>,
    row: &mut Option<(usize, usize)>,
    cell: &mut RawCell<'a>,
    cells: &mut Vec<SheetCell<'a>>,
) {
    cell.end(row.is_some(), cells);
    if let Some((from, line)) = row.take() {
        rows.push(SheetRow { from, to: cells.len(), line: Some(line) });
    }
}

/// A blank line: only white space and no tab.
fn is_blank(line: &str, has_tab: bool) -> bool {
    !has_tab && line.trim().is_empty()
}

/// Where the tab is that starts a cell: the first tab (`first_tab`), when only white
/// space is before it.
fn lead_tab(line: &str, first_tab: Option<usize>) -> Option<usize> {
    // Bytes first: a tab, or a first byte that starts no white space (ASCII graphic, or
    // the lead byte of a Chinese character), settle most lines without decoding.
    match line.as_bytes().first() {
        Some(b'\t') => return Some(0),
        Some(b) if b.is_ascii_graphic() || (0xE4..=0xE9).contains(b) => return None,
        _ => {}
    }
    match line.chars().next() {
        // A line starting with anything but white space cannot have a leading tab.
        Some(c) if !c.is_whitespace() => None,
        _ => first_tab.filter(|&p| line.get(..p).is_some_and(|l| l.trim().is_empty())),
    }
}

/// The lines of a text split at '\n' (like `str::split('\n')`), each with the positions
/// of its tabs and whether it has a '[' (where an artefact could start), all found in one
/// pass over the text, eight bytes at a time.
pub(crate) struct Lines<'a> {
    text: &'a str,
    /// Where the rest of the text starts; `None` once the last line is given.
    at: Option<usize>,
    /// The tabs of the last line given, as byte offsets in it.
    pub(crate) tabs: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lines { text, at: Some(0), tabs: Vec::new() }
    }

    /// The next line and whether it has a '['.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))] // in the tab-cell reader's line loop (as before `detect` used it too); one copy in wasm
    pub(crate) fn next_line(&mut self) -> Option<(&'a str, bool)> {
        let start = self.at?;
        let b = self.text.as_bytes();
        self.tabs.clear();
        let mut bracket = false;
        let mut pos = start;
        loop {
            match b.get(pos..).and_then(find_special) {
                Some(k) => {
                    let q = pos + k;
                    match b.get(q) {
                        Some(b'\n') => {
                            self.at = Some(q + 1);
                            // '\n' is ASCII, so `start` and `q` are char boundaries.
                            return Some((self.text.get(start..q).unwrap_or(""), bracket));
                        }
                        Some(b'\t') => self.tabs.push(q - start),
                        Some(b'[') => bracket = true,
                        _ => {}
                    }
                    pos = q + 1;
                }
                None => {
                    self.at = None;
                    return Some((self.text.get(start..).unwrap_or(""), bracket));
                }
            }
        }
    }
}

/// The first byte in `b` that a line scan stops at: '\n', '\t', '[' or (rare, skipped by
/// the caller) another control byte below '\n'. Tests eight bytes a step with the classic
/// word tricks: "has a byte below 0x0B" and "has a zero byte" on the word XOR "[[[[[[[[".
fn find_special(b: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const BRACKETS: u64 = LO * b'[' as u64;
    let hits = |c: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        let y = x ^ BRACKETS;
        (x.wrapping_sub(LO * 0x0B) & !x & HI) | (y.wrapping_sub(LO) & !y & HI)
    };
    // The lowest flagged byte of a word is a true hit (borrows only run upwards).
    let first = |hit: u64| (hit.trailing_zeros() / 8) as usize;
    let mut at = 0;
    // Two words a step: one branch per sixteen bytes on the long runs between hits.
    let mut pairs = b.chunks_exact(16);
    for c in &mut pairs {
        let (lo, hi) = c.split_at(8);
        let (h0, h1) = (hits(lo), hits(hi));
        if h0 | h1 != 0 {
            return Some(at + if h0 != 0 { first(h0) } else { 8 + first(h1) });
        }
        at += 16;
    }
    let rest = pairs.remainder();
    if let Some(c) = rest.get(..8) {
        let h = hits(c);
        if h != 0 {
            return Some(at + first(h));
        }
        at += 8;
    }
    b.get(at..)?.iter().position(|&c| c < 0x0B || c == b'[').map(|k| at + k)
}

/// How a converter artefact starts.
const ARTEFACT: &str = "[bookmark:";

/// Removes converter artefacts (`[bookmark: …]`) from a line, warning for each.
fn strip_artefacts<'a>(line: &'a str, line_no: usize, warnings: &mut Vec<Warning>) -> Cow<'a, str> {
    if !line.contains(ARTEFACT) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(p) = rest.find(ARTEFACT) {
        out.push_str(&rest[..p]);
        match rest[p..].find(']') {
            Some(q) => {
                let art = &rest[p..p + q + 1];
                warnings.push(Warning::new(
                    "artefact_dropped",
                    format!("dropped converter artefact {art}"),
                    Some(line_no),
                ));
                rest = &rest[p + q + 1..];
            }
            None => {
                out.push_str(&rest[p..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(g: &Grid) -> Vec<Vec<String>> {
        g.tables[0].rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect()
    }

    #[test]
    fn cells_rows_continuations_and_preamble() {
        let g = read("附件2\n标题\n\n\t序号\n\t任务\n\n\t1\n\t甲\n乙\n\t单位A\n单位B\n");
        assert_eq!(g.preamble, vec!["附件2", "标题"]);
        assert_eq!(cells(&g), vec![vec!["序号", "任务"], vec!["1", "甲\n乙", "单位A\n单位B"]]);
        assert_eq!(g.tables[0].rows[1].line, Some(7));
    }

    #[test]
    fn space_tab_starts_row_with_blank_serial() {
        let g = read("\t1\n\t甲\n\t单位\n \t乙\n\t丙\n\t单位\n");
        assert_eq!(cells(&g), vec![vec!["1", "甲", "单位"], vec!["", "乙", "丙", "单位"]]);
    }

    #[test]
    fn serial_on_its_own_line_after_empty_tab_line() {
        let g = read("\t\n102\n\t任务\n");
        assert_eq!(cells(&g), vec![vec!["102", "任务"]]);
    }

    #[test]
    fn bookmark_artefact_dropped_and_reported() {
        let g = read("\t1\n\t[bookmark: _GoBack]制定清单\n");
        assert_eq!(cells(&g), vec![vec!["1", "制定清单"]]);
        assert_eq!(g.warnings.len(), 1);
        assert_eq!(g.warnings[0].line, Some(2));
        assert!(g.warnings[0].message.contains("[bookmark: _GoBack]"));
    }

    #[test]
    fn crlf_is_read_like_lf() {
        let g = read("\t1\r\n\t甲\r\n\r\n\t2\r\n\t乙\r\n");
        assert_eq!(cells(&g), vec![vec!["1", "甲"], vec!["2", "乙"]]);
    }

    #[test]
    fn lines_split_like_str_split() {
        for t in [
            "",
            "\n",
            "a",
            "a\n",
            "\n\na",
            "0123456\n89abcdef\n",
            "好好好\n\t甲乙丙丁\n0123456789abcdefg",
            "\t1\t2\x01\x0b\t[3\n[\t\t甲乙丙丁戊己[\t\r\n\t",
            "0123456789\t12345678[abcdefgh\t0123456789abcdef0123456\n0123456789abcdefg\t",
        ] {
            let mut lines = Lines::new(t);
            let mut got = Vec::new();
            while let Some((l, bracket)) = lines.next_line() {
                let tabs: Vec<usize> = l.match_indices('\t').map(|(k, _)| k).collect();
                assert_eq!((&lines.tabs, bracket), (&tabs, l.contains('[')), "{l:?}");
                got.push(l);
            }
            assert_eq!(got, t.split('\n').collect::<Vec<_>>(), "{t:?}");
        }
    }

    #[test]
    fn artefacts_on_several_lines_each_reported_with_their_line() {
        let g = read("\t1\n\t[x][bookmark: a]甲\n乙[bookmark: b][bookmark: c]\n\n\t2\n\t丙[bookmark: d]\n");
        assert_eq!(cells(&g), vec![vec!["1", "[x]甲\n乙"], vec!["2", "丙"]]);
        let lines: Vec<Option<usize>> = g.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(3), Some(6)]);
    }
}

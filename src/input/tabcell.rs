//! Tab-cell text, as document-to-text converters write Word tables: each cell starts a
//! line with a tab; a line without a leading tab continues the cell above; a blank line
//! ends a row; a line starting " \t" starts a row whose first (serial) cell is blank;
//! converter artefacts such as `[bookmark: _GoBack]` are dropped and reported.

use super::{Cell, Grid, GridRow, Table};
use crate::model::Warning;
use std::borrow::Cow;

/// Reads tab-cell text into a grid with one table.
pub fn read(text: &str) -> Grid {
    let mut grid = Grid::default();
    let mut table = Table::default();
    let mut row: Option<GridRow> = None;
    // The raw text of the cell being built (paragraphs joined by '\n').
    let mut cell: Option<String> = None;
    let mut seen_cell = false;

    fn end_cell(row: &mut Option<GridRow>, cell: &mut Option<String>) {
        if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
            r.cells.push(Cell::new(&c));
        }
    }
    fn end_row(table: &mut Table, row: &mut Option<GridRow>, cell: &mut Option<String>) {
        end_cell(row, cell);
        if let Some(r) = row.take() {
            table.rows.push(r);
        }
    }

    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = strip_artefacts(raw, line_no, &mut grid.warnings);
        if line.trim().is_empty() && !line.contains('\t') {
            // A blank line ends the row (and any cell).
            end_row(&mut table, &mut row, &mut cell);
            continue;
        }
        let (lead, rest) = match line.find('\t') {
            Some(p) if line[..p].trim().is_empty() => (Some(&line[..p]), &line[p + 1..]),
            _ => (None, &*line),
        };
        match lead {
            Some(lead) => {
                seen_cell = true;
                if !lead.is_empty() {
                    // " \t": a new row whose serial cell is blank.
                    end_row(&mut table, &mut row, &mut cell);
                    row = Some(GridRow { cells: vec![Cell::default()], line: Some(line_no) });
                } else {
                    end_cell(&mut row, &mut cell);
                    if row.is_none() {
                        row = Some(GridRow { cells: Vec::new(), line: Some(line_no) });
                    }
                }
                // Further tabs inside the line separate further cells.
                let mut parts = rest.split('\t');
                let first = parts.next().unwrap_or("");
                cell = Some(first.to_string());
                for p in parts {
                    end_cell(&mut row, &mut cell);
                    cell = Some(p.to_string());
                }
            }
            None => {
                if let Some(c) = cell.as_mut() {
                    c.push('\n');
                    c.push_str(line.trim());
                } else if !seen_cell {
                    grid.preamble.push(line.trim().to_string());
                } else {
                    grid.loose.push((line.trim().to_string(), Some(line_no)));
                }
            }
        }
    }
    end_row(&mut table, &mut row, &mut cell);
    if !table.rows.is_empty() {
        grid.tables.push(table);
    }
    grid
}

/// Removes converter artefacts (`[bookmark: …]`) from a line, warning for each.
fn strip_artefacts<'a>(line: &'a str, line_no: usize, warnings: &mut Vec<Warning>) -> Cow<'a, str> {
    if !line.contains("[bookmark:") {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(p) = rest.find("[bookmark:") {
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
}

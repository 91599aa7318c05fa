//! Delimiter-separated values: RFC 4180 CSV and TSV as Excel/WPS put it on the
//! clipboard. A quoted field may hold delimiters, line breaks and doubled quotes;
//! CRLF and LF both end records. An unterminated quote is read to the end with a warning.

use super::{Cell, Grid, GridRow, Table};
use crate::model::Warning;

/// Reads `text` with the delimiter `delim` (b',' or b'\t') into a grid with one table.
///
/// Unquoted fields are sliced straight out of the input (no copy until the cell is made);
/// only quoted fields are unescaped into a buffer.
pub fn read(text: &str, delim: u8) -> Grid {
    let mut grid = Grid::default();
    let mut table = Table::default();
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    let mut line = 1;
    let mut row = GridRow { cells: Vec::new(), line: Some(1) };
    let mut buf = String::new();
    loop {
        // One field starts at i.
        let mut j = i;
        while j < n && bytes[j] == b' ' {
            j += 1;
        }
        let end;
        if j < n && bytes[j] == b'"' {
            buf.clear();
            let start_line = line;
            let mut k = j + 1;
            let mut closed = false;
            let mut seg = k;
            while k < n {
                match bytes[k] {
                    b'"' if bytes.get(k + 1) == Some(&b'"') => {
                        buf.push_str(&text[seg..k + 1]);
                        k += 2;
                        seg = k;
                    }
                    b'"' => {
                        buf.push_str(&text[seg..k]);
                        k += 1;
                        closed = true;
                        break;
                    }
                    b'\n' => {
                        line += 1;
                        k += 1;
                    }
                    _ => k += 1,
                }
            }
            if !closed {
                buf.push_str(&text[seg..k.min(n)]);
                grid.warnings.push(Warning::new(
                    "unclosed_quote",
                    "a quoted cell is not closed; read to the end of the input",
                    Some(start_line),
                ));
            }
            // Text between the closing quote and the delimiter belongs to the field.
            let tail = k;
            while k < n && bytes[k] != delim && bytes[k] != b'\n' && bytes[k] != b'\r' {
                k += 1;
            }
            buf.push_str(&text[tail..k]);
            row.cells.push(Cell::new(&buf));
            end = k;
        } else {
            let mut k = i;
            while k < n && bytes[k] != delim && bytes[k] != b'\n' && bytes[k] != b'\r' {
                k += 1;
            }
            row.cells.push(Cell::new(&text[i..k]));
            end = k;
        }
        // What ends the field: a delimiter, a line end, or the end of the input.
        if end >= n {
            table.rows.push(row);
            break;
        }
        if bytes[end] == delim {
            i = end + 1;
            continue;
        }
        i = end + 1;
        if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            i += 1;
        }
        line += 1;
        table.rows.push(std::mem::replace(&mut row, GridRow { cells: Vec::new(), line: Some(line) }));
        if i >= n {
            break;
        }
    }
    // Drop rows whose every cell is empty (blank lines between blocks).
    table.rows.retain(|r| r.cells.iter().any(|c| !c.text.is_empty()));
    if !table.rows.is_empty() {
        grid.tables.push(table);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str, d: u8) -> Vec<Vec<String>> {
        let g = read(text, d);
        g.tables[0].rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect()
    }

    #[test]
    fn excel_tsv_quoted_multiline_and_doubled_quotes() {
        let t = "序号\t任务\r\n1\t\"甲\r\n乙\"\t\"说\"\"好\"\"\"\r\n";
        assert_eq!(cells(t, b'\t'), vec![vec!["序号", "任务"], vec!["1", "甲\n乙", "说\"好\""]]);
    }

    #[test]
    fn csv_rfc4180() {
        let t = "a,b,c\n1,\"x,y\",\n";
        assert_eq!(cells(t, b','), vec![vec!["a", "b", "c"], vec!["1", "x,y", ""]]);
    }

    #[test]
    fn line_numbers_count_breaks_inside_quotes() {
        let g = read("a\tb\n\"1\n2\n3\"\tx\ny\tz\n", b'\t');
        let lines: Vec<_> = g.tables[0].rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![Some(1), Some(2), Some(5)]);
    }

    #[test]
    fn unclosed_quote_warns_and_keeps_text() {
        let g = read("a\t\"bc\nd", b'\t');
        assert_eq!(g.warnings[0].code, "unclosed_quote");
        assert_eq!(g.tables[0].rows[0].cells[1].text, "bc\nd");
    }
}

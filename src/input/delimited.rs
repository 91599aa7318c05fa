//! Delimiter-separated values: RFC 4180 CSV and TSV as Excel/WPS put it on the
//! clipboard. A quoted field may hold delimiters, line breaks and doubled quotes;
//! CRLF and LF both end records. An unterminated quote is read to the end with a warning.

use super::{Cell, Grid, GridRow, Table};
use crate::model::Warning;

/// Reads `text` with the delimiter `delim` (b',' or b'\t') into a grid with one table.
pub fn read(text: &str, delim: u8) -> Grid {
    let mut grid = Grid::default();
    let mut table = Table::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line = 1;
    let mut row = GridRow { cells: Vec::new(), line: Some(1) };
    let mut field: Vec<u8> = Vec::new();
    let mut row_has_text = false;
    let push_field = |row: &mut GridRow, field: &mut Vec<u8>| {
        let s = String::from_utf8_lossy(field);
        row.cells.push(Cell::new(&s));
        field.clear();
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' && field.iter().all(|c| *c == b' ') {
            // Quoted field.
            field.clear();
            let start_line = line;
            i += 1;
            let mut closed = false;
            while i < bytes.len() {
                let c = bytes[i];
                if c == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        field.push(b'"');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    closed = true;
                    break;
                }
                if c == b'\n' {
                    line += 1;
                }
                field.push(c);
                i += 1;
            }
            if !closed {
                grid.warnings.push(Warning::new(
                    "unclosed_quote",
                    "a quoted cell is not closed; read to the end of the input",
                    Some(start_line),
                ));
            }
            // Text between the closing quote and the delimiter belongs to the field.
            while i < bytes.len() && bytes[i] != delim && bytes[i] != b'\n' && bytes[i] != b'\r' {
                field.push(bytes[i]);
                i += 1;
            }
            row_has_text = true;
            continue;
        }
        if b == delim {
            push_field(&mut row, &mut field);
            row_has_text = true;
            i += 1;
        } else if b == b'\n' || b == b'\r' {
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            i += 1;
            line += 1;
            if row_has_text || !field.is_empty() {
                push_field(&mut row, &mut field);
                table.rows.push(std::mem::take(&mut row));
            }
            field.clear();
            row_has_text = false;
            row.line = Some(line);
        } else {
            if !b.is_ascii_whitespace() {
                row_has_text = true;
            }
            field.push(b);
            i += 1;
        }
    }
    if row_has_text || !field.is_empty() {
        push_field(&mut row, &mut field);
        table.rows.push(row);
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

//! Markdown pipe tables (wikis, chat tools). Lines starting with `|` form tables; the
//! `|---|` separator line is skipped; `<br>` inside a cell is a line break; `\|` is a
//! literal bar. Text above the first table is preamble; other text is kept as loose text.

use super::{Cell, Grid, GridRow, Table};

/// Reads Markdown text into a grid, one table per block of pipe lines.
pub fn read(text: &str) -> Grid {
    let mut grid = Grid::default();
    let mut table = Table::default();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('|') {
            if is_separator(line) {
                continue;
            }
            table.rows.push(GridRow { cells: split_row(line), line: Some(i + 1) });
        } else {
            if !table.rows.is_empty() {
                grid.tables.push(std::mem::take(&mut table));
            }
            if line.is_empty() {
                continue;
            }
            let para = line.trim_start_matches('#').trim().to_string();
            if grid.tables.is_empty() {
                grid.preamble.push(para);
            } else {
                grid.loose.push((para, Some(i + 1)));
            }
        }
    }
    if !table.rows.is_empty() {
        grid.tables.push(table);
    }
    grid
}

fn is_separator(line: &str) -> bool {
    line.contains('-') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn split_row(line: &str) -> Vec<Cell> {
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = match inner.strip_suffix('|') {
        Some(s) if !s.ends_with('\\') => s,
        _ => inner,
    };
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    cells
        .iter()
        .map(|c| {
            let t = c.replace("<br/>", "\n").replace("<br />", "\n").replace("<br>", "\n");
            Cell::new(&t)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_table_with_br_and_escaped_bar() {
        let g = read("# 标题\n\n| 序号 | 任务 |\n|---|:--|\n| 1 | 甲<br>乙 \\| 丙 |\n");
        assert_eq!(g.preamble, vec!["标题"]);
        let rows: Vec<Vec<String>> =
            g.tables[0].rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect();
        assert_eq!(rows, vec![vec!["序号", "任务"], vec!["1", "甲\n乙 | 丙"]]);
        assert_eq!(g.tables[0].rows[1].line, Some(5));
    }
}

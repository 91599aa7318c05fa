//! A [`Report`] → Markdown: the title, the period and one pipe table. Cell text is
//! escaped so that it renders as the same text and never as markup (`|`, `<`, `[`, `*`, …);
//! line breaks inside a cell become `<br>`.

use super::{columns, period_line, value};
use crate::model::Report;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '[' | ']' | '*' | '_' | '`' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The report as Markdown.
pub fn to_markdown(report: &Report) -> String {
    let mut m = String::new();
    if let Some(t) = &report.title {
        m.push_str(&format!("# {}\n\n", escape(t)));
    }
    if let Some(p) = period_line(report) {
        m.push_str(&format!("{}\n\n", escape(&p)));
    }
    let cols = columns(report);
    let head: Vec<String> = cols.iter().map(|c| escape(&c.header)).collect();
    m.push_str(&format!("| {} |\n", head.join(" | ")));
    m.push_str(&format!("|{}\n", "---|".repeat(cols.len())));
    for row in &report.rows {
        let cells: Vec<String> = cols.iter().map(|c| escape(&value(row, c))).collect();
        m.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if !report.units.is_empty() {
        m.push_str("\n## 按牵头单位汇总\n\n| 牵头单位 | 事项 | 红 | 黄 | 绿 | 无灯 |\n|---|---|---|---|---|---|\n");
        for u in &report.units {
            m.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                escape(&u.name),
                u.rows,
                u.red,
                u.yellow,
                u.green,
                u.none
            ));
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Row;

    #[test]
    fn cells_cannot_break_the_table_or_inject_markup() {
        let report = Report {
            rows: vec![Row {
                seq: Some(3),
                task: "a | b\nc".into(),
                status: "<img src=x onerror=alert(1)> [x](javascript:alert(1))".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let m = to_markdown(&report);
        let row = m.lines().nth(2).unwrap_or_default();
        assert_eq!(
            row,
            "| 3 | a \\| b<br>c | &lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1)) |  |  |  |  |"
        );
    }
}

//! A [`Report`] → CSV: UTF-8 with a BOM (Excel on Chinese Windows reads it right), CRLF
//! line ends, RFC 4180 quoting, formula-like cells neutralised (see [`super::neutralise`]).

use super::{columns, neutralise, value};
use crate::model::Report;

/// The rows as CSV, one line per row, with a header line.
pub fn to_csv(report: &Report) -> String {
    let cols = columns(report);
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = cols.iter().map(|c| field(&c.header)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &report.rows {
        let cells: Vec<String> = cols.iter().map(|c| field(&value(row, c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One field: neutralised, then quoted when it holds a comma, quote, line break or edge space.
fn field(s: &str) -> String {
    let s = neutralise(s);
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Light, Row};

    fn report(task: &str, status: &str) -> Report {
        Report {
            rows: vec![Row {
                seq: Some(1),
                task: task.into(),
                status: status.into(),
                units: vec!["区财政局".into(), "区税务局".into()],
                light: Light::Red,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    macro_rules! csv_row {
        ($task:expr, $status:expr, $want:expr) => {
            let csv = to_csv(&report($task, $status));
            let line = csv.split("\r\n").nth(1).unwrap_or_default();
            assert_eq!(line, $want, "{:?} / {:?}", $task, $status);
        };
    }

    #[test]
    fn header_bom_and_columns() {
        let csv = to_csv(&report("a", "b"));
        assert!(csv.starts_with("\u{feff}序号,目标任务,完成情况,牵头责任单位,灯,问题,标记\r\n"));
    }

    #[test]
    fn quoting_and_injection() {
        csv_row!("增长6.5%", "增长-9.8%", "1,增长6.5%,增长-9.8%,\"区财政局\n区税务局\",红,,");
        csv_row!("a,b", "say \"hi\"", "1,\"a,b\",\"say \"\"hi\"\"\",\"区财政局\n区税务局\",红,,");
        csv_row!("=1+1", "-9.8%", "1,'=1+1,-9.8%,\"区财政局\n区税务局\",红,,");
        csv_row!("@SUM(A1)", "+cmd|' /C calc'!A0", "1,'@SUM(A1),'+cmd|' /C calc'!A0,\"区财政局\n区税务局\",红,,");
        csv_row!("=HYPERLINK(\"http://x\")", "-", "1,\"'=HYPERLINK(\"\"http://x\"\")\",'-,\"区财政局\n区税务局\",红,,");
    }
}

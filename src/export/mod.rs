//! Stage: a [`Report`] → files for people: CSV ([`to_csv`]), HTML that pastes cleanly
//! into Word/WPS ([`to_html`]), Markdown ([`to_markdown`]), JSON ([`to_json`]) and, with
//! the `files` feature, an .xlsx workbook ([`to_xlsx`]). All share one column layout:
//! 序号, (类别), 目标任务, 完成情况, 牵头责任单位, (配合单位), the source's other
//! columns, 灯, 问题 (the flag messages), 标记 (the flags in short words).

use crate::model::{Light, Report, Row};
use std::borrow::Cow;

pub mod csv;
pub mod html;
pub mod md;
#[cfg(feature = "files")]
pub mod xlsx;

pub use csv::to_csv;
pub use html::to_html;
pub use md::to_markdown;
#[cfg(feature = "files")]
pub use xlsx::to_xlsx;

/// The Report as pretty-printed JSON (the same object the JS API returns).
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

/// The word for a light: 红, 黄, 绿, or "" for none (colour alone is not enough).
pub fn light_word(light: Light) -> &'static str {
    match light {
        Light::Red => "红",
        Light::Yellow => "黄",
        Light::Green => "绿",
        Light::None => "",
    }
}

/// A short Chinese name for a flag code (for the 标记 column).
pub fn flag_label(code: &str) -> &str {
    match code {
        "target_missed" => "未达目标",
        "behind_schedule" => "滞后序时进度",
        "negative_growth" => "负增长",
        "risk_wording" => "风险表述",
        "no_progress_data" => "缺进度数据",
        "estimate_only" => "仅有预计数",
        "duplicate_task" => "任务重复",
        "seq_missing" => "序号空缺",
        "seq_gap" => "序号跳号",
        "seq_duplicate" => "序号重复",
        "exceeded" => "提前完成",
        other => other,
    }
}

/// The report's period as one line: "时间进度：上半年（序时进度50%）", if it has one.
pub fn period_line(report: &Report) -> Option<String> {
    report
        .period
        .as_ref()
        .map(|p| format!("时间进度：{}（序时进度{}%）", p.label, crate::export::number(p.elapsed * 100.0)))
}

/// A number without a needless ".0" and with at most 4 decimals.
pub(crate) fn number(v: f64) -> String {
    decimals(v, 4)
}

/// `v` rounded to `n` decimals, without trailing zeros or a needless ".", and "-0" as "0".
pub(crate) fn decimals(v: f64, n: usize) -> String {
    let s = format!("{:.*}", n, v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Is `s` a plain figure a spreadsheet would read as a number ("-9.8%", "+5", "1,234.5")?
pub fn is_plain_number(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    let t = t.strip_suffix(['%', '％']).unwrap_or(t);
    let mut digits = 0;
    let mut dot = false;
    for c in t.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' if !dot => dot = true,
            ',' if digits > 0 && !dot => {}
            _ => return false,
        }
    }
    digits > 0
}

/// Neutralises a cell a spreadsheet would run as a formula (OWASP "CSV injection"):
/// text starting with `= + - @`, a tab or a carriage return gets a leading `'`, unless
/// it is a plain figure such as `-9.8%`.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_plain_number(s) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// What a column of the export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Seq,
    Category,
    Task,
    Status,
    Units,
    Partners,
    Extra,
    Light,
    Problems,
    Flags,
}

/// A column of the export.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub header: String,
    pub field: Field,
    /// For [`Field::Extra`]: the key in [`Row::extra`].
    pub key: String,
}

const FIXED: &[&str] = &["序号", "类别", "目标任务", "完成情况", "牵头责任单位", "配合单位", "灯", "问题", "标记"];

/// The columns of the export: the fixed ones, plus 类别/配合单位 when any row has one, plus
/// the source's other columns (in source order).
pub(crate) fn columns(report: &Report) -> Vec<Col> {
    let col = |h: &str, field| Col { header: h.to_string(), field, key: String::new() };
    let mut cols = vec![col("序号", Field::Seq)];
    if report.rows.iter().any(|r| r.category.is_some()) {
        cols.push(col("类别", Field::Category));
    }
    cols.push(col("目标任务", Field::Task));
    cols.push(col("完成情况", Field::Status));
    cols.push(col("牵头责任单位", Field::Units));
    if report.rows.iter().any(|r| !r.partners.is_empty()) {
        cols.push(col("配合单位", Field::Partners));
    }
    // Extra columns: in the order of the source's columns, then any others.
    let mut keys: Vec<String> = Vec::new();
    for (j, c) in report.columns.iter().enumerate() {
        let h: String = c.header.chars().filter(|c| !c.is_whitespace()).collect();
        let k = if h.is_empty() { format!("列{}", j + 1) } else { h };
        if report.rows.iter().any(|r| r.extra.contains_key(&k)) && !keys.contains(&k) {
            keys.push(k);
        }
    }
    for r in &report.rows {
        for k in r.extra.keys() {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    for k in keys {
        let header = if FIXED.contains(&k.as_str()) { format!("{k}（原文）") } else { k.clone() };
        cols.push(Col { header, field: Field::Extra, key: k });
    }
    cols.push(col("灯", Field::Light));
    cols.push(col("问题", Field::Problems));
    cols.push(col("标记", Field::Flags));
    cols
}

/// The text of one cell of the export (not yet neutralised or escaped).
pub(crate) fn value(row: &Row, col: &Col) -> String {
    match col.field {
        Field::Seq => row.seq.map(|s| s.to_string()).unwrap_or_default(),
        Field::Category => row.category.clone().unwrap_or_default(),
        Field::Task => row.task.clone(),
        Field::Status => row.status.clone(),
        Field::Units => row.units.join("\n"),
        Field::Partners => row.partners.join("\n"),
        Field::Extra => row.extra.get(&col.key).cloned().unwrap_or_default(),
        Field::Light => light_word(row.light).to_string(),
        Field::Problems => row.flags.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n"),
        Field::Flags => {
            let mut labels: Vec<&str> = Vec::new();
            for f in &row.flags {
                let l = flag_label(&f.code);
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            labels.join("、")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! neutral {
        ($input:expr, $want:expr) => {
            assert_eq!(neutralise($input), $want, "{:?}", $input)
        };
    }

    #[test]
    fn formula_injection_is_neutralised_and_figures_stay() {
        neutral!("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")");
        neutral!("=1+1", "'=1+1");
        neutral!("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0");
        neutral!("-2+3", "'-2+3");
        neutral!("@SUM(A1:A2)", "'@SUM(A1:A2)");
        neutral!("\t=1", "'\t=1");
        neutral!("\r=1", "'\r=1");
        neutral!("-", "'-");
        neutral!("-9.8%", "-9.8%");
        neutral!("+5", "+5");
        neutral!("-1,234.5", "-1,234.5");
        neutral!("-12％", "-12％");
        neutral!("地区生产总值增长6.5%", "地区生产总值增长6.5%");
        neutral!("1+1", "1+1");
        neutral!("", "");
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(number(50.0), "50");
        assert_eq!(number(41.666666), "41.6667");
        assert_eq!(number(-0.00001), "0");
    }
}

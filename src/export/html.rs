//! A [`Report`] → an HTML document with inline styles only, so it pastes cleanly into
//! Word/WPS: the title, the period, the rows (the light as the cell's background *and* as
//! the word 红/黄/绿) and the summary per unit. Every text is escaped: a cell holding
//! `<img src=x onerror=alert(1)>` stays text.

use super::{columns, period_line, value, Field};
use crate::model::{Light, Report};

/// Cell backgrounds for the lights (Excel's "bad / neutral / good" tones: print well, read well).
pub(crate) fn light_colour(light: Light) -> Option<&'static str> {
    match light {
        Light::Red => Some("#FFC7CE"),
        Light::Yellow => Some("#FFEB9C"),
        Light::Green => Some("#C6EFCE"),
        Light::None => None,
    }
}

/// Escapes text for HTML element content and attribute values; line breaks become `<br>`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

const TABLE: &str = "border-collapse:collapse;font-family:'宋体',SimSun,serif;font-size:10.5pt";
const TH: &str =
    "border:1px solid #000;padding:3px 5px;background:#D9D9D9;font-weight:bold;text-align:center;vertical-align:middle";
const TD: &str = "border:1px solid #000;padding:3px 5px;vertical-align:top";

/// The report as a standalone HTML document (UTF-8).
pub fn to_html(report: &Report) -> String {
    let mut h = String::from("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let title = report.title.as_deref().unwrap_or("督办台账");
    h.push_str(&format!("<title>{}</title>\n</head>\n<body>\n", escape(title)));
    if let Some(t) = &report.title {
        h.push_str(&format!(
            "<p style=\"font-family:'黑体',SimHei,sans-serif;font-size:16pt;font-weight:bold;text-align:center\">{}</p>\n",
            escape(t)
        ));
    }
    if let Some(p) = period_line(report) {
        h.push_str(&format!("<p style=\"font-size:10.5pt\">{}</p>\n", escape(&p)));
    }
    let cols = columns(report);
    h.push_str(&format!("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" style=\"{TABLE}\">\n<thead>\n<tr>"));
    for c in &cols {
        h.push_str(&format!("<th style=\"{TH}\">{}</th>", escape(&c.header)));
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &report.rows {
        h.push_str("<tr>");
        for c in &cols {
            let text = escape(&value(row, c));
            match (c.field, light_colour(row.light)) {
                (Field::Light, Some(bg)) => h.push_str(&format!(
                    "<td bgcolor=\"{bg}\" style=\"{TD};background:{bg};text-align:center;font-weight:bold\">{text}</td>"
                )),
                (Field::Seq | Field::Light, _) => {
                    h.push_str(&format!("<td style=\"{TD};text-align:center\">{text}</td>"))
                }
                _ => h.push_str(&format!("<td style=\"{TD}\">{text}</td>")),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    if !report.units.is_empty() {
        h.push_str("<p style=\"font-size:12pt;font-weight:bold\">按牵头单位汇总</p>\n");
        h.push_str(&format!(
            "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" style=\"{TABLE}\">\n<thead>\n<tr>"
        ));
        for head in ["牵头单位", "事项", "红", "黄", "绿", "无灯"] {
            h.push_str(&format!("<th style=\"{TH}\">{head}</th>"));
        }
        h.push_str("</tr>\n</thead>\n<tbody>\n");
        for u in &report.units {
            h.push_str(&format!("<tr><td style=\"{TD}\">{}</td>", escape(&u.name)));
            for (n, light) in [
                (u.rows, Light::None),
                (u.red, Light::Red),
                (u.yellow, Light::Yellow),
                (u.green, Light::Green),
                (u.none, Light::None),
            ] {
                let bg = light_colour(light).filter(|_| n > 0);
                match bg {
                    Some(bg) => h.push_str(&format!(
                        "<td bgcolor=\"{bg}\" style=\"{TD};background:{bg};text-align:right\">{n}</td>"
                    )),
                    None => h.push_str(&format!("<td style=\"{TD};text-align:right\">{n}</td>")),
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Row;

    #[test]
    fn markup_in_cells_stays_text() {
        let report = Report {
            title: Some("<script>alert(1)</script>".into()),
            rows: vec![Row {
                task: "<img src=x onerror=alert(1)>".into(),
                status: "a \"quoted\" & 'single'\n第二段".into(),
                units: vec!["区<b>财政</b>局".into()],
                light: Light::Yellow,
                ..Default::default()
            }],
            ..Default::default()
        };
        let h = to_html(&report);
        for bad in ["<img", "<script", "<b>"] {
            assert!(!h.contains(bad), "{bad} came through: {h}");
        }
        assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(h.contains("a &quot;quoted&quot; &amp; &#39;single&#39;<br>第二段"));
        assert!(h.contains("background:#FFEB9C;text-align:center;font-weight:bold\">黄</td>"));
    }
}

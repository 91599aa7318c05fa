//! Nothing is lost (SPEC §5): every letter, digit and CJK character of the input ends up
//! in a cell, the title, the preamble, a column header, a category, or a warning that
//! names it. Punctuation and markup are syntax and are not counted.

use std::collections::HashMap;
use std::path::Path;

fn count(text: &str, into: &mut HashMap<char, i64>, sign: i64) {
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        *into.entry(c).or_default() += sign;
    }
}

/// The visible text of HTML, roughly: tags, comments, style/script bodies and entities removed.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        let rest = &lower[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |p| p + 3);
        } else if rest.starts_with("<style") || rest.starts_with("<script") {
            let close = if rest.starts_with("<style") { "</style>" } else { "</script>" };
            i += rest.find(close).map_or(rest.len(), |p| p + close.len());
        } else if rest.starts_with('<') {
            i += rest.find('>').map_or(rest.len(), |p| p + 1);
        } else if rest.starts_with('&') && rest[1..].find(';').is_some_and(|p| p < 10) {
            i += rest.find(';').unwrap() + 1;
            out.push(' ');
        } else {
            let c = html[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Returns the characters (with how many) that the input has and the report lacks.
fn lost(input: &str, report: &duban::Report) -> Vec<(char, i64)> {
    let mut m = HashMap::new();
    count(input, &mut m, 1);
    let mut seen_cats = std::collections::HashSet::new();
    for r in &report.rows {
        for t in [&r.task, &r.status] {
            count(t, &mut m, -1);
        }
        for u in r.units.iter().chain(&r.partners) {
            count(u, &mut m, -1);
        }
        for (k, v) in &r.extra {
            let _ = k;
            count(v, &mut m, -1);
        }
        if let (Some(s), false) = (r.seq, r.seq_inferred) {
            count(&s.to_string(), &mut m, -1);
        }
        if let Some(c) = &r.category {
            if seen_cats.insert(c.clone()) {
                count(c, &mut m, -1);
            }
        }
    }
    for p in &report.preamble {
        count(p, &mut m, -1);
    }
    for c in &report.columns {
        count(&c.header, &mut m, -1);
    }
    for w in &report.warnings {
        count(&w.message, &mut m, -1);
    }
    let mut v: Vec<(char, i64)> = m.into_iter().filter(|(_, n)| *n > 0).collect();
    v.sort();
    v
}

fn check(name: &str, input: &str, report: &duban::Report) {
    let l = lost(input, report);
    assert!(l.is_empty(), "{name}: characters lost (char, count): {l:?}");
}

#[test]
fn every_text_input_keeps_every_character() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("../shared/corpus/fuling-2023h1.txt"), root.join("tests/golden/small.txt")];
    for dir in ["tests/fixtures", "tests/golden"] {
        if let Ok(rd) = std::fs::read_dir(root.join(dir)) {
            for e in rd.flatten() {
                let p = e.path();
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                if ["txt", "tsv", "csv", "md", "html", "htm"].contains(&ext) && !files.contains(&p) {
                    files.push(p);
                }
            }
        }
    }
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let Ok(report) = duban::analyze_bytes(&bytes, &duban::Options::default()) else { continue };
        let Ok(text) = String::from_utf8(bytes) else { continue }; // GB18030 fixtures: same text as the UTF-8 seed
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let text = match ext {
            e if e.starts_with("htm") => html_text(&text),
            // `<br>` is Markdown's in-cell line break: markup, not text.
            "md" => text.replace("<br />", "\n").replace("<br/>", "\n").replace("<br>", "\n"),
            _ => text,
        };
        check(&path.display().to_string(), &text, &report);
    }
}

#[test]
fn odd_tables_keep_every_character() {
    for t in [
        "标题\n序号\t目标任务\t完成情况\t牵头责任单位\n1\t甲\t乙\t丙局\t多余\n",
        "\t序号\n\t目标任务\n\t完成情况\n\n一、稳增长\n\t1\n\t任务\n\t情况\n\n结尾的说明文字\n",
        "| 序号 | 目标任务 | 完成情况 |\n|---|---|---|\n| 一、产业发展 | | |\n| 1 | 甲 | 乙 |\n\n表后说明\n",
        "序号,目标任务,完成情况\n第一项,甲,乙\n",
        "序号\t目标任务\t完成情况\n一、稳增长\t\t\n1\t甲\t乙\n二、惠民生\n",
    ] {
        let r = duban::analyze(t, &duban::Options::default());
        check(t, t, &r);
    }
}

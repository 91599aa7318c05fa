//! Periods of the year in Chinese report language → the elapsed share of the year
//! (序时进度): 一季度 0.25, 上半年 0.5, 1-5月 5/12, 截至4月底 4/12, 前三季度 0.75, 全年 1.

use crate::model::Period;

/// A period phrase found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The phrase as written ("1-5月", "截至4月底").
    pub label: String,
    /// Elapsed share of the year.
    pub elapsed: f64,
    /// Byte range of the phrase in the text searched.
    pub span: [usize; 2],
}

const WORDS: &[(&str, f64)] = &[
    ("前三季度", 0.75),
    ("第一季度", 0.25),
    ("一季度", 0.25),
    ("1季度", 0.25),
    ("第三季度", 0.75),
    ("三季度", 0.75),
    ("上半年", 0.5),
    ("二季度", 0.5),
    ("半年", 0.5),
    ("下半年", 1.0),
    ("四季度", 1.0),
    ("全年", 1.0),
    ("年度", 1.0),
    ("1-12月", 1.0),
];

fn month_num(s: &str) -> Option<(u32, usize)> {
    // Arabic (full- or half-width) or Chinese month number at the start of s; returns (n, bytes).
    let mut n = 0u32;
    let mut len = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        n = n * 10 + d;
        len += c.len_utf8();
        if len > 6 {
            return None;
        }
    }
    if len > 0 {
        return (1..=12).contains(&n).then_some((n, len));
    }
    const CN: &[(&str, u32)] = &[
        ("十二", 12),
        ("十一", 11),
        ("十", 10),
        ("一", 1),
        ("二", 2),
        ("三", 3),
        ("四", 4),
        ("五", 5),
        ("六", 6),
        ("七", 7),
        ("八", 8),
        ("九", 9),
    ];
    CN.iter().find(|(w, _)| s.starts_with(w)).map(|(w, n)| (*n, w.len()))
}

/// Finds every period phrase in `text`, left to right, without overlaps.
pub fn find_all(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        // Skip to the next char a period phrase can start with.
        match text[i..].char_indices().find(|&(_, c)| may_start(c)) {
            Some((j, _)) => i += j,
            None => break,
        }
        let rest = &text[i..];
        if let Some(f) = at(rest) {
            out.push(Found { span: [i + f.span[0], i + f.span[1]], ..f });
            i += f.span[1].max(1);
            while !text.is_char_boundary(i) {
                i += 1;
            }
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Whether a period phrase can start with `c`: the first chars of [`WORDS`], 截, and
/// the month numbers [`month_num`] reads.
fn may_start(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || matches!(
            c,
            '前' | '第'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '上'
                | '下'
                | '半'
                | '全'
                | '年'
                | '截'
        )
}

/// A period phrase starting exactly at the start of `s`.
fn at(s: &str) -> Option<Found> {
    let first = s.as_bytes().first().copied();
    for (w, e) in WORDS {
        if w.as_bytes().first().copied() == first && s.starts_with(w) {
            return Some(Found { label: w.to_string(), elapsed: *e, span: [0, w.len()] });
        }
    }
    // 截至/截止(到)(目前|N月底|N月末|N月)
    for pre in ["截至", "截止到", "截止"] {
        if let Some(r) = s.strip_prefix(pre) {
            let (n, l) = month_num(r)?;
            let after = &r[l..];
            let tail = ["月底", "月末", "月份", "月"].iter().find(|t| after.starts_with(**t))?;
            let len = pre.len() + l + tail.len();
            return Some(Found { label: s[..len].to_string(), elapsed: n as f64 / 12.0, span: [0, len] });
        }
    }
    // 1-5月, 1～5月, 1至5月, 1—5月, 一至五月
    let (a, la) = month_num(s)?;
    let r = &s[la..];
    let sep = ["-", "－", "~", "～", "至", "—", "–", "到"].iter().find(|p| r.starts_with(**p))?;
    let r2 = &r[sep.len()..];
    let (b, lb) = month_num(r2)?;
    let r3 = &r2[lb..];
    let tail = ["月份", "月"].iter().find(|t| r3.starts_with(**t))?;
    if a != 1 || b < a {
        return None;
    }
    let len = la + sep.len() + lb + tail.len();
    Some(Found { label: s[..len].to_string(), elapsed: b as f64 / 12.0, span: [0, len] })
}

/// The report period named in a title or preamble ("上半年政府工作报告…" → 上半年, 0.5).
pub fn of_title(lines: &[String]) -> Option<Period> {
    lines.iter().find_map(|l| find_all(l).into_iter().next()).map(|f| Period { label: f.label, elapsed: f.elapsed })
}

/// A label for an elapsed share set by hand (0.5 → "上半年").
pub fn label_for(elapsed: f64) -> String {
    let m = (elapsed * 12.0).round() as u32;
    match m {
        3 => "一季度".into(),
        6 => "上半年".into(),
        9 => "前三季度".into(),
        12 => "全年".into(),
        1..=11 => format!("1-{m}月"),
        _ => format!("{:.0}%", elapsed * 100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! period {
        ($text:expr, $label:expr, $elapsed:expr) => {{
            let f = find_all($text);
            assert!(!f.is_empty(), "no period in {:?}", $text);
            assert_eq!(f[0].label, $label, "in {:?}", $text);
            assert!((f[0].elapsed - $elapsed).abs() < 1e-9, "in {:?}: {}", $text, f[0].elapsed);
        }};
    }

    #[test]
    fn periods() {
        period!("上半年，地区生产总值增长6.4%", "上半年", 0.5);
        period!("一季度完成", "一季度", 0.25);
        period!("前三季度", "前三季度", 0.75);
        period!("1-5月，全区已投放", "1-5月", 5.0 / 12.0);
        period!("1～5月", "1～5月", 5.0 / 12.0);
        period!("1至11月", "1至11月", 11.0 / 12.0);
        period!("截至4月底，累计", "截至4月底", 4.0 / 12.0);
        period!("截至5月末", "截至5月末", 5.0 / 12.0);
        period!("全年目标", "全年", 1.0);
    }

    #[test]
    fn not_periods() {
        assert!(find_all("5-8个").is_empty());
        assert!(find_all("2023年").is_empty());
        assert!(find_all("3-5月").is_empty());
    }

    #[test]
    fn title_period_and_labels() {
        let p = of_title(&["附件2".into(), "上半年政府工作报告主要目标任务完成情况".into()]).unwrap();
        assert_eq!((p.label.as_str(), p.elapsed), ("上半年", 0.5));
        assert_eq!(label_for(0.75), "前三季度");
        assert_eq!(label_for(5.0 / 12.0), "1-5月");
    }
}

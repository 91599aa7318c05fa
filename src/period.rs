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

/// The month number (1–12) at the start of `s` and its length in bytes: Arabic digits,
/// half- or full-width (at most 6 bytes of them), or a Chinese numeral 一…十二.
fn month_num(s: &str) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    let mut n = 0u32;
    let mut len = 0;
    loop {
        // A half-width digit is one byte, a full-width one (０…９) is EF BC 90…99.
        let (d, l) = match b.get(len..) {
            Some([c @ b'0'..=b'9', ..]) => (c - b'0', 1),
            Some([0xEF, 0xBC, c @ 0x90..=0x99, ..]) => (c - 0x90, 3),
            _ => break,
        };
        n = n * 10 + d as u32;
        len += l;
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

/// A period phrase found by [`find_each`]: its byte range (the phrase as written is
/// `text[span[0]..span[1]]`, so no label is allocated) and the elapsed share of the year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Phrase {
    /// Byte range of the phrase in the text searched.
    pub span: [usize; 2],
    /// Elapsed share of the year.
    pub elapsed: f64,
}

/// Finds every period phrase in `text`, left to right, without overlaps.
pub fn find_all(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    find_each(text, |p| {
        let label = text.get(p.span[0]..p.span[1]).unwrap_or_default().to_string();
        out.push(Found { label, elapsed: p.elapsed, span: p.span });
    });
    out
}

/// Calls `f` with every period phrase in `text`, left to right, without overlaps: the
/// phrases of [`find_all`], without allocating.
pub fn find_each(text: &str, f: impl FnMut(Phrase)) {
    each(text, Anchors::Search, f);
}

/// [`find_each`] for a text whose anchor chars (月, 季, 年) were already found: `anchors`
/// holds the byte offset of every one, in order, as a scan of the text for other words
/// found them on the way. The text is then not searched again; offsets that are not an
/// anchor char are passed over, and an anchor left out is a phrase possibly missed.
pub(crate) fn find_each_at(text: &str, anchors: &[usize], f: impl FnMut(Phrase)) {
    each(text, Anchors::Given(anchors), f);
}

fn each(text: &str, mut anchors: Anchors, mut f: impl FnMut(Phrase)) {
    let mut i = 0;
    while let Some(p) = next_phrase(text, i, &mut anchors) {
        i = p.span[1];
        f(p);
    }
}

/// Where [`next_phrase`] finds the anchor chars of a text.
enum Anchors<'a> {
    /// By searching the text.
    Search,
    /// In a list of their offsets, in order (the ones not asked for yet).
    Given(&'a [usize]),
}

impl Anchors<'_> {
    /// The byte offset of the first anchor char of `b` at or after `i` (`i` never
    /// decreasing from one call to the next).
    fn next(&mut self, b: &[u8], i: usize) -> Option<usize> {
        match self {
            Anchors::Search => next_anchor(b, i),
            Anchors::Given(qs) => {
                while let Some((&q, rest)) = qs.split_first() {
                    if q >= i && is_anchor(b, q) {
                        return Some(q);
                    }
                    *qs = rest;
                }
                None
            }
        }
    }
}

/// Words holding the first anchor char of every period phrase: 月, 季度, and 半年, 全年,
/// 年度 (a 年 elsewhere is in no phrase: see [`may_hold_phrase`]). A scanner that looks
/// for them in a text, as it looks for other words, finds [`find_each_at`] its anchors:
/// [`anchor_in`] says where in each match the anchor is. Fewer than every 月, 季 and 年:
/// the 年 of a date (2023年) or of 今年 is not even reported.
pub(crate) const ANCHOR_WORDS: [&str; 5] = ["月", "季度", "半年", "全年", "年度"];

/// Where the anchor char is in a match of `ANCHOR_WORDS[word]` at `span`.
pub(crate) fn anchor_in(word: usize, span: [usize; 2]) -> usize {
    span[0] + ANCHOR_AT.get(word).copied().unwrap_or(0)
}

/// The byte offset of the first anchor char in each of [`ANCHOR_WORDS`], found at
/// compile time (asked once per anchor of every status).
const ANCHOR_AT: [usize; ANCHOR_WORDS.len()] = {
    let mut at = [0; ANCHOR_WORDS.len()];
    let mut w = 0;
    while w < ANCHOR_WORDS.len() {
        let b = ANCHOR_WORDS[w].as_bytes();
        let mut k = 0;
        'find: while k + ANCHOR_LEN <= b.len() {
            let mut a = 0;
            while a < ANCHORS.len() {
                if b[k] == ANCHORS[a][0] && b[k + 1] == ANCHORS[a][1] && b[k + 2] == ANCHORS[a][2] {
                    at[w] = k;
                    break 'find;
                }
                a += 1;
            }
            k += 1;
        }
        w += 1;
    }
    at
};

/// Whether one of the anchor chars is at byte `q` of `b`.
fn is_anchor(b: &[u8], q: usize) -> bool {
    b.get(q..q + ANCHOR_LEN).is_some_and(|a| ANCHORS.contains(&a))
}

/// The first phrase of [`find_each`] at or after byte `i`, `i` never decreasing from
/// one call to the next. Not generic: one copy of the code serves every caller (the wasm
/// module is near its size budget).
fn next_phrase(text: &str, mut i: usize, anchors: &mut Anchors) -> Option<Phrase> {
    // Every phrase contains one of the anchor chars 月, 季, 年, at most MAX_LEAD bytes
    // after its start (截止到十二月: 15). So rather than decode every char, jump from anchor
    // to anchor and try only the starts in the few bytes before each one; those are
    // tried in text order, as a char-by-char scan would, and the first match wins.
    while let Some(q) = anchors.next(text.as_bytes(), i) {
        if !may_hold_phrase(text, i, q) {
            i = q + ANCHOR_LEN;
            continue;
        }
        let mut p = q.saturating_sub(MAX_LEAD).max(i);
        while !text.is_char_boundary(p) {
            p -= 1;
        }
        // A phrase whose first anchor is this one is made of phrase chars up to it: the
        // window starts after the last other char before the anchor (any phrase that
        // does not hold this anchor was tried at its own first anchor already).
        let lead = text.get(p..q).unwrap_or_default();
        p += lead.char_indices().rev().find(|(_, c)| !in_phrase(*c)).map_or(0, |(k, c)| k + c.len_utf8());
        while p <= q {
            let rest = text.get(p..).unwrap_or_default();
            let Some(c) = rest.chars().next() else { break };
            if may_start(c) {
                if let Some((len, elapsed)) = at(rest) {
                    return Some(Phrase { span: [p, p + len], elapsed });
                }
            }
            p += c.len_utf8();
        }
        i = q + ANCHOR_LEN;
    }
    None
}

/// Whether a phrase starting at or after `i` can hold the anchor at `q`, judged by the
/// chars next to it: 月 ends a month number, 季 follows 一二三四 or 1, 年 follows 半 or 全
/// or starts 年度. Most anchors in a status ("2023年", "季节") fail this, and their
/// window is not tried.
fn may_hold_phrase(text: &str, i: usize, q: usize) -> bool {
    let before = text.get(i..q).and_then(|s| s.chars().next_back());
    let rest = text.get(q..).unwrap_or_default();
    let b = |f: fn(char) -> bool| before.is_some_and(f);
    if rest.starts_with('月') {
        b(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c))
    } else if rest.starts_with('季') {
        b(|c| matches!(c, '一' | '二' | '三' | '四' | '1'))
    } else {
        b(|c| matches!(c, '半' | '全')) || rest.starts_with("年度")
    }
}

/// The UTF-8 of the anchor chars 月, 季 and 年 (three bytes each).
const ANCHORS: [&[u8]; 3] = ["月".as_bytes(), "季".as_bytes(), "年".as_bytes()];
const ANCHOR_LEN: usize = 3;
/// The most bytes a phrase can have before its first anchor: 截止到 (9) + a month number
/// (at most 6, see [`month_num`]); a range has 6 + a separator (at most 3) + 6.
const MAX_LEAD: usize = 15;

/// How far a search window ending at a byte may move on (Horspool): 0 if the byte ends
/// an anchor, else the distance to the nearest position it has in an anchor, or 3.
const SHIFT: [u8; 256] = {
    let mut t = [ANCHOR_LEN as u8; 256];
    let mut a = 0;
    while a < ANCHORS.len() {
        let mut k = 0;
        while k < ANCHOR_LEN {
            let b = ANCHORS[a][k] as usize;
            let s = (ANCHOR_LEN - 1 - k) as u8;
            if s < t[b] {
                t[b] = s;
            }
            k += 1;
        }
        a += 1;
    }
    t
};

/// The byte offset of the first anchor char at or after `i`.
fn next_anchor(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + ANCHOR_LEN - 1;
    while let Some(&x) = b.get(j) {
        let s = SHIFT[x as usize] as usize;
        if s > 0 {
            j += s;
            continue;
        }
        let at = j + 1 - ANCHOR_LEN;
        if ANCHORS.iter().any(|a| b.get(at..=j) == Some(a)) {
            return Some(at);
        }
        // No anchor's last byte occurs earlier in an anchor: the next one ends 3 on.
        j += ANCHOR_LEN;
    }
    None
}

/// The chars that both start period phrases and stand before their anchor: month
/// numbers (digits, 一…十), 前, 第, 上, 下, 半, 全 and 截.
fn lead_char(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
        || matches!(c, '前' | '第' | '上' | '下' | '半' | '全' | '截')
}

/// Whether a period phrase can start with `c`: the first chars of [`WORDS`], 截, and
/// the month numbers [`month_num`] reads.
fn may_start(c: char) -> bool {
    lead_char(c) || c == '年'
}

/// Whether `c` can be in a period phrase before its first anchor char: the chars of a
/// month number, of a range's separator, of 截至/截止到, and of the words before their
/// anchor (前三, 第一, 上半, 全, …).
fn in_phrase(c: char) -> bool {
    lead_char(c) || matches!(c, '至' | '止' | '到' | '-' | '－' | '~' | '～' | '—' | '–')
}

/// The period phrase starting exactly at the start of `s`: its length in bytes and the
/// elapsed share of the year.
fn at(s: &str) -> Option<(usize, f64)> {
    let first = s.as_bytes().first().copied();
    for (w, e) in WORDS {
        if w.as_bytes().first().copied() == first && s.starts_with(w) {
            return Some((w.len(), *e));
        }
    }
    // 截至/截止(到)(目前|N月底|N月末|N月)
    for pre in ["截至", "截止到", "截止"] {
        if let Some(r) = s.strip_prefix(pre) {
            let (n, l) = month_num(r)?;
            let after = &r[l..];
            let tail = ["月底", "月末", "月份", "月"].iter().find(|t| after.starts_with(**t))?;
            return Some((pre.len() + l + tail.len(), n as f64 / 12.0));
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
    Some((la + sep.len() + lb + tail.len(), b as f64 / 12.0))
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

    /// The plain scan `find_each` must agree with: try every char in order, skip past a match.
    fn char_by_char(text: &str) -> Vec<Phrase> {
        let (mut out, mut i) = (Vec::new(), 0);
        while let Some(c) = text[i..].chars().next() {
            match at(&text[i..]) {
                Some((len, elapsed)) => {
                    out.push(Phrase { span: [i, i + len], elapsed });
                    i += len;
                }
                None => i += c.len_utf8(),
            }
        }
        out
    }

    /// The anchors of [`ANCHOR_WORDS`] in `text`, as a left-to-right scan for the longest
    /// word at each char, resuming after each match, finds them.
    fn anchor_words(text: &str) -> Vec<usize> {
        let (mut out, mut i) = (Vec::new(), 0);
        while let Some(c) = text[i..].chars().next() {
            let best = ANCHOR_WORDS
                .iter()
                .enumerate()
                .filter(|(_, w)| text[i..].starts_with(**w))
                .max_by_key(|(k, w)| (w.len(), std::cmp::Reverse(*k)));
            match best {
                Some((k, w)) => {
                    out.push(anchor_in(k, [i, i + w.len()]));
                    i += w.len();
                }
                None => i += c.len_utf8(),
            }
        }
        out
    }

    macro_rules! same_as_char_by_char {
        ($($text:expr),* $(,)?) => {$({
            let mut got = Vec::new();
            find_each($text, |p| got.push(p));
            assert_eq!(got, char_by_char($text), "in {:?}", $text);
            // Given every anchor (and offsets that are none, which are passed over).
            let anchors: Vec<usize> =
                $text.char_indices().filter(|(_, c)| "月季年至".contains(*c)).flat_map(|(i, _)| [i, i + 1]).collect();
            let mut at_anchors = Vec::new();
            find_each_at($text, &anchors, |p| at_anchors.push(p));
            assert_eq!(at_anchors, got, "given the anchors, in {:?}", $text);
            // Given the anchors of the anchor words, as a scan for them keeps them.
            at_anchors.clear();
            find_each_at($text, &anchor_words($text), |p| at_anchors.push(p));
            assert_eq!(at_anchors, got, "given the anchor words, in {:?}", $text);
        })*};
    }

    #[test]
    fn anchor_jumps_find_what_a_char_scan_finds() {
        same_as_char_by_char!(
            "11-5月",
            "截止到十二月底，1至12月份",
            "截止到１２月末",
            "截至123456月",
            "２０２３年1-１２月，上半年度全年",
            "年年度月季一季度季度1季度前三季度",
            "月",
            "至5月。1-",
            "x1～5月份、1—5月、一至五月、1到3月",
            "2023年季节性6月底年底下半年度，今年1-",
            "全年度半年度上半年全年1-12月二季度第一季度十二月",
            "",
        );
    }

    #[test]
    fn anchor_jumps_agree_on_random_phrase_soup() {
        // Texts of phrase chars, anchors and others in every order (a fixed LCG).
        let alphabet: Vec<char> =
            "截至止到前第上下半全一二三四五六七八九十1２-－~～—–月季度年底末份目前，的x".chars().collect();
        let mut x = 12345u64;
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..12 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push(alphabet[(x >> 33) as usize % alphabet.len()]);
            }
            same_as_char_by_char!(text.as_str());
        }
    }

    #[test]
    fn every_word_passes_the_anchor_test() {
        for (w, _) in WORDS {
            let q = next_anchor(w.as_bytes(), 0).unwrap_or(usize::MAX);
            assert!(may_hold_phrase(w, 0, q), "{w}");
        }
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

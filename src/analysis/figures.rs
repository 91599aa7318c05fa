//! Figures: each quantity of a cell read in its context — unit family and value in the
//! family's base unit, the value and unit as written, and what the words around it say
//! (a growth rate or a level, a decline, a comparison with something else, an estimate,
//! something not yet achieved, its period, which words name its subject).

use super::text::{self, slice, Index, Words};
use crate::numbers::{char_slots, code3, slot_code, Found};
use std::borrow::Cow;

/// A family of units that convert into each other (万亩 ↔ 亩, 亿元 ↔ 万元).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// %, ％.
    Percent,
    /// 个百分点: a difference of rates, never a rate.
    Points,
    /// 元 and its scales.
    Yuan,
    /// 美元.
    Dollar,
    /// 亩.
    Mu,
    /// 公顷.
    Hectare,
    /// 平方公里.
    SqKm,
    /// 平方米, ㎡.
    SqM,
    /// 公里, 千米.
    Km,
    /// 米.
    Metre,
    /// 吨.
    Tonne,
    /// 立方米, 方.
    CubicM,
    /// 人, 名, 位.
    Person,
    /// 人次.
    PersonTimes,
    /// Things counted with a general classifier: 个 家 户 所 项 处 座 件 条 口 ….
    Count,
    /// 场, 场次, 次.
    Events,
    /// 天.
    Days,
    /// Any other unit, by a hash of its name.
    Other(u64),
}

/// Units that are never targets or outcomes: dates, ordinals, ages, sizes, phases.
const NOT_AMOUNTS: &[&str] = &[
    "年", "月", "日", "号", "期", "届", "级", "岁", "英寸", "寸", "个月", "周", "小时", "分钟", "秒", "倍", "代", "星",
    "A", "G", "年度", "月份", "时",
];

fn family_of(unit: &str) -> Option<Family> {
    // Most units are one char: those are settled by one char match, not a string compare
    // per unit name. Every one-char unit [`family_of_char`] knows is ASCII or three bytes:
    // told by the unit's length and bytes, without the decoder.
    let c = match *unit.as_bytes() {
        [b @ 0..=0x7F] => Some(char::from(b)),
        [x0 @ 0xE0..=0xEF, x1, x2] => char::from_u32(code3(x0, x1, x2)),
        _ => None,
    };
    match c {
        Some(c) => family_of_char(c, unit),
        None => family_by_name(unit),
    }
}

/// [`family_by_name`] for a one-char `unit`, `c`.
fn family_of_char(c: char, unit: &str) -> Option<Family> {
    use Family::*;
    Some(match c {
        '%' | '％' => Percent,
        '元' => Yuan,
        '亩' => Mu,
        '㎡' => SqM,
        '米' | 'm' => Metre,
        '吨' => Tonne,
        '方' => CubicM,
        '人' | '名' | '位' => Person,
        '个' | '家' | '户' | '所' | '项' | '处' | '座' | '件' | '套' | '台' | '批' | '口' | '宗' | '条' | '辆'
        | '艘' | '张' | '支' | '栋' | '间' | '部' | '只' | '株' | '棵' => Count,
        '场' | '次' => Events,
        '天' => Days,
        '年' | '月' | '日' | '号' | '期' | '届' | '级' | '岁' | '寸' | '周' | '秒' | '倍' | '代' | '星' | 'A' | 'G'
        | '时' => return None,
        _ => return family_by_name(unit),
    })
}

/// The family of a unit by its whole name.
fn family_by_name(unit: &str) -> Option<Family> {
    use Family::*;
    Some(match unit {
        "%" | "％" => Percent,
        "个百分点" | "百分点" => Points,
        "元" => Yuan,
        "美元" => Dollar,
        "亩" => Mu,
        "公顷" => Hectare,
        "平方公里" | "平方千米" | "km²" | "km2" => SqKm,
        "平方米" | "㎡" | "m²" | "m2" | "平米" => SqM,
        "公里" | "千米" | "km" | "KM" => Km,
        "米" | "m" => Metre,
        "吨" => Tonne,
        "立方米" | "方" | "m³" | "m3" => CubicM,
        "人" | "名" | "位" => Person,
        "人次" => PersonTimes,
        "个" | "家" | "户" | "所" | "项" | "处" | "座" | "件" | "套" | "台" | "批" | "口" | "宗" | "条" | "辆"
        | "艘" | "张" | "支" | "栋" | "间" | "部" | "只" | "株" | "棵" => Count,
        "场" | "场次" | "次" | "家次" | "艘次" | "台次" => Events,
        "天" => Days,
        "" => return None,
        u if NOT_AMOUNTS.contains(&u) => return None,
        u => Other(u.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))),
    })
}

/// Splits a written unit into its scale and the unit proper ("万亩" → 1e4, "亩").
fn scale_of(unit: &str) -> (f64, &str) {
    let mut f = 1.0;
    let mut u = unit;
    loop {
        // By their UTF-8 bytes: 万 亿 千 百 余 多, and 米 瓦 after 千, 分点 after 百.
        let m = match *u.as_bytes() {
            [0xE4, 0xB8, 0x87, ..] => 1e4,
            [0xE4, 0xBA, 0xBF, ..] => 1e8,
            [0xE5, 0x8D, 0x83, 0xE7, 0xB1, 0xB3, ..] | [0xE5, 0x8D, 0x83, 0xE7, 0x93, 0xA6, ..] => break,
            [0xE5, 0x8D, 0x83, ..] => 1e3,
            [0xE7, 0x99, 0xBE, 0xE5, 0x88, 0x86, 0xE7, 0x82, 0xB9, ..] => break,
            [0xE7, 0x99, 0xBE, ..] => 1e2,
            [0xE4, 0xBD, 0x99, _, ..] | [0xE5, 0xA4, 0x9A, _, ..] => 1.0,
            _ => break,
        };
        f *= m;
        u = u.get(3..).unwrap_or_default();
    }
    (f, u)
}

/// The value and unit as written in a quantity's text: "36.05亿元" → (36.05, "亿元").
/// None when the text does not start (after qualifiers) with Arabic digits.
fn written(text: &str) -> Option<(f64, bool, &str)> {
    let t = text::trim(text);
    let b = t.as_bytes();
    // Most figures start with ASCII digits and go on with neither a full-width digit nor
    // a separator ("36.05亿元"): a byte loop finds their end, and they parse as written.
    if b.first().is_some_and(u8::is_ascii_digit) {
        let (end, v) = plain_number(t);
        let rewrite = match b.get(end..).unwrap_or(&[]) {
            // ',' and '，' may separate thousands; '．' and '０'..'９' are rewritten.
            [b',', ..] | [0xEF, 0xBC, 0x8C | 0x8E | 0x90..=0x99, ..] => true,
            _ => false,
        };
        if !rewrite {
            return Some((v?, false, unit_after(t, end)));
        }
    }
    let mut neg = false;
    let mut i = 0;
    for (j, c) in t.char_indices() {
        match c {
            '约' | '近' | '超' | '逾' | '达' | '共' | '计' | '余' | '+' | '＋' | ' ' => {}
            '-' | '－' | '负' | '−' => neg = true,
            _ => {
                i = j;
                break;
            }
        }
        i = j + c.len_utf8();
    }
    // The digits are parsed straight from the text unless a full-width digit or a
    // thousands separator has to be rewritten first (rare: only then a String).
    let mut rewritten: Option<String> = None;
    let mut end = i;
    let digits = t.get(i..).unwrap_or("");
    for (j, c) in digits.char_indices() {
        let d = match c {
            '0'..='9' | '.' => c,
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            ',' | '，' if end > i => {
                // Thousands separator only when three digits follow.
                let after = digits.get(j + c.len_utf8()..).unwrap_or("");
                if after.chars().take(4).take_while(|d| d.is_ascii_digit()).count() == 3 {
                    rewritten.get_or_insert_with(|| digits[..j].to_string());
                    end = i + j + c.len_utf8();
                    continue;
                }
                break;
            }
            _ => break,
        };
        if d != c && rewritten.is_none() {
            rewritten = Some(digits[..j].to_string());
        }
        if let Some(r) = &mut rewritten {
            r.push(d);
        }
        end = i + j + c.len_utf8();
    }
    let v: f64 = match &rewritten {
        Some(r) => r.parse().ok()?,
        None => t.get(i..end)?.parse().ok()?,
    };
    Some((if neg { -v } else { v }, neg, unit_after(t, end)))
}

/// The run of ASCII digits and dots `t` starts with: its length, and its value as
/// `parse::<f64>().ok()` reads it, in one pass and without the general parser in the usual
/// case: a whole number m below 2^53 with k ≤ 22 decimals is m / 10^k, both exact in an
/// f64, and one IEEE division of exact operands is correctly rounded, as the parser's
/// result is (Clinger's fast path). Longer numbers go to the parser.
fn plain_number(t: &str) -> (usize, Option<f64>) {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];
    let b = t.as_bytes();
    // The whole digits, then (after one dot) the decimals: m is exact while it has at most
    // 19 digits (below 2^64); longer numbers go to the parser.
    let (mut m, mut digits, mut end) = (0u64, 0usize, 0usize);
    let mut run = |end: &mut usize, digits: &mut usize| {
        while let Some(&c @ b'0'..=b'9') = b.get(*end) {
            m = m.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            *digits += 1;
            *end += 1;
        }
    };
    run(&mut end, &mut digits);
    let whole = digits;
    let mut dots = 0;
    if b.get(end) == Some(&b'.') {
        dots = 1;
        end += 1;
        run(&mut end, &mut digits);
        // More dots (and digits) belong to the run, which is then no number.
        while let Some(b'0'..=b'9' | b'.') = b.get(end) {
            dots += usize::from(b.get(end) == Some(&b'.'));
            end += 1;
        }
    }
    let decimals = digits - whole;
    let v = match POW10.get(decimals) {
        // No digit, or two dots: not a number.
        _ if digits == 0 || dots > 1 => None,
        Some(p) if digits <= 19 && m < 1 << 53 => Some(m as f64 / p),
        _ => t.get(..end).and_then(|d| d.parse().ok()),
    };
    (end, v)
}

/// The unit written after the digits that end at byte `end` of `t`, without a range's
/// upper end or a trailing qualifier.
fn unit_after(t: &str, end: usize) -> &str {
    let rest = t.get(end..).unwrap_or("");
    // Most units are CJK ideographs to the end ("亿元", "个"), '%' or nothing: neither a
    // range (至 is 0xE8 0x87 0xB3), nor 余 first, nor a qualifier last (its last bytes are
    // checked below), nor space at either end.
    let plain = match *rest.as_bytes() {
        [] | [b'%'] => true,
        [0xE4..=0xE9, _, _, ..] => {
            let b = rest.as_bytes();
            !matches!(b, [0xE8, 0x87, 0xB3, ..] | [0xE4, 0xBD, 0x99, ..])
                && matches!(b.len().checked_sub(3).and_then(|k| b.get(k)), Some(0xE4..=0xE9))
        }
        _ => false,
    };
    if plain && !qualified(rest) {
        return rest;
    }
    let mut unit = text::trim(rest);
    // A range ("5-8个"): skip the upper end. Only '-', '~', '～' (0xEF…) and '至' (0xE8…)
    // start one: other units are turned away by their first byte.
    let range = matches!(unit.as_bytes().first(), Some(b'-' | b'~' | 0xE8 | 0xEF));
    if let Some(r) = range.then_some(unit).and_then(|unit| {
        unit.strip_prefix('-')
            .or_else(|| unit.strip_prefix('～'))
            .or_else(|| unit.strip_prefix('~'))
            .or_else(|| unit.strip_prefix('至'))
    }) {
        unit = text::trim(r.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'));
    }
    // `unit` is trimmed: only what a stripped qualifier leaves needs trimming again.
    if !qualified(unit) {
        return unit.strip_prefix('余').map_or(unit, text::trim);
    }
    for q in ["以上", "以内", "以下", "左右", "多", "余"] {
        if let Some(u) = unit.strip_suffix(q) {
            unit = text::trim(u);
        }
    }
    unit.strip_prefix('余').map_or(unit, text::trim)
}

/// Whether `unit` may end in a qualifier: every one ends in 上, 内, 下, 右, 多 or 余, so a
/// unit whose last bytes are none of these (most) has none.
#[inline]
fn qualified(unit: &str) -> bool {
    matches!(
        unit.as_bytes().last_chunk::<3>(),
        Some(
            [0xE4, 0xB8, 0x8A | 0x8B]
                | [0xE5, 0x86, 0x85]
                | [0xE5, 0x8F, 0xB3]
                | [0xE5, 0xA4, 0x9A]
                | [0xE4, 0xBD, 0x99]
        )
    )
}

/// `hay.rfind(needle)` for a short haystack, by a byte loop (no searcher to set up): the
/// last byte offset where `needle` occurs, `hay.len()` for an empty needle.
fn rfind_short(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    // Compared from the last byte back by a byte loop, not a library call: a unit usually
    // ends the figure's text, and a wrong offset usually differs in its last byte.
    let at = |p: usize| h.get(p..p + n.len()).is_some_and(|w| w.iter().rev().zip(n.iter().rev()).all(|(a, b)| a == b));
    (0..=h.len().checked_sub(n.len())?).rev().find(|&p| at(p))
}

/// Where `part`, a piece of `s`, lies in it (None if it is not a piece of `s`).
fn span_in(s: &str, part: &str) -> Option<[usize; 2]> {
    let at = (part.as_ptr() as usize).wrapping_sub(s.as_ptr() as usize);
    let end = at.checked_add(part.len())?;
    // Equal pointers and lengths: the same bytes.
    s.get(at..end).filter(|p| p.as_ptr() == part.as_ptr()).map(|_| [at, end])
}

/// The chars before a figure that make it no amount: 第六届, 宽1米.
pub(crate) const BEFORE_CHARS: &str = "第宽深厚径";
pub(crate) const BEFORE_MUL: u32 = 0xc02c_6537;
/// [`BEFORE_CHARS`] as a table of slots: a lookup is one load and one compare, where a
/// `matches!` would be a tree of compares that mispredicts as the chars vary.
pub(crate) const BEFORE_SLOTS: [u32; 8] = char_slots(BEFORE_CHARS, &[1; 5], BEFORE_MUL);
/// The chars after a figure that make it no amount: 12号, 2个百亿级, 5G.
pub(crate) const AFTER_CHARS: &str =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz〇一二三四五六七八九十百千万亿级号期届";
pub(crate) const AFTER_MUL: u32 = 0x4202_6d89;
/// [`AFTER_CHARS`] as a table of slots (see [`BEFORE_SLOTS`]).
pub(crate) const AFTER_SLOTS: [u32; 128] = char_slots(AFTER_CHARS, &[1; 81], AFTER_MUL);

/// A quantity read in its context.
#[derive(Debug, Clone)]
pub(crate) struct Fig {
    /// Byte range of the figure (number, unit and a trailing qualifier such as 以上).
    pub span: [usize; 2],
    /// Value as written, signed ("下降4.5%" → -4.5).
    pub value: f64,
    /// The unit as written ("亿元").
    pub unit: [usize; 2],
    /// The unit when it is not the text at `unit` (Chinese numerals: a unit from the
    /// numeral tables, or one written with spaces or 余/多 left out). Borrowed from the
    /// tables, so most figures carry no String.
    pub unit_owned: Option<Cow<'static, str>>,
    /// Multiply `value` by this to get the family's base unit.
    pub scale: f64,
    /// The unit family; None for bare numbers and units that are not amounts.
    pub family: Option<Family>,
    /// Not an amount at all: a date, ordinal, name in quotes, size, part of a name.
    pub skip: bool,
    /// A rate of change (增长, 同比, 下降…), for % figures.
    pub growth: bool,
    /// Reports a fall.
    pub decline: bool,
    /// Compares with something else (高于全市…, 比去年同期增加…): not the indicator's value.
    pub relative: bool,
    /// A growth since the start of the year (比去年底增长): it builds up over the year.
    pub since_year_start: bool,
    /// "完成目标任务的82%": the department's own share of the annual target.
    pub progress: bool,
    /// Counts something not (yet) achieved: applied for, started, planned, a stage.
    pub pending: bool,
    /// An estimate (预计).
    pub estimate: bool,
    /// Byte range of the words before the figure in its clause (its subject).
    pub left: [usize; 2],
    /// Byte range of the words after the figure up to the next figure or clause end.
    pub right: [usize; 2],
    /// The subject borrowed from an earlier figure when `left` names nothing.
    pub borrowed: Option<[usize; 2]>,
    /// Byte range from the sentence start to the figure.
    pub sentence: [usize; 2],
    /// The period that covers the figure: (index in the cell's periods, elapsed share).
    pub period: Option<(usize, f64)>,
    /// The words of `left` name something (`text::has_subject`). Read in a status only, and
    /// only when it has a figure read in full: false for skipped figures, for every task
    /// figure, and for every figure of a status with none read in full.
    pub named: bool,
}

impl Fig {
    /// The value in the family's base unit.
    pub fn base(&self) -> f64 {
        self.value * self.scale
    }

    /// The unit as written.
    pub fn unit_text<'a>(&'a self, cell: &'a str) -> &'a str {
        match &self.unit_owned {
            Some(u) => u.as_ref(),
            None => slice(cell, self.unit[0], self.unit[1]),
        }
    }
}

/// Word lists the figure reader needs, built once per report.
pub(crate) struct Lexicon {
    pub estimate: Words,
    /// Pending words then done words, in one list so that the longest wins at a position.
    pub pending: Words,
    /// How many entries of `pending` are pending words (the rest are done words).
    pub npending: usize,
    pub stage: Words,
    pub growth: Words,
    pub decline: Words,
    pub relative: Words,
    pub delta: Words,
    pub since_start: Words,
}

/// Where each list of [`Lexicon::lists`] is in a [`Scanner`] built over them (first).
pub(crate) const ESTIMATE: usize = 0;
/// See [`ESTIMATE`].
pub(crate) const PENDING: usize = 1;
const STAGE: usize = 2;
const GROWTH: usize = 3;
const DECLINE: usize = 4;
const RELATIVE: usize = 5;
const DELTA: usize = 6;
const SINCE_START: usize = 7;
/// How many lists [`Lexicon::lists`] gives.
pub(crate) const NLISTS: usize = 8;

impl Lexicon {
    /// The lists [`read`] asks an [`Index`] about, in the order of their ids above.
    pub fn lists(&self) -> [&Words; NLISTS] {
        [
            &self.estimate,
            &self.pending,
            &self.stage,
            &self.growth,
            &self.decline,
            &self.relative,
            &self.delta,
            &self.since_start,
        ]
    }

    pub fn new(rules: &crate::Rules) -> Lexicon {
        // `pending` and `done` go into one list so that the longest word wins at a position
        // ("成功申报" over "申报"); the index tells which list a hit came from.
        let mut status: Vec<&str> = rules.pending_words.iter().map(String::as_str).collect();
        let npending = status.len();
        status.extend(rules.done_words.iter().map(String::as_str));
        let pending = Words::new(&status);
        Lexicon {
            estimate: Words::new(&rules.estimate_words),
            npending,
            pending,
            stage: Words::new(&rules.stage_words),
            growth: Words::new(&[
                "增长",
                "增速",
                "增幅",
                "下降",
                "降低",
                "减少",
                "同比",
                "比上年",
                "比去年",
                "较上年",
                "较去年",
                "回落",
                "负增长",
                "上升",
                "下滑",
                "增加",
                "提高",
            ]),
            decline: Words::new(&["下降", "降低", "减少", "回落", "下滑", "负增长", "减", "降"]),
            relative: Words::new(&["高于", "低于", "快于", "慢于", "超出", "多于", "少于"]),
            delta: Words::new(&[
                "比*增加",
                "比*减少",
                "比*多",
                "比*少",
                "较*增加",
                "较*减少",
                "较*多",
                "较*少",
                "比*增长",
                "较*增长",
                "比*上升",
                "较*上升",
                "增加",
                "减少",
            ]),
            since_start: Words::new(&[
                "比去年底",
                "较去年底",
                "比年初",
                "较年初",
                "比上年末",
                "较上年末",
                "比上年底",
                "较上年底",
                "比去年末",
                "较去年末",
            ]),
        }
    }
}

/// Whether byte `i` of `s` lies inside quotation marks, opened in its sentence (which
/// starts at `sentence`) and not closed before `i`, as `ix` (`s` scanned) knows them.
fn quoted(s: &str, ix: &Index, sentence: usize, i: usize) -> bool {
    // A quote left open for long (more than 24 chars) is more likely a stray mark than a name.
    ix.open_quote(sentence, i).is_some_and(|a| slice(s, a, i).chars().nth(24).is_none())
}

/// What the caller reads of the figures [`read`] gives.
#[derive(Clone, Copy)]
pub(crate) struct Want<'a> {
    /// A status cell: its figures' subjects (`named`, `borrowed`), and for a figure that
    /// may be compared, its period, estimate, pending, progress and since-year-start
    /// (`since_year_start`) words are read. A task's figures leave these unset (false,
    /// None): target finding reads none of them.
    pub status: bool,
    /// For a status, the families of the row's targets.
    pub families: &'a [Family],
}

/// Reads every quantity of `cell` into a [`Fig`], in order. `periods` are the period
/// phrases of the cell (byte start, end, elapsed), in order. `want` says which fields
/// later steps read (the rest keep their defaults). `ix` is the cell
/// scanned by a [`text::Scanner`] whose first lists are [`Lexicon::lists`]: every
/// boundary and word a figure's reading needs is looked up there, not scanned again.
pub(crate) fn read(
    cell: &str,
    qs: &[Found],
    periods: &[(usize, usize, f64)],
    lex: &Lexicon,
    ix: &Index,
    want: Want,
    out: &mut Vec<Fig>,
) {
    out.clear();
    // Whether some figure is read in full: if none is, no step reads any subject.
    let mut any_full = false;
    let est_hits = ix.kept(ESTIMATE);
    let status_hits = ix.kept(PENDING);
    // The last figure kept so far (not skipped).
    let mut last_kept: Option<usize> = None;
    for q in qs {
        let [s, e] = q.span;
        // On char boundaries of the cell, and not empty.
        let Some(qt) = cell.get(s..e).filter(|_| s < e) else { continue };
        let (value, neg_written, unit, unit_owned, chinese, written_unit) = match written(qt) {
            Some((v, neg, u)) => {
                // The unit may run on past the scanner's span ("2万人" seen as "2万"). It is a
                // part of `qt`: where it ends `qt` (most often), no later copy of it fits.
                let at = (u.as_ptr() as usize).wrapping_sub(qt.as_ptr() as usize);
                let off = match at.checked_add(u.len()) {
                    Some(end) if end == qt.len() => s + at,
                    _ => rfind_short(qt, u).map(|o| s + o).unwrap_or(e),
                };
                (v, neg, [off, off + u.len()], None, false, u)
            }
            None => {
                // The written unit is the numeral table's (borrowed for good), or a piece
                // of the cell (then a span of it, as for digits), or rarely a new String.
                let (unit, owned) = match (q.written_override, q.written_unit(cell)) {
                    (Some(w), _) => ([e, e], Some(Cow::Borrowed(w))),
                    (None, Cow::Borrowed(u)) => match span_in(cell, u) {
                        Some(at) => (at, None),
                        None => ([e, e], Some(Cow::Owned(u.to_string()))),
                    },
                    (None, Cow::Owned(u)) => ([e, e], Some(Cow::Owned(u))),
                };
                let written_unit = slice(cell, unit[0], unit[1]);
                (q.value, q.number < 0.0, unit, owned, true, written_unit)
            }
        };
        // The text at `unit` is the written unit itself: a part of the cell, found there.
        let utext = match &unit_owned {
            Some(u) => u.as_ref(),
            None => written_unit,
        };
        let (mul, proper) = scale_of(utext);
        let family = family_of(proper);
        let mut scale = mul;
        if chinese && q.value != 0.0 && q.number.is_finite() {
            // Chinese numerals: trust the scanner's expansion (两万人 = 20000人).
            scale = q.number / q.value;
        }
        // Extend over a trailing qualifier.
        let mut end = e;
        // Every qualifier starts with 以, 左 or 余: a figure followed by none (most) has none.
        let qualified = matches!(
            cell.as_bytes().get(e..).and_then(<[u8]>::first_chunk::<3>),
            Some([0xE4, 0xBB, 0xA5] | [0xE5, 0xB7, 0xA6] | [0xE4, 0xBD, 0x99])
        );
        for qual in ["以上", "以内", "以下", "左右", "余"].into_iter().filter(|_| qualified) {
            if text::starts_with(&cell[end..], qual) {
                end += qual.len();
                break;
            }
        }
        // The chars around the figure: only ASCII and three-byte chars matter here, read
        // from their bytes (anything else reads as a char that matters to nothing below).
        let bytes = cell.as_bytes();
        let prev_char = match bytes.get(..s) {
            Some([.., x0 @ 0xE0..=0xEF, x1, x2]) => char::from_u32(code3(*x0, *x1, *x2)),
            _ => None,
        };
        let next_char = match bytes.get(end..) {
            Some([x0 @ 0xE0..=0xEF, x1, x2, ..]) => char::from_u32(code3(*x0, *x1, *x2)),
            Some([x @ 0..=0x7F, ..]) => Some(char::from(*x)),
            _ => None,
        };
        // Ordinals (第六届), serials (12号), sizes (宽1米), and classes (2个百亿级 project).
        let skip = family.is_none()
            || prev_char.is_some_and(|c| slot_code(&BEFORE_SLOTS, BEFORE_MUL, c) != 0)
            || next_char.is_some_and(|c| slot_code(&AFTER_SLOTS, AFTER_MUL, c) != 0)
            // 三个专项, 一轮改革, 两乡: small counts in words name things in report
            // language; the figures a report is checked on are written in digits.
            || chinese
                && q.number.abs() < 100.0
                && matches!(family, Some(Family::Count | Family::Events | Family::Person | Family::Other(_)))
            || q.ordinal
            || family == Some(Family::Count) && proper == "条" && next_char == Some('政');
        // No clause end (so no sentence end) lies between the clause start and the figure.
        let [clause, sentence] = if skip { [s, s] } else { ix.clause_and_sentence_start(s) };
        // Names in quotes, and numbers inside a period phrase (1-5月).
        let skip = skip || quoted(cell, ix, sentence, s) || periods.iter().any(|p| p.0 <= s && s < p.1);
        // What every figure has, skipped or not; the rest is what a skipped one keeps. (A
        // figure skipped before the clause lookup keeps `sentence` [s, s]: nothing reads a
        // skipped figure's sentence.)
        let bare = Fig {
            span: [s, end],
            value,
            unit,
            unit_owned,
            scale,
            family,
            skip,
            growth: false,
            decline: false,
            relative: false,
            since_year_start: false,
            progress: false,
            pending: false,
            estimate: false,
            left: [s, s],
            right: [end, end],
            borrowed: None,
            sentence: [sentence, s],
            period: None,
            named: false,
        };
        if skip {
            // Later steps look at a skipped figure's span only (and pass it over): the
            // words around it are not read.
            out.push(bare);
            continue;
        }
        // Context.
        let prev_end = last_kept.and_then(|k| out.get(k)).map(|f| f.span[1]).unwrap_or(0);
        let left_from = clause.max(prev_end.min(s));
        let right_to = ix.clause_or_pause_end(end);
        let left = [left_from, s];
        let mut value = value;
        // Both are char boundaries, `left_from` no later than `s`.
        let lefts = cell.get(left_from..s).unwrap_or_else(|| slice(cell, left_from, s));
        let pct = family == Some(Family::Percent);
        // Only a figure some later step may compare or flag is read in full: any figure of a
        // task; of a status, one in %, or in the family of one of the row's targets. Of
        // any other, only its subject is read: a later figure may borrow it.
        let full = !want.status || pct || family.is_some_and(|f| want.families.contains(&f));
        any_full |= full;
        let (mut growth, mut decline, mut relative, mut since_year_start) = (false, neg_written, false, false);
        if full {
            growth = pct && ix.any_in(GROWTH, left_from, s);
            let decline_word = ix.last_in(DECLINE, left_from, s);
            if pct {
                if let Some(h) = decline_word {
                    // Only a decline word close to the figure ("同比下降4.5%").
                    if s - h.span[1] <= 9 {
                        decline = true;
                        if value > 0.0 {
                            value = -value;
                        }
                    }
                }
            }
            if !pct && decline_word.is_some() {
                decline = false;
            }
            relative = ix.any_in(RELATIVE, clause, s)
                || (!pct && family != Some(Family::Points) && {
                    // "比去年同期增加11家": a difference, not the indicator's level.
                    ix.last_in(DELTA, left_from, s).map(|h| s - h.span[1] <= 6).unwrap_or(false)
                });
            since_year_start = pct && want.status && ix.any_in(SINCE_START, left_from, s);
            // "同比增长30.75%、25.06%": a figure joined by 、 shares the reading of the one before.
            if text::is_lone_pause(lefts) {
                if let Some(p) = last_kept.and_then(|k| out.get(k)) {
                    if p.family == family {
                        growth |= p.growth;
                        since_year_start |= p.since_year_start;
                        relative |= p.relative;
                        if p.decline && !decline {
                            decline = true;
                            if value > 0.0 {
                                value = -value;
                            }
                        }
                    }
                }
            }
        }
        // What only a status figure that may be compared is asked: its period, whether it
        // is the department's progress, an estimate, or pending.
        let (mut progress, mut estimate, mut pending, mut period) = (false, false, false, None);
        if full && want.status {
            progress = pct
                && (lefts.ends_with("目标任务的")
                    || lefts.ends_with("目标任务")
                    || lefts.ends_with("年度任务的")
                    || lefts.ends_with("全年任务的")
                    || lefts.ends_with("目标的"))
                && text::contains(lefts, "完成");
            // Kept hits do not overlap: their ends rise with their starts, so the first that
            // starts in the sentence is the one to end soonest, and the last to end by `s` is
            // found by a binary search.
            estimate = est_hits.get(est_hits.partition_point(|h| h.span[0] < sentence)).is_some_and(|h| h.span[1] <= s);
            if !pct {
                let k = status_hits.partition_point(|h| h.span[1] <= s);
                if let Some(h) = k.checked_sub(1).and_then(|k| status_hits.get(k)).filter(|h| h.span[0] >= sentence) {
                    pending = h.word < lex.npending;
                }
                if ix.any_in(STAGE, end, right_to) {
                    pending = true;
                }
            }
            period = periods.iter().enumerate().rev().find(|(_, p)| p.1 <= s).map(|(k, p)| (k, p.2));
        }
        last_kept = Some(out.len());
        out.push(Fig {
            value,
            growth,
            decline,
            relative,
            since_year_start,
            progress,
            pending,
            estimate,
            left,
            right: [end, right_to.max(end)],
            period,
            // Subjects are read (and borrowed) in a status only, below, once it is known to matter.
            ..bare
        });
    }
    // The right context stops at the next figure.
    for k in 1..out.len() {
        let next = out[k].span[0];
        let r = &mut out[k - 1].right;
        if r[1] > next {
            r[1] = next.max(r[0]);
        }
    }
    // Subjects are read (and borrowed) in a status only, and only when a figure some
    // later step reads is among its figures (of a status with none, no step reads any).
    if want.status && any_full {
        for f in out.iter_mut().filter(|f| !f.skip) {
            f.named = text::has_subject(slice(cell, f.left[0], f.left[1]));
        }
        borrow_subjects(cell, out);
    }
}

/// Gives a figure whose own words name nothing ("、增长5.8%", "分别同比增长30.75%、25.06%")
/// the subject of an earlier figure in the same sentence; after 分别, the k figures take
/// the k preceding subjects in order.
fn borrow_subjects(cell: &str, figs: &mut [Fig]) {
    let mut k = 0;
    while k < figs.len() {
        if figs[k].skip || figs[k].named {
            k += 1;
            continue;
        }
        // The run k..j of weak figures joined by 、.
        let mut j = k + 1;
        while j < figs.len() {
            let gap = slice(cell, figs[j - 1].span[1], figs[j].span[0]);
            if !figs[j].skip && text::is_lone_pause(gap) {
                j += 1;
            } else {
                break;
            }
        }
        let run = j - k;
        let lefts = slice(cell, figs[k].left[0], figs[k].left[1]);
        let sent = figs[k].sentence[0];
        let (before, rest) = figs.split_at_mut(k);
        // Earlier figures of the sentence that name a subject, their own or a borrowed one
        // (a borrowed subject always names one: it was picked here).
        let named = |f: &&Fig| !f.skip && f.span[0] >= sent && (f.borrowed.is_some() || f.named);
        let subject = |f: &Fig| f.borrowed.unwrap_or(f.left);
        // Counted only when it can matter: a run after 分别 or 均.
        let earlier = || before.iter().filter(named).count();
        if run > 1 && (text::contains(lefts, "分别") || text::contains(lefts, "均")) && earlier() >= run {
            // The last `run` of them, in order, one for each figure of the run.
            for (f, b) in rest.iter_mut().take(run).rev().zip(before.iter().rev().filter(named)) {
                f.borrowed = Some(subject(b));
            }
        } else if let Some(l) = before.iter().rev().find(named).map(subject) {
            for f in rest.iter_mut().take(run) {
                f.borrowed = Some(l);
            }
        }
        k = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! written {
        ($text:expr, $v:expr, $u:expr) => {{
            let (v, _, u) = written($text).expect($text);
            assert_eq!((v, u), ($v, $u), "{:?}", $text);
        }};
    }

    #[test]
    fn written_value_and_unit() {
        written!("36.05亿元", 36.05, "亿元");
        written!("6.5%", 6.5, "%");
        written!("-9.8%", -9.8, "%");
        written!("220亿元以上", 220.0, "亿元");
        written!("1,234.5万元", 1234.5, "万元");
        written!("600余场", 600.0, "场");
        written!("约2.3万平方米", 2.3, "万平方米");
        written!("１２个", 12.0, "个");
        written!("5-8个", 5.0, "个");
        written!("3～5万元左右", 3.0, "万元");
        written!("2至3.5亿元以内", 2.0, "亿元");
        written!("12多", 12.0, "");
        written!("7户以下", 7.0, "户");
        assert!(written("两万人").is_none());
    }

    #[test]
    fn plain_numbers_parse_as_the_parser_does() {
        let mut texts: Vec<String> = ["", ".", "..", "1.", ".5", "0", "007", "1.2.3", "9007199254740993", "0.1"]
            .iter()
            .map(|t| t.to_string())
            .collect();
        // A spread of digit strings with and without a dot, up to 30 digits long.
        let mut bits = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..200_000 {
            crate::numbers::xorshift(&mut bits);
            let len = (bits % 31) as usize;
            let mut t: String = (0..len).map(|k| char::from(b'0' + ((bits >> (k % 60)) % 10) as u8)).collect();
            if bits & 1 == 0 && len > 0 {
                t.insert((bits >> 40) as usize % (len + 1), '.');
            }
            texts.push(t);
        }
        for t in &texts {
            let want = t.parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(plain_number(t), (t.len(), want.map(f64::from_bits)), "{t:?}");
            assert_eq!(plain_number(&format!("{t}亿元")).0, t.len(), "{t:?}");
        }
    }

    macro_rules! family {
        ($unit:expr, $scale:expr, $fam:expr) => {{
            let (m, u) = scale_of($unit);
            assert_eq!((m, family_of(u)), ($scale, $fam), "{:?}", $unit);
        }};
    }

    #[test]
    fn one_char_units_by_char_as_by_name() {
        let names = NOT_AMOUNTS
            .iter()
            .chain(&["%", "％", "元", "亩", "㎡", "米", "m", "吨", "方", "人", "名", "位", "个", "家"]);
        let chars = names.flat_map(|n| n.chars()).chain('\0'..='\u{2FF}').chain('\u{4E00}'..='\u{9FFF}');
        for c in chars.chain("户所项处座件套台批口宗条辆艘张支栋间部只株棵场次天".chars()) {
            let unit = c.to_string();
            assert_eq!(family_of_char(c, &unit), family_by_name(&unit), "{unit:?}");
        }
    }

    #[test]
    fn unit_families() {
        use Family::*;
        family!("万亩", 1e4, Some(Mu));
        family!("亿元", 1e8, Some(Yuan));
        family!("万元", 1e4, Some(Yuan));
        family!("万人", 1e4, Some(Person));
        family!("亿方", 1e8, Some(CubicM));
        family!("亿立方米", 1e8, Some(CubicM));
        family!("千米", 1.0, Some(Km));
        family!("个百分点", 1.0, Some(Points));
        family!("家", 1.0, Some(Count));
        family!("年", 1.0, None);
        family!("届", 1.0, None);
        family!("", 1.0, None);
    }

    /// Whether `at` (a prefix of `s`) ends inside quotation marks, read as [`read`] does.
    fn quoted_at(s: &str, at: &str) -> bool {
        let lists: [&Words; 0] = [];
        let mut ix = Index::default();
        text::Scanner::new(&lists).scan(s, &mut ix);
        let i = at.len();
        quoted(s, &ix, ix.clause_and_sentence_start(i)[1], i)
    }

    macro_rules! quotes {
        ($s:expr, $at:expr, $want:expr) => {
            assert_eq!(quoted_at($s, $at), $want, "{:?} at the end of {:?}", $s, $at)
        };
    }

    #[test]
    fn quotes() {
        quotes!("实施“1+5”系列", "实施“1", true);
        quotes!("新增“专精特新”20户", "新增“专精特新”", false);
        quotes!("构建“3+3+X“战略", "构建“3", true);
        quotes!("构建“3+3+X“战略", "构建“3+3+X“战", false);
        quotes!("打造《2个中心》", "打造《2", true);
        quotes!("一“二。三4", "一“二。三", false);
        quotes!("说\"一二\"三\"4", "说\"一二\"三\"", true);
        quotes!(
            "“一二三四五六七八九十一二三四五六七八九十一二三四5",
            "“一二三四五六七八九十一二三四五六七八九十一二三四",
            true
        );
        quotes!(
            "“一二三四五六七八九十一二三四五六七八九十一二三四五6",
            "“一二三四五六七八九十一二三四五六七八九十一二三四五",
            false
        );
        quotes!(
            "“「一二三四五六七八九十一二三四五六七八九十一二三4",
            "“「一二三四五六七八九十一二三四五六七八九十一二三",
            true
        );
        quotes!("‘一’二‘三4", "‘一’二‘三", true);
    }
}

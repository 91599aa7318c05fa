//! Stage: quantities in text. Takes one cell or line (`&str`) and gives every number in it
//! with its unit, scale, qualifier and range, left to right, as [`Quantity`] values with
//! byte spans; plus [`scale_of`]/[`convert`] to compare figures written in different units.
//!
//! What counts as a number: Arabic digits (full-width too, `1,234.5`, `2e5`, `2^5`, `3/5`,
//! `40k`), Chinese numerals (`两万`, `一百五十`, `三千零五`, `一万三`, financial `壹佰`,
//! traditional `萬`/`億`), both mixed (`5万4千`), with scale words 万/亿/兆 (`36.05亿元`),
//! fractions (`三分之一`, `3又一千分之23`), percents (`%`, `百分之五点五`, `千分之二`),
//! percentage points (`个百分点`), 成 (`九成` = 90 %), discounts (`八五折` = 85 %),
//! ranges (`5-8个`, `6.5%—7%`), signs (`-9.8%`, `负3.9%`) and qualifiers (`约`, `以上`…).
//!
//! What does not: periods (`2023年`, `5月`, `1-5月`, `一季度`, `16日`) — they belong to
//! [`crate::period`] —, names and codes (`十四五`, `一号工程`, `12号泊位`, `5G`, `PM2.5`,
//! `3+1`), words that merely contain a numeral (`一切`, `统一`, `四川`, `十分`, `陆地`),
//! and runs of bare digits that are guesses rather than numbers (`二三十`).
//!
//! BE ADVISED / ADVICE FOR HACKERS: this is a hand-written single pass over the characters.
//! Every loop moves forward; nothing recurses; unknown text is skipped one character at
//! a time, and a numeral that was rejected is skipped as a whole (so `2023年` never
//! becomes `023年`). Characters are normalised once (full-width → ASCII, traditional →
//! simplified) into a vector; all lookups go through [`Scan::c`], which yields `'\0'`
//! past the end, so no index can panic. Chinese numerals are read with the usual
//! accumulator: `section` collects 千百十 within a 万-group, `total` the groups, and a
//! digit left over after a unit is an abbreviation (`两千四百五` = 2450) unless a 零 came
//! between (`一千零五` = 1005).

use serde::Serialize;
use std::cell::Cell;

/// A quantity found in text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quantity {
    /// The words of the quantity as written, from sign (or currency sign) to unit
    /// ("36.05亿元", "-9.8%", "百分之五"). Qualifiers are not part of it.
    pub text: String,
    /// The value fully expanded (36.05亿元 → 3605000000; 9成 → 90; 千分之五 → 0.5).
    /// For a range, its lower end.
    pub number: f64,
    /// The unit after expansion: "元", "%", "个百分点", "亩", "人", "千米"; "" for a bare number.
    /// Scale words (万/亿/千/百/兆) are folded into `number`; physical units stay as
    /// written (see [`convert`] to compare 公里 with 米).
    pub unit: String,
    /// Byte range of `text` in the text searched.
    pub span: [usize; 2],
    /// The number as written, before scale expansion (36.05 for 36.05亿元, 9 for 九成,
    /// 5 for 百分之五, 2 for 千分之二).
    pub value: f64,
    /// The scale and unit as written ("亿元", "万亩", "成", "%", "‰", "个百分点"; "" if none).
    /// `value` in `written_unit` equals `number` in `unit`.
    pub written_unit: String,
    /// Qualifiers as written around the figure: before it (约, 近, 超, 超过, 突破, 不超过,
    /// 不低于, 达到…), inside it (余, 多, 几: "300多家") or after it (以上, 以内, 左右…);
    /// several are joined with "…" in text order ("约…以上"). None when there are none.
    pub qualifier: Option<String>,
    /// For a range ("5-8个", "6.5%—7%", "3至5亿元"), the upper end, expanded like `number`.
    pub range_to: Option<f64>,
    /// Byte range of the numeral alone (sign and scale words included, unit and range
    /// end excluded): "36.05亿" in "36.05亿元".
    pub number_span: [usize; 2],
    /// True when the numeral follows 第 ("第三批"): an ordinal, usually not a quantity.
    pub ordinal: bool,
}

impl Quantity {
    /// A unit-less number written only in Chinese numerals ("五", "两", "十"). The peer
    /// suite counts these as numbers, but in report text they are mostly enumerations
    /// and names (五大行动, 两高, 十佳): targets and actuals should not be built from them.
    pub fn is_bare_word(&self) -> bool {
        self.unit.is_empty() && !self.text.bytes().any(|b| b.is_ascii_digit())
    }
}

/// What a unit measures, for deciding which figures can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitClass {
    /// Money: 元, 美元, 欧元…
    Money,
    /// %, ‰ and 个百分点.
    Percent,
    /// Physical measures: 亩, 公顷, 米, 吨, 千瓦…
    Physical,
    /// Counted things: 个, 人, 户, 家, 项…
    Count,
    /// Durations: 年, 个月, 天, 小时…
    Time,
    /// No unit, or one not in the table.
    Other,
}

use UnitClass::*;

/// Units recognised after a number (normalised spelling) and what they measure.
/// Longest match wins, so "个百分点" beats "个" and "千瓦时" beats "千瓦".
const UNITS: &[(&str, UnitClass)] = &[
    ("元", Money),
    ("人民币", Money),
    ("美元", Money),
    ("美圆", Money),
    ("美金", Money),
    ("美刀", Money),
    ("欧元", Money),
    ("日元", Money),
    ("港元", Money),
    ("港币", Money),
    ("新台币", Money),
    ("台币", Money),
    ("英镑", Money),
    ("瑞士法郎", Money),
    ("法郎", Money),
    ("卢布", Money),
    ("韩元", Money),
    ("奈拉", Money),
    ("比特币", Money),
    ("%", Percent),
    ("‰", Percent),
    ("个百分点", Percent),
    ("百分点", Percent),
    ("平方公里", Physical),
    ("平方千米", Physical),
    ("平方米", Physical),
    ("平米", Physical),
    ("㎡", Physical),
    ("m²", Physical),
    ("公顷", Physical),
    ("亩", Physical),
    ("立方米", Physical),
    ("m³", Physical),
    ("方", Physical),
    ("公里", Physical),
    ("千米", Physical),
    ("km", Physical),
    ("米", Physical),
    ("延米", Physical),
    ("公分", Physical),
    ("厘米", Physical),
    ("cm", Physical),
    ("毫米", Physical),
    ("mm", Physical),
    ("m", Physical),
    ("吨", Physical),
    ("t", Physical),
    ("公斤", Physical),
    ("千克", Physical),
    ("kg", Physical),
    ("斤", Physical),
    ("克", Physical),
    ("毫克", Physical),
    ("微克", Physical),
    ("千瓦时", Physical),
    ("kWh", Physical),
    ("千瓦", Physical),
    ("kW", Physical),
    ("兆瓦", Physical),
    ("MW", Physical),
    ("GW", Physical),
    ("瓦", Physical),
    ("千伏安", Physical),
    ("kVA", Physical),
    ("千伏", Physical),
    ("kV", Physical),
    ("伏", Physical),
    ("兆字节", Physical),
    ("千字节", Physical),
    ("字节", Physical),
    ("比特", Physical),
    ("兆赫兹", Physical),
    ("兆赫", Physical),
    ("赫兹", Physical),
    ("千卡", Physical),
    ("升", Physical),
    ("毫升", Physical),
    ("标准箱", Physical),
    ("标箱", Physical),
    ("个工作日", Time),
    ("工作日", Time),
    ("个小时", Time),
    ("小时", Time),
    ("分钟", Time),
    ("秒", Time),
    ("天", Time),
    ("周年", Time),
    ("周", Time),
    ("个月", Time),
    ("个季度", Time),
    ("季度", Time),
    ("年", Time),
    ("月", Time),
    ("日", Time),
    ("号", Time),
    ("岁", Time),
    ("人次", Count),
    ("户次", Count),
    ("架次", Count),
    ("车次", Count),
    ("个", Count),
    ("人", Count),
    ("名", Count),
    ("位", Count),
    ("户", Count),
    ("家", Count),
    ("座", Count),
    ("口", Count),
    ("套", Count),
    ("件", Count),
    ("项", Count),
    ("所", Count),
    ("条", Count),
    ("辆", Count),
    ("台", Count),
    ("次", Count),
    ("场", Count),
    ("批", Count),
    ("株", Count),
    ("棵", Count),
    ("头", Count),
    ("只", Count),
    ("张", Count),
    ("部", Count),
    ("处", Count),
    ("栋", Count),
    ("幢", Count),
    ("间", Count),
    ("床", Count),
    ("篇", Count),
    ("本", Count),
    ("册", Count),
    ("份", Count),
    ("起", Count),
    ("宗", Count),
    ("例", Count),
    ("支", Count),
    ("艘", Count),
    ("架", Count),
    ("列", Count),
    ("趟", Count),
    ("班", Count),
    ("轮", Count),
    ("类", Count),
    ("种", Count),
    ("对", Count),
    ("双", Count),
    ("匹", Count),
    ("根", Count),
    ("块", Count),
    ("片", Count),
    ("颗", Count),
    ("盏", Count),
    ("层", Count),
    ("笔", Count),
    ("组", Count),
    ("尾", Count),
    ("盆", Count),
    ("门", Count),
    ("期", Count),
    ("英寸", Physical),
    ("倍", Other),
    ("分", Other),
    ("度", Other),
    ("级", Other),
];

/// The first character of each unit in [`UNITS`], lower-cased: what [`UNIT_ORDER`] sorts
/// by, at compile time ([`unit_slots`] files each unit under the same char, as
/// [`Scan::unit_at`] looks it up, read from [`UNIT_CHARS`]).
const UNIT_FIRST: [char; UNITS.len()] = {
    let mut out = ['\0'; UNITS.len()];
    let mut n = 0;
    while n < UNITS.len() {
        out[n] = first_char(UNITS[n].0).to_ascii_lowercase();
        n += 1;
    }
    out
};

/// Indexes into [`UNITS`] sorted by [`UNIT_FIRST`] (stable: list order within one first
/// char), so that [`Scan::unit_at`] tries only the units that start with the char at hand.
const UNIT_ORDER: [u16; UNITS.len()] = {
    let mut idx = [0u16; UNITS.len()];
    let mut n = 0;
    while n < UNITS.len() {
        idx[n] = n as u16;
        n += 1;
    }
    // Insertion sort (stable), at compile time.
    let mut i = 1;
    while i < UNITS.len() {
        let mut j = i;
        while j > 0 && UNIT_FIRST[idx[j - 1] as usize] as u32 > UNIT_FIRST[idx[j] as usize] as u32 {
            let t = idx[j - 1];
            idx[j - 1] = idx[j];
            idx[j] = t;
            j -= 1;
        }
        i += 1;
    }
    idx
};

/// Where the units of one first char lie in [`UNIT_ORDER`]: a slot of the table
/// [`unit_slots`] builds (`first` is `'\0'` in an empty slot).
#[derive(Clone, Copy, Default)]
struct UnitSlot {
    first: char,
    from: u8,
    run: u8,
    /// The run is one unit, of this one char (元, %, 家): no other char need be read.
    one: bool,
}

/// The number of slots of [`unit_slots`]'s table (a power of two, well above the number
/// of first chars, so that a probe ends soon at the char or at an empty slot).
const UNIT_SLOTS: usize = 512;

/// The home slot of a (lower-cased) first char in [`unit_slots`]'s table ([`slot`]).
fn unit_home(c: char) -> usize {
    slot(c, 0x9E37_79B9, UNIT_SLOTS.trailing_zeros())
}

/// The first chars of [`UNITS`] and where their units lie in [`UNIT_ORDER`], as an
/// open-addressing table: built at run time, once per [`Scratch`] (a const table this
/// size would weigh on the wasm module), so that [`Scan::unit_at`] finds the units that
/// start with a char in a probe or two.
#[inline(never)]
fn unit_slots() -> Vec<UnitSlot> {
    const { assert!(UNITS.len() < UNIT_SLOTS) };
    let mut slots = vec![UnitSlot::default(); UNIT_SLOTS];
    // The slot of the first char at hand (UNIT_ORDER keeps the units of one first char
    // side by side).
    let mut at = usize::MAX;
    for (k, &n) in UNIT_ORDER.iter().enumerate() {
        // (UNIT_FIRST, read from UNIT_CHARS, which the scan reads anyway: UNIT_FIRST is only
        // read at compile time, and reading it here would add its table to the wasm module.)
        let c = UNIT_CHARS.get(usize::from(n)).map_or('\0', |cs| cs[0].to_ascii_lowercase());
        if let Some(slot) = slots.get_mut(at).filter(|slot| slot.first == c) {
            slot.run += 1;
            slot.one = false;
            continue;
        }
        at = unit_home(c);
        while slots.get(at).is_some_and(|slot| slot.first != '\0') {
            at = (at + 1) % UNIT_SLOTS;
        }
        if let Some(slot) = slots.get_mut(at) {
            let one = UNIT_CHARS.get(usize::from(n)).is_some_and(|cs| cs[1] == '\0');
            *slot = UnitSlot { first: c, from: k as u8, run: 1, one };
        }
    }
    slots
}

/// The chars of each unit in [`UNITS`] (`'\0'`-padded; no unit has more than four), so
/// that matching one does not decode it again.
const UNIT_CHARS: [[char; 4]; UNITS.len()] = {
    let mut out = [['\0'; 4]; UNITS.len()];
    let mut n = 0;
    while n < UNITS.len() {
        let b = UNITS[n].0.as_bytes();
        let mut i = 0;
        let mut k = 0;
        while i < b.len() {
            let c = char_at(b, i);
            out[n][k] = c;
            k += 1;
            i += c.len_utf8();
        }
        n += 1;
    }
    out
};

/// Whether each unit in [`UNITS`] ends in an ASCII letter (km, kW).
const UNIT_ASCII_END: [bool; UNITS.len()] = {
    let mut out = [false; UNITS.len()];
    let mut n = 0;
    while n < UNITS.len() {
        let cs = UNIT_CHARS[n];
        let mut k = 4;
        while k > 0 && cs[k - 1] == '\0' {
            k -= 1;
        }
        out[n] = k > 0 && cs[k - 1].is_ascii_alphabetic();
        n += 1;
    }
    out
};

/// The first char of each word, at compile time (`N` is the number of words).
const fn first_chars<const N: usize>(words: &[&str]) -> [char; N] {
    let mut out = ['\0'; N];
    let mut n = 0;
    while n < N {
        out[n] = first_char(words[n]);
        n += 1;
    }
    out
}

/// The first char of a non-empty string, at compile time.
const fn first_char(s: &str) -> char {
    char_at(s.as_bytes(), 0)
}

/// The second char of a non-empty string (`'\0'` if it has one char), at compile time.
const fn second_char(s: &str) -> char {
    let b = s.as_bytes();
    let n = first_char(s).len_utf8();
    if b.len() > n {
        char_at(b, n)
    } else {
        '\0'
    }
}

/// The char starting at byte `i` of valid UTF-8, at compile time.
const fn char_at(b: &[u8], i: usize) -> char {
    let x = b[i] as u32;
    let c = if x < 0x80 {
        x
    } else if x < 0xE0 {
        ((x & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F)
    } else if x < 0xF0 {
        code3(b[i], b[i + 1], b[i + 2])
    } else {
        ((x & 0x07) << 18)
            | ((b[i + 1] as u32 & 0x3F) << 12)
            | ((b[i + 2] as u32 & 0x3F) << 6)
            | (b[i + 3] as u32 & 0x3F)
    };
    match char::from_u32(c) {
        Some(c) => c,
        None => '\0',
    }
}

/// Units that begin with a scale character: at such a place the numeral stops, so that
/// 12千米 is 12 千米 (not 12000 米) and 五十兆字节 is 50 兆字节.
const PREFIXED: &[&str] = &["千米", "千克", "千瓦", "千伏", "千卡", "兆瓦", "兆字节", "兆赫", "百分点"];

/// The first char of each of [`PREFIXED`].
const PREFIXED_FIRST: [char; PREFIXED.len()] = first_chars(PREFIXED);

/// Conversions for [`scale_of`]: unit → (factor, base unit).
const BASES: &[(&str, f64, &str)] = &[
    ("公里", 1e3, "米"),
    ("千米", 1e3, "米"),
    ("km", 1e3, "米"),
    ("m", 1.0, "米"),
    ("延米", 1.0, "米"),
    ("公分", 0.01, "米"),
    ("厘米", 0.01, "米"),
    ("cm", 0.01, "米"),
    ("毫米", 0.001, "米"),
    ("mm", 0.001, "米"),
    ("平方公里", 1e6, "平方米"),
    ("平方千米", 1e6, "平方米"),
    ("公顷", 1e4, "平方米"),
    ("平米", 1.0, "平方米"),
    ("㎡", 1.0, "平方米"),
    ("m²", 1.0, "平方米"),
    ("m³", 1.0, "立方米"),
    ("方", 1.0, "立方米"),
    ("吨", 1e3, "千克"),
    ("t", 1e3, "千克"),
    ("公斤", 1.0, "千克"),
    ("kg", 1.0, "千克"),
    ("斤", 0.5, "千克"),
    ("克", 1e-3, "千克"),
    ("毫克", 1e-6, "千克"),
    ("微克", 1e-9, "千克"),
    ("kWh", 1.0, "千瓦时"),
    ("度", 1.0, "千瓦时"),
    ("千瓦", 1e3, "瓦"),
    ("kW", 1e3, "瓦"),
    ("兆瓦", 1e6, "瓦"),
    ("MW", 1e6, "瓦"),
    ("GW", 1e9, "瓦"),
    ("千伏", 1e3, "伏"),
    ("kV", 1e3, "伏"),
    ("千伏安", 1.0, "kVA"),
    ("兆字节", 1e6, "字节"),
    ("千字节", 1e3, "字节"),
    ("兆赫兹", 1e6, "赫兹"),
    ("兆赫", 1e6, "赫兹"),
    ("人民币", 1.0, "元"),
    ("美圆", 1.0, "美元"),
    ("美金", 1.0, "美元"),
    ("美刀", 1.0, "美元"),
    ("港币", 1.0, "港元"),
    ("台币", 1.0, "新台币"),
    ("成", 10.0, "%"),
    ("‰", 0.1, "%"),
    ("百分点", 1.0, "个百分点"),
    ("标箱", 1.0, "标准箱"),
    ("个小时", 1.0, "小时"),
    ("工作日", 1.0, "个工作日"),
];

/// The factor and base unit of a unit as written: `scale_of("亿元") == (1e8, "元")`,
/// `scale_of("万亩") == (1e4, "亩")`, `scale_of("公里") == (1000.0, "米")`,
/// `scale_of("成") == (10.0, "%")`, `scale_of("人") == (1.0, "人")`.
/// Leading scale words (万, 亿, 千, 百, 兆, 十) multiply; traditional and full-width
/// spellings are accepted. Two units compare when their base units are equal.
pub fn scale_of(unit: &str) -> (f64, &str) {
    let mut f = 1.0;
    let mut rest = unit.trim();
    loop {
        if let Some((_, g, b)) = BASES.iter().find(|(w, _, _)| w.eq_ignore_ascii_case(rest)) {
            return (f * g, b);
        }
        let mut ch = rest.chars();
        let s = match ch.next().map(norm) {
            Some(('万', _)) => 1e4,
            Some(('亿', _)) => 1e8,
            Some(('千', _)) => 1e3,
            Some(('百', _)) => 1e2,
            Some(('十', _)) => 10.0,
            Some(('兆', _)) => 1e12,
            _ => return (f, rest),
        };
        if ch.as_str().is_empty() {
            return (f, rest);
        }
        f *= s;
        rest = ch.as_str();
    }
}

/// `value` in unit `from` expressed in unit `to`, when the two are compatible:
/// `convert(1.0458, "亿元", "万元") == Some(10458.0)`, `convert(5.0, "万亩", "亩") ==
/// Some(50000.0)`, `convert(2.0, "公里", "米") == Some(2000.0)`; None for 人 vs 元.
pub fn convert(value: f64, from: &str, to: &str) -> Option<f64> {
    let (f, a) = scale_of(from);
    let (t, b) = scale_of(to);
    (a == b).then(|| tidy(value * f / t))
}

/// Units with several spellings and their usual one (人民币 → 元, ㎡ → 平方米, 百分点 → 个百分点).
const ALIASES: &[(&str, &str)] = &[
    ("人民币", "元"),
    ("美圆", "美元"),
    ("美金", "美元"),
    ("美刀", "美元"),
    ("港币", "港元"),
    ("台币", "新台币"),
    ("百分点", "个百分点"),
    ("平米", "平方米"),
    ("㎡", "平方米"),
    ("m²", "平方米"),
    ("m³", "立方米"),
    ("方", "立方米"),
    ("m", "米"),
    ("标箱", "标准箱"),
    ("个小时", "小时"),
    ("工作日", "个工作日"),
];

/// Are two strings equal, at compile time?
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The index of unit `w` in [`UNITS`], at compile time (a unit missing from the table
/// does not compile).
const fn unit_index(w: &str) -> usize {
    let mut n = 0;
    while !same(UNITS[n].0, w) {
        n += 1;
    }
    n
}

/// For each unit in [`UNITS`], the index of its usual spelling ([`ALIASES`]; itself if it
/// has one spelling), so that the scanner spells a unit it found without comparing strings.
const CANONICAL: [u8; UNITS.len()] = {
    assert!(UNITS.len() <= 256);
    let mut out = [0u8; UNITS.len()];
    let mut n = 0;
    while n < UNITS.len() {
        out[n] = n as u8;
        let mut a = 0;
        while a < ALIASES.len() {
            if same(ALIASES[a].0, UNITS[n].0) {
                out[n] = unit_index(ALIASES[a].1) as u8;
            }
            a += 1;
        }
        n += 1;
    }
    out
};

/// The units [`Scan::part_from`] treats apart, by index in [`UNITS`].
const U_FANG: usize = unit_index("方");
const U_QI: usize = unit_index("期");
const U_GE: usize = unit_index("个");
const U_PERMILLE: usize = unit_index("‰");
const U_YUAN: usize = unit_index("元");
const U_PCT: usize = unit_index("%");

/// The units of dates and periods ([`Scan::is_period`]).
const U_YEAR: usize = unit_index("年");
const U_MONTH: usize = unit_index("月");
const U_DAY: usize = unit_index("日");
const U_HAO: usize = unit_index("号");
const U_QUARTER: usize = unit_index("季度");

/// Unit `n` of [`UNITS`] as written ("" past the end).
fn unit_word(n: usize) -> &'static str {
    UNITS.get(n).map_or("", |u| u.0)
}

/// The index of the usual spelling of unit `n` of [`UNITS`] (人民币 → 元, ㎡ → 平方米,
/// 百分点 → 个百分点).
fn canonical(n: usize) -> u8 {
    CANONICAL.get(n).copied().unwrap_or(UnitIx::NO)
}

/// What the unit (as in [`Quantity::unit`] or as written) measures.
pub fn unit_class(unit: &str) -> UnitClass {
    let (_, base) = scale_of(unit);
    match base {
        "%" | "个百分点" => Percent,
        _ => UNITS.iter().find(|(w, _)| w.eq_ignore_ascii_case(base)).map_or(Other, |(_, c)| *c),
    }
}

/// Are two byte strings equal, ASCII case aside, at compile time?
const fn same_nocase(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// [`unit_class`] of a base unit (what [`scale_of`] leaves), at compile time.
const fn base_class(base: &[u8]) -> UnitClass {
    if same_nocase(base, "%".as_bytes()) || same_nocase(base, "个百分点".as_bytes()) {
        return Percent;
    }
    let mut n = 0;
    while n < UNITS.len() {
        if same_nocase(UNITS[n].0.as_bytes(), base) {
            return UNITS[n].1;
        }
        n += 1;
    }
    Other
}

/// [`unit_class`] of unit `n` of [`UNITS`] as [`scale_of`] reads it (a [`BASES`] entry,
/// else leading scale words off), at compile time: a test holds it to [`unit_class`].
const fn listed_unit_class(n: usize) -> UnitClass {
    let mut rest = UNITS[n].0.as_bytes();
    loop {
        let mut b = 0;
        while b < BASES.len() {
            if same_nocase(BASES[b].0.as_bytes(), rest) {
                return base_class(BASES[b].2.as_bytes());
            }
            b += 1;
        }
        let scale = rest.len() > 3 && {
            let c = char_at(rest, 0);
            matches!(c, '万' | '亿' | '千' | '百' | '十' | '兆')
        };
        if !scale {
            return base_class(rest);
        }
        rest = rest.split_at(3).1;
    }
}

/// [`unit_class`] of each unit of [`UNITS`] (its string searches are too slow for a figure).
const UNIT_CLASSES: [UnitClass; UNITS.len()] = {
    let mut out = [Other; UNITS.len()];
    let mut n = 0;
    while n < UNITS.len() {
        out[n] = listed_unit_class(n);
        n += 1;
    }
    out
};

/// [`unit_class`] of unit `n` of [`UNITS`] ([`Other`] past the end), from [`UNIT_CLASSES`].
fn class_of(n: usize) -> UnitClass {
    UNIT_CLASSES.get(n).copied().unwrap_or(Other)
}

/// Every quantity in `text`, left to right.
///
/// ```
/// let q = duban::numbers::quantities("完成投资36.05亿元，增长6.5%");
/// assert_eq!((q[0].number, q[0].unit.as_str()), (3605000000.0, "元"));
/// assert_eq!((q[1].number, q[1].unit.as_str()), (6.5, "%"));
/// ```
pub fn quantities(text: &str) -> Vec<Quantity> {
    quantities_with(text, &mut Scratch::default())
}

/// A unit as the scanner reads it: the indexes in [`UNITS`] of its two parts
/// (canonical spellings; [`UnitIx::NO`] for none), which compare and test as bytes
/// rather than as strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UnitIx {
    main: u8,
    per: u8,
}

impl UnitIx {
    /// The index of no unit (past the end of [`UNITS`]: [`unit_word`] gives "").
    const NO: u8 = u8::MAX;

    /// No unit.
    const NONE: UnitIx = UnitIx { main: UnitIx::NO, per: UnitIx::NO };

    /// The plain unit of index `n` (a canonical spelling).
    fn of(n: usize) -> UnitIx {
        UnitIx { main: n as u8, per: UnitIx::NO }
    }

    fn is_empty(&self) -> bool {
        self.main == UnitIx::NO
    }

    /// [`unit_class`] of the unit as [`Quantity::unit`] spells it (a ratio such as 元/吨
    /// is in no class), from [`UNIT_CLASSES`].
    fn class(&self) -> UnitClass {
        if self.per == UnitIx::NO {
            class_of(usize::from(self.main))
        } else {
            Other
        }
    }
}

/// A quantity as the analysis reads it: a [`Quantity`] without owned strings (byte spans
/// into the text searched; units and qualifiers from the tables). See [`scan_table_into`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found {
    /// As [`Quantity::span`].
    pub span: [usize; 2],
    /// As [`Quantity::number`].
    pub number: f64,
    /// As [`Quantity::unit`]: its parts' indexes in [`UNITS`] (a byte each, not strings).
    unit: UnitIx,
    /// As [`Quantity::value`].
    pub value: f64,
    /// Byte range of the scale and unit as written; see [`Found::written_unit`].
    pub written: [usize; 2],
    /// The written unit when it is not the text at `written` (成, 折, %, ‰ for 百分之…).
    pub written_override: Option<&'static str>,
    /// The qualifier before, inside and after the figure: 1 + its index in
    /// [`PREFIX_QUALIFIERS`], [`INNER_QUALIFIERS`] and [`SUFFIX_QUALIFIERS`] (0 where none).
    qualifiers: [u8; 3],
    /// As [`Quantity::range_to`].
    pub range_to: Option<f64>,
    /// As [`Quantity::number_span`].
    pub number_span: [usize; 2],
    /// As [`Quantity::ordinal`].
    pub ordinal: bool,
}

impl Found {
    /// [`Quantity::written_unit`]: the text at `written` without spaces and 余/多/几/来
    /// (borrowed in the usual case, where there is nothing to leave out).
    pub fn written_unit<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if let Some(w) = self.written_override {
            return w.into();
        }
        let s = text.get(self.written[0]..self.written[1]).unwrap_or("");
        let drop = |c: char| c.is_whitespace() || matches!(c, '余' | '多' | '几' | '来');
        if s.contains(drop) {
            s.chars().filter(|&c| !drop(c)).collect::<String>().into()
        } else {
            s.into()
        }
    }

    /// The [`Quantity`] of this figure in `text` (the text it was found in).
    fn to_quantity(self, text: &str) -> Quantity {
        let [q0, q1, q2] = self.qualifiers.map(usize::from);
        let word = |list: &[&'static str], q: usize| q.checked_sub(1).and_then(|q| list.get(q)).copied().unwrap_or("");
        let quals = [word(PREFIX_QUALIFIERS, q0), word(&INNER_QUALIFIERS, q1), word(SUFFIX_QUALIFIERS, q2)];
        let qualifier = (quals != ["", "", ""]).then(|| {
            let mut out = String::new();
            for q in quals.iter().filter(|q| !q.is_empty()) {
                if !out.is_empty() {
                    out.push('…');
                }
                out.push_str(q);
            }
            out
        });
        let mut unit = String::from(unit_word(usize::from(self.unit.main)));
        if self.unit.per != UnitIx::NO {
            unit.push('/');
            unit.push_str(unit_word(usize::from(self.unit.per)));
        }
        Quantity {
            text: text.get(self.span[0]..self.span[1]).unwrap_or("").to_string(),
            number: self.number,
            unit,
            span: self.span,
            value: self.value,
            written_unit: self.written_unit(text).into_owned(),
            qualifier,
            range_to: self.range_to,
            number_span: self.number_span,
            ordinal: self.ordinal,
        }
    }
}

/// Buffers [`quantities_with`] reuses from call to call (the per-char table of a text).
#[derive(Default)]
pub struct Scratch {
    table: Table,
    /// What the word scan that fills `table` for [`quantities_with`] finds (no words).
    index: crate::analysis::text::Index,
    /// [`unit_slots`], built on first use.
    units: Vec<UnitSlot>,
    /// For [`quantities_with`]: the lean figures before they become [`Quantity`] values.
    found: Vec<Found>,
}

impl Scratch {
    /// The table the word scan ([`crate::analysis::text::Scanner::scan_table`]) fills on
    /// its way over a text, for [`scan_table_into`] to read.
    pub(crate) fn table(&mut self) -> &mut Table {
        &mut self.table
    }

    /// Fills the table with `text`, by the word scan of a scanner without words: the one
    /// table builder there is.
    fn fill(&mut self, text: &str) {
        use crate::analysis::text::Scanner;
        static WORDLESS: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
        WORDLESS.get_or_init(|| Scanner::new(&[])).scan_table(text, &mut self.index, &mut self.table);
    }
}

/// [`quantities`], reusing `scratch` instead of allocating the per-char table anew: for
/// callers that read many cells.
pub fn quantities_with(text: &str, scratch: &mut Scratch) -> Vec<Quantity> {
    let mut found = std::mem::take(&mut scratch.found);
    scratch.fill(text);
    scan_table_into(text, scratch, &mut found);
    let out = found.iter().map(|f| f.to_quantity(text)).collect();
    scratch.found = found;
    out
}

/// Every quantity in `text`, left to right, into `out` (cleared first) in the lean shape
/// the analysis reads: no allocation once `scratch` and `out` have grown. The table of
/// `scratch` must be that of `text`, as the word scan fills it on its way
/// ([`crate::analysis::text::Scanner::scan_table`]).
pub(crate) fn scan_table_into(text: &str, scratch: &mut Scratch, out: &mut Vec<Found>) {
    out.clear();
    // A text with nothing that may start a quantity has none (most task cells).
    if scratch.table.notes.starts.is_empty() {
        return;
    }
    Scan::new(text, scratch).all(out);
}

impl Scan<'_> {
    /// Every quantity, left to right.
    fn all(&self, out: &mut Vec<Found>) {
        let s = self;
        let mut i = 0;
        // Only the chars that may start something are visited (see [`Scan::starts`]).
        for &(k, at) in s.starts {
            if k < i {
                continue;
            }
            i = k;
            // Byte offsets of the quantity found here are walked to from this char.
            s.cursor.set((k, at));
            let c = s.c(i);
            if matches!(c, 'h' | 'w') {
                if ["http://", "https://", "www."].iter().any(|w| s.tight(i, w)) {
                    // A web address: its digits and %-escapes are not quantities.
                    while s.c(i).is_ascii_graphic() {
                        i += 1;
                    }
                }
                continue;
            }
            match s.at(i) {
                Step::Found(f) => {
                    i = f.next.max(i + 1);
                    if f.number.is_finite() && f.range_to.is_none_or(f64::is_finite) {
                        out.push(s.found(f));
                    }
                }
                Step::Skip(n) => i = n.max(i + 1),
            }
        }
    }
}

/// Whether the scan looks at a (normalised) char: it may start a quantity, or a web address.
fn may_start(c: char) -> bool {
    matches!(c, 'h' | 'w')
        || !plain_cjk(c)
            && (is_numeral_char(c) || matches!(c, '-' | '+' | '负' | '.' | '$' | '￥' | '€' | '£' | '对' | '半'))
}

/// CJK and general punctuation that [`norm`] keeps as it is and that starts nothing
/// ([`may_start`]): the common non-ideographs of a report, let through without either test.
pub(crate) fn inert_punct(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{201F}' | '\u{3001}'..='\u{301B}' | '\u{301D}'..='\u{303F}')
}

/// 10^0 ..= 10^22, the powers of ten an `f64` holds exactly.
const POW10: [f64; 23] = {
    let mut out = [1.0; 23];
    let mut k = 1;
    while k < 23 {
        out[k] = out[k - 1] * 10.0;
        k += 1;
    }
    out
};

/// `a.log10().floor()` for a positive `a`. Figures between 1 and 10^22 not within a
/// relative 10^-12 of a power of ten are placed by comparisons with [`POW10`] (where the
/// logarithm cannot round across an integer); the others ask the logarithm.
fn decimal_exponent(a: f64) -> i32 {
    if (1.0..1e22).contains(&a) {
        let e = POW10.partition_point(|&p| p <= a) - 1;
        let (lo, hi) = (POW10.get(e).copied().unwrap_or(1.0), POW10.get(e + 1).copied().unwrap_or(1e22));
        if a > lo * (1.0 + 1e-12) && a < hi * (1.0 - 1e-12) {
            return e as i32;
        }
    }
    a.log10().floor() as i32
}

/// Rounds away binary noise (36.05 × 1e8 = 3605000000.0000005) to 13 significant digits.
fn tidy(x: f64) -> f64 {
    // Whole numbers come back unchanged (below: at most 14 significant digits, so the
    // scaling is exact), and most figures are whole: no logarithm for them.
    if x == 0.0 || !x.is_finite() || x == (x as i64) as f64 {
        return x;
    }
    let digits = 12 - decimal_exponent(x.abs());
    if !(0..=300).contains(&digits) {
        return x;
    }
    // (10^d is exact for d <= 22: the table gives what `powi` gives.)
    let f = POW10.get(digits as usize).copied().unwrap_or_else(|| 10f64.powi(digits));
    let r = (x * f).round() / f;
    if r.is_finite() {
        r
    } else {
        x
    }
}

/// CJK ideographs the scanner cares about: numerals, signs, and variants [`norm`] rewrites.
const SPECIAL_CJK: &str = "一二三四五六七八九十百千万亿兆两零壹贰叁肆伍陆柒捌玖拾幺弍负对半\
                           萬億兩倆俩負點個幾貳陸參對雙仟佰圓塊餘來從噸畝";

/// One bit per ideograph U+4E00..U+9FFF: set for the [`SPECIAL_CJK`] ones.
const CJK_BITS: [u8; 2624] = cjk_bits(SPECIAL_CJK);

/// One bit per ideograph U+4E00..U+9FFF, set for those in `s`, at compile time.
const fn cjk_bits(s: &str) -> [u8; 2624] {
    let mut bits = [0u8; 2624];
    let b = s.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        if b[i] >= 0xE0 && b[i] < 0xF0 {
            let c = code3(b[i], b[i + 1], b[i + 2]);
            if c >= 0x4E00 && c < 0xA000 {
                let k = (c - 0x4E00) as usize;
                bits[k / 8] |= 1 << (k % 8);
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    bits
}

/// An ideograph that is neither a numeral nor rewritten by [`norm`]: the common case,
/// answered with one table lookup.
fn plain_cjk(c: char) -> bool {
    let k = (c as u32).wrapping_sub(0x4E00) as usize;
    k < 0x5200 && CJK_BITS.get(k / 8).is_some_and(|b| b & (1 << (k % 8)) == 0)
}

/// One bit per value of the last 12 bits of a code point, set for those of the
/// [`SPECIAL_CJK`] chars (512 bytes). A char with lead byte 0xE4..=0xE9 (U+4000..U+9FFF)
/// whose bit is clear is stored as it is and starts nothing: it is either a plain
/// ideograph ([`plain_cjk`]) or a char just below U+4E00, which [`norm`] and
/// [`may_start`] also leave alone. Read from the last two bytes alone, before decoding.
const SPECIAL_KEYS: [u64; 64] = {
    let mut keys = [0u64; 64];
    let b = SPECIAL_CJK.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        let key = key(b[i + 1], b[i + 2]) as usize;
        keys[key / 64] |= 1 << (key % 64);
        i += 3;
    }
    keys
};

/// Is `key` (the last 12 bits of a code point) that of one of [`SPECIAL_CJK`]?
pub(crate) fn special_key(key: u32) -> bool {
    let k = key as usize;
    SPECIAL_KEYS.get(k / 64).is_none_or(|w| w & (1 << (k % 64)) != 0)
}

/// The scanner's per-char table of a text ([`Scan`]): its chars as [`table_char`] gives
/// them, and the [`Notes`] it takes. Filled by the word scan on its way over the text (one
/// pass over each cell serves both; [`quantities_with`] has a scanner without words fill
/// it): that scan stores the plain ideographs itself ([`put`]) and hands the others to
/// [`Notes`].
#[derive(Default)]
pub(crate) struct Table {
    /// The chars (the buffer is longer: only the first `len` are the text's).
    cs: Vec<char>,
    len: usize,
    notes: Notes,
}

/// The chars of a [`Table`] that may start a quantity (or a web address), and those that
/// were full-width.
#[derive(Default)]
pub(crate) struct Notes {
    starts: Vec<(usize, usize)>,
    wides: Vec<usize>,
}

impl Table {
    /// Readies the table for a text of `bytes` bytes and gives its parts to fill. The
    /// buffer is at least as long as the text has bytes (no text has more chars) and
    /// filled in place: no capacity test or length update per char. It only ever grows
    /// (zeroed once, when it does): what the previous texts left beyond the chars of this
    /// one is never read. The filler holds the chars as a slice of its own (not through
    /// the table), so that its loop keeps the slice in registers.
    pub(crate) fn begin(&mut self, bytes: usize) -> (&mut [char], &mut Notes) {
        self.notes.starts.clear();
        self.notes.wides.clear();
        self.len = 0;
        if self.cs.len() < bytes {
            self.cs.resize(bytes, '\0');
        }
        (&mut self.cs, &mut self.notes)
    }

    /// Ends the text: it had `n` chars.
    pub(crate) fn end(&mut self, n: usize) {
        self.len = n.min(self.cs.len());
    }
}

/// Stores as char `n` of `cs` the three-byte char `x0 x1 x2`, one that [`table_char`]
/// keeps as it is and that starts nothing: an ideograph (lead byte 0xE4..=0xE9) whose last
/// 12 bits are no special char's ([`special_key`]), or CJK punctuation ([`inert_punct`]).
#[inline(always)]
pub(crate) fn put(cs: &mut [char], n: usize, x0: u8, x1: u8, x2: u8) {
    if let (Some(slot), Some(c)) = (cs.get_mut(n), ideograph(x0, x1, x2)) {
        *slot = c;
    }
}

impl Notes {
    /// Stores ASCII byte `x` as char `n` of `cs` (at byte `at`): only the tab is rewritten
    /// (to a space); digits, signs and the first letters of web addresses may start something.
    #[inline(always)]
    pub(crate) fn ascii(&mut self, cs: &mut [char], n: usize, at: usize, x: u8) {
        self.start_if_ascii(n, at, x);
        if let Some(slot) = cs.get_mut(n) {
            *slot = if x == b'\t' { ' ' } else { char::from(x) };
        }
    }

    /// Stores full-width ASCII (，（）：；％０-９), the char `EF x1 x2`, char `n` at byte
    /// `at`, as char `n` of `cs`: the ASCII char, noted as wide ([`norm`]), and a start
    /// where the ASCII one would be. False (nothing stored) for any other char `EF x1 x2`.
    /// `x1` and `x2` are that char's last bytes in a `&str`, so continuation bytes
    /// (0x80..=0xBF): [`fullwidth`] of them is the code point, U+FF01..=U+FF5E exactly
    /// when `x1` is 0xBC or 0xBD and the ASCII char 0x21..=0x7E (no test of `x1` needed).
    #[inline(always)]
    pub(crate) fn wide(&mut self, cs: &mut [char], n: usize, at: usize, x1: u8, x2: u8) -> bool {
        let a = fullwidth(x1, x2).wrapping_sub(0xFEE0);
        if !(0x21..=0x7E).contains(&a) {
            return false;
        }
        self.wides.push(n);
        if starts_ascii(a as u8) {
            self.starts.push((n, at));
        }
        if let Some(slot) = cs.get_mut(n) {
            *slot = char::from(a as u8);
        }
        true
    }

    /// Notes char `n` (at byte `at`) as a start when ASCII char `x` may start something
    /// ([`starts_ascii`]). Digits and other chars are mixed in ways hard to predict: the
    /// char is pushed, and the push taken back unless it starts something (no branch).
    #[inline(always)]
    fn start_if_ascii(&mut self, n: usize, at: usize, x: u8) {
        const STARTS: u128 = {
            let (mut bits, mut x) = (0u128, 0);
            while x < 128 {
                if starts_ascii(x) {
                    bits |= 1 << x;
                }
                x += 1;
            }
            bits
        };
        self.starts.push((n, at));
        let keep = self.starts.len() - ((!STARTS >> (x % 128)) & 1) as usize;
        self.starts.truncate(keep);
    }

    /// Stores the char with code point `c`, char `n` at byte `at`, as char `n` of `cs`
    /// ([`table_char`]). Out of line: the word scan that calls it keeps its own state
    /// in registers.
    #[inline(never)]
    pub(crate) fn char(&mut self, cs: &mut [char], n: usize, at: usize, c: u32) {
        if let (Some(slot), Some(c)) = (cs.get_mut(n), char::from_u32(c)) {
            *slot = table_char(c, n, at, &mut self.starts, &mut self.wides);
        }
    }
}

/// The code point of a char `EF x1 x2` (U+F000..U+FFFF).
fn fullwidth(x1: u8, x2: u8) -> u32 {
    0xF000 | key(x1, x2)
}

/// The last 12 bits of the code point of a three-byte char, from its last two bytes.
const fn key(x1: u8, x2: u8) -> u32 {
    ((x1 & 0x3F) as u32) << 6 | (x2 & 0x3F) as u32
}

/// The code point of a three-byte UTF-8 char from its bytes (`x0` in 0xE0..=0xEF): the
/// one decoder of the byte loops here and in the word scan ([`crate::analysis::text`]).
#[inline]
pub(crate) const fn code3(x0: u8, x1: u8, x2: u8) -> u32 {
    ((x0 & 0x0F) as u32) << 12 | key(x1, x2)
}

/// The char of three UTF-8 bytes (`x0` in 0xE0..=0xEF).
fn ideograph(x0: u8, x1: u8, x2: u8) -> Option<char> {
    char::from_u32(code3(x0, x1, x2))
}

/// Whether ASCII char `x` may start a quantity (a digit or sign) or a web address (its
/// first letter), as [`may_start`] answers for ASCII.
#[inline(always)]
const fn starts_ascii(x: u8) -> bool {
    matches!(x, b'0'..=b'9' | b'-' | b'+' | b'.' | b'$' | b'h' | b'w')
}

/// The table entry of char `c` (char index `n`, byte offset `at`) as [`Table`] stores
/// it, noting in `starts` and `wides` whether it may start something and was full-width.
fn table_char(c: char, n: usize, at: usize, starts: &mut Vec<(usize, usize)>, wides: &mut Vec<usize>) -> char {
    if plain_cjk(c) {
        return c;
    }
    if inert_punct(c) {
        return c; // 。、“”— and the like: kept as they are, start nothing
    }
    let (c, wide) = norm(c);
    if wide {
        wides.push(n);
    }
    if may_start(c) {
        starts.push((n, at));
    }
    c
}

/// Normalises a char: full-width ASCII → ASCII, ideographic space → space, traditional
/// and financial variants → the simplified form the scanner knows.
fn norm(c: char) -> (char, bool) {
    let n = match c {
        '\u{FF01}'..='\u{FF5E}' => {
            return (char::from_u32(c as u32 - 0xFEE0).unwrap_or(c), true);
        }
        '\u{3000}' | '\u{A0}' | '\t' => ' ',
        '−' | '﹣' => '-',
        '〜' => '~',
        '萬' => '万',
        '億' => '亿',
        '兩' | '倆' | '俩' => '两',
        '負' => '负',
        '點' => '点',
        '個' => '个',
        '幾' => '几',
        '貳' => '贰',
        '陸' => '陆',
        '參' => '叁',
        '對' => '对',
        '雙' => '双',
        '仟' => '千',
        '佰' => '百',
        '圓' => '圆',
        '塊' => '块',
        '餘' => '余',
        '來' => '来',
        '從' => '从',
        '噸' => '吨',
        '畝' => '亩',
        '¥' => '￥',
        _ => c,
    };
    (n, false)
}

/// The slot of `c` in a table of `2^bits` slots addressed by the multiplicative hash `mul`.
#[inline(always)]
const fn slot(c: char, mul: u32, bits: u32) -> usize {
    ((c as u32).wrapping_mul(mul) >> (32 - bits)) as usize
}

/// A table of `N` (a power of two) slots holding each char of `keys` in its [`slot`] as
/// `code << 16 | char` (`codes[n]` for the n-th char); compile time. Each char must be
/// below U+10000 and have a slot to itself: `mul` was searched for so that they do, and
/// a collision does not compile. An empty slot holds a char of another slot (with code
/// 0), which no char that lands in it can equal.
pub(crate) const fn char_slots<const N: usize>(keys: &str, codes: &[u8], mul: u32) -> [u32; N] {
    let bits = N.trailing_zeros();
    let b = keys.as_bytes();
    let first = char_at(b, 0) as u32;
    let mut out = [0u32; N];
    let mut taken = [false; N];
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let c = char_at(b, i);
        assert!((c as u32) < 0x10000);
        let s = slot(c, mul, bits);
        assert!(!taken[s], "two chars in one slot: pick another multiplier");
        taken[s] = true;
        out[s] = (codes[n] as u32) << 16 | c as u32;
        n += 1;
        i += c.len_utf8();
    }
    assert!(n == codes.len(), "one code per char");
    let mut s = 0;
    while s < N {
        if !taken[s] {
            out[s] = first;
        }
        s += 1;
    }
    out
}

/// The code [`char_slots`] stored for `c` in `table` (0 when `c` is not one of its chars):
/// one load and one compare where a `match` would be a chain of compares and branches.
#[inline(always)]
pub(crate) fn slot_code<const N: usize>(table: &[u32; N], mul: u32, c: char) -> u32 {
    let e = table.get(slot(c, mul, N.trailing_zeros())).copied().unwrap_or(0);
    if e & 0xFFFF == c as u32 {
        e >> 16
    } else {
        0
    }
}

/// The Chinese numeral chars, and their codes in [`NUMERAL_SLOTS`]: digits 1-9 by value,
/// then [`N_TEN`]..=[`N_ZERO`] (零 and 〇 are both zeros).
const NUMERAL_KEYS: &str = "一壹幺二贰两弍三叁四肆五伍六陆七柒八捌九玖十拾百千万亿兆零〇";
const NUMERAL_CODES: [u8; 30] = [
    1,
    1,
    1,
    2,
    2,
    2,
    2,
    3,
    3,
    4,
    4,
    5,
    5,
    6,
    6,
    7,
    7,
    8,
    8,
    9,
    9,
    N_TEN as u8,
    N_TEN as u8,
    N_HUNDRED as u8,
    N_THOUSAND as u8,
    N_WAN as u8,
    N_YI as u8,
    N_ZHAO as u8,
    N_ZERO as u8,
    N_ZERO as u8,
];
/// The [`NUMERAL_SLOTS`] codes past the digits: 十 (拾), 百, 千 ([`cn_small`]); 万, 亿, 兆
/// ([`cn_big`]); 零 and 〇.
const N_TEN: u32 = 10;
const N_HUNDRED: u32 = 11;
const N_THOUSAND: u32 = 12;
const N_WAN: u32 = 13;
const N_YI: u32 = 14;
const N_ZHAO: u32 = 15;
const N_ZERO: u32 = 16;
const NUMERAL_MUL: u32 = 0x3a21_ba7b;
const NUMERAL_SLOTS: [u32; 64] = char_slots(NUMERAL_KEYS, &NUMERAL_CODES, NUMERAL_MUL);

/// The [`NUMERAL_SLOTS`] code of `c` (0: not a Chinese numeral).
#[inline(always)]
fn numeral_code(c: char) -> u32 {
    slot_code(&NUMERAL_SLOTS, NUMERAL_MUL, c)
}

/// A Chinese digit (一…九, financial 壹…玖, 两, 幺, 弍): its value.
fn cn_digit(c: char) -> Option<f64> {
    let d = numeral_code(c);
    (1..=9).contains(&d).then_some(f64::from(d))
}

/// 十, 百, 千 (and financial 拾): the value.
fn cn_small(c: char) -> Option<f64> {
    match numeral_code(c) {
        N_TEN => Some(10.0),
        N_HUNDRED => Some(100.0),
        N_THOUSAND => Some(1000.0),
        _ => None,
    }
}

/// 万, 亿, 兆: the value.
fn cn_big(c: char) -> Option<f64> {
    match numeral_code(c) {
        N_WAN => Some(1e4),
        N_YI => Some(1e8),
        N_ZHAO => Some(1e12),
        _ => None,
    }
}

/// A digit after 点 (两 is not one: 两百点两 is 200 and 2).
fn dec_digit(c: char) -> Option<f64> {
    if c.is_ascii_digit() {
        return Some(f64::from(c as u8 - b'0'));
    }
    match numeral_code(c) {
        N_ZERO => Some(0.0),
        d @ 1..=9 if c != '两' => Some(f64::from(d)),
        _ => None,
    }
}

/// One bit per ideograph U+4E00..U+9FFF: set for the chars of [`NUMERAL_KEYS`], all but
/// 〇 (U+3007, no ideograph), for [`is_numeral_char`]: a bit test costs less than a
/// [`numeral_code`] lookup there.
const NUMERAL_BITS: [u8; 2624] = cjk_bits(NUMERAL_KEYS);

/// An Arabic digit or a Chinese numeral char (one table lookup): a digit, 十百千, 万亿兆 or
/// 零 ([`cn_digit`], [`cn_small`], [`cn_big`]), not 〇 (a zero only after another numeral).
fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || cjk_bit(&NUMERAL_BITS, c)
}

/// Whether [`Scan::numeral`] reads on at a char (after spaces): a digit, a numeral char
/// (〇 too), a point (. 点), 余/多/几/来 (before a scale word) or 打 (a dozen). Any other
/// char ends a numeral at once.
#[inline(always)]
fn numeral_goes_on(c: char) -> bool {
    numeral_code(c) != 0 || c.is_ascii_digit() || matches!(c, '.' | '余' | '多' | '几' | '来' | '点' | '打')
}

/// The value of an ASCII digit (below 10), by one subtraction; 10 or more for any other
/// char.
#[inline(always)]
fn digit_value(c: char) -> u32 {
    (c as u32).wrapping_sub(u32::from(b'0'))
}

/// Words that contain a numeral but are not quantities, matched at the numeral.
const STOP_WORDS: &[&str] = &[
    "一切",
    "一看",
    "一些",
    "一起",
    "一直",
    "一定",
    "一般",
    "一致",
    "一样",
    "一旦",
    "一度",
    "一向",
    "一律",
    "一体",
    "一流",
    "一线",
    "一同",
    "一再",
    "一贯",
    "一味",
    "一举",
    "一揽子",
    "一带一路",
    "一把手",
    "一票否决",
    "一站式",
    "一网",
    "一窗",
    "一方面",
    "一系列",
    "一道",
    "一经",
    "一时",
    "一半",
    "一盘棋",
    "一张蓝图",
    "一并",
    "一律",
    "四川",
    "十足",
    "万分",
    "三农",
    "两会",
    "两新",
    "一号",
    "八一",
];

/// The first two chars of each of [`STOP_WORDS`], so that only the words that can match
/// are compared in full.
const STOP_PAIRS: [(char, char); STOP_WORDS.len()] = {
    let mut out = [('\0', '\0'); STOP_WORDS.len()];
    let mut n = 0;
    while n < STOP_WORDS.len() {
        out[n] = (first_char(STOP_WORDS[n]), second_char(STOP_WORDS[n]));
        n += 1;
    }
    out
};

/// One bit per ideograph U+4E00..U+9FFF: set for the second chars of [`STOP_PAIRS`].
const STOP_SECOND_BITS: [u8; 2624] = {
    let mut bits = [0u8; 2624];
    let mut n = 0;
    while n < STOP_PAIRS.len() {
        let k = (STOP_PAIRS[n].1 as u32).wrapping_sub(0x4E00) as usize;
        if k < 0x5200 {
            bits[k / 8] |= 1 << (k % 8);
        }
        n += 1;
    }
    bits
};

/// Is the bit of ideograph `c` set in `bits` (false outside U+4E00..U+9FFF)?
fn cjk_bit(bits: &[u8; 2624], c: char) -> bool {
    let k = (c as u32).wrapping_sub(0x4E00) as usize;
    k < 0x5200 && bits.get(k / 8).is_some_and(|b| b & (1 << (k % 8)) != 0)
}

/// Characters before a lone 一 that make it part of a word (统一, 唯一, 进一步…), as [`char_slots`].
const STOP_BEFORE_ONE_KEYS: &str = "统唯之进周初同单专划万期其逐";
const STOP_BEFORE_ONE_MUL: u32 = 0x0c78_6865;
const STOP_BEFORE_ONE_SLOTS: [u32; 32] = char_slots(STOP_BEFORE_ONE_KEYS, &[1; 14], STOP_BEFORE_ONE_MUL);

/// Characters after a lone Chinese digit that make a name or slogan of it ([`Scan::name_like`]:
/// 二期, 五大行动, 十佳, 三峡), as [`char_slots`].
const NAME_NEXT_KEYS: &str = "期标大佳强甲路季峡江酸酯保变好高端员地乡线核区单库卡渡校产融有治险";
const NAME_NEXT_MUL: u32 = 0xb0c0_9ba3;
const NAME_NEXT_SLOTS: [u32; 64] = char_slots(NAME_NEXT_KEYS, &[1; 33], NAME_NEXT_MUL);

const PREFIX_QUALIFIERS: &[&str] = &[
    "不超过",
    "不低于",
    "不少于",
    "不高于",
    "不多于",
    "不足",
    "超过",
    "突破",
    "大约",
    "将近",
    "接近",
    "达到",
    "多于",
    "少于",
    "低于",
    "高于",
    "至少",
    "最多",
    "最少",
    "逾",
    "约",
    "近",
    "超",
    "达",
];

/// The last char of each of [`PREFIX_QUALIFIERS`], to test only the ones that can end
/// right before a quantity.
const PREFIX_LAST: [char; PREFIX_QUALIFIERS.len()] = {
    let mut out = ['\0'; PREFIX_QUALIFIERS.len()];
    let mut n = 0;
    while n < PREFIX_QUALIFIERS.len() {
        let b = PREFIX_QUALIFIERS[n].as_bytes();
        let mut i = b.len() - 1;
        while b[i] & 0xC0 == 0x80 {
            i -= 1;
        }
        out[n] = char_at(b, i);
        n += 1;
    }
    out
};

/// The set of [`PREFIX_LAST`], as [`char_slots`].
const PREFIX_LAST_MUL: u32 = 0x9f1b_5a29;
const PREFIX_LAST_SLOTS: [u32; 32] = char_slots("过于足破约近到少多逾超达", &[1; 12], PREFIX_LAST_MUL);

/// Can a char end one of [`PREFIX_QUALIFIERS`]? (Most chars before a figure end none.)
fn ends_prefix_qualifier(c: char) -> bool {
    slot_code(&PREFIX_LAST_SLOTS, PREFIX_LAST_MUL, c) != 0
}

/// The qualifiers between a number and its unit (300多家), as [`Found`] numbers them.
const INNER_QUALIFIERS: [&str; 4] = ["余", "多", "几", "来"];

/// [`INNER_QUALIFIERS`] as [`char_slots`], each with 1 + its index: one lookup where a
/// `match` after every figure's number mispredicted often.
const INNER_KEYS: &str = "余多几来";
const INNER_MUL: u32 = 0x97b7_5093;
const INNER_SLOTS: [u32; 4] = char_slots(INNER_KEYS, &[1, 2, 3, 4], INNER_MUL);

/// The chars that join the two ends of a range (5-8个, 5至8个, 6.5%—7%), as [`char_slots`].
const RANGE_KEYS: &str = "-~—–至到";
const RANGE_MUL: u32 = 0x3116_2427;
const RANGE_SLOTS: [u32; 8] = char_slots(RANGE_KEYS, &[1; 6], RANGE_MUL);

const SUFFIX_QUALIFIERS: &[&str] =
    &["及以上", "以上", "以内", "以下", "之内", "左右", "上下", "有余", "多", "余", "内"];

/// The first char of each of [`SUFFIX_QUALIFIERS`].
const SUFFIX_FIRST: [char; SUFFIX_QUALIFIERS.len()] = first_chars(SUFFIX_QUALIFIERS);

/// The set of [`SUFFIX_FIRST`], as [`char_slots`].
const SUFFIX_FIRST_MUL: u32 = 0x8962_7501;
const SUFFIX_FIRST_SLOTS: [u32; 32] = char_slots("及以之左上有多余内", &[1; 9], SUFFIX_FIRST_MUL);

/// Can a char start one of [`SUFFIX_QUALIFIERS`]? (Most chars after a figure start none.)
fn starts_suffix_qualifier(c: char) -> bool {
    slot_code(&SUFFIX_FIRST_SLOTS, SUFFIX_FIRST_MUL, c) != 0
}

/// Verbs that start with 打, so that 三打造 is not three dozen.
const DA_VERBS: &[char] = &[
    '造', '击', '通', '好', '赢', '响', '开', '卡', '破', '包', '捞', '工', '折', '扫', '掉', '算', '印', '出', '入',
    '进', '下', '上', '牢', '实', '赏', '车',
];

/// Characters after 成 that make a word (成效, 成为…), not a tenth.
const CHENG_WORDS: &[char] = &[
    '效', '果', '本', '都', '渝', '为', '立', '功', '交', '员', '熟', '绩', '品', '型', '就', '长', '片', '套', '份',
    '分', '年', '人', '规', '网', '像', '批', '果', '色', '语', '组',
];

/// Characters after 折 that make a word (折合, 折算…), not a discount.
const ZHE_WORDS: &[char] = &['合', '算', '旧', '扣', '射', '叠', '腾', '返', '现', '线', '中', '服', '价', '损'];

/// A numeral read from the text.
#[derive(Clone, Copy)]
struct Num {
    /// Index after its last char.
    end: usize,
    /// Its value, scale words included.
    val: f64,
    /// Product of the scale words it ends with (万 → 1e4, 万亿 → 1e12), else 1.
    scale: f64,
    /// Index where those trailing scale words start (== end when none).
    scale_at: usize,
    /// 余/多/几 came before a scale word (500余万).
    approx: bool,
    /// A lone Arabic number (fractions, k/M and ASCII units apply).
    arabic: bool,
    /// Whole number, no decimals.
    int: bool,
    /// Number of tokens (digits, units) read.
    tokens: usize,
}

enum NumRes {
    /// No numeral here.
    No,
    /// A run of numeral characters that is not a number (二三十, 十四五); skip to the index.
    Bad(usize),
    /// A numeral.
    Ok(Num),
}

/// A quantity in char indexes, before it becomes a [`Found`] in byte offsets.
struct Raw {
    start: usize,
    end: usize,
    num_start: usize,
    num_end: usize,
    number: f64,
    value: f64,
    unit: UnitIx,
    written: (usize, usize),
    written_override: Option<&'static str>,
    range_to: Option<f64>,
    /// 1 + an index in [`INNER_QUALIFIERS`], 0 for none.
    inner_qualifier: u8,
    next: usize,
}

enum Step {
    Found(Raw),
    Skip(usize),
}

/// One quantity without range or qualifiers: sign, numeral, fraction, suffix, unit.
#[derive(Debug, PartialEq)]
struct Part {
    start: usize,
    num_end: usize,
    end: usize,
    number: f64,
    scale: f64,
    scale_at: usize,
    unit: UnitIx,
    unit_end: usize,
    /// The unit is 成 (written so: 九成 is 90 %).
    cheng: bool,
    /// 1 + an index in [`INNER_QUALIFIERS`], 0 for none.
    inner: u8,
    int: bool,
    /// The number was read from Arabic digits alone (see [`Part::year_like`]).
    arabic: bool,
}

impl Part {
    /// A whole number in Arabic digits from 1900 to 2100 (asked of few parts: most have a
    /// unit that is no year).
    fn year_like(&self) -> bool {
        self.arabic && self.int && (1900.0..=2100.0).contains(&self.number)
    }
}

/// The scanner's view of one text: its chars normalised, one per index (full-width →
/// ASCII, traditional → simplified; see [`norm`]). Byte offsets are not stored per char:
/// only quantities need them, and [`Scan::byte`] finds them by walking from the last one
/// asked for.
struct Scan<'a> {
    text: &'a str,
    /// The normalised chars (in the scratch buffer, which is longer).
    cs: &'a [char],
    /// [`unit_slots`].
    units: &'a [UnitSlot],
    /// Indexes and byte offsets of the chars that may start a quantity (or a web
    /// address), in order.
    starts: &'a [(usize, usize)],
    /// Indexes of the chars that were full-width, in order.
    wides: &'a [usize],
    /// The (char index, byte offset) of the last [`Scan::byte`] answer.
    cursor: Cell<(usize, usize)>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str, scratch: &'a mut Scratch) -> Self {
        let Scratch { table, units, .. } = scratch;
        if units.is_empty() {
            *units = unit_slots();
        }
        let Table { cs, len, notes: Notes { starts, wides } } = table;
        let cs = cs.get(..*len).unwrap_or_default();
        Scan { text, cs, units, starts, wides, cursor: Cell::new((0, 0)) }
    }

    /// The normalised char at `i`, `'\0'` past the end.
    fn c(&self, i: usize) -> char {
        self.cs.get(i).copied().unwrap_or('\0')
    }

    /// Was the char at `i` full-width?
    fn wide(&self, i: usize) -> bool {
        self.wides.binary_search(&i).is_ok()
    }

    fn prev(&self, i: usize) -> char {
        if i == 0 {
            '\0'
        } else {
            self.c(i - 1)
        }
    }

    /// The byte offset of char `i` (the text's length past the end). Walks from the
    /// previous answer: quantities are asked for left to right, each a few times, so
    /// the walking stays linear in the text.
    fn byte(&self, i: usize) -> usize {
        if i >= self.cs.len() {
            return self.text.len();
        }
        let b = self.text.as_bytes();
        let (mut ci, mut bi) = self.cursor.get();
        while ci < i {
            // The length of the char from its first byte.
            bi += b.get(bi).map_or(1, |x| x.leading_ones().clamp(1, 4) as usize);
            ci += 1;
        }
        while ci > i && bi > 0 {
            bi -= 1;
            while bi > 0 && b.get(bi).is_some_and(|&x| x & 0xC0 == 0x80) {
                bi -= 1;
            }
            ci -= 1;
        }
        self.cursor.set((ci, bi));
        bi
    }

    /// Skips spaces.
    fn sp(&self, mut i: usize) -> usize {
        while self.c(i) == ' ' {
            i += 1;
        }
        i
    }

    /// Matches `w` at `i`, allowing spaces between its characters (百 分 之);
    /// ASCII letters match case-insensitively. Returns the index after it.
    fn word(&self, i: usize, w: &str) -> Option<usize> {
        let mut j = i;
        for (n, wc) in w.chars().enumerate() {
            if n > 0 {
                j = self.sp(j);
            }
            if !self.c(j).eq_ignore_ascii_case(&wc) {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// Matches `w` at `i` exactly, no spaces.
    fn tight(&self, i: usize, w: &str) -> bool {
        w.chars().enumerate().all(|(n, wc)| self.c(i + n) == wc)
    }

    /// Matches `w` just before `i`; returns where it starts.
    fn before(&self, i: usize, w: &str) -> Option<usize> {
        let n = w.chars().count();
        let s = i.checked_sub(n)?;
        self.tight(s, w).then_some(s)
    }

    /// Is the lone Chinese digit at `j` part of a name or slogan rather than a count?
    /// 二期, 五大行动, 十佳, 三峡, 纵一路; 一村一品, 两单两卡, 接二连三.
    fn name_like(&self, j: usize) -> bool {
        let next = self.c(j + 1);
        if slot_code(&NAME_NEXT_SLOTS, NAME_NEXT_MUL, next) != 0 {
            return true;
        }
        let cjk = |c: char| {
            ('\u{4E00}'..='\u{9FFF}').contains(&c) && !is_numeral_char(c) && !matches!(c, '点' | '成' | '折' | '又')
        };
        let lone = |k: usize| {
            cn_digit(self.c(k)).is_some()
                && !is_numeral_char(self.c(k + 1))
                && (k == 0 || !is_numeral_char(self.c(k - 1)))
        };
        (cjk(next) && lone(j + 2) && self.unit_at(j + 1).is_none())
            || (j >= 2 && cjk(self.c(j - 1)) && lone(j - 2) && self.unit_at(j - 1).is_none())
    }

    fn prefixed_unit(&self, k: usize) -> bool {
        let c = self.c(k);
        PREFIXED_FIRST.iter().zip(PREFIXED).any(|(&f, w)| f == c && self.tight(k, w))
    }

    /// End of a run of numeral characters (for skipping a rejected one whole).
    fn run_end(&self, mut i: usize) -> usize {
        while is_numeral_char(self.c(i)) || matches!(self.c(i), '.' | ',' | '点') || self.c(i).is_ascii_alphanumeric()
        {
            i += 1;
        }
        i
    }

    /// An Arabic number at `k`: digits with thousands separators, decimals, exponent
    /// (`e5`, `^-1`). Returns (value, end, integer?, short decimal?): the last is true for
    /// at most twelve digits, ten of them after the point, and no exponent, when the value
    /// is the decimal correctly rounded and [`tidy`] would give it back as it is.
    fn arabic(&self, k: usize) -> (f64, usize, bool, bool) {
        self.arabic_inline(k)
    }

    /// [`Scan::arabic`], inlined into [`Scan::plain_arabic`], which reads most numbers
    /// (not in the wasm module, which is built for size).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn arabic_inline(&self, k: usize) -> (f64, usize, bool, bool) {
        let mut m = 0.0f64;
        let mut q = k;
        let mut nd = 0;
        loop {
            let c = self.c(q);
            let d = digit_value(c);
            if d < 10 {
                m = m * 10.0 + f64::from(d);
                nd += 1;
                q += 1;
            } else if c == ',' && nd > 0 && self.thousands(q) {
                q += 1;
            } else {
                break;
            }
        }
        let mut div = 1.0f64;
        let mut int = true;
        let mut fd = 0;
        if self.c(q) == '.' && self.c(q + 1).is_ascii_digit() {
            int = false;
            q += 1;
            loop {
                let d = digit_value(self.c(q));
                if d >= 10 {
                    break;
                }
                m = m * 10.0 + f64::from(d);
                div *= 10.0;
                fd += 1;
                q += 1;
            }
        }
        let mut v = m / div;
        // (m < 10^12 and div = 10^fd exact: rounding v to 13 significant digits and back
        // finds m·10^j again, and the same quotient.)
        let mut short = nd + fd <= 12 && fd <= 10;
        // Exponent: 2e5, 12.32e+14, 2.7890e-1.
        if matches!(self.c(q), 'e' | 'E') {
            let mut r = q + 1;
            let neg = self.c(r) == '-';
            if matches!(self.c(r), '+' | '-') {
                r += 1;
            }
            if self.c(r).is_ascii_digit() {
                let (e, r2) = self.int_digits(r);
                if r2 > r && !self.c(r2).is_ascii_alphabetic() {
                    let e = e.min(400.0) as i32;
                    v *= 10f64.powi(if neg { -e } else { e });
                    q = r2;
                    int = v.fract() == 0.0;
                    short = false;
                }
            }
        }
        // Power: 2^5, 2.5^-1, 1.1^--23.
        if self.c(q) == '^' {
            let mut r = q + 1;
            let mut neg = false;
            while matches!(self.c(r), '+' | '-') {
                neg ^= self.c(r) == '-';
                r += 1;
            }
            let (e, r2) = self.int_digits(r);
            if r2 > r {
                let e = e.min(400.0);
                v = v.powf(if neg { -e } else { e });
                q = r2;
                int = v.fract() == 0.0;
                short = false;
            }
        }
        (v, q, int, short)
    }

    fn int_digits(&self, mut r: usize) -> (f64, usize) {
        let mut e = 0.0f64;
        loop {
            let d = digit_value(self.c(r));
            if d >= 10 {
                break;
            }
            e = e * 10.0 + f64::from(d);
            r += 1;
        }
        (e, r)
    }

    /// Is the comma at `q` a thousands separator? Exactly three digits follow; a
    /// full-width comma only between full-width digits (else it is a list comma).
    fn thousands(&self, q: usize) -> bool {
        let three = (1..=3).all(|n| self.c(q + n).is_ascii_digit()) && !self.c(q + 4).is_ascii_digit();
        three && (!self.wide(q) || (q > 0 && self.wide(q - 1) && self.wide(q + 1)))
    }

    /// A numeral (Arabic, Chinese or mixed) at `i`.
    fn numeral(&self, i: usize) -> NumRes {
        let mut total = 0.0f64;
        let mut section = 0.0f64;
        let mut pending: Option<f64> = None;
        let mut pend_cn = false;
        let mut last_small = f64::INFINITY;
        let mut last_unit = 0.0f64;
        let mut zero = false;
        let mut max_big = 0.0f64;
        let mut scale = 1.0f64;
        let mut scale_at = i;
        let mut any = false;
        let mut j = i;
        let mut end = i;
        let mut approx = false;
        let mut arabic = 0;
        let mut tokens = 0;
        let mut int = true;
        let mut frac: Option<f64> = None;
        let mut dozen = false;
        let mut leading_bare = false;
        loop {
            let k = if any { self.sp(j) } else { j };
            let c = self.c(k);
            // (One lookup tells the Chinese numerals apart: see [`NUMERAL_CODES`].)
            let code = numeral_code(c);
            if !numeral_goes_on(c) {
                break; // the usual end (a unit, a word, a sign): no branch below takes it
            }
            if (1..=9).contains(&code) {
                let d = f64::from(code);
                if pending.is_some() {
                    if pend_cn {
                        return NumRes::Bad(self.run_end(i));
                    }
                    break;
                }
                pending = Some(d);
                pend_cn = true;
            } else if code == N_ZERO {
                if pending.is_some() {
                    if pend_cn {
                        return NumRes::Bad(self.run_end(i));
                    }
                    break;
                }
                zero = true;
                j = k + 1;
                any = true;
                continue;
            } else if c.is_ascii_digit()
                || (c == '.' && !any && self.c(k + 1).is_ascii_digit() && !matches!(self.prev(k), '.' | '0'..='9'))
            {
                if pending.is_some() {
                    break;
                }
                let (v, e, isint, _) = self.arabic(k);
                pending = Some(v);
                pend_cn = false;
                arabic += 1;
                int &= isint;
                tokens += 1;
                j = e;
                end = e;
                any = true;
                scale = 1.0;
                continue;
            } else if let Some(u) = cn_small(c) {
                if u >= last_small || self.prefixed_unit(k) {
                    break;
                }
                let v = match pending {
                    Some(v) => v,
                    None if u == 10.0 => 1.0,
                    None if !any && !self.tight(k + 1, "分之") => {
                        leading_bare = true;
                        1.0
                    }
                    None => break,
                };
                section += v * u;
                last_small = u;
                last_unit = u;
                pending = None;
                zero = false;
            } else if let Some(u) = cn_big(c) {
                if self.prefixed_unit(k) {
                    break;
                }
                let s = section + pending.unwrap_or(0.0);
                if total == 0.0 && s == 0.0 && !approx {
                    break;
                }
                if s == 0.0 {
                    total *= u;
                    max_big *= u;
                } else if u > max_big {
                    total = (total + s) * u;
                    max_big = u;
                } else {
                    total += s * u;
                }
                if scale > 1.0 && end == k {
                    scale *= u;
                } else {
                    scale = u;
                    scale_at = k;
                }
                section = 0.0;
                pending = None;
                last_small = f64::INFINITY;
                last_unit = u;
                zero = false;
                tokens += 1;
                j = k + 1;
                end = j;
                any = true;
                continue;
            } else if matches!(c, '余' | '多' | '几' | '来') && any && !approx {
                let k2 = self.sp(k + 1);
                if cn_big(self.c(k2)).is_some() && !self.prefixed_unit(k2) {
                    approx = true;
                    j = k + 1;
                    continue;
                }
                break;
            } else if c == '点' && any {
                let mut q = self.sp(k + 1);
                let mut m = 0.0f64;
                let mut div = 1.0f64;
                while let Some(d) = dec_digit(self.c(q)) {
                    m = m * 10.0 + d;
                    div *= 10.0;
                    q += 1;
                }
                if div == 1.0 {
                    break;
                }
                frac = Some(m / div);
                tokens += 1;
                int = false;
                end = q;
                scale = 1.0;
                break;
            } else if c == '打' && end == k && any && !DA_VERBS.contains(&self.c(k + 1)) {
                dozen = true;
                end = k + 1;
                scale = 1.0;
                break;
            } else {
                break;
            }
            // a Chinese digit or small unit was taken
            tokens += 1;
            j = k + 1;
            end = j;
            any = true;
            scale = 1.0;
            if leading_bare && tokens == 1 && cn_digit(self.c(self.sp(j))).is_none() {
                // 百姓, 千万: a bare 百/千 must be followed by a digit (百三 = 130).
                return NumRes::No;
            }
        }
        if end == i || tokens == 0 {
            return NumRes::No;
        }
        let mut p = pending.unwrap_or(0.0);
        if pend_cn && pending.is_some() && !zero && last_unit >= 10.0 {
            p *= last_unit / 10.0; // 两千四百五, 一万三
        }
        let mut val = total + section + p;
        if let Some(f) = frac {
            val += f;
        }
        if dozen {
            val *= 12.0;
        }
        NumRes::Ok(Num {
            end,
            val: tidy(val),
            scale,
            scale_at: if scale > 1.0 { scale_at } else { end },
            approx,
            arabic: arabic == 1 && tokens == 1 && !dozen,
            int,
            tokens,
        })
    }

    /// A sign at `i` (-, +, 负) that belongs to the number after it. Returns (negative, next).
    fn sign(&self, i: usize) -> (bool, usize) {
        let c = self.c(i);
        if !matches!(c, '-' | '+' | '负') {
            return (false, i); // the usual case: a digit
        }
        let p = self.prev(i);
        let next = self.c(i + 1);
        let starts = is_numeral_char(next) || (next == '.' && self.c(i + 2).is_ascii_digit());
        match c {
            '-' | '+'
                if starts
                    && !p.is_ascii_alphanumeric()
                    && !is_numeral_char(p)
                    && !matches!(p, '-' | '+' | '%' | '.' | '_' | '/') =>
            {
                (c == '-', i + 1)
            }
            '负' if starts => (true, i + 1),
            _ => (false, i),
        }
    }

    /// The longest unit at `k`: the index after it, and its index in [`UNITS`].
    fn unit_at(&self, k: usize) -> Option<(usize, usize)> {
        self.unit_at_inline(k)
    }

    /// [`Scan::unit_at`], inlined where a figure's unit is read (the one call made for
    /// nearly every figure): most chars start no unit or a one-char unit, found in a probe
    /// or two; the units that share a first char are tried out of line. (Not in the wasm
    /// module, which is built for size: there a call is worth the bytes it saves.)
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn unit_at_inline(&self, k: usize) -> Option<(usize, usize)> {
        let first = self.c(k).to_ascii_lowercase();
        // The slot of `first` (most chars find an empty slot at once: they start no unit).
        let mut h = unit_home(first);
        let slot = loop {
            let slot = *self.units.get(h)?;
            if slot.first == first {
                break slot;
            }
            if slot.first == '\0' {
                return None;
            }
            h = (h + 1) % UNIT_SLOTS;
        };
        if slot.one {
            // The usual case (元, %, 家): the unit is the char at `k`, alone.
            let n = usize::from(*UNIT_ORDER.get(usize::from(slot.from))?);
            let glued = UNIT_ASCII_END.get(n).is_some_and(|&a| a) && self.c(k + 1).is_ascii_alphanumeric();
            return (!glued).then_some((k + 1, n));
        }
        self.unit_run(k, slot)
    }

    /// [`Scan::unit_at`] for the units of `slot`, which share their first char (the char at `k`).
    #[inline(never)]
    fn unit_run(&self, k: usize, slot: UnitSlot) -> Option<(usize, usize)> {
        let (from, run) = (usize::from(slot.from), usize::from(slot.run));
        // Where a unit's second char is read (as [`Scan::word`] reads it, spaces skipped).
        let at2 = self.sp(k + 1);
        let second = self.c(at2);
        let mut best: Option<(usize, usize)> = None;
        'units: for &n in UNIT_ORDER.get(from..from + run).unwrap_or_default() {
            let n = n as usize;
            let (Some(&[_, c2, c3, c4]), Some(&ascii_end)) = (UNIT_CHARS.get(n), UNIT_ASCII_END.get(n)) else {
                break;
            };
            // The first char matched (case aside): the others as [`Scan::word`] reads them.
            let mut e = k + 1;
            if c2 != '\0' {
                if !second.eq_ignore_ascii_case(&c2) {
                    continue;
                }
                e = at2 + 1;
                for wc in [c3, c4].into_iter().take_while(|&wc| wc != '\0') {
                    e = self.sp(e);
                    if !self.c(e).eq_ignore_ascii_case(&wc) {
                        continue 'units;
                    }
                    e += 1;
                }
            }
            // A unit ending in a letter (km, kW) must not run into more letters or digits.
            if ascii_end && self.c(e).is_ascii_alphanumeric() {
                continue;
            }
            if best.is_none_or(|(b, _)| e > b) {
                best = Some((e, n));
            }
        }
        best
    }

    /// Reads a numeral with an optional fraction after it (五分之一, 3又一千分之23, 3/5).
    fn numeral_frac(&self, i: usize) -> NumRes {
        let n = match self.numeral(i) {
            NumRes::Ok(n) => n,
            other => return other,
        };
        let after = self.sp(n.end);
        // X分之Y
        if let Some(e) = (self.c(after) == '分').then(|| self.word(after, "分之")).flatten() {
            if let Some((v, e2)) = self.signed_plain(self.sp(e)) {
                if n.val != 0.0 {
                    return NumRes::Ok(Num {
                        end: e2,
                        val: tidy(v / n.val),
                        scale: 1.0,
                        scale_at: e2,
                        int: false,
                        arabic: false,
                        ..n
                    });
                }
            }
        }
        // X又Y分之Z
        if self.c(after) == '又' {
            let d0 = self.sp(after + 1);
            if let NumRes::Ok(d) = self.numeral(d0) {
                if let Some(e) = self.word(self.sp(d.end), "分之") {
                    if let Some((v, e2)) = self.signed_plain(self.sp(e)) {
                        if d.val != 0.0 {
                            let val = n.val + v / d.val;
                            return NumRes::Ok(Num {
                                end: e2,
                                val: tidy(val),
                                scale: 1.0,
                                scale_at: e2,
                                int: false,
                                arabic: false,
                                ..n
                            });
                        }
                    }
                }
            }
        }
        if n.arabic && n.int {
            // a/b, and the mixed "1 3/5"
            if let Some((v, e)) = self.slash(n.end) {
                return NumRes::Ok(Num {
                    end: e,
                    val: tidy(n.val / v.max(f64::MIN_POSITIVE) * if v == 0.0 { 0.0 } else { 1.0 }),
                    scale: 1.0,
                    scale_at: e,
                    int: false,
                    ..n
                });
            }
            if self.c(n.end) == ' ' && self.c(n.end + 1).is_ascii_digit() {
                if let NumRes::Ok(a) = self.numeral(n.end + 1) {
                    if a.arabic && a.int {
                        if let Some((b, e)) = self.slash(a.end) {
                            if b != 0.0 {
                                return NumRes::Ok(Num {
                                    end: e,
                                    val: tidy(n.val + a.val / b),
                                    scale: 1.0,
                                    scale_at: e,
                                    int: false,
                                    ..n
                                });
                            }
                        }
                    }
                }
            }
        }
        NumRes::Ok(n)
    }

    /// `/b` after an Arabic integer (not a date like 2023/5/1).
    fn slash(&self, k: usize) -> Option<(f64, usize)> {
        if self.c(k) != '/' || !self.c(k + 1).is_ascii_digit() {
            return None;
        }
        let (v, e, int, _) = self.arabic(k + 1);
        (int && self.c(e) != '/' && !self.c(e).is_ascii_alphanumeric() && v != 0.0).then_some((v, e))
    }

    /// A numeral with an optional sign, nothing else (for fraction parts, 百分之…).
    fn signed_plain(&self, i: usize) -> Option<(f64, usize)> {
        let (neg, j) = self.sign(i);
        match self.numeral(j) {
            NumRes::Ok(n) => Some((if neg { -n.val } else { n.val }, n.end)),
            _ => None,
        }
    }

    /// k/K (thousand) or M (million) right after an Arabic number (40k, -2.5 M).
    fn kilo(&self, k: usize) -> Option<(f64, usize)> {
        let q = self.sp(k);
        let f = match self.c(q) {
            'k' | 'K' => 1e3,
            'M' => 1e6,
            _ => return None,
        };
        (!self.c(q + 1).is_ascii_alphanumeric()).then_some((f, q + 1))
    }

    /// One quantity at `i` without range or qualifiers.
    fn part(&self, i: usize, allow_sign: bool) -> Result<Part, usize> {
        self.part_from(i, allow_sign, self.plain_arabic(i))
    }

    /// An Arabic number at `i` in the plain shape most figures have ("12.5" before %, 个…,
    /// or "36.05亿" before 元: one 万 or 亿 may follow the digits): no sign, not glued to
    /// letters, and followed by a char at which the general reader stops at once and that
    /// starts no fraction, range of digits or discount. For it, [`Scan::numeral_frac`] and
    /// the sign, code, word and discount tests have a known answer, so [`Scan::at`] and
    /// [`Scan::part`] skip them (the usual case, taken fast).
    fn plain_arabic(&self, i: usize) -> Option<Num> {
        if !self.c(i).is_ascii_digit() {
            return None;
        }
        let p = self.prev(i);
        if p.is_ascii_alphabetic() || matches!(p, '-' | '_' | '+') {
            return None; // maybe a code (see `glued` in [`Scan::part_from`])
        }
        let (v, e, int, short) = self.arabic_inline(i);
        // Where [`Scan::numeral`] and [`Scan::numeral_frac`] stop at once (no digit, numeral,
        // point, 余/多/几…, space, fraction, slash or discount follows).
        let stops = |x: char| !numeral_goes_on(x) && !matches!(x, ' ' | '/' | '分' | '又' | '折');
        let x = self.c(e);
        if matches!(x, '万' | '亿') && v != 0.0 {
            // 36.05亿元: the numeral reader takes the scale word and stops after it, with
            // the value scaled (two tokens: not a lone Arabic number).
            if !stops(self.c(e + 1)) {
                return None;
            }
            let u = if x == '万' { 1e4 } else { 1e8 };
            let end = e + 1;
            return Some(Num {
                end,
                val: tidy(v * u),
                scale: u,
                scale_at: e,
                approx: false,
                arabic: false,
                int,
                tokens: 2,
            });
        }
        if !stops(x) {
            return None;
        }
        // (A whole number or a short decimal has no binary noise: [`tidy`] would give it
        // back as it is.)
        let v = if int || short { v } else { tidy(v) };
        Some(Num { end: e, val: v, scale: 1.0, scale_at: e, approx: false, arabic: true, int, tokens: 1 })
    }

    /// [`Scan::part`], given what [`Scan::plain_arabic`] found at `i`.
    fn part_from(&self, i: usize, allow_sign: bool, plain: Option<Num>) -> Result<Part, usize> {
        self.part_from_inline(i, allow_sign, plain)
    }

    /// [`Scan::part_from`], inlined where each candidate is read (natively; the wasm
    /// module, built for size, keeps the call): the part is built in place, not returned
    /// through memory.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn part_from_inline(&self, i: usize, allow_sign: bool, plain: Option<Num>) -> Result<Part, usize> {
        let (neg, j, coded, n) = match plain {
            Some(n) => (false, i, false, n),
            None => {
                let (neg, j) = if allow_sign { self.sign(i) } else { (false, i) };
                let first = self.c(j);
                if !is_numeral_char(first) && first != '.' {
                    return Err(i + 1);
                }
                let glued = |p: usize| {
                    let c = self.prev(p);
                    c.is_ascii_alphabetic()
                        || (matches!(c, '-' | '_' | '+') && p >= 2 && self.c(p - 2).is_ascii_alphabetic())
                        || (c == '+' && is_numeral_char(self.prev(p - 1)))
                };
                // A Chinese digit before a plain word char (一是, 进一步, 三峡) is read as that
                // digit alone: the word tests below need not wait for the numeral reader.
                if cn_digit(first).is_some()
                    && {
                        let next = self.c(j + 1);
                        plain_cjk(next) && !matches!(next, '余' | '多' | '几' | '来' | '点' | '打' | '分' | '又')
                    }
                    && self.word_not_number(j, true)
                {
                    return Err((j + 1).max(i + 1));
                }
                // Glued to letters (G75, PM2.5, A2021…, COVID-19): a code, unless a scale word
                // or a unit follows (FDI3000万美元).
                let coded = first.is_ascii_digit() && glued(j) || (j > i && glued(i));
                let n = match self.numeral_frac(j) {
                    NumRes::Ok(n) => n,
                    NumRes::Bad(e) => return Err(e),
                    NumRes::No => return Err(i + 1),
                };
                if !self.c(j).is_ascii() && self.word_not_number(j, n.tokens == 1 && n.end == j + 1) {
                    return Err(n.end.max(i + 1));
                }
                (neg, j, coded, n)
            }
        };
        let skip = n.end.max(i + 1);
        let sign = if neg { -1.0 } else { 1.0 };
        let mut number = n.val * sign;
        let mut num_end = n.end;
        let mut scale = n.scale;
        let mut int = n.int;
        // (1 + an index in [`INNER_QUALIFIERS`], 0 for none.)
        let mut inner: u8 = u8::from(n.approx);
        if n.arabic {
            if let Some((f, e)) = self.kilo(num_end) {
                number = tidy(number * f);
                num_end = e;
                scale = f;
            } else if self.c(num_end) == '+'
                || (self.c(num_end).is_ascii_alphabetic() && self.unit_at(num_end).is_none())
            {
                return Err(self.run_end(num_end)); // 3+1, 5G, 10G-PON
            }
        }
        let mut k = self.sp(num_end);
        // 余/多/几 between the number and its unit: 300多家, 10余个.
        let approx = slot_code(&INNER_SLOTS, INNER_MUL, self.c(k));
        if approx != 0 && self.unit_at(k + 1).is_some() {
            inner = approx as u8;
            k += 1;
        }
        let mut unit = UnitIx::NONE;
        let mut unit_end = num_end;
        let mut cheng = false;
        if let Some((e, u)) = self.unit_at_inline(k) {
            let mut e = e;
            let mut u = u;
            // 五方 (five parties), 二期 (phase two): names unless the number is in digits.
            if matches!(u, U_FANG | U_QI) && !n.arabic && n.scale == 1.0 {
                return Err(skip);
            }
            // 20个比特币: a counter before a currency.
            if u == U_GE {
                if let Some((e2, u2)) = self.unit_at(e).filter(|&(_, u2)| class_of(u2) == Money) {
                    e = e2;
                    u = u2;
                }
            }
            unit = UnitIx { main: canonical(u), per: UnitIx::NO };
            if u == U_PERMILLE {
                number = tidy(number / 10.0);
                unit = UnitIx::of(U_PCT);
            }
            if u == U_YUAN {
                if let Some(e2) = self.word(e, "人民币") {
                    e = e2;
                }
            }
            // 一吨半, 三年半
            if self.c(e) == '半'
                && int
                && scale == 1.0
                && !matches!(class_of(u), Money | Percent)
                && self.c(e + 1) != '年'
            {
                number += 0.5 * sign;
                e += 1;
                int = false;
            }
            // 元/吨, 万元/亩
            if self.c(e) == '/' {
                if let Some((e2, u2)) = self.unit_at(e + 1) {
                    unit.per = canonical(u2);
                    e = e2;
                }
            }
            unit_end = e;
        } else if self.c(k) == '成' && !CHENG_WORDS.contains(&self.c(k + 1)) {
            // 九成 = 90 %, 七成六 = 76 %, 三成半 = 35 %
            number = tidy(number * 10.0);
            unit = UnitIx::of(U_PCT);
            cheng = true;
            let mut e = k + 1;
            let d = self.sp(e);
            if self.c(d) == '半' {
                number += 5.0 * sign;
                e = d + 1;
            } else if let Some(v) = cn_digit(self.c(d)).or_else(|| self.c(d).to_digit(10).map(f64::from)) {
                if !is_numeral_char(self.c(d + 1)) && self.c(d + 1) != '.' && self.unit_at(d + 1).is_none() {
                    number += v * sign;
                    e = d + 1;
                }
            }
            unit_end = e;
        } else if inner != 0 && !n.approx {
            inner = 0;
        }
        if coded && !(scale > 1.0 || matches!(unit.class(), Money | Physical | Count | Percent)) {
            return Err(self.run_end(j));
        }
        Ok(Part {
            start: i,
            num_end,
            end: unit_end.max(num_end),
            number,
            scale,
            scale_at: n.scale_at.min(num_end),
            unit,
            unit_end,
            cheng,
            inner,
            int,
            arabic: n.arabic,
        })
    }

    /// Is the numeral at `j` (`lone`: read as its first char alone) part of a word rather
    /// than a number: 一是, 统一, 一些, 十分, 二期, 伍 (a name)?
    fn word_not_number(&self, j: usize, lone: bool) -> bool {
        let first = self.c(j);
        if first.is_ascii() {
            return false; // every test below wants a Chinese numeral
        }
        // Lone characters that are words far more often than numerals.
        (lone
            && (matches!(first, '伍' | '陆' | '肆' | '拾' | '柒' | '捌' | '玖')
                || first == '一' && slot_code(&STOP_BEFORE_ONE_SLOTS, STOP_BEFORE_ONE_MUL, self.prev(j)) != 0
                || self.c(j + 1) == '是' && cn_digit(first).is_some()
                || cn_digit(first).is_some() && self.name_like(j)))
            || (matches!(first, '一' | '四' | '十' | '万' | '三' | '两' | '八') && {
                let second = self.c(j + 1);
                // (One bit test turns away the chars that are second in no stop word.)
                cjk_bit(&STOP_SECOND_BITS, second)
                    && STOP_PAIRS.iter().zip(STOP_WORDS).any(|(&pair, w)| pair == (first, second) && self.tight(j, w))
            })
            || (first == '十' && self.tight(j, "十分") && self.c(j + 2) != '之')
    }

    /// Is this figure a date or period (2023年, 5月, 1-5月, 16日, 一季度) rather than a quantity?
    fn is_period(&self, p: &Part) -> bool {
        let u = usize::from(p.unit.main);
        // The time units are side by side in [`UNITS`]: one test turns away the others (most).
        const { assert!(U_QUARTER < U_YEAR && U_YEAR < U_MONTH && U_MONTH < U_DAY && U_DAY < U_HAO) };
        if !(U_QUARTER..=U_HAO).contains(&u) || p.unit.per != UnitIx::NO {
            return false;
        }
        let small = |max: f64| p.int && p.number >= 1.0 && p.number <= max;
        match u {
            U_YEAR => p.year_like(),
            U_MONTH => small(12.0),
            U_DAY | U_HAO => true,
            U_QUARTER => small(4.0),
            _ => false,
        }
    }

    /// What starts at `i` when it is no ASCII digit and a currency sign or a share
    /// (百分之五) starts there; None when neither does. `c`, the char at `i`, is a start
    /// ([`may_start`]) other than h and w: [`Scan::all`] calls [`Scan::at`] on no other.
    #[inline(never)]
    fn currency_or_share(&self, i: usize, c: char) -> Option<Step> {
        debug_assert!(may_start(c) && !matches!(c, 'h' | 'w'), "{c:?} starts nothing");
        // Currency signs: $20, ￥300.
        let cur = match c {
            '$' => Some(unit_index("美元")),
            '￥' => Some(U_YUAN),
            '€' => Some(unit_index("欧元")),
            '£' => Some(unit_index("英镑")),
            _ => None,
        };
        if let Some(unit) = cur {
            let j = self.sp(i + 1);
            if let NumRes::Ok(n) = self.numeral(j) {
                return Some(Step::Found(Raw {
                    start: i,
                    end: n.end,
                    num_start: j,
                    num_end: n.end,
                    number: n.val,
                    value: tidy(n.val / n.scale),
                    unit: UnitIx::of(unit),
                    written: (n.scale_at, n.end),
                    written_override: None,
                    range_to: None,
                    inner_qualifier: 0,
                    next: n.end,
                }));
            }
            return Some(Step::Skip(i + 1));
        }
        // 百分之五, 千分之二, 万分之三, 百万分之五: a share of a power of ten, as a percent.
        let mut q = i;
        let mut denom = 1.0f64;
        while let Some(f) = match self.c(q) {
            '百' => Some(1e2),
            '千' => Some(1e3),
            '万' => Some(1e4),
            '亿' => Some(1e8),
            _ => None,
        } {
            denom *= f;
            q = self.sp(q + 1);
        }
        if let Some(e) = (denom > 1.0 && self.prev(i) != '之' && !is_numeral_char(self.prev(i)))
            .then(|| self.word(q, "分之"))
            .flatten()
        {
            let j = self.sp(e);
            let (neg, j2) = self.sign(j);
            let (val, end, arabic) = match self.numeral(j2) {
                NumRes::Ok(n) => (n.val, n.end, n.arabic),
                NumRes::No if self.c(j2) == '百' && !is_numeral_char(self.c(j2 + 1)) => (100.0, j2 + 1, false),
                NumRes::Bad(e) => return Some(Step::Skip(e)),
                NumRes::No => return Some(Step::Skip(e)),
            };
            let (f, end) = if arabic { self.kilo(end).unwrap_or((1.0, end)) } else { (1.0, end) };
            let v = tidy(val * f * if neg { -1.0 } else { 1.0 });
            let written = match denom as u64 {
                100 => Some("%"),
                1000 => Some("‰"),
                10000 => Some("‱"),
                _ => None,
            };
            return Some(Step::Found(Raw {
                start: i,
                end,
                num_start: j,
                num_end: end,
                number: tidy(v / denom * 100.0),
                value: v,
                unit: UnitIx::of(U_PCT),
                written: (i, e),
                written_override: written,
                range_to: None,
                inner_qualifier: 0,
                next: end,
            }));
        }
        None
    }

    fn at(&self, i: usize) -> Step {
        let c = self.c(i);
        // Most figures start with an ASCII digit, which starts no currency or share.
        let plain = if c.is_ascii_digit() {
            self.plain_arabic(i)
        } else {
            if let Some(step) = self.currency_or_share(i, c) {
                return step;
            }
            None
        };
        if plain.is_none() {
            if let Some(f) = self.special(i) {
                return Step::Found(f);
            }
        }
        let mut p = match self.part_from_inline(i, true, plain) {
            Ok(p) => p,
            Err(n) => return Step::Skip(n),
        };
        let num_start = p.start;
        // 人民币 50元: the currency named before the amount belongs to it.
        if p.unit == UnitIx::of(U_YUAN) {
            let mut b = p.start;
            while b > 0 && self.c(b - 1) == ' ' {
                b -= 1;
            }
            if let Some(s0) = self.before(b, "人民币").filter(|&s0| !is_numeral_char(self.prev(s0))) {
                p.start = s0;
            }
        }
        let mut end = p.end;
        let mut range_to = None;
        let mut number = p.number;
        let mut written = (p.scale_at, p.unit_end);
        let mut second: Option<Part> = None;
        // Ranges: 5-8个, 5至8个, 6.5%—7%, 3至5亿元.
        let k = self.sp(p.end);
        let conn = self.c(k);
        if slot_code(&RANGE_SLOTS, RANGE_MUL, conn) != 0 && !p.cheng {
            let mut k2 = k + 1;
            if conn == '—' && self.c(k2) == '—' {
                k2 += 1;
            }
            if let Ok(q) = self.part(self.sp(k2), false) {
                if p.unit.is_empty() || q.unit == p.unit {
                    if p.unit.is_empty() && p.scale == 1.0 && q.scale > 1.0 {
                        number = tidy(number * q.scale);
                    }
                    range_to = Some(q.number);
                    written = (if p.unit.is_empty() { q.scale_at } else { p.scale_at }, q.unit_end.max(q.num_end));
                    if p.unit.is_empty() && q.scale == 1.0 {
                        written.0 = q.num_end;
                    }
                    if p.unit.is_empty() {
                        // (else the units are equal)
                        p.unit = q.unit;
                    }
                    end = q.end;
                    second = Some(q);
                }
            }
        }
        // From here on `p.unit` is the unit of the whole (the range's when it was bare).
        if self.is_period(&p) || second.as_ref().is_some_and(|q| self.is_period(q)) {
            return Step::Skip(end);
        }
        // List markers: （1）, (二), 1、 and 1. at the start of a clause.
        if p.unit.is_empty() && range_to.is_none() {
            let (before, after) = (self.prev(p.start), self.c(p.num_end));
            let opens = matches!(before, '\0' | '\n' | ' ' | '。' | ';' | ':' | ',' | '，');
            if (before == '(' && after == ')') || (opens && matches!(after, '、' | ')' | '.')) {
                return Step::Skip(p.num_end + 1);
            }
        }
        // A bare year: 2023-2025, 2023“爱尚涪陵”, （2023版）.
        let after = self.c(end);
        if p.unit.is_empty()
            && p.year_like()
            && (second.as_ref().is_some_and(Part::year_like)
                || ('\u{4E00}'..='\u{9FFF}').contains(&after)
                || matches!(after, '“' | '"' | '《' | '版'))
        {
            return Step::Skip(end);
        }
        if p.unit.is_empty() && written.0 == written.1 {
            written = (p.scale_at, p.num_end);
        }
        let scale =
            if range_to.is_some() && p.scale == 1.0 { second.as_ref().map_or(1.0, |q| q.scale) } else { p.scale };
        // (Below 10^12 every number a part gives is one [`tidy`] gives back as it is: a
        // whole number, a short decimal, a value [`tidy`] made, or such a value plus a half
        // (一吨半), at most 13 significant digits. So at scale 1 the value is the number,
        // without the division and the rounding. From 10^12 up [`tidy`] keeps no decimal
        // before 10^13 (1000000000000吨半 is worth 1000000000001): there it rounds.)
        let value = if p.cheng {
            tidy(number / 10.0)
        } else if scale == 1.0 && number.abs() < 1e12 {
            number
        } else {
            tidy(number / scale)
        };
        Step::Found(Raw {
            start: p.start,
            end,
            num_start,
            num_end: p.num_end,
            number,
            value,
            unit: p.unit,
            written,
            written_override: p.cheng.then_some("成"),
            range_to,
            inner_qualifier: p.inner,
            next: end,
        })
    }

    /// Discounts (八五折, 9.9折, 打对折) and 半 (半百, 半成, 半折).
    fn special(&self, i: usize) -> Option<Raw> {
        let c = self.c(i);
        let simple =
            |c: char| cn_digit(c).or_else(|| c.to_digit(10).filter(|d| *d > 0 && c.is_ascii_digit()).map(f64::from));
        let pct = |end: usize, number: f64, w: &'static str| Raw {
            start: i,
            end,
            num_start: i,
            num_end: end,
            number,
            value: number,
            unit: UnitIx::of(U_PCT),
            written: (end, end),
            written_override: Some(w),
            range_to: None,
            inner_qualifier: 0,
            next: end,
        };
        let zhe = |k: usize| self.c(k) == '折' && !ZHE_WORDS.contains(&self.c(k + 1));
        if c == '对' && self.prev(i) == '打' && zhe(i + 1) {
            return Some(pct(i + 2, 50.0, "折"));
        }
        if c == '半' {
            return match self.c(i + 1) {
                '百' => Some(Raw { unit: UnitIx::NONE, written_override: None, ..pct(i + 2, 50.0, "") }),
                '成' => Some(Raw { value: 0.5, ..pct(i + 2, 5.0, "成") }),
                '折' if zhe(i + 1) => Some(Raw { value: 5.0, ..pct(i + 2, 50.0, "折") }),
                _ => None,
            };
        }
        let d1 = simple(c)?;
        if i > 0 && (self.prev(i).is_ascii_digit() || self.prev(i) == '.') {
            return None;
        }
        let k = self.sp(i + 1);
        let k2 = self.c(k);
        if zhe(k) {
            return Some(Raw { value: d1, ..pct(k + 1, d1 * 10.0, "折") });
        }
        let (d2, after) = if matches!(k2, '.' | '点') {
            let q = self.sp(k + 1);
            (dec_digit(self.c(q))?, q + 1)
        } else {
            (dec_digit(k2).filter(|_| k2 != '零' && k2 != '〇')?, k + 1)
        };
        let z = self.sp(after);
        zhe(z).then(|| {
            let v = d1 * 10.0 + d2;
            Raw { value: tidy(v / 10.0), ..pct(z + 1, v, "折") }
        })
    }

    /// The quantity `f` in byte offsets, with its qualifiers.
    fn found(&self, f: Raw) -> Found {
        // Byte offsets, asked for in text order as far as it is known (see [`Scan::byte`]).
        // (Most of them fall together: each is looked up only when it differs from the last.)
        let b_start = self.byte(f.start);
        let b_num_start = if f.num_start == f.start { b_start } else { self.byte(f.num_start) };
        let b_written = if f.written.0 == f.num_start { b_num_start } else { self.byte(f.written.0) };
        let b_num_end = if f.num_end == f.written.0 { b_written } else { self.byte(f.num_end) };
        let written_end = f.written.1.max(f.written.0);
        let b_written_end = if written_end == f.num_end { b_num_end } else { self.byte(written_end) };
        let span_end = if f.end == written_end { b_written_end } else { self.byte(f.end) };
        // At most one qualifier before, one inside and one after.
        let mut quals = [0u8; 3];
        let last = self.prev(f.start);
        // (Most quantities follow a char that ends no qualifier: one test first.)
        if ends_prefix_qualifier(last) {
            if let Some(q) = PREFIX_QUALIFIERS
                .iter()
                .zip(PREFIX_LAST)
                .position(|(q, c)| c == last && self.before(f.start, q).is_some())
            {
                quals[0] = q as u8 + 1;
            }
        }
        quals[1] = f.inner_qualifier;
        let k = f.end;
        let next = self.c(k);
        if starts_suffix_qualifier(next) {
            if let Some(q) = SUFFIX_QUALIFIERS.iter().zip(SUFFIX_FIRST).position(|(q, c)| c == next && self.tight(k, q))
            {
                quals[2] = q as u8 + 1;
            }
        }
        Found {
            span: [b_start, span_end],
            number: f.number,
            unit: f.unit,
            value: f.value,
            written: [b_written, b_written_end],
            written_override: f.written_override,
            qualifiers: quals,
            range_to: f.range_to,
            number_span: [b_num_start, b_num_end],
            ordinal: self.prev(f.num_start) == '第',
        }
    }
}

/// The next state of a xorshift64 sequence: the pseudo-random inputs of the tests that
/// check a fast path against its reference on many values.
#[cfg(test)]
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `q!(text, number, unit)`: the first quantity in `text`.
    macro_rules! q {
        ($text:expr, $number:expr, $unit:expr) => {{
            let qs = quantities($text);
            let q = qs.first().unwrap_or_else(|| panic!("no quantity in {:?}", $text));
            assert!(
                (q.number - $number as f64).abs() <= 1e-9 * (q.number.abs() + 1.0) && q.unit == $unit,
                "{:?}: got {} {:?} ({:?}), want {} {:?}",
                $text,
                q.number,
                q.unit,
                q.text,
                $number as f64,
                $unit
            );
        }};
    }

    /// `none!(text)`: no quantity at all.
    macro_rules! none {
        ($text:expr) => {{
            let qs = quantities($text);
            assert!(qs.is_empty(), "{:?}: want none, got {:?}", $text, qs);
        }};
    }

    /// `all!(text, [(number, unit), …])`: every quantity, in order.
    macro_rules! all {
        ($text:expr, [$(($n:expr, $u:expr)),*]) => {{
            let got: Vec<(f64, String)> = quantities($text).into_iter().map(|q| (q.number, q.unit)).collect();
            let want: Vec<(f64, String)> = vec![$(($n as f64, $u.to_string())),*];
            assert_eq!(got, want, "{:?}", $text);
        }};
    }

    /// `field!(text, field, value)`: a field of the first quantity.
    macro_rules! field {
        ($text:expr, $f:ident, $v:expr) => {{
            let qs = quantities($text);
            let q = qs.first().unwrap_or_else(|| panic!("no quantity in {:?}", $text));
            assert_eq!(q.$f, $v, "{:?}: {:?}", $text, q);
        }};
    }

    #[test]
    fn arabic() {
        q!("完成投资12.5亿元", 12.5e8, "元");
        q!("完成投资36.05亿元", 3605000000.0, "元");
        q!("10458万元", 104580000.0, "元");
        q!("1,234.5吨", 1234.5, "吨");
        q!("１２３４５人", 12345, "人");
        q!("２．２亿", 2.2e8, "");
        q!("新增城镇就业8950人", 8950, "人");
        q!("8950", 8950, "");
        q!("1.2万人", 12000, "人");
        q!("60亿立方米", 6e9, "立方米");
        q!("5万亩", 50000, "亩");
        q!("387万亩", 3870000, "亩");
        q!("23.6万㎡", 236000, "平方米");
        q!("500万美元", 5e6, "美元");
        q!("1万亿日元", 1e12, "日元");
        q!("40k", 40000, "");
        q!("2e5", 200000, "");
        q!("2^5", 32, "");
        q!(".5", 0.5, "");
        q!("3/5", 0.6, "");
        q!("1 3/5", 1.6, "");
    }

    #[test]
    fn chinese() {
        q!("两万", 20000, "");
        q!("三个", 3, "个");
        q!("十二", 12, "");
        q!("一百五十", 150, "");
        q!("三千零五", 3005, "");
        q!("两千四百五", 2450, "");
        q!("一万三", 13000, "");
        q!("四亿五千六百四十二万零一十五", 456420015, "");
        q!("壹佰伍拾", 150, "");
        q!("十五点七", 15.7, "");
        q!("零点五", 0.5, "");
        q!("5万4千6百", 54600, "");
        q!("3万4000", 34000, "");
        q!("一百零十万", 1100000, "");
        q!("500余万", 5e6, "");
        q!("二十几万", 200000, "");
        q!("四万万", 4e8, "");
        q!("4.78万亿", 4.78e12, "");
        q!("五十打", 600, "");
        q!("半百", 50, "");
        q!("百三", 130, "");
        q!("五分之一", 0.2, "");
        q!("负一又二分之一", -1.5, "");
        q!("一百分之二", 0.02, "");
        all!("两百点两", [(200, ""), (2, "")]);
        all!("二百三十三，五百七十七，一千六点五。", [(233, ""), (577, ""), (1600.5, "")]);
        all!("1, 234, 567", [(1, ""), (234, ""), (567, "")]);
    }

    #[test]
    fn percents() {
        q!("增长6.5%", 6.5, "%");
        q!("增长6.5％", 6.5, "%");
        q!("百分之十", 10, "%");
        q!("百分之五点五", 5.5, "%");
        q!("千分之二", 0.2, "%");
        q!("百万分之五", 0.0005, "%");
        q!("百分之百", 100, "%");
        field!("人民币 50元", text, "人民币 50元");
        field!("人民币 50元", number_span, [10, 12]);
        q!("提高2.4个百分点", 2.4, "个百分点");
        q!("下降0.5百分点", 0.5, "个百分点");
        q!("九成", 90, "%");
        q!("9成", 90, "%");
        q!("一成", 10, "%");
        q!("七成六", 76, "%");
        q!("三成半", 35, "%");
        q!("半成", 5, "%");
        q!("打对折", 50, "%");
        q!("八五折", 85, "%");
        q!("9.9折", 99, "%");
        none!("对折");
        none!("百分之二三十");
        field!("九成", value, 9.0);
        field!("九成", written_unit, "成");
    }

    #[test]
    fn negatives() {
        q!("增长-9.8%", -9.8, "%");
        q!("增长−9.8%", -9.8, "%");
        q!("负3.9%", -3.9, "%");
        q!("负三十二", -32, "");
        q!("－1２２％", -122, "%");
    }

    #[test]
    fn ranges() {
        q!("新建5-8个", 5, "个");
        field!("新建5-8个", range_to, Some(8.0));
        field!("5至8个", range_to, Some(8.0));
        field!("增长6.5%—7%", range_to, Some(7.0));
        field!("增长6.5%-7%", range_to, Some(7.0));
        field!("增长6.5%-7%", text, "6.5%-7%");
        q!("投资3至5亿元", 3e8, "元");
        field!("投资3至5亿元", range_to, Some(5e8));
    }

    #[test]
    fn qualifiers() {
        field!("约5亿元", qualifier, Some("约".to_string()));
        field!("5万亩以上", qualifier, Some("以上".to_string()));
        field!("控制在3%以内", qualifier, Some("以内".to_string()));
        field!("300多家", qualifier, Some("多".to_string()));
        field!("300多家", text, "300多家");
        q!("300多家", 300, "家");
        field!("超10万人", qualifier, Some("超".to_string()));
        field!("不超过5%", qualifier, Some("不超过".to_string()));
        field!("近一吨", text, "一吨");
        field!("5亿元", qualifier, None);
    }

    #[test]
    fn units_and_fields() {
        field!("36.05亿元", value, 36.05);
        field!("36.05亿元", written_unit, "亿元");
        field!("1.2万人", written_unit, "万人");
        field!("2万余人", written_unit, "万人");
        field!("300多家", written_unit, "家");
        field!("两万人", written_unit, "万人");
        field!("两万人", value, 2.0);
        field!("一千五百万元", value, 1500.0);
        field!("3至5亿元", written_unit, "亿元");
        field!("3至5亿元", value, 3.0);
        field!("5-8个", written_unit, "个");
        field!("百分之五", written_unit, "%");
        field!("8950", written_unit, "");
        field!("12千米", unit, "千米");
        field!("10万千瓦", number, 1e5);
        field!("10万千瓦", unit, "千瓦");
        field!("3元/吨", unit, "元/吨");
        field!("一吨半", number, 1.5);
        field!("8亿元人民币", text, "8亿元人民币");
        field!("我有20个比特币", unit, "比特币");
        field!("第三批", ordinal, true);
        field!("建成36.05亿元", number_span, [6, 14]);
        field!("建成36.05亿元", span, [6, 17]);
        assert!(quantities("实施五大行动，完成两")[0].is_bare_word());
        assert!(!quantities("完成两项")[0].is_bare_word());
        assert!(!quantities("8950")[0].is_bare_word());
    }

    #[test]
    fn not_quantities() {
        none!("2023年");
        none!("2023年度");
        none!("5月");
        none!("1-5月");
        none!("截至4月底");
        none!("一季度");
        none!("5月20日");
        none!("二〇二三年");
        none!("“十四五”规划");
        none!("一号工程");
        none!("12号泊位");
        none!("5G基站");
        none!("10G-PON");
        none!("3+1");
        none!("PM2.5");
        none!("PM2.5年均浓度");
        q!("完成FDI3000万美元", 3e7, "美元");
        none!("统一规划");
        none!("进一步加强");
        none!("一是加快");
        none!("一切");
        none!("四川");
        none!("陆地");
        none!("十分重要");
        none!("万");
        none!("两两");
        none!("上半年");
        none!("负增长");
        none!("百姓");
        none!("见 https://www.example.com/a?q=30%25&n=2020 页");
        none!("（1）完成招商；(2)新签约；1、推进；2.加快；一、稳增长；（二）产业");
    }

    #[test]
    fn durations_are_kept() {
        q!("三年", 3, "年");
        q!("6个月", 6, "个月");
        q!("十天", 10, "天");
    }

    #[test]
    fn conversions() {
        assert_eq!(scale_of("亿元"), (1e8, "元"));
        assert_eq!(scale_of("万亩"), (1e4, "亩"));
        assert_eq!(scale_of("公里"), (1e3, "米"));
        assert_eq!(scale_of("成"), (10.0, "%"));
        assert_eq!(scale_of("人"), (1.0, "人"));
        assert_eq!(convert(1.0458, "亿元", "万元"), Some(10458.0));
        assert_eq!(convert(5.0, "万亩", "亩"), Some(50000.0));
        assert_eq!(convert(5.0, "万人", "元"), None);
        assert_eq!(unit_class("万元"), Money);
        assert_eq!(unit_class("个百分点"), Percent);
        assert_eq!(unit_class("万亩"), Physical);
    }

    #[test]
    fn spans_are_char_boundaries() {
        for t in [
            "完成投资12.5亿元，同比增长10.2%",
            "约5万亩以上",
            "１２３",
            "负三十二点",
            "百分之",
            "打对折",
            "$20，300美圆",
        ] {
            for q in quantities(t) {
                assert!(t.get(q.span[0]..q.span[1]) == Some(q.text.as_str()), "{t:?} {q:?}");
                assert!(t.get(q.number_span[0]..q.number_span[1]).is_some(), "{t:?} {q:?}");
            }
        }
    }

    #[test]
    fn random_mixes_keep_the_invariants() {
        const TOKENS: &[&str] = &[
            "1",
            "2",
            "0",
            ".",
            ",",
            "，",
            "%",
            "-",
            "—",
            "至",
            "又",
            "分之",
            "百分之",
            "个百分点",
            "成",
            "折",
            "打",
            "对",
            "半",
            "一",
            "两",
            "十",
            "百",
            "千",
            "万",
            "亿",
            "兆",
            "零",
            "点",
            "余",
            "多",
            "年",
            "月",
            "元",
            "亩",
            "人",
            "个",
            "第",
            "约",
            "以上",
            "负",
            "$",
            "e",
            "^",
            "/",
            "k",
            "M",
            "G",
            " ",
            "　",
            "１",
            "．",
            "萬",
            "壹",
            "号",
            "比特币",
            "人民币",
            "半",
            "是",
            "大",
            "期",
            "方",
            "😀",
            "\n",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let t = random_text(&mut seed, TOKENS, 24);
            let mut prev_end = 0;
            for q in quantities(&t) {
                assert!(t.get(q.span[0]..q.span[1]) == Some(q.text.as_str()), "{t:?} {q:?}");
                assert!(q.span[0] >= prev_end && q.span[0] < q.span[1], "{t:?} {q:?}");
                assert!(q.number_span[0] >= q.span[0] && q.number_span[1] <= q.span[1], "{t:?} {q:?}");
                assert!(q.number.is_finite() && q.value.is_finite(), "{t:?} {q:?}");
                prev_end = q.span[1];
            }
        }
    }

    /// A text of fewer than `max` tokens, the next from a xorshift sequence in `seed`.
    fn random_text(seed: &mut u64, tokens: &[&str], max: u64) -> String {
        xorshift(seed);
        let mut t = String::new();
        for k in 0..(*seed % max) {
            let r = seed.rotate_left(k as u32 * 5) ^ k;
            t.push_str(tokens[(r % tokens.len() as u64) as usize]);
        }
        t
    }

    #[test]
    fn the_plain_arabic_shortcut_agrees_with_the_general_reader() {
        // Wherever [`Scan::plain_arabic`] takes a number, the general path must give the
        // same part and find no discount.
        const TOKENS: &[&str] = &[
            "1",
            "25",
            "0",
            ".",
            ",",
            " ",
            "%",
            "-",
            "+",
            "_",
            "/",
            "e",
            "^",
            "k",
            "M",
            "a",
            "万",
            "亿",
            "千",
            "十",
            "一",
            "两",
            "零",
            "〇",
            "点",
            "分",
            "之",
            "又",
            "折",
            "打",
            "成",
            "余",
            "多",
            "年",
            "月",
            "元",
            "人民币",
            "个",
            "比特币",
            "半",
            "吨",
            "km",
            "第",
            "约",
            "以上",
            "，",
            "（",
            "）",
            "、",
            "１",
            "，",
            "．",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut scratch = Scratch::default();
        let mut taken = 0;
        for _ in 0..40_000 {
            let t = random_text(&mut seed, TOKENS, 12);
            let s = scan_of(&t, &mut scratch);
            for i in 0..s.cs.len() {
                if let Some(n) = s.plain_arabic(i) {
                    taken += 1;
                    assert!(s.special(i).is_none(), "{t:?} at {i}");
                    for sign in [true, false] {
                        assert_eq!(s.part_from(i, sign, Some(n)), s.part_from(i, sign, None), "{t:?} at {i}");
                    }
                }
            }
        }
        assert!(taken > 1000, "{taken}");
    }

    #[test]
    fn the_byte_loop_table_agrees_with_the_char_by_char_one() {
        // The word scan stores quiet ideographs from their bytes, and other common chars on
        // the spot; with or without words, its table, starts and wides must be those of
        // [`table_char`] applied to every char in turn.
        let reference = |t: &str| {
            let (mut starts, mut wides) = (Vec::new(), Vec::new());
            let cs: Vec<char> = t
                .char_indices()
                .enumerate()
                .map(|(n, (at, c))| table_char(c, n, at, &mut starts, &mut wides))
                .collect();
            (cs, starts, wides)
        };
        // Every char of the lead bytes the byte loop takes (0xE4..=0xE9) and their
        // neighbours, in runs of odd and even length, among digits and full-width signs.
        let all: String = ('\u{2000}'..='\u{A100}').chain('\u{FE00}'..='\u{FFFF}').collect();
        let mut texts: Vec<String> = vec![all.clone(), format!("1{all}"), format!("１{all}２"), String::new()];
        let mut seed = 0x51_7cc1_b727_220au64;
        const TOKENS: &[&str] =
            &["1", "一", "元", "萬", "的", "，", "。", "１", "\t", "h", "😀", "é", "万", "负", "半", "丁", "完成"];
        for _ in 0..2000 {
            texts.push(random_text(&mut seed, TOKENS, 16));
        }
        // A scanner with a word starting with a plain ideograph and one with a numeral.
        let words = crate::analysis::text::Words::new(&["完成", "一*次", "的"]);
        let scanners = [crate::analysis::text::Scanner::new(&[]), crate::analysis::text::Scanner::new(&[&words])];
        let mut ix = crate::analysis::text::Index::default();
        let mut scratch = Scratch::default();
        for t in &texts {
            let s = scan_of(t, &mut scratch);
            assert!((s.cs.to_vec(), s.starts.to_vec(), s.wides.to_vec()) == reference(t), "{t:?}");
            for scanner in &scanners {
                scanner.scan_table(t, &mut ix, scratch.table());
                let s = Scan::new(t, &mut scratch);
                assert!((s.cs.to_vec(), s.starts.to_vec(), s.wides.to_vec()) == reference(t), "{t:?}");
            }
        }
    }

    /// The scan of `t` on a table filled by [`Scratch::fill`].
    fn scan_of<'a>(t: &'a str, scratch: &'a mut Scratch) -> Scan<'a> {
        scratch.fill(t);
        Scan::new(t, scratch)
    }

    /// Calls `check` at every char of `texts` pseudo-random texts of 1 to `max_len` chars
    /// drawn from `alphabet` ([`xorshift`] from `state`), each text scanned ([`scan_of`]).
    fn each_random_char(
        mut state: u64,
        alphabet: &[char],
        max_len: u64,
        texts: usize,
        check: impl Fn(&Scan, &str, usize),
    ) {
        let mut scratch = Scratch::default();
        for _ in 0..texts {
            let len = xorshift(&mut state) % max_len + 1;
            let text: String =
                (0..len).map(|_| alphabet[(xorshift(&mut state) % alphabet.len() as u64) as usize]).collect();
            let s = scan_of(&text, &mut scratch);
            for i in 0..len as usize {
                check(&s, &text, i);
            }
        }
    }

    #[test]
    fn every_unit_is_found_whole_after_a_number() {
        // [`Scan::unit_at`] finds a unit through the slots of [`unit_slots`], filed under
        // the first chars [`UNIT_ORDER`] sorts by.
        for (n, cs) in UNIT_CHARS.iter().enumerate() {
            assert_eq!(UNIT_FIRST[n], cs[0].to_ascii_lowercase(), "{}", UNITS[n].0);
        }
        let mut scratch = Scratch::default();
        for (w, _) in UNITS {
            let t = format!("5{w}");
            let s = scan_of(&t, &mut scratch);
            assert_eq!(s.unit_at(1).map(|(e, n)| (e, unit_word(n))), Some((1 + w.chars().count(), *w)), "{w}");
        }
    }

    #[test]
    fn tidy_keeps_short_decimals() {
        // What [`Scan::arabic`] calls a short decimal: at most twelve digits, ten of them
        // after the point.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            xorshift(&mut seed);
            let fd = (seed % 11) as i32;
            let digits = fd.max(1) + ((seed >> 8) % (13 - fd.max(1) as u64)) as i32;
            let m = (seed >> 16) % 10u64.pow(digits as u32);
            let x = m as f64 / 10f64.powi(fd);
            assert_eq!(tidy(x).to_bits(), x.to_bits(), "{m} / 10^{fd}");
        }
    }

    #[test]
    fn units_are_spelled_by_their_aliases() {
        for (n, (w, _)) in UNITS.iter().enumerate() {
            let usual = ALIASES.iter().find(|(a, _)| a == w).map_or(*w, |(_, b)| b);
            assert_eq!(unit_word(usize::from(canonical(n))), usual, "{w}");
        }
        for (u, w) in [(U_FANG, "方"), (U_QI, "期"), (U_GE, "个"), (U_PERMILLE, "‰"), (U_YUAN, "元")] {
            assert_eq!(unit_word(u), w);
        }
    }

    #[test]
    fn the_decimal_exponent_is_the_logarithms() {
        let mut seed = 0x2f6b_1d3c_88e1_a4f5u64;
        let mut xs: Vec<f64> =
            (0..=22).flat_map(|k| [1.0, 1.0 + 1e-15, 1.0 - 1e-15, 1.5, 9.99].map(|m| m * POW10[k])).collect();
        for _ in 0..20_000 {
            xorshift(&mut seed);
            xs.push(f64::from_bits(seed >> 2)); // all magnitudes
            xs.push((seed % 1_000_000_007) as f64 / 1000.0);
        }
        for a in xs.into_iter().filter(|a| a.is_finite() && *a > 0.0) {
            assert_eq!(decimal_exponent(a), a.log10().floor() as i32, "{a:e}");
        }
        for (k, p) in POW10.iter().enumerate() {
            assert_eq!(*p, 10f64.powi(k as i32), "{k}");
        }
    }

    #[test]
    fn long_inputs_stay_linear() {
        // Best of five runs, so that a busy machine does not make the test flaky.
        let best = |t: &str| {
            (0..5)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let _ = quantities(t);
                    start.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        for unit in ["1", "一", "1-", "一又", "1 ", "百分之", "1,", "负", "第一", "２．", "十四五", "1个 "]
        {
            let a = best(&unit.repeat(2_000));
            let b = best(&unit.repeat(20_000));
            // 10× the input may take up to 40× the time (caches, noise), not the 100× of a quadratic scan.
            assert!(b <= a * 40 + std::time::Duration::from_millis(20), "{unit:?}: {a:?} → {b:?}");
        }
    }

    #[test]
    fn tidy_keeps_whole_numbers_and_rounds_away_noise() {
        for x in [1.0, -7.0, 1000.0, 999_999_999_999.0, 1e13, 123_456_789_012_345.0, 2f64.powi(60), -1e300] {
            assert_eq!(tidy(x), x, "{x}");
        }
        assert_eq!(tidy(36.05 * 1e8), 3_605_000_000.0);
        assert_eq!(tidy(0.1 + 0.2), 0.3);
    }

    #[test]
    fn numeral_chars_are_the_numerals() {
        for c in ['0', '9', '一', '两', '壹', '弍', '十', '拾', '百', '千', '万', '亿', '兆', '零'] {
            assert!(is_numeral_char(c), "{c}");
        }
        for c in ['a', '.', '〇', '点', '元', '半', '负', '萬', '\0'] {
            assert!(!is_numeral_char(c), "{c}");
        }
        // The table agrees with the readers, over ASCII and every ideograph.
        for c in (0..0x80).chain(0x4E00..0xA000).filter_map(char::from_u32) {
            let read = c.is_ascii_digit()
                || cn_digit(c).is_some()
                || cn_small(c).is_some()
                || cn_big(c).is_some()
                || c == '零';
            assert_eq!(is_numeral_char(c), read, "{c}");
        }
        // The set the bit table of these chars held, over every char below U+11000.
        const NUMERAL_CJK: &str = "一二三四五六七八九壹贰叁肆伍陆柒捌玖两幺弍十拾百千万亿兆零";
        for c in (0..0x11000).filter_map(char::from_u32) {
            assert_eq!(is_numeral_char(c), c.is_ascii_digit() || NUMERAL_CJK.contains(c), "{c:?}");
        }
    }

    #[test]
    fn numeral_slots_read_as_the_chains_of_compares_did() {
        let digit = |c: char| {
            Some(match c {
                '一' | '壹' | '幺' => 1.0,
                '二' | '贰' | '两' | '弍' => 2.0,
                '三' | '叁' => 3.0,
                '四' | '肆' => 4.0,
                '五' | '伍' => 5.0,
                '六' | '陆' => 6.0,
                '七' | '柒' => 7.0,
                '八' | '捌' => 8.0,
                '九' | '玖' => 9.0,
                _ => return None,
            })
        };
        let small = |c: char| match c {
            '十' | '拾' => Some(10.0),
            '百' => Some(100.0),
            '千' => Some(1000.0),
            _ => None,
        };
        let big = |c: char| match c {
            '万' => Some(1e4),
            '亿' => Some(1e8),
            '兆' => Some(1e12),
            _ => None,
        };
        let dec = |c: char| match c {
            '零' | '〇' => Some(0.0),
            '两' => None,
            d if d.is_ascii_digit() => Some(f64::from(d as u8 - b'0')),
            d => digit(d),
        };
        for c in (0..0x11000).filter_map(char::from_u32) {
            assert_eq!(cn_digit(c), digit(c), "{c:?}");
            assert_eq!(cn_small(c), small(c), "{c:?}");
            assert_eq!(cn_big(c), big(c), "{c:?}");
            assert_eq!(dec_digit(c), dec(c), "{c:?}");
        }
    }

    #[test]
    fn char_slots_hold_their_chars_and_no_other() {
        fn check<const N: usize>(table: &[u32; N], mul: u32, keys: &str) {
            for c in (0..0x11000).filter_map(char::from_u32) {
                assert_eq!(slot_code(table, mul, c) != 0, keys.contains(c), "{c:?} in {keys}");
            }
        }
        check(&NUMERAL_SLOTS, NUMERAL_MUL, NUMERAL_KEYS);
        check(&PREFIX_LAST_SLOTS, PREFIX_LAST_MUL, &PREFIX_LAST.iter().collect::<String>());
        check(&SUFFIX_FIRST_SLOTS, SUFFIX_FIRST_MUL, &SUFFIX_FIRST.iter().collect::<String>());
        check(&STOP_BEFORE_ONE_SLOTS, STOP_BEFORE_ONE_MUL, STOP_BEFORE_ONE_KEYS);
        check(&NAME_NEXT_SLOTS, NAME_NEXT_MUL, NAME_NEXT_KEYS);
        check(&INNER_SLOTS, INNER_MUL, INNER_KEYS);
        check(&RANGE_SLOTS, RANGE_MUL, RANGE_KEYS);
        // An inner qualifier's code is 1 + its index in INNER_QUALIFIERS.
        for c in INNER_KEYS.chars() {
            let code = slot_code(&INNER_SLOTS, INNER_MUL, c) as usize;
            assert_eq!(INNER_QUALIFIERS.get(code.wrapping_sub(1)).copied(), Some(c.to_string().as_str()), "{c}");
        }
        assert_eq!(INNER_KEYS.chars().count(), INNER_QUALIFIERS.len());
        use crate::analysis::figures::{AFTER_CHARS, AFTER_MUL, AFTER_SLOTS, BEFORE_CHARS, BEFORE_MUL, BEFORE_SLOTS};
        check(&BEFORE_SLOTS, BEFORE_MUL, BEFORE_CHARS);
        check(&AFTER_SLOTS, AFTER_MUL, AFTER_CHARS);
    }

    #[test]
    fn units_are_listed_once() {
        // (The scanner compares units by index: equal indexes must mean equal spellings.)
        for (n, (w, _)) in UNITS.iter().enumerate() {
            assert_eq!(unit_index(w), n, "{w} listed twice");
            assert!(usize::from(CANONICAL[n]) < UNITS.len() && usize::from(UnitIx::NO) >= UNITS.len());
        }
    }

    #[test]
    fn unit_classes_are_unit_class() {
        for (n, (w, listed)) in UNITS.iter().enumerate() {
            assert_eq!(class_of(n), unit_class(w), "{w}");
            // (The class [`UNITS`] lists agrees with it on money and percents.)
            for class in [Money, Percent] {
                assert_eq!(*listed == class, unit_class(w) == class, "{w}");
            }
        }
        assert_eq!(class_of(usize::from(UnitIx::NO)), Other);
    }

    #[test]
    fn plain_arabic_reads_as_the_general_reader() {
        // Wherever the fast reader takes a number, the general one (and the discount
        // reader, which it skips) must read the same.
        let alphabet =
            ['1', '2', '0', '9', '.', ',', '万', '亿', '千', ' ', '元', '%', '分', '之', '一', '余', '折', 'k', '/'];
        each_random_char(0x2545_F491_4F6C_DD1D, &alphabet, 8, 20_000, |s, text, i| {
            let Some(p) = s.plain_arabic(i) else { return };
            let NumRes::Ok(n) = s.numeral_frac(i) else { panic!("{text} at {i}: no numeral") };
            let fields =
                |n: &Num| (n.end, n.val.to_bits(), n.scale.to_bits(), n.scale_at, n.approx, n.arabic, n.int, n.tokens);
            assert_eq!(fields(&p), fields(&n), "{text} at {i}");
            assert!(s.special(i).is_none(), "{text} at {i}");
        });
    }

    #[test]
    fn parts_give_numbers_tidy_gives_back() {
        // (So that [`Scan::at`] may take the value at scale 1 as the number itself, below
        // 10^12: from there up a number plus a half is not one [`tidy`] gives back.)
        let alphabet = [
            '1', '3', '0', '7', '.', ',', '-', '万', '亿', '千', '百', '一', '三', '五', '点', '半', '成', '吨', '元',
            '‰', 'k', '%', '余', '个', '/', '分', '之', '又', 'e',
        ];
        let check = |s: &Scan, text: &str, i: usize| {
            let p = s.part(i, true).ok()?;
            let fixed = tidy(p.number).to_bits() == p.number.to_bits();
            assert!(p.cheng || fixed || p.number.abs() >= 1e12, "{text} at {i}: {}", p.number);
            Some(fixed)
        };
        each_random_char(0x0123_4567_89AB_CDEF, &alphabet, 10, 30_000, |s, text, i| {
            check(s, text, i);
        });
        // Numbers of 10^12 and more too (2e12吨半), which the alphabet seldom gives.
        const BIG: &[&str] = &["1", "2", "7", "0", "e11", "e12", "e13", ".5", "-", "万", "吨", "年", "半"];
        let (mut seed, mut scratch, mut rounded) = (0x0F1E_2D3C_4B5A_6978u64, Scratch::default(), 0);
        for _ in 0..30_000 {
            let t = random_text(&mut seed, BIG, 8);
            let s = scan_of(&t, &mut scratch);
            rounded += (0..s.cs.len()).filter(|&i| check(&s, &t, i) == Some(false)).count();
        }
        assert!(rounded > 0, "no part of 10^12 or more that tidy rounds");
    }

    #[test]
    fn values_from_a_trillion_up_are_tidy() {
        // At scale 1 the value is the number tidied: the number itself below 10^12 (see
        // [`Scan::at`]), rounded to 13 significant digits from there to 10^13.
        for (text, number, value) in [
            ("999999999999吨半", 999_999_999_999.5, 999_999_999_999.5),
            ("1000000000000吨半", 1_000_000_000_000.5, 1_000_000_000_001.0),
            ("1000000000000年半", 1_000_000_000_000.5, 1_000_000_000_001.0),
            ("1000000000000倍半", 1_000_000_000_000.5, 1_000_000_000_001.0),
            ("1000000000000方半", 1_000_000_000_000.5, 1_000_000_000_001.0),
            ("-1000000000000吨半", -1_000_000_000_000.5, -1_000_000_000_001.0),
            ("3e12年半", 3_000_000_000_000.5, 3_000_000_000_001.0),
            ("9999999999999吨半", 9_999_999_999_999.5, 10_000_000_000_000.0),
            ("10000000000000吨半", 10_000_000_000_000.5, 10_000_000_000_000.5),
            ("1000000000000.5吨", 1_000_000_000_001.0, 1_000_000_000_001.0),
        ] {
            let q = quantities(text);
            let q = q.first().unwrap_or_else(|| panic!("no quantity in {text}"));
            assert_eq!((q.number, q.value), (number, value), "{text}");
        }
    }

    #[test]
    fn wide_takes_the_full_width_ascii_and_no_other_char() {
        // Every char EF x1 x2 (x1, x2 continuation bytes, as in a `&str`).
        let mut cs = ['\0'; 1];
        for x1 in 0x80..=0xBF {
            for x2 in 0x80..=0xBF {
                let c = char::from_u32(code3(0xEF, x1, x2)).unwrap_or('\0');
                let mut notes = Notes::default();
                let took = notes.wide(&mut cs, 0, 0, x1, x2);
                assert_eq!(took, ('\u{FF01}'..='\u{FF5E}').contains(&c), "{c:?}");
                if took {
                    assert_eq!((cs[0], true), norm(c), "{c:?}");
                    assert_eq!(notes.wides, [0]);
                    assert_eq!(notes.starts.is_empty(), !may_start(cs[0]), "{c:?}");
                }
            }
        }
    }

    #[test]
    fn inert_punctuation_is_kept_and_starts_nothing() {
        for c in ('\u{2000}'..='\u{3100}').filter(|&c| inert_punct(c)) {
            assert_eq!(norm(c), (c, false), "{c}");
            assert!(!may_start(c), "{c}");
        }
        assert!(inert_punct('。') && inert_punct('、') && inert_punct('“') && !inert_punct('〜'));
    }

    #[test]
    fn prefix_qualifier_ends_are_all_matched() {
        for (q, c) in PREFIX_QUALIFIERS.iter().zip(PREFIX_LAST) {
            assert!(ends_prefix_qualifier(c), "{q}: {c} missing from ends_prefix_qualifier");
        }
        for (q, c) in SUFFIX_QUALIFIERS.iter().zip(SUFFIX_FIRST) {
            assert!(starts_suffix_qualifier(c), "{q}: {c} missing from starts_suffix_qualifier");
        }
    }

    #[test]
    fn never_panics_on_prefixes() {
        let t = "一、完成投资12.5亿元（约36.05亿元），增长6.5%—7%；新增5-8个，第三批，百分之五点五，九成半，八五折，2^-1，1,234，$20，负三十二，1 3/5，三分之";
        let cs: Vec<usize> = t.char_indices().map(|(b, _)| b).collect();
        for &a in &cs {
            for &b in cs.iter().filter(|&&b| b >= a) {
                let _ = quantities(&t[a..b]);
            }
        }
    }
}

//! Small text tools for the analysis: clause and sentence bounds on byte offsets, the
//! "content" character bigrams used to compare indicators, and a word-list matcher.
//!
//! Everything works on `&str` with byte offsets that are always char boundaries, and
//! never allocates per character: bigram bags go into caller-owned buffers.

use crate::numbers::{code3, inert_punct, put, special_key, Table};

/// The code point of the char at byte `p` of the UTF-8 bytes `t` and its length in bytes
/// (None at the end, or, never in a `str`, where a char is cut short). Three bytes first:
/// most chars of a report are CJK.
#[inline]
pub(crate) fn utf8_at(t: &[u8], p: usize) -> Option<(u32, usize)> {
    let m = |x: &u8| u32::from(x & 0x3F);
    Some(match t.get(p..)? {
        [a @ 0xE0..=0xEF, b, c, ..] => (code3(*a, *b, *c), 3),
        [a @ 0..=0x7F, ..] => (u32::from(*a), 1),
        [a @ 0xC0..=0xDF, b, ..] => (u32::from(a & 0x1F) << 6 | m(b), 2),
        [a, b, c, d, ..] => (u32::from(a & 0x07) << 18 | m(b) << 12 | m(c) << 6 | m(d), 4),
        _ => return None,
    })
}

/// Ends a sentence: a figure's estimate marker (预计) and period reach no further.
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '\n' | '！' | '!' | '？' | '?')
}

/// Ends a clause: the unit in which a figure's subject is looked for.
pub(crate) fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '：' | ':' | '（' | '(' | '）' | ')')
}

/// The byte offset after the last char before `i` for which `stop` holds (0 if none): the
/// reference for [`Index`]'s clause lookups.
#[cfg(test)]
pub(crate) fn back_to(s: &str, i: usize, stop: impl Fn(char) -> bool) -> usize {
    let i = floor(s, i);
    s[..i].char_indices().rev().find(|&(_, c)| stop(c)).map_or(0, |(j, c)| j + c.len_utf8())
}

/// The byte offset of the first char at or after `i` for which `stop` holds (len if none):
/// the reference for [`Index`]'s clause lookups.
#[cfg(test)]
pub(crate) fn forward_to(s: &str, i: usize, stop: impl Fn(char) -> bool) -> usize {
    let i = floor(s, i);
    s[i..].char_indices().find(|&(_, c)| stop(c)).map_or(s.len(), |(j, _)| i + j)
}

/// `i` clamped to the text and moved down to a char boundary.
pub(crate) fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `s[a..b]`, clamped and on char boundaries; never panics.
pub(crate) fn slice(s: &str, a: usize, b: usize) -> &str {
    let b = floor(s, b);
    let a = floor(s, a.min(b));
    &s[a..b]
}

/// Characters too common in report language to say which indicator a phrase is about
/// (verbs of progress, scope words, units of time). A bigram made only of these says nothing.
/// All are CJK ideographs (U+4E00..U+9FFF).
const STOP_CHARS: [char; 117] = [
    '全', '区', '市', '县', '级', '以', '上', '下', '新', '增', '完', '成', '实', '现', '年', '月', '半', '的', '和',
    '及', '与', '等', '已', '共', '计', '累', '达', '到', '在', '为', '目', '前', '各', '类', '其', '中', '同', '比',
    '长', '速', '幅', '降', '预', '截', '至', '止', '今', '将', '了', '均', '分', '别', '个', '家', '户', '所', '项',
    '处', '座', '人', '名', '万', '亿', '元', '力', '争', '确', '保', '努', '加', '快', '推', '进', '动', '积', '极',
    '大', '深', '入', '开', '展', '施', '次', '约', '近', '超', '过', '突', '破', '稳', '定', '控', '制', '内', '左',
    '右', '余', '多', '高', '低', '于', '度', '季', '第', '是', '对', '向', '由', '从', '并', '或', '被', '把', '要',
    '使', '正', '再',
];

/// One bit per ideograph of U+4E00..U+9FFF, set for [`STOP_CHARS`]: [`is_stop`] is one
/// load and a bit test, not a search through the list.
const STOP_BITS: [u64; 0x5200 / 64] = {
    let mut bits = [0u64; 0x5200 / 64];
    let mut k = 0;
    while k < STOP_CHARS.len() {
        let i = STOP_CHARS[k] as usize - 0x4E00;
        bits[i / 64] |= 1u64 << (i % 64);
        k += 1;
    }
    bits
};

/// Whether `c` is one of [`STOP_CHARS`].
#[inline]
fn is_stop(c: char) -> bool {
    let i = (c as usize).wrapping_sub(0x4E00);
    STOP_BITS.get(i / 64).is_some_and(|w| w & (1u64 << (i % 64)) != 0)
}

/// Two-character words that appear next to almost every figure and so identify nothing.
fn is_stop_pair(p: char, c: char) -> bool {
    matches!(
        (p, c),
        ('企', '业')
            | ('项', '目')
            | ('工', '作')
            | ('建', '设')
            | ('发', '展')
            | ('全', '面')
            | ('有', '序')
            | ('工', '程')
            | ('任', '务')
            | ('目', '标')
            | ('情', '况')
            | ('总', '量')
            | ('进', '度')
            | ('涪', '陵')
            | ('重', '庆')
            | ('我', '区')
    )
}

/// Whether a char counts for comparing indicators (CJK or ASCII alphanumeric).
fn is_word_char(c: char) -> bool {
    super::is_alphanumeric(c) && !c.is_ascii_digit() && !('０'..='９').contains(&c)
}

/// Pushes the content bigrams of `s` (adjacent word chars, not both stop chars, not a stop
/// pair) into `out` as packed `u64`s. Digits break bigrams: figures are not indicators.
pub(crate) fn bigrams_into(s: &str, out: &mut Vec<u64>) {
    bigrams_and_chars(s, out, None);
}

/// [`bigrams_into`] `out`, and when `chars` is given, fill it with the distinct content
/// chars (not stop chars) of `s`, sorted, in the same pass: the [`shared`] count of two
/// such sets is how many distinct content chars of one occur in the other.
pub(crate) fn bigrams_and_chars(s: &str, out: &mut Vec<u64>, mut chars: Option<&mut Vec<u64>>) {
    if let Some(v) = chars.as_deref_mut() {
        v.clear();
    }
    // The previous word char (upper-cased) and whether it is a stop char.
    let mut prev: Option<(char, bool)> = None;
    for raw in s.chars() {
        let c = raw.to_ascii_uppercase();
        // Most chars are common CJK ideographs: word chars, without the full test.
        if !(('\u{4E00}'..='\u{9FFF}').contains(&c) || is_word_char(c)) {
            prev = None;
            continue;
        }
        let stop = is_stop(c);
        if let Some((p, p_stop)) = prev {
            if !(p_stop && stop || is_stop_pair(p, c)) {
                out.push(((p as u64) << 32) | c as u64);
            }
        }
        if !stop {
            if let Some(v) = chars.as_deref_mut() {
                v.push(raw as u64);
            }
        }
        prev = Some((c, stop));
    }
    if let Some(v) = chars {
        finish_bag(v);
    }
}

/// Sorts and dedups a bag built by [`bigrams_into`].
pub(crate) fn finish_bag(v: &mut Vec<u64>) {
    v.sort_unstable();
    v.dedup();
}

/// How many bigrams two finished bags share.
pub(crate) fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Whether `around` names the head noun of `indicator` (its last two word chars) as its
/// own head: nothing but stop words after it, and no other modifier right before it.
/// "完成投资" names the head of "固定资产投资"; "新增市级骨干专业" does not name "市级优质专业".
pub(crate) fn names_head(indicator: &str, around: &str) -> bool {
    let mut w = indicator.chars().rev().filter(|&c| is_word_char(c));
    let (Some(b), Some(a)) = (w.next(), w.next()) else {
        return false;
    };
    if is_stop(a) && is_stop(b) {
        return false;
    }
    let mut head = [0u8; 8];
    let head = {
        let n = a.encode_utf8(&mut head).len();
        let m = b.encode_utf8(&mut head[n..]).len();
        std::str::from_utf8(&head[..n + m]).unwrap_or("")
    };
    let Some(at) = around.rfind(head) else {
        return false;
    };
    let after_ok = around[at + head.len()..].chars().all(|c| !is_word_char(c) || is_stop(c));
    let before_ok = around[..at].chars().next_back().is_none_or(|c| !is_word_char(c) || "成增计达到为已共".contains(c));
    after_ok && before_ok
}

/// Whether `s` names something: it has at least two content (non-stop word) chars.
pub(crate) fn has_subject(s: &str) -> bool {
    // Ideographs (most chars) are word chars without the full test; stop chars are all
    // ideographs.
    let content = |c: char| if ('\u{4E00}'..='\u{9FFF}').contains(&c) { !is_stop(c) } else { is_word_char(c) };
    // From the end: the words next to a figure are usually its subject's noun, while a
    // clause tends to open with stop words (上半年，全区…). Either way two are needed.
    // Ideographs are read from their three bytes (a lead byte three back from a char
    // boundary starts the last char); anything else by the decoder.
    let b = s.as_bytes();
    let (mut end, mut found) = (b.len(), 0);
    loop {
        let is_content = match b.get(..end) {
            Some([.., b0 @ 0xE4..=0xE9, b1, b2]) => {
                end -= 3;
                let c = code3(*b0, *b1, *b2);
                match c.checked_sub(0x4E00) {
                    Some(i) => STOP_BITS.get(i as usize / 64).is_none_or(|w| w & (1u64 << (i % 64)) == 0),
                    None => char::from_u32(c).is_some_and(is_word_char),
                }
            }
            Some([]) | None => return false,
            Some(_) => match s.get(..end).and_then(|t| t.chars().next_back()) {
                Some(c) => {
                    end -= c.len_utf8();
                    content(c)
                }
                None => return false,
            },
        };
        if is_content {
            found += 1;
            if found == 2 {
                return true;
            }
        }
    }
}

/// `s.trim()`, without decoding or a Unicode table lookup when both ends are plainly not
/// whitespace (ASCII graphics, CJK ideographs): the case for most figures and phrases.
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let plain_start = matches!(b.first(), Some(0x21..=0x7E | 0xE4..=0xE9));
    let plain_end = match b.last() {
        Some(0x21..=0x7E) => true,
        // The last char starts three bytes back with a lead byte of U+4000..U+9FFF.
        Some(0x80..=0xBF) => matches!(b.len().checked_sub(3).and_then(|k| b.get(k)), Some(0xE4..=0xE9)),
        _ => false,
    };
    if plain_start && plain_end {
        s
    } else {
        s.trim()
    }
}

/// Whether `s` is a 、 alone, but for whitespace around it.
#[inline]
pub(crate) fn is_lone_pause(s: &str) -> bool {
    // A quick no when the first byte starts neither 、 nor any whitespace char.
    matches!(s.as_bytes().first(), Some(0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3)) && s.trim() == "、"
}

/// `s.starts_with(w)` for short words, by a byte loop (no library call per try).
#[inline]
pub(crate) fn starts_with(s: &str, w: &str) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    s.len() >= w.len() && s.iter().zip(w).all(|(a, b)| a == b)
}

/// `hay.contains(needle)` for a short text and word, by a byte loop (no searcher to set up):
/// a match of the bytes of a `str` in a `str` is a match of its chars.
pub(crate) fn contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else { return true };
    let mut t = h;
    while let Some(k) = t.iter().position(|&b| b == first) {
        t = t.get(k + 1..).unwrap_or_default();
        if t.len() >= rest.len() && t.iter().zip(rest).all(|(a, b)| a == b) {
            return true;
        }
    }
    false
}

/// A word list for fast matching. An entry may hold one gap, written `*`: `未*下达` matches
/// 未 followed by 下达 within [`GAP`] chars and no sentence or clause end between.
pub(crate) struct Words {
    /// (head, tail after the gap), in the order given.
    entries: Vec<(String, String)>,
    /// Entry indexes grouped by the head's first char, sorted by that char: a lookup at a
    /// position costs one binary search, whatever the list's length.
    by_first: Vec<(char, Vec<usize>)>,
    /// Every first char: most positions are rejected here.
    mask: CharFilter,
    /// Bit `b % 64` set for the last byte `b` of every entry without a gap: a text whose
    /// last byte is not among them ends with no entry ([`Words::suffix_of`]).
    last_bytes: u64,
}

/// The longest gap a `*` in a word list may bridge, in chars.
pub(crate) const GAP: usize = 10;

/// A filter of chars, one bit per `code % 1024`: most chars tested are not in the set,
/// and the filter rejects them by one load and one bit test (a common CJK text spreads
/// its chars over the low ten bits evenly enough). False positives possible, no false
/// negatives.
#[derive(Default, Clone)]
pub(crate) struct CharFilter([u64; 16]);

impl CharFilter {
    #[inline]
    fn slot(c: u32) -> (usize, u64) {
        let b = c as usize % 1024;
        (b / 64, 1 << (b % 64))
    }

    pub(crate) fn insert(&mut self, c: u32) {
        let (w, b) = Self::slot(c);
        if let Some(x) = self.0.get_mut(w) {
            *x |= b;
        }
    }

    #[inline]
    pub(crate) fn may_hold(&self, c: u32) -> bool {
        let (w, b) = Self::slot(c);
        self.0.get(w).is_some_and(|x| x & b != 0)
    }
}

/// A match of a [`Words`] entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    /// Byte range of the whole match.
    pub span: [usize; 2],
    /// Index of the entry in the list as given.
    pub word: usize,
}

impl Words {
    /// Builds a matcher over `list` (empty entries are ignored).
    pub(crate) fn new<S: AsRef<str>>(list: &[S]) -> Words {
        // One body for every kind of list (&str, String): the split into entries is the
        // only part that knows the kind.
        Words::of_entries(
            list.iter()
                .map(|w| {
                    let w = w.as_ref().trim();
                    match w.split_once('*') {
                        Some((h, t)) => (h.to_string(), t.to_string()),
                        None => (w.to_string(), String::new()),
                    }
                })
                .collect(),
        )
    }

    /// [`Words::new`] of the entries (head, tail after the gap).
    fn of_entries(entries: Vec<(String, String)>) -> Words {
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        for (k, (h, _)) in entries.iter().enumerate() {
            let Some(c) = h.chars().next() else { continue };
            match by_first.iter_mut().find(|(f, _)| *f == c) {
                Some((_, v)) => v.push(k),
                None => by_first.push((c, vec![k])),
            }
        }
        by_first.sort_by_key(|(c, _)| *c);
        let mut mask = CharFilter::default();
        for (c, _) in &by_first {
            mask.insert(*c as u32);
        }
        let last_bytes = entries
            .iter()
            .filter(|(_, tail)| tail.is_empty())
            .filter_map(|(h, _)| h.as_bytes().last())
            .fold(0u64, |bits, b| bits | 1u64 << (b % 64));
        Words { entries, by_first, mask, last_bytes }
    }

    /// Whether an entry may start with `c` (false positives possible, no false negatives).
    #[inline]
    fn may_start(&self, c: char) -> bool {
        self.mask.may_hold(c as u32)
    }

    /// The longest entry matching at byte `i` of `s`, if any.
    pub(crate) fn at(&self, s: &str, i: usize) -> Option<Hit> {
        let first = s.get(i..)?.chars().next()?;
        if !self.may_start(first) {
            return None;
        }
        self.at_char(s, i, first)
    }

    /// [`Words::at`] once the char at `i` is known to be `first`.
    fn at_char(&self, s: &str, i: usize, first: char) -> Option<Hit> {
        let group = self.by_first.binary_search_by_key(&first, |(c, _)| *c).ok().and_then(|g| self.by_first.get(g))?;
        let mut best: Option<Hit> = None;
        for &k in &group.1 {
            let Some((head, tail)) = self.entries.get(k) else {
                continue;
            };
            let Some(end) = entry_end(s, i, head, tail) else {
                continue;
            };
            if best.map(|b| end > b.span[1]).unwrap_or(true) {
                best = Some(Hit { span: [i, end], word: k });
            }
        }
        best
    }

    /// The first match in `s[i..to]` that ends by `to` (`i` and `to` char boundaries).
    /// Only chars that may start an entry are tried, without decoding any char twice.
    #[cfg(test)]
    fn next_hit(&self, s: &str, i: usize, to: usize) -> Option<Hit> {
        let part = s.get(i..to)?;
        for (j, c) in part.char_indices() {
            if self.may_start(c) {
                if let Some(h) = self.at_char(s, i + j, c) {
                    if h.span[1] <= to {
                        return Some(h);
                    }
                }
            }
        }
        None
    }

    /// Every match in `s[from..to]`, left to right, without overlaps (longest first).
    #[cfg(test)]
    pub(crate) fn find_in(&self, s: &str, from: usize, to: usize, out: &mut Vec<Hit>) {
        let to = floor(s, to);
        let mut i = floor(s, from);
        while let Some(h) = self.next_hit(s, i, to) {
            out.push(h);
            i = h.span[1];
        }
    }

    /// The last match in `s[from..to]`, scanning left to right without overlaps (the
    /// reference for [`Index::last_in`]).
    #[cfg(test)]
    pub(crate) fn last_in(&self, s: &str, from: usize, to: usize) -> Option<Hit> {
        let to = floor(s, to);
        let mut i = floor(s, from);
        let mut last = None;
        while let Some(h) = self.next_hit(s, i, to) {
            last = Some(h);
            i = h.span[1];
        }
        last
    }

    /// Whether any entry occurs in `s[from..to]`.
    #[cfg(test)]
    pub(crate) fn any_in(&self, s: &str, from: usize, to: usize) -> bool {
        // The scan finds a last match exactly when it finds a first one.
        self.next_hit(s, floor(s, from), floor(s, to)).is_some()
    }

    /// The longest entry that `s[..to]` ends with, as its byte start.
    pub(crate) fn suffix_of(&self, s: &str, to: usize) -> Option<usize> {
        let t = slice(s, 0, to).as_bytes();
        if self.last_bytes & (1u64 << (t.last()? % 64)) == 0 {
            return None;
        }
        // Compared from the last byte back, by a byte loop: a word that does not end the
        // text usually differs in its last byte.
        let ends_with = |h: &[u8]| h.len() <= t.len() && t.iter().rev().zip(h.iter().rev()).all(|(a, b)| a == b);
        self.entries
            .iter()
            .filter(|(h, tail)| tail.is_empty() && !h.is_empty() && ends_with(h.as_bytes()))
            .map(|(h, _)| t.len() - h.len())
            .min()
    }

    /// The longest entry that `s[from..]` starts with, as its byte end.
    pub(crate) fn prefix_of(&self, s: &str, from: usize) -> Option<usize> {
        self.at(s, floor(s, from)).map(|h| h.span[1])
    }
}

/// Where `head`, then (when `tail` is not empty) a gap of at most [`GAP`] chars with no
/// clause end, then `tail`, matching at byte `i` of `s`, ends; None when they do not match.
#[inline]
fn entry_end(s: &str, i: usize, head: &str, tail: &str) -> Option<usize> {
    if !starts_with(s.get(i..)?, head) {
        return None;
    }
    let end = i + head.len();
    if tail.is_empty() {
        return Some(end);
    }
    let after = s.get(end..)?;
    for (n, (j, c)) in after.char_indices().enumerate() {
        if n > GAP || is_clause_end(c) {
            return None;
        }
        if starts_with(after.get(j..)?, tail) {
            return Some(end + j + tail.len());
        }
    }
    None
}

/// What a char means to [`Scanner::scan_table`]: bits of [`MARK_CLAUSE`],
/// [`MARK_SENTENCE`], [`MARK_PAUSE`], [`MARK_QUOTE`] (with [`MARK_OPENS`] and
/// [`MARK_CLOSES`]).
#[inline]
const fn mark_of(c: char) -> u8 {
    match c {
        '。' | '；' | ';' | '\n' | '！' | '!' | '？' | '?' => MARK_CLAUSE | MARK_SENTENCE,
        '，' | ',' | '：' | ':' | '（' | '(' | '）' | ')' => MARK_CLAUSE,
        '、' => MARK_PAUSE,
        // A mismatched closer (“…“) counts as a closer.
        '“' | '‘' | '"' => MARK_QUOTE | MARK_OPENS | MARK_CLOSES,
        '「' | '『' | '《' => MARK_QUOTE | MARK_OPENS,
        '”' | '’' | '」' | '』' | '》' => MARK_QUOTE | MARK_CLOSES,
        _ => 0,
    }
}
/// [`mark_of`] for an ASCII byte, by a table.
#[inline]
fn ascii_mark(b: u8) -> u8 {
    const TABLE: [u8; 128] = {
        let mut t = [0u8; 128];
        let mut b = 0;
        while b < 128 {
            t[b] = mark_of(b as u8 as char);
            b += 1;
        }
        t
    };
    TABLE.get(usize::from(b)).copied().unwrap_or(0)
}
/// [`mark_of`] for a three-byte char, from its bytes, by a table: every mark that is not
/// ASCII lies in U+2000..U+203F, U+3000..U+303F or U+FF00..U+FF3F.
#[inline]
fn mark3(b0: u8, b1: u8, b2: u8) -> u8 {
    const fn block(base: u32) -> [u8; 64] {
        let mut t = [0u8; 64];
        let mut k = 0;
        while k < 64 {
            t[k] = match char::from_u32(base + k as u32) {
                Some(c) => mark_of(c),
                None => 0,
            };
            k += 1;
        }
        t
    }
    const PUNCT: [u8; 64] = block(0x2000);
    const CJK: [u8; 64] = block(0x3000);
    const FULL: [u8; 64] = block(0xFF00);
    let t = match (b0, b1) {
        (0xE2, 0x80) => &PUNCT,
        (0xE3, 0x80) => &CJK,
        (0xEF, 0xBC) => &FULL,
        _ => return 0,
    };
    t[usize::from(b2 & 0x3F)]
}
const MARK_CLAUSE: u8 = 1;
const MARK_SENTENCE: u8 = 2;
const MARK_PAUSE: u8 = 4;
const MARK_QUOTE: u8 = 8;
/// A quotation mark that opens a quotation when none is open.
const MARK_OPENS: u8 = 16;
/// A quotation mark that closes the open quotation.
const MARK_CLOSES: u8 = 32;
/// [`Index::quotes`]: no quotation open.
const NOT_OPEN: usize = usize::MAX;

/// One entry of a [`Scanner`]: which list and word it is, and its text around the gap.
struct Entry {
    list: usize,
    word: usize,
    head: String,
    tail: String,
    /// Byte length of the head's first char (known to match when the entry is tried).
    first_len: usize,
    /// The first eight bytes of the head after its first char (fewer when it is shorter)
    /// as a little-endian u64, and the mask of the bytes it has: most heads are compared
    /// with the text by one masked compare ([`Entry::end_at`]).
    next: u64,
    next_mask: u64,
    /// The tail's first byte (0 when there is no tail).
    tail_first: u8,
    /// No tail, and no head bytes past `next`: `next` decides.
    plain: bool,
}

impl Entry {
    /// [`entry_end`] at byte `i` of `s`, where the head's first char is known to be.
    /// `gap` holds the chars a tail may start at after a head end, shared by the entries
    /// that end a head there (several gapped entries often share a head, as 比*增加 and
    /// 比*减少 do): the text after the head is decoded once, not once per entry.
    /// `next8` is the eight bytes after the first char as a little-endian u64, zero past
    /// the end of `s`.
    #[inline]
    fn end_at(&self, s: &str, i: usize, next8: u64, gap: &mut Gap) -> Option<usize> {
        let (head, bytes) = (self.head.as_bytes(), s.as_bytes());
        let end = i + head.len();
        // The head must fit in the text: then the masked bytes are all the text's own.
        if next8 & self.next_mask != self.next || end > bytes.len() {
            return None;
        }
        let long = self.first_len + 8;
        if head.len() > long {
            // A byte loop, not a slice comparison (a library call): heads this long are few.
            let (have, want) = (bytes.get(i + long..end)?, head.get(long..)?);
            if !have.iter().zip(want).all(|(a, b)| a == b) {
                return None;
            }
        }
        if self.tail.is_empty() {
            return Some(end);
        }
        let after = s.get(end..)?;
        if gap.after != Some(end) {
            gap.fill(after.as_bytes(), end);
        }
        // The tail's first byte before the rest: most gap chars differ in it. The bytes of
        // a `str` matched at a char start are a match of its chars.
        let a = after.as_bytes();
        for &j in gap.starts.get(..gap.len).unwrap_or(&[]) {
            let j = usize::from(j);
            if a.get(j) == Some(&self.tail_first) && starts_with(after.get(j..)?, &self.tail) {
                return Some(end + j + self.tail.len());
            }
        }
        None
    }
}

/// Where a gapped entry's tail may start: the first [`GAP`] + 1 chars after a head end, up
/// to a clause end, as byte offsets after the head end (at most 44: four bytes a char).
#[derive(Default)]
struct Gap {
    /// The head end they follow, if filled.
    after: Option<usize>,
    starts: [u8; GAP + 1],
    len: usize,
}

impl Gap {
    /// Fills the gap after the head end `end`, followed by the bytes `after` (a `str`'s,
    /// from a char boundary): the chars are told by their lead bytes, and clause ends by
    /// the mark tables, without decoding.
    fn fill(&mut self, after: &[u8], end: usize) {
        self.after = Some(end);
        self.len = 0;
        let mut j = 0usize;
        while let Some(slot) = self.starts.get_mut(self.len) {
            let (width, mark) = match *after.get(j..).unwrap_or_default() {
                [b0 @ 0..=0x7F, ..] => (1, ascii_mark(b0)),
                [b0 @ 0xE0..=0xEF, b1, b2, ..] => (3, mark3(b0, b1, b2)),
                [0xC0..=0xDF, ..] => (2, 0),
                [0xF0..=0xFF, ..] => (4, 0),
                // The end (a continuation byte never starts a char of a `str`).
                _ => break,
            };
            let Ok(at) = u8::try_from(j) else { break };
            if mark & MARK_CLAUSE != 0 {
                break;
            }
            *slot = at;
            self.len += 1;
            j += width;
        }
    }
}

/// Several [`Words`] lists matched together in one pass over a text, built once per
/// report. A cell is decoded once; every figure then asks [`Index`] about its window
/// instead of scanning the window again for every list.
pub(crate) struct Scanner {
    /// Every entry of every list, grouped by the head's first char; within a group in
    /// list order, then in the list's own order (so ties go to the earlier entry).
    entries: Vec<Entry>,
    /// Per first char, sorted by it: the char, where its group is in `entries`, and a
    /// filter on the char after it ([`second_filter`]).
    groups: Vec<Group>,
    /// For each `c % 4096`: 0 when no entry starts with such a char, else 1 + the index
    /// of the one group with such a first char, or [`SHARED`] when several have one. A
    /// char that starts nothing (most prose) costs one load.
    slots: Box<[u16; 4096]>,
    /// The filters on ideographs and the char after them.
    ideo: Box<Ideo>,
    /// For each byte: an ASCII char that is neither a mark nor the first char of an entry.
    ascii_quiet: [bool; 256],
    /// How many lists.
    lists: usize,
}

/// A [`Scanner`]'s filters on ideographs, in one allocation: the skip over chars that start
/// nothing then needs one base address (one register in the scan's loop).
struct Ideo {
    /// At [`ideo_key`] of an ideograph's last two bytes (its code point mod 4096): 0 when
    /// no entry starts with such a char, else where the filter on the next char is in
    /// `seconds`. One byte a key keeps the table small (16 KB) and the skip over runs of
    /// chars that start nothing to a load and a test per char.
    keys: [u8; 0x4000],
    /// The union of [`Group::second`] of the groups whose first chars share a key of
    /// `keys` (index 0 unused; index 255 also stands for every key past the 254th, and
    /// lets everything through).
    seconds: [u64; 256],
}

impl Ideo {
    /// The index in `seconds` of the chars whose code points are `low` mod 4096, giving
    /// their key the number `next` first if it has none (build time only).
    fn key_slot(&mut self, low: u32, next: &mut u8) -> usize {
        let key = &mut self.keys[ideo_key((low >> 6) as u8, (low & 0x3F) as u8)];
        if *key == 0 {
            *key = *next;
            *next = next.saturating_add(1);
        }
        usize::from(*key)
    }
}

/// Stores the ideograph of bytes `b0`, `b1`, `b2` (code point `c`), char `n` at byte `at`,
/// in the numbers' table: one by one ([`crate::numbers::Notes::char`]) when its key is
/// [`special_key`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn store3(cs: &mut [char], notes: &mut crate::numbers::Notes, n: usize, at: usize, b0: u8, b1: u8, b2: u8, c: u32) {
    if special_key(c % 4096) {
        notes.char(cs, n, at, c);
    } else {
        put(cs, n, b0, b1, b2);
    }
}

/// Where the ideograph ending in bytes `b1`, `b2` is in [`Ideo::keys`]: their
/// low six bits (bits 6..12 and 0..6 of the code point), read as one little-endian 16-bit
/// word: one load and one mask.
#[inline(always)]
fn ideo_key(b1: u8, b2: u8) -> usize {
    usize::from(u16::from_le_bytes([b1, b2]) & 0x3F3F)
}

/// The entries of a [`Scanner`] that start with one char.
struct Group {
    first: char,
    entries: std::ops::Range<usize>,
    /// Bit `b % 64` set for the last byte `b` of every entry's second char, when every
    /// entry has a three-byte second char (all bits set otherwise): a position whose
    /// next char ends in no such byte matches no entry of the group. Most positions of
    /// a common char such as 成 or 建 are turned away by this one bit test.
    second: u64,
}

/// [`Group::second`] for entries starting with a char of `first_len` bytes.
fn second_filter<'a>(heads: impl Iterator<Item = &'a str>, first_len: usize) -> u64 {
    let mut bits = 0u64;
    for h in heads {
        let b = h.as_bytes();
        match (b.get(first_len), b.get(first_len + 2)) {
            (Some(0xE0..=0xEF), Some(last)) => bits |= 1u64 << (last % 64),
            _ => return !0,
        }
    }
    bits
}

/// A slot of [`Scanner::slots`] that several first chars share: binary search the groups.
const SHARED: u16 = u16::MAX;

impl Scanner {
    /// A scanner over `lists`; list `n` of the answers is `lists[n]`.
    pub(crate) fn new(lists: &[&Words]) -> Scanner {
        let mut entries: Vec<(char, Entry)> = Vec::new();
        for (list, w) in lists.iter().enumerate() {
            for (word, (head, tail)) in w.entries.iter().enumerate() {
                // As in `Words`: an entry with an empty head never matches.
                let Some(c) = head.chars().next() else { continue };
                let (first_len, tail_first) = (c.len_utf8(), tail.as_bytes().first().copied().unwrap_or(0));
                let (mut next, mut next_mask) = (0u64, 0u64);
                for (k, &b) in head.as_bytes().iter().skip(first_len).take(8).enumerate() {
                    next |= u64::from(b) << (8 * k);
                    next_mask |= 0xFF << (8 * k);
                }
                let plain = tail.is_empty() && head.len() <= first_len + 8;
                let (head, tail) = (head.clone(), tail.clone());
                entries.push((c, Entry { list, word, head, tail, first_len, next, next_mask, tail_first, plain }));
            }
        }
        // Stable: keeps list, then word order within a group.
        entries.sort_by_key(|(c, _)| *c);
        let mut groups: Vec<Group> = Vec::new();
        for (k, (c, _)) in entries.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if g.first == *c => g.entries.end = k + 1,
                _ => groups.push(Group { first: *c, entries: k..k + 1, second: 0 }),
            }
        }
        for g in &mut groups {
            let heads = entries.get(g.entries.clone()).unwrap_or(&[]).iter().map(|(_, e)| e.head.as_str());
            g.second = second_filter(heads, g.first.len_utf8());
        }
        let mut slots = Box::new([0u16; 4096]);
        for (g, group) in groups.iter().enumerate() {
            let slot = &mut slots[group.first as usize % 4096];
            *slot = match u16::try_from(g + 1) {
                Ok(n) if *slot == 0 && n != SHARED => n,
                _ => SHARED,
            };
        }
        let mut ideo = Box::new(Ideo { keys: [0u8; 0x4000], seconds: [0u64; 256] });
        let mut next = 1u8;
        // Only the keys of first chars are not 0.
        for g in &groups {
            let key = ideo.key_slot(g.first as u32 % 4096, &mut next);
            let seconds = &mut ideo.seconds[key];
            *seconds = if key == usize::from(u8::MAX) { !0 } else { *seconds | g.second };
        }
        // The chars the numbers' table must look at one by one ([`special_key`]) are
        // never quiet (see [`Scanner::scan_table`]).
        for k in 0..4096u32 {
            if special_key(k) {
                let key = ideo.key_slot(k, &mut next);
                ideo.seconds[key] = !0;
            }
        }
        let mut ascii_quiet = [false; 256];
        for (b, q) in ascii_quiet.iter_mut().enumerate().take(128) {
            *q = slots[b] == 0 && ascii_mark(b as u8) == 0;
        }
        Scanner {
            entries: entries.into_iter().map(|(_, e)| e).collect(),
            groups,
            slots,
            ideo,
            ascii_quiet,
            lists: lists.len(),
        }
    }

    /// The entries that may match at byte `i` of `s`, where the char with code point `c`,
    /// of `w` bytes, is; `slot` is the slot of `c % 4096`.
    #[inline]
    fn group(&self, slot: u16, c: u32, s: &str, i: usize, w: usize) -> Option<&[Entry]> {
        let g = match slot {
            0 => return None,
            SHARED => self.groups.binary_search_by_key(&c, |g| u32::from(g.first)).ok()?,
            n => usize::from(n) - 1,
        };
        let g = self.groups.get(g)?;
        // The next char first: it turns most positions away, and needs no code point.
        if g.second != !0 {
            let last = s.as_bytes().get(i + w + 2)?;
            if g.second & (1u64 << (last % 64)) == 0 {
                return None;
            }
        }
        if u32::from(g.first) != c {
            return None;
        }
        self.entries.get(g.entries.clone())
    }

    /// [`Scanner::scan_table`] into a table of its own, for tests that look at `ix` alone.
    #[cfg(test)]
    pub(crate) fn scan(&self, s: &str, ix: &mut Index) {
        self.scan_table(s, ix, &mut Table::default());
    }

    /// Decodes `s` once, filling `ix` with the matches of every list (the longest at each
    /// position, ties to the earlier entry, exactly as [`Words::at`]) and the positions of
    /// clause ends, sentence ends, 、 and quotation marks, and on the way the numbers'
    /// per-char table of `s` ([`Table`]): one pass over a cell serves both.
    pub(crate) fn scan_table(&self, s: &str, ix: &mut Index, table: &mut Table) {
        ix.reset(self.lists, s.len());
        let (cs, notes) = table.begin(s.len());
        let bytes = s.as_bytes();
        // A byte loop on the rest of the text rather than `char_indices`: a CJK ideograph
        // (most of the text) is never a mark, and is tested against the lists' first chars
        // by its last two bytes alone (they hold its code point mod 4096), then against the
        // group's second chars by the next char's last byte (as in [`Scanner::group`]); it
        // is decoded only when both may match, or to be stored in the table. The keys of
        // the chars the table must look at ([`special_key`]) are never quiet: a quiet
        // ideograph is stored as it is. ASCII is stored on the spot, and looked at further
        // only when it is not quiet. Everything else goes to [`Scanner::step`] and
        // [`crate::numbers::Notes::char`]. `n` counts the chars.
        let mut t = bytes;
        let mut n = 0;
        loop {
            // Ideographs while six bytes remain (the next char's last byte is the filter
            // byte). One test tells the quiet ones (most of the text), stored in the table
            // as they are; the others are handled here too, so that the loop is left only
            // for a char that is no ideograph.
            while let [b0 @ 0xE4..=0xE9, b1, b2, _, _, c2, ..] = *t {
                // The key (the code point's last two bytes' low six bits) serves the code point too.
                let k = ideo_key(b1, b2);
                if self.quiet_key(k, c2) {
                    put(cs, n, b0, b1, b2);
                } else {
                    let at = bytes.len() - t.len();
                    // (A char that is not quiet only for the table's sake starts no entry:
                    // its slot, the first thing [`Scanner::hits_at`] asks, is empty.)
                    let c = code3(b0, b1, b2);
                    if self.slots[c as usize % 4096] != 0 {
                        self.hits_at(s, at, c, 3, ix);
                    }
                    store3(cs, notes, n, at, b0, b1, b2, c);
                }
                n += 1;
                t = t.get(3..).unwrap_or_default();
            }
            let at = bytes.len() - t.len();
            match t {
                [b0 @ 0xE4..=0xE9, b1, b2, rest @ ..] => {
                    // At the end, with no next char, only [`Scanner::hits_at`] can tell.
                    // (A char that is not quiet only for the table's sake starts no entry:
                    // its slot, the first thing [`Scanner::hits_at`] asks, is empty.)
                    let c = code3(*b0, *b1, *b2);
                    if self.slots[c as usize % 4096] != 0
                        && !rest.get(2).is_some_and(|&next| self.quiet(*b1, *b2, next))
                    {
                        self.hits_at(s, at, c, 3, ix);
                    }
                    store3(cs, notes, n, at, *b0, *b1, *b2, c);
                    n += 1;
                    t = rest;
                    continue;
                }
                [0..=0x7F, ..] => {
                    // A run of ASCII (digits mostly) a byte a step: most neither mark nor
                    // start anything.
                    while let [b @ 0..=0x7F, rest @ ..] = t {
                        let at = bytes.len() - t.len();
                        notes.ascii(cs, n, at, *b);
                        if !self.ascii_quiet[usize::from(*b)] {
                            self.step(s, at, ix);
                        }
                        n += 1;
                        t = rest;
                    }
                    continue;
                }
                [b0 @ (0xE2 | 0xE3 | 0xEF), b1, b2, rest @ ..] if self.ideo.keys[ideo_key(*b1, *b2)] == 0 => {
                    // Punctuation that starts no entry (the key is its code point mod 4096).
                    let m = mark3(*b0, *b1, *b2);
                    if m != 0 {
                        ix.mark(m, at, at + 3);
                    }
                    // Most is kept as it is in the table and starts no quantity, or is
                    // full-width ASCII.
                    let wide = *b0 == 0xEF && notes.wide(cs, n, at, *b1, *b2);
                    if !wide {
                        let c = code3(*b0, *b1, *b2);
                        if char::from_u32(c).is_some_and(inert_punct) {
                            put(cs, n, *b0, *b1, *b2);
                        } else {
                            notes.char(cs, n, at, c);
                        }
                    }
                    n += 1;
                    t = rest;
                    continue;
                }
                [] => break,
                _ => {}
            }
            // The char the word scan decodes goes into the table too.
            let Some((c, w)) = self.step(s, at, ix) else { break };
            notes.char(cs, n, at, c);
            n += 1;
            t = bytes.get(at + w..).unwrap_or_default();
        }
        table.end(n);
    }

    /// Whether the ideograph ending in bytes `b1`, `b2`, followed by a char ending in byte
    /// `next`, starts no entry: no first char has its key in [`Ideo::keys`], or none
    /// of their second chars ends in `next` ([`Group::second`]).
    #[inline(always)]
    fn quiet(&self, b1: u8, b2: u8, next: u8) -> bool {
        self.quiet_key(ideo_key(b1, b2), next)
    }

    /// [`Scanner::quiet`] of the ideograph with [`ideo_key`] `k`.
    #[inline(always)]
    fn quiet_key(&self, k: usize, next: u8) -> bool {
        // `seconds[0]` is 0: a key no first char has needs no test of its own (one
        // branch a char, not two; which of the two a char takes is hard to predict).
        self.ideo.seconds[usize::from(self.ideo.keys[k])] & (1u64 << (next % 64)) == 0
    }

    /// [`Scanner::scan_table`] at the char at byte `at` of `s` (not an ideograph): records
    /// the mark it is and the hits starting there. Gives the char's code point and width in
    /// bytes (None at the end).
    #[inline(never)]
    fn step(&self, s: &str, at: usize, ix: &mut Index) -> Option<(u32, usize)> {
        let (c, w) = match s.as_bytes().get(at..).unwrap_or(&[]) {
            [b0 @ 0..=0x7F, ..] => {
                let m = ascii_mark(*b0);
                if m != 0 {
                    ix.mark(m, at, at + 1);
                }
                (u32::from(*b0), 1)
            }
            [b0 @ 0xE0..=0xEF, b1, b2, ..] => {
                let m = mark3(*b0, *b1, *b2);
                if m != 0 {
                    ix.mark(m, at, at + 3);
                }
                (code3(*b0, *b1, *b2), 3)
            }
            // Two- and four-byte chars (and the end).
            _ => utf8_at(s.as_bytes(), at)?,
        };
        self.hits_at(s, at, c, w, ix);
        Some((c, w))
    }

    /// Records in `ix` the hits of every list that start at byte `at` of `s`, where the
    /// char with code point `c`, of `w` bytes, is. Kept out of line: the loop of
    /// [`Scanner::scan_table`] then keeps its own state in registers.
    #[inline(never)]
    fn hits_at(&self, s: &str, at: usize, c: u32, w: usize, ix: &mut Index) {
        let sl = self.slots[c as usize % 4096];
        let Some(group) = self.group(sl, c, s, at, w) else { return };
        let after = s.as_bytes().get(at + w..).unwrap_or_default();
        let next8 = match after.first_chunk::<8>() {
            Some(b) => u64::from_le_bytes(*b),
            None => {
                let mut b = [0u8; 8];
                b.iter_mut().zip(after).for_each(|(d, a)| *d = *a);
                u64::from_le_bytes(b)
            }
        };
        // Most groups hold one entry, without a gap, compared by the masked bytes alone.
        if let [e] = group {
            if e.plain {
                let end = at + e.head.len();
                if next8 & e.next_mask == e.next && end <= s.len() {
                    ix.hit(e.list, Hit { span: [at, end], word: e.word });
                }
                return;
            }
        }
        // The best hit of the list being looked at; lists come one after another.
        let mut best: Option<(usize, Hit)> = None;
        for e in group {
            let Some(end) = e.end_at(s, at, next8, &mut ix.gap) else { continue };
            match best {
                Some((l, h)) if l == e.list => {
                    if end > h.span[1] {
                        best = Some((l, Hit { span: [at, end], word: e.word }));
                    }
                }
                _ => {
                    if let Some((l, h)) = best {
                        ix.hit(l, h);
                    }
                    best = Some((e.list, Hit { span: [at, end], word: e.word }));
                }
            }
        }
        if let Some((l, h)) = best {
            ix.hit(l, h);
        }
    }
}

/// What one [`Scanner::scan_table`] of a text records: the matches of each list and where
/// clauses, sentences and quotations are. Positions asked about are char boundaries of
/// the scanned text. Kept as scratch space and refilled for each cell.
#[derive(Default)]
pub(crate) struct Index {
    /// Per list: its matches.
    lists: Vec<ListHits>,
    /// Bit `l % 64` set for every list `l` with matches since the last reset (only those
    /// need clearing).
    touched: u64,
    /// [start, end, start of its sentence] of every clause end (a sentence end is one too,
    /// and starts the next sentence itself).
    clauses: Vec<[usize; 3]>,
    /// [start, end] of every sentence end.
    sentences: Vec<[usize; 2]>,
    /// Start of every clause end or 、.
    breaks: Vec<usize>,
    /// [start, where the open quotation's text starts or [`NOT_OPEN`]] of every quotation
    /// mark: the quotation open after it, opened in its sentence.
    quotes: Vec<[usize; 2]>,
    /// Where the text of the quotation open so far starts ([`NOT_OPEN`] if none).
    quote_open: usize,
    /// Length of the text.
    len: usize,
    /// The window after the last head end a gapped entry looked at.
    gap: Gap,
    /// Where the last clause and break lookups landed: figures are read left to right,
    /// so the next lookup usually lands a step or two further ([`partition_from`]).
    clause_at: std::cell::Cell<usize>,
    break_at: std::cell::Cell<usize>,
    quote_at: std::cell::Cell<usize>,
    /// Where the sentence of the next mark starts: after the last sentence end so far.
    sentence: usize,
}

/// The matches of one list in one text.
#[derive(Default)]
struct ListHits {
    /// The longest match at every position where one starts, in order.
    all: Vec<Hit>,
    /// The matches a left-to-right scan of the whole text keeps (no overlaps), when they
    /// are not all of `all` (`own`): matches seldom overlap, so most lists keep one list.
    kept: Vec<Hit>,
    own: bool,
    /// Where the last of `all` ends (0 when there is none): a test without a branch on
    /// whether there is one.
    end: usize,
}

impl ListHits {
    fn clear(&mut self) {
        self.all.clear();
        self.kept.clear();
        self.own = false;
        self.end = 0;
    }

    /// Makes the kept matches a list of their own: all matches so far (rare, so out of line).
    #[cold]
    #[inline(never)]
    fn own_kept(&mut self) {
        self.kept.clear();
        self.kept.extend_from_slice(&self.all);
        self.own = true;
    }
}

/// `v.partition_point(pred)`, starting from where a previous lookup landed, `at`: when
/// the answer lies at or after it, a few steps forward find it, else a binary search does.
#[inline]
fn partition_from<T>(v: &[T], at: usize, pred: impl Fn(&T) -> bool) -> usize {
    let at = at.min(v.len());
    if at == 0 || at.checked_sub(1).and_then(|k| v.get(k)).is_some_and(&pred) {
        let mut k = at;
        for _ in 0..4 {
            match v.get(k) {
                Some(x) if pred(x) => k += 1,
                _ => return k,
            }
        }
        return k + v.get(k..).unwrap_or(&[]).partition_point(pred);
    }
    v.partition_point(pred)
}

impl Index {
    fn reset(&mut self, lists: usize, len: usize) {
        if self.lists.len() == lists && lists <= 64 {
            // The touched lists, one bit at a time.
            let mut touched = self.touched;
            while touched != 0 {
                if let Some(h) = self.lists.get_mut(touched.trailing_zeros() as usize) {
                    h.clear();
                }
                touched &= touched - 1;
            }
        } else {
            self.lists.resize_with(lists, ListHits::default);
            self.lists.iter_mut().for_each(ListHits::clear);
        }
        self.touched = 0;
        self.clauses.clear();
        self.sentences.clear();
        self.breaks.clear();
        self.quotes.clear();
        self.gap.after = None;
        self.len = len;
        self.clause_at.set(0);
        self.break_at.set(0);
        self.quote_at.set(0);
        self.quote_open = NOT_OPEN;
        self.sentence = 0;
    }

    #[inline(always)]
    fn mark(&mut self, m: u8, a: usize, b: usize) {
        // Each mark is one of these (see [`mark_of`]): one branch, then its pushes.
        match m {
            MARK_CLAUSE => {
                self.clauses.push([a, b, self.sentence]);
                self.breaks.push(a);
                return;
            }
            MARK_PAUSE => return self.breaks.push(a),
            _ if m & MARK_QUOTE != 0 => return self.quote(m, a, b),
            _ => {}
        }
        if m & MARK_SENTENCE != 0 {
            self.sentence = b;
            // A quotation does not run on into the next sentence.
            self.quote_open = NOT_OPEN;
        }
        if m & MARK_CLAUSE != 0 {
            self.clauses.push([a, b, self.sentence]);
        }
        if m & MARK_SENTENCE != 0 {
            self.sentences.push([a, b]);
        }
        if m & (MARK_CLAUSE | MARK_PAUSE) != 0 {
            self.breaks.push(a);
        }
    }

    /// [`Index::mark`] of a quotation mark: it opens a quotation when none is open, or
    /// closes the open one (see [`mark_of`]). Out of line: quotation marks are few, and
    /// the scan's loop keeps its registers.
    #[inline(never)]
    fn quote(&mut self, m: u8, a: usize, b: usize) {
        let open = self.quote_open;
        self.quote_open = match (open == NOT_OPEN, m & MARK_OPENS != 0, m & MARK_CLOSES != 0) {
            (true, true, _) => b,
            (false, _, true) => NOT_OPEN,
            _ => open,
        };
        self.quotes.push([a, self.quote_open]);
    }

    #[inline(always)]
    fn hit(&mut self, list: usize, h: Hit) {
        let Some(l) = self.lists.get_mut(list) else { return };
        self.touched |= 1u64 << (list % 64);
        // The list's left-to-right scan resumes after its last kept match.
        if l.own {
            if l.kept.last().is_none_or(|k| h.span[0] >= k.span[1]) {
                l.kept.push(h);
            }
        } else if h.span[0] < l.end {
            // The first match the scan passes over: from here on the kept ones are a list
            // of their own.
            l.own_kept();
        }
        l.all.push(h);
        l.end = h.span[1];
    }

    fn all(&self, list: usize) -> &[Hit] {
        self.lists.get(list).map_or(&[], |h| h.all.as_slice())
    }

    /// The matches of `list` a left-to-right scan of the whole text finds, without
    /// overlaps (as [`Words::find_in`] over all of it).
    pub(crate) fn kept(&self, list: usize) -> &[Hit] {
        self.lists.get(list).map_or(&[], |h| if h.own { h.kept.as_slice() } else { h.all.as_slice() })
    }

    /// [`Words::any_in`]: whether a match of `list` lies in `from..to`. A position's
    /// longest match counts only if it ends by `to`, as in the scan.
    pub(crate) fn any_in(&self, list: usize, from: usize, to: usize) -> bool {
        let all = self.all(list);
        if all.is_empty() {
            return false;
        }
        let k = all.partition_point(|h| h.span[0] < from);
        all.get(k..).unwrap_or(&[]).iter().take_while(|h| h.span[0] < to).any(|h| h.span[1] <= to)
    }

    /// [`Words::at`]: the longest match of `list` starting at byte `i`.
    pub(crate) fn at(&self, list: usize, i: usize) -> Option<Hit> {
        let all = self.all(list);
        all.get(all.partition_point(|h| h.span[0] < i)).filter(|h| h.span[0] == i).copied()
    }

    /// [`Words::last_in`]: the last match of a left-to-right scan of `from..to` for `list`.
    pub(crate) fn last_in(&self, list: usize, from: usize, to: usize) -> Option<Hit> {
        let all = self.all(list);
        if all.is_empty() {
            return None;
        }
        let k = all.partition_point(|h| h.span[0] < from);
        let mut i = from;
        let mut last = None;
        for h in all.get(k..).unwrap_or(&[]).iter().take_while(|h| h.span[0] < to) {
            // The scan resumes after its last match and skips matches running past `to`.
            if h.span[0] >= i && h.span[1] <= to {
                last = Some(*h);
                i = h.span[1];
            }
        }
        last
    }

    /// `back_to(s, i, is_clause_end)`, the end of the last clause end before `i` (or 0),
    /// and `back_to(s, that, is_sentence_end)`, the start of its sentence, in one lookup.
    #[inline(always)]
    pub(crate) fn clause_and_sentence_start(&self, i: usize) -> [usize; 2] {
        let k = partition_from(&self.clauses, self.clause_at.get(), |c| c[1] <= i);
        self.clause_at.set(k);
        k.checked_sub(1).and_then(|k| self.clauses.get(k)).map_or([0, 0], |c| [c[1], c[2]])
    }

    /// `forward_to(s, i, |c| is_clause_end(c) || c == '、')`: the first clause end or 、
    /// at or after `i`, or the text's length.
    #[inline(always)]
    pub(crate) fn clause_or_pause_end(&self, i: usize) -> usize {
        let k = partition_from(&self.breaks, self.break_at.get(), |&p| p < i);
        self.break_at.set(k);
        self.breaks.get(k).copied().unwrap_or(self.len)
    }

    /// `forward_to(s, i, is_sentence_end)`: the first sentence end at or after `i`, or the
    /// text's length.
    pub(crate) fn sentence_end_from(&self, i: usize) -> usize {
        let k = self.sentences.partition_point(|c| c[0] < i);
        self.sentences.get(k).map_or(self.len, |c| c[0])
    }

    /// `forward_to(s, i, is_clause_end)`: the first clause end at or after `i`, or the
    /// text's length.
    pub(crate) fn clause_end_from(&self, i: usize) -> usize {
        let k = self.clauses.partition_point(|c| c[0] < i);
        self.clauses.get(k).map_or(self.len, |c| c[0])
    }

    /// Whether a sentence end starts in `from..to`.
    pub(crate) fn sentence_end_in(&self, from: usize, to: usize) -> bool {
        let k = self.sentences.partition_point(|c| c[0] < from);
        self.sentences.get(k).is_some_and(|c| c[0] < to)
    }

    /// Where the text of the quotation open at `i` starts, if one is: opened by a mark in
    /// `sentence..i` (`sentence` the start of the sentence of `i`) and not closed there.
    /// A mismatched closer (“…“) counts as a closer.
    pub(crate) fn open_quote(&self, sentence: usize, i: usize) -> Option<usize> {
        if self.quotes.is_empty() {
            return None;
        }
        // Figures ask left to right: the answer usually lands a step or two further on.
        let k = partition_from(&self.quotes, self.quote_at.get(), |q| q[0] < i);
        self.quote_at.set(k);
        let [at, open] = *self.quotes.get(k.checked_sub(1)?)?;
        (at >= sentence && open != NOT_OPEN).then_some(open)
    }
}

/// The pieces of a message joined into one String of the right size: one allocation and
/// no formatting machinery (a `format!` of many pieces grows its buffer as it goes).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// [`push_fmt_num`] into a string of its own, for tests.
#[cfg(test)]
pub(crate) fn fmt_num(x: f64) -> String {
    let mut s = String::new();
    push_fmt_num(&mut s, x);
    s
}

/// Appends `x` to `out` as a message writes a number: at most two decimals, no trailing
/// zeros (6.50 → "6.5", -0.001 → "0"), "?" when not finite. Below 10^15 no float
/// formatting is needed.
pub(crate) fn push_fmt_num(out: &mut String, x: f64) {
    if !x.is_finite() {
        out.push('?');
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        // A whole number reads as its digits (-0 as 0): no float formatting needed.
        let n = x as i64;
        if n < 0 {
            out.push('-');
        }
        crate::dupes::push_num(out, n.unsigned_abs());
    } else if !push_two_decimals(out, x) {
        out.push_str(&crate::export::decimals(x, 2));
    }
}

/// [`push_fmt_num`] of a number below 10^15 with a fraction, without float formatting:
/// `x` is m·2^-k exactly, so 100·|x| rounded half to even (as `{:.2}` rounds) is integer
/// arithmetic on m·100 and 2^k. Appends it to `out` and gives true; false, with nothing
/// written, when `x` is not such a number.
fn push_two_decimals(out: &mut String, x: f64) -> bool {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7FF) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | 1u64 << 52, exp - 1075) };
    if e >= 0 || x.abs() >= 1e15 {
        return false;
    }
    let Ok(k) = u32::try_from(-e) else { return false };
    let n = u128::from(m) * 100;
    // Below 2^-60 the value rounds to 0 (n < 2^60).
    let q = if k >= 120 {
        0
    } else {
        let (q, r, half) = (n >> k, n & ((1u128 << k) - 1), 1u128 << (k - 1));
        if r > half || r == half && q % 2 == 1 {
            q + 1
        } else {
            q
        }
    };
    let (whole, cents) = (q / 100, (q % 100) as u8);
    if x < 0.0 && q != 0 {
        out.push('-');
    }
    crate::dupes::push_num(out, whole as u64);
    if cents != 0 {
        out.push('.');
        out.push(char::from(b'0' + cents / 10));
        if cents % 10 != 0 {
            out.push(char::from(b'0' + cents % 10));
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! words {
        ($list:expr, $text:expr, $want:expr) => {{
            let w = Words::new(&$list);
            let mut hits = Vec::new();
            w.find_in($text, 0, $text.len(), &mut hits);
            let got: Vec<&str> = hits.iter().map(|h| &$text[h.span[0]..h.span[1]]).collect();
            let want: Vec<&str> = $want;
            assert_eq!(got, want, "in {:?}", $text);
        }};
    }

    #[test]
    fn word_lists() {
        words!(["难度大"], "预计完成目标难度大。", vec!["难度大"]);
        words!(["未*下达"], "今年国家暂未对重庆市下达任务", vec!["未对重庆市下达"]);
        words!(["未*下达"], "未通过，下达了", vec![]);
        words!(["停产", "停产整顿"], "责令停产整顿企业", vec!["停产整顿"]);
        words!(["暂缓", "暂缓实施"], "暂缓实施。", vec!["暂缓实施"]);
        words!(["难度大"], "", vec![]);
    }

    macro_rules! suffix {
        ($list:expr, $text:expr, $want:expr) => {{
            let got = Words::new(&$list).suffix_of($text, $text.len()).map(|b| &$text[b..]);
            assert_eq!(got, $want, "in {:?}", $text);
        }};
    }

    #[test]
    fn word_lists_end_a_text() {
        suffix!(["增长", "速", "增速", "比*增加"], "同比增速", Some("增速"));
        suffix!(["增长", "速", "增速", "比*增加"], "同比增长", Some("增长"));
        suffix!(["增长", "速", "增速", "比*增加"], "比去年增加", None);
        suffix!(["增长", "", "PM"], "PM", Some("PM"));
        suffix!(["增长"], "长", None);
        suffix!(["增长"], "", None);
    }

    /// Asks an [`Index`] of `text` built over `lists` every question the figure reader
    /// and risk reader ask, for every pair of char boundaries, and compares each answer
    /// with a scan of the text for that one question.
    /// Where the text of the quotation open at `i` starts, reading the quotation marks of
    /// `s[from..i]` in turn: the reference for [`Index::open_quote`].
    fn open_quote(s: &str, from: usize, i: usize) -> Option<usize> {
        let mut open_at: Option<usize> = None;
        for (q, c) in slice(s, from, i).char_indices().map(|(q, c)| (from + q, c)) {
            match c {
                '“' | '‘' | '「' | '『' | '《' if open_at.is_none() => open_at = Some(q + c.len_utf8()),
                '“' | '”' | '‘' | '’' | '」' | '』' | '》' | '"' if open_at.is_some() => open_at = None,
                '"' => open_at = Some(q + c.len_utf8()),
                _ => {}
            }
        }
        open_at
    }

    macro_rules! same_as_scan {
        ($lists:expr, $text:expr) => {{
            let text: &str = $text;
            let words: Vec<Words> = $lists.iter().map(|l: &&[&str]| Words::new(l)).collect();
            let refs: Vec<&Words> = words.iter().collect();
            let mut ix = Index::default();
            // Scanned twice: the second scan must not see the first one's leftovers.
            Scanner::new(&refs).scan("未*下达，比去年“增加”", &mut ix);
            Scanner::new(&refs).scan(text, &mut ix);
            let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            bounds.push(text.len());
            for (n, w) in words.iter().enumerate() {
                let mut all = Vec::new();
                w.find_in(text, 0, text.len(), &mut all);
                assert_eq!(ix.kept(n), &all[..], "list {n} in {text:?}");
                for &a in &bounds {
                    assert_eq!(ix.at(n, a), w.at(text, a), "list {n} at {a} in {text:?}");
                    for &b in &bounds {
                        assert_eq!(ix.any_in(n, a, b), w.any_in(text, a, b), "list {n} any {a}..{b} in {text:?}");
                        assert_eq!(ix.last_in(n, a, b), w.last_in(text, a, b), "list {n} last {a}..{b} in {text:?}");
                    }
                }
            }
            for &i in &bounds {
                let clause = back_to(text, i, is_clause_end);
                let both = [clause, back_to(text, clause, is_sentence_end)];
                assert_eq!(ix.clause_and_sentence_start(i), both, "clause and sentence at {i} in {text:?}");
                // The sentence of the clause is the sentence of `i`.
                assert_eq!(both[1], back_to(text, i, is_sentence_end), "sentence at {i} in {text:?}");
                for &j in &bounds {
                    let any = slice(text, i, j).contains(is_sentence_end);
                    assert_eq!(ix.sentence_end_in(i, j), any, "sentence end in {i}..{j} of {text:?}");
                }
                assert_eq!(ix.sentence_end_from(i), forward_to(text, i, is_sentence_end), "{i} in {text:?}");
                assert_eq!(ix.clause_end_from(i), forward_to(text, i, is_clause_end), "{i} in {text:?}");
                let end = forward_to(text, i, |c| is_clause_end(c) || c == '、');
                assert_eq!(ix.clause_or_pause_end(i), end, "end at {i} in {text:?}");
                assert_eq!(ix.open_quote(both[1], i), open_quote(text, both[1], i), "quote at {i} in {text:?}");
            }
        }};
    }

    #[test]
    fn index_answers_as_a_scan_would() {
        let figures: [&[&str]; 5] = [
            &["下降", "降低", "减少", "负增长", "减", "降"],
            &["比*增加", "比*多", "较*增长", "增加", "减少"],
            &["增长", "增速", "同比", "比上年", "比去年", "负增长"],
            &["比去年底", "较年初", "比上年末"],
            // Same code point mod 4096 as 比 and as P: their slots are shared.
            &["寔字", "P", "\u{3050}"],
        ];
        let risk: [&[&str]; 6] = [
            &["未*下达", "待*资金到位", "受*影响", "问题：", "难度大", "难度较大", "停产"],
            &["暂未", "尚未", "滞后"],
            &["停产整顿", "责令停产", "未发生"],
            &["申报", "成功申报", "待", "拟", "PM", "碳", ""],
            &["*增长", "同比增长", "km²", "²", "𠀀字", "é"],
            // Heads that end at the same byte share the window after it.
            &["正落实*资金", "实*金", "落实*资", "实*项目"],
        ];
        same_as_scan!(figures, "上半年，地区生产总值同比下降4.5%，比去年同期减少3家、增长5.8%。");
        same_as_scan!(figures, "比去年底增长8.16%；较年初增加，比上年同期多12户（其中“减”少）");
        same_as_scan!(figures, "比一二三四五六七八九十增加，比一二三四五六七八九十十增加");
        same_as_scan!(figures, "比，增加；比比比增加增加减少减减降");
        same_as_scan!(figures, "");
        same_as_scan!(figures, "寔字比比去年底增加P\u{3050}寔");
        same_as_scan!(risk, "今年国家暂未对重庆市下达任务，未通过，下达了；待资金到位即开展");
        same_as_scan!(risk, "受财政部PPP库关停影响，问题：停产整顿“难度较大”《暂未》滞后");
        same_as_scan!(risk, "成功申报申报待拟碳PM2.5、\n受影响受\"影响\"同比增长增长");
        same_as_scan!(risk, "a！b!c？d?e;f：g:h(i)j（k）l,m。");
        same_as_scan!(risk, "面积3km²，é𠀀字（𠀀）²未𠀀下达、km");
        same_as_scan!(risk, "正落实项目资金，实资金；落实一二三四五六七八九十资金落实一二三四五六七八九资");
    }

    #[test]
    fn many_first_chars() {
        // More first chars than the scanner's byte-sized filter ids (255): the last ones
        // share one id that lets everything through.
        let words: Vec<String> =
            (0..400u32).filter_map(|k| char::from_u32(0x4E00 + 7 * k)).map(|c| format!("{c}字")).collect();
        let list: Vec<&str> = words.iter().map(String::as_str).collect();
        let lists: [&[&str]; 1] = [&list];
        let text: String =
            words.iter().step_by(37).flat_map(|w| [w.as_str(), "，", w.get(..3).unwrap_or("")]).collect();
        same_as_scan!(lists, &text);
    }

    macro_rules! overlap {
        ($a:expr, $b:expr, $n:expr) => {{
            let (mut x, mut y) = (Vec::new(), Vec::new());
            bigrams_into($a, &mut x);
            bigrams_into($b, &mut y);
            finish_bag(&mut x);
            finish_bag(&mut y);
            assert_eq!(shared(&x, &y), $n, "{:?} vs {:?}", $a, $b);
        }};
    }

    #[test]
    fn indicator_overlap() {
        overlap!("地区生产总值", "上半年，地区生产总值增长", 5);
        overlap!("城镇新增就业", "全区城镇新增就业", 4);
        overlap!("完成投资", "全年完成营收", 0);
        overlap!("百亿级企业", "新升规入统企业数", 0);
        overlap!("同比增长", "增长", 0);
    }

    #[test]
    fn trim_agrees_with_std() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{10000}', '\u{10FFFF}']) {
            for s in [format!("{c}"), format!("{c}a{c}"), format!(" {c}"), format!("{c}\u{3000}")] {
                assert_eq!(trim(&s), s.trim(), "{s:?}");
            }
        }
        assert_eq!(trim(""), "");
    }

    #[test]
    fn lone_pause() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{10000}', '\u{10FFFF}']) {
            for s in [format!("{c}、"), format!("、{c}"), format!("{c}")] {
                assert_eq!(is_lone_pause(&s), s.trim() == "、", "{s:?}");
            }
        }
        assert!(is_lone_pause("\u{3000}、 "));
        assert!(!is_lone_pause("、、"));
    }

    #[test]
    fn numbers_for_messages() {
        assert_eq!(fmt_num(6.5), "6.5");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_num(220.0), "220");
        assert_eq!(fmt_num(f64::NAN), "?");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(100.0), "100");
        assert_eq!(fmt_num(-3.0), "-3");
        assert_eq!(fmt_num(1e20), "100000000000000000000");
        assert_eq!(fmt_num(2.999), "3");
        assert_eq!(fmt_num(0.004), "0");
        // Whole numbers read as the two-decimal formatting would have them.
        let by_format = |x: f64| {
            let s = format!("{:.2}", x);
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".to_string()
            } else {
                s.to_string()
            }
        };
        for x in (-3000..3000).map(f64::from).chain([1e14, -1e14, 999_999_999_999_999.0, 12_345_678_901.0]) {
            assert_eq!(fmt_num(x), by_format(x), "{x}");
        }
        // Fractions, ties (0.125 rounds to even), tiny and large values, and a spread of
        // bit patterns, against the float formatting.
        let mut bits = 0x9E37_79B9_7F4A_7C15u64;
        let spread = std::iter::from_fn(|| {
            crate::numbers::xorshift(&mut bits);
            Some(f64::from_bits(bits))
        });
        let steps = (-40_000..40_000).flat_map(|k| [f64::from(k) / 1000.0, f64::from(k) / 8.0, f64::from(k) / 200.0]);
        let edge = [1e-300, -1e-300, 5e-324, 0.004999, 0.005, 0.015, 1.005, 2.675, 1e15 - 0.5, 4503599627370495.5];
        for x in steps.chain(edge).chain(spread.take(200_000).filter(|x| x.is_finite())) {
            assert_eq!(fmt_num(x), by_format(x), "{x:e}");
        }
    }

    #[test]
    fn marks_by_table() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut b = [0u8; 4];
            match *c.encode_utf8(&mut b).as_bytes() {
                [b0] => assert_eq!(ascii_mark(b0), mark_of(c), "{c:?}"),
                [b0, b1, b2] => assert_eq!(mark3(b0, b1, b2), mark_of(c), "{c:?}"),
                _ => assert_eq!(mark_of(c), 0, "{c:?}"),
            }
        }
    }

    #[test]
    fn stop_chars_by_table() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{10000}', '\u{10FFFF}']) {
            assert_eq!(is_stop(c), STOP_CHARS.contains(&c), "{c:?}");
            // `has_subject`'s shortcut for ideographs agrees with the full test.
            assert_eq!(
                has_subject(&format!("{c}地")),
                [c, '地'].iter().all(|&c| is_word_char(c) && !is_stop(c)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn contains_as_std() {
        let hay = ["", "分", "分别", "其中分别增长", "均衡发展均", "a分b别分别c", "别分", "分分别"];
        for h in hay {
            for n in ["", "分别", "均", "别", "c", "分分", "发展均a"] {
                assert_eq!(contains(h, n), h.contains(n), "{n:?} in {h:?}");
            }
        }
    }

    #[test]
    fn bounds_never_panic() {
        let s = "上半年，增长6.4%";
        for i in 0..s.len() + 3 {
            let _ = back_to(s, i, is_clause_end);
            let _ = forward_to(s, i, is_clause_end);
            let _ = slice(s, i, i + 2);
        }
        assert!(names_head("固定资产投资", "一季度完成投资"));
        assert!(!names_head("市级优质专业", "新增市级骨干专业"));
        assert!(!names_head("市级优质专业", "市级专业教学资源库"));
        assert!(!names_head("", "投资"));
        assert!(!names_head("市级优质专业", "、市级现代学徒制专业"));
        assert!(has_subject("地区生产总值增长"));
        assert!(!has_subject("同比增长"));
    }
}

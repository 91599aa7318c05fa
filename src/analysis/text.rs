//! Small text tools for the analysis: clause and sentence bounds on byte offsets, the
//! "content" character bigrams used to compare indicators, and a word-list matcher.
//!
//! Everything works on `&str` with byte offsets that are always char boundaries, and
//! never allocates per character: bigram bags go into caller-owned buffers.

/// Ends a sentence: a figure's estimate marker (预计) and period reach no further.
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '\n' | '！' | '!' | '？' | '?')
}

/// Ends a clause: the unit in which a figure's subject is looked for.
pub(crate) fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '：' | ':' | '（' | '(' | '）' | ')')
}

/// The byte offset after the last char before `i` for which `stop` holds (0 if none).
pub(crate) fn back_to(s: &str, i: usize, stop: impl Fn(char) -> bool) -> usize {
    let i = floor(s, i);
    s[..i].char_indices().rev().find(|&(_, c)| stop(c)).map_or(0, |(j, c)| j + c.len_utf8())
}

/// The byte offset of the first char at or after `i` for which `stop` holds (len if none).
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
fn is_stop(c: char) -> bool {
    matches!(
        c,
        '全' | '区'
            | '市'
            | '县'
            | '级'
            | '以'
            | '上'
            | '下'
            | '新'
            | '增'
            | '完'
            | '成'
            | '实'
            | '现'
            | '年'
            | '月'
            | '半'
            | '的'
            | '和'
            | '及'
            | '与'
            | '等'
            | '已'
            | '共'
            | '计'
            | '累'
            | '达'
            | '到'
            | '在'
            | '为'
            | '目'
            | '前'
            | '各'
            | '类'
            | '其'
            | '中'
            | '同'
            | '比'
            | '长'
            | '速'
            | '幅'
            | '降'
            | '预'
            | '截'
            | '至'
            | '止'
            | '今'
            | '将'
            | '了'
            | '均'
            | '分'
            | '别'
            | '个'
            | '家'
            | '户'
            | '所'
            | '项'
            | '处'
            | '座'
            | '人'
            | '名'
            | '万'
            | '亿'
            | '元'
            | '力'
            | '争'
            | '确'
            | '保'
            | '努'
            | '加'
            | '快'
            | '推'
            | '进'
            | '动'
            | '积'
            | '极'
            | '大'
            | '深'
            | '入'
            | '开'
            | '展'
            | '施'
            | '次'
            | '约'
            | '近'
            | '超'
            | '过'
            | '突'
            | '破'
            | '稳'
            | '定'
            | '控'
            | '制'
            | '内'
            | '左'
            | '右'
            | '余'
            | '多'
            | '高'
            | '低'
            | '于'
            | '度'
            | '季'
            | '第'
            | '是'
            | '对'
            | '向'
            | '由'
            | '从'
            | '并'
            | '或'
            | '被'
            | '把'
            | '要'
            | '使'
            | '正'
            | '再'
    )
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
    s.chars().filter(|&c| is_word_char(c) && !is_stop(c)).nth(1).is_some()
}

/// `s.starts_with(w)` for short words, by a byte loop (no library call per try).
#[inline]
pub(crate) fn starts_with(s: &str, w: &str) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    s.len() >= w.len() && s.iter().zip(w).all(|(a, b)| a == b)
}

/// A word list for fast matching. An entry may hold one gap, written `*`: `未*下达` matches
/// 未 followed by 下达 within [`GAP`] chars and no sentence or clause end between.
pub(crate) struct Words {
    /// (head, tail after the gap), in the order given.
    entries: Vec<(String, String)>,
    /// Entry indexes grouped by the head's first char, sorted by that char: a lookup at a
    /// position costs one binary search, whatever the list's length.
    by_first: Vec<(char, Vec<usize>)>,
    /// Bit `c % 1024` set for every first char `c`: most positions are rejected here.
    mask: [u64; 16],
}

/// The longest gap a `*` in a word list may bridge, in chars.
pub(crate) const GAP: usize = 10;

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
        let entries = list
            .iter()
            .map(|w| {
                let w = w.as_ref().trim();
                match w.split_once('*') {
                    Some((h, t)) => (h.to_string(), t.to_string()),
                    None => (w.to_string(), String::new()),
                }
            })
            .collect::<Vec<_>>();
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        for (k, (h, _)) in entries.iter().enumerate() {
            let Some(c) = h.chars().next() else { continue };
            match by_first.iter_mut().find(|(f, _)| *f == c) {
                Some((_, v)) => v.push(k),
                None => by_first.push((c, vec![k])),
            }
        }
        by_first.sort_by_key(|(c, _)| *c);
        let mut mask = [0u64; 16];
        for (c, _) in &by_first {
            let b = *c as usize % 1024;
            mask[b / 64] |= 1u64 << (b % 64);
        }
        Words { entries, by_first, mask }
    }

    /// Whether an entry may start with `c` (false positives possible, no false negatives).
    #[inline]
    fn may_start(&self, c: char) -> bool {
        let b = c as usize % 1024;
        self.mask[b / 64] & (1u64 << (b % 64)) != 0
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
        let rest = s.get(i..)?;
        let group = self.by_first.binary_search_by_key(&first, |(c, _)| *c).ok().and_then(|g| self.by_first.get(g))?;
        let mut best: Option<Hit> = None;
        for &k in &group.1 {
            let Some((head, tail)) = self.entries.get(k) else {
                continue;
            };
            if !starts_with(rest, head) {
                continue;
            }
            let mut end = i + head.len();
            if !tail.is_empty() {
                let after = &s[end..];
                let mut found = None;
                for (n, (j, c)) in after.char_indices().enumerate() {
                    if n > GAP || is_clause_end(c) {
                        break;
                    }
                    if after[j..].starts_with(tail.as_str()) {
                        found = Some(end + j + tail.len());
                        break;
                    }
                }
                match found {
                    Some(e) => end = e,
                    None => continue,
                }
            }
            if best.map(|b| end > b.span[1]).unwrap_or(true) {
                best = Some(Hit { span: [i, end], word: k });
            }
        }
        best
    }

    /// The first match in `s[i..to]` that ends by `to` (`i` and `to` char boundaries).
    /// Only chars that may start an entry are tried, without decoding any char twice.
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
    pub(crate) fn find_in(&self, s: &str, from: usize, to: usize, out: &mut Vec<Hit>) {
        let to = floor(s, to);
        let mut i = floor(s, from);
        while let Some(h) = self.next_hit(s, i, to) {
            out.push(h);
            i = h.span[1];
        }
    }

    /// [`Words::find_in`] over the whole of `s` for several lists in one pass: `outs[n]`
    /// gets the matches of `lists[n]`, exactly as its own scan would find them.
    /// (Slices, not const generics: one copy of the code in the wasm module.)
    pub(crate) fn find_each(lists: &[&Words], s: &str, outs: &mut [&mut Vec<Hit>]) {
        let mut mask = [0u64; 16];
        for l in lists {
            for (m, x) in mask.iter_mut().zip(l.mask) {
                *m |= x;
            }
        }
        // Where each list's scan may next match (its last match's end).
        let mut next = vec![0usize; lists.len()];
        for (j, c) in s.char_indices() {
            let b = c as usize % 1024;
            if mask[b / 64] & (1u64 << (b % 64)) == 0 {
                continue;
            }
            for ((l, out), nx) in lists.iter().zip(outs.iter_mut()).zip(next.iter_mut()) {
                if j >= *nx && l.may_start(c) {
                    if let Some(h) = l.at_char(s, j, c) {
                        out.push(h);
                        *nx = h.span[1];
                    }
                }
            }
        }
    }

    /// The last match in `s[from..to]`, scanning left to right without overlaps.
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
    pub(crate) fn any_in(&self, s: &str, from: usize, to: usize) -> bool {
        // The scan finds a last match exactly when it finds a first one.
        self.next_hit(s, floor(s, from), floor(s, to)).is_some()
    }

    /// The longest entry that `s[..to]` ends with, as its byte start.
    pub(crate) fn suffix_of(&self, s: &str, to: usize) -> Option<usize> {
        let t = slice(s, 0, to);
        self.entries
            .iter()
            .filter(|(h, tail)| tail.is_empty() && !h.is_empty() && t.ends_with(h.as_str()))
            .map(|(h, _)| t.len() - h.len())
            .min()
    }

    /// The longest entry that `s[from..]` starts with, as its byte end.
    pub(crate) fn prefix_of(&self, s: &str, from: usize) -> Option<usize> {
        self.at(s, floor(s, from)).map(|h| h.span[1])
    }

    /// The entry at `k` as written (gap shown as `*`).
    pub(crate) fn word(&self, k: usize) -> String {
        match self.entries.get(k) {
            Some((h, t)) if t.is_empty() => h.clone(),
            Some((h, t)) => format!("{h}…{t}"),
            None => String::new(),
        }
    }
}

/// A number for a message: at most two decimals, no trailing zeros (6.50 → "6.5").
pub(crate) fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return "?".into();
    }
    let s = format!("{:.2}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
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
    fn numbers_for_messages() {
        assert_eq!(fmt_num(6.5), "6.5");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_num(220.0), "220");
        assert_eq!(fmt_num(f64::NAN), "?");
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

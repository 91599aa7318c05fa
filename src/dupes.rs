//! Stage: duplicate tasks. Groups rows whose tasks are the same or nearly the same
//! (character-bigram Dice similarity ≥ `Rules::duplicate_similarity`, after removing
//! whitespace and punctuation) and flags each member `duplicate_task`.
//!
//! Exact matches are grouped by hashing; near matches are searched only among distinct
//! tasks that share a min-hash bigram, so the cost stays near-linear on large reports.

use crate::analysis::text::utf8_at;
use crate::model::{Flag, Report, Severity};
use std::borrow::Cow;

/// Appends the letters and digits of `s` to `out` as char values (whitespace and
/// punctuation removed).
///
/// Reads bytes, not chars: ASCII is tested as is, and a 3-byte char (every CJK char and
/// the punctuation of Chinese text) is decoded here, with one length test. The common CJK
/// ideographs (U+4E00..U+9FFF) are letters without further test. The rare 2- and 4-byte
/// chars are decoded by [`utf8_at`].
///
/// Not inlined: inside [`find`]'s row loop its own loop shares registers with the
/// exact-match table's and runs slower.
#[inline(never)]
fn normalise(s: &str, out: &mut Vec<u32>) {
    // The bytes not read yet, taken apart by slice patterns: no index, so no bounds test
    // per byte.
    let mut rest = s.as_bytes();
    loop {
        let (c, keep) = match rest {
            // The common case first: a 3-byte char, a CJK ideograph (U+4E00..U+9FFF) most often.
            [x @ 0xE0..=0xEF, y, z, tail @ ..] => {
                rest = tail;
                let c = crate::numbers::code3(*x, *y, *z);
                (c, (0x4E00..=0x9FFF).contains(&c) || other_letter(c))
            }
            [x @ 0..=0x7F, tail @ ..] => {
                rest = tail;
                (u32::from(*x), x.is_ascii_alphanumeric())
            }
            [] => break,
            _ => {
                // A 2- or 4-byte char (`rest` starts at a char boundary); `other_letter`'s
                // punctuation is all 3-byte, so the general test alone answers.
                let Some((c, width)) = utf8_at(rest, 0) else { break };
                rest = rest.get(width..).unwrap_or_default();
                (c, char::from_u32(c).is_some_and(crate::analysis::is_alphanumeric))
            }
        };
        if keep {
            out.push(c);
        }
    }
}

/// Whether a 3-byte char outside U+4E00..U+9FFF is a letter or digit.
fn other_letter(c: u32) -> bool {
    match c {
        // The commonest punctuation of Chinese text (、。《》「」【】，：；（）): none is a
        // letter or digit, as `is_alphanumeric` says, answered without its range table.
        0x3001..=0x3002 | 0x3008..=0x3011 | 0xFF08..=0xFF0C | 0xFF1A..=0xFF1B => false,
        _ => char::from_u32(c).is_some_and(crate::analysis::is_alphanumeric),
    }
}

/// A hash of a normalised task for the exact-match table, from a few of its chars (the
/// table compares the tasks themselves on equal hashes): its length, its first two, its
/// middle and its last two chars.
fn task_hash(c: &[u32]) -> u64 {
    let at = |k: usize| u64::from(c.get(k).copied().unwrap_or(0));
    let n = c.len();
    let a = (at(0) << 32 | at(1)) ^ (n as u64).rotate_left(53);
    let z = at(n.wrapping_sub(2)) << 32 | at(n.wrapping_sub(1));
    (fib(a) ^ z ^ at(n / 2) << 21).wrapping_mul(M)
}

/// A bigram of normalised chars packed into one integer (below 2^53: a char is below 2^21).
fn bigram(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// The character bigrams of normalised chars, each packed into one integer.
fn bigrams(c: &[u32]) -> impl Iterator<Item = u64> + '_ {
    c.windows(2).map(|w| bigram(w[0], w[1]))
}

/// How many min-hash functions a task is filed under (see [`find`]).
const K: usize = 6;

/// The multiplier of the min-hash functions (and of [`task_hash`]'s last mix): function `k` hashes bigram `b` to
/// `rotl((b ^ seed_k) × M, 29)`, with `seed_k = fib(k + 1)` (see [`fib`]).
const M: u64 = 0xff51_afd7_ed55_8ccd;

/// The K min-hashes of a task's bigrams and how many distinct bigrams it has. Min-hash
/// `k` is the smallest hash by function `k` (see [`M`]) over its bigrams: the smallest over all bigrams
/// is the smallest over the distinct ones, so no list of distinct bigrams is made. Three
/// functions a pass, so that the minima, seeds and bigram all stay in registers; the
/// first pass also counts the distinct bigrams in `set`, each filed by the top bits of
/// its first hash (a multiply spared).
#[inline(never)]
fn sketch(c: &[u32], set: &mut Bigrams) -> ([u64; K], usize) {
    let h = |b: u64, seed: u64| (b ^ seed).wrapping_mul(M).rotate_left(29);
    let seed = |k: u64| fib(k + 1);
    set.reset();
    let mut distinct = 0;
    let mut m = [u64::MAX; K];
    for pass in [0, 3] {
        let (s0, s1, s2) = (seed(pass), seed(pass + 1), seed(pass + 2));
        let (mut m0, mut m1, mut m2) = (u64::MAX, u64::MAX, u64::MAX);
        let mut step = |b: u64, m0: &mut u64, m1: &mut u64, m2: &mut u64| {
            let h0 = h(b, s0);
            if pass == 0 && set.insert(b, h0) {
                distinct += 1;
            }
            *m0 = (*m0).min(h0);
            *m1 = (*m1).min(h(b, s1));
            *m2 = (*m2).min(h(b, s2));
        };
        // Two bigrams a step: fewer register moves between the steps.
        let mut rest = c;
        while let [x, y, z, ..] = rest {
            step(bigram(*x, *y), &mut m0, &mut m1, &mut m2);
            step(bigram(*y, *z), &mut m0, &mut m1, &mut m2);
            rest = rest.get(2..).unwrap_or_default();
        }
        if let [x, y] = rest {
            step(bigram(*x, *y), &mut m0, &mut m1, &mut m2);
        }
        if let Some(out) = m.get_mut(pass as usize..pass as usize + 3) {
            out.copy_from_slice(&[m0, m1, m2]);
        }
    }
    (m, distinct)
}

/// log2 of the size of an open-addressing table for `n` keys: at most half full.
fn table_bits(n: usize) -> u32 {
    (2 * n).max(16).next_power_of_two().trailing_zeros()
}

/// `k` times 2^64 / φ, wrapping (Fibonacci hashing): its top bits depend on all of `k`'s.
fn fib(k: u64) -> u64 {
    k.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The first slot tried for `key` in a table of 2^`bits` slots.
fn home(key: u64, bits: u32) -> usize {
    (fib(key) >> (64 - bits)) as usize
}

/// A set of bigrams by open addressing, for one task at a time, sized once for the
/// longest task (at most a quarter full): no sort, no allocation and no clearing per
/// task. A slot holds a bigram (below 2^53) tagged in bits 53..=62 with the round it was
/// stored in; a slot of another round is empty. Bit 63 marks a bigram found by
/// [`Bigrams::shared`].
struct Bigrams {
    slots: Vec<u64>,
    bits: u32,
    /// The current round, in bits 53..=62 (never 0, the tag of a cleared slot).
    tag: u64,
}

/// The round tag's bits in a [`Bigrams`] slot.
const TAG: u64 = 0x3FF << 53;
/// A [`Bigrams`] slot's mark: found by [`Bigrams::shared`].
const SEEN: u64 = 1 << 63;

impl Bigrams {
    /// An empty set for tasks of up to `longest` chars.
    fn new(longest: usize) -> Self {
        let bits = table_bits(2 * longest);
        Bigrams { slots: vec![0; 1 << bits], bits, tag: 0 }
    }

    /// Empties the set: a new round (the slots are cleared once every 1,023 rounds).
    fn reset(&mut self) {
        self.tag += 1 << 53;
        if self.tag & TAG != self.tag {
            self.slots.fill(0);
            self.tag = 1 << 53;
        }
    }

    /// The first slot tried for a bigram of hash `hash`: its top bits.
    fn slot(&self, hash: u64) -> usize {
        (hash >> (64 - self.bits)) as usize
    }

    /// Adds `b`, filed by the top bits of `hash` (any hash of it); true when it was not there yet.
    fn insert(&mut self, b: u64, hash: u64) -> bool {
        let key = b | self.tag;
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = self.slot(hash);
        while let Some(s) = self.slots.get_mut(i) {
            if *s & TAG != self.tag {
                *s = key;
                return true;
            }
            if *s == key {
                return false;
            }
            i = (i + 1) & mask;
        }
        false
    }

    /// How many distinct bigrams of `c` are in the set (filled by [`Bigrams::insert`]
    /// with hash [`fib`]). Each one found is marked so that it counts once.
    fn shared(&mut self, c: &[u32]) -> usize {
        let mask = self.slots.len().wrapping_sub(1);
        let mut n = 0;
        for b in bigrams(c) {
            let key = b | self.tag;
            let mut i = self.slot(fib(b));
            while let Some(s) = self.slots.get_mut(i) {
                if *s == key {
                    *s |= SEEN;
                    n += 1;
                    break;
                }
                if *s & TAG != self.tag || *s == key | SEEN {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        n
    }
}

/// The tasks filed under one min-hash function, a bucket per distinct minimum, by open
/// addressing (a minimum is a hash, but a small one: it is mixed again for its slot).
/// The members are then grouped by counting: no list per bucket.
#[derive(Default)]
struct Buckets {
    /// Per slot: the minimum filed there and how many tasks have it (0: empty slot).
    keys: Vec<u64>,
    count: Vec<u32>,
    /// Per slot: where its members start in `members` (after [`Buckets::file`]).
    start: Vec<u32>,
    /// Per task: its slot, or `u32::MAX` when it is not filed.
    slot_of: Vec<u32>,
    members: Vec<u32>,
    /// The slots of more than one task: the only buckets with pairs to compare.
    shared: Vec<u32>,
}

impl Buckets {
    /// Files each task under its minimum (`None`: not filed).
    fn file(&mut self, minima: impl ExactSizeIterator<Item = Option<u64>>) {
        let n = minima.len();
        let bits = table_bits(n);
        let size = 1usize << bits;
        let mask = size - 1;
        self.keys.clear();
        self.keys.resize(size, 0);
        self.count.clear();
        self.count.resize(size, 0);
        self.slot_of.clear();
        self.shared.clear();
        let mut filed = 0u32;
        for m in minima {
            let Some(m) = m else {
                self.slot_of.push(u32::MAX);
                continue;
            };
            let mut i = home(m, bits);
            while self.count[i] != 0 && self.keys[i] != m {
                i = (i + 1) & mask;
            }
            self.keys[i] = m;
            self.count[i] += 1;
            if self.count[i] == 2 {
                self.shared.push(i as u32);
            }
            self.slot_of.push(i as u32);
            filed += 1;
        }
        // `start` first holds where each slot's members end; placing the tasks from the
        // last moves it back to where they start, and keeps them in task order.
        self.start.clear();
        let mut end = 0;
        self.start.extend(self.count.iter().map(|&c| {
            end += c;
            end
        }));
        self.members.clear();
        self.members.resize(filed as usize, 0);
        for (u, &s) in self.slot_of.iter().enumerate().rev() {
            if let Some(at) = self.start.get_mut(s as usize) {
                *at -= 1;
                self.members[*at as usize] = u as u32;
            }
        }
    }

    /// The buckets of more than one task, each its tasks in order (not every slot of the
    /// table is visited: most are empty or hold one task).
    fn each(&self) -> impl Iterator<Item = &[u32]> {
        self.shared.iter().map(|&k| {
            let k = k as usize;
            let (s, c) = (self.start.get(k).copied().unwrap_or(0), self.count.get(k).copied().unwrap_or(0));
            self.members.get(s as usize..(s + c) as usize).unwrap_or_default()
        })
    }
}

fn root(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

fn union(p: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (root(p, a), root(p, b));
    if ra != rb {
        p[ra.max(rb)] = ra.min(rb);
    }
}

/// Appends the decimal digits of `n` (what `format!("{n}")` writes, without its machinery).
pub(crate) fn push_num(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    while at > 0 {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

/// Finds duplicate groups, stores them in `report.duplicates` and flags their rows.
pub fn find(report: &mut Report, threshold: f64) {
    let n = report.rows.len();
    // Every task normalised into one buffer (no allocation per row), then sliced. Sized
    // for Chinese text, one entry per three bytes (it grows if it must).
    let chars: usize = report.rows.iter().map(|r| r.task.len() / 3 + 1).sum();
    let mut flat: Vec<u32> = Vec::with_capacity(chars);
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(n);
    let mut parent: Vec<usize> = (0..n).collect();
    // Exact duplicates (the same letters and digits, at least four), by one open-addressing
    // table of (hash, first row): a task written exactly as an earlier one is one of these
    // too, so one hash of each normalised task finds both. `uniq` keeps the first row of
    // each distinct task.
    let mut uniq: Vec<usize> = Vec::new();
    {
        let bits = table_bits(n);
        let mask = (1usize << bits) - 1;
        let mut firsts: Vec<(u64, usize)> = vec![(0, usize::MAX); 1 << bits];
        for (i, r) in report.rows.iter().enumerate() {
            let from = flat.len();
            normalise(&r.task, &mut flat);
            ranges.push((from, flat.len()));
            let Some(text) = flat.get(from..).filter(|t| t.len() >= 4) else { continue };
            let h = task_hash(text);
            let mut k = home(h, bits);
            while let Some(slot) = firsts.get_mut(k) {
                if slot.1 == usize::MAX {
                    *slot = (h, i);
                    uniq.push(i);
                    break;
                }
                let (fh, first) = *slot;
                if fh == h && ranges.get(first).and_then(|&(a, b)| flat.get(a..b)) == Some(text) {
                    union(&mut parent, first, i);
                    break;
                }
                k = (k + 1) & mask;
            }
        }
    }
    let norm = |i: usize| ranges.get(i).and_then(|&(from, to)| flat.get(from..to)).unwrap_or_default();
    // Near duplicates, among distinct tasks only. Candidates are found by min-hashing:
    // for each of K hash functions a task is filed under its bigram with the smallest
    // hash; two tasks with Dice ≥ 0.9 share that bigram for one function with
    // probability ≥ 0.8, so K = 6 misses fewer than one pair in 10,000 (deterministically).
    if threshold < 1.0 {
        let mut set = Bigrams::new(uniq.iter().map(|&i| norm(i).len()).max().unwrap_or(0));
        // Per distinct task: how many distinct bigrams it has and their K minima. (Its
        // bigrams are not kept: the few pairs compared below find them again, and the
        // report's transient memory stays small.)
        let mut distinct: Vec<usize> = Vec::with_capacity(uniq.len());
        let mut mins: Vec<[u64; K]> = Vec::with_capacity(uniq.len());
        for &i in &uniq {
            let (m, d) = sketch(norm(i), &mut set);
            distinct.push(d);
            mins.push(m);
        }
        // For each function, the tasks filed by their minimum: a bucket per distinct
        // minimum. The order buckets are checked in does not matter: the groups are the
        // connected parts of the similar pairs.
        let mut buckets = Buckets::default();
        for k in 0..K {
            buckets.file(mins.iter().zip(&distinct).map(|(m, &d)| (d >= 3).then_some(m[k])));
            for bucket in buckets.each() {
                if bucket.len() > 500 {
                    continue;
                }
                for (x, &u) in bucket.iter().enumerate() {
                    for &v in &bucket[x + 1..] {
                        let (u, v) = (u as usize, v as usize);
                        let (la, lb) = (distinct[u] as f64, distinct[v] as f64);
                        if la.min(lb) / la.max(lb) >= threshold
                            && root(&mut parent, uniq[u]) != root(&mut parent, uniq[v])
                        {
                            // Dice: the shared distinct bigrams over the sum of the distinct counts.
                            let (a, b) = (norm(uniq[u]), norm(uniq[v]));
                            set.reset();
                            for g in bigrams(b) {
                                set.insert(g, fib(g));
                            }
                            let shared = set.shared(a);
                            let dice = 2.0 * shared as f64 / (la + lb);
                            if dice >= threshold {
                                union(&mut parent, uniq[u], uniq[v]);
                            }
                        }
                    }
                }
            }
        }
    }
    // Groups of more than one row, members in row order, without a list per lone row.
    let roots: Vec<usize> = (0..n).map(|i| root(&mut parent, i)).collect();
    let mut size = vec![0usize; n];
    for &r in &roots {
        size[r] += 1;
    }
    let mut group_of = vec![usize::MAX; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, &r) in roots.iter().enumerate() {
        if size[r] < 2 {
            continue;
        }
        if group_of[r] == usize::MAX {
            group_of[r] = groups.len();
            groups.push(Vec::with_capacity(size[r]));
        }
        groups[group_of[r]].push(i);
    }
    groups.sort_unstable();
    for g in &groups {
        let all_same = g.iter().all(|&j| norm(j) == norm(g[0]));
        for (k, &i) in g.iter().enumerate() {
            // "与第3项、第7行任务相同": up to five other rows, written straight into the
            // message (no string per name: this runs once per duplicate row).
            let shown = (g.len() - 1).min(5);
            let mut msg = String::with_capacity(3 + 19 * shown + 16 + 18);
            msg.push('与');
            for (n, (_, &j)) in g.iter().enumerate().filter(|(m, _)| *m != k).take(5).enumerate() {
                if n > 0 {
                    msg.push('、');
                }
                msg.push('第');
                match report.rows[j].seq {
                    Some(s) => {
                        push_num(&mut msg, u64::from(s));
                        msg.push('项');
                    }
                    None => {
                        push_num(&mut msg, j as u64 + 1);
                        msg.push('行');
                    }
                }
            }
            if g.len() > 6 {
                msg.push('等');
                push_num(&mut msg, g.len() as u64 - 1);
                msg.push('行');
            }
            msg.push_str(if all_same { "任务相同" } else { "任务几乎相同" });
            let len = report.rows[i].task.len();
            report.rows[i].flags.push(Flag {
                code: Cow::Borrowed("duplicate_task"),
                severity: Severity::Info,
                message: msg,
                cell: Cow::Borrowed("task"),
                span: Some([0, len]),
            });
        }
    }
    report.duplicates = groups;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Row;

    fn report(tasks: &[&str]) -> Report {
        Report {
            rows: tasks
                .iter()
                .enumerate()
                .map(|(i, t)| Row { index: i, task: t.to_string(), ..Default::default() })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn normalise_keeps_the_letters_and_digits_as_is_alphanumeric_says() {
        for s in [
            "",
            "推动区领导联系重点项目",
            "一丁㐀䷿一鿿\u{a000}é1a，。《》「」 ：；（）",
            "𠀀x\u{3000}好\u{feff}",
            "\u{4dff}\u{4e00}\u{9fff}",
        ] {
            let mut got = Vec::new();
            normalise(s, &mut got);
            let want: Vec<u32> = s.chars().filter(|c| crate::analysis::is_alphanumeric(*c)).map(u32::from).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn normalise_keeps_what_is_alphanumeric_keeps() {
        let text: String = ('\u{0}'..='\u{FFFF}').chain('\u{1F000}'..='\u{1F0FF}').collect();
        let mut got = Vec::new();
        normalise(&text, &mut got);
        let want: Vec<u32> = text.chars().filter(|&c| c.is_alphanumeric()).map(u32::from).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn sketch_is_the_min_hashes_and_count_of_the_distinct_bigrams() {
        let tasks =
            ["", "甲", "甲乙", "啊啊啊啊啊", "推动区领导联系重点项目全覆盖推动区领导", "ab12ab12ab", "一二三四五六七"];
        let mut set = Bigrams::new(20);
        // Enough rounds that the set's round tags wrap around and its slots are cleared.
        for round in 0..1100 {
            let t = tasks[round % tasks.len()];
            let mut c = Vec::new();
            normalise(t, &mut c);
            let distinct: std::collections::HashSet<u64> = bigrams(&c).collect();
            let want: Vec<u64> = (0..K as u64)
                .map(|k| {
                    let seed = 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(k + 1);
                    distinct.iter().map(|&b| (b ^ seed).wrapping_mul(M).rotate_left(29)).min().unwrap_or(u64::MAX)
                })
                .collect();
            let (m, d) = sketch(&c, &mut set);
            assert_eq!((m.to_vec(), d), (want, distinct.len()), "{t:?}");
        }
    }

    #[test]
    fn same_task_ignoring_punctuation_and_spaces() {
        let mut r = report(&["加快保障性住房产权证办理。", "别的任务内容", "加快保障性住房 产权证办理"]);
        find(&mut r, 0.9);
        assert_eq!(r.duplicates, vec![vec![0, 2]]);
        assert_eq!(r.rows[0].flags[0].code, "duplicate_task");
        assert!(r.rows[1].flags.is_empty());
    }

    macro_rules! groups {
        ($tasks:expr, $want:expr) => {{
            let mut r = report(&$tasks);
            find(&mut r, 0.9);
            let want: Vec<Vec<usize>> = $want;
            assert_eq!(r.duplicates, want, "in {:?}", $tasks);
            for (i, row) in r.rows.iter().enumerate() {
                assert_eq!(!row.flags.is_empty(), want.iter().flatten().any(|&j| j == i), "row {i}");
            }
        }};
    }

    #[test]
    fn groups_in_row_order() {
        let a = "推动区领导联系重点项目全覆盖，打通卡点堵点难点，确保项目按期开工建设";
        let a_near = "推动区领导联系重点项目全覆盖，打通卡点堵点难点，确保项目按期开工";
        let b = "加快保障性住房产权证办理，年内办结历史遗留问题";
        groups!([b, a, "别的任务内容", a_near, b, a], vec![vec![0, 4], vec![1, 3, 5]]);
        groups!([a, b, "别的任务内容"], vec![]);
        groups!([b, b, b], vec![vec![0, 1, 2]]);
    }

    #[test]
    fn similar_but_different_tasks_are_not_duplicates() {
        // Rows 8 and 67 of the seed: 0.86 similar, different tasks.
        let mut r = report(&[
            "推动区领导联系重点项目全覆盖，打通卡点堵点难点。",
            "推动区领导联系重点企业全覆盖，打通卡点堵点难点。",
        ]);
        find(&mut r, 0.9);
        assert!(r.duplicates.is_empty());
    }
}

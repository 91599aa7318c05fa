//! Stage: duplicate tasks. Groups rows whose tasks are the same or nearly the same
//! (character-bigram Dice similarity ≥ `Rules::duplicate_similarity`, after removing
//! whitespace and punctuation) and flags each member `duplicate_task`.
//!
//! Exact matches are grouped by hashing; near matches are searched only among distinct
//! tasks that share a min-hash bigram, so the cost stays near-linear on large reports.

use crate::model::{Flag, Report, Severity};
use crate::summary::FastMap;
use std::borrow::Cow;

/// Appends the letters and digits of `s` to `out` as char values (whitespace and
/// punctuation removed). The common CJK ideographs (U+4E00..U+9FFF) are letters
/// without further test.
fn normalise(s: &str, out: &mut Vec<u32>) {
    for c in s.chars() {
        let keep = match c {
            '\u{4E00}'..='\u{9FFF}' => true,
            // The commonest punctuation of Chinese text (、。《》「」【】，：；（）): none is a
            // letter or digit, as `is_alphanumeric` says, answered without its range table.
            '\u{3001}'..='\u{3002}' | '\u{3008}'..='\u{3011}' | '\u{FF08}'..='\u{FF0C}' | '\u{FF1A}'..='\u{FF1B}' => {
                false
            }
            _ => crate::analysis::is_alphanumeric(c),
        };
        if keep {
            out.push(u32::from(c));
        }
    }
}

/// The character bigrams of normalised chars, each packed into one integer.
fn bigrams(c: &[u32]) -> impl Iterator<Item = u64> + '_ {
    c.windows(2).map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
}

/// How many min-hash functions a task is filed under (see [`find`]).
const K: usize = 6;

/// The K min-hashes of distinct bigrams: for each function `k`, the smallest of
/// `rotl((b ^ seed_k) × M, 29)` with `seed_k = 0x9e37_79b9_7f4a_7c15 × (k + 1)`. Three
/// functions a pass, so that the minima, seeds and bigram all stay in registers.
#[inline(never)]
fn min_hashes(distinct: &[u64]) -> [u64; K] {
    const M: u64 = 0xff51_afd7_ed55_8ccd;
    let h = |b: u64, seed: u64| (b ^ seed).wrapping_mul(M).rotate_left(29);
    let seed = |k: u64| 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(k + 1);
    let mut m = [u64::MAX; K];
    for pass in [0, 3] {
        let (s0, s1, s2) = (seed(pass), seed(pass + 1), seed(pass + 2));
        let (mut m0, mut m1, mut m2) = (u64::MAX, u64::MAX, u64::MAX);
        // Two bigrams a step: fewer register moves between the steps.
        let mut pairs = distinct.chunks_exact(2);
        for p in &mut pairs {
            let (a, b) = (p[0], p[1]);
            m0 = m0.min(h(a, s0).min(h(b, s0)));
            m1 = m1.min(h(a, s1).min(h(b, s1)));
            m2 = m2.min(h(a, s2).min(h(b, s2)));
        }
        for &b in pairs.remainder() {
            m0 = m0.min(h(b, s0));
            m1 = m1.min(h(b, s1));
            m2 = m2.min(h(b, s2));
        }
        if let Some(out) = m.get_mut(pass as usize..pass as usize + 3) {
            out.copy_from_slice(&[m0, m1, m2]);
        }
    }
    m
}

/// log2 of the size of an open-addressing table for `n` keys: at most half full.
fn table_bits(n: usize) -> u32 {
    (2 * n).max(16).next_power_of_two().trailing_zeros()
}

/// The first slot tried for `key` in a table of 2^`bits` slots (Fibonacci hashing).
fn home(key: u64, bits: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// A set of bigrams by open addressing, reused from task to task: no sort and no
/// allocation per task to find or compare distinct bigrams. 0 marks an empty slot (no
/// bigram is 0: its second char is a letter or digit).
#[derive(Default)]
struct Bigrams {
    slots: Vec<u64>,
    bits: u32,
}

impl Bigrams {
    /// Empties the set, sized for `n` bigrams (at most half full).
    fn reset(&mut self, n: usize) {
        self.bits = table_bits(n);
        self.slots.clear();
        self.slots.resize(1 << self.bits, 0);
    }

    /// Adds `b`; true when it was not there yet.
    fn insert(&mut self, b: u64) -> bool {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = home(b, self.bits);
        while let Some(s) = self.slots.get_mut(i) {
            if *s == 0 {
                *s = b;
                return true;
            }
            if *s == b {
                return false;
            }
            i = (i + 1) & mask;
        }
        false
    }

    /// How many distinct bigrams of `c` are in the set. Each one found is marked in its
    /// slot (the top bit: a bigram is below 2^53, a char being below 2^21) so that it
    /// counts once; the marks go with the next [`Bigrams::reset`].
    fn shared(&mut self, c: &[u32]) -> usize {
        const SEEN: u64 = 1 << 63;
        let mask = self.slots.len().wrapping_sub(1);
        let mut n = 0;
        for b in bigrams(c) {
            let mut i = home(b, self.bits);
            while let Some(s) = self.slots.get_mut(i) {
                if *s == b {
                    *s |= SEEN;
                    n += 1;
                    break;
                }
                if *s == 0 || *s == b | SEEN {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        n
    }
}

/// Appends the distinct bigrams of `c` to `out`, in order of first appearance.
#[inline(never)]
fn push_distinct(c: &[u32], set: &mut Bigrams, out: &mut Vec<u64>) {
    set.reset(c.len());
    for b in bigrams(c) {
        if set.insert(b) {
            out.push(b);
        }
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

    /// The buckets, each its tasks in order.
    fn each(&self) -> impl Iterator<Item = &[u32]> {
        self.start.iter().zip(&self.count).filter(|(_, &c)| c > 0).map(|(&s, &c)| {
            let s = s as usize;
            &self.members[s..s + c as usize]
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
    // for Chinese text, one entry per three bytes (it grows if it must). A task written
    // exactly as an earlier one (a row repeated verbatim) is not normalised again: it
    // shares the earlier row's slice and is an exact duplicate of it.
    let chars: usize = report.rows.iter().map(|r| r.task.len() / 3 + 1).sum();
    let mut flat: Vec<u32> = Vec::with_capacity(chars);
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(n);
    let mut parent: Vec<usize> = (0..n).collect();
    // Exact duplicates; `uniq` keeps the first row of each distinct task.
    let mut uniq: Vec<usize> = Vec::new();
    {
        let mut by_raw: FastMap<&str, usize> = FastMap::with_capacity_and_hasher(n, Default::default());
        let mut by_text: FastMap<&[u32], usize> = FastMap::with_capacity_and_hasher(n, Default::default());
        // The rows whose task is not written as an earlier one's.
        let mut firsts: Vec<usize> = Vec::with_capacity(n);
        for (i, r) in report.rows.iter().enumerate() {
            let first = *by_raw.entry(r.task.as_str()).or_insert(i);
            if first != i {
                let range = ranges.get(first).copied().unwrap_or_default();
                ranges.push(range);
                if range.1 - range.0 >= 4 {
                    union(&mut parent, first, i);
                }
                continue;
            }
            let from = flat.len();
            normalise(&r.task, &mut flat);
            ranges.push((from, flat.len()));
            firsts.push(i);
        }
        for i in firsts {
            let (from, to) = ranges.get(i).copied().unwrap_or_default();
            if to - from < 4 {
                continue;
            }
            match by_text.entry(flat.get(from..to).unwrap_or_default()) {
                std::collections::hash_map::Entry::Occupied(e) => union(&mut parent, *e.get(), i),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                    uniq.push(i);
                }
            }
        }
    }
    let norm = |i: usize| ranges.get(i).and_then(|&(from, to)| flat.get(from..to)).unwrap_or_default();
    // Near duplicates, among distinct tasks only. Candidates are found by min-hashing:
    // for each of K hash functions a task is filed under its bigram with the smallest
    // hash; two tasks with Dice ≥ 0.9 share that bigram for one function with
    // probability ≥ 0.8, so K = 6 misses fewer than one pair in 10,000 (deterministically).
    if threshold < 1.0 {
        let mut set = Bigrams::default();
        // Per distinct task: how many distinct bigrams it has and their K minima. (Its
        // bigrams are not kept: the few pairs compared below find them again, and the
        // report's transient memory stays small.)
        let mut scratch: Vec<u64> = Vec::new();
        let mut distinct: Vec<usize> = Vec::with_capacity(uniq.len());
        let mut mins: Vec<[u64; K]> = Vec::with_capacity(uniq.len());
        for &i in &uniq {
            scratch.clear();
            push_distinct(norm(i), &mut set, &mut scratch);
            distinct.push(scratch.len());
            mins.push(min_hashes(&scratch));
        }
        drop(scratch);
        // For each function, the tasks filed by their minimum: a bucket per distinct
        // minimum. The order buckets are checked in does not matter: the groups are the
        // connected parts of the similar pairs.
        let mut buckets = Buckets::default();
        for k in 0..K {
            buckets.file(mins.iter().zip(&distinct).map(|(m, &d)| (d >= 3).then_some(m[k])));
            for bucket in buckets.each() {
                if bucket.len() < 2 || bucket.len() > 500 {
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
                            set.reset(b.len());
                            for g in bigrams(b) {
                                set.insert(g);
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

//! Stage: duplicate tasks. Groups rows whose tasks are the same or nearly the same
//! (character-bigram Dice similarity ≥ `Rules::duplicate_similarity`, after removing
//! whitespace and punctuation) and flags each member `duplicate_task`.
//!
//! Exact matches are grouped by hashing; near matches are searched only among distinct
//! tasks that share a min-hash bigram, so the cost stays near-linear on large reports.

use crate::model::{Flag, Report, Severity};
use std::borrow::Cow;
use std::collections::HashMap;

/// Appends the letters and digits of `s` to `out` (whitespace and punctuation removed).
fn normalise(s: &str, out: &mut Vec<char>) {
    for c in s.chars() {
        if crate::analysis::is_alphanumeric(c) {
            out.push(c);
        }
    }
}

/// Appends the distinct character bigrams of `c`, each packed into one integer, sorted,
/// to `out` (all tasks share one buffer: no allocation per task).
fn push_bigrams(c: &[char], out: &mut Vec<u64>) {
    let from = out.len();
    out.extend(c.windows(2).map(|w| ((w[0] as u64) << 32) | w[1] as u64));
    let Some(tail) = out.get_mut(from..) else { return };
    tail.sort_unstable();
    // Dedup of the sorted tail in place: `kept` counts the distinct values moved to its front.
    let mut kept = 0;
    for i in 0..tail.len() {
        if kept == 0 || tail[i] != tail[kept - 1] {
            tail[kept] = tail[i];
            kept += 1;
        }
    }
    out.truncate(from + kept);
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * crate::analysis::text::shared(a, b) as f64 / (a.len() + b.len()) as f64
}

/// A small, fast hasher for integer and short keys (FxHash).
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

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
fn push_num(out: &mut String, mut n: usize) {
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
    // Every task normalised into one buffer (no allocation per row), then sliced.
    let mut flat: Vec<char> = Vec::with_capacity(report.rows.iter().map(|r| r.task.len() / 2).sum());
    let mut ends = Vec::with_capacity(n);
    for r in &report.rows {
        normalise(&r.task, &mut flat);
        ends.push(flat.len());
    }
    let norm: Vec<&[char]> =
        ends.iter().scan(0, |from, &to| Some(flat.get(std::mem::replace(from, to)..to).unwrap_or_default())).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    // Exact duplicates; `uniq` keeps the first row of each distinct task.
    let mut by_text: FxMap<&[char], usize> = FxMap::with_capacity_and_hasher(n, Default::default());
    let mut uniq: Vec<usize> = Vec::new();
    for (i, t) in norm.iter().enumerate() {
        if t.len() < 4 {
            continue;
        }
        match by_text.entry(t) {
            std::collections::hash_map::Entry::Occupied(e) => union(&mut parent, *e.get(), i),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
                uniq.push(i);
            }
        }
    }
    // Near duplicates, among distinct tasks only. Candidates are found by min-hashing:
    // for each of K hash functions a task is filed under its bigram with the smallest
    // hash; two tasks with Dice ≥ 0.9 share that bigram for one function with
    // probability ≥ 0.8, so K = 6 misses fewer than one pair in 10,000 (deterministically).
    if threshold < 1.0 {
        const K: u64 = 6;
        let mut flat_grams: Vec<u64> = Vec::with_capacity(flat.len());
        let mut gram_ends = Vec::with_capacity(uniq.len());
        for &i in &uniq {
            push_bigrams(norm[i], &mut flat_grams);
            gram_ends.push(flat_grams.len());
        }
        let grams: Vec<&[u64]> = gram_ends
            .iter()
            .scan(0, |from, &to| Some(flat_grams.get(std::mem::replace(from, to)..to).unwrap_or_default()))
            .collect();
        // A bucket holds its first task, and a list only once a second one comes (most
        // buckets stay single: no allocation for them). The order the lists are checked in
        // does not matter: the groups are the connected parts of the similar pairs.
        let mut buckets: FxMap<(u64, u64), (u32, Option<usize>)> =
            FxMap::with_capacity_and_hasher(grams.len() * K as usize, Default::default());
        let mut lists: Vec<Vec<u32>> = Vec::new();
        for (u, g) in grams.iter().enumerate() {
            if g.len() < 3 {
                continue;
            }
            for k in 0..K {
                let seed = 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(k + 1);
                let min = g.iter().map(|b| (b ^ seed).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(29)).min();
                if let Some(m) = min {
                    match buckets.entry((k, m)) {
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert((u as u32, None));
                        }
                        std::collections::hash_map::Entry::Occupied(mut e) => match e.get().1 {
                            Some(l) => lists[l].push(u as u32),
                            None => {
                                e.get_mut().1 = Some(lists.len());
                                lists.push(vec![e.get().0, u as u32]);
                            }
                        },
                    }
                }
            }
        }
        for list in &lists {
            if list.len() < 2 || list.len() > 500 {
                continue;
            }
            for (x, &u) in list.iter().enumerate() {
                for &v in &list[x + 1..] {
                    let (u, v) = (u as usize, v as usize);
                    let (la, lb) = (grams[u].len() as f64, grams[v].len() as f64);
                    if la.min(lb) / la.max(lb) >= threshold
                        && root(&mut parent, uniq[u]) != root(&mut parent, uniq[v])
                        && dice(grams[u], grams[v]) >= threshold
                    {
                        union(&mut parent, uniq[u], uniq[v]);
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
        let all_same = g.iter().all(|&j| norm[j] == norm[g[0]]);
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
                        push_num(&mut msg, s as usize);
                        msg.push('项');
                    }
                    None => {
                        push_num(&mut msg, j + 1);
                        msg.push('行');
                    }
                }
            }
            if g.len() > 6 {
                msg.push('等');
                push_num(&mut msg, g.len() - 1);
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

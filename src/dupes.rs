//! Stage: duplicate tasks. Groups rows whose tasks are the same or nearly the same
//! (character-bigram Dice similarity ≥ `Rules::duplicate_similarity`, after removing
//! whitespace and punctuation) and flags each member `duplicate_task`.
//!
//! Exact matches are grouped by hashing; near matches are searched only among rows that
//! share a rare bigram, so the cost stays near-linear on large reports.

use crate::model::{Flag, Report, Severity};
use std::collections::HashMap;

fn normalise(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn bigrams(c: &[char]) -> Vec<(char, char)> {
    let mut v: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn dice(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                k += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * k as f64 / (a.len() + b.len()) as f64
}

/// Finds duplicate groups, stores them in `report.duplicates` and flags their rows.
pub fn find(report: &mut Report, threshold: f64) {
    let n = report.rows.len();
    let norm: Vec<Vec<char>> = report.rows.iter().map(|r| normalise(&r.task)).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let union = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(p, a), root(p, b));
        if ra != rb {
            p[ra.max(rb)] = ra.min(rb);
        }
    };
    // Exact duplicates.
    let mut by_text: HashMap<&[char], usize> = HashMap::new();
    for (i, t) in norm.iter().enumerate() {
        if t.len() < 4 {
            continue;
        }
        match by_text.get(t.as_slice()) {
            Some(&j) => union(&mut parent, j, i),
            None => {
                by_text.insert(t, i);
            }
        }
    }
    // Near duplicates: candidates share one of each task's three rarest bigrams.
    if threshold < 1.0 {
        let grams: Vec<Vec<(char, char)>> = norm.iter().map(|t| bigrams(t)).collect();
        let mut postings: HashMap<(char, char), Vec<usize>> = HashMap::new();
        for (i, g) in grams.iter().enumerate() {
            if norm[i].len() >= 4 {
                for b in g {
                    postings.entry(*b).or_default().push(i);
                }
            }
        }
        for i in 0..n {
            if grams[i].len() < 3 {
                continue;
            }
            let mut rare: Vec<&(char, char)> = grams[i].iter().collect();
            rare.sort_by_key(|b| postings.get(b).map_or(0, Vec::len));
            for b in rare.into_iter().take(3) {
                let list = &postings[b];
                if list.len() > 200 {
                    continue;
                }
                for &j in list {
                    if j > i {
                        let (la, lb) = (grams[i].len() as f64, grams[j].len() as f64);
                        if la.min(lb) / la.max(lb) >= threshold && dice(&grams[i], &grams[j]) >= threshold {
                            union(&mut parent, i, j);
                        }
                    }
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for g in &groups {
        for &i in g {
            let others: Vec<String> = g
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| report.rows[j].seq.map_or(format!("第{}行", j + 1), |s| format!("第{s}项")))
                .collect();
            let same = g.iter().all(|&j| norm[j] == norm[i]);
            let msg = format!("与{}{}", others.join("、"), if same { "任务相同" } else { "任务几乎相同" });
            let len = report.rows[i].task.len();
            report.rows[i].flags.push(Flag {
                code: "duplicate_task".into(),
                severity: Severity::Info,
                message: msg,
                cell: "task".into(),
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

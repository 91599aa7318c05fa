//! The analysis word lists: takes the [`Rules`], gives the built lists and scanners, and
//! keeps them for the next report on the same thread.
//!
//! Building them (every word list, two multi-list scanners) costs about as much as
//! analysing a few dozen rows, and nearly every caller (CLI, browser page, tests)
//! analyses report after report with the same rules. A cached set is used only when the
//! rules it was built from are equal (`==`, every field) to the rules asked for, so it
//! cannot go stale; the cache holds one set, the last one used.

use super::figures::Lexicon;
use super::matching::Bags;
use super::risk::Risk;
use super::targets::Predicates;
use super::text::{Scanner, Words};
use super::Context;
use crate::config::Rules;
use std::cell::RefCell;

/// The lists of one set of rules, as [`Context`] holds them.
pub(super) struct Built {
    pub lex: Lexicon,
    pub preds: Predicates,
    pub risk: Risk,
    /// The figure reader's lists, then the predicates of targets
    /// ([`super::targets::FIRST`]), for task cells.
    pub task_scan: Scanner,
    /// The figure reader's lists, then the risk lists, then 目前 ([`super::NOW`]), then
    /// the words holding the anchor chars of period phrases ([`super::ANCHORS`]).
    pub status_scan: Scanner,
    /// The matcher's per-row buffers (reset by every row) with its index of the rules'
    /// aliases: kept so that a report does not index the aliases again.
    pub bags: Bags,
}

/// The last set used and the rules it was built from. `built` is `None` while a report
/// has it (or after a report panicked with it: the next one builds anew).
#[derive(Default)]
struct Cache {
    rules: Option<Rules>,
    built: Option<Built>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::default();
}

/// The lists for `rules`: the cached set when it was built from equal rules, else a new one.
pub(super) fn take(rules: &Rules) -> Built {
    let cached = CACHE
        .try_with(|c| {
            let mut c = c.borrow_mut();
            if c.rules.as_ref() == Some(rules) {
                c.built.take()
            } else {
                None
            }
        })
        .ok()
        .flatten();
    cached.unwrap_or_else(|| build(rules))
}

/// Keeps the lists of a finished report (built from `rules`) for the next one.
pub(super) fn keep(rules: &Rules, cx: Context) {
    let Context { lex, preds, risk, task_scan, status_scan, bags, .. } = cx;
    let built = Built { lex, preds, risk, task_scan, status_scan, bags };
    // Ignored if the thread is being torn down: there is no next report then.
    let _ = CACHE.try_with(|c| {
        let mut c = c.borrow_mut();
        if c.rules.as_ref() != Some(rules) {
            c.rules = Some(rules.clone());
        }
        c.built = Some(built);
    });
}

/// Builds every list from `rules`.
fn build(rules: &Rules) -> Built {
    let lex = Lexicon::new(rules);
    let risk = Risk::new(rules);
    let preds = Predicates::new();
    let mut task_lists = lex.lists().to_vec();
    task_lists.extend(preds.lists());
    let task_scan = Scanner::new(&task_lists);
    let now = Words::new(&["目前"]);
    let anchors = Words::new(&crate::period::ANCHOR_WORDS);
    let mut lists = lex.lists().to_vec();
    lists.extend(risk.lists());
    lists.push(&now);
    lists.push(&anchors);
    let status_scan = Scanner::new(&lists);
    Built { lex, preds, risk, task_scan, status_scan, bags: Bags::new(&rules.aliases) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a status scanner finds in a cell, to tell two sets of lists apart.
    fn finds(scan: &Scanner, status: &str) -> Vec<(usize, [usize; 2])> {
        let mut ix = super::super::text::Index::default();
        scan.scan(status, &mut ix);
        (0..super::super::ANCHORS + 1).flat_map(|l| ix.kept(l).iter().map(move |h| (l, h.span))).collect()
    }

    macro_rules! cached {
        ($change:expr, $status:expr, $differs:expr) => {{
            let rules = Rules::default();
            let cx = Context::new(&rules, None);
            let before = finds(&cx.status_scan, $status);
            keep(&rules, cx);
            let mut changed = rules.clone();
            let change: fn(&mut Rules) = $change;
            change(&mut changed);
            let cx = Context::new(&changed, None);
            let after = finds(&cx.status_scan, $status);
            assert_eq!(after, finds(&build(&changed).status_scan, $status), "cached lists differ: {}", $status);
            assert_eq!(after != before, $differs, "{}", $status);
            keep(&changed, cx);
        }};
    }

    #[test]
    fn a_report_uses_the_lists_of_its_own_rules() {
        cached!(|_| {}, "项目进度缓慢，资金未到位", false);
        cached!(|r| r.near_miss = 0.2, "项目进度缓慢", false);
        cached!(|r| r.risk_weak.push("偏慢".into()), "项目进度偏慢", true);
        cached!(|r| r.risk_weak.clear(), "项目进度缓慢", true);
        cached!(|r| r.estimate_words = vec!["预测".into()], "预测增长5%", true);
    }
}

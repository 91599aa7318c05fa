//! Matching: each target to the status figure for the same indicator, in a compatible
//! unit. Figures of different indicators are never compared; when nothing fits, the
//! target stays unmatched (`unknown` is an honest answer).
//!
//! BE ADVISED: the score is an overlap of content bigrams (see `text::bigrams_into`)
//! between the target's indicator and the words around a figure — its own clause first,
//! a subject borrowed from an earlier figure ("…收入36.05亿元、增长5.8%"), then the
//! sentence. A figure may only go to a target whose indicator it matches best among all
//! the row's targets, whatever their units: "战略性新兴产业产值385亿元" is not the
//! "规上工业产值" figure just because it is the only 亿元 figure left.

use super::figures::{Family, Fig};
use super::targets::Aim;
use super::text::{self, bigrams_into, finish_bag, shared, slice};
use std::collections::BTreeMap;

/// Bags of bigrams for one figure or target, reused across rows.
#[derive(Default)]
pub(crate) struct Bags {
    own: Vec<Vec<u64>>,
    borrowed: Vec<Vec<u64>>,
    sentence: Vec<Vec<u64>>,
    aims: Vec<Vec<u64>>,
    parts: Vec<Vec<Vec<u64>>>,
    /// Content chars of the words around each figure and of each target's indicator.
    around_chars: Vec<Vec<u64>>,
    aim_chars: Vec<Vec<u64>>,
}

/// What a target got from matching.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    /// No comparable figure.
    None,
    /// One figure (index into the status figures).
    One(usize),
    /// One figure covering only some items of a combined target: a lower bound.
    Partial(usize),
    /// The items of a combined target, one figure each, summed.
    Sum(Vec<usize>),
    /// The department's own "完成目标任务的X%" statement (index of the figure).
    Progress(usize),
}

fn resize(v: &mut Vec<Vec<u64>>, n: usize) {
    if v.len() < n {
        v.resize_with(n, Vec::new);
    }
    for b in v.iter_mut().take(n) {
        b.clear();
    }
}

/// Adds the bigrams of every alias value whose key occurs in `s`.
fn add_aliases(s: &str, aliases: &BTreeMap<String, Vec<String>>, bag: &mut Vec<u64>) {
    for (k, vs) in aliases {
        if !k.is_empty() && s.contains(k.as_str()) {
            for v in vs {
                bigrams_into(v, bag);
            }
        }
    }
}

/// Whether two figures' units can be compared.
fn compatible(aim: &Aim, t: &Fig, f: &Fig) -> bool {
    if f.skip || f.relative || f.progress || f.family.is_none() || f.family != t.family {
        return false;
    }
    match f.family {
        Some(Family::Percent) => f.growth == aim.wants_growth || f.since_year_start && aim.wants_growth,
        Some(Family::Points) => true,
        _ => !f.pending,
    }
}

/// Whether a unit is specific enough that one shared character of the indicator will do
/// (亿立方米 of 产量 vs 亿方 of 产气), where %, 元 and counts need a shared word.
fn specific(f: Option<Family>) -> bool {
    !matches!(f, Some(Family::Percent | Family::Yuan | Family::Count | Family::Person | Family::Points) | None)
}

/// Matches the row's targets with its status figures.
#[allow(clippy::too_many_arguments)]
pub(crate) fn assign(
    task: &str,
    status: &str,
    tfigs: &[Fig],
    aims: &[Aim],
    sfigs: &[Fig],
    aliases: &BTreeMap<String, Vec<String>>,
    bags: &mut Bags,
    out: &mut Vec<Found>,
) {
    out.clear();
    out.resize(aims.len(), Found::None);
    if aims.is_empty() {
        return;
    }
    // Bags.
    resize(&mut bags.own, sfigs.len());
    resize(&mut bags.borrowed, sfigs.len());
    resize(&mut bags.sentence, sfigs.len());
    resize(&mut bags.around_chars, sfigs.len());
    for (i, f) in sfigs.iter().enumerate() {
        if f.skip {
            continue;
        }
        let left = slice(status, f.left[0], f.left[1]);
        let right = slice(status, f.right[0], f.right[1]);
        bigrams_into(left, &mut bags.own[i]);
        bigrams_into(right, &mut bags.own[i]);
        add_aliases(left, aliases, &mut bags.own[i]);
        add_aliases(right, aliases, &mut bags.own[i]);
        finish_bag(&mut bags.own[i]);
        if let Some(b) = f.borrowed {
            let s = slice(status, b[0], b[1]);
            bigrams_into(s, &mut bags.borrowed[i]);
            add_aliases(s, aliases, &mut bags.borrowed[i]);
            finish_bag(&mut bags.borrowed[i]);
        }
        bigrams_into(slice(status, f.sentence[0], f.sentence[1]), &mut bags.sentence[i]);
        finish_bag(&mut bags.sentence[i]);
        text::chars_into(slice(status, f.left[0], f.right[1]), &mut bags.around_chars[i]);
    }
    resize(&mut bags.aims, aims.len());
    resize(&mut bags.aim_chars, aims.len());
    if bags.parts.len() < aims.len() {
        bags.parts.resize_with(aims.len(), Vec::new);
    }
    for (a, aim) in aims.iter().enumerate() {
        let ind = slice(task, aim.indicator[0], aim.indicator[1]);
        bigrams_into(ind, &mut bags.aims[a]);
        add_aliases(ind, aliases, &mut bags.aims[a]);
        finish_bag(&mut bags.aims[a]);
        text::chars_into(ind, &mut bags.aim_chars[a]);
        let parts = &mut bags.parts[a];
        parts.clear();
        for p in &aim.parts {
            let mut b = Vec::new();
            bigrams_into(slice(task, p[0], p[1]), &mut b);
            finish_bag(&mut b);
            parts.push(b);
        }
    }
    // Scores.
    let score = |a: usize, i: usize| -> (usize, usize, bool) {
        let own = shared(&bags.aims[a], &bags.own[i]);
        let bor = shared(&bags.aims[a], &bags.borrowed[i]);
        let sen = shared(&bags.aims[a], &bags.sentence[i]);
        let f = &sfigs[i];
        let ind = slice(task, aims[a].indicator[0], aims[a].indicator[1]);
        let chars = shared(&bags.aim_chars[a], &bags.around_chars[i]);
        // Enough of the indicator: two shared words, or one of a short indicator
        // ("优质专业" is not "骨干专业": one shared word of four is a different designation).
        let n = bags.aims[a].len();
        let enough = |k: usize| k >= 2 || k >= 1 && k * 3 >= n;
        let s = 4 * own + 3 * bor + sen;
        let left = slice(status, f.left[0], f.left[1]);
        let ok = enough(own)
            || own >= 1 && text::names_head(ind, left)
            || enough(bor)
            || sen >= 2
            || specific(f.family) && chars >= 1 && n > 0;
        (s * 4 + chars.min(3), 4 * own + 3 * bor, ok)
    };
    let mut best = vec![0usize; sfigs.len()];
    let mut cands: Vec<(usize, usize, usize, usize)> = Vec::new();
    for i in 0..sfigs.len() {
        if sfigs[i].skip {
            continue;
        }
        for a in 0..aims.len() {
            let (s, strong, ok) = score(a, i);
            best[i] = best[i].max(strong);
            if ok && compatible(&aims[a], &tfigs[aims[a].fig], &sfigs[i]) {
                cands.push((a, i, s, strong));
            }
        }
    }
    // Only to a target it names best (on its own words, not the sentence's).
    cands.retain(|&(_, i, _, strong)| strong >= best[i]);
    // Best score first; among equals, an outcome before an estimate, then the earlier figure.
    cands.sort_by(|x, y| y.2.cmp(&x.2).then(sfigs[x.1].estimate.cmp(&sfigs[y.1].estimate)).then(x.1.cmp(&y.1)));
    let mut used = vec![false; sfigs.len()];
    for &(a, i, _, _) in &cands {
        if matches!(out[a], Found::None) && !used[i] {
            out[a] = Found::One(i);
            used[i] = true;
        }
    }
    // Combined targets: one figure per item, summed; or a lower bound.
    for (a, aim) in aims.iter().enumerate() {
        if aim.parts.len() < 2 {
            continue;
        }
        let mut picks: Vec<usize> = Vec::new();
        for pb in &bags.parts[a] {
            let pick = (0..sfigs.len())
                .filter(|&i| {
                    compatible(aim, &tfigs[aim.fig], &sfigs[i])
                        && !picks.contains(&i)
                        && (!used[i] || matches!(out[a], Found::One(j) if j == i))
                })
                .map(|i| (shared(pb, &bags.own[i]), i))
                .filter(|&(s, _)| s >= 1)
                .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
            match pick {
                Some((_, i)) => picks.push(i),
                None => {
                    picks.clear();
                    break;
                }
            }
        }
        if picks.len() == aim.parts.len() {
            for &i in &picks {
                used[i] = true;
            }
            out[a] = Found::Sum(picks);
        } else if let Found::One(i) = out[a] {
            out[a] = Found::Partial(i);
        }
    }
    // A lone target with no figure: the department's own share of the target, if stated.
    if aims.len() == 1
        && aims[0].kind == crate::model::TargetKind::Cumulative
        && matches!(out[0], Found::None | Found::Partial(_))
    {
        if let Some(i) = sfigs.iter().position(|f| f.progress && !f.skip) {
            out[0] = Found::Progress(i);
        }
    }
}

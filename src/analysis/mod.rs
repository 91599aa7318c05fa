//! Stage: rows → targets (task cell) vs actuals (status cell), pairs with verdicts, and
//! the analysis flags (target_missed, behind_schedule, negative_growth, risk_wording,
//! no_progress_data, estimate_only, exceeded). Lights are set later by `summary`.
//!
//! Per row: [`figures`] reads every quantity of both cells in context, [`targets`] picks
//! the targets of the task, [`matching`] finds each target's figure, [`verdict`] compares
//! them with the time schedule, [`risk`] reads trouble in the status words. Word lists are
//! built once per report and scratch buffers are reused from row to row.

mod figures;
mod matching;
mod risk;
mod targets;
mod text;
mod verdict;

use crate::config::Rules;
use crate::model::{Actual, Flag, Pair, Period, Row, Severity, Target, TargetKind, Verdict};
use crate::numbers;
use figures::{Fig, Lexicon};
use matching::{Bags, Found};
use targets::{Aim, Predicates};
use text::slice;

/// Fills `targets`, `pairs` and analysis `flags` of every row. Flags already on a row
/// (seq_*) are kept; the analysis appends its own.
pub fn analyze_rows(rows: &mut [Row], period: Option<&Period>, rules: &Rules) {
    let mut cx = Context::new(rules, period);
    for row in rows {
        cx.row(row);
    }
}

/// Everything built once per report, and scratch space reused across rows.
struct Context<'r> {
    rules: &'r Rules,
    report_elapsed: Option<f64>,
    lex: Lexicon,
    preds: Predicates,
    risk: risk::Risk,
    tfigs: Vec<Fig>,
    sfigs: Vec<Fig>,
    aims: Vec<Aim>,
    found: Vec<Found>,
    bags: Bags,
    hits: Vec<text::Hit>,
    periods: Vec<(usize, usize, String, f64)>,
    none: Vec<(usize, usize, String, f64)>,
}

impl<'r> Context<'r> {
    fn new(rules: &'r Rules, period: Option<&Period>) -> Self {
        Context {
            rules,
            report_elapsed: period.map(|p| p.elapsed).filter(|e| *e > 0.0 && *e <= 1.0),
            lex: Lexicon::new(rules),
            preds: Predicates::new(),
            risk: risk::Risk::new(rules),
            tfigs: Vec::new(),
            sfigs: Vec::new(),
            aims: Vec::new(),
            found: Vec::new(),
            bags: Bags::default(),
            hits: Vec::new(),
            periods: Vec::new(),
            none: Vec::new(),
        }
    }

    /// The period phrases of a status cell that set a figure's period: 上半年, 1-5月,
    /// 截至4月底, 截至目前. Words for the whole year (全年, 年度) in a status usually name the
    /// plan ("完成全年目标的…"), so they count only at the head of a clause ("全年，…").
    fn find_periods(&mut self, status: &str) {
        self.periods.clear();
        for f in crate::period::find_all(status) {
            let at_head = status[f.span[1]..].starts_with(['，', ',']);
            if f.elapsed >= 1.0 && !at_head || f.label == "年度" || f.label == "下半年" {
                continue;
            }
            self.periods.push((f.span[0], f.span[1], f.label, f.elapsed));
        }
        if let Some(e) = self.report_elapsed {
            let mut i = 0;
            while let Some(k) = status[i..].find("目前") {
                let s = i + k;
                let from =
                    ["截至", "截止到", "截止"].iter().find(|p| status[..s].ends_with(**p)).map_or(s, |p| s - p.len());
                self.periods.push((from, s + "目前".len(), "截至目前".to_string(), e));
                i = s + "目前".len();
            }
        }
        self.periods.sort_by_key(|p| p.0);
    }

    fn row(&mut self, row: &mut Row) {
        let task = row.task.as_str();
        let status = row.status.as_str();
        let tq = numbers::quantities(task);
        let sq = numbers::quantities(status);
        self.find_periods(status);
        self.none.clear();
        figures::read(task, &tq, &self.none, &self.lex, &mut self.tfigs);
        figures::read(status, &sq, &self.periods, &self.lex, &mut self.sfigs);
        targets::find(task, &self.tfigs, &self.preds, &mut self.aims);
        matching::assign(
            task,
            status,
            &self.tfigs,
            &self.aims,
            &self.sfigs,
            &self.rules.aliases,
            &mut self.bags,
            &mut self.found,
        );
        let mut flags: Vec<Flag> = Vec::new();
        let mut wanted = Vec::new();
        row.targets.clear();
        row.pairs.clear();
        for (a, aim) in self.aims.iter().enumerate() {
            let tf = &self.tfigs[aim.fig];
            let unit = tf.unit_text(task).to_string();
            let mut kind = aim.kind;
            let target = Target {
                text: slice(task, aim.text[0], aim.text[1]).to_string(),
                indicator: slice(task, aim.indicator[0], aim.indicator[1]).to_string(),
                value: tf.value,
                unit: unit.clone(),
                kind,
                span: aim.text,
            };
            let found = self.found.get(a).cloned().unwrap_or(Found::None);
            let (actual, lower_bound, ratio_given) = self.actual(task, status, tf, &found);
            if let Found::One(i) | Found::Partial(i) = found {
                if kind == TargetKind::Ceiling && tf.value < 0.0 {
                    wanted.push(i);
                }
                if kind == TargetKind::Rate && self.sfigs[i].since_year_start {
                    kind = TargetKind::Cumulative;
                }
            }
            let mut pair = Pair {
                target: row.targets.len(),
                actual: None,
                ratio: None,
                expected: None,
                verdict: Verdict::Unknown,
            };
            if let Some(act) = actual {
                let expected = act.period.as_ref().and_then(|_| self.period_of(&found)).or(self.report_elapsed);
                let c = verdict::Compare { target: tf.value, actual: act.value, kind, expected, lower_bound };
                let (v, mut ratio) = verdict::judge(&c);
                if let Some(r) = ratio_given {
                    ratio = Some(r);
                }
                pair.ratio = ratio;
                pair.expected = (kind == TargetKind::Cumulative).then_some(expected).flatten();
                pair.verdict = v;
                let w = verdict::Words { indicator: &target.indicator, actual_text: &act.text, unit: &unit };
                let aspan = act.span;
                match v {
                    Verdict::Missed => {
                        let (sev, msg) = verdict::missed(&c, &w, self.rules.near_miss);
                        flags.push(verdict::flag("target_missed", sev, msg, "status", aspan));
                    }
                    Verdict::Behind => {
                        let msg = verdict::behind(&c, &w, ratio.unwrap_or(0.0));
                        flags.push(verdict::flag("behind_schedule", Severity::Red, msg, "status", aspan));
                    }
                    Verdict::Met
                        if kind == TargetKind::Cumulative
                            && expected.is_some_and(|e| e <= 1.0 - self.rules.exceeded_margin) =>
                    {
                        let msg = verdict::exceeded(&c, &w, ratio.unwrap_or(1.0));
                        flags.push(verdict::flag("exceeded", Severity::Info, msg, "status", aspan));
                    }
                    Verdict::Unknown => {
                        let msg = format!("{}：完成情况中的“{}”不能与目标比较", target.text, risk::clip(&act.text, 30));
                        flags.push(verdict::flag("no_progress_data", Severity::Yellow, msg, "task", aim.text));
                    }
                    _ => {}
                }
                if act.estimate && v != Verdict::Unknown {
                    let msg = format!("{}仅有预计数（{}），没有实际完成数", target.indicator, act.text);
                    flags.push(verdict::flag("estimate_only", Severity::Yellow, msg, "status", aspan));
                }
                pair.actual = Some(act);
            } else {
                let msg = format!("{}：完成情况中没有可比的数据", target.text);
                flags.push(verdict::flag("no_progress_data", Severity::Yellow, msg, "task", aim.text));
            }
            let mut target = target;
            target.kind = kind;
            row.targets.push(target);
            row.pairs.push(pair);
        }
        let has_targets = !row.targets.is_empty();
        self.risk.declines(status, &self.sfigs, &wanted, has_targets, &mut flags);
        self.risk.wording(status, &mut self.hits, &mut flags);
        if !has_targets {
            // The status says nothing but an estimate ("预计城乡居民收入增长与经济增长保持同步").
            let t = status.trim();
            let one_sentence = t.trim_end_matches(['。', '；']).chars().all(|c| !text::is_sentence_end(c));
            if !t.is_empty() && one_sentence && self.lex.estimate.prefix_of(t, 0).is_some() {
                let s0 = status.len() - status.trim_start().len();
                flags.push(verdict::flag(
                    "estimate_only",
                    Severity::Yellow,
                    format!("完成情况只有预计：{}", risk::clip(t, 40)),
                    "status",
                    [s0, s0 + t.len()],
                ));
            }
        }
        row.flags.retain(|f| !is_analysis_code(&f.code));
        row.flags.extend(flags);
    }

    /// The elapsed share for a found figure's own period.
    fn period_of(&self, found: &Found) -> Option<f64> {
        let i = match found {
            Found::One(i) | Found::Partial(i) | Found::Progress(i) => *i,
            Found::Sum(v) => *v.first()?,
            Found::None => return None,
        };
        self.sfigs.get(i)?.period.as_ref().map(|p| p.1)
    }

    /// The [`Actual`] for a found figure: (actual, is a lower bound, ratio stated).
    fn actual(&self, task: &str, status: &str, tf: &Fig, found: &Found) -> (Option<Actual>, bool, Option<f64>) {
        let conv = |f: &Fig| {
            if tf.scale != 0.0 {
                f.base() / tf.scale
            } else {
                f.value
            }
        };
        let make = |idx: &[usize], value: f64| -> Option<Actual> {
            let first = self.sfigs.get(*idx.first()?)?;
            let last = self.sfigs.get(*idx.last()?)?;
            let start = phrase_start(status, first);
            Some(Actual {
                text: slice(status, start, last.span[1]).to_string(),
                value,
                unit: first.unit_text(status).to_string(),
                period: first.period.as_ref().map(|p| p.0.clone()),
                estimate: idx.iter().any(|&i| self.sfigs.get(i).is_some_and(|f| f.estimate)),
                span: [start, last.span[1]],
            })
        };
        match found {
            Found::None => (None, false, None),
            Found::One(i) => (self.sfigs.get(*i).and_then(|f| make(&[*i], conv(f))), false, None),
            Found::Partial(i) => (self.sfigs.get(*i).and_then(|f| make(&[*i], conv(f))), true, None),
            Found::Sum(v) => {
                let total: f64 = v.iter().filter_map(|&i| self.sfigs.get(i)).map(conv).sum();
                (make(v, total), false, None)
            }
            Found::Progress(i) => {
                let Some(f) = self.sfigs.get(*i) else {
                    return (None, false, None);
                };
                let r = f.value / 100.0;
                let mut a = make(&[*i], r * tf.value);
                if let Some(a) = &mut a {
                    a.unit = tf.unit_text(task).to_string();
                }
                (a, false, Some(r))
            }
        }
    }
}

/// Where the words of a figure start: its clause's subject, without leading punctuation.
fn phrase_start(status: &str, f: &Fig) -> usize {
    let mut s = f.left[0];
    let t = slice(status, s, f.span[0]);
    let trimmed = t.trim_start_matches(['、', '，', ',', ' ', '\n', '；', '：']);
    s += t.len() - trimmed.len();
    s
}

/// Flag codes this stage owns (and so may replace when a row is analysed again).
fn is_analysis_code(code: &str) -> bool {
    matches!(
        code,
        "target_missed"
            | "behind_schedule"
            | "negative_growth"
            | "risk_wording"
            | "no_progress_data"
            | "estimate_only"
            | "exceeded"
    )
}

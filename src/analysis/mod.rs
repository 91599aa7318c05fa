//! Stage: rows → targets (task cell) vs actuals (status cell), pairs with verdicts, and
//! the analysis flags (target_missed, behind_schedule, negative_growth, risk_wording,
//! no_progress_data, estimate_only, exceeded). Lights are set later by `summary`.
//!
//! Per row: [`figures`] reads every quantity of both cells in context, [`targets`] picks
//! the targets of the task, [`matching`] finds each target's figure, [`verdict`] compares
//! them with the time schedule, [`risk`] reads trouble in the status words. Each cell is
//! scanned once (`text::Scanner`) for every word list and its clause, sentence and quote
//! marks, and the same pass fills the numbers' per-char table the quantities are read
//! from; later steps look those up in the cell's `text::Index` instead of reading the
//! text again. Word lists are built once and kept for the next report with equal rules
//! (`lists`); scratch buffers are reused from row to row.

pub(crate) mod figures;
mod lists;
mod matching;
mod risk;
mod targets;
pub(crate) mod text;
mod verdict;

use crate::config::Rules;
use crate::model::{Actual, Pair, Period, Row, Severity, Target, TargetKind, Verdict};
use crate::numbers;
use figures::{Fig, Lexicon};
use matching::{Bags, Found};
use targets::{Aim, Predicates};
use text::{concat, slice};

/// `c.is_alphanumeric()`, answered without a table lookup for ASCII, the common CJK
/// ideographs (U+4E00..U+9FFF are all letters) and the punctuation of Chinese text
/// (、。，“”《》（）：；…: none is a letter or a number).
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || !matches!(
            c,
            '\u{B7}'
                | '\u{D7}'
                | '\u{F7}'
                | '\u{2000}'..='\u{206F}'
                | '\u{3000}'..='\u{3004}'
                | '\u{3008}'..='\u{3020}'
                | '\u{FF01}'..='\u{FF0F}'
                | '\u{FF1A}'..='\u{FF20}'
                | '\u{FF3B}'..='\u{FF40}'
                | '\u{FF5B}'..='\u{FF65}'
        ) && c.is_alphanumeric()
}

/// Where 目前 is in the status scanner: after the risk lists.
const NOW: usize = risk::FIRST + risk::COUNT;
/// Where the words holding the anchor chars of period phrases (`period::ANCHOR_WORDS`)
/// are in the status scanner: the scan finds them on its way, and the periods are looked
/// for around them only.
const ANCHORS: usize = NOW + 1;

/// Fills `targets`, `pairs` and analysis `flags` of every row. Flags already on a row
/// (seq_*) are kept; the analysis appends its own.
pub fn analyze_rows(rows: &mut [Row], period: Option<&Period>, rules: &Rules) {
    let mut cx = Context::new(rules, period);
    for row in rows {
        cx.row(row);
    }
    lists::keep(rules, cx);
}

/// Everything built once per report, and scratch space reused across rows.
struct Context<'r> {
    rules: &'r Rules,
    report_elapsed: Option<f64>,
    lex: Lexicon,
    preds: Predicates,
    risk: risk::Risk,
    tfigs: Vec<Fig>,
    /// The families of the row's targets.
    families: Vec<figures::Family>,
    sfigs: Vec<Fig>,
    aims: Vec<Aim>,
    found: Vec<Found>,
    bags: Bags,
    /// The figure reader's lists, then the predicates of targets, for task cells.
    task_scan: text::Scanner,
    /// The figure reader's lists, then the risk lists, then 目前 ([`NOW`]), then the period
    /// anchors ([`ANCHORS`]), for status cells.
    status_scan: text::Scanner,
    /// What one pass over the task and over the status found.
    task_ix: text::Index,
    status_ix: text::Index,
    /// The status's period phrases and 目前s: (start, end, elapsed share), in order;
    /// [`period_label`] gives a label.
    periods: Vec<(usize, usize, f64)>,
    /// Where the anchor chars of the status's period phrases are.
    anchors: Vec<usize>,
    scratch: numbers::Scratch,
    /// The quantities of the task and of the status cell of the row at hand.
    tq: Vec<numbers::Found>,
    sq: Vec<numbers::Found>,
}

impl<'r> Context<'r> {
    fn new(rules: &'r Rules, period: Option<&Period>) -> Self {
        let lists::Built { lex, preds, risk, task_scan, status_scan, bags } = lists::take(rules);
        Context {
            rules,
            report_elapsed: period.map(|p| p.elapsed).filter(|e| *e > 0.0 && *e <= 1.0),
            task_scan,
            status_scan,
            task_ix: text::Index::default(),
            status_ix: text::Index::default(),
            lex,
            preds,
            risk,
            tfigs: Vec::new(),
            families: Vec::new(),
            sfigs: Vec::new(),
            aims: Vec::new(),
            found: Vec::new(),
            bags,
            periods: Vec::new(),
            anchors: Vec::new(),
            scratch: numbers::Scratch::default(),
            tq: Vec::new(),
            sq: Vec::new(),
        }
    }

    /// The period phrases of a status cell that set a figure's period: 上半年, 1-5月,
    /// 截至4月底, 截至目前 (目前 as found by the status scan, `status_ix`). Words for the
    /// whole year (全年, 年度) in a status usually name the plan ("完成全年目标的…"), so
    /// they count only at the head of a clause ("全年，…"). Periods carry no label (no
    /// allocation): [`period_label`] reads them off the span when a figure needs one.
    fn find_periods(&mut self, status: &str) {
        let periods = &mut self.periods;
        periods.clear();
        let anchors = &mut self.anchors;
        anchors.clear();
        for h in self.status_ix.kept(ANCHORS) {
            anchors.push(crate::period::anchor_in(h.word, h.span));
        }
        crate::period::find_each_at(status, anchors, |p| {
            let [s, e] = p.span;
            let label = slice(status, s, e);
            let at_head = status.get(e..).is_some_and(|r| r.starts_with(['，', ',']));
            if p.elapsed >= 1.0 && !at_head || label == "年度" || label == "下半年" {
                return;
            }
            periods.push((s, e, p.elapsed));
        });
        if let Some(e) = self.report_elapsed {
            let phrases = periods.len();
            // Every 目前, found by the status scan.
            for h in self.status_ix.kept(NOW) {
                let [s, end] = h.span;
                let before = slice(status, 0, s);
                let from = ["截至", "截止到", "截止"].iter().find(|p| before.ends_with(**p)).map_or(s, |p| s - p.len());
                periods.push((from, end, e));
            }
            // The phrases came in order; so did the 目前s.
            if periods.len() > phrases && phrases > 0 {
                periods.sort_by_key(|p| p.0);
            }
        }
    }

    fn row(&mut self, row: &mut Row) {
        let task = row.task.as_str();
        let status = row.status.as_str();
        // One pass over each cell finds the words of every list and the clause bounds,
        // and fills the numbers' per-char table of the cell, which the quantities are read from.
        self.task_scan.scan_table(task, &mut self.task_ix, self.scratch.table());
        numbers::scan_table_into(task, &mut self.scratch, &mut self.tq);
        self.status_scan.scan_table(status, &mut self.status_ix, self.scratch.table());
        numbers::scan_table_into(status, &mut self.scratch, &mut self.sq);
        // The periods of a status serve its figures only.
        if self.sq.is_empty() {
            self.periods.clear();
        } else {
            self.find_periods(status);
        }
        let task_want = figures::Want { status: false, families: &[] };
        figures::read(task, &self.tq, &[], &self.lex, &self.task_ix, task_want, &mut self.tfigs);
        // The task index is always this row's: the task is scanned above whatever it holds.
        targets::find(task, &self.task_ix, &self.tfigs, &self.preds, &mut self.aims);
        // The status figures are read in full only where a target may take them.
        self.families.clear();
        self.families.extend(self.aims.iter().filter_map(|a| self.tfigs.get(a.fig).and_then(|f| f.family)));
        let want = figures::Want { status: true, families: &self.families };
        figures::read(status, &self.sq, &self.periods, &self.lex, &self.status_ix, want, &mut self.sfigs);
        matching::assign(task, status, &self.tfigs, &self.aims, &self.sfigs, &mut self.bags, &mut self.found);
        // The flags this stage set on an earlier analysis of the row go; the new ones are
        // pushed straight onto the row's (most rows carry none of their own).
        row.flags.retain(|f| !is_analysis_code(&f.code));
        let flags = &mut row.flags;
        let mut wanted = Vec::new();
        row.targets.clear();
        row.pairs.clear();
        // One allocation each, of the right size, rather than growing from empty.
        row.targets.reserve_exact(self.aims.len());
        row.pairs.reserve_exact(self.aims.len());
        for (a, aim) in self.aims.iter().enumerate() {
            let tf = &self.tfigs[aim.fig];
            let unit = tf.unit_text(task);
            let mut kind = aim.kind;
            let target = Target {
                text: slice(task, aim.text[0], aim.text[1]).to_string(),
                indicator: slice(task, aim.indicator[0], aim.indicator[1]).to_string(),
                value: tf.value,
                unit: unit.to_string(),
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
                let w = verdict::Words { indicator: &target.indicator, actual_text: &act.text, unit };
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
                        let [words, more] = risk::clip(&act.text, 30);
                        let msg = concat(&[&target.text, "：完成情况中的“", words, more, "”不能与目标比较"]);
                        flags.push(verdict::flag("no_progress_data", Severity::Yellow, msg, "task", aim.text));
                    }
                    _ => {}
                }
                if act.estimate && v != Verdict::Unknown {
                    let msg = concat(&[&target.indicator, "仅有预计数（", &act.text, "），没有实际完成数"]);
                    flags.push(verdict::flag("estimate_only", Severity::Yellow, msg, "status", aspan));
                }
                pair.actual = Some(act);
            } else {
                let msg = concat(&[&target.text, "：完成情况中没有可比的数据"]);
                flags.push(verdict::flag("no_progress_data", Severity::Yellow, msg, "task", aim.text));
            }
            let mut target = target;
            target.kind = kind;
            row.targets.push(target);
            row.pairs.push(pair);
        }
        let has_targets = !row.targets.is_empty();
        self.risk.declines(status, &self.status_ix, &self.sfigs, &wanted, has_targets, flags);
        self.risk.wording(status, &self.status_ix, flags);
        if !has_targets {
            // The status says nothing but an estimate ("预计城乡居民收入增长与经济增长保持同步").
            let rest = status.trim_start();
            let s0 = status.len() - rest.len();
            // Asked first, of the status scan: few statuses open with an estimate word. Then
            // no sentence end but trailing 。 and ；, as the status scan found them.
            let t = rest.trim_end();
            let one_sentence = || {
                let body = t.trim_end_matches(['。', '；']).len();
                !self.status_ix.sentence_end_in(s0, s0 + body)
            };
            if self.status_ix.at(figures::ESTIMATE, s0).is_some() && one_sentence() {
                let [words, more] = risk::clip(t, 40);
                flags.push(verdict::flag(
                    "estimate_only",
                    Severity::Yellow,
                    concat(&["完成情况只有预计：", words, more]),
                    "status",
                    [s0, s0 + t.len()],
                ));
            }
        }
    }

    /// The elapsed share for a found figure's own period.
    fn period_of(&self, found: &Found) -> Option<f64> {
        let i = match found {
            Found::One(i) | Found::Partial(i) | Found::Progress(i) => *i,
            Found::Sum(v) => *v.first()?,
            Found::None => return None,
        };
        self.sfigs.get(i)?.period.map(|p| p.1)
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
                period: first.period.and_then(|p| self.periods.get(p.0)).map(|p| period_label(status, p).to_string()),
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

/// The label of one of the status periods (see [`Context::find_periods`]): the phrase as
/// written, or 截至目前 for a 目前 (with or without 截至 before it).
fn period_label<'a>(status: &'a str, p: &(usize, usize, f64)) -> &'a str {
    let t = slice(status, p.0, p.1);
    // No period phrase ends in 目前: they end in 月, 季度, 年, 年度, 月底, 月末 or 月份.
    if t.ends_with("目前") {
        "截至目前"
    } else {
        t
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Flag;

    #[test]
    fn is_alphanumeric_agrees_with_std_on_every_char() {
        let differ: Vec<char> =
            (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| is_alphanumeric(c) != c.is_alphanumeric()).collect();
        assert!(differ.is_empty(), "differs on {differ:?}");
    }

    /// Analyses one row (report period 上半年) and returns (verdicts, flags as "code:severity").
    fn run(task: &str, status: &str) -> (Vec<String>, Vec<String>, Row) {
        let mut rows = vec![Row { task: task.into(), status: status.into(), ..Default::default() }];
        let period = Period { label: "上半年".into(), elapsed: 0.5 };
        analyze_rows(&mut rows, Some(&period), &Rules::default());
        let row = rows.remove(0);
        let v = row
            .pairs
            .iter()
            .map(|p| {
                serde_json::to_value(p.verdict).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
            })
            .collect();
        let f = row
            .flags
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| {
                let sev = serde_json::to_value(f.severity)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                format!("{}:{}", f.code, sev)
            })
            .collect();
        (v, f, row)
    }

    /// `case!(task, status, [verdicts], [red/yellow flags as "code:severity"])`.
    macro_rules! case {
        ($task:expr, $status:expr, [$($v:expr),*], [$($f:expr),*]) => {{
            let (v, f, row) = run($task, $status);
            let wv: Vec<&str> = vec![$($v),*];
            let wf: Vec<&str> = vec![$($f),*];
            assert_eq!((v, f), (
                wv.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                wf.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
                "\n task {:?}\n status {:?}\n targets {:?}\n pairs {:?}", $task, $status, row.targets, row.pairs);
        }};
    }

    #[test]
    fn rates_and_levels() {
        case!(
            "地区生产总值增长6.5%。",
            "上半年，地区生产总值增长6.4%，高于全市1.8个百分点。",
            ["missed"],
            ["target_missed:yellow"]
        );
        case!(
            "一般公共预算收入增长8.5%。",
            "实现一般公共预算收入36.05亿元、增长5.8%。",
            ["missed"],
            ["target_missed:red"]
        );
        case!(
            "固定资产投资增长10%。",
            "上半年，完成固定资产投资增长-9.8%。",
            ["missed"],
            ["target_missed:red", "negative_growth:red"]
        );
        case!("规上工业增加值增长8.5%。", "上半年，全区规上工业增加值增速8.8%，高于全市5.3个百分点", ["met"], []);
        case!(
            "研发投入强度达到1.9%。",
            "研发投入费用16.19亿元，同比增加2.3%，投入强度1.7%。",
            ["missed"],
            ["target_missed:red"]
        );
        case!("覆盖率达100%。", "目前行政村管道天然气覆盖率为87%。", ["missed"], ["target_missed:red"]);
        case!("居民健康素养水平达30%。", "目前全区居民健康素养水平达30.2%。", ["met"], []);
        case!("市级以上名师优师增至500人。", "新增市级学科带头人1人，市级以上名师优师增至505人。", ["met"], []);
    }

    #[test]
    fn traps_a_keyword_matcher_falls_into() {
        // A decline target is met by a larger decline.
        case!("单位地区生产总值能耗下降3.4%以上。", "上半年，单位地区生产总值能耗下降5%。", ["met"], []);
        case!(
            "单位地区生产总值能耗下降3.4%以上。",
            "上半年，单位地区生产总值能耗下降2%。",
            ["missed"],
            ["target_missed:red"]
        );
        // Below a ceiling is good news; the ceiling in the status is not a figure.
        case!("城镇调查失业率控制在4.5%以内。", "城镇调查失业率4.2%，低于4.5%的控制目标。", ["met"], []);
        // A comparison with the city is not the indicator's value.
        case!("地区生产总值增长6.5%。", "高于全市1.8个百分点。", ["unknown"], ["no_progress_data:yellow"]);
        // Enforcement work is not trouble.
        case!("深入推进安全生产大排查。", "责令停产停业整顿企业24家次，暂扣吊销各类证照427个。", [], []);
        // A wanted decline is not negative growth.
        case!("强化财政资金管理。", "2023年上半年预算追加同比下降38%。", [], []);
        // Resolved problems are history.
        case!("加快保障性住房产权证办理。", "63项专项验收未通过问题已全部完成。", [], []);
    }

    #[test]
    fn cumulative_against_the_schedule() {
        case!("新增发放创业担保贷款5000万元。", "上半年，新增发放创业担保贷款4836万元。", ["on_track"], []);
        case!("确保城镇新增就业2万人。", "上半年，全区城镇新增就业12039人。", ["on_track"], []);
        case!("建成高标准农田5万亩。", "建成高标准农田2万亩。", ["behind"], ["behind_schedule:red"]);
        case!("完成营造林20万亩。", "上半年，完成各类营造林13.47万亩。", ["on_track"], []);
        case!("新增科技型企业100户以上。", "上半年，新增科技型企业261家。", ["met"], []);
        // The figure's own period sets the schedule: 8.16 of 10 by end-April is ahead of 4/12.
        case!("万人发明专利拥有量增长10%。", "截至4月底，万人发明拥有量达6.76件，比去年底增长8.16%", ["on_track"], []);
        // 1-5月 is 5/12 of the year: 45 of 100 is on track there, though under half.
        case!("新增市场主体100户。", "1-5月，新增市场主体45户。", ["on_track"], []);
        // Exactly on schedule is on track.
        case!("开展文体惠民活动1200场。", "指导开展各类文体惠民活动600余场。", ["on_track"], []);
        // The department's own share of the target.
        case!("新增家庭农场、农民专业合作社50个。", "上半年，完成目标任务的82%。", ["on_track"], []);
    }

    #[test]
    fn matching_only_the_same_indicator() {
        // The only 亿元 figure is a subset's output, not the district's.
        case!(
            "力争规上工业产值突破2500亿元、战略性新兴产业产值增长15%。",
            "上半年，全区规上工业战略性新兴产业产值385.02亿元，同比下降4.5%。",
            ["unknown", "missed"],
            ["no_progress_data:yellow", "target_missed:red", "negative_growth:red"]
        );
        // One phrase, two targets (均); only one is reported.
        case!(
            "力争基础设施投资、民间投资均增长12%以上。",
            "上半年民间投资增长-7.3%。",
            ["unknown", "missed"],
            ["no_progress_data:yellow", "target_missed:red", "negative_growth:red"]
        );
        // 分别: figures in order.
        case!(
            "力争接待游客数、旅游收入均增长15%。",
            "全区接待游客1470.6 万人次，实现旅游综合收入130.25亿元，分别同比增长30.75%、25.06%。",
            ["met", "met"],
            []
        );
        // The head noun alone names a longer indicator.
        case!("完成固定资产投资200亿元。", "一季度完成投资38亿元。", ["behind"], ["behind_schedule:red"]);
        // A different designation is a different indicator.
        case!("新增市级优质专业6个。", "新增市级骨干专业2个。", ["unknown"], ["no_progress_data:yellow"]);
        // Applied for is not achieved; 成功申报 is.
        case!(
            "新增高新技术企业30户以上。",
            "第一批推荐申报高新技术企业80家。",
            ["unknown"],
            ["no_progress_data:yellow"]
        );
        case!("新增智能工厂2个、数字化车间5个。", "成功申报智能工厂1家、数字化车间11家。", ["on_track", "met"], []);
        // A combined target: items summed; one item alone is a lower bound.
        case!("新增家庭农场、农民专业合作社50个。", "发展家庭农场18家，农民合作社 23个。", ["on_track"], []);
        case!(
            "新改建公厕、垃圾站12座。",
            "新完工乡镇公厕1座，10座公厕完成主体建设。",
            ["unknown"],
            ["no_progress_data:yellow"]
        );
        // Units convert (万人 ↔ 人, 亿方 ↔ 亿立方米).
        case!("产量稳定在60亿立方米以上。", "上半年，页岩气产气35.5亿方。", ["on_track"], []);
        // An abbreviation (固投) names the same indicator.
        case!("完成投资220亿元以上。", "预计上半年完成固投113.26亿元。", ["on_track"], ["estimate_only:yellow"]);
    }

    #[test]
    fn not_targets() {
        // Names, phases, classes, sizes and programme numbers.
        case!("实施2个百亿级、27个十亿级重大项目。", "", [], []);
        case!("深入实施“十百千万”工程、五大行动和三个专项。", "", [], []);
        case!("投产华峰氨纶六期、万凯三期等项目。", "", [], []);
        case!("稳岗就业13条政策落地。", "", [], []);
        case!("抓好特色产业10条。", "", [], []);
        case!("实施新一轮乡镇财政管理体制改革。", "完成两乡财政管理体制调整工作。", [], []);
        case!("办好区第六届运动会。", "成功举办区第六届运动会。", [], []);
    }

    #[test]
    fn risk_and_estimates() {
        case!(
            "节能减排降碳等约束性指标完成市上任务。",
            "目前，市上未下达年度任务。预计完成目标难度大。",
            [],
            ["risk_wording:red", "risk_wording:red"]
        );
        case!(
            "建成投用G351石板沟长江大桥至爻里小镇段。",
            "当前因资金未落实，项目暂时停工。",
            [],
            ["risk_wording:red", "risk_wording:red"]
        );
        case!(
            "城乡居民收入增长快于经济增长。",
            "预计城乡居民收入增长与经济增长保持同步。",
            [],
            ["estimate_only:yellow"]
        );
        case!(
            "规上工业产值增长16%。",
            "1-5月，完成规上工业产值313亿元；上半年，预计完成规上工业产值378亿元，同比增长5.9%。",
            ["missed"],
            ["target_missed:red", "estimate_only:yellow"]
        );
        case!(
            "做大做强综保区。",
            "上半年，综保区实现外贸进出口值60.97亿元，同比下降3.99%。",
            [],
            ["negative_growth:yellow"]
        );
    }

    #[test]
    fn spans_point_at_the_evidence() {
        let (_, _, row) = run("地区生产总值增长6.5%。", "上半年，地区生产总值增长6.4%。");
        let t = &row.targets[0];
        assert_eq!(&row.task[t.span[0]..t.span[1]], t.text);
        assert_eq!((t.value, t.unit.as_str(), t.kind), (6.5, "%", TargetKind::Rate));
        let a = row.pairs[0].actual.as_ref().unwrap();
        assert_eq!(&row.status[a.span[0]..a.span[1]], a.text);
        assert_eq!(a.period.as_deref(), Some("上半年"));
        let f = &row.flags[0];
        assert_eq!(f.message, "地区生产总值增长6.4%，低于目标6.5%，差0.1个百分点");
        let s = f.span.unwrap();
        assert_eq!(&row.status[s[0]..s[1]], a.text);
    }

    #[test]
    fn a_figure_carries_the_period_it_was_found_under() {
        for (status, period) in [
            ("上半年，全区城镇新增就业12039人。", Some("上半年")),
            ("1-5月，全区城镇新增就业12039人。", Some("1-5月")),
            ("截至4月底，全区城镇新增就业12039人。", Some("截至4月底")),
            ("截至目前，全区城镇新增就业12039人。", Some("截至目前")),
            ("目前全区城镇新增就业12039人。", Some("截至目前")),
            ("2023年全区城镇新增就业12039人。", None),
        ] {
            let (_, _, row) = run("确保城镇新增就业2万人。", status);
            let a = row.pairs[0].actual.as_ref().unwrap();
            assert_eq!(a.period.as_deref(), period, "{status}");
        }
    }

    #[test]
    fn ideographs_are_alphanumeric() {
        // The fast path of `is_alphanumeric` agrees with the Unicode tables.
        assert!(('\u{4E00}'..='\u{9FFF}').all(|c| c.is_alphanumeric()));
        for c in ['a', '１', '。', ' ', '㎡', 'Ⅱ', '\u{3400}', '\u{20000}'] {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn seq_flags_are_kept() {
        let mut rows = vec![Row {
            task: "地区生产总值增长6.5%。".into(),
            status: "地区生产总值增长6.4%。".into(),
            flags: vec![Flag {
                code: "seq_missing".into(),
                severity: Severity::Info,
                message: String::new(),
                cell: "seq".into(),
                span: None,
            }],
            ..Default::default()
        }];
        analyze_rows(&mut rows, None, &Rules::default());
        analyze_rows(&mut rows, None, &Rules::default());
        let codes: Vec<&str> = rows[0].flags.iter().map(|f| &*f.code).collect();
        assert_eq!(codes, ["seq_missing", "target_missed"]);
    }

    #[test]
    fn never_panics_on_cut_text() {
        let task = "力争规上工业产值突破2500亿元、战略性新兴产业产值增长15%以上，“十四五”";
        let status = "截至4月底，全区规上工业产值385.02亿元，同比下降4.5%、预计完成目标难度大（问题：";
        let mut cuts = Vec::new();
        for (i, _) in task.char_indices() {
            cuts.push((&task[..i], status));
        }
        for (i, _) in status.char_indices() {
            cuts.push((task, &status[i..]));
        }
        for (t, s) in cuts {
            let _ = run(t, s);
        }
    }
}

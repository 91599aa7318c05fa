//! Targets: which figures of the task cell are targets, what indicator each measures and
//! how it is compared (rate, level, cumulative, ceiling).
//!
//! A figure is a target when a verb of quantity stands before it in its clause (增长, 达到,
//! 新增, 建成, 完成 …) or it continues a list of targets ("新增智能工厂2个、数字化车间5个").
//! Names in quotes, ordinals, dates, sizes and classes ("2个百亿级…项目") are not.

use super::figures::{Family, Fig};
use super::text::{self, slice, Index, Words};
use crate::model::TargetKind;

/// A target with what matching needs.
#[derive(Debug, Clone)]
pub(crate) struct Aim {
    /// Index of the figure in the task's figures.
    pub fig: usize,
    /// Byte range of the target's words in the task.
    pub text: [usize; 2],
    /// Byte range of the indicator's words.
    pub indicator: [usize; 2],
    /// How it is compared.
    pub kind: TargetKind,
    /// A % target compared with growth figures (rate, or a decline target).
    pub wants_growth: bool,
    /// Byte ranges of the items of a combined target ("公厕、垃圾站12座").
    pub parts: Vec<[usize; 2]>,
}

/// Predicates standing right before a target figure, and the kind they give.
pub(crate) struct Predicates {
    rate: Words,
    decline: Words,
    ceiling: Words,
    level: Words,
    verbs: Words,
    intro: Words,
    fillers: Words,
    flow: Words,
    share: Words,
}

impl Predicates {
    pub fn new() -> Predicates {
        Predicates {
            rate: Words::new(&["增长", "增速", "增幅", "提高", "提升", "增加"]),
            decline: Words::new(&["下降", "降低", "减少", "压减"]),
            ceiling: Words::new(&["控制在", "不超过", "不高于", "低于", "控制到", "降至", "降到"]),
            level: Words::new(&[
                "达到",
                "达",
                "增至",
                "突破",
                "超过",
                "稳定在",
                "保持在",
                "提高到",
                "提升到",
                "提高至",
                "提升至",
                "为",
                "不低于",
                "超",
                "逾",
            ]),
            verbs: Words::new(&[
                "增长",
                "增速",
                "提高",
                "提升",
                "下降",
                "降低",
                "减少",
                "达到",
                "达",
                "突破",
                "超过",
                "增至",
                "稳定在",
                "保持在",
                "控制在",
                "不超过",
                "不低于",
                "新增",
                "新建",
                "新改建",
                "改建",
                "建成",
                "建设",
                "完成",
                "实现",
                "实施",
                "开展",
                "创建",
                "新创",
                "引育",
                "引进",
                "培育",
                "培训",
                "发放",
                "改造",
                "治理",
                "整治",
                "修复",
                "营造",
                "打造",
                "投用",
                "开钻",
                "开工",
                "投产",
                "安装",
                "升规",
                "升限",
                "引资",
                "到位",
                "吸纳",
                "招引",
                "开通",
                "种植",
                "增加",
                "扩大",
                "累计",
                "占",
                "FDI",
                "就业",
                "新开",
                "建立",
                "培养",
                "认定",
                "评选",
            ]),
            intro: Words::new(&["力争", "确保", "努力", "争取", "其中"]),
            fillers: Words::new(&[
                "力争",
                "确保",
                "努力",
                "争取",
                "全力",
                "实现",
                "其中",
                "全年",
                "推动",
                "加快",
                "、",
                "并",
                "同时",
                "使",
                "要",
                "年内",
                "今年",
                "当年",
                "进一步",
                "持续",
                "积极",
                "全区",
                "，",
            ]),
            flow: Words::new(&[
                "产值",
                "产量",
                "投资",
                "收入",
                "增加值",
                "天数",
                "营收",
                "销售",
                "交易额",
                "引资",
                "资金",
                "贷款",
                "就业",
                "培训",
                "出口",
                "进出口",
                "税收",
                "利润",
                "营业额",
                "零售额",
                "完成",
            ]),
            share: Words::new(&["率", "占比", "比重", "覆盖", "强度", "水平", "每", "人均"]),
        }
    }
}

/// Where the lists of [`Predicates::lists`] are in the task scanner: after the figure
/// reader's.
pub(crate) const FIRST: usize = super::figures::NLISTS;
const VERBS: usize = FIRST;
const INTRO: usize = FIRST + 1;
const RATE: usize = FIRST + 2;
const DECLINE: usize = FIRST + 3;
const CEILING: usize = FIRST + 4;
const LEVEL: usize = FIRST + 5;
const SHARE: usize = FIRST + 6;
const FLOW: usize = FIRST + 7;
/// How many lists [`Predicates::lists`] gives.
pub(crate) const COUNT: usize = 8;

impl Predicates {
    /// The lists [`find`] asks the task's [`Index`] about (whether one occurs in a
    /// stretch, the last one in it): verbs, intro, rate, decline, ceiling, level, share,
    /// flow. In the task scanner they come after the figure reader's lists, at [`FIRST`]
    /// on: a task is decoded once for all of them, not again for every figure and list.
    pub fn lists(&self) -> [&Words; COUNT] {
        [&self.verbs, &self.intro, &self.rate, &self.decline, &self.ceiling, &self.level, &self.share, &self.flow]
    }
}

/// Finds the targets among the task's figures. `ix` is the task scanned by the task
/// scanner (the figure reader's lists, then [`Predicates::lists`]): clause bounds and the
/// predicates of a stretch are looked up there.
pub(crate) fn find(cell: &str, ix: &Index, figs: &[Fig], p: &Predicates, out: &mut Vec<Aim>) {
    out.clear();
    let mut k = 0;
    let mut last_target_end: Option<usize> = None;
    while k < figs.len() {
        let f = &figs[k];
        if f.skip || f.relative || f.family.is_none() {
            k += 1;
            continue;
        }
        let [s, e] = f.span;
        let clause = ix.clause_and_sentence_start(s)[0];
        // Qualifies: a verb of quantity in the clause, or a list continued after a target.
        let continues = last_target_end.is_some_and(|t| t >= clause && t <= s)
            && slice(cell, last_target_end.unwrap_or(0), s).starts_with('、');
        let clause = clause.max(last_target_end.filter(|t| *t <= s && *t >= clause).unwrap_or(0));
        if !continues && !ix.any_in(VERBS, clause, s) {
            k += 1;
            continue;
        }
        // Words already taken by the previous target ("引育20个创新团队、200名…") are not this one's.
        let mut left0 = f.left[0].max(last_target_end.unwrap_or(0).min(s));
        while let Some(r) = slice(cell, left0, s).strip_prefix('、') {
            left0 = s - r.len();
        }
        // The predicate right before the figure.
        let pred_start = [&p.rate, &p.decline, &p.ceiling, &p.level]
            .iter()
            .filter_map(|w| w.suffix_of(cell, s).filter(|&b| b >= left0))
            .min()
            .unwrap_or(s);
        let pred = slice(cell, pred_start, s);
        let mut subj_end = pred_start;
        let subj_text = slice(cell, left0, subj_end);
        let mut each = false;
        let mut respectively = false;
        if let Some(r) = subj_text.strip_suffix('均') {
            each = true;
            subj_end = left0 + r.len();
        } else if let Some(r) = subj_text.strip_suffix("分别") {
            respectively = true;
            subj_end = left0 + r.len();
        }
        // The target phrase starts after the last 力争/确保/… ("推动天然气向农村覆盖、力争
        // 行政村管道天然气覆盖率达100%"), then leading fillers are dropped.
        let mut subj_start = left0;
        if let Some(h) = ix.last_in(INTRO, left0, subj_end) {
            subj_start = h.span[1];
        }
        while let Some(end) = p.fillers.prefix_of(cell, subj_start) {
            if end > subj_end {
                break;
            }
            subj_start = end;
        }
        // The indicator proper drops leading verbs too ("新增公办幼儿园" → 公办幼儿园).
        let mut ind_start = subj_start;
        while let Some(end) = ix.at(VERBS, ind_start).map(|h| h.span[1]) {
            if end > subj_end {
                break;
            }
            ind_start = end;
        }
        let subject = slice(cell, ind_start, subj_end);
        let pct = f.family == Some(Family::Percent);
        let after = slice(cell, e.saturating_sub(6), e);
        let is_rate = !pred.is_empty() && ix.any_in(RATE, pred_start, s);
        let is_decline = !pred.is_empty() && ix.any_in(DECLINE, pred_start, s);
        let is_ceiling = (!pred.is_empty() && ix.any_in(CEILING, pred_start, s))
            || after.ends_with("以内")
            || after.ends_with("以下");
        let is_level = !pred.is_empty() && ix.any_in(LEVEL, pred_start, s);
        // The indicator: the subject, or the noun after the figure ("引育20个创新团队").
        let right_end = ix.clause_or_pause_end(e);
        let noun = [e, right_end.min(f.right[1].max(e))];
        let before_number = subject.ends_with('等');
        let indicator = if text::has_subject(subject) && !before_number {
            [ind_start, subj_end]
        } else if text::has_subject(slice(cell, noun[0], noun[1])) {
            noun
        } else {
            [subj_start, subj_end]
        };
        let ind_text = slice(cell, indicator[0], indicator[1]);
        let kind = if pct || f.family == Some(Family::Points) {
            if is_decline || is_ceiling {
                TargetKind::Ceiling
            } else if is_rate {
                if ix.any_in(SHARE, indicator[0], indicator[1]) && !ind_text.ends_with("增长") {
                    // 提高…率 is still a level to reach when the subject is a rate.
                    TargetKind::Level
                } else {
                    TargetKind::Rate
                }
            } else {
                TargetKind::Level
            }
        } else if is_ceiling {
            TargetKind::Ceiling
        } else if is_level
            && (ix.any_in(SHARE, indicator[0], indicator[1]) || !ix.any_in(FLOW, indicator[0], indicator[1]))
        {
            TargetKind::Level
        } else {
            TargetKind::Cumulative
        };
        let wants_growth = pct && (is_rate && kind == TargetKind::Rate || is_decline);
        let items = split_items(cell, indicator);
        if each && items.len() > 1 {
            for it in &items {
                out.push(Aim { fig: k, text: [it[0], e], indicator: *it, kind, wants_growth, parts: Vec::new() });
            }
            last_target_end = Some(e);
            k += 1;
            continue;
        }
        if respectively && items.len() > 1 {
            // The figures that follow joined by 、 take the items in order.
            let mut chain = vec![k];
            let mut j = k + 1;
            while j < figs.len() && chain.len() < items.len() {
                let g = slice(cell, figs[chain[chain.len() - 1]].span[1], figs[j].span[0]);
                if g.trim() == "、" && !figs[j].skip {
                    chain.push(j);
                    j += 1;
                } else {
                    break;
                }
            }
            if chain.len() == items.len() {
                for (n, &fi) in chain.iter().enumerate() {
                    let text_start = if n == 0 { subj_start } else { figs[fi].span[0] };
                    out.push(Aim {
                        fig: fi,
                        text: [text_start, figs[fi].span[1]],
                        indicator: items[n],
                        kind,
                        wants_growth,
                        parts: Vec::new(),
                    });
                }
                last_target_end = Some(figs[j - 1].span[1]);
                k = j;
                continue;
            }
        }
        let parts = if items.len() > 1 && !before_number && indicator[0] < s { items } else { Vec::new() };
        let text_end = if indicator[0] >= e { indicator[1] } else { e };
        out.push(Aim { fig: k, text: [subj_start.min(indicator[0]), text_end], indicator, kind, wants_growth, parts });
        last_target_end = Some(text_end);
        k += 1;
    }
}

/// The items of a list joined by 、 ("基础设施投资、民间投资"); none (no allocation) when
/// there is no 、, as callers ask only for two or more.
fn split_items(cell: &str, r: [usize; 2]) -> Vec<[usize; 2]> {
    let s = slice(cell, r[0], r[1]);
    // A byte search for 、 (E3 80 81): `str::contains` of a non-ASCII char sets up a
    // substring searcher, costly on an indicator of a few chars.
    if !s.as_bytes().windows(3).any(|w| matches!(w, [0xE3, 0x80, 0x81])) {
        return Vec::new();
    }
    let mut v = Vec::new();
    let mut from = 0;
    for (i, c) in s.char_indices() {
        if c == '、' {
            if i > from {
                v.push([r[0] + from, r[0] + i]);
            }
            from = i + c.len_utf8();
        }
    }
    if from < s.len() {
        v.push([r[0] + from, r[1]]);
    }
    v
}

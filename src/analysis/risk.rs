//! Trouble in the status words: risk wording (strong → red, weak → yellow) and reported
//! declines (negative_growth).
//!
//! ADVICE FOR HACKERS: a keyword matcher is easily fooled. A risk word inside an exception
//! phrase is routine work ("责令停产整顿企业24家次" is enforcement, not trouble); one followed
//! in its sentence by a resolution ("未通过问题已全部完成") is history. A decline is bad news
//! only for indicators that should grow: "预算追加同比下降38%" or a fall in 能耗 is wanted.

use super::figures::{Family, Fig};
use super::text::{concat, slice, Index, Words};
use super::verdict::flag;
use crate::model::{Flag, Severity};

/// Where the lists of [`Risk::lists`] start in the status scanner: after the figure
/// reader's.
pub(crate) const FIRST: usize = super::figures::NLISTS;
const EXCEPTIONS: usize = FIRST;
const STRONG: usize = FIRST + 1;
const WEAK: usize = FIRST + 2;
const RESOLVED: usize = FIRST + 3;
const DECLINE_GOOD: usize = FIRST + 4;
/// How many lists [`Risk::lists`] gives.
pub(crate) const COUNT: usize = 5;

/// The word lists of risk wording, built once per report.
pub(crate) struct Risk {
    strong: Words,
    weak: Words,
    exceptions: Words,
    resolved: Words,
    decline_good: Words,
}

impl Risk {
    pub fn new(rules: &crate::Rules) -> Risk {
        Risk {
            strong: Words::new(&rules.risk_strong),
            weak: Words::new(&rules.risk_weak),
            exceptions: Words::new(&rules.risk_exceptions),
            resolved: Words::new(&rules.risk_resolved),
            decline_good: Words::new(&rules.decline_good),
        }
    }

    /// The lists [`Risk::wording`] and [`Risk::declines`] ask an [`Index`] of the status
    /// about: exceptions, strong, weak, resolved, decline_good. In the status scanner they
    /// come after the figure reader's lists, at [`FIRST`] on.
    pub fn lists(&self) -> [&Words; COUNT] {
        [&self.exceptions, &self.strong, &self.weak, &self.resolved, &self.decline_good]
    }

    /// Flags risk wording in `status`, scanned into `ix`.
    pub fn wording(&self, status: &str, ix: &Index, flags: &mut Vec<Flag>) {
        let exc = ix.kept(EXCEPTIONS);
        let (strong, weak) = (ix.kept(STRONG), ix.kept(WEAK));
        for (sev, found) in [(Severity::Red, strong), (Severity::Yellow, weak)] {
            for h in found.iter() {
                let [s, e] = h.span;
                if exc.iter().any(|x| x.span[0] < e && s < x.span[1]) {
                    continue;
                }
                let sent_end = ix.sentence_end_from(e);
                if ix.any_in(RESOLVED, e, sent_end) {
                    continue;
                }
                // A weak word overlapping a strong one already flagged says nothing new.
                if flags.iter().any(|f| f.code == "risk_wording" && f.span.is_some_and(|x| x[0] < e && s < x[1])) {
                    continue;
                }
                let c0 = ix.clause_and_sentence_start(s)[0];
                let c1 = ix.clause_end_from(e);
                let [clause, more] = clip(slice(status, c0, c1).trim(), 40);
                let msg = concat(&["完成情况承认存在困难（“", slice(status, s, e), "”）：", clause, more]);
                flags.push(flag("risk_wording", sev, msg, "status", [s, e]));
            }
        }
    }

    /// Flags every reported decline of an indicator that should grow. Figures in
    /// `wanted` (matched to a decline target) are skipped. Red when the row has targets,
    /// yellow when it has none (the task sets no figure the decline could miss).
    pub fn declines(
        &self,
        status: &str,
        ix: &Index,
        figs: &[Fig],
        wanted: &[usize],
        has_targets: bool,
        flags: &mut Vec<Flag>,
    ) {
        for (i, f) in figs.iter().enumerate() {
            if f.skip
                || f.relative
                || f.progress
                || f.family != Some(Family::Percent)
                || !f.growth
                || !(f.decline || f.value < 0.0)
                || wanted.contains(&i)
            {
                continue;
            }
            let subj = subject(f);
            if ix.any_in(DECLINE_GOOD, subj[0], f.span[0]) {
                continue;
            }
            let sev = if has_targets { Severity::Red } else { Severity::Yellow };
            let words = slice(status, subj[0], f.span[1]).trim_start_matches(['，', '、', ' ']);
            let [words, more] = clip(words, 60);
            let msg = concat(&[words, more, "，为负增长"]);
            flags.push(flag("negative_growth", sev, msg, "status", [subj[0], f.span[1]]));
        }
    }
}

/// Where a figure's subject starts: its own clause, or the borrowed subject before it.
pub(crate) fn subject(f: &Fig) -> [usize; 2] {
    match f.borrowed {
        Some(b) if !f.named => [b[0], f.span[1]],
        _ => [f.left[0], f.span[1]],
    }
}

/// At most `n` chars of `s`, and an ellipsis when cut (else ""): the pieces of a message.
pub(crate) fn clip(s: &str, n: usize) -> [&str; 2] {
    match s.char_indices().nth(n) {
        Some((i, _)) => [&s[..i], "…"],
        None => [s, ""],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! risk {
        ($status:expr, $want:expr) => {{
            let r = Risk::new(&crate::Rules::default());
            let mut flags = Vec::new();
            // Empty lists stand in for the figure reader's, which come first.
            let none = Words::new(&[""]);
            let mut lists = vec![&none; FIRST];
            lists.extend(r.lists());
            let mut ix = Index::default();
            super::super::text::Scanner::new(&lists).scan($status, &mut ix);
            r.wording($status, &ix, &mut flags);
            let got: Vec<(Severity, &str)> = flags
                .iter()
                .map(|f| {
                    let s = f.span.unwrap();
                    (f.severity, &$status[s[0]..s[1]])
                })
                .collect();
            let want: Vec<(Severity, &str)> = $want;
            assert_eq!(got, want, "in {:?}", $status);
        }};
    }

    #[test]
    fn risk_wording() {
        use Severity::*;
        risk!("预计完成目标难度大。", vec![(Red, "难度大")]);
        risk!("当前因资金未落实，项目暂时停工。", vec![(Red, "资金未落实"), (Red, "停工")]);
        risk!("今年国家暂未对重庆市下达任务计划", vec![(Red, "未对重庆市下达")]);
        risk!("责令停产停业整顿企业24家次", vec![]);
        risk!("63项专项验收未通过问题已全部完成。", vec![]);
        risk!("全区未发生返贫致贫。", vec![]);
        risk!("扎实开展未成年人保护工作", vec![]);
        risk!("待资金到位即开展施工招标", vec![(Red, "待资金到位")]);
        risk!("受财政部PPP库关停影响，开展论证", vec![(Red, "受财政部PPP库关停影响")]);
        risk!("部分项目进度缓慢。", vec![(Yellow, "进度缓慢")]);
        risk!("正争取项目资金", vec![]);
        risk!("问题：该项目存在业主单位建设资金难保障", vec![(Red, "问题："), (Red, "难保障")]);
    }
}

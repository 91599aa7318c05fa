//! Trouble in the status words: risk wording (strong → red, weak → yellow) and reported
//! declines (negative_growth).
//!
//! ADVICE FOR HACKERS: a keyword matcher is easily fooled. A risk word inside an exception
//! phrase is routine work ("责令停产整顿企业24家次" is enforcement, not trouble); one followed
//! in its sentence by a resolution ("未通过问题已全部完成") is history. A decline is bad news
//! only for indicators that should grow: "预算追加同比下降38%" or a fall in 能耗 is wanted.

use super::figures::{Family, Fig};
use super::text::{self, back_to, forward_to, is_clause_end, is_sentence_end, slice, Hit, Words};
use super::verdict::flag;
use crate::model::{Flag, Severity};

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

    /// The lists whose matches over the whole status [`Risk::wording`] reads: exceptions,
    /// strong, weak (scanned by the caller in one pass with other lists, [`Words::find_each`]).
    pub fn lists(&self) -> [&Words; 3] {
        [&self.exceptions, &self.strong, &self.weak]
    }

    /// Flags risk wording in `status`, given the matches of [`Risk::lists`] over it.
    pub fn wording(&self, status: &str, exc: &[Hit], strong: &[Hit], weak: &[Hit], flags: &mut Vec<Flag>) {
        for (list, sev, found) in [(&self.strong, Severity::Red, strong), (&self.weak, Severity::Yellow, weak)] {
            for h in found.iter() {
                let [s, e] = h.span;
                if exc.iter().any(|x| x.span[0] < e && s < x.span[1]) {
                    continue;
                }
                let sent_end = forward_to(status, e, is_sentence_end);
                if self.resolved.any_in(status, e, sent_end) {
                    continue;
                }
                // A weak word overlapping a strong one already flagged says nothing new.
                if flags.iter().any(|f| f.code == "risk_wording" && f.span.is_some_and(|x| x[0] < e && s < x[1])) {
                    continue;
                }
                let c0 = back_to(status, s, is_clause_end);
                let c1 = forward_to(status, e, is_clause_end);
                let clause = clip(slice(status, c0, c1).trim(), 40);
                let msg = format!("完成情况承认存在困难（“{}”）：{}", slice(status, s, e), clause);
                flags.push(flag("risk_wording", sev, msg, "status", [s, e]));
                let _ = list.word(h.word);
            }
        }
    }

    /// Flags every reported decline of an indicator that should grow. Figures in
    /// `wanted` (matched to a decline target) are skipped. Red when the row has targets,
    /// yellow when it has none (the task sets no figure the decline could miss).
    pub fn declines(&self, status: &str, figs: &[Fig], wanted: &[usize], has_targets: bool, flags: &mut Vec<Flag>) {
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
            let subj = subject(status, f);
            if self.decline_good.any_in(status, subj[0], f.span[0]) {
                continue;
            }
            let sev = if has_targets { Severity::Red } else { Severity::Yellow };
            let words = slice(status, subj[0], f.span[1]).trim_start_matches(['，', '、', ' ']);
            let msg = format!("{}，为负增长", clip(words, 60));
            flags.push(flag("negative_growth", sev, msg, "status", [subj[0], f.span[1]]));
        }
    }
}

/// Where a figure's subject starts: its own clause, or the borrowed subject before it.
pub(crate) fn subject(status: &str, f: &Fig) -> [usize; 2] {
    match f.borrowed {
        Some(b) if !text::has_subject(slice(status, f.left[0], f.left[1])) => [b[0], f.span[1]],
        _ => [f.left[0], f.span[1]],
    }
}

/// At most `n` chars of `s`, with an ellipsis when cut.
pub(crate) fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! risk {
        ($status:expr, $want:expr) => {{
            let r = Risk::new(&crate::Rules::default());
            let mut flags = Vec::new();
            let (mut exc, mut strong, mut weak) = (Vec::new(), Vec::new(), Vec::new());
            Words::find_each(&r.lists(), $status, &mut [&mut exc, &mut strong, &mut weak]);
            r.wording($status, &exc, &strong, &weak, &mut flags);
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

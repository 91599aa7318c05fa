//! Verdicts: a target against its figure and the time schedule (序时进度), and the flags
//! that follow (target_missed, behind_schedule, no_progress_data, estimate_only, exceeded).
//!
//! ADVICE FOR HACKERS: rate, level and ceiling targets are compared directly; cumulative
//! ones as `ratio = actual / target` against the elapsed share of the year for the
//! figure's own period. A figure covering only some items of a combined target is a lower
//! bound: it can show a target met or on track, never behind. A growth "since the end of
//! last year" (比去年底增长) accrues over the year like an amount, so it is compared as one.

use super::text::push_fmt_num;
use crate::model::{Flag, Severity, TargetKind, Verdict};
use std::borrow::Cow;

/// The figures of one comparison.
pub(crate) struct Compare {
    /// The target value as written.
    pub target: f64,
    /// The actual value in the target's unit.
    pub actual: f64,
    /// How to compare.
    pub kind: TargetKind,
    /// Elapsed share of the year for the figure's period.
    pub expected: Option<f64>,
    /// The figure is a lower bound (covers only part of a combined target).
    pub lower_bound: bool,
}

/// The verdict and, for cumulative targets, the ratio.
pub(crate) fn judge(c: &Compare) -> (Verdict, Option<f64>) {
    let (t, a) = (c.target, c.actual);
    if !t.is_finite() || !a.is_finite() {
        return (Verdict::Unknown, None);
    }
    let (v, ratio) = match c.kind {
        TargetKind::Rate | TargetKind::Level => (if a >= t { Verdict::Met } else { Verdict::Missed }, None),
        TargetKind::Ceiling => (if a <= t { Verdict::Met } else { Verdict::Missed }, None),
        TargetKind::Cumulative => {
            if t <= 0.0 {
                return (Verdict::Unknown, None);
            }
            let r = a / t;
            let v = if r >= 1.0 {
                Verdict::Met
            } else {
                match c.expected {
                    Some(e) if r >= e - 1e-9 => Verdict::OnTrack,
                    Some(_) => Verdict::Behind,
                    None => Verdict::Unknown,
                }
            };
            (v, Some(r))
        }
    };
    if c.lower_bound && !matches!(v, Verdict::Met | Verdict::OnTrack) {
        return (Verdict::Unknown, ratio);
    }
    (v, ratio)
}

/// How far a missed target falls short, as a share of the target (0.015 = 1.5 %).
pub(crate) fn shortfall(c: &Compare) -> f64 {
    let gap = match c.kind {
        TargetKind::Ceiling => c.actual - c.target,
        _ => c.target - c.actual,
    };
    if c.target == 0.0 {
        f64::INFINITY
    } else {
        gap / c.target.abs()
    }
}

/// What the flag messages need to name.
pub(crate) struct Words<'a> {
    /// The indicator ("地区生产总值").
    pub indicator: &'a str,
    /// The figure's words ("增长6.4%").
    pub actual_text: &'a str,
    /// The target's unit as written.
    pub unit: &'a str,
}

/// A piece of a message: words, or a number written as [`push_fmt_num`] writes it.
enum Piece<'a> {
    S(&'a str),
    N(f64),
}
use Piece::{N, S};

/// The pieces joined into one String, numbers written straight in: one allocation for
/// the message, none per whole number.
fn message(pieces: &[Piece]) -> String {
    let size: usize = pieces.iter().map(|p| if let S(s) = p { s.len() } else { 24 }).sum();
    let mut out = String::with_capacity(size);
    for p in pieces {
        match *p {
            S(s) => out.push_str(s),
            N(x) => push_fmt_num(&mut out, x),
        }
    }
    out
}

/// The figure's words, after the indicator unless they already name it: (prefix, words).
fn named<'a>(w: &Words<'a>) -> [&'a str; 2] {
    if w.actual_text.contains(w.indicator) || w.indicator.is_empty() {
        ["", w.actual_text]
    } else {
        [w.indicator, w.actual_text]
    }
}

/// The flag for a `missed` pair: red, or yellow for a near miss.
pub(crate) fn missed(c: &Compare, w: &Words, near_miss: f64) -> (Severity, String) {
    let short = shortfall(c);
    let sev = if short < near_miss { Severity::Yellow } else { Severity::Red };
    let gap = (c.target - c.actual).abs();
    let gap_unit = if w.unit == "%" || w.unit == "％" { "个百分点" } else { w.unit };
    let [ind, words] = named(w);
    let msg = match c.kind {
        TargetKind::Ceiling if c.target < 0.0 && w.unit.contains('%') => message(&[
            S(ind),
            S(words),
            S("，未达到下降"),
            N(-c.target),
            S(w.unit),
            S("的目标，差"),
            N(gap),
            S(gap_unit),
        ]),
        TargetKind::Ceiling => {
            message(&[S(ind), S(words), S("，高于目标"), N(c.target), S(w.unit), S("，超出"), N(gap), S(gap_unit)])
        }
        _ => message(&[S(ind), S(words), S("，低于目标"), N(c.target), S(w.unit), S("，差"), N(gap), S(gap_unit)]),
    };
    (sev, msg)
}

/// The message for a `behind` pair.
pub(crate) fn behind(c: &Compare, w: &Words, ratio: f64) -> String {
    let [ind, words] = named(w);
    let (t, r, e) = (c.target, ratio * 100.0, c.expected.unwrap_or(1.0) * 100.0);
    message(&[S(ind), S(words), S("，为目标"), N(t), S(w.unit), S("的"), N(r), S("%，低于序时进度"), N(e), S("%")])
}

/// The message for a target met well ahead of time.
pub(crate) fn exceeded(c: &Compare, w: &Words, ratio: f64) -> String {
    let [ind, words] = named(w);
    let (t, r, e) = (c.target, ratio * 100.0, c.expected.unwrap_or(1.0) * 100.0);
    message(&[
        S(ind),
        S(words),
        S("，已达目标"),
        N(t),
        S(w.unit),
        S("的"),
        N(r),
        S("%，序时进度"),
        N(e),
        S("%，提前完成"),
    ])
}

/// A flag on the row.
pub(crate) fn flag(code: &'static str, sev: Severity, msg: String, cell: &'static str, span: [usize; 2]) -> Flag {
    Flag { code: Cow::Borrowed(code), severity: sev, message: msg, cell: Cow::Borrowed(cell), span: Some(span) }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! verdict {
        ($kind:ident, $t:expr, $a:expr, $exp:expr, $lb:expr, $want:ident) => {{
            let c = Compare { target: $t, actual: $a, kind: TargetKind::$kind, expected: $exp, lower_bound: $lb };
            assert_eq!(judge(&c).0, Verdict::$want, "{:?} {} vs {}", TargetKind::$kind, $t, $a);
        }};
    }

    #[test]
    fn verdicts() {
        verdict!(Rate, 6.5, 6.4, Some(0.5), false, Missed);
        verdict!(Rate, 6.5, 6.5, Some(0.5), false, Met);
        verdict!(Rate, 10.0, -9.8, Some(0.5), false, Missed);
        verdict!(Level, 45.0, 51.2, None, false, Met);
        verdict!(Ceiling, 4.5, 4.2, None, false, Met);
        verdict!(Ceiling, -3.4, -5.0, None, false, Met); // 能耗下降3.4%以上, 下降5%
        verdict!(Ceiling, -3.4, -2.0, None, false, Missed);
        verdict!(Cumulative, 50.0, 28.0, Some(0.5), false, OnTrack);
        verdict!(Cumulative, 1200.0, 600.0, Some(0.5), false, OnTrack); // exactly on schedule
        verdict!(Cumulative, 5.0, 2.0, Some(0.5), false, Behind);
        verdict!(Cumulative, 10.0, 8.16, Some(4.0 / 12.0), false, OnTrack);
        verdict!(Cumulative, 100.0, 261.0, Some(0.5), false, Met);
        verdict!(Cumulative, 12.0, 1.0, Some(0.5), true, Unknown); // lower bound can't show behind
        verdict!(Cumulative, 17.0, 17.0, Some(0.5), true, Met);
        verdict!(Cumulative, 50.0, 20.0, None, false, Unknown); // no period known
    }

    macro_rules! near {
        ($kind:ident, $t:expr, $a:expr, $sev:ident) => {{
            let c = Compare { target: $t, actual: $a, kind: TargetKind::$kind, expected: None, lower_bound: false };
            let w = Words { indicator: "", actual_text: "", unit: "%" };
            assert_eq!(missed(&c, &w, 0.1).0, Severity::$sev, "{} vs {}", $t, $a);
        }};
    }

    #[test]
    fn near_misses() {
        near!(Rate, 6.5, 6.4, Yellow);
        near!(Level, 1.9, 1.7, Red); // 10.5 % short
        near!(Level, 60.0, 54.97, Yellow);
        near!(Level, 100.0, 87.0, Red);
        near!(Rate, 8.5, 5.8, Red);
    }

    #[test]
    fn message_has_the_figures() {
        let c = Compare { target: 6.5, actual: 6.4, kind: TargetKind::Rate, expected: Some(0.5), lower_bound: false };
        let w = Words { indicator: "地区生产总值", actual_text: "增长6.4%", unit: "%" };
        assert_eq!(missed(&c, &w, 0.1).1, "地区生产总值增长6.4%，低于目标6.5%，差0.1个百分点");
    }
}

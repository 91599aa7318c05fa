//! Stage: lights per row and the summary per responsible unit.

use crate::model::{Light, Report, Row, Severity, UnitSummary, Verdict};

/// A row's light (SPEC §3): red if any red flag; else yellow if any yellow flag; else
/// green if the row has a target and all its pairs are met/on track; else none.
pub fn light(row: &Row) -> Light {
    if row.flags.iter().any(|f| f.severity == Severity::Red) {
        Light::Red
    } else if row.flags.iter().any(|f| f.severity == Severity::Yellow) {
        Light::Yellow
    } else if !row.targets.is_empty()
        && !row.pairs.is_empty()
        && row.pairs.iter().all(|p| matches!(p.verdict, Verdict::Met | Verdict::OnTrack))
    {
        Light::Green
    } else {
        Light::None
    }
}

/// Sets every row's light and builds [`Report::units`], units in order of first appearance.
pub fn finish(report: &mut Report) {
    let mut units: Vec<UnitSummary> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = Default::default();
    for row in &mut report.rows {
        row.light = light(row);
        for u in &row.units {
            let k = match at.get(u.as_str()) {
                Some(&k) => k,
                None => {
                    units.push(UnitSummary { name: u.clone(), ..Default::default() });
                    at.insert(u.clone(), units.len() - 1);
                    units.len() - 1
                }
            };
            let s = &mut units[k];
            s.rows += 1;
            match row.light {
                Light::Red => s.red += 1,
                Light::Yellow => s.yellow += 1,
                Light::Green => s.green += 1,
                Light::None => s.none += 1,
            }
        }
    }
    report.units = units;
}

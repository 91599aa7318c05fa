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
    finish_with(report, |_| {});
}

/// [`finish`], calling `each` on every row once its light is set: one pass over the
/// rows for every last step, so that a large report's rows are read from memory once.
/// (Kept out of line so that profiles show its cost apart.)
#[inline(never)]
pub(crate) fn finish_with(report: &mut Report, mut each: impl FnMut(&mut Row)) {
    // A report names a few dozen units: room for that from the start, so that neither the
    // list nor the map grows step by step (bounded, for reports of thousands of rows).
    let room = report.rows.len().min(64);
    let mut units: Vec<UnitSummary> = Vec::with_capacity(room);
    // Keyed by the rows' own unit names: no key is copied, and a cheap hash (the keys
    // are a few short names, not attacker-chosen in any way that matters here).
    let mut at: FastMap<&str, usize> = FastMap::with_capacity_and_hasher(room, Default::default());
    // Rows of one unit often come together: the last unit looked up is tried first.
    let mut last: Option<(&str, usize)> = None;
    for row in &mut report.rows {
        row.light = light(row);
        each(row);
        // Shared from here on: the unit names are keys of `at` while later rows are read.
        let row: &Row = row;
        for u in &row.units {
            let k = match last {
                Some((name, k)) if name == u.as_str() => k,
                _ => *at.entry(u.as_str()).or_insert_with(|| {
                    units.push(UnitSummary { name: u.clone(), ..Default::default() });
                    units.len() - 1
                }),
            };
            last = Some((u.as_str(), k));
            let Some(s) = units.get_mut(k) else { continue };
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

/// A hash map with a multiply-rotate hash (as rustc's FxHash): far cheaper than SipHash
/// on short keys, for maps whose keys come from one report.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// The hasher of [`FastMap`]: eight bytes a step.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

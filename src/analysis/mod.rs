//! Stage: targets (task cell) vs actuals (status cell) → pairs, verdicts and flags.
//! Placeholder; the real analysis is being built on its own branch.

use crate::config::Rules;
use crate::model::{Period, Row};

/// Fills `targets`, `pairs` and analysis `flags` of every row.
pub fn analyze_rows(_rows: &mut [Row], _period: Option<&Period>, _rules: &Rules) {}

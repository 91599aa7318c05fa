//! Options for one analysis and the rules (thresholds, word lists, synonyms), with
//! documented defaults. Every field has a default, so a caller (or a JSON config file)
//! gives only what it changes.

use serde::{Deserialize, Serialize};

/// Options for [`crate::analyze`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    /// Force an input format instead of detecting it.
    pub format: Option<crate::input::Format>,
    /// Override the report's elapsed share of the year (0 < p ≤ 1), e.g. 0.5 for 上半年.
    pub period: Option<f64>,
    /// The label to show with an overridden period ("上半年"); derived from `period` when absent.
    pub period_label: Option<String>,
    /// The file name the input came from, if any (helps sniffing; never trusted alone).
    pub file_name: Option<String>,
    /// Thresholds and word lists.
    pub rules: Rules,
}

/// Thresholds, word lists and column synonyms. Defaults are the documented ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rules {
    /// A missed target whose shortfall is under this share of the target is a near miss
    /// (yellow, not red). Default 0.1 (10 %).
    pub near_miss: f64,
    /// Words admitting trouble that make a row red. Default: 难度大, 未实现, 未完成, 停工, 暂缓, …
    pub risk_strong: Vec<String>,
    /// Words admitting trouble that make a row yellow. Default: 暂未, 尚未, 进度缓慢, …
    pub risk_weak: Vec<String>,
    /// Two tasks whose similarity (0–1, character bigrams) reaches this are duplicates. Default 0.9.
    pub duplicate_similarity: f64,
    /// Extra header synonyms per column role, added to the built-in ones
    /// (e.g. `{"units": ["责任部门"]}`).
    pub synonyms: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for Rules {
    fn default() -> Self {
        let words = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        Rules {
            near_miss: 0.1,
            risk_strong: words(&[
                "难度大",
                "难度较大",
                "未实现",
                "未完成",
                "停工",
                "暂缓",
                "资金未落实",
                "未通过",
                "问题：",
            ]),
            risk_weak: words(&["进度缓慢", "暂未", "尚未", "滞后", "存在困难"]),
            duplicate_similarity: 0.9,
            synonyms: Default::default(),
        }
    }
}

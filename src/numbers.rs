//! Stage: quantities in text. Finds every number with its unit and qualifiers.
//! Placeholder interface; the real scanner is being built on its own branch.

/// A quantity found in text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quantity {
    /// The words of the quantity as written ("36.05亿元").
    pub text: String,
    /// The value fully expanded (36.05亿元 → 3605000000).
    pub number: f64,
    /// The base unit after expansion ("元", "%", "个百分点", "亩").
    pub unit: String,
    /// Byte range in the text searched.
    pub span: [usize; 2],
}

/// Every quantity in `text`, left to right.
pub fn quantities(_text: &str) -> Vec<Quantity> {
    Vec::new()
}

//! Line-per-cell text without tabs (copied out of a PDF, or typed): best effort.
//! Not yet written: being built on its own branch.

use super::Grid;
use crate::model::Warning;

/// Reads line-per-cell text into a grid.
pub fn read(_text: &str) -> Grid {
    let mut g = Grid::default();
    g.warnings.push(Warning::new("unsupported", "line-per-cell input is not supported yet", None));
    g
}

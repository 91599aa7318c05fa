//! HTML tables (clipboard `text/html` from Word/WPS/browsers, saved pages).
//! Not yet written: being built on its own branch.

use super::Grid;
use crate::model::Warning;

/// Reads HTML into a grid.
pub fn read(_text: &str) -> Grid {
    let mut g = Grid::default();
    g.warnings.push(Warning::new("unsupported", "HTML input is not supported yet", None));
    g
}

//! Where a table came from, for `yusuan inspect`: which reader rebuilt each page's share of
//! it, where its rows and columns lie on the page, and what assembling decided about each
//! grid row. None of this is in the output contract; it travels beside the tables.

use crate::contract::Merge;
pub use crate::contract::{Geometry, Reader};

/// One page's share of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub page: Option<u32>,
    pub geometry: Geometry,
    /// Index into the table's grid of the part's first row.
    pub first_row: usize,
}

impl Part {
    /// Grid rows of the table this part holds.
    pub fn grid_rows(&self) -> std::ops::Range<usize> {
        self.first_row..self.first_row + self.geometry.rows.len()
    }
}

/// What became of one grid row when the table was assembled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    /// A header row (or the 栏次 numbering row under it).
    Header,
    /// The table's body row at this index of `Table::rows`.
    Body(usize),
    /// Empty, or a header printed again on a continuation page.
    Dropped,
}

/// A table's provenance: its parts and its grid as the readers built it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// One per page the table is printed on, in order (empty for text exports).
    pub parts: Vec<Part>,
    /// Every grid row as stitched, each the table's width; a merged cell's text at its
    /// top-left position.
    pub grid: Vec<Vec<String>>,
    /// Cells spanning rows or columns, in grid positions.
    pub merges: Vec<Merge>,
    /// One per grid row.
    pub roles: Vec<RowRole>,
}

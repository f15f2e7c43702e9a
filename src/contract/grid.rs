//! The grid hand-off types: what a front end (text export or PDF layout) gives the table
//! stage. They sit at the bottom of the crate so every stage can name them without
//! importing another stage.

/// One thing on the page, in reading order.
#[derive(Debug, Clone)]
pub enum Item {
    /// A normalised, non-empty line of text outside any grid.
    Line(String),
    /// A grid of cells.
    Block(Block),
}

/// A grid as a front end rebuilt it.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Every row, header rows included; cells normalised; a merged cell's text sits in its
    /// top-left position with `""` elsewhere.
    pub rows: Vec<Vec<String>>,
    /// Cells known to span several rows or columns (ruled PDF tables).
    pub merges: Vec<Merge>,
    /// How far each cell's text starts from its cell's left edge (ruled PDF tables).
    pub indents: Vec<Indent>,
    /// 1-based page the block is printed on (PDF only).
    pub page: Option<u32>,
    /// Where it is, for messages: "line 197", "page 7".
    pub position: String,
    /// Where its rows and columns lie on the page (PDF only; for `yusuan inspect`).
    pub geometry: Option<Geometry>,
    /// What the reader of an unruled table had to guess, for a warning naming the table.
    pub unsure: Vec<String>,
}

/// A cell spanning `rows` × `cols` grid positions from (`row`, `col`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// Where the text of the cell at (`row`, `col`) sits: its first line starts `left` font
/// sizes right of the cell's left edge and ends `right` font sizes short of its right edge.
/// Names printed without codes or numbering show their 类/款/项 level only so (renwu_123:
/// 一般公共服务支出, 社会工作事务, 其他社会工作事务支出 one character apart); centred
/// text has `left` ≈ `right`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indent {
    pub row: usize,
    pub col: usize,
    pub left: f64,
    pub right: f64,
}

/// The layout reader that rebuilt a grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Cells from the intersections of ruling lines.
    Ruled,
    /// Columns from how text lines up.
    Unruled,
}

impl Reader {
    pub fn as_str(self) -> &'static str {
        match self {
            Reader::Ruled => "ruled",
            Reader::Unruled => "unruled",
        }
    }
}

/// Where a block's grid lies on its page, in display points (origin top-left, y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub reader: Reader,
    /// Column boundaries, left to right: one more than the block's columns.
    pub cols: Vec<f64>,
    /// Each block row's top and bottom.
    pub rows: Vec<(f64, f64)>,
}

//! Ruling lines → grids → cells, with merged cells found from missing inner lines.
//!
//! In: a page's horizontal and vertical segments (stroked, or thin filled rectangles as
//! WPS and Excel draw them). Out: each connected grid's row and column boundaries, and
//! for given glyphs, the cell text, spans and indents.

use super::lines::{lines_text, text_lines, TextLine};
use crate::contract::{Indent, Merge};
use crate::pdf::{Glyph, RulingLine};

/// Segments closer than this (points) are the same line: double borders, and the two
/// edges of a thick rule, snap together.
const SNAP: f64 = 2.0;
/// Collinear segments with a gap up to this are one line (Excel draws a border per cell).
const JOIN: f64 = 2.5;
/// A boundary exists between two cells when lines cover this share of their common edge.
const COVERED: f64 = 0.5;
/// Rows or columns thinner than this are artefacts of near-coincident lines.
const MIN_TRACK: f64 = 3.0;

/// A horizontal or vertical segment: `at` is its y (horizontal) or x (vertical).
#[derive(Debug, Clone, Copy)]
struct Seg {
    at: f64,
    from: f64,
    to: f64,
}

/// One ruled table: its column (`xs`) and row (`ys`) boundaries and the segments that
/// draw them.
#[derive(Debug, Clone)]
pub struct Grid {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    horizontal: Vec<Seg>,
    vertical: Vec<Seg>,
}

impl Grid {
    pub fn x0(&self) -> f64 {
        self.xs.first().copied().unwrap_or(0.0)
    }
    pub fn x1(&self) -> f64 {
        self.xs.last().copied().unwrap_or(0.0)
    }
    pub fn y0(&self) -> f64 {
        self.ys.first().copied().unwrap_or(0.0)
    }
    pub fn y1(&self) -> f64 {
        self.ys.last().copied().unwrap_or(0.0)
    }

    /// True when a point lies inside the grid.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0() - 1.0 && x <= self.x1() + 1.0 && y >= self.y0() - 1.0 && y <= self.y1() + 1.0
    }

    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    /// Takes in, as column boundaries, vertical rules exactly as tall as the grid that no
    /// rule crosses: columns whose cells are all merged over the whole page, drawn with
    /// neither top nor bottom border because the merged cell goes on over the page break.
    /// renwu_216 p. 48: a project's name and amounts beside the indicator rows it carries
    /// from p. 47 to p. 49, ruled only by the five verticals left of the indicator grid.
    fn take_open_columns(&mut self, lone: &[Seg]) {
        let (top, bottom) = (self.y0(), self.y1());
        let open: Vec<&Seg> = lone
            .iter()
            .filter(|s| (s.from - top).abs() <= SNAP && (s.to - bottom).abs() <= SNAP)
            .filter(|s| s.at < self.x0() - MIN_TRACK || s.at > self.x1() + MIN_TRACK)
            .collect();
        if open.is_empty() {
            return;
        }
        self.xs.extend(open.iter().map(|s| s.at));
        self.xs.sort_by(f64::total_cmp);
        self.vertical.extend(open.into_iter().copied());
    }

    /// Gives a grid that continues `xs` (the grid the page before ended with) the column
    /// boundaries it lacks, when its own are among them and it spans the same width: a
    /// continuation page whose rows all merge some neighbouring columns draws no line
    /// between them, so it has fewer columns than the page it continues (renwu_083 p. 27,
    /// renwu_216 p. 67, renwu_218 p. 40: 7 or 6 of the 9 columns of a 绩效目标表). The
    /// added boundaries have no rule, so each row's cells across them are one merged cell.
    /// Returns whether the grid was widened.
    pub fn widen_to(&mut self, xs: &[f64]) -> bool {
        let near = |a: f64, b: f64| (a - b).abs() <= SNAP;
        let (Some(&first), Some(&last)) = (xs.first(), xs.last()) else {
            return false;
        };
        let subset = self.xs.iter().all(|&x| xs.iter().any(|&p| near(x, p)));
        if self.xs.len() >= xs.len() || !subset || !near(self.x0(), first) || !near(self.x1(), last)
        {
            return false;
        }
        let missing: Vec<f64> =
            xs.iter().copied().filter(|&p| !self.xs.iter().any(|&x| near(x, p))).collect();
        self.xs.extend(missing);
        self.xs.sort_by(f64::total_cmp);
        true
    }
}

/// Finds the ruled grids on a page, top to bottom.
pub fn find_grids(lines: &[RulingLine]) -> Vec<Grid> {
    let mut h: Vec<Seg> = Vec::new();
    let mut v: Vec<Seg> = Vec::new();
    for l in lines {
        let (w, ht) = (l.x1 - l.x0, l.y1 - l.y0);
        if ht <= SNAP && w > SNAP {
            h.push(Seg { at: (l.y0 + l.y1) / 2.0, from: l.x0, to: l.x1 });
        } else if w <= SNAP && ht > SNAP {
            v.push(Seg { at: (l.x0 + l.x1) / 2.0, from: l.y0, to: l.y1 });
        }
    }
    let h = join_collinear(h);
    let v = join_collinear(v);
    // Connected components of crossing segments.
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            let touches = vs.at >= hs.from - SNAP
                && vs.at <= hs.to + SNAP
                && hs.at >= vs.from - SNAP
                && hs.at <= vs.to + SNAP;
            if touches {
                union(&mut parent, i, h.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Seg>, Vec<Seg>)> = Default::default();
    for (i, s) in h.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().0.push(*s);
    }
    for (j, s) in v.iter().enumerate() {
        groups.entry(find(&mut parent, h.len() + j)).or_default().1.push(*s);
    }
    let mut grids: Vec<Grid> = Vec::new();
    let mut lone: Vec<Seg> = Vec::new();
    for (hs, vs) in groups.into_values() {
        match (hs.is_empty(), vs.as_slice()) {
            (true, [only]) => lone.push(*only),
            _ => grids.extend(grid_of(hs, vs)),
        }
    }
    for g in &mut grids {
        g.take_open_columns(&lone);
    }
    grids.sort_by(|a, b| a.y0().total_cmp(&b.y0()));
    grids
}

fn grid_of(horizontal: Vec<Seg>, vertical: Vec<Seg>) -> Option<Grid> {
    if horizontal.len() < 2 || vertical.is_empty() {
        return None;
    }
    let mut xs = cluster(vertical.iter().map(|s| s.at).collect());
    let mut ys = cluster(horizontal.iter().map(|s| s.at).collect());
    // Tables with open sides: horizontal rules reaching past the outer verticals.
    let left = horizontal.iter().map(|s| s.from).fold(f64::INFINITY, f64::min);
    let right = horizontal.iter().map(|s| s.to).fold(f64::NEG_INFINITY, f64::max);
    if xs.first().is_some_and(|&x| left < x - 3.0 * SNAP) {
        xs.insert(0, left);
    }
    if xs.last().is_some_and(|&x| right > x + 3.0 * SNAP) {
        xs.push(right);
    }
    let top = vertical.iter().map(|s| s.from).fold(f64::INFINITY, f64::min);
    let bottom = vertical.iter().map(|s| s.to).fold(f64::NEG_INFINITY, f64::max);
    if ys.first().is_some_and(|&y| top < y - 3.0 * SNAP) {
        ys.insert(0, top);
    }
    if ys.last().is_some_and(|&y| bottom > y + 3.0 * SNAP) {
        ys.push(bottom);
    }
    xs.dedup_by(|b, a| *b - *a < MIN_TRACK);
    ys.dedup_by(|b, a| *b - *a < MIN_TRACK);
    (xs.len() >= 2 && ys.len() >= 2).then_some(Grid { xs, ys, horizontal, vertical })
}

/// Sorted cluster centres of values within [`SNAP`] of each other.
fn cluster(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((c, n)) if v - *c / *n as f64 <= SNAP => {
                *c += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(c, n)| c / n as f64).collect()
}

fn join_collinear(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Seg> = Vec::new();
    for s in segs {
        // Look back over segments on (almost) the same line for one to extend.
        let hit = out
            .iter_mut()
            .rev()
            .take_while(|o| s.at - o.at <= SNAP)
            .find(|o| s.from <= o.to + JOIN && s.to >= o.from - JOIN);
        match hit {
            Some(o) => {
                o.from = o.from.min(s.from);
                o.to = o.to.max(s.to);
            }
            None => out.push(s),
        }
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Share of `[from, to]` covered by segments at `at`.
fn coverage(segs: &[Seg], at: f64, from: f64, to: f64) -> f64 {
    let len = to - from;
    if len <= 0.0 {
        return 1.0;
    }
    let covered: f64 = segs
        .iter()
        .filter(|s| (s.at - at).abs() <= SNAP)
        .map(|s| (s.to.min(to) - s.from.max(from)).max(0.0))
        .sum();
    covered / len
}

/// A grid's cells filled with the glyphs inside it.
#[derive(Debug, Clone, Default)]
pub struct Filled {
    /// Each merged cell's text at its top-left position, `""` elsewhere.
    pub cells: Vec<Vec<String>>,
    pub merges: Vec<Merge>,
    /// For each cell with text: how far its first line starts from the cell's left edge.
    pub indents: Vec<Indent>,
}

/// The cells of a grid filled with the glyphs inside it.
pub fn fill(grid: &Grid, glyphs: &[&Glyph]) -> Filled {
    let (rows, cols) = (grid.rows(), grid.cols());
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    let is_outer_x = |c: usize| c == 0 || c == cols;
    for r in 0..rows {
        for c in 1..cols {
            let x = grid.xs[c];
            if !is_outer_x(c) && coverage(&grid.vertical, x, grid.ys[r], grid.ys[r + 1]) < COVERED {
                union(&mut parent, r * cols + c - 1, r * cols + c);
            }
        }
    }
    for r in 1..rows {
        for c in 0..cols {
            let y = grid.ys[r];
            if coverage(&grid.horizontal, y, grid.xs[c], grid.xs[c + 1]) < COVERED {
                union(&mut parent, (r - 1) * cols + c, r * cols + c);
            }
        }
    }
    // Each component's extent (first row, first col, last row, last col).
    let mut extent: std::collections::BTreeMap<usize, (usize, usize, usize, usize)> =
        Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, r * cols + c);
            let e = extent.entry(root).or_insert((r, c, r, c));
            e.0 = e.0.min(r);
            e.1 = e.1.min(c);
            e.2 = e.2.max(r);
            e.3 = e.3.max(c);
        }
    }
    let mut members: std::collections::BTreeMap<usize, Vec<&Glyph>> = Default::default();
    for g in glyphs {
        let (x, y) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
        let (Some(c), Some(r)) = (track(&grid.xs, x), track(&grid.ys, y)) else {
            continue;
        };
        members.entry(find(&mut parent, r * cols + c)).or_default().push(g);
    }
    let mut cells = vec![vec![String::new(); cols]; rows];
    let mut merges = Vec::new();
    let mut indents = Vec::new();
    for (root, (r0, c0, r1, c1)) in extent {
        if let Some(gs) = members.get(&root) {
            let lines = text_lines(gs);
            cells[r0][c0] = lines_text(&lines);
            if let Some((left, right)) = indent(&lines, grid.xs[c0], grid.xs[c1 + 1]) {
                indents.push(Indent { row: r0, col: c0, left, right });
            }
        }
        if r1 > r0 || c1 > c0 {
            merges.push(Merge { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 });
        }
    }
    Filled { cells, merges, indents }
}

/// How far a cell's first line of text starts right of the cell's left edge `x0` and ends
/// short of its right edge `x1`, in font sizes (a wrapped name's later lines may start
/// further left: renwu_123's 表2 units).
fn indent(lines: &[TextLine], x0: f64, x1: f64) -> Option<(f64, f64)> {
    let first = lines.first()?;
    let size = first.chunks.iter().map(|c| c.size).fold(0.0, f64::max);
    (size > 0.0).then(|| ((first.x0 - x0).max(0.0) / size, (x1 - first.x1).max(0.0) / size))
}

/// Index of the track (between consecutive boundaries) holding `v`.
fn track(bounds: &[f64], v: f64) -> Option<usize> {
    if bounds.len() < 2 || v < bounds[0] - 1.0 || v > bounds[bounds.len() - 1] + 1.0 {
        return None;
    }
    let i = bounds.partition_point(|&b| b <= v);
    Some(i.saturating_sub(1).min(bounds.len() - 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::lines::tests::glyphs;

    fn h(y: f64, x0: f64, x1: f64) -> RulingLine {
        RulingLine { x0, y0: y, x1, y1: y, width: 0.5, filled: false }
    }
    fn v(x: f64, y0: f64, y1: f64) -> RulingLine {
        RulingLine { x0: x, y0, x1: x, y1, width: 0.5, filled: false }
    }

    #[test]
    fn merged_header_cell_from_a_missing_inner_line() {
        // 3 columns, 3 rows; row 0's first two cells merged (no vertical line at x=100 there).
        let lines = vec![
            h(0.0, 0.0, 300.0),
            h(20.0, 0.0, 300.0),
            h(40.0, 0.0, 300.0),
            h(60.0, 0.0, 300.0),
            v(0.0, 0.0, 60.0),
            v(100.0, 20.0, 60.0),
            v(200.0, 0.0, 60.0),
            v(300.0, 0.0, 60.0),
        ];
        let grids = find_grids(&lines);
        assert_eq!(grids.len(), 1);
        let mut g = glyphs("基本支出", 60.0, 15.0, 10.0);
        g.extend(glyphs("小计", 10.0, 35.0, 10.0));
        g.extend(glyphs("876.00", 120.0, 55.0, 6.0));
        let refs: Vec<&Glyph> = g.iter().collect();
        let Filled { cells, merges, .. } = fill(&grids[0], &refs);
        assert_eq!(cells[0], ["基本支出", "", ""]);
        assert_eq!(cells[1], ["小计", "", ""]);
        assert_eq!(cells[2], ["", "876.00", ""]);
        assert_eq!(merges, [Merge { row: 0, col: 0, rows: 1, cols: 2 }]);
    }

    #[test]
    fn indents_are_measured_from_the_cell_edge_in_font_sizes() {
        // renwu_123 表3: 类, 款 and 项 names 10 points (one character) apart in one column;
        // a wrapped name is measured by its first line.
        let lines = vec![
            h(0.0, 40.0, 300.0),
            h(20.0, 40.0, 300.0),
            h(40.0, 40.0, 300.0),
            h(70.0, 40.0, 300.0),
            v(40.0, 0.0, 70.0),
            v(200.0, 0.0, 70.0),
            v(300.0, 0.0, 70.0),
        ];
        let grids = find_grids(&lines);
        let mut g = glyphs("公共安全支出", 44.0, 15.0, 10.0);
        g.extend(glyphs("司法", 54.0, 35.0, 10.0));
        g.extend(glyphs("其他司法支出其他", 64.0, 53.0, 10.0));
        g.extend(glyphs("支出", 44.0, 65.0, 10.0));
        g.extend(glyphs("876.00", 250.0, 15.0, 6.0));
        let refs: Vec<&Glyph> = g.iter().collect();
        let filled = fill(&grids[0], &refs);
        let name_indents: Vec<(usize, f64)> = filled
            .indents
            .iter()
            .filter(|i| i.col == 0)
            .map(|i| (i.row, (i.left * 10.0).round() / 10.0))
            .collect();
        assert_eq!(name_indents, [(0, 0.4), (1, 1.4), (2, 2.4)]);
        // 公共安全支出 (6 characters, 60 points) ends 96 points short of the column's edge.
        assert!(filled
            .indents
            .iter()
            .any(|i| (i.row, i.col) == (0, 0) && (i.right - 9.6).abs() < 0.01));
        assert_eq!(filled.cells[2][0], "其他司法支出其他支出");
        assert!(filled.indents.iter().any(|i| (i.row, i.col) == (0, 1)));
    }

    #[test]
    fn open_columns_as_tall_as_the_grid_are_taken_in() {
        // renwu_216 p. 48: the indicator grid (x 200–300) is ruled across; the project's
        // columns left of it (x 0–200) are merged over the whole page, so only their
        // verticals are drawn, touching no horizontal rule.
        let mut lines = vec![v(0.0, 0.4, 40.3), v(100.0, 0.4, 40.3)];
        for y in [0.0, 20.0, 40.0] {
            lines.push(h(y, 200.0, 300.0));
        }
        for x in [200.0, 250.0, 300.0] {
            lines.push(v(x, 0.0, 40.0));
        }
        // A rule of another height beside the grid stays out.
        lines.push(v(400.0, 0.0, 30.0));
        let grids = find_grids(&lines);
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].xs, [0.0, 100.0, 200.0, 250.0, 300.0]);
        let mut g = glyphs("保障项目", 10.0, 35.0, 10.0);
        g.extend(glyphs("374.40", 120.0, 35.0, 6.0));
        g.extend(glyphs("甲", 210.0, 15.0, 10.0));
        g.extend(glyphs("乙", 210.0, 35.0, 10.0));
        let refs: Vec<&Glyph> = g.iter().collect();
        let Filled { cells, merges, .. } = fill(&grids[0], &refs);
        assert_eq!(cells, [["保障项目", "374.40", "甲", ""], ["", "", "乙", ""]]);
        assert!(merges.contains(&Merge { row: 0, col: 0, rows: 2, cols: 1 }));
        assert!(merges.contains(&Merge { row: 0, col: 1, rows: 2, cols: 1 }));
    }

    #[test]
    fn a_continuation_grid_takes_the_boundaries_its_merged_cells_hide() {
        // renwu_218 p. 40 continues p. 39's 9 columns with 6: every row merges the same
        // neighbours, so their boundaries are never drawn.
        let lines = vec![
            h(0.0, 0.0, 300.0),
            h(20.0, 0.0, 300.0),
            v(0.0, 0.0, 20.0),
            v(200.5, 0.0, 20.0),
            v(300.0, 0.0, 20.0),
        ];
        let mut grid = find_grids(&lines).remove(0);
        assert!(grid.widen_to(&[0.0, 100.0, 200.0, 300.0]));
        assert_eq!(grid.xs, [0.0, 100.0, 200.5, 300.0]);
        let g = glyphs("宣传文化", 10.0, 15.0, 10.0);
        let refs: Vec<&Glyph> = g.iter().collect();
        let Filled { cells, merges, .. } = fill(&grid, &refs);
        assert_eq!(cells, [["宣传文化", "", ""]]);
        assert_eq!(merges, [Merge { row: 0, col: 0, rows: 1, cols: 2 }]);
        // Not when a boundary of its own is not the earlier grid's, nor when the edges
        // differ, nor when it has as many columns.
        let mut other = find_grids(&lines).remove(0);
        assert!(!other.widen_to(&[0.0, 100.0, 150.0, 300.0]));
        assert!(!other.widen_to(&[0.0, 100.0, 200.0, 300.0, 400.0]));
        assert!(!other.widen_to(&[0.0, 200.0, 300.0]));
        assert_eq!(other.xs, [0.0, 200.5, 300.0]);
    }

    #[test]
    fn borders_drawn_per_cell_join_into_lines() {
        let mut lines = Vec::new();
        for x in [0.0, 100.0] {
            lines.push(h(0.0, x, x + 100.0));
            lines.push(h(20.0, x, x + 100.0));
        }
        for x in [0.0, 100.0, 200.0] {
            lines.push(v(x, 0.0, 20.0));
        }
        let grids = find_grids(&lines);
        assert_eq!(grids.len(), 1);
        assert_eq!((grids[0].rows(), grids[0].cols()), (1, 2));
    }
}

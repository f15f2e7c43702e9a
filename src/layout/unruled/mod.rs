//! Tables printed without ruling lines: columns from how text lines up.
//!
//! In: consecutive text lines that look tabular. Out: a grid in the shape a ruled rebuild
//! gives (header rows with each label in the first column it spans, then body rows).
//!
//! The body's columns are the gaps its chunks leave open, in the rows of all the table's
//! pages (the layout reads a table going on over pages twice: its later pages' rows are
//! given to its first page, so a column blank there still shows). A leaf label over no
//! body text heads the body column whose cell it sits in (flush left before figures set
//! flush right, flush right after names set flush left); only a leaf in no such cell adds
//! a column of its own, blank in every row. The header above a table's first body row is
//! rebuilt from its labels' positions alone (the `header` module), however the labels
//! sit in their cells. A form has no header, and a column wherever its texts start. Rows
//! at the top of the next page keep the table's columns, and a header printed there again
//! is dropped.

mod header;

use super::lines::{Chunk, TextLine};
use crate::contract::Amount;
use crate::contract::Indent;
use crate::normalize::normalize;

/// Columns narrower than this gap (points) are not separated.
const MIN_GUTTER: f64 = 4.0;
/// A line this close (font sizes) under the one before it continues the same row:
/// wrapped cell text is set at its leading, rows are padded apart.
pub(crate) const WRAP_GAP: f64 = 0.5;
/// The narrowest gap (font sizes) between two of a chunk's pieces where a table's line
/// may be parted into two columns' cells (a 6 pt gutter at 10.5 pt is 0.57).
const PART_GAP: f64 = 0.4;
/// Headers with more chunks than this are not rebuilt (real ones have under 100).
const MAX_HEADER_CHUNKS: usize = 400;

/// True when a chunk's text is an amount (or a bare code): what data rows hold.
pub fn is_data(text: &str) -> bool {
    Amount::parse(text).is_some()
}

/// "合计" and "总计" on a line of their own: the first body row of a table with no figures.
fn is_total_label(line: &TextLine) -> bool {
    let text: String = line.text().chars().filter(|c| !c.is_whitespace()).collect();
    matches!(text.as_str(), "合计" | "总计")
}

/// An unruled table as rebuilt from one page.
#[derive(Debug, Clone, Default)]
pub struct Rebuilt {
    /// Header rows then body rows, each one cell per column.
    pub rows: Vec<Vec<String>>,
    /// Where the body cells' text sits in its cell, by `rows` position.
    pub indents: Vec<Indent>,
    /// What rows continuing the table on the next page keep.
    pub layout: Layout,
    /// Each grid row's top and bottom on the page (for `yusuan inspect`): a header row
    /// its share of the header's height, a body row the extent of its text.
    pub spans: Vec<(f64, f64)>,
    /// What had to be guessed (a header label's columns settled by a tie).
    pub unsure: Vec<String>,
    /// The body rows' chunks, for the first page of the table when it goes on over pages.
    pub body: Vec<Vec<Chunk>>,
    /// True when these rows continue the carried table in its columns.
    pub continues: bool,
}

/// The columns of an unruled table, kept for its rows on the next page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Horizontal extents, left to right.
    pub columns: Vec<(f64, f64)>,
    /// Where the columns' cells begin and end.
    pub edges: Vec<f64>,
    /// The header rows as rebuilt, to know them when a page prints them again.
    pub header: Vec<Vec<String>>,
    /// A form: texts belong to the column they start in.
    pub form: bool,
    /// How many text lines the header was printed on, to find it printed again above
    /// rows with no figure.
    pub header_lines: usize,
    /// Whether the header's labels were parted to the body's columns (see `parted`), as
    /// a header printed again is then.
    pub parted_head: bool,
    /// The header lines (by index) kept whole even so.
    pub whole: Vec<usize>,
}

/// What the lines of an unruled table start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The lines under a table's title: a header, then the body.
    Headed,
    /// A form (整体绩效目标表) under its title: rows of labels and text, no header.
    Form,
    /// Lines at the top of a page: rows continuing the table the page before ended with.
    Continued,
}

/// Rebuilds the grid of an unruled table from its lines. `carried`: the layout of the
/// table the page before ended with, which rows continuing it keep (its blank columns
/// print nothing here).
pub fn grid(lines: &[&TextLine], shape: Shape, carried: Option<&Layout>) -> Rebuilt {
    grid_over_pages(lines, shape, carried, &[])
}

/// [`grid`] for a table whose body goes on over later pages: `later` are the body rows
/// printed there (each row's chunks), which add to the columns this page's rows show (a
/// column blank in every row here, a wider figure further down). Only a headed table's
/// first page takes them; the pages after keep its columns.
pub fn grid_over_pages(
    lines: &[&TextLine],
    shape: Shape,
    carried: Option<&Layout>,
    later: &[Vec<Chunk>],
) -> Rebuilt {
    if shape == Shape::Form {
        return rebuild(lines, shape, carried, later, false, &[]);
    }
    // Rows continuing a table part where its columns do (a header printed again over few
    // rows has little body of its own to go by), and part its header as its first page.
    // A table's first page takes the evidence of its later pages' rows as well.
    let mut columns: Vec<(f64, f64)> = carried.map_or_else(Vec::new, |l| l.columns.clone());
    if shape == Shape::Headed {
        columns.extend(later.iter().flatten().flat_map(|c| c.pieces.iter().map(|p| (p.x0, p.x1))));
    }
    let columns = &columns[..];
    let (head, whole): (bool, &[usize]) = match (shape, carried) {
        (Shape::Continued, Some(layout)) => (layout.parted_head, &layout.whole),
        _ => (true, &[]),
    };
    let parted_lines = parted(lines, columns, &|i| head && !whole.contains(&i));
    let refs: Vec<&TextLine> = parted_lines.iter().collect();
    let rebuilt = rebuild(&refs, shape, carried, later, head, whole);
    if let (Shape::Continued, Some(layout), false) = (shape, carried, rebuilt.continues) {
        // A header printed again is parted as on the first page: with the carried
        // columns (or this page's rows) it may part further and no longer read as the
        // same header.
        for head in [layout.parted_head, false] {
            let again = parted(lines, &[], &|i| head && !whole.contains(&i));
            let refs: Vec<&TextLine> = again.iter().collect();
            let other = rebuild(&refs, shape, carried, later, head, whole);
            if other.continues {
                return other;
            }
        }
    }
    // Header labels parted to the body's columns must still make a header: one whose
    // every row under the first subdivides the row above, as a ruled table's does. When
    // they do not (the labels' levels no longer nest), the header line whose parting
    // broke it is read unparted, else the whole header.
    let nests = |r: &Rebuilt| {
        let rows = r.layout.header.len();
        rows <= 1 || crate::tables::header_row_count(&r.rows) >= rows
    };
    if shape != Shape::Headed || nests(&rebuilt) {
        return rebuilt;
    }
    let bare = parted(lines, columns, &|_| false);
    let differ: Vec<usize> = (0..lines.len())
        .filter(|&i| parted_lines[i].chunks.len() != bare[i].chunks.len())
        .collect();
    for &k in &differ {
        let mixed: Vec<&TextLine> =
            (0..lines.len()).map(|i| if i == k { &bare[i] } else { &parted_lines[i] }).collect();
        let other = rebuild(&mixed, shape, carried, later, true, &[k]);
        if nests(&other) {
            return other;
        }
    }
    if differ.is_empty() {
        return rebuilt;
    }
    let refs: Vec<&TextLine> = bare.iter().collect();
    rebuild(&refs, shape, carried, later, false, &[])
}

/// [`grid_over_pages`] of lines already parted; `parted_head`: whether their header's
/// labels were, but for the header lines `whole`.
fn rebuild(
    lines: &[&TextLine],
    shape: Shape,
    carried: Option<&Layout>,
    later: &[Vec<Chunk>],
    parted_head: bool,
    whole: &[usize],
) -> Rebuilt {
    if let (Shape::Continued, Some(layout)) = (shape, carried) {
        if let Some(rebuilt) = continued(lines, layout) {
            return rebuilt;
        }
    }
    // Under a title, lines with no body row under them (a table printed empty, its note
    // left out of the run) are all header.
    let split = match shape {
        Shape::Headed if body_start(lines).is_none() => lines.len(),
        Shape::Headed => header_end(lines),
        _ => 0,
    };
    let (head, body) = lines.split_at(split);
    let rows = body_rows(body);
    let labels = labels(head);
    let leaves = header::leaves(&labels);
    let later: Vec<Row> = match shape {
        Shape::Headed => {
            later.iter().map(|r| r.iter().map(|c| (usize::MAX, c)).collect()).collect()
        }
        _ => Vec::new(),
    };
    let (columns, form, mut unsure) = match shape {
        Shape::Form => (form_columns(&rows), true, Vec::new()),
        _ => {
            let (columns, guesses) = columns(&rows, &later, &labels, &leaves);
            (columns, false, guesses)
        }
    };
    if columns.is_empty() {
        return Rebuilt::default();
    }
    let all: Vec<Row> = rows.iter().chain(&later).cloned().collect();
    let edges = cell_edges(&columns, &all);
    let bottom = header_bottom(head, body);
    let (header, tied) = header::rows_and_ties(&labels, &leaves, &columns, &edges, bottom);
    if tied {
        unsure.push(
            "a header label fits two spans of columns equally; the one on its left was taken"
                .to_string(),
        );
    }
    let mut grid = header.clone();
    if grid.is_empty() {
        // No leaf to hang the header on: each header line as a row, as printed.
        let lines: Vec<Row> = head
            .iter()
            .enumerate()
            .map(|(i, l)| l.chunks.iter().map(|c| (i, c)).collect())
            .collect();
        grid = lines.iter().map(|r| cells(r, &columns, false)).collect();
    }
    let layout = Layout {
        columns,
        edges,
        form,
        header,
        header_lines: split,
        parted_head,
        whole: whole.to_vec(),
    };
    let mut spans = header_spans(head, body, grid.len());
    spans.extend(row_spans(&rows));
    let body = chunks_of(&rows);
    let (rows, indents) = body_grid(&rows, &layout, grid.len());
    grid.extend(rows);
    Rebuilt { rows: grid, indents, layout, spans, unsure, body, continues: false }
}

/// The body rows of lines at the top of a page that continue a table whose columns they
/// do not fit (a column blank on its first page): the rows from the first figure on,
/// a header printed again above them left out.
pub fn body_chunks(lines: &[&TextLine]) -> Vec<Vec<Chunk>> {
    let parted = parted(lines, &[], &|_| false);
    let lines: Vec<&TextLine> = parted.iter().collect();
    chunks_of(&body_rows(&lines[header_end(&lines)..]))
}

/// A point between `a` and `b` that no piece of the body's rows covers (the middle of the
/// widest such stretch), if any.
fn open_in(body: &[Vec<(f64, f64)>], a: f64, b: f64) -> Option<f64> {
    let mut covering: Vec<(f64, f64)> =
        body.iter().flatten().copied().filter(|&(x0, x1)| x0 < b && a < x1).collect();
    covering.sort_by(|p, q| p.0.total_cmp(&q.0));
    let mut best: Option<(f64, f64)> = None;
    let mut from = a;
    for (x0, x1) in covering.into_iter().chain([(b, b)]) {
        if x0 > from && best.is_none_or(|(p, q)| x0 - from > q - p) {
            best = Some((from, x0.min(b)));
        }
        from = from.max(x1);
    }
    best.map(|(p, q)| (p + q) / 2.0)
}

/// A table's lines with its chunks parted where two columns' texts were printed closer
/// than a chunk gap (narrow gutters: iText's 2 pt cell padding, Word tables with borders
/// off). Only lines already taken as a table's are parted, and only in context, so that
/// prose and 目录 lines, and a cell's own word spaces, stay whole. A chunk is parted at a
/// gap between two of its pieces (runs set apart by more than a space) at least
/// [`PART_GAP`] wide and not a letter-spaced label's (single characters set apart evenly),
/// when
/// - in a body row: a text meets an amount; or no piece of the body's rows crosses the
///   gap's middle and a code or an amount meets a text, or another body row has text
///   ending or starting in the gap (the same gutter);
/// - in a header line: the gap holds a gutter the body leaves open, and the body has text
///   under the label on both sides of it (the labels of two columns, to be parted to
///   match the body's), or the header line above or below is printed apart there (the
///   labels' wrapped lines, over columns blank in every row).
///
/// `columns`: those of the table the rows continue, if any, which count as a body row.
/// `head`: which header lines (by index) are parted too.
fn parted(
    lines: &[&TextLine],
    columns: &[(f64, f64)],
    head: &dyn Fn(usize) -> bool,
) -> Vec<TextLine> {
    // The body starts at the first amount, even one joined to a neighbour's text.
    let first_figure = lines
        .iter()
        .position(|l| l.chunks.iter().flat_map(|c| &c.pieces).any(|p| is_data(&p.text)));
    let first_body = match first_figure {
        Some(first) => wrapped_from(lines, first),
        None => header_end(lines),
    };
    let mut body: Vec<Vec<(f64, f64)>> = lines[first_body..]
        .iter()
        .map(|l| l.chunks.iter().flat_map(|c| c.pieces.iter().map(|p| (p.x0, p.x1))).collect())
        .collect();
    if !columns.is_empty() {
        body.push(columns.to_vec());
    }
    let open = |m: f64| !body.iter().flatten().any(|&(x0, x1)| x0 < m && m < x1);
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let own = i.checked_sub(first_body);
            let mut chunks = Vec::with_capacity(line.chunks.len());
            for chunk in &line.chunks {
                let size = chunk.size.max(1.0);
                let p = &chunk.pieces;
                let gaps: Vec<f64> = p.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
                let single = |k: usize| p[k].text.chars().count() == 1;
                // Between two letters of a letter-spaced label (single characters set
                // apart): a gutter only where clearly wider than the spacing beside it.
                let spacing = |j: usize| {
                    let beside: Vec<f64> = [j.checked_sub(1), Some(j + 1)]
                        .into_iter()
                        .flatten()
                        .filter(|&k| k < gaps.len() && single(k) && single(k + 1))
                        .map(|k| gaps[k])
                        .collect();
                    single(j)
                        && single(j + 1)
                        && (beside.is_empty()
                            || beside.iter().any(|&g| gaps[j] < 1.3 * g + 0.1 * size))
                };
                let mut cuts = Vec::new();
                for (j, &gap) in gaps.iter().enumerate() {
                    if gap < PART_GAP * size || spacing(j) {
                        continue;
                    }
                    let (left, right) = (&p[j], &p[j + 1]);
                    let (a, b) = (left.x1, right.x0);
                    let m = (a + b) / 2.0;
                    let figure_after_text = is_data(&right.text) && !is_data(&left.text);
                    let cut = match own {
                        Some(_) if figure_after_text => true,
                        Some(k) => {
                            let code_before_text = is_data(&left.text)
                                && !right.text.starts_with(|c: char| c.is_ascii_digit())
                                && !is_data(&right.text);
                            let same_gutter = body.iter().enumerate().any(|(r, pieces)| {
                                r != k
                                    && pieces.iter().any(|&(x0, x1)| {
                                        (a - 1.0..=m).contains(&x1) || (m..=b + 1.0).contains(&x0)
                                    })
                            });
                            open(m) && (code_before_text || same_gutter)
                        }
                        None if !head(i) => false,
                        None => {
                            // Labels centred over figures wider than they are: the body's
                            // gutter may lie anywhere in the gap between them.
                            let Some(x) = open_in(&body, a, b) else { continue };
                            let pieces = || body.iter().flatten();
                            let under_left =
                                pieces().any(|&(x0, x1)| x1 <= x && x1 > chunk.x0 && x0 < a);
                            let under_right =
                                pieces().any(|&(x0, x1)| x0 >= x && x0 < chunk.x1 && x1 > b);
                            // A column blank in every row: the label's wrapped line
                            // above or below it is printed apart at the same gap.
                            let apart = [i.checked_sub(1), Some(i + 1)]
                                .into_iter()
                                .flatten()
                                .filter(|&k| k < first_body)
                                .any(|k| {
                                    lines[k].chunks.windows(2).any(|w| {
                                        w[0].x1 < x
                                            && x < w[1].x0
                                            && w[0].x1 > chunk.x0
                                            && w[1].x0 < chunk.x1
                                    })
                                });
                            under_left && under_right || apart
                        }
                    };
                    if cut {
                        cuts.push(j + 1);
                    }
                }
                if cuts.is_empty() {
                    chunks.push(chunk.clone());
                    continue;
                }
                cuts.push(p.len());
                let mut from = 0;
                for to in cuts {
                    let part = &p[from..to];
                    let text: Vec<&str> = part.iter().map(|q| q.text.as_str()).collect();
                    chunks.push(Chunk {
                        x0: part[0].x0,
                        x1: part[part.len() - 1].x1,
                        text: normalize(&text.join(" ")),
                        pieces: part.to_vec(),
                        ..chunk.clone()
                    });
                    from = to;
                }
            }
            TextLine { chunks, ..(*line).clone() }
        })
        .collect()
}

fn chunks_of(rows: &[Row]) -> Vec<Vec<Chunk>> {
    rows.iter().map(|r| r.iter().map(|&(_, c)| c.clone()).collect()).collect()
}

/// Rows continuing a table at the top of a page, in the columns it had on the page
/// before; its header printed again is dropped. `None` when the rows do not line up
/// with those columns (not a continuation after all).
fn continued(lines: &[&TextLine], layout: &Layout) -> Option<Rebuilt> {
    // A repeated header: the lines above the first figure, or as many lines as it had
    // before (when the rows before the first figure have none), rebuild to the same header.
    let repeats = |split: usize| {
        let (head, body) = lines.split_at(split);
        let labels = labels(head);
        let leaves = header::leaves(&labels);
        let bottom = header_bottom(head, body);
        header::rows(&labels, &leaves, &layout.columns, &layout.edges, bottom) == layout.header
    };
    let split = if layout.form || layout.header.is_empty() {
        0
    } else {
        [header_end(lines), layout.header_lines]
            .into_iter()
            .find(|&k| k > 0 && k < lines.len() && repeats(k))
            .unwrap_or(0)
    };
    let rows = body_rows(&lines[split..]);
    if !fits(&layout.columns, &rows) {
        return None;
    }
    let (grid, indents) = body_grid(&rows, layout, 0);
    let spans = row_spans(&rows);
    Some(Rebuilt {
        rows: grid,
        indents,
        layout: layout.clone(),
        spans,
        unsure: Vec::new(),
        body: chunks_of(&rows),
        continues: true,
    })
}

/// The header's height shared out among its `n` grid rows.
fn header_spans(head: &[&TextLine], body: &[&TextLine], n: usize) -> Vec<(f64, f64)> {
    let top = head.iter().map(|l| l.y0).fold(f64::INFINITY, f64::min);
    let bottom = header_bottom(head, body);
    if n == 0 || !top.is_finite() || !bottom.is_finite() {
        return vec![(0.0, 0.0); n];
    }
    let step = (bottom - top) / n as f64;
    (0..n).map(|i| (top + step * i as f64, top + step * (i + 1) as f64)).collect()
}

/// Each body row's top and bottom: the extent of its chunks.
fn row_spans(rows: &[Row]) -> Vec<(f64, f64)> {
    rows.iter()
        .map(|r| {
            let top = r.iter().map(|(_, c)| c.y0).fold(f64::INFINITY, f64::min);
            let bottom = r.iter().map(|(_, c)| c.y1).fold(f64::NEG_INFINITY, f64::max);
            if top.is_finite() && bottom.is_finite() {
                (top, bottom)
            } else {
                (0.0, 0.0)
            }
        })
        .collect()
}

/// The header's labels; none for a header too large to be one (joining labels grows
/// with the square of their count), whose lines are then kept as rows.
fn labels(head: &[&TextLine]) -> Vec<header::Label> {
    let chunks: usize = head.iter().map(|l| l.chunks.len()).sum();
    if chunks <= MAX_HEADER_CHUNKS {
        header::labels(head)
    } else {
        Vec::new()
    }
}

/// Where the header's cells end: halfway between its last text and the first body line.
fn header_bottom(head: &[&TextLine], body: &[&TextLine]) -> f64 {
    let last = head.iter().map(|l| l.y1).fold(f64::NEG_INFINITY, f64::max);
    match body.first() {
        Some(first) => (last + first.y0) / 2.0,
        None => head.iter().map(|l| l.y1 + 0.5 * line_size(l)).fold(f64::NEG_INFINITY, f64::max),
    }
}

/// True when the rows line up with carried columns: nearly every chunk overlaps one.
fn fits(columns: &[(f64, f64)], rows: &[Row]) -> bool {
    let chunks: Vec<&Chunk> = rows.iter().flatten().map(|&(_, c)| c).collect();
    let inside =
        chunks.iter().filter(|c| columns.iter().any(|&(a, b)| c.x0 < b && a < c.x1)).count();
    !chunks.is_empty() && inside * 10 >= chunks.len() * 9
}

/// One grid row from a row's chunks. In a `form`, a text belongs to the column it starts
/// in (it may run over empty cells to its right) and a figure to the one it ends in.
fn cells(row: &Row, columns: &[(f64, f64)], form: bool) -> Vec<String> {
    let mut cells = vec![String::new(); columns.len()];
    let mut last_line = vec![usize::MAX; columns.len()];
    for &(line, chunk) in row {
        let col = place(chunk, columns, form);
        let cell = &mut cells[col];
        if !cell.is_empty() {
            // Another line of the same cell is wrapped text; on the same line, a space.
            cell.push(if last_line[col] == line { ' ' } else { '\n' });
        }
        cell.push_str(&chunk.text);
        last_line[col] = line;
    }
    cells.iter().map(|c| normalize(c)).collect()
}

fn place(chunk: &Chunk, columns: &[(f64, f64)], form: bool) -> usize {
    if form {
        let x = if is_data(&chunk.text) { chunk.x1 } else { chunk.x0 };
        columns.iter().rposition(|&(a, _)| a <= x + 2.0).unwrap_or(0)
    } else {
        column_of(columns, chunk.x0, chunk.x1)
    }
}

/// Body rows as grid rows from grid row `first` on, with where each cell's first line sits
/// in its cell (a 类/款/项 hierarchy printed as names alone shows only in that).
fn body_grid(rows: &[Row], layout: &Layout, first: usize) -> (Vec<Vec<String>>, Vec<Indent>) {
    let mut indents = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut seen = vec![false; layout.columns.len()];
        for &(_, chunk) in row {
            let col = place(chunk, &layout.columns, layout.form);
            let (Some(&left), Some(&right)) = (layout.edges.get(col), layout.edges.get(col + 1))
            else {
                continue;
            };
            if std::mem::replace(&mut seen[col], true) {
                continue;
            }
            let size = chunk.size.max(1.0);
            indents.push(Indent {
                row: first + r,
                col,
                left: (chunk.x0 - left) / size,
                right: (right - chunk.x1) / size,
            });
        }
    }
    let grid = rows.iter().map(|r| cells(r, &layout.columns, layout.form)).collect();
    (grid, indents)
}

fn line_size(line: &TextLine) -> f64 {
    line.chunks.iter().map(|c| c.size).fold(1.0, f64::max)
}

/// Index of the first body line: the first line holding an amount, less the lines of
/// its row wrapped above it; a lone 合计 closing a table with no figures. 0 when no line
/// marks the body (everything is body, as in a form).
fn header_end(lines: &[&TextLine]) -> usize {
    match body_start(lines) {
        Some(first) => wrapped_from(lines, first),
        None => 0,
    }
}

/// Where the row holding line `first` starts: the lines wrapped above it.
fn wrapped_from(lines: &[&TextLine], first: usize) -> usize {
    let mut start = first;
    while start > 0 && lines[start].y0 - lines[start - 1].y1 < WRAP_GAP * line_size(lines[start]) {
        start -= 1;
    }
    start
}

/// The first line that marks the body: the first holding an amount, else a lone 合计
/// closing a table with no figures.
fn body_start(lines: &[&TextLine]) -> Option<usize> {
    match lines.iter().position(|l| l.chunks.iter().any(|c| is_data(&c.text))) {
        Some(i) => Some(i),
        None => match lines.last() {
            Some(last) if lines.len() >= 2 && is_total_label(last) => Some(lines.len() - 1),
            _ => None,
        },
    }
}

/// One body row: its chunks, each with the index of the line it was printed on.
type Row<'a> = Vec<(usize, &'a Chunk)>;

/// Body lines grouped into rows: a line set close under the one before continues its row
/// (wrapped cells, and figures centred on a wrapped neighbour), unless it would put a
/// second figure into a column the row already has one in.
fn body_rows<'a>(lines: &[&'a TextLine]) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = Vec::new();
    let mut bottom = f64::NEG_INFINITY;
    for (i, line) in lines.iter().enumerate() {
        let close = line.y0 - bottom < WRAP_GAP * line_size(line);
        let clash = close
            && rows.last().is_some_and(|row| {
                line.chunks.iter().filter(|c| is_data(&c.text)).any(|c| {
                    row.iter().any(|(_, d)| is_data(&d.text) && c.x0 < d.x1 && d.x0 < c.x1)
                })
            });
        match rows.last_mut() {
            Some(row) if close && !clash => row.extend(line.chunks.iter().map(|c| (i, c))),
            _ => rows.push(line.chunks.iter().map(|c| (i, c)).collect()),
        }
        bottom = if close && !clash { bottom.max(line.y1) } else { line.y1 };
    }
    rows
}

/// Column extents, left to right. The body's columns are the union of its chunk extents
/// (rows with a figure when there are two or more, so a long wrapped label does not
/// bridge columns), widened and added to by the rows of the table's `later` pages. A
/// header leaf over none of them heads the body column whose cell it sits in (see
/// [`leaf_cells`]), else the body column it is paired with (each the other's nearest),
/// else a column left blank in every row. A column under two leaves is cut between them.
///
/// Also what was guessed: a gutter between two body columns that no row has text on both
/// sides of and no header label starts (the text on its right may as well be indented in
/// the column on its left), and a cut between two leaves through body text.
fn columns(
    rows: &[Row],
    later: &[Row],
    labels: &[header::Label],
    leaves: &[usize],
) -> (Vec<(f64, f64)>, Vec<String>) {
    let basis_of = |rows: &'_ [Row<'_>]| {
        let with_data: Vec<usize> =
            (0..rows.len()).filter(|&i| rows[i].iter().any(|(_, c)| is_data(&c.text))).collect();
        if with_data.len() >= 2 {
            with_data
        } else {
            (0..rows.len()).collect()
        }
    };
    let basis: Vec<&Row> = basis_of(rows).into_iter().map(|i| &rows[i]).collect();
    let mut spans: Vec<(f64, f64)> =
        basis.iter().flat_map(|r| r.iter().map(|(_, c)| (c.x0, c.x1))).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut body: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match body.last_mut() {
            Some(col) if a <= col.1 + MIN_GUTTER => col.1 = col.1.max(b),
            _ => body.push((a, b)),
        }
    }
    // The rows on the table's later pages add the columns this page leaves blank and widen
    // the ones it has, but never join two of them (one long text there does not undo a
    // gutter every row here keeps open). A column they add has a header leaf in the gap
    // it falls in, over none of this page's columns (a column blank here): rows with
    // no label over them belong to another table.
    let labelled = |body: &[(f64, f64)], at: usize| {
        let from = at.checked_sub(1).map_or(f64::NEG_INFINITY, |k| body[k].1);
        let to = body.get(at).map_or(f64::INFINITY, |c| c.0);
        leaves.iter().map(|&i| &labels[i]).any(|l| from <= l.x0 && l.x1 <= to)
    };
    let later_basis: Vec<&Row> = basis_of(later).into_iter().map(|i| &later[i]).collect();
    let mut more: Vec<(f64, f64)> =
        later_basis.iter().flat_map(|r| r.iter().map(|(_, c)| (c.x0, c.x1))).collect();
    more.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (a, b) in more {
        let near: Vec<usize> = (0..body.len())
            .filter(|&k| a <= body[k].1 + MIN_GUTTER && body[k].0 <= b + MIN_GUTTER)
            .collect();
        match near[..] {
            [] => {
                let at = body.partition_point(|col| col.0 < a);
                if labelled(&body, at) {
                    body.insert(at, (a, b));
                }
            }
            [k] => body[k] = (body[k].0.min(a), body[k].1.max(b)),
            _ => {}
        }
    }
    let basis: Vec<&Row> = basis.into_iter().chain(later_basis).collect();
    let mut leaf_spans: Vec<(f64, f64)> =
        leaves.iter().map(|&i| (labels[i].x0, labels[i].x1)).collect();
    leaf_spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let overlaps = |p: (f64, f64), q: (f64, f64)| p.0 < q.1 && q.0 < p.1;
    let gap = |p: (f64, f64), q: (f64, f64)| (p.0 - q.1).max(q.0 - p.1).max(0.0);
    let nearest_of = |x: (f64, f64), pool: &[(f64, f64)]| {
        (0..pool.len()).min_by(|&i, &j| gap(x, pool[i]).total_cmp(&gap(x, pool[j])))
    };
    let mut out = body.clone();
    let mut headed = vec![false; body.len()];
    let mut guesses = Vec::new();
    // A leaf over no body text sits in the cell of a body column beside it that no leaf
    // is over: set flush left in the cell of figures set flush right (the column on its
    // right), or flush right in the cell of text set flush left (on its left). The leaves
    // go to such cells so that as many as can head one do (each cell one leaf), nearest
    // first; only a leaf in no such cell heads a column of its own, blank in every row.
    let free_leaves: Vec<(f64, f64)> =
        leaf_spans.iter().copied().filter(|&l| !body.iter().any(|&b| overlaps(l, b))).collect();
    let open = |k: usize| !leaf_spans.iter().any(|&l| overlaps(l, body[k]));
    let sides: Vec<Flush> = body.iter().map(|&b| flush_side(&basis, b)).collect();
    let (cells, tied) = leaf_cells(&body, &sides, &free_leaves, &open);
    if tied {
        guesses.push(
            "a header label over no text of its own sits as well in the cell on its left as \
             in the one on its right; it went to the nearer"
                .to_string(),
        );
    }
    let mut left_over = Vec::new();
    for (&leaf, cell) in free_leaves.iter().zip(cells) {
        match cell {
            Some(k) => {
                out[k] = (out[k].0.min(leaf.0), out[k].1.max(leaf.1));
                headed[k] = true;
            }
            None => left_over.push(leaf),
        }
    }
    for leaf in left_over {
        let paired = nearest_of(leaf, &body).filter(|&b| {
            open(b)
                && !headed[b]
                && nearest_of(body[b], &leaf_spans).is_some_and(|l| leaf_spans[l] == leaf)
        });
        match paired {
            Some(b) => {
                out[b] = (out[b].0.min(leaf.0), out[b].1.max(leaf.1));
                headed[b] = true;
            }
            None => out.push(leaf),
        }
    }
    for k in 1..body.len() {
        let (left, right) = (body[k - 1], body[k]);
        let both = basis.iter().any(|r| {
            r.iter().any(|(_, c)| overlaps((c.x0, c.x1), left))
                && r.iter().any(|(_, c)| overlaps((c.x0, c.x1), right))
        });
        let starts =
            headed[k] || leaf_spans.iter().any(|&l| overlaps(l, right) && !overlaps(l, left));
        if !both && !starts {
            guesses.push(format!(
                "the columns at x {:.1} and {:.1} pt share no row and no header label starts \
                 the second; they were kept apart",
                left.0, right.0
            ));
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cut = Vec::with_capacity(out.len());
    for (a, b) in out {
        let inside: Vec<&(f64, f64)> =
            leaf_spans.iter().filter(|&&l| overlaps(l, (a, b))).collect();
        let mut start = a;
        for pair in inside.windows(2) {
            let at = (pair[0].1 + pair[1].0) / 2.0;
            let through = basis.iter().flat_map(|r| r.iter()).find(|(_, c)| c.x0 < at && at < c.x1);
            if let Some((_, c)) = through {
                guesses.push(format!(
                    "the column boundary at x {at:.1} pt, between two header labels, cuts \
                     through {:?}; it went to the column it overlaps most",
                    c.text
                ));
            }
            cut.push((start, at));
            start = at;
        }
        cut.push((start, b));
    }
    (cut, guesses)
}

/// The body column each leaf over no body text (`leaves`, left to right) heads, if any:
/// the one on its left when its text is set flush left, the one on its right when flush
/// right (either when that is not known), each column one leaf, as many leaves placed as
/// can be and then the nearest. Also whether another placement came as close.
fn leaf_cells(
    body: &[(f64, f64)],
    sides: &[Flush],
    leaves: &[(f64, f64)],
    open: &dyn Fn(usize) -> bool,
) -> (Vec<Option<usize>>, bool) {
    let n = body.len();
    let gap = |p: (f64, f64), q: (f64, f64)| (p.0 - q.1).max(q.0 - p.1).max(0.0);
    // best[i][u]: (placed, -distance, tied, choice, u before) over leaves 0..i with the
    // columns up to u - 1 used (u = 0: none).
    type Cell = Option<(usize, f64, bool, Option<usize>, usize)>;
    let better = |a: (usize, f64), b: (usize, f64)| a.0 > b.0 || a.0 == b.0 && a.1 < b.1;
    let mut best: Vec<Vec<Cell>> = vec![vec![None; n + 1]; leaves.len() + 1];
    best[0][0] = Some((0, 0.0, false, None, 0));
    for (i, &leaf) in leaves.iter().enumerate() {
        let g = body.partition_point(|b| b.1 <= leaf.0);
        let left = g.checked_sub(1).filter(|&k| matches!(sides[k], Flush::Left | Flush::Unknown));
        let right =
            (g < n).then_some(g).filter(|&k| matches!(sides[k], Flush::Right | Flush::Unknown));
        for u in 0..=n {
            let Some((placed, dist, tied, _, _)) = best[i][u] else { continue };
            // Each leaf: no cell, the one on its left, the one on its right.
            let options = [None].into_iter().chain(left.map(Some)).chain(right.map(Some));
            for choice in options {
                let (to, value) = match choice {
                    None => (u, (placed, dist)),
                    Some(k) if k + 1 > u && open(k) => {
                        (k + 1, (placed + 1, dist + gap(leaf, body[k])))
                    }
                    Some(_) => continue,
                };
                let slot = &mut best[i + 1][to];
                // Two placements reaching the same state as close: a tie.
                let close = slot
                    .is_some_and(|old| old.0 == value.0 && (old.1 - value.1).abs() < header::TIE);
                match slot {
                    Some(old) if !better(value, (old.0, old.1)) => old.2 |= close,
                    _ => *slot = Some((value.0, value.1, tied || close, choice, u)),
                }
            }
        }
    }
    let m = leaves.len();
    let mut end: Option<usize> = None;
    for u in 0..=n {
        let Some(c) = best[m][u] else { continue };
        if end.and_then(|e| best[m][e]).is_none_or(|e| better((c.0, c.1), (e.0, e.1))) {
            end = Some(u);
        }
    }
    let mut cells = vec![None; m];
    let Some(mut u) = end else { return (cells, false) };
    let Some(chosen) = best[m][u] else { return (cells, false) };
    let tied = chosen.2
        || (0..=n)
            .filter(|&v| v != u)
            .filter_map(|v| best[m][v])
            .any(|c| c.0 == chosen.0 && (c.1 - chosen.1).abs() < header::TIE);
    for i in (0..m).rev() {
        let Some((_, _, _, choice, before)) = best[i + 1][u] else { break };
        cells[i] = choice;
        u = before;
    }
    (cells, tied)
}

/// Which side a body column's text is set flush with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flush {
    Left,
    Right,
    /// Both (texts all as wide), neither, or too few texts to tell.
    Unknown,
}

/// The side most of a column's texts (in `rows`, over `column`) share an edge on: figures
/// flush right, names flush left. Four in five on one side, and more than on the other.
fn flush_side(rows: &[&Row], column: (f64, f64)) -> Flush {
    let members: Vec<&Chunk> = rows
        .iter()
        .flat_map(|r| r.iter().map(|&(_, c)| c))
        .filter(|c| c.x0 < column.1 && column.0 < c.x1)
        .collect();
    // Too few texts, or all as wide, to show an edge: figures are set flush right, and
    // names flush left.
    let by_content = || {
        if members.iter().all(|c| is_data(&c.text)) {
            Flush::Right
        } else if members.iter().all(|c| !is_data(&c.text)) {
            Flush::Left
        } else {
            Flush::Unknown
        }
    };
    if members.len() < 2 {
        return if members.is_empty() { Flush::Unknown } else { by_content() };
    }
    let lo = members.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min);
    let hi = members.iter().map(|c| c.x1).fold(f64::NEG_INFINITY, f64::max);
    let left = members.iter().filter(|c| c.x0 - lo <= 1.0).count();
    let right = members.iter().filter(|c| hi - c.x1 <= 1.0).count();
    let most = |k: usize| k * 5 >= members.len() * 4;
    if most(right) && right > left {
        Flush::Right
    } else if most(left) && left > right {
        Flush::Left
    } else {
        Flush::Unknown
    }
}

/// A form's columns: every text in a form is set flush left in its cell, and a cell
/// may run over the empty cells to its right, so each place a text starts begins a
/// column. Figures, set flush right, fall in the column they end in.
fn form_columns(rows: &[Row]) -> Vec<(f64, f64)> {
    let chunks: Vec<&Chunk> = rows.iter().flatten().map(|&(_, c)| c).collect();
    let mut starts: Vec<f64> = chunks.iter().filter(|c| !is_data(&c.text)).map(|c| c.x0).collect();
    starts.sort_by(f64::total_cmp);
    starts.dedup_by(|b, a| *b - *a <= 2.0);
    let end = chunks.iter().map(|c| c.x1).fold(f64::NEG_INFINITY, f64::max);
    let mut columns: Vec<(f64, f64)> = starts
        .windows(2)
        .map(|w| (w[0], w[1] - MIN_GUTTER))
        .chain(starts.last().map(|&s| (s, end.max(s))))
        .collect();
    if columns.is_empty() && end.is_finite() {
        let start = chunks.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min);
        columns.push((start, end));
    }
    columns
}

/// Where each column's cells begin and end (one more edge than columns). Cell text is
/// padded from its cell's edges: text flush left in a column puts the edge a pad before
/// it, figures flush right a pad after them; the pad is half the gutter between a
/// flush-right column and a flush-left one. Elsewhere, halfway across the gutter.
fn cell_edges(columns: &[(f64, f64)], rows: &[Row]) -> Vec<f64> {
    let n = columns.len();
    let mut members: Vec<Vec<&Chunk>> = vec![Vec::new(); n];
    for &(_, c) in rows.iter().flatten() {
        members[column_of(columns, c.x0, c.x1)].push(c);
    }
    let flush = |k: usize, side: fn(&Chunk) -> f64| {
        let m = &members[k];
        let first = side(m.first()?);
        (m.len() >= 2 && m.iter().all(|c| (side(c) - first).abs() <= 1.0)).then_some(first)
    };
    let left: Vec<Option<f64>> = (0..n).map(|k| flush(k, |c| c.x0)).collect();
    let right: Vec<Option<f64>> = (0..n).map(|k| flush(k, |c| c.x1)).collect();
    let mut pads: Vec<f64> = (1..n)
        .filter_map(|k| Some((left[k]? - right[k - 1]?) / 2.0))
        .filter(|p| *p > 0.0)
        .collect();
    pads.sort_by(f64::total_cmp);
    let size = rows.iter().flatten().map(|(_, c)| c.size).fold(1.0, f64::max);
    let pad = pads.get(pads.len() / 2).copied().unwrap_or(0.5 * size);
    let mut edges = Vec::with_capacity(n + 1);
    edges.push(columns[0].0 - pad);
    for k in 1..n {
        let edge = match (right[k - 1], left[k]) {
            (_, Some(x)) => x - pad,
            (Some(x), None) => x + pad,
            (None, None) => (columns[k - 1].1 + columns[k].0) / 2.0,
        };
        // Within the gutter; max/min rather than clamp, which panics on odd bounds.
        edges.push(edge.min(columns[k].0).max(columns[k - 1].1));
    }
    edges.push(columns[n - 1].1 + pad);
    edges
}

/// The column a chunk belongs to: the one it overlaps most, else the nearest.
fn column_of(columns: &[(f64, f64)], x0: f64, x1: f64) -> usize {
    let overlap = |&(a, b): &(f64, f64)| (x1.min(b) - x0.max(a)).max(0.0);
    let best = (0..columns.len())
        .max_by(|&i, &j| overlap(&columns[i]).total_cmp(&overlap(&columns[j])).then(j.cmp(&i)));
    match best {
        Some(i) if overlap(&columns[i]) > 0.0 => i,
        _ => nearest(columns, (x0 + x1) / 2.0),
    }
}

fn nearest(columns: &[(f64, f64)], x: f64) -> usize {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (i, &(a, b)) in columns.iter().enumerate() {
        let d = if x < a {
            a - x
        } else if x > b {
            x - b
        } else {
            0.0
        };
        if d < best_d {
            best = i;
            best_d = d;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of chunks `(text, x0, x1)` with its glyph boxes from `y` to `y + 9`.
    fn line(y: f64, chunks: &[(&str, f64, f64)]) -> TextLine {
        let chunks: Vec<Chunk> = chunks
            .iter()
            .map(|&(text, x0, x1)| Chunk {
                x0,
                x1,
                y0: y,
                y1: y + 9.0,
                text: text.into(),
                size: 9.0,
                pieces: vec![super::super::lines::Piece { x0, x1, text: text.into() }],
            })
            .collect();
        TextLine {
            x0: chunks.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min),
            x1: chunks.iter().map(|c| c.x1).fold(f64::NEG_INFINITY, f64::max),
            y0: y,
            y1: y + 9.0,
            chunks,
        }
    }

    /// The chunks of each line of a table printed as `glyphs`, after [`parted`].
    fn parted_texts(glyphs: &[crate::pdf::Glyph]) -> Vec<Vec<String>> {
        let refs: Vec<&crate::pdf::Glyph> = glyphs.iter().collect();
        let lines = super::super::lines::text_lines(&refs);
        let refs: Vec<&TextLine> = lines.iter().collect();
        parted(&refs, &[], &|_| true)
            .iter()
            .map(|l| l.chunks.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    /// Two labels set 6 pt apart over two columns of figures are parted to them, as are
    /// two over blank columns whose wrapped lines are printed apart; a letter-spaced
    /// label (本 年 收 入, 5 pt between its characters) over the same gutter stays whole,
    /// as do rows whose word spaces no other row shares.
    #[test]
    fn labels_are_parted_over_the_body_gutter_letter_spacing_is_not() {
        use crate::layout::lines::tests::glyphs;
        let body =
            |y: f64| [glyphs("100.00", 100.0, y, 6.0), glyphs("20.00", 166.0, y, 6.0)].concat();
        let two = [
            glyphs("一般公共", 100.0, 50.0, 10.0),
            glyphs("政府基金", 146.0, 50.0, 10.0),
            body(70.0),
            body(88.0),
        ]
        .concat();
        assert_eq!(parted_texts(&two)[0], ["一般公共", "政府基金"]);
        let spaced = [glyphs("本年收入", 120.0, 50.0, 15.0), body(70.0), body(88.0)].concat();
        assert_eq!(parted_texts(&spaced)[0], ["本年收入"]);
        let words = [
            glyphs("合计", 10.0, 50.0, 10.0),
            glyphs("100.00", 100.0, 50.0, 6.0),
            glyphs("一、", 10.0, 70.0, 10.0),
            glyphs("工资福利支出", 36.0, 70.0, 10.0),
            glyphs("90.00", 106.0, 70.0, 6.0),
            glyphs("二、商品和服务支出", 10.0, 88.0, 10.0),
            glyphs("10.00", 106.0, 88.0, 6.0),
        ]
        .concat();
        let texts = parted_texts(&words);
        assert_eq!(texts[1], ["一、工资福利支出", "90.00"]);
        // Over columns blank in every row, the labels' wrapped lines show the gutter.
        let blank = [
            glyphs("政府预算资", 100.0, 50.0, 10.0),
            glyphs("财政专户", 156.0, 50.0, 10.0),
            glyphs("金", 100.0, 61.0, 10.0),
            glyphs("管理资金", 156.0, 61.0, 10.0),
            glyphs("合计", 10.0, 80.0, 10.0),
            glyphs("100.00", 40.0, 80.0, 6.0),
            glyphs("小计", 10.0, 98.0, 10.0),
            glyphs("100.00", 40.0, 98.0, 6.0),
        ]
        .concat();
        assert_eq!(parted_texts(&blank)[0], ["政府预算资", "财政专户"]);
    }

    fn rebuild(lines: &[TextLine], shape: Shape) -> Vec<Vec<String>> {
        let refs: Vec<&TextLine> = lines.iter().collect();
        grid(&refs, shape, None).rows
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    /// 项目 | 基本支出 (人员经费 | 公用经费, the latter blank in every row) | 合计, laid
    /// out as a spreadsheet prints it: cells 40–120–200–280–320 across, header rows
    /// 95–118–150 down, labels centred both ways (公用经费 wrapped), figures flush right
    /// beside their labels rather than under them, and a body row whose name wraps
    /// around its figures.
    #[test]
    fn multi_level_header_is_rebuilt_from_centred_labels() {
        let lines = [
            line(102.0, &[("基本支出", 182.0, 218.0)]),
            line(118.0, &[("项目", 71.0, 89.0), ("合计", 291.0, 309.0)]),
            line(123.6, &[("公用", 231.0, 249.0)]),
            line(129.5, &[("人员经费", 142.0, 178.0)]),
            line(135.3, &[("经费", 231.0, 249.0)]),
            line(156.0, &[("合计", 46.0, 64.0), ("10.00", 172.0, 194.0), ("10.00", 292.0, 314.0)]),
            line(176.0, &[("工资福利", 46.0, 82.0)]),
            line(181.0, &[("4.00", 176.0, 194.0), ("4.00", 296.0, 314.0)]),
            line(187.7, &[("支出", 46.0, 64.0)]),
        ];
        let grid = rebuild(&lines, Shape::Headed);
        assert_eq!(
            grid,
            [
                row(&["项目", "基本支出", "", "合计"]),
                row(&["", "人员经费", "公用经费", ""]),
                row(&["合计", "10.00", "", "10.00"]),
                row(&["工资福利支出", "4.00", "", "4.00"]),
            ]
        );
        let paths = crate::tables::column_paths(&grid[..2], 4);
        assert_eq!(paths[2], ["基本支出", "公用经费"]);
        assert_eq!(paths[3], ["合计"]);
    }

    /// 科目编码 printed once, centred over the three code columns it heads (cells
    /// 40–80–115–140–230–270).
    #[test]
    fn a_leaf_label_spans_the_unlabelled_columns_it_is_centred_over() {
        let lines = [
            line(
                100.0,
                &[("科目编码", 72.0, 108.0), ("科目名称", 167.0, 203.0), ("金额", 241.0, 259.0)],
            ),
            line(
                130.0,
                &[
                    ("201", 46.0, 60.0),
                    ("03", 86.0, 95.0),
                    ("01", 121.0, 130.0),
                    ("行政运行", 146.0, 182.0),
                    ("5.00", 246.0, 264.0),
                ],
            ),
            line(
                150.0,
                &[
                    ("201", 46.0, 60.0),
                    ("03", 86.0, 95.0),
                    ("02", 121.0, 130.0),
                    ("一般行政管理事务", 146.0, 218.0),
                    ("1.00", 246.0, 264.0),
                ],
            ),
        ];
        let grid = rebuild(&lines, Shape::Headed);
        assert_eq!(
            grid,
            [
                row(&["科目编码", "", "", "科目名称", "金额"]),
                row(&["201", "03", "01", "行政运行", "5.00"]),
                row(&["201", "03", "02", "一般行政管理事务", "1.00"]),
            ]
        );
        let paths = crate::tables::column_paths(&grid[..1], 5);
        assert_eq!(paths[1], ["科目编码"]);
        assert_eq!(paths[2], ["科目编码"]);
    }

    /// A form: texts start their columns and may run over empty cells to the right.
    #[test]
    fn form_texts_belong_to_the_column_they_start_in() {
        let lines = [
            line(
                100.0,
                &[("一级指标", 46.0, 82.0), ("二级指标", 170.0, 206.0), ("指标值", 336.0, 363.0)],
            ),
            line(
                120.0,
                &[("年度履职目标", 46.0, 100.0), ("一段跨过两个空栏的很长的文字", 170.0, 420.0)],
            ),
            line(
                140.0,
                &[("产出指标", 46.0, 82.0), ("完成率", 170.0, 197.0), ("100%", 336.0, 356.0)],
            ),
        ];
        assert_eq!(
            rebuild(&lines, Shape::Form),
            [
                row(&["一级指标", "二级指标", "指标值"]),
                row(&["年度履职目标", "一段跨过两个空栏的很长的文字", ""]),
                row(&["产出指标", "完成率", "100%"]),
            ]
        );
    }

    #[test]
    fn a_table_with_no_figures_ends_its_header_at_the_lone_total_row() {
        let lines = [
            line(100.0, &[("科目名称", 46.0, 82.0), ("金额", 200.0, 218.0)]),
            line(130.0, &[("合计", 46.0, 64.0)]),
        ];
        assert_eq!(
            rebuild(&lines, Shape::Headed),
            [row(&["科目名称", "金额"]), row(&["合计", ""])]
        );
    }

    /// Labels set at the top of their row, a label spanning down from the second row
    /// centred between that row's top and the header's last text (as fpdf2 reports set
    /// them): 合计 and 政府性基金收入 sit level with the last row's 小计, yet head their
    /// columns from the second row down, not under 一般公共预算 beside them.
    #[test]
    fn a_label_centred_down_from_a_row_is_not_taken_into_the_last_row() {
        let lines = [
            line(88.8, &[("本年收入", 145.3, 181.3)]),
            line(105.9, &[("一般公共预算", 183.1, 237.1), ("国有", 330.8, 348.8)]),
            line(116.9, &[("政府", 293.0, 311.0), ("资本", 330.8, 348.8)]),
            line(119.4, &[("项目", 40.0, 58.0)]),
            line(123.0, &[("小计", 186.4, 208.9), ("其中：财政拨款", 227.0, 281.0)]),
            line(127.9, &[("合计", 148.6, 171.1), ("性基", 293.0, 311.0), ("经营", 330.8, 348.8)]),
            line(138.9, &[("金收入", 293.0, 320.0), ("预算", 330.8, 348.8)]),
            line(149.9, &[("收入", 330.8, 348.8)]),
            line(
                172.8,
                &[
                    ("合计", 40.0, 58.0),
                    ("876.00", 144.1, 171.1),
                    ("876.00", 181.9, 208.9),
                    ("876.00", 254.0, 281.0),
                ],
            ),
            line(
                190.8,
                &[
                    ("行政运行", 40.0, 76.0),
                    ("6.00", 153.1, 171.1),
                    ("6.00", 190.9, 208.9),
                    ("6.00", 263.0, 281.0),
                ],
            ),
        ];
        let grid = rebuild(&lines, Shape::Headed);
        let paths = crate::tables::column_paths(&grid[..3], 6);
        assert_eq!(paths[1], ["本年收入", "合计"], "{grid:?}");
        assert_eq!(paths[2], ["本年收入", "一般公共预算", "小计"], "{grid:?}");
        assert_eq!(paths[3], ["本年收入", "一般公共预算", "其中：财政拨款"], "{grid:?}");
        assert_eq!(paths[4], ["本年收入", "政府性基金收入"], "{grid:?}");
        assert_eq!(paths[5], ["本年收入", "国有资本经营预算收入"], "{grid:?}");
    }

    /// A table printed empty (header only, its note outside the run): every line is
    /// header, and the columns come from its leaves.
    #[test]
    fn a_table_printed_empty_is_all_header() {
        let lines = [
            line(100.0, &[("基本支出", 150.0, 186.0)]),
            line(110.0, &[("科目名称", 40.0, 76.0)]),
            line(120.0, &[("人员经费", 150.0, 186.0), ("公用经费", 220.0, 256.0)]),
        ];
        assert_eq!(
            rebuild(&lines, Shape::Headed),
            [row(&["科目名称", "基本支出", ""]), row(&["", "人员经费", "公用经费"])]
        );
    }

    /// Random chunk soups (overlapping, zero-width, far apart, stacked) in every shape,
    /// each continued by the next: never a panic, always a rectangular grid.
    #[test]
    fn any_arrangement_of_chunks_gives_a_rectangular_grid() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let texts = ["合计", "876.00", "0", "科目编码", "一般公共预算", "", "（一）", "1,234.50"];
        let mut carried: Option<Layout> = None;
        for case in 0..400 {
            let lines: Vec<TextLine> = (0..1 + next(12))
                .map(|k| {
                    let y = k as f64 * (2 + next(20)) as f64;
                    let chunks: Vec<(&str, f64, f64)> = (0..1 + next(6))
                        .map(|_| {
                            let x = next(800) as f64 * if next(50) == 0 { 1e6 } else { 1.0 };
                            (texts[next(texts.len() as u64) as usize], x, x + next(60) as f64)
                        })
                        .collect();
                    line(y, &chunks)
                })
                .collect();
            let refs: Vec<&TextLine> = lines.iter().collect();
            let shape = [Shape::Headed, Shape::Form, Shape::Continued][case % 3];
            let rebuilt = grid(&refs, shape, carried.as_ref());
            let width = rebuilt.rows.first().map_or(0, Vec::len);
            assert!(rebuilt.rows.iter().all(|r| r.len() == width), "case {case}");
            assert_eq!(width, rebuilt.layout.columns.len(), "case {case}");
            carried = Some(rebuilt.layout);
        }
    }

    /// 收入 and 支出 each set flush left over the two columns they head (项目 flush left
    /// over names, 金额 flush right over figures), as report tools print them: a label is
    /// not centred on its cell, so its columns come from what it is flush with.
    #[test]
    fn parents_set_flush_left_head_the_columns_after_them() {
        let lines = [
            line(100.0, &[("收入", 40.0, 58.0), ("支出", 220.0, 238.0)]),
            line(
                120.0,
                &[
                    ("项目", 40.0, 58.0),
                    ("金额", 182.0, 200.0),
                    ("项目", 220.0, 238.0),
                    ("金额", 342.0, 360.0),
                ],
            ),
            line(
                150.0,
                &[
                    ("一、收入", 40.0, 76.0),
                    ("10.00", 178.0, 200.0),
                    ("一、支出", 220.0, 256.0),
                    ("10.00", 338.0, 360.0),
                ],
            ),
            line(
                170.0,
                &[
                    ("二、其他", 40.0, 76.0),
                    ("1.00", 182.0, 200.0),
                    ("二、其他", 220.0, 256.0),
                    ("1.00", 342.0, 360.0),
                ],
            ),
        ];
        let grid = rebuild(&lines, Shape::Headed);
        assert_eq!(grid[0], row(&["收入", "", "支出", ""]));
        assert_eq!(grid[1], row(&["项目", "金额", "项目", "金额"]));
        let paths = crate::tables::column_paths(&grid[..2], 4);
        assert_eq!(paths[1], ["收入", "金额"]);
        assert_eq!(paths[2], ["支出", "项目"]);
    }

    /// Seeded tables of two to five 2-column groups, the groups' labels set flush left,
    /// centred or flush right over their two leaves (set flush right over their figures),
    /// a name column first, widths and gutters varied: every alignment rebuilds the same
    /// header.
    #[test]
    fn parents_in_any_alignment_head_their_columns() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let groups = ["本年收入", "上年结转", "基本支出", "项目支出", "财政拨款"];
        let leaves = ["小计", "其中：财政拨款"];
        for case in 0..60 {
            let g = 2 + next(4) as usize;
            let width = 60.0 + next(30) as f64;
            let gutter = 12.0 + next(10) as f64;
            // One producer sets all its parent labels alike.
            let align = next(3);
            let x_of = |k: usize| 40.0 + 90.0 + gutter + k as f64 * (width + gutter);
            let mut parents = Vec::new();
            let mut leaf_line = Vec::new();
            for (k, group) in groups.iter().enumerate().take(g) {
                let (a, b) = (x_of(2 * k), x_of(2 * k + 1) + width);
                // A centred label as narrow as four characters over wide cells could
                // as well be flush with either edge (see `partition`); a centred one
                // here reaches over both its leaves' text.
                let w = if align == 1 { 0.8 * (b - a) } else { 36.0 };
                let x = match align {
                    0 => a,
                    1 => (a + b - w) / 2.0,
                    _ => b - w,
                };
                parents.push((*group, x, x + w));
                for (j, leaf) in leaves.iter().enumerate() {
                    let right = x_of(2 * k + j) + width;
                    let lw = 9.0 * leaf.chars().count() as f64;
                    leaf_line.push((*leaf, right - lw, right));
                }
            }
            let body = |y: f64, name: &'static str, fig: &'static str| {
                let mut chunks = vec![(name, 40.0, 76.0)];
                for c in 0..2 * g {
                    let right = x_of(c) + width;
                    chunks.push((fig, right - 22.0, right));
                }
                line(y, &chunks)
            };
            // 科目名称 heads its column alone, centred down both header rows.
            let lines = [
                line(100.0, &parents),
                line(110.0, &[("科目名称", 40.0, 76.0)]),
                line(120.0, &leaf_line),
                body(150.0, "合计", "10.00"),
                body(170.0, "行政运行", "1.00"),
            ];
            let grid = rebuild(&lines, Shape::Headed);
            let paths = crate::tables::column_paths(&grid[..2], 1 + 2 * g);
            for (k, group) in groups.iter().enumerate().take(g) {
                for (j, leaf) in leaves.iter().enumerate() {
                    assert_eq!(
                        paths[1 + 2 * k + j],
                        [*group, *leaf],
                        "case {case} group {k}: {grid:?} {parents:?}"
                    );
                }
            }
        }
    }

    /// 科目编码 set flush left over three code columns, 金额 flush right over its figures
    /// (wider than it): the two code columns between could go with either label. The one
    /// on the left takes them (as a flush-left label heads the columns after it), and the
    /// guess is reported. A 金额 exactly as wide as its figures is over that column alone:
    /// no guess.
    #[test]
    fn columns_between_two_labels_go_left_and_the_guess_is_told() {
        let lines = [
            line(100.0, &[("科目编码", 40.0, 76.0), ("金额", 200.0, 218.0)]),
            line(
                130.0,
                &[
                    ("201", 40.0, 54.0),
                    ("03", 80.0, 89.0),
                    ("01", 110.0, 119.0),
                    ("15.00", 196.0, 218.0),
                ],
            ),
            line(
                150.0,
                &[
                    ("201", 40.0, 54.0),
                    ("03", 80.0, 89.0),
                    ("02", 110.0, 119.0),
                    ("1.00", 204.0, 218.0),
                ],
            ),
        ];
        let refs: Vec<&TextLine> = lines.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert_eq!(rebuilt.rows[0], row(&["科目编码", "", "", "金额"]));
        assert_eq!(rebuilt.unsure.len(), 1);
        assert!(rebuilt.unsure[0].contains("equally"), "{:?}", rebuilt.unsure);
        // 金额 flush with both sides of its figures (as fpdf-flush sets 单位代码).
        let mut exact = lines.clone();
        exact[1].chunks[3] = Chunk { x0: 200.0, text: "5.00".into(), ..exact[1].chunks[3].clone() };
        let refs: Vec<&TextLine> = exact.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert_eq!(rebuilt.rows[0], row(&["科目编码", "", "", "金额"]));
        assert!(rebuilt.unsure.is_empty(), "{:?}", rebuilt.unsure);
        // Centred labels leave no doubt.
        let centred = [
            line(100.0, &[("科目编码", 62.0, 98.0), ("金额", 200.0, 218.0)]),
            lines[1].clone(),
            lines[2].clone(),
        ];
        let refs: Vec<&TextLine> = centred.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert_eq!(rebuilt.rows[0], row(&["科目编码", "", "", "金额"]));
        assert!(rebuilt.unsure.is_empty(), "{:?}", rebuilt.unsure);
    }

    /// 项目 over names, 金额 over figures, and one row's name set further right than any
    /// other with no label over it: an indented name or a column of its own? It is kept
    /// as a column, and the guess is told. Rows with text on both sides of each gutter
    /// leave no doubt.
    #[test]
    fn a_gutter_no_row_crosses_is_a_guess_and_told() {
        let lines = [
            line(100.0, &[("项目", 40.0, 58.0), ("金额", 150.0, 168.0)]),
            line(130.0, &[("合计", 40.0, 58.0), ("10.00", 146.0, 168.0)]),
            line(150.0, &[("行政运行", 90.0, 126.0), ("1.00", 150.0, 168.0)]),
        ];
        let refs: Vec<&TextLine> = lines.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert_eq!(rebuilt.layout.columns.len(), 3, "{:?}", rebuilt.rows);
        let gutter = |u: &[String]| u.iter().filter(|m| m.contains("share no row")).count();
        assert_eq!(gutter(&rebuilt.unsure), 1, "{:?}", rebuilt.unsure);
        assert!(rebuilt.unsure[0].contains("x 40.0 and 90.0"), "{:?}", rebuilt.unsure);
        let mut sure = lines.clone();
        sure[1] =
            line(130.0, &[("合计", 40.0, 58.0), ("其中", 90.0, 108.0), ("10.00", 146.0, 168.0)]);
        let refs: Vec<&TextLine> = sure.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert_eq!(rebuilt.layout.columns.len(), 3);
        // (Which label 其中 goes with is still a tie.)
        assert_eq!(gutter(&rebuilt.unsure), 0, "{:?}", rebuilt.unsure);
    }

    /// Leaf labels in wide cells, clear of their text: 项目 flush right after its names
    /// (set flush left), 本年 and 上年 flush left before their figures (set flush right),
    /// 上年 over a column blank in every row: each heads the column whose cell it sits
    /// in, and 上年 alone heads a column of its own. One label equally far from a name
    /// column and a figure column, neither headed, is a tie, told.
    #[test]
    fn leaf_labels_clear_of_their_text_head_the_cell_they_sit_in() {
        let lines = [
            line(
                100.0,
                &[
                    ("项目", 112.0, 130.0),
                    ("本年", 150.0, 168.0),
                    ("上年", 260.0, 278.0),
                    ("合计", 370.0, 388.0),
                ],
            ),
            line(
                130.0,
                &[("一般公共服务", 40.0, 94.0), ("12.00", 218.0, 240.0), ("12.00", 428.0, 450.0)],
            ),
            line(
                150.0,
                &[("行政运行", 40.0, 76.0), ("1.00", 222.0, 240.0), ("1.00", 432.0, 450.0)],
            ),
        ];
        assert_eq!(
            rebuild(&lines, Shape::Headed),
            [
                row(&["项目", "本年", "上年", "合计"]),
                row(&["一般公共服务", "12.00", "", "12.00"]),
                row(&["行政运行", "1.00", "", "1.00"]),
            ]
        );
        // 金额 halfway between the names (ending at 94) and the figures (from 218).
        let tie = [line(100.0, &[("金额", 147.0, 165.0)]), lines[1].clone(), lines[2].clone()];
        let refs: Vec<&TextLine> = tie.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert_eq!(rebuilt.layout.columns.len(), 3, "{:?}", rebuilt.rows);
        assert!(
            rebuilt.unsure.iter().any(|u| u.contains("as well in the cell")),
            "{:?}",
            rebuilt.unsure
        );
    }

    /// A name long enough to touch the figure beside it: the body is one run of text, cut
    /// between the two labels through the name, so which column it goes to is a guess,
    /// and told.
    #[test]
    fn a_boundary_through_body_text_is_a_guess_and_told() {
        let lines = [
            line(100.0, &[("项目", 40.0, 58.0), ("金额", 100.0, 118.0)]),
            line(130.0, &[("合计", 40.0, 58.0), ("10.00", 96.0, 118.0)]),
            line(150.0, &[("一般公共服务支出", 40.0, 104.0), ("5.00", 100.0, 118.0)]),
            line(170.0, &[("行政运行", 40.0, 76.0), ("1.00", 100.0, 118.0)]),
        ];
        let refs: Vec<&TextLine> = lines.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert_eq!(rebuilt.rows[0], row(&["项目", "金额"]));
        assert_eq!(rebuilt.unsure.len(), 1, "{:?}", rebuilt.unsure);
        assert!(rebuilt.unsure[0].contains("一般公共服务支出"), "{:?}", rebuilt.unsure);
        // The same table with the name kept inside its column: nothing guessed.
        let mut sure = lines.clone();
        sure[2] = line(150.0, &[("一般公共服务", 40.0, 76.0), ("5.00", 100.0, 118.0)]);
        let refs: Vec<&TextLine> = sure.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert!(rebuilt.unsure.is_empty(), "{:?}", rebuilt.unsure);
    }

    /// A 类/款/项 hierarchy printed as names alone, one character apart: the indents say so.
    #[test]
    fn indented_names_keep_their_indent_in_font_sizes() {
        let lines = [
            line(100.0, &[("科目名称", 80.0, 116.0), ("金额", 241.0, 259.0)]),
            line(130.0, &[("一般公共服务支出", 46.0, 118.0), ("5.00", 246.0, 264.0)]),
            line(150.0, &[("财政事务", 55.0, 91.0), ("5.00", 246.0, 264.0)]),
            line(170.0, &[("行政运行", 64.0, 100.0), ("5.00", 246.0, 264.0)]),
        ];
        let refs: Vec<&TextLine> = lines.iter().collect();
        let rebuilt = grid(&refs, Shape::Headed, None);
        assert_eq!(rebuilt.rows[0], row(&["科目名称", "金额"]));
        let names: Vec<(usize, f64)> = rebuilt
            .indents
            .iter()
            .filter(|i| i.col == 0)
            .map(|i| (i.row, (i.left * 10.0).round() / 10.0))
            .collect();
        let step = |a: f64, b: f64| ((b - a) * 10.0).round() / 10.0;
        assert_eq!(names.iter().map(|n| n.0).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(step(names[0].1, names[1].1), 1.0);
        assert_eq!(step(names[1].1, names[2].1), 1.0);
    }

    /// Seeded pages drawn glyph by glyph through the whole layout: a title, a header of
    /// two to four groups of two leaves over figures and a name column, every label set
    /// flush left, centred or flush right (leaves and parents each their own way, as one
    /// producer sets them), letter-spaced by character spacing (`Tc`: glyphs spread apart,
    /// no space glyph) or not, with rules above and below the header only (三线表) or
    /// none: every page rebuilds the same header paths and figures.
    #[test]
    fn headers_in_any_alignment_spacing_and_rules_read_the_same() {
        use crate::layout::lines::tests::glyphs;
        use crate::layout::{page_items, Item};
        use crate::pdf::{Page, RulingLine};
        let mut seed = 0x51_7cc1_b727_220au64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let groups = ["基本支出", "项目支出", "上年结转", "财政拨款"];
        let leaves = ["小计", "财政拨款"];
        let (pad, left) = (4.0, 40.0);
        // A label of `n` glyphs 10 wide `advance` apart is this wide.
        let width = |n: usize, advance: f64| (n as f64 - 1.0) * advance + 10.0;
        let mut seen = [[false; 3]; 3];
        for case in 0..48 {
            let g = 2 + next(3) as usize;
            // Cells as wide as their widest figure and a label beside it at most: a leaf
            // set flush left is still over its figures (one over no text of its column
            // is a column of its own, or its neighbour's: not read).
            let w = 68.0 + next(16) as f64;
            let (leaf_align, parent_align) = (next(3), next(3));
            seen[leaf_align as usize][parent_align as usize] = true;
            let spaced = next(2) == 0;
            let ruled = next(2) == 0;
            // Cells abut: the name column 40–140, then the figure columns.
            let cell = |c: usize| (left + 100.0 + c as f64 * w, left + 100.0 + (c + 1) as f64 * w);
            let right_end = cell(2 * g - 1).1;
            let set = |text: &str, (a, b): (f64, f64), align: u64, advance: f64, y: f64| {
                let n = text.chars().count();
                let tw = width(n, advance);
                let x = match align {
                    0 => a + pad,
                    1 => (a + b - tw) / 2.0,
                    _ => b - pad - tw,
                };
                glyphs(text, x, y, advance)
            };
            // Letter-spacing as wide as the narrowest cell allows.
            // Letter-spacing up to what the cell leaves room for, gaps under a chunk gap.
            let mut spread = |n: usize, room: f64| {
                let most = ((room - 2.0 * pad - width(n, 10.0)) / (n as f64 - 1.0)).clamp(0.0, 8.0);
                if spaced {
                    10.0 + next(1 + most as u64) as f64
                } else {
                    10.0
                }
            };
            let mut all = glyphs("2025年部门支出总体情况表", 150.0, 40.0, 10.0);
            all.extend(set("科目名称", (left, left + 100.0), 0, 10.0, 110.0));
            for (k, group) in groups.iter().enumerate().take(g) {
                let span = (cell(2 * k).0, cell(2 * k + 1).1);
                let advance = spread(group.chars().count(), 2.0 * w);
                all.extend(set(group, span, parent_align, advance, 100.0));
                for (j, leaf) in leaves.iter().enumerate() {
                    let advance = spread(leaf.chars().count(), w);
                    all.extend(set(leaf, cell(2 * k + j), leaf_align, advance, 120.0));
                }
            }
            let body = [("合计", "11,234.50"), ("行政运行", "1.00"), ("一般行政管理事务", "12.50")];
            for (r, (name, figure)) in body.iter().enumerate() {
                let y = 150.0 + 20.0 * r as f64;
                all.extend(glyphs(name, left + pad, y, 10.0));
                for c in 0..2 * g {
                    all.extend(set(figure, cell(c), 2, 6.0, y));
                }
            }
            let rule = |y: f64| RulingLine {
                x0: left,
                y0: y,
                x1: right_end,
                y1: y,
                width: 0.5,
                filled: false,
            };
            let lines = if ruled { vec![rule(85.0), rule(130.0)] } else { Vec::new() };
            let page = Page {
                number: 1,
                width: 842.0,
                height: 595.0,
                glyphs: all,
                lines,
                ..Page::default()
            };
            let blocks: Vec<Vec<Vec<String>>> = page_items(&page)
                .into_iter()
                .filter_map(|it| match it {
                    Item::Block(b) => Some(b.rows),
                    Item::Line(_) => None,
                })
                .collect();
            let what = format!("case {case}: leaves {leaf_align} parents {parent_align} spaced {spaced} ruled {ruled}");
            assert_eq!(blocks.len(), 1, "{what}: {blocks:?}");
            let grid = &blocks[0];
            assert_eq!(grid.len(), 2 + body.len(), "{what}: {grid:?}");
            let paths = crate::tables::column_paths(&grid[..2], 1 + 2 * g);
            assert_eq!(paths[0], ["科目名称"], "{what}: {grid:?}");
            for (k, group) in groups.iter().enumerate().take(g) {
                for (j, leaf) in leaves.iter().enumerate() {
                    assert_eq!(paths[1 + 2 * k + j], [*group, *leaf], "{what}: {grid:?}");
                }
            }
            for (r, (name, figure)) in body.iter().enumerate() {
                let mut want = vec![name.to_string()];
                want.extend((0..2 * g).map(|_| figure.to_string()));
                assert_eq!(grid[2 + r], want, "{what}: {grid:?}");
            }
        }
        assert!(seen.iter().flatten().all(|&s| s), "every pair of alignments drawn: {seen:?}");
    }
    /// A table at the foot of a page, and at the top of the next one rows of another
    /// table (no title, figures where the first has no column and no header label): the
    /// first table keeps the columns its own page shows.
    #[test]
    fn another_table_at_the_top_of_the_next_page_lends_no_columns() {
        use crate::layout::lines::tests::glyphs;
        use crate::layout::{document_items, page_items, Item};
        use crate::pdf::{Glyph, Page};
        let mut first = glyphs("2025年部门支出总体情况表", 150.0, 40.0, 10.0);
        first.extend(glyphs("科目名称", 44.0, 125.0, 10.0));
        first.extend(glyphs("金额", 282.0, 125.0, 10.0));
        for (r, (name, figure)) in
            [("合计", "12.50"), ("行政运行", "1.00"), ("机关服务", "11.50")].iter().enumerate()
        {
            let y = 150.0 + 20.0 * r as f64;
            first.extend(glyphs(name, 44.0, y, 10.0));
            first.extend(glyphs(figure, 300.0 - 6.0 * (figure.len() - 1) as f64 - 10.0, y, 6.0));
        }
        let mut next = Vec::new();
        for (r, name) in ["一、项目", "二、项目", "三、项目"].iter().enumerate() {
            let y = 60.0 + 20.0 * r as f64;
            next.extend(glyphs(name, 44.0, y, 10.0));
            next.extend(glyphs("3.00", 480.0, y, 6.0));
            next.extend(glyphs("4.00", 640.0, y, 6.0));
        }
        let page = |number: usize, glyphs: Vec<Glyph>| Page {
            number,
            width: 842.0,
            height: 595.0,
            glyphs,
            ..Page::default()
        };
        let blocks = |items: Vec<Item>| -> Vec<Vec<Vec<String>>> {
            items
                .into_iter()
                .filter_map(|it| match it {
                    Item::Block(b) => Some(b.rows),
                    Item::Line(_) => None,
                })
                .collect()
        };
        let alone = blocks(page_items(&page(1, first.clone())));
        assert_eq!(alone[0].len(), 4, "{alone:?}");
        let both = blocks(document_items(&[page(1, first), page(2, next)]));
        assert_eq!(both[0], alone[0], "{both:?}");
    }

    /// Seeded tables over two or three pages, drawn glyph by glyph through the whole
    /// document layout: a name column and two or three groups of two figure columns in
    /// cells wide enough that a leaf label set flush left sits clear of its figures (set
    /// flush right); leaves flush left, centred or flush right, parents any way; the first
    /// page holds one or two body rows with one figure column blank there (filled on later
    /// pages), sometimes a column blank on every page; the header printed again on later
    /// pages or not, a 续表 mark over them or not. Every page's rows land in the columns the whole table shows, and the
    /// header paths are the drawn ones: no column of a leaf's own beside its figures.
    #[test]
    fn tables_over_pages_take_their_columns_from_every_page() {
        use crate::layout::lines::tests::glyphs;
        use crate::layout::{document_items, Item};
        use crate::pdf::{Glyph, Page};
        let mut seed = 0x2f6b_3c1d_84e9_a507u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let groups = ["基本支出", "项目支出", "上年结转"];
        let leaves = ["小计", "财政拨款"];
        let (pad, left) = (4.0, 40.0);
        let width = |n: usize, advance: f64| (n as f64 - 1.0) * advance + 10.0;
        let mut seen = [[false; 2]; 3];
        for case in 0..36 {
            let g = 2 + next(2) as usize;
            let n = 2 * g;
            // A label up to 40 wide, a figure up to 58, and room between them.
            let w = 112.0 + next(12) as f64;
            let (leaf_align, parent_align) = (next(3), next(3));
            let cell = |c: usize| (left + 100.0 + c as f64 * w, left + 100.0 + (c + 1) as f64 * w);
            let set = |text: &str, (a, b): (f64, f64), align: u64, advance: f64, y: f64| {
                let tw = width(text.chars().count(), advance);
                let x = match align {
                    0 => a + pad,
                    1 => (a + b - tw) / 2.0,
                    _ => b - pad - tw,
                };
                glyphs(text, x, y, advance)
            };
            let header = |all: &mut Vec<Glyph>| {
                all.extend(set("科目名称", (left, left + 100.0), 0, 10.0, 110.0));
                for (k, group) in groups.iter().enumerate().take(g) {
                    let span = (cell(2 * k).0, cell(2 * k + 1).1);
                    all.extend(set(group, span, parent_align, 10.0, 100.0));
                    for (j, leaf) in leaves.iter().enumerate() {
                        all.extend(set(leaf, cell(2 * k + j), leaf_align, 10.0, 120.0));
                    }
                }
            };
            // Rows: a name and a figure in every column, of several widths.
            let figures = ["11,234.50", "1.00", "12.50", "876.00", "3,000.00"];
            let names =
                ["合计", "行政运行", "一般行政管理事务", "机关服务", "其他支出", "事业运行"];
            let rows_n = 4 + next(3) as usize;
            let first_n = 1 + next(2) as usize;
            let late = next(n as u64) as usize;
            let blank = (next(3) == 0).then(|| (late + 1 + next(n as u64 - 1) as usize) % n);
            let mut want: Vec<Vec<String>> = Vec::new();
            for r in 0..rows_n {
                let mut row = vec![names[r % names.len()].to_string()];
                for c in 0..n {
                    let empty = Some(c) == blank || (c == late && r < first_n);
                    let fig = figures[(r + c) % figures.len()];
                    row.push(if empty { String::new() } else { fig.to_string() });
                }
                want.push(row);
            }
            // Pages: the first with its title and header and `first_n` rows, then the rest
            // over one or two pages, the header printed again or not.
            let mut cuts = vec![0, first_n];
            if rows_n - first_n >= 3 && next(2) == 0 {
                cuts.push(first_n + 2);
            }
            cuts.push(rows_n);
            let repeat = next(2) == 0;
            let mark = next(2) == 0;
            let mut pages = Vec::new();
            for p in 0..cuts.len() - 1 {
                let mut all = Vec::new();
                let top = if p == 0 || repeat {
                    if p == 0 {
                        all.extend(glyphs("2025年部门支出总体情况表", 150.0, 40.0, 10.0));
                    }
                    header(&mut all);
                    150.0
                } else {
                    60.0
                };
                if p > 0 && mark {
                    all.extend(glyphs("续表", cell(n - 1).1 - 20.0, 30.0, 10.0));
                }
                for (k, row) in want[cuts[p]..cuts[p + 1]].iter().enumerate() {
                    let y = top + 20.0 * k as f64;
                    all.extend(glyphs(&row[0], left + pad, y, 10.0));
                    for (c, fig) in row[1..].iter().enumerate() {
                        if !fig.is_empty() {
                            all.extend(set(fig, cell(c), 2, 6.0, y));
                        }
                    }
                }
                pages.push(Page {
                    number: p + 1,
                    width: 1000.0,
                    height: 595.0,
                    glyphs: all,
                    ..Page::default()
                });
            }
            seen[leaf_align as usize][usize::from(repeat)] = true;
            let blocks: Vec<Vec<Vec<String>>> = document_items(&pages)
                .into_iter()
                .filter_map(|it| match it {
                    Item::Block(b) => Some(b.rows),
                    Item::Line(_) => None,
                })
                .collect();
            let what = format!(
                "case {case}: leaves {leaf_align} parents {parent_align} late {late} blank \
                 {blank:?} first {first_n} cuts {cuts:?} repeat {repeat} mark {mark}"
            );
            assert_eq!(blocks.len(), cuts.len() - 1, "{what}: {blocks:?}");
            let paths = crate::tables::column_paths(&blocks[0][..2], 1 + n);
            assert_eq!(paths[0], ["科目名称"], "{what}: {:?}", blocks[0]);
            for (k, group) in groups.iter().enumerate().take(g) {
                for (j, leaf) in leaves.iter().enumerate() {
                    assert_eq!(paths[1 + 2 * k + j], [*group, *leaf], "{what}: {:?}", blocks[0]);
                }
            }
            let body: Vec<Vec<String>> = blocks
                .iter()
                .enumerate()
                .flat_map(|(p, b)| b[if p == 0 { 2 } else { 0 }..].to_vec())
                .collect();
            assert_eq!(body, want, "{what}: {blocks:?}");
        }
        assert!(seen.iter().flatten().all(|&s| s), "every leaf alignment, header repeated or not");
    }
}

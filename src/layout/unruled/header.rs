//! The header of an unruled table, rebuilt from where its labels sit.
//!
//! Spreadsheet and report tools centre a header label in its cell, across and down, and
//! wrap it inside the cell. So with no ruling printed:
//! - the wrapped lines of one label are stacked tight and centred on each other;
//! - a leaf label's cell reaches the header's bottom, so the leaf sits in the header's
//!   lower half, with nothing under it; any other label is a parent;
//! - a leaf centred at `y` has its cell's top at `2y - bottom`: a parent heads the
//!   columns whose leaves start below the parent's line, and its columns are centred
//!   on it, which settles which of two neighbouring labels a column between them falls
//!   under.

use super::WRAP_GAP;
use crate::layout::lines::TextLine;
use crate::normalize::normalize;

/// Tables wider than this are not real; the spans' search grows with its cube.
const MAX_COLUMNS: usize = 120;
/// Two ways of spanning labels whose costs differ by less than this (points) are a tie.
pub(super) const TIE: f64 = 1.0;
/// A label this close (points) to a column's text edge is flush with it.
const FLUSH: f64 = 0.5;

/// One header label: its (wrapped) lines joined.
#[derive(Debug, Clone)]
pub struct Label {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub size: f64,
    pub text: String,
    /// Horizontal extent of its last line, which a wrapped next line is centred under.
    last: (f64, f64),
}

impl Label {
    fn xc(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    fn span(&self) -> (f64, f64) {
        (self.x0, self.x1)
    }

    fn yc(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// The header's labels, wrapped lines joined.
pub fn labels(lines: &[&TextLine]) -> Vec<Label> {
    let mut chunks: Vec<_> = lines.iter().flat_map(|l| l.chunks.iter()).collect();
    chunks.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let mut labels: Vec<Label> = Vec::new();
    for c in chunks {
        let size = c.size.max(1.0);
        let cx = (c.x0 + c.x1) / 2.0;
        let above = labels
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                let gap = c.y0 - l.y1;
                let (a, b) = l.last;
                let aligned = (cx - (a + b) / 2.0).abs() <= 0.5 * size
                    || (c.x0 - a).abs() <= 0.5 * size
                    || (c.x1 - b).abs() <= 0.5 * size;
                gap > -0.3 * size && gap < WRAP_GAP * size && c.x0 < b && a < c.x1 && aligned
            })
            .min_by(|(_, p), (_, q)| (c.y0 - p.y1).total_cmp(&(c.y0 - q.y1)))
            .map(|(i, _)| i);
        match above {
            Some(i) => {
                let l = &mut labels[i];
                l.text = normalize(&format!("{}\n{}", l.text, c.text));
                l.x0 = l.x0.min(c.x0);
                l.x1 = l.x1.max(c.x1);
                l.y1 = l.y1.max(c.y1);
                l.size = l.size.max(c.size);
                l.last = (c.x0, c.x1);
            }
            None => labels.push(Label {
                x0: c.x0,
                x1: c.x1,
                y0: c.y0,
                y1: c.y1,
                size,
                text: c.text.clone(),
                last: (c.x0, c.x1),
            }),
        }
    }
    labels
}

/// Indices of the leaf labels: in the header's lower half with no label under them.
pub fn leaves(labels: &[Label]) -> Vec<usize> {
    let top = labels.iter().map(|l| l.y0).fold(f64::INFINITY, f64::min);
    let bottom = labels.iter().map(|l| l.y1).fold(f64::NEG_INFINITY, f64::max);
    let mid = (top + bottom) / 2.0;
    (0..labels.len())
        .filter(|&i| {
            let l = &labels[i];
            let under = labels.iter().any(|m| m.y0 >= l.y1 - 0.1 && m.x0 < l.x1 && l.x0 < m.x1);
            l.yc() >= mid - 0.5 * l.size && !under
        })
        .collect()
}

/// The header as grid rows: each label in the first column it spans, leaves on the row
/// under their last parent (merged down, so `""` below them). `edges` are where the
/// columns' cells begin and end (n + 1 of them), `bottom` the y the header's cells end at.
pub fn rows(
    labels: &[Label],
    leaves: &[usize],
    columns: &[(f64, f64)],
    edges: &[f64],
    bottom: f64,
) -> Vec<Vec<String>> {
    rows_and_ties(labels, leaves, columns, edges, bottom).0
}

/// [`rows`], and whether some label's columns were settled by a tie (two spans fitting
/// its position equally well), which a reader should be told about.
pub fn rows_and_ties(
    labels: &[Label],
    leaves: &[usize],
    columns: &[(f64, f64)],
    edges: &[f64],
    bottom: f64,
) -> (Vec<Vec<String>>, bool) {
    let n = columns.len();
    if labels.is_empty() || n == 0 || n > MAX_COLUMNS || edges.len() != n + 1 {
        return (Vec::new(), false);
    }
    let mut leaf_order = leaves.to_vec();
    leaf_order.sort_by(|&a, &b| labels[a].xc().total_cmp(&labels[b].xc()));
    let extents: Vec<(f64, f64)> = leaf_order.iter().map(|&i| labels[i].span()).collect();
    let anchors: Vec<(usize, usize)> = leaf_order
        .iter()
        .map(|&i| super::column_of(columns, labels[i].x0, labels[i].x1))
        .map(|k| (k, k))
        .collect();
    let Some((leaf_spans, mut tied, _)) =
        partition(columns, edges, (0, n), &extents, &anchors, Align::Any)
    else {
        return (Vec::new(), false);
    };
    // What a parent is flush with is its first or last leaf's label as much as the body.
    let mut widened = columns.to_vec();
    for (&label, &(s, e)) in leaf_order.iter().zip(&leaf_spans) {
        if e == s + 1 {
            widened[s] = (widened[s].0.min(labels[label].x0), widened[s].1.max(labels[label].x1));
        }
    }
    let mut leaf_of = vec![usize::MAX; n];
    for (&label, &(s, e)) in leaf_order.iter().zip(&leaf_spans) {
        leaf_of[s..e].fill(label);
    }
    // The top of each column's leaf cell; a parent must sit above it. A leaf centred
    // down its cell has the top as far above it as the bottom is below; a leaf in the
    // header's last row (its top or its centre level with the lowest leaf's) has its cell
    // start above its text however it is aligned there.
    // Unless it is centred down from a line of parents: a label spanning down from a row
    // above is centred between that row's top and the header's last text, which can put
    // it level with the last row's labels. Which it is, the better fit says: centred
    // down from a parent line's top, or set at the top of a label that is less so.
    let text_bottom = labels.iter().map(|l| l.y1).fold(f64::NEG_INFINITY, f64::max);
    let centred_fit = |l: &Label| {
        let top = 2.0 * l.yc() - text_bottom;
        labels
            .iter()
            .enumerate()
            .filter(|&(j, p)| !leaves.contains(&j) && p.y0 < l.y0 - 0.5 * l.size)
            .map(|(_, p)| (top - p.y0).abs())
            .filter(|&d| d <= 0.25 * l.size)
            .fold(f64::INFINITY, f64::min)
    };
    let spans_down = |l: &Label| {
        let fit = centred_fit(l);
        let level = leaves
            .iter()
            .map(|&j| &labels[j])
            .filter(|m| !std::ptr::eq(*m, l) && centred_fit(m) > fit + 0.05 * l.size)
            .map(|m| (m.y0 - l.y0).abs())
            .fold(f64::INFINITY, f64::min);
        fit < level
    };
    // The last row is that of the lowest leaf not centred down from a row above.
    let lowest = leaves
        .iter()
        .map(|&i| &labels[i])
        .filter(|l| !spans_down(l))
        .max_by(|a, b| a.y0.total_cmp(&b.y0));
    let in_last_row = |l: &Label| {
        lowest.is_some_and(|m| {
            (l.y0 - m.y0).abs() <= 0.25 * m.size || (l.yc() - m.yc()).abs() <= 0.25 * m.size
        })
    };
    let leaf_top: Vec<f64> = leaf_of
        .iter()
        .map(|&i| match labels.get(i) {
            None => f64::NEG_INFINITY,
            Some(l) if in_last_row(l) && !spans_down(l) => (2.0 * l.yc() - bottom).max(l.y0),
            Some(l) => 2.0 * l.yc() - bottom,
        })
        .collect();

    // Parents, top down, a line of labels at a time.
    let mut parents: Vec<usize> = (0..labels.len()).filter(|i| !leaves.contains(i)).collect();
    parents.sort_by(|&a, &b| labels[a].yc().total_cmp(&labels[b].yc()));
    let mut covered = vec![f64::NEG_INFINITY; n];
    let mut depth = vec![0usize; n];
    // (label, row, first column)
    let mut placed: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < parents.len() {
        let first = &labels[parents[i]];
        let end = parents[i..]
            .iter()
            .position(|&p| labels[p].yc() > first.yc() + 0.5 * first.size)
            .map_or(parents.len(), |j| i + j);
        let line = &parents[i..end];
        let y = line.iter().map(|&p| labels[p].yc()).sum::<f64>() / line.len() as f64;
        // A column is open under this line when its leaf's cell starts below it, or when
        // a parent printed between the line and the leaf heads the leaf (then the leaf's
        // cell cannot reach up here, however the leaf is set in it).
        let headed_below = |k: usize| {
            labels.get(leaf_of[k]).is_some_and(|leaf| {
                parents.iter().map(|&p| &labels[p]).any(|p| {
                    p.y0 > y + 0.5 * p.size
                        && p.y1 <= leaf.y0 + 0.1
                        && p.x0 < leaf.x1
                        && leaf.x0 < p.x1
                })
            })
        };
        // Or when a parent on this line is printed over the leaf itself (a parent set
        // flush left or right over its first or last leaf).
        let over = |k: usize| {
            labels.get(leaf_of[k]).is_some_and(|leaf| {
                line.iter().map(|&p| &labels[p]).any(|p| {
                    p.y1 <= leaf.y0 + 0.1 && p.x0 < leaf.x1 && leaf.x0 < p.x1 && {
                        let (a, b) = columns[k];
                        p.x0 < b && a < p.x1
                    }
                })
            })
        };
        let open: Vec<bool> = (0..n)
            .map(|k| covered[k] < y && (y < leaf_top[k] || headed_below(k) || over(k)))
            .collect();
        // Each parent's run of open columns (by its nearest open column).
        let mut by_run: Vec<((usize, usize), Vec<usize>)> = Vec::new();
        for &p in line {
            let Some(anchor) = nearest_open(edges, &open, labels[p].xc()) else { continue };
            let mut s = anchor;
            while s > 0 && open[s - 1] {
                s -= 1;
            }
            let mut e = anchor + 1;
            while e < n && open[e] {
                e += 1;
            }
            match by_run.iter_mut().find(|(run, _)| *run == (s, e)) {
                Some((_, members)) => members.push(p),
                None => by_run.push(((s, e), vec![p])),
            }
        }
        for (run, mut members) in by_run {
            members.sort_by(|&a, &b| labels[a].xc().total_cmp(&labels[b].xc()));
            let extents: Vec<(f64, f64)> = members.iter().map(|&p| labels[p].span()).collect();
            // A parent spans every column whose text (leaf labels or body) it is printed
            // over; one over none (flush with a cell edge no rule shows) leaves its span
            // to the costs alone.
            let anchors: Vec<(usize, usize)> = members
                .iter()
                .map(|&p| {
                    let l = &labels[p];
                    let over: Vec<usize> = (run.0..run.1)
                        .filter(|&k| l.x0 < widened[k].1 && widened[k].0 < l.x1)
                        .collect();
                    match (over.first(), over.last()) {
                        (Some(&a), Some(&b)) => (a, b),
                        _ => (usize::MAX, usize::MAX),
                    }
                })
                .collect();
            // One producer sets a line of parents alike: the alignment that fits them
            // all best, centred unless another fits clearly better.
            let mut fits = [Align::Centred, Align::Left, Align::Right]
                .into_iter()
                .filter_map(|align| partition(&widened, edges, run, &extents, &anchors, align));
            let Some(mut chosen) = fits.next() else { continue };
            for other in fits {
                if other.2 + TIE * (members.len() as f64) < chosen.2 {
                    chosen = other;
                }
            }
            let (spans, tie, _) = chosen;
            tied |= tie;
            for (&p, &(s, e)) in members.iter().zip(&spans) {
                let row = depth[s..e].iter().copied().max().unwrap_or(0);
                placed.push((p, row, s));
                for k in s..e {
                    depth[k] = row + 1;
                    covered[k] = labels[p].y1;
                }
            }
        }
        i = end;
    }
    for (&label, &(s, _)) in leaf_order.iter().zip(&leaf_spans) {
        placed.push((label, depth[s], s));
    }
    let height = placed.iter().map(|&(_, row, _)| row + 1).max().unwrap_or(0);
    let mut grid = vec![vec![String::new(); n]; height];
    for (label, row, col) in placed {
        grid[row][col] = labels[label].text.clone();
    }
    (grid, tied)
}

/// The open column whose cell is nearest to `x`.
fn nearest_open(edges: &[f64], open: &[bool], x: f64) -> Option<usize> {
    let distance = |k: usize| (edges[k] - x).max(x - edges[k + 1]).max(0.0);
    (0..open.len()).filter(|&k| open[k]).min_by(|&a, &b| distance(a).total_cmp(&distance(b)))
}

/// Splits columns `run.0..run.1` into consecutive non-empty spans, one per label
/// (labels left to right), each span as close to its label's alignment as can be, and
/// holding the label's anchor columns where the anchors allow it. A label is set in its
/// cell as the producer likes: centred on the cell, or flush with its first cell's left
/// or its last cell's right (edges no rule shows: only that they lie between the text of
/// neighbouring columns); whichever of the three fits best counts, so no one alignment
/// is assumed.
/// Each label's columns `(first, end)`, whether a tie settled some, and the total cost.
type Partition = (Vec<(usize, usize)>, bool, f64);

/// How labels sit in their cells, for [`partition`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    /// Each label as it fits best: centred on its cells, or flush with its first
    /// column's text on the left or its last column's on the right (leaves, which sit
    /// over text of their own).
    Any,
    /// Centred on its cells.
    Centred,
    /// Flush with its first cell's left edge, which lies between the text of the column
    /// before and the text of its own.
    Left,
    /// Flush with its last cell's right edge.
    Right,
}

fn partition(
    columns: &[(f64, f64)],
    edges: &[f64],
    run: (usize, usize),
    extents: &[(f64, f64)],
    anchors: &[(usize, usize)],
    align: Align,
) -> Option<Partition> {
    let anchored = anchors.windows(2).all(|w| w[0].1 < w[1].0)
        && anchors.iter().all(|&(a, b)| a <= b && (run.0..run.1).contains(&a) && b < run.1);
    let cost = |i: usize, s: usize, e: usize| {
        let (x0, x1) = extents[i];
        let centred = ((edges[s] + edges[e]) / 2.0 - (x0 + x1) / 2.0).abs();
        // Flush left: the label starts where the span's first cell does, somewhere in
        // the room between the text of the column before and its own; flush right, the
        // same at the span's other end.
        let room = |after: Option<&(f64, f64)>, before: Option<&(f64, f64)>, x: f64| {
            let a = after.map_or(f64::NEG_INFINITY, |c| c.1);
            let b = before.map_or(f64::INFINITY, |c| c.0).max(a);
            (a - x).max(x - b).max(0.0)
        };
        let room_left = || room(s.checked_sub(1).and_then(|k| columns.get(k)), columns.get(s), x0);
        let room_right = || room(columns.get(e - 1), columns.get(e), x1);
        // A label stays off the text of the columns beside its span: how far it reaches
        // into them settles the columns no label is over.
        let before = if s > 0 { (columns[s - 1].1 - x0).max(0.0) } else { 0.0 };
        let after = columns.get(e).map_or(0.0, |c| (x1 - c.0).max(0.0));
        let out = before + after;
        let fit = match align {
            Align::Any => centred.min((columns[s].0 - x0).abs()).min((columns[e - 1].1 - x1).abs()),
            Align::Centred => centred,
            Align::Left => room_left(),
            Align::Right => room_right(),
        };
        fit + out
    };
    let allowed =
        |i: usize, s: usize, e: usize| !anchored || (s <= anchors[i].0 && anchors[i].1 < e);
    let covers = |i: usize, s: usize, e: usize| {
        let (x0, x1) = extents[i];
        (columns[s].0 - x0).abs() <= FLUSH && (columns[e - 1].1 - x1).abs() <= FLUSH
    };
    let (start, end) = run;
    let m = extents.len();
    if m == 0 || m > end - start {
        return None;
    }
    // best[i][e]: least cost of labels 0..i covering start..e, where label i-1 began, and
    // whether another start came within TIE of it. Among near-equal starts the latest
    // wins: a column no label is over goes with the label on its left, as a label set
    // flush left heads the columns after it (科目编码 over 类, 款, 项).
    let mut best = vec![vec![(f64::INFINITY, 0usize, false); end + 1]; m + 1];
    best[0][start] = (0.0, start, false);
    for i in 0..m {
        for e in start + 1..=end {
            let candidates: Vec<(f64, usize)> = (start..e)
                .filter(|&s| best[i][s].0.is_finite() && allowed(i, s, e))
                .map(|s| (best[i][s].0 + cost(i, s, e), s))
                .collect();
            let Some(least) = candidates.iter().map(|c| c.0).min_by(f64::total_cmp) else {
                continue;
            };
            let near: Vec<usize> =
                candidates.iter().filter(|c| c.0 <= least + TIE).map(|c| c.1).collect();
            // A label flush with both the first and the last text of a span (over exactly
            // its columns' text) fits it better than spans it is flush with on one side
            // only: no tie, unless several spans fit it so.
            let both: Vec<usize> = near.iter().copied().filter(|&s| covers(i, s, e)).collect();
            let (pick, tie) = match both[..] {
                [s] => (Some(s), false),
                _ => (near.iter().max().copied(), near.len() > 1),
            };
            if let Some(s) = pick {
                best[i + 1][e] = (best[i][s].0 + cost(i, s, e), s, tie);
            }
        }
    }
    if !best[m][end].0.is_finite() {
        return None;
    }
    let mut spans = vec![(0, 0); m];
    let mut tied = false;
    let mut e = end;
    for i in (0..m).rev() {
        let (_, s, tie) = best[i + 1][e];
        tied |= tie;
        spans[i] = (s, e);
        e = s;
    }
    Some((spans, tied, best[m][end].0))
}

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
                let aligned =
                    (cx - (a + b) / 2.0).abs() <= 0.5 * size || (c.x0 - a).abs() <= 0.5 * size;
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
    let n = columns.len();
    if labels.is_empty() || n == 0 || n > MAX_COLUMNS || edges.len() != n + 1 {
        return Vec::new();
    }
    let mut leaf_order = leaves.to_vec();
    leaf_order.sort_by(|&a, &b| labels[a].xc().total_cmp(&labels[b].xc()));
    let centres: Vec<f64> = leaf_order.iter().map(|&i| labels[i].xc()).collect();
    let anchors: Vec<usize> =
        leaf_order.iter().map(|&i| super::column_of(columns, labels[i].x0, labels[i].x1)).collect();
    let Some(leaf_spans) = partition(edges, (0, n), &centres, &anchors) else {
        return Vec::new();
    };
    let mut leaf_of = vec![usize::MAX; n];
    for (&label, &(s, e)) in leaf_order.iter().zip(&leaf_spans) {
        leaf_of[s..e].fill(label);
    }
    // The top of each column's leaf cell; a parent must sit above it.
    let leaf_top: Vec<f64> = leaf_of
        .iter()
        .map(|&i| if i == usize::MAX { f64::NEG_INFINITY } else { 2.0 * labels[i].yc() - bottom })
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
        let open: Vec<bool> = (0..n).map(|k| covered[k] < y && y < leaf_top[k]).collect();
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
            let centres: Vec<f64> = members.iter().map(|&p| labels[p].xc()).collect();
            let anchors: Vec<usize> = members
                .iter()
                .map(|&p| nearest_open(edges, &open, labels[p].xc()).unwrap_or(run.0))
                .collect();
            let Some(spans) = partition(edges, run, &centres, &anchors) else { continue };
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
    grid
}

/// The open column whose cell is nearest to `x`.
fn nearest_open(edges: &[f64], open: &[bool], x: f64) -> Option<usize> {
    let distance = |k: usize| (edges[k] - x).max(x - edges[k + 1]).max(0.0);
    (0..open.len()).filter(|&k| open[k]).min_by(|&a, &b| distance(a).total_cmp(&distance(b)))
}

/// Splits columns `run.0..run.1` into consecutive non-empty spans, one per label
/// (labels left to right), each span as close to centred on its label as can be, and
/// holding the label's anchor column where the anchors allow it.
fn partition(
    edges: &[f64],
    run: (usize, usize),
    centres: &[f64],
    anchors: &[usize],
) -> Option<Vec<(usize, usize)>> {
    let anchored = anchors.windows(2).all(|w| w[0] < w[1])
        && anchors.iter().all(|&a| (run.0..run.1).contains(&a));
    let cost = |i: usize, s: usize, e: usize| ((edges[s] + edges[e]) / 2.0 - centres[i]).abs();
    let allowed = |i: usize, s: usize, e: usize| !anchored || (s <= anchors[i] && anchors[i] < e);
    let (start, end) = run;
    let m = centres.len();
    if m == 0 || m > end - start {
        return None;
    }
    // best[i][e]: least cost of labels 0..i covering start..e, and where label i-1 began.
    let mut best = vec![vec![(f64::INFINITY, 0usize); end + 1]; m + 1];
    best[0][start] = (0.0, start);
    for i in 0..m {
        let (done, rest) = best.split_at_mut(i + 1);
        let (from, to) = (&done[i], &mut rest[0]);
        for (s, &(so_far, _)) in from.iter().enumerate().take(end).skip(start) {
            if !so_far.is_finite() {
                continue;
            }
            for (e, slot) in to.iter_mut().enumerate().skip(s + 1) {
                if !allowed(i, s, e) {
                    continue;
                }
                let total = so_far + cost(i, s, e);
                if total < slot.0 {
                    *slot = (total, s);
                }
            }
        }
    }
    if !best[m][end].0.is_finite() {
        return None;
    }
    let mut spans = vec![(0, 0); m];
    let mut e = end;
    for i in (0..m).rev() {
        let s = best[i + 1][e].1;
        spans[i] = (s, e);
        e = s;
    }
    Some(spans)
}

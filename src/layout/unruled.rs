//! Tables printed without ruling lines: columns from how chunks line up across rows.
//!
//! In: consecutive text lines that look tabular. Out: a grid whose columns are the gaps
//! left open by every data row (rows holding an amount). Header labels wider than one
//! column sit in the leftmost column they cover, as a merged header cell does.

use super::lines::TextLine;
use crate::records::Amount;

/// Columns narrower than this gap (points) are not separated.
const MIN_GUTTER: f64 = 4.0;

/// True when a chunk's text is an amount (or a bare code): what data rows hold.
pub fn is_data(text: &str) -> bool {
    Amount::parse(text).is_some()
}

/// Rebuilds the grid of an unruled table from its lines.
pub fn grid(lines: &[&TextLine]) -> Vec<Vec<String>> {
    let data: Vec<&&TextLine> =
        lines.iter().filter(|l| l.chunks.iter().any(|c| is_data(&c.text))).collect();
    let basis: Vec<&&TextLine> = if data.len() >= 2 { data } else { lines.iter().collect() };
    let mut spans: Vec<(f64, f64)> =
        basis.iter().flat_map(|l| l.chunks.iter().map(|c| (c.x0, c.x1))).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Union of chunk extents: each maximal covered interval is one column.
    let mut columns: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match columns.last_mut() {
            Some(col) if a <= col.1 + MIN_GUTTER => col.1 = col.1.max(b),
            _ => columns.push((a, b)),
        }
    }
    if columns.is_empty() {
        return Vec::new();
    }
    lines
        .iter()
        .map(|l| {
            let mut row = vec![String::new(); columns.len()];
            for c in &l.chunks {
                // The leftmost column the chunk overlaps; else the nearest.
                let col = columns
                    .iter()
                    .position(|&(a, b)| c.x1 > a && c.x0 < b)
                    .unwrap_or_else(|| nearest(&columns, (c.x0 + c.x1) / 2.0));
                if row[col].is_empty() {
                    row[col] = c.text.clone();
                } else {
                    row[col] = crate::normalize::normalize(&format!("{} {}", row[col], c.text));
                }
            }
            row
        })
        .collect()
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

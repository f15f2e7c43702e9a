//! Pages of glyphs and ruling lines → items (text lines and grids) in reading order.
//!
//! In: the PDF layer's pages (coordinates as displayed, origin top-left). Out: [`Item`]s
//! for [`stitch`](crate::tables::stitch), which finds titles and joins tables over pages.
//! Per page, ruled grids come first (cells from line intersections, spans from missing
//! inner lines); text outside them is split into lines, and runs of tabular lines after
//! a table title become unruled grids (columns from alignment).

pub mod lines;
pub mod ruled;
pub mod unruled;

use std::sync::LazyLock;

use regex::Regex;

use crate::pdf::{Glyph, Page};
use crate::tables::stitch::{is_meta_line, is_note_line, Block, Item};
use crate::tables::{classify_title, looks_like_title};
use lines::{text_lines, TextLine};

/// Page furniture: page numbers and running footers, not content.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(r"^[-—－–]\s*[\d ]+\s*[-—－–]$|^第\d+页(，?共\d+页)?$|^\d+$|^\d+/\d+$")
});

/// A one-chunk line this short (characters) can be a table row with its other cells blank;
/// prose lines run longer.
const SHORT_LABEL: usize = 30;

/// Grids with fewer rows than this are frames or decorations, not tables.
const MIN_GRID_ROWS: usize = 2;

/// The items of one page, top to bottom.
pub fn page_items(page: &Page) -> Vec<Item> {
    let number = u32::try_from(page.number).unwrap_or(u32::MAX);
    let grids: Vec<ruled::Grid> = ruled::find_grids(&page.lines)
        .into_iter()
        .filter(|g| g.rows() >= MIN_GRID_ROWS && g.cols() >= 2)
        .collect();
    let mut in_grid: Vec<Vec<&Glyph>> = vec![Vec::new(); grids.len()];
    let mut free: Vec<&Glyph> = Vec::new();
    for g in &page.glyphs {
        let (x, y) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
        match grids.iter().position(|grid| grid.contains(x, y)) {
            Some(i) => in_grid[i].push(g),
            None => free.push(g),
        }
    }
    // (top y, item) pairs, sorted at the end.
    let mut placed: Vec<(f64, Item)> = Vec::new();
    for (grid, glyphs) in grids.iter().zip(&in_grid) {
        if glyphs.is_empty() {
            continue; // a frame around nothing (or around an image)
        }
        let filled = ruled::fill(grid, glyphs);
        placed.push((
            grid.y0(),
            Item::Block(Block {
                rows: filled.cells,
                merges: filled.merges,
                indents: filled.indents,
                page: Some(number),
                position: format!("page {number}"),
            }),
        ));
    }
    let lines: Vec<TextLine> = text_lines(&free);
    let mut i = 0;
    while i < lines.len() {
        let text = lines[i].text();
        if FURNITURE.is_match(&text) {
            i += 1;
            continue;
        }
        // An unruled table (only on pages without ruled grids): tabular lines right after
        // a table title and its 单位 lines, or at the top of a page (a continuation).
        let previous = placed.iter().rev().find_map(|(_, it)| match it {
            Item::Line(l) if is_meta_line(l) => None,
            Item::Line(l) => Some(looks_like_title(l) && classify_title(l).is_some()),
            Item::Block(_) => Some(false),
        });
        let run =
            if grids.is_empty() && previous != Some(false) { tabular_run(&lines[i..]) } else { 0 };
        if run >= 2 {
            let table: Vec<&TextLine> = lines[i..i + run].iter().collect();
            let rows = unruled::grid(&table);
            placed.push((
                lines[i].y0,
                Item::Block(Block {
                    rows,
                    merges: Vec::new(),
                    indents: Vec::new(),
                    page: Some(number),
                    position: format!("page {number}"),
                }),
            ));
            i += run;
            continue;
        }
        placed.push((lines[i].y0, Item::Line(text)));
        i += 1;
    }
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    placed.into_iter().map(|(_, it)| it).collect()
}

/// How many lines from the start form a table body: lines of two or more chunks (or one
/// amount), not 单位 lines, notes or titles, with no paragraph-sized gap between them.
fn tabular_run(lines: &[TextLine]) -> usize {
    let mut n = 0;
    let mut has_data = false;
    let mut multi = 0;
    for (k, l) in lines.iter().enumerate() {
        let text = l.text();
        let cells =
            l.chunks.len() >= 2 || l.chunks.len() == 1 && unruled::is_data(&l.chunks[0].text);
        // A row with one short label (a line whose other cells are blank) stays in the table.
        let short_label = text.chars().count() <= SHORT_LABEL && !text.contains('。');
        let titled = looks_like_title(&text) && classify_title(&text).is_some();
        let own_line = is_meta_line(&text) || is_note_line(&text) || FURNITURE.is_match(&text);
        let tabular = (cells || short_label) && !own_line && !titled;
        let gap_ok = k == 0 || l.y0 - lines[k - 1].y1 < 2.5 * l.height().max(1.0);
        if !tabular || !gap_ok {
            break;
        }
        has_data |= l.chunks.iter().any(|c| unruled::is_data(&c.text));
        multi += usize::from(cells);
        n += 1;
    }
    if has_data && multi >= 2 {
        n
    } else {
        0
    }
}

//! `yusuan inspect`: what yusuan saw on a page — its text lines, glyphs, ruling lines, and
//! the cells and tables the extraction built there — as text, SVG or JSON.
//!
//! Nothing here reads a page a second way: the PDF layer's pages go through the same
//! stages as [`crate::extract_path`] (`layout::document_items`, `tables::stitch`,
//! `tables::assemble_traced`), and the cells drawn are those stages' grids, placed with the
//! geometry the readers recorded ([`crate::tables::trace`]). The text lines are the ones
//! the table readers group glyphs into (`layout::lines`), after fake-bold removal and with
//! radicals folded.

mod svg;
mod text;

use std::path::Path;

use serde::Serialize;

use crate::layout::lines::{text_lines, TextLine};
use crate::model::{Table, Warning};
use crate::pdf::{Glyph, Page};
use crate::tables::trace::{Part, RowRole, Trace};
use crate::{layout, pdf, tables, Error, Result};

pub use svg::{page_svg, table_svgs};
pub use text::render_text;

/// Everything `inspect` shows of one document.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// The path as given.
    pub file: String,
    /// Number of pages in the document.
    pub page_count: usize,
    /// The pages asked for, in order.
    pub pages: Vec<PageView>,
    /// Every table the extraction found (as in `yusuan extract`'s `tables`, in order).
    pub tables: Vec<TableSummary>,
}

/// One table of the document, as extracted.
#[derive(Debug, Clone, Serialize)]
pub struct TableSummary {
    /// 1-based position among the document's tables.
    pub table: usize,
    pub kind: &'static str,
    pub number: Option<u8>,
    pub title: String,
    pub pages: Vec<u32>,
    /// The reader that built each page's part, in page order.
    pub readers: Vec<&'static str>,
    /// The extracted body rows (the contract's `rows`).
    pub rows: Vec<Vec<String>>,
}

/// One page: its text, glyphs, ruling lines and the table parts on it.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub page: usize,
    pub width: f64,
    pub height: f64,
    /// The `/BaseFont` names of the fonts used on the page; `GlyphView::font` indexes it.
    pub fonts: Vec<String>,
    /// Text lines in reading order (top to bottom), as the table readers group them.
    pub lines: Vec<LineView>,
    pub glyphs: Vec<GlyphView>,
    /// Glyphs drawn outside the clipping path: invisible, so not read (pdftotext shows
    /// them).
    pub clipped: Vec<GlyphView>,
    pub rules: Vec<RuleView>,
    pub tables: Vec<PartView>,
}

/// A text line: its box, its text (normalised, chunks joined by a space), the font most of
/// its glyphs are set in, its largest size, and how many glyphs had no Unicode mapping.
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub font: String,
    pub size: f64,
    pub text: String,
    /// The runs of text the line splits into at column-sized gaps.
    pub chunks: Vec<String>,
    pub unmapped: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GlyphView {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub size: f64,
    pub font: u16,
    /// No Unicode mapping: `text` is U+FFFD.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unmapped: bool,
}

/// A ruling line, stroked or drawn as a thin filled rectangle.
#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub width: f64,
    pub filled: bool,
}

/// A table's share of one page: where it is, which reader built it, and its cells.
#[derive(Debug, Clone, Serialize)]
pub struct PartView {
    /// 1-based position of the table among the document's tables.
    pub table: usize,
    pub kind: &'static str,
    pub number: Option<u8>,
    pub title: String,
    pub reader: &'static str,
    /// 1-based index of this part among the table's parts, and how many there are.
    pub part: usize,
    pub parts: usize,
    /// The page the table comes from when its first row here continues it.
    pub continued_from: Option<u32>,
    /// The page it goes on to.
    pub continues_on: Option<u32>,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub cells: Vec<CellView>,
}

/// One cell of a grid (a merged cell once, at its top-left grid position).
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// Grid row in the whole table (all parts, header rows included) and grid column.
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
    /// `header`, `body` or `dropped` (empty, or a header printed again).
    pub role: &'static str,
    /// Index into the table's extracted `rows` for a body cell.
    pub table_row: Option<usize>,
}

/// Which pages to show: 1-based, inclusive ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageSelection(Vec<(usize, usize)>);

impl PageSelection {
    /// Every page.
    pub fn all() -> PageSelection {
        PageSelection(Vec::new())
    }

    /// Parses `3,5-7`.
    pub fn parse(spec: &str) -> std::result::Result<PageSelection, String> {
        let mut ranges = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let number = |s: &str| {
                s.trim().parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| {
                    format!("{s:?} in --pages {spec:?} is not a page number (1, 2, …)")
                })
            };
            let range = match part.split_once('-') {
                Some((a, b)) => (number(a)?, number(b)?),
                None => (number(part)?, number(part)?),
            };
            if range.0 > range.1 {
                return Err(format!("--pages {spec:?}: {part} runs backwards"));
            }
            ranges.push(range);
        }
        if ranges.is_empty() {
            return Err(format!("--pages {spec:?} names no page; write e.g. 3,5-7"));
        }
        Ok(PageSelection(ranges))
    }

    pub fn contains(&self, page: usize) -> bool {
        self.0.is_empty() || self.0.iter().any(|&(a, b)| (a..=b).contains(&page))
    }

    /// The highest page named, if any.
    fn last(&self) -> Option<usize> {
        self.0.iter().map(|r| r.1).max()
    }
}

/// Reads a PDF and shows what the extraction saw on the `selected` pages.
pub fn inspect_path(
    path: &Path,
    display: &str,
    selected: &PageSelection,
    options: &crate::Options,
) -> Result<Inspection> {
    if crate::InputFormat::of(path) != Some(crate::InputFormat::Pdf) {
        return Err(Error::Pdf {
            path: path.to_path_buf(),
            code: "not_a_pdf",
            detail: "inspect reads PDF files (.pdf); a text export has no page to show".to_string(),
        });
    }
    let bytes =
        std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    inspect_bytes(&bytes, path, display, selected, options)
}

/// [`inspect_path`] on a PDF's bytes (the `serve` page has no file); `path` names errors.
pub fn inspect_bytes(
    bytes: &[u8],
    path: &Path,
    display: &str,
    selected: &PageSelection,
    options: &crate::Options,
) -> Result<Inspection> {
    if bytes.is_empty() {
        return Err(Error::Empty { path: path.to_path_buf() });
    }
    let pdf_error = |e: pdf::PdfError| Error::Pdf {
        path: path.to_path_buf(),
        code: crate::pdf_error_code(&e),
        detail: e.to_string(),
    };
    let doc = pdf::read_pdf(bytes, &options.limits).map_err(pdf_error)?;
    if let Some(last) = selected.last().filter(|&l| l > doc.pages.len()) {
        return Err(Error::Pdf {
            path: path.to_path_buf(),
            code: "no_such_page",
            detail: format!("--pages names page {last}, but the document has {}", doc.pages.len()),
        });
    }
    Ok(inspect_pages(&doc.pages, display, selected))
}

/// The inspection of pages already read: runs them through the extraction's layout and
/// table stages and lays the result out page by page.
pub fn inspect_pages(pages: &[Page], display: &str, selected: &PageSelection) -> Inspection {
    let mut warnings: Vec<Warning> = Vec::new();
    let items = layout::document_items(pages);
    let stitched = tables::stitch::stitch(items, false, &mut warnings);
    let assembled: Vec<(Table, Trace)> = stitched
        .tables
        .into_iter()
        .map(|raw| tables::assemble_traced(raw, &mut warnings))
        .collect();
    let summaries = assembled
        .iter()
        .enumerate()
        .map(|(i, (t, trace))| TableSummary {
            table: i + 1,
            kind: t.kind.as_str(),
            number: t.number,
            title: t.title.clone(),
            pages: t.pages.clone(),
            readers: trace.parts.iter().map(|p| p.geometry.reader.as_str()).collect(),
            rows: t.rows.clone(),
        })
        .collect();
    let views = pages
        .iter()
        .filter(|p| selected.contains(p.number))
        .map(|p| page_view(p, &assembled))
        .collect();
    Inspection {
        file: display.to_string(),
        page_count: pages.len(),
        pages: views,
        tables: summaries,
    }
}

/// Two decimals are finer than anything drawn on a page (1/7200 inch).
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn page_view(page: &Page, tables: &[(Table, Trace)]) -> PageView {
    let glyph_refs: Vec<&Glyph> = page.glyphs.iter().collect();
    let lines = text_lines(&glyph_refs).iter().map(|l| line_view(l, page)).collect();
    let glyph_view = |g: &Glyph| GlyphView {
        text: g.text.to_string(),
        x0: round(g.x0),
        y0: round(g.y0),
        x1: round(g.x1),
        y1: round(g.y1),
        size: round(g.size),
        font: g.font,
        unmapped: g.unmapped,
    };
    let glyphs = page.glyphs.iter().map(glyph_view).collect();
    let clipped = page.clipped.iter().map(glyph_view).collect();
    let rules = page
        .lines
        .iter()
        .map(|l| RuleView {
            x0: round(l.x0),
            y0: round(l.y0),
            x1: round(l.x1),
            y1: round(l.y1),
            width: round(l.width),
            filled: l.filled,
        })
        .collect();
    let number = u32::try_from(page.number).ok();
    let mut parts = Vec::new();
    for (i, (table, trace)) in tables.iter().enumerate() {
        for (k, part) in trace.parts.iter().enumerate() {
            if part.page.is_some() && part.page == number {
                parts.push(part_view(i + 1, table, trace, k));
            }
        }
    }
    PageView {
        page: page.number,
        width: round(page.width),
        height: round(page.height),
        fonts: page.fonts.clone(),
        lines,
        glyphs,
        clipped,
        rules,
        tables: parts,
    }
}

fn line_view(line: &TextLine, page: &Page) -> LineView {
    // The glyphs of the line: those whose centre lies in one of its chunks.
    let inside = |g: &&Glyph| {
        let (x, y) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
        line.chunks.iter().any(|c| x >= c.x0 && x <= c.x1 && y >= c.y0 && y <= c.y1)
    };
    let members: Vec<&Glyph> =
        page.glyphs.iter().filter(inside).filter(|g| !g.text.trim().is_empty()).collect();
    let mut counts: Vec<(u16, usize)> = Vec::new();
    for g in &members {
        match counts.iter_mut().find(|(f, _)| *f == g.font) {
            Some((_, n)) => *n += 1,
            None => counts.push((g.font, 1)),
        }
    }
    // The most used font; the first seen on a tie.
    let font = counts
        .iter()
        .fold(None::<(u16, usize)>, |best, &(f, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((f, n)),
        })
        .and_then(|(f, _)| page.fonts.get(usize::from(f)).cloned())
        .unwrap_or_default();
    LineView {
        x0: round(line.x0),
        y0: round(line.y0),
        x1: round(line.x1),
        y1: round(line.y1),
        font,
        size: round(line.chunks.iter().map(|c| c.size).fold(0.0, f64::max)),
        text: line.text(),
        chunks: line.chunks.iter().map(|c| c.text.clone()).collect(),
        unmapped: members.iter().filter(|g| g.unmapped).count(),
    }
}

/// The `k`-th part of a table with its cells.
fn part_view(table_no: usize, table: &Table, trace: &Trace, k: usize) -> PartView {
    let part = &trace.parts[k]; // ok: k < parts.len(), from its enumeration
    let neighbour_page = |i: Option<usize>| -> Option<u32> {
        let other = trace.parts.get(i?)?.page;
        other.filter(|&p| Some(p) != part.page)
    };
    let cells = part_cells(part, trace);
    let g = &part.geometry;
    let (x0, x1) = (g.cols.first().copied().unwrap_or(0.0), g.cols.last().copied().unwrap_or(0.0));
    let y0 = g.rows.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
    let y1 = g.rows.iter().map(|r| r.1).fold(f64::NEG_INFINITY, f64::max);
    let (y0, y1) = if y0 <= y1 { (y0, y1) } else { (0.0, 0.0) };
    PartView {
        table: table_no,
        kind: table.kind.as_str(),
        number: table.number,
        title: table.title.clone(),
        reader: g.reader.as_str(),
        part: k + 1,
        parts: trace.parts.len(),
        continued_from: if k > 0 { neighbour_page(Some(k - 1)) } else { None },
        continues_on: neighbour_page(Some(k + 1)),
        x0: round(x0),
        y0: round(y0),
        x1: round(x1),
        y1: round(y1),
        cells,
    }
}

/// The cells of one part: each grid position once, a merged cell once at its top-left.
fn part_cells(part: &Part, trace: &Trace) -> Vec<CellView> {
    let g = &part.geometry;
    let rows = part.grid_rows();
    let ncols = g.cols.len().saturating_sub(1);
    let mut covered = vec![vec![false; ncols]; rows.len()];
    let mut out = Vec::new();
    for r in rows.clone() {
        let local = r - part.first_row;
        for c in 0..ncols {
            if covered[local][c] {
                continue;
            }
            let merge = trace.merges.iter().find(|m| m.row == r && m.col == c);
            let (span_r, span_c) = merge.map_or((1, 1), |m| (m.rows, m.cols));
            let last_r = (local + span_r).min(rows.len()) - 1;
            let last_c = (c + span_c).min(ncols) - 1;
            for row in covered.iter_mut().take(last_r + 1).skip(local) {
                for cell in row.iter_mut().take(last_c + 1).skip(c) {
                    *cell = true;
                }
            }
            let (Some(&(top, _)), Some(&(_, bottom))) = (g.rows.get(local), g.rows.get(last_r))
            else {
                continue;
            };
            let (role, table_row) = match trace.roles.get(r) {
                Some(RowRole::Header) => ("header", None),
                Some(RowRole::Body(i)) => ("body", Some(*i)),
                _ => ("dropped", None),
            };
            out.push(CellView {
                row: r,
                col: c,
                rows: last_r - local + 1,
                cols: last_c - c + 1,
                x0: round(g.cols[c]),
                y0: round(top),
                x1: round(g.cols[last_c + 1]),
                y1: round(bottom),
                text: trace.grid.get(r).and_then(|row| row.get(c)).cloned().unwrap_or_default(),
                role,
                table_row,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, font: u16, unmapped: bool) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            y0: 100.0,
            x1: x + 10.0,
            y1: 110.0,
            size: 10.0,
            upright: true,
            font,
            unmapped,
        }
    }

    #[test]
    fn lines_carry_their_font_and_unmapped_glyphs() {
        let page = Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs: vec![
                glyph("决", 10.0, 1, false),
                glyph("算", 20.0, 1, false),
                glyph("\u{FFFD}", 30.0, 0, true),
                glyph("表", 40.0, 1, false),
            ],
            fonts: vec!["Calibri-Bold".into(), "ABCDEF+SimSun".into()],
            clipped: vec![glyph("隐", 10.0, 1, false)],
            ..Page::default()
        };
        let ins = inspect_pages(&[page], "t.pdf", &PageSelection::all());
        let line = &ins.pages[0].lines[0];
        assert_eq!(
            (line.text.as_str(), line.font.as_str(), line.unmapped),
            ("决算\u{FFFD}表", "ABCDEF+SimSun", 1)
        );
        assert_eq!(ins.pages[0].clipped.len(), 1);
        let text = render_text(&ins);
        assert!(text.contains("[! 1 glyph(s) with no Unicode mapping: �]"), "{text}");
        assert!(text.contains("(not read: 1 glyph(s) drawn outside the clipping path"), "{text}");
        let svg = page_svg(&ins.pages[0]);
        assert!(svg.contains("<title>clipped: 隐</title>"), "{svg}");
    }

    #[test]
    fn page_selections() {
        let s = PageSelection::parse("3,5-7").unwrap_or_default();
        assert_eq!(s, PageSelection(vec![(3, 3), (5, 7)]));
        assert!(s.contains(6) && !s.contains(4));
        assert!(PageSelection::parse("7-5").is_err());
        assert!(PageSelection::parse("0").is_err());
        assert!(PageSelection::parse("a").is_err());
        assert!(PageSelection::parse(",").is_err());
        assert!(PageSelection::all().contains(99));
    }
}

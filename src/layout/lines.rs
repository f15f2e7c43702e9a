//! Glyphs → text lines → chunks (runs of glyphs with no wide gap).
//!
//! Coordinates are PDF points on the page as displayed, origin top-left, y down.

use crate::normalize::normalize;
use crate::pdf::Glyph;

/// A glyph belongs to a line when its vertical centre is within this share of its size
/// from the line's centre (CJK glyph boxes of one line agree to ~0.1 × size).
const SAME_LINE: f64 = 0.45;
/// A horizontal gap wider than this many font sizes ends a chunk (a table column gap);
/// letter-spaced labels ("本 年 收 入") stay well below it.
pub const CHUNK_GAP: f64 = 0.9;
/// A gap wider than this many font sizes inside a chunk is a space.
const SPACE_GAP: f64 = 0.2;

/// A run of glyphs on one line with no gap wider than [`CHUNK_GAP`].
#[derive(Debug, Clone)]
pub struct Chunk {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Normalised text.
    pub text: String,
    pub size: f64,
    /// Its runs of glyphs set apart by more than a space (`SPACE_GAP`), left to right:
    /// where a table reader may part it in context (two columns' texts printed closer
    /// than [`CHUNK_GAP`]). One piece when nothing sets any apart.
    pub pieces: Vec<Piece>,
}

/// A run of a chunk's glyphs with no gap wider than a space.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub x0: f64,
    pub x1: f64,
    /// Normalised text.
    pub text: String,
}

/// Glyphs sharing a baseline, split into chunks.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub chunks: Vec<Chunk>,
}

impl TextLine {
    /// The whole line's text, chunks joined by a space (normalised).
    pub fn text(&self) -> String {
        let joined: Vec<&str> = self.chunks.iter().map(|c| c.text.as_str()).collect();
        normalize(&joined.join(" "))
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

fn center_y(g: &Glyph) -> f64 {
    (g.y0 + g.y1) / 2.0
}

/// Groups glyphs into lines, top to bottom, each line's chunks left to right.
pub fn text_lines(glyphs: &[&Glyph]) -> Vec<TextLine> {
    let mut sorted: Vec<&Glyph> =
        glyphs.iter().copied().filter(|g| !g.text.trim().is_empty()).collect();
    sorted.sort_by(|a, b| center_y(a).total_cmp(&center_y(b)).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    let mut center = f64::NEG_INFINITY;
    let mut size = 0.0f64;
    for g in sorted {
        let same = (center_y(g) - center).abs() <= SAME_LINE * g.size.max(size).max(1.0);
        match groups.last_mut() {
            Some(line) if same => {
                line.push(g);
                let n = line.len() as f64;
                center += (center_y(g) - center) / n;
                size = size.max(g.size);
            }
            _ => {
                groups.push(vec![g]);
                center = center_y(g);
                size = g.size;
            }
        }
    }
    groups.into_iter().map(line_of).collect()
}

fn line_of(mut glyphs: Vec<&Glyph>) -> TextLine {
    glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut chunks: Vec<(Vec<&Glyph>, String)> = Vec::new();
    let mut last_x1 = f64::NEG_INFINITY;
    for g in glyphs {
        let gap = g.x0 - last_x1;
        let size = g.size.max(1.0);
        match chunks.last_mut() {
            Some((members, text)) if gap <= CHUNK_GAP * size && !figures_apart(text, g, gap) => {
                if gap > SPACE_GAP * size {
                    text.push(' ');
                }
                text.push_str(&g.text);
                members.push(g);
            }
            _ => chunks.push((vec![g], g.text.to_string())),
        }
        last_x1 = last_x1.max(g.x1);
    }
    let chunks: Vec<Chunk> = chunks
        .into_iter()
        .map(|(members, text)| Chunk {
            x0: members.iter().map(|g| g.x0).fold(f64::INFINITY, f64::min),
            y0: members.iter().map(|g| g.y0).fold(f64::INFINITY, f64::min),
            x1: members.iter().map(|g| g.x1).fold(f64::NEG_INFINITY, f64::max),
            y1: members.iter().map(|g| g.y1).fold(f64::NEG_INFINITY, f64::max),
            size: members.iter().map(|g| g.size).fold(0.0, f64::max),
            text: normalize(&text),
            pieces: pieces_of(&members),
        })
        .filter(|c| !c.text.is_empty())
        .collect();
    TextLine {
        x0: chunks.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min),
        y0: chunks.iter().map(|c| c.y0).fold(f64::INFINITY, f64::min),
        x1: chunks.iter().map(|c| c.x1).fold(f64::NEG_INFINITY, f64::max),
        y1: chunks.iter().map(|c| c.y1).fold(f64::NEG_INFINITY, f64::max),
        chunks,
    }
}

/// A chunk's glyphs (left to right) in runs split where a space would be.
fn pieces_of(members: &[&Glyph]) -> Vec<Piece> {
    let mut out: Vec<(f64, f64, String)> = Vec::new();
    for g in members {
        match out.last_mut() {
            Some(p) if g.x0 - p.1 <= SPACE_GAP * g.size.max(1.0) => {
                p.1 = p.1.max(g.x1);
                p.2.push_str(&g.text);
            }
            _ => out.push((g.x0, g.x1, g.text.to_string())),
        }
    }
    out.into_iter()
        .map(|(x0, x1, text)| Piece { x0, x1, text: normalize(&text) })
        .filter(|p| !p.text.is_empty())
        .collect()
}

/// True when a glyph set a space after a figure with decimals starts another figure: two
/// columns of wide figures (thousands separators) printed a space apart, not one text
/// (whatever came before the figure: 合计 8,760.00 1,000.00 is three cells).
fn figures_apart(text: &str, g: &Glyph, gap: f64) -> bool {
    let figure = |t: &str| {
        let t = t.strip_prefix('-').unwrap_or(t);
        let (whole, decimals) = t.split_once('.').unwrap_or((t, ""));
        !whole.is_empty()
            && whole.chars().all(|c| c.is_ascii_digit() || c == ',')
            && whole.starts_with(|c: char| c.is_ascii_digit())
            && !decimals.is_empty()
            && decimals.chars().all(|c| c.is_ascii_digit())
    };
    gap > SPACE_GAP * g.size.max(1.0)
        && g.text.starts_with(|c: char| c.is_ascii_digit() || c == '-')
        && figure(text.rsplit(' ').next().unwrap_or(text))
}

/// Text of glyphs inside one cell: its lines joined (a wrapped cell), normalised.
pub fn cell_text(glyphs: &[&Glyph]) -> String {
    lines_text(&text_lines(glyphs))
}

/// [`cell_text`] of lines already built from a cell's glyphs.
pub fn lines_text(lines: &[TextLine]) -> String {
    let parts: Vec<String> = lines
        .iter()
        .map(|l| {
            let mut s = String::new();
            for (i, c) in l.chunks.iter().enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(&c.text);
            }
            s
        })
        .collect();
    normalize(&parts.join("\n"))
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A line of glyphs at baseline `y`, one per char, `advance` apart, size 10.
    pub fn glyphs(text: &str, x: f64, y: f64, advance: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.into(),
                x0: x + i as f64 * advance,
                x1: x + i as f64 * advance + 10.0,
                y0: y - 8.8,
                y1: y + 1.2,
                size: 10.0,
                upright: true,
                font: 0,
                unmapped: false,
            })
            .collect()
    }

    /// Two figures with decimals a space apart are two columns' cells; a figure whose
    /// thousands are set apart by a space (no decimals before it) stays one.
    #[test]
    fn figures_a_space_apart_are_two_chunks() {
        let g =
            [glyphs("8,760.00", 0.0, 50.0, 10.0), glyphs("1,000.00", 86.0, 50.0, 10.0)].concat();
        let refs: Vec<&Glyph> = g.iter().collect();
        let texts: Vec<String> =
            text_lines(&refs)[0].chunks.iter().map(|c| c.text.clone()).collect();
        assert_eq!(texts, ["8,760.00", "1,000.00"]);
        let g = [glyphs("1", 0.0, 50.0, 10.0), glyphs("234.00", 16.0, 50.0, 10.0)].concat();
        let refs: Vec<&Glyph> = g.iter().collect();
        let texts: Vec<String> =
            text_lines(&refs)[0].chunks.iter().map(|c| c.text.clone()).collect();
        assert_eq!(texts, ["1 234.00"]);
    }

    /// After a label, too: 合计 8,760.00 1,000.00 set a space apart ends two cells' figures.
    #[test]
    fn figures_a_space_apart_after_a_label_are_two_chunks() {
        let g = [
            glyphs("合计", 0.0, 50.0, 10.0),
            glyphs("8,760.00", 25.0, 50.0, 6.0),
            glyphs("1,000.00", 82.0, 50.0, 6.0),
        ]
        .concat();
        let refs: Vec<&Glyph> = g.iter().collect();
        let line = &text_lines(&refs)[0];
        let texts: Vec<&str> = line.chunks.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["合计8,760.00", "1,000.00"]);
        let pieces: Vec<&str> = line.chunks[0].pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(pieces, ["合计", "8,760.00"]);
    }

    #[test]
    fn letter_spaced_label_is_one_chunk_columns_are_not() {
        let mut g = glyphs("本年收入合计", 10.0, 100.0, 15.0);
        g.extend(glyphs("876.00", 200.0, 100.5, 6.0));
        let refs: Vec<&Glyph> = g.iter().collect();
        let lines = text_lines(&refs);
        assert_eq!(lines.len(), 1);
        let texts: Vec<&str> = lines[0].chunks.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["本年收入合计", "876.00"]);
    }

    #[test]
    fn wrapped_cell_lines_are_joined() {
        let mut g = glyphs("工资福利支", 10.0, 100.0, 10.0);
        g.extend(glyphs("出", 10.0, 112.0, 10.0));
        let refs: Vec<&Glyph> = g.iter().collect();
        assert_eq!(cell_text(&refs), "工资福利支出");
    }
}

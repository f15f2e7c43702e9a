//! `inspect --svg`: one self-contained SVG per page (a browser opens it; no rasterizer),
//! drawn in pdfplumber's debug colours: glyph boxes with their text, ruling lines in red
//! (stroked) and orange (thin filled rectangles), each grid's cells in light blue with
//! header rows shaded, each table's outline labelled with its number, kind, reader and
//! title, and a magenta dashed edge where a table goes on over a page break.

use std::fmt::Write;

use super::{Inspection, PageView, PartView};

const GLYPH: &str = "#1f5fbf";
const RULE_STROKED: &str = "#ff0000";
const RULE_FILLED: &str = "#ff8c00";
const CELL: &str = "#add8e6";
const HEADER: &str = "#ffd24d";
const DROPPED: &str = "#bbbbbb";
const RULED_TABLE: &str = "#008000";
const UNRULED_TABLE: &str = "#8b00c8";
const JOIN: &str = "#e000e0";
const CLIPPED: &str = "#999999";

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 forbids most control characters even escaped.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The SVG of one page: the whole page, with the legend at its top right.
pub fn page_svg(page: &PageView) -> String {
    render(page, None, &format!("page {}", page.page))
}

/// The SVGs of one table (1-based `table` as in [`Inspection::tables`]), one per page it
/// is printed on among the inspected pages, each cropped to the table's part with a margin:
/// `(page, svg)`. For showing a table's source beside its grid (the `serve` page).
pub fn table_svgs(ins: &Inspection, table: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for page in &ins.pages {
        for part in page.tables.iter().filter(|p| p.table == table) {
            let margin = 24.0;
            let crop = (
                (part.x0 - margin).max(0.0),
                (part.y0 - margin).max(0.0),
                (part.x1 + margin).min(page.width),
                (part.y1 + margin).min(page.height),
            );
            let title = format!("table {table}, page {}", page.page);
            out.push((page.page, render(page, Some(crop), &title)));
        }
    }
    out
}

fn render(page: &PageView, crop: Option<(f64, f64, f64, f64)>, title: &str) -> String {
    let (vx, vy, vw, vh) = match crop {
        Some((x0, y0, x1, y1)) => (x0, y0, (x1 - x0).max(1.0), (y1 - y0).max(1.0)),
        None => (0.0, 0.0, page.width.max(1.0), page.height.max(1.0)),
    };
    // The legend stands in a margin right of the page, never over it.
    let scale = (vw / 600.0).clamp(0.6, 1.5);
    let (legend_w, legend_h) = (LEGEND_WIDTH * scale, LEGEND_ROW * (LEGEND_ROWS + 1.0) * scale);
    let (tw, th) = (vw + legend_w + 8.0 * scale, vh.max(legend_h + 8.0 * scale));
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vx:.2} {vy:.2} {tw:.2} {th:.2}" width="{w:.0}" height="{h:.0}" font-family="sans-serif">"#,
        w = tw * 1.5,
        h = th * 1.5
    );
    let _ = writeln!(s, "<title>{}</title>", esc(title));
    let _ = writeln!(
        s,
        r#"<rect x="{vx:.2}" y="{vy:.2}" width="{vw:.2}" height="{vh:.2}" fill="white"/>"#
    );
    s.push_str("<g id=\"cells\">\n");
    for part in &page.tables {
        cells(&mut s, part);
    }
    s.push_str("</g>\n<g id=\"rules\">\n");
    for r in &page.rules {
        let colour = if r.filled { RULE_FILLED } else { RULE_STROKED };
        let _ = writeln!(
            s,
            r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{colour}" stroke-width="{:.2}"/>"#,
            r.x0,
            r.y0,
            r.x1,
            r.y1,
            r.width.clamp(0.3, 2.0)
        );
    }
    s.push_str("</g>\n<g id=\"glyphs\">\n");
    for g in &page.glyphs {
        let (w, h) = ((g.x1 - g.x0).max(0.0), (g.y1 - g.y0).max(0.0));
        let colour = if g.unmapped { RULE_STROKED } else { GLYPH };
        let _ = writeln!(
            s,
            r#"<rect x="{:.2}" y="{:.2}" width="{w:.2}" height="{h:.2}" fill="none" stroke="{colour}" stroke-width="0.2" stroke-opacity="0.6"/>"#,
            g.x0, g.y0
        );
        if !g.text.trim().is_empty() {
            let _ = writeln!(
                s,
                r#"<text x="{:.2}" y="{:.2}" font-size="{:.2}" fill="{colour}">{}</text>"#,
                g.x0,
                g.y1 - 0.12 * g.size,
                g.size * 0.9,
                esc(&g.text)
            );
        }
    }
    s.push_str("</g>\n<g id=\"clipped\">\n");
    for g in &page.clipped {
        let _ = writeln!(
            s,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="{CLIPPED}" stroke-width="0.3" stroke-dasharray="1 1"><title>clipped: {}</title></rect>"#,
            g.x0,
            g.y0,
            (g.x1 - g.x0).max(0.0),
            (g.y1 - g.y0).max(0.0),
            esc(&g.text)
        );
    }
    s.push_str("</g>\n<g id=\"tables\">\n");
    for part in &page.tables {
        outline(&mut s, part);
    }
    s.push_str("</g>\n");
    legend(&mut s, vx + vw + 4.0 * scale, vy, scale);
    s.push_str("</svg>\n");
    s
}

fn cells(s: &mut String, part: &PartView) {
    for c in &part.cells {
        let fill = match c.role {
            "header" => HEADER,
            "body" => CELL,
            _ => DROPPED,
        };
        let _ = writeln!(
            s,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{fill}" fill-opacity="0.35" stroke="{CELL}" stroke-width="0.4"><title>table {} row {} col {}{}: {}</title></rect>"#,
            c.x0,
            c.y0,
            (c.x1 - c.x0).max(0.0),
            (c.y1 - c.y0).max(0.0),
            part.table,
            c.row,
            c.col,
            c.table_row.map_or(String::new(), |r| format!(" (rows[{r}])")),
            esc(&c.text)
        );
    }
}

fn outline(s: &mut String, part: &PartView) {
    let (colour, dash) = if part.reader == "ruled" {
        (RULED_TABLE, "")
    } else {
        (UNRULED_TABLE, r#" stroke-dasharray="6 3""#)
    };
    let _ = writeln!(
        s,
        r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="{colour}" stroke-width="1.5"{dash}/>"#,
        part.x0,
        part.y0,
        (part.x1 - part.x0).max(0.0),
        (part.y1 - part.y0).max(0.0)
    );
    let number = part.number.map_or(String::new(), |n| format!(" 表{n}"));
    let mut label = format!(
        "T{}{number} {} · {} · {}/{} · {}",
        part.table, part.kind, part.reader, part.part, part.parts, part.title
    );
    if let Some(p) = part.continued_from {
        label.push_str(&format!(" · continued from p.{p}"));
    }
    let y = if part.y0 > 10.0 { part.y0 - 2.5 } else { part.y0 + 8.0 };
    let _ = writeln!(
        s,
        r#"<text x="{:.2}" y="{y:.2}" font-size="7" fill="{colour}" font-weight="bold" stroke="white" stroke-width="2" paint-order="stroke">{}</text>"#,
        part.x0,
        esc(&label)
    );
    // Rows joined over a page break: the edge where the table goes on.
    if part.continued_from.is_some() {
        join(s, part.x0, part.x1, part.y0, "↑ rows joined to the page before");
    }
    if part.continues_on.is_some() {
        join(s, part.x0, part.x1, part.y1, "↓ rows go on on the next page");
    }
}

fn join(s: &mut String, x0: f64, x1: f64, y: f64, label: &str) {
    let _ = writeln!(
        s,
        r#"<line x1="{x0:.2}" y1="{y:.2}" x2="{x1:.2}" y2="{y:.2}" stroke="{JOIN}" stroke-width="2" stroke-dasharray="4 2"/><text x="{:.2}" y="{:.2}" font-size="6" fill="{JOIN}" text-anchor="end">{label}</text>"#,
        x1 - 2.0,
        y + 7.0
    );
}

const LEGEND_WIDTH: f64 = 165.0;
const LEGEND_ROW: f64 = 9.0;
const LEGEND_ROWS: f64 = 11.0;

/// The legend, its top-left corner at (`left`, `top`).
fn legend(s: &mut String, left: f64, top: f64, scale: f64) {
    let entries: [(&str, &str, &str); 11] = [
        ("box", GLYPH, "glyph (box and text)"),
        ("box", RULE_STROKED, "glyph with no Unicode mapping"),
        ("line", RULE_STROKED, "ruling line, stroked"),
        ("line", RULE_FILLED, "ruling line, filled rectangle"),
        ("fill", CELL, "cell (body row)"),
        ("fill", HEADER, "cell (header row)"),
        ("fill", DROPPED, "cell (dropped row: empty or repeated header)"),
        ("line", RULED_TABLE, "table outline, ruled reader"),
        ("line", UNRULED_TABLE, "table outline, unruled reader (dashed)"),
        ("line", JOIN, "rows joined over a page break"),
        ("box", CLIPPED, "glyph hidden by clipping (not read)"),
    ];
    let (w, row) = (LEGEND_WIDTH * scale, LEGEND_ROW * scale);
    let (x, y) = (left, top + 4.0 * scale);
    let h = row * (entries.len() as f64 + 1.0) + 4.0 * scale;
    let _ = writeln!(
        s,
        r##"<g id="legend" font-size="{:.2}"><rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="white" fill-opacity="0.9" stroke="#555" stroke-width="0.3"/>"##,
        6.0 * scale
    );
    for (i, (shape, colour, text)) in entries.iter().enumerate() {
        let cy = y + row * (i as f64 + 1.0);
        let sx = x + 4.0 * scale;
        match *shape {
            "box" => {
                let _ = write!(
                    s,
                    r#"<rect x="{sx:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="{colour}" stroke-width="0.5"/>"#,
                    cy - 5.0 * scale,
                    10.0 * scale,
                    6.0 * scale
                );
            }
            "fill" => {
                let _ = write!(
                    s,
                    r#"<rect x="{sx:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{colour}" fill-opacity="0.5" stroke="{CELL}" stroke-width="0.4"/>"#,
                    cy - 5.0 * scale,
                    10.0 * scale,
                    6.0 * scale
                );
            }
            _ => {
                let _ = write!(
                    s,
                    r#"<line x1="{sx:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{colour}" stroke-width="1.5"/>"#,
                    cy - 2.0 * scale,
                    sx + 10.0 * scale,
                    cy - 2.0 * scale
                );
            }
        }
        let _ =
            writeln!(s, r#"<text x="{:.2}" y="{cy:.2}">{}</text>"#, sx + 14.0 * scale, esc(text));
    }
    s.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;\u{FFFD}");
    }
}

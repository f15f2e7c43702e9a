//! `inspect --text`: per page, the text lines with their boxes, font and size, then the
//! table parts on the page.

use std::fmt::Write;

use super::Inspection;

/// The text report of an inspection: a line's chunks (runs split at column-sized gaps) are
/// shown apart, ` | ` between them. Glyphs with no Unicode mapping show as `�` (what the
/// table readers see) and their line is flagged.
pub fn render_text(ins: &Inspection) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({} pages)", ins.file, ins.page_count);
    for page in &ins.pages {
        let _ = writeln!(
            out,
            "\n== page {} ({:.0} x {:.0} pt; fonts: {}) ==",
            page.page,
            page.width,
            page.height,
            if page.fonts.is_empty() { "none".to_string() } else { page.fonts.join(", ") }
        );
        if page.lines.is_empty() {
            let _ = writeln!(out, "(no text: a scan or a blank page)");
        }
        let _ = writeln!(
            out,
            "{:>7} {:>7} {:>7} {:>7}  {:<24} {:>5}  text",
            "x0", "y0", "x1", "y1", "font", "size"
        );
        for l in &page.lines {
            let _ = write!(
                out,
                "{:>7.1} {:>7.1} {:>7.1} {:>7.1}  {:<24} {:>5.1}  {}",
                l.x0,
                l.y0,
                l.x1,
                l.y1,
                l.font,
                l.size,
                l.chunks.join(" | ")
            );
            if l.unmapped > 0 {
                let _ = write!(out, "  [! {} glyph(s) with no Unicode mapping: �]", l.unmapped);
            }
            out.push('\n');
        }
        if !page.clipped.is_empty() {
            let hidden: String = page.clipped.iter().map(|g| g.text.as_str()).collect();
            let shown: String = hidden.chars().take(60).collect();
            let more = if hidden.chars().count() > 60 { "…" } else { "" };
            let _ = writeln!(
                out,
                "(not read: {} glyph(s) drawn outside the clipping path, invisible: {shown}{more})",
                page.clipped.len()
            );
        }
        for t in &page.tables {
            let number = t.number.map_or(String::new(), |n| format!(" 表{n}"));
            let _ = writeln!(
                out,
                "-- table {}{number} {} ({} reader, part {}/{}, box {:.1} {:.1} {:.1} {:.1}): {}",
                t.table, t.kind, t.reader, t.part, t.parts, t.x0, t.y0, t.x1, t.y1, t.title
            );
            if let Some(p) = t.continued_from {
                let _ = writeln!(out, "   first row continues the table from page {p}");
            }
            if let Some(p) = t.continues_on {
                let _ = writeln!(out, "   goes on on page {p}");
            }
            let header = t.cells.iter().filter(|c| c.role == "header").count();
            let body = t.cells.iter().filter(|c| c.role == "body").count();
            let _ = writeln!(
                out,
                "   {} cells ({} header, {} body, {} dropped)",
                t.cells.len(),
                header,
                body,
                t.cells.len() - header - body
            );
        }
    }
    out
}

//! Clean-up of one page's raw output: marks outside the visible page are dropped, lines are
//! clipped to it, and fake bold (the same glyph drawn again a fraction of a point away) is
//! kept once.

use super::{FastMap, Glyph, RulingLine};

/// Two draws of the same text whose origins differ by at most this are one glyph drawn
/// twice for fake bold (points; WPS offsets by 0.2–0.5pt).
const FAKE_BOLD_EPS: f64 = 1.0;
/// Marks this far outside the page box still count as on the page (points).
const PAGE_MARGIN: f64 = 1.0;

/// Removes fake-bold duplicates, keeping the first draw of each glyph.
pub(crate) fn remove_fake_bold(glyphs: Vec<Glyph>) -> Vec<Glyph> {
    let cell = |v: f64| (v / FAKE_BOLD_EPS).floor() as i64;
    // Grid cell of a glyph origin → the last kept glyph in it; `chain[k]` is the kept glyph
    // before `k` in the same cell. One map entry per cell and no list per cell: this runs
    // for every glyph of every page.
    let mut grid: FastMap<(i64, i64), usize> = FastMap::default();
    grid.reserve(glyphs.len());
    let mut chain: Vec<usize> = Vec::with_capacity(glyphs.len());
    let mut kept: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        let (cx, cy) = (cell(g.x0), cell(g.y0));
        let mut duplicate = false;
        'search: for dx in -1..=1 {
            for dy in -1..=1 {
                let mut next = grid.get(&(cx + dx, cy + dy)).copied();
                while let Some(k) = next {
                    let Some(o) = kept.get(k) else { break };
                    if (o.x0 - g.x0).abs() <= FAKE_BOLD_EPS
                        && (o.y0 - g.y0).abs() <= FAKE_BOLD_EPS
                        && o.text == g.text
                    {
                        duplicate = true;
                        break 'search;
                    }
                    next = chain.get(k).copied().filter(|&p| p != k);
                }
            }
        }
        if !duplicate {
            let k = kept.len();
            let previous = grid.insert((cx, cy), k).unwrap_or(k);
            chain.push(previous);
            kept.push(g);
        }
    }
    kept
}

/// Keeps glyphs whose centre lies on the page.
pub(crate) fn on_page_glyphs(glyphs: Vec<Glyph>, width: f64, height: f64) -> Vec<Glyph> {
    glyphs
        .into_iter()
        .filter(|g| {
            let (cx, cy) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
            (-PAGE_MARGIN..=width + PAGE_MARGIN).contains(&cx)
                && (-PAGE_MARGIN..=height + PAGE_MARGIN).contains(&cy)
        })
        .collect()
}

/// Clips lines to the page and drops those entirely outside it.
pub(crate) fn on_page_lines(lines: Vec<RulingLine>, width: f64, height: f64) -> Vec<RulingLine> {
    lines
        .into_iter()
        .filter_map(|mut l| {
            if l.x1 < -PAGE_MARGIN
                || l.x0 > width + PAGE_MARGIN
                || l.y1 < -PAGE_MARGIN
                || l.y0 > height + PAGE_MARGIN
            {
                return None;
            }
            l.x0 = l.x0.clamp(0.0, width);
            l.x1 = l.x1.clamp(0.0, width);
            l.y0 = l.y0.clamp(0.0, height);
            l.y1 = l.y1.clamp(0.0, height);
            Some(l)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            y0: y,
            x1: x + 10.0,
            y1: y + 10.0,
            size: 10.0,
            upright: true,
            font: 0,
            unmapped: false,
        }
    }

    #[test]
    fn fake_bold_is_kept_once() {
        let glyphs = vec![
            glyph("收", 100.0, 100.0),
            glyph("收", 100.3, 100.2),
            glyph("收", 110.0, 100.0),
            glyph("支", 100.2, 100.0),
        ];
        let kept = remove_fake_bold(glyphs);
        assert_eq!(kept.len(), 3);
    }

    #[test]
    fn off_page_marks_go() {
        let kept =
            on_page_glyphs(vec![glyph("a", 10.0, 10.0), glyph("b", -50.0, 10.0)], 100.0, 100.0);
        assert_eq!(kept.len(), 1);
        let lines = vec![
            RulingLine { x0: -10.0, y0: 5.0, x1: 150.0, y1: 5.0, width: 1.0, filled: false },
            RulingLine { x0: 200.0, y0: 5.0, x1: 300.0, y1: 5.0, width: 1.0, filled: false },
        ];
        let lines = on_page_lines(lines, 100.0, 100.0);
        assert_eq!(
            lines,
            vec![RulingLine { x0: 0.0, y0: 5.0, x1: 100.0, y1: 5.0, width: 1.0, filled: false }]
        );
    }
}

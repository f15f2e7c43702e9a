//! Paths → ruling lines. Points are stored in display space (transformed by the CTM when the
//! path is built, as PDF 32000 §8.5.2 prescribes). Stroked straight segments that are
//! horizontal or vertical become lines; so do thin filled rectangles, which is how WPS and
//! Excel draw cell borders.

use super::geometry::Matrix;
use super::RulingLine;

/// A segment whose ends differ by less than this across its direction counts as axis-aligned
/// (points; covers rounding in Excel/WPS output).
const AXIS_EPS: f64 = 0.5;
/// A filled rectangle thinner than this is a border line, not a shaded cell (points; WPS
/// borders are 0.5–1pt rectangles).
const THIN_FILL: f64 = 2.0;
/// Segments shorter than this are dots, not lines (points).
const MIN_LENGTH: f64 = 0.1;

/// One subpath: `points[start..end]` of the builder, at least two points.
#[derive(Debug, Clone, Copy)]
struct Subpath {
    start: usize,
    end: usize,
    closed: bool,
}

/// The path under construction. Every subpath's points live in one buffer, kept from path
/// to path, so building a path allocates nothing once the buffers have grown (a ruled page
/// draws thousands of short paths).
#[derive(Debug, Default)]
pub(crate) struct PathBuilder {
    points: Vec<(f64, f64)>,
    /// `straight[i]`: the segment ending at `points[i]` is a line, not a curve (unused for
    /// the first point of a subpath).
    straight: Vec<bool>,
    done: Vec<Subpath>,
    /// Where the current subpath starts in `points`.
    start: usize,
    closed: bool,
}

impl PathBuilder {
    pub fn move_to(&mut self, m: &Matrix, x: f64, y: f64) {
        self.flush();
        self.point(m.apply(x, y), true);
    }

    pub fn line_to(&mut self, m: &Matrix, x: f64, y: f64) {
        self.point(m.apply(x, y), true);
    }

    /// A curve: only moves the current point.
    pub fn curve_to(&mut self, m: &Matrix, x: f64, y: f64) {
        self.point(m.apply(x, y), false);
    }

    /// A segment with no current point starts a subpath there.
    fn point(&mut self, p: (f64, f64), straight: bool) {
        self.points.push(p);
        self.straight.push(straight);
    }

    pub fn close(&mut self) {
        self.closed = true;
        let start = self.points.get(self.start).copied();
        self.flush();
        // After `h` the current point is the start of the closed subpath.
        if let Some(p) = start {
            self.point(p, true);
        }
    }

    pub fn rect(&mut self, m: &Matrix, x: f64, y: f64, w: f64, h: f64) {
        self.flush();
        for p in [m.apply(x, y), m.apply(x + w, y), m.apply(x + w, y + h), m.apply(x, y + h)] {
            self.point(p, true);
        }
        self.closed = true;
        self.flush();
    }

    /// Ends the current subpath; one of a single point is dropped.
    fn flush(&mut self) {
        let end = self.points.len();
        if end - self.start > 1 {
            self.done.push(Subpath { start: self.start, end, closed: self.closed });
        } else {
            self.points.truncate(self.start);
            self.straight.truncate(self.start);
        }
        self.start = self.points.len();
        self.closed = false;
    }

    /// Straight segments of `sub`, including the closing one.
    fn segments(&self, sub: Subpath) -> impl Iterator<Item = ((f64, f64), (f64, f64))> + '_ {
        let pts = &self.points[sub.start..sub.end]; // ok: subpaths lie inside `points`
        let straight = &self.straight[sub.start..sub.end];
        let open = pts
            .windows(2)
            .zip(&straight[1..]) // ok: a subpath has at least two points
            .filter(|(_, s)| **s)
            .map(|(w, _)| (w[0], w[1])); // ok: windows(2) yields slices of exactly two
        let closing = match (sub.closed, pts.first(), pts.last()) {
            (true, Some(a), Some(b)) if pts.len() > 2 => Some((*b, *a)),
            _ => None,
        };
        open.chain(closing)
    }

    /// Paints the path: `stroke` / `fill` say which, `close` whether it is closed first
    /// (`s`, `b`, `b*`, and fills). `stroke_width` is the line width in display space;
    /// `None` means "invisible stroke".
    pub fn paint(
        &mut self,
        stroke: Option<f64>,
        fill: bool,
        close: bool,
        out: &mut Vec<RulingLine>,
    ) {
        self.flush();
        if close {
            self.done.iter_mut().for_each(|s| s.closed = true);
        }
        if let Some(width) = stroke {
            for &sub in &self.done {
                for (a, b) in self.segments(sub) {
                    push_segment(a, b, width, out);
                }
            }
        }
        if fill {
            for sub in &self.done {
                let range = sub.start..sub.end;
                // ok: subpaths lie inside `points`, and have at least two points
                if let Some(line) =
                    thin_rectangle(&self.points[range.clone()], &self.straight[range][1..])
                {
                    out.push(line);
                }
            }
        }
        self.clear();
    }

    /// Bounding box `(x0, y0, x1, y1)` of the path so far, for clipping.
    pub fn bbox(&self) -> Option<(f64, f64, f64, f64)> {
        let (x0, x1) = min_max(self.points.iter().map(|p| p.0));
        let (y0, y1) = min_max(self.points.iter().map(|p| p.1));
        (x0 <= x1 && y0 <= y1).then_some((x0, y0, x1, y1))
    }

    /// Discards the path (`n`, or after clipping), keeping the buffers.
    pub fn clear(&mut self) {
        self.points.clear();
        self.straight.clear();
        self.done.clear();
        self.start = 0;
        self.closed = false;
    }
}

fn push_segment(a: (f64, f64), b: (f64, f64), width: f64, out: &mut Vec<RulingLine>) {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dx.max(dy) < MIN_LENGTH {
        return;
    }
    if dy <= AXIS_EPS && dx > dy {
        let y = (a.1 + b.1) / 2.0;
        out.push(RulingLine {
            x0: a.0.min(b.0),
            y0: y,
            x1: a.0.max(b.0),
            y1: y,
            width,
            filled: false,
        });
    } else if dx <= AXIS_EPS && dy > dx {
        let x = (a.0 + b.0) / 2.0;
        out.push(RulingLine {
            x0: x,
            y0: a.1.min(b.1),
            x1: x,
            y1: a.1.max(b.1),
            width,
            filled: false,
        });
    }
}

/// Most points a filled polygon may have and still be read as a border band.
const MAX_BAND_POINTS: usize = 8;

/// A filled polygon whose bounding box is thinner than [`THIN_FILL`] (a rectangle, or the
/// mitred trapezoids WPS and Microsoft Office draw at cell corners), as the line along the
/// middle of the box.
fn thin_rectangle(pts: &[(f64, f64)], straight: &[bool]) -> Option<RulingLine> {
    if pts.len() < 3 || pts.len() > MAX_BAND_POINTS || straight.iter().any(|s| !s) {
        return None;
    }
    let (x0, x1) = min_max(pts.iter().map(|p| p.0));
    let (y0, y1) = min_max(pts.iter().map(|p| p.1));
    let (w, h) = (x1 - x0, y1 - y0);
    if w >= h && h < THIN_FILL && w >= MIN_LENGTH {
        let y = (y0 + y1) / 2.0;
        Some(RulingLine { x0, y0: y, x1, y1: y, width: h, filled: true })
    } else if h > w && w < THIN_FILL && h >= MIN_LENGTH {
        let x = (x0 + x1) / 2.0;
        Some(RulingLine { x0: x, y0, x1: x, y1, width: w, filled: true })
    } else {
        None
    }
}

fn min_max(it: impl Iterator<Item = f64>) -> (f64, f64) {
    it.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: Matrix = Matrix::IDENTITY;

    #[test]
    fn stroked_rectangle_gives_four_edges() {
        let mut p = PathBuilder::default();
        p.rect(&ID, 10.0, 10.0, 100.0, 20.0);
        let mut out = Vec::new();
        p.paint(Some(0.5), false, false, &mut out);
        assert_eq!(out.len(), 4);
        assert!(out.iter().all(|l| l.x0 <= l.x1 && l.y0 <= l.y1 && l.width == 0.5));
    }

    #[test]
    fn thin_fill_is_a_line_and_thick_fill_is_not() {
        let mut p = PathBuilder::default();
        p.rect(&ID, 10.0, 50.0, 200.0, 0.75);
        p.rect(&ID, 10.0, 100.0, 200.0, 30.0);
        let mut out = Vec::new();
        p.paint(None, true, true, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].width, 0.75);
        assert!((out[0].y0 - 50.375).abs() < 1e-9);
    }

    #[test]
    fn mitred_trapezoid_fill_is_a_line() {
        // renwu_100 (Guangzhou): borders are filled trapezoids `m l l l h f`.
        let mut p = PathBuilder::default();
        p.move_to(&ID, 798.0, 42.41);
        p.line_to(&ID, 42.0, 42.41);
        p.line_to(&ID, 42.0, 43.16);
        p.line_to(&ID, 797.25, 43.16);
        p.close();
        let mut out = Vec::new();
        p.paint(None, true, false, &mut out);
        assert_eq!(out.len(), 1);
        assert!((out[0].width - 0.75).abs() < 1e-9 && out[0].x0 == 42.0 && out[0].x1 == 798.0);
    }

    #[test]
    fn diagonal_and_curve_segments_are_not_lines() {
        let mut p = PathBuilder::default();
        p.move_to(&ID, 0.0, 0.0);
        p.line_to(&ID, 50.0, 50.0);
        p.curve_to(&ID, 100.0, 50.0);
        p.line_to(&ID, 200.0, 50.0);
        let mut out = Vec::new();
        p.paint(Some(1.0), false, false, &mut out);
        assert_eq!(
            out,
            vec![RulingLine {
                x0: 100.0,
                y0: 50.0,
                x1: 200.0,
                y1: 50.0,
                width: 1.0,
                filled: false
            }]
        );
    }

    #[test]
    fn closing_segment_is_stroked() {
        let mut p = PathBuilder::default();
        p.move_to(&ID, 0.0, 0.0);
        p.line_to(&ID, 100.0, 0.0);
        p.line_to(&ID, 100.0, 100.0);
        let mut out = Vec::new();
        p.paint(Some(1.0), false, true, &mut out);
        assert_eq!(out.len(), 2); // the diagonal closing segment is dropped
        p.move_to(&ID, 0.0, 0.0);
        p.line_to(&ID, 0.0, 100.0);
        p.line_to(&ID, 100.0, 100.0);
        p.close();
        out.clear();
        p.paint(Some(1.0), false, false, &mut out);
        assert_eq!(out.len(), 2);
    }
}

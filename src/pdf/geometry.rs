//! Affine matrices in PDF convention (`[a b c d e f]`, row vectors: `p' = p × M`) and the
//! page transform from user space to display space (top-left origin, y down).

/// A PDF transformation matrix `[a b c d e f]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Matrix {
    pub const IDENTITY: Matrix = Matrix { a: 1.0, b: 0.0, c: 0.0, d: 1.0, e: 0.0, f: 0.0 };

    pub fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }

    pub fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix::new(1.0, 0.0, 0.0, 1.0, tx, ty)
    }

    /// `self × other`: apply `self` first, then `other`.
    pub fn then(&self, o: &Matrix) -> Matrix {
        Matrix {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)
    }

    /// Transforms a direction (no translation).
    pub fn apply_vector(&self, x: f64, y: f64) -> (f64, f64) {
        (self.a * x + self.c * y, self.b * x + self.d * y)
    }

    /// Mean scale factor, used to scale line widths: `sqrt(|det|)`.
    pub fn scale(&self) -> f64 {
        (self.a * self.d - self.b * self.c).abs().sqrt()
    }

    pub fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f].iter().all(|v| v.is_finite())
    }
}

/// The visible page rectangle in user space and its display rotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PageBox {
    pub llx: f64,
    pub lly: f64,
    pub urx: f64,
    pub ury: f64,
    /// 0, 90, 180 or 270 (clockwise, as `/Rotate`).
    pub rotate: u16,
}

impl PageBox {
    /// Width and height as displayed.
    pub fn display_size(&self) -> (f64, f64) {
        let (w, h) = (self.urx - self.llx, self.ury - self.lly);
        if self.rotate % 180 == 90 {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// User space → display space (origin top-left, y down, rotation applied).
    pub fn device_matrix(&self) -> Matrix {
        let PageBox { llx, lly, urx, ury, .. } = *self;
        match self.rotate {
            90 => Matrix::new(0.0, 1.0, 1.0, 0.0, -lly, -llx),
            180 => Matrix::new(-1.0, 0.0, 0.0, 1.0, urx, -lly),
            270 => Matrix::new(0.0, -1.0, -1.0, 0.0, ury, urx),
            _ => Matrix::new(1.0, 0.0, 0.0, -1.0, -llx, ury),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn then_applies_left_first() {
        let m = Matrix::translate(10.0, 0.0).then(&Matrix::new(2.0, 0.0, 0.0, 2.0, 0.0, 0.0));
        assert!(close(m.apply(1.0, 1.0), (22.0, 2.0)));
    }

    #[test]
    fn rotate_90_turns_portrait_into_landscape() {
        let b = PageBox { llx: 0.0, lly: 0.0, urx: 595.0, ury: 842.0, rotate: 90 };
        assert_eq!(b.display_size(), (842.0, 595.0));
        let m = b.device_matrix();
        // The user-space bottom-left corner is displayed at the top-left.
        assert!(close(m.apply(0.0, 0.0), (0.0, 0.0)));
        // The user-space top-left corner is displayed at the top-right.
        assert!(close(m.apply(0.0, 842.0), (842.0, 0.0)));
        assert!(close(m.apply(595.0, 0.0), (0.0, 595.0)));
    }

    #[test]
    fn rotate_0_flips_y_and_moves_origin() {
        let b = PageBox { llx: 10.0, lly: 20.0, urx: 110.0, ury: 220.0, rotate: 0 };
        let m = b.device_matrix();
        assert!(close(m.apply(10.0, 220.0), (0.0, 0.0)));
        assert!(close(m.apply(110.0, 20.0), (100.0, 200.0)));
    }

    #[test]
    fn rotate_180_and_270_map_corners_inside_the_page() {
        for rotate in [180, 270] {
            let b = PageBox { llx: 0.0, lly: 0.0, urx: 600.0, ury: 800.0, rotate };
            let (w, h) = b.display_size();
            let m = b.device_matrix();
            for (x, y) in [(0.0, 0.0), (600.0, 0.0), (0.0, 800.0), (600.0, 800.0)] {
                let (dx, dy) = m.apply(x, y);
                assert!((-1e-9..=w + 1e-9).contains(&dx) && (-1e-9..=h + 1e-9).contains(&dy));
            }
        }
    }
}

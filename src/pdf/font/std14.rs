//! Approximate widths (1/1000 em) for fonts that give none: the standard 14 fonts' Latin
//! metrics for ASCII, half an em for other Latin, a full em for CJK.

#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

#[rustfmt::skip]
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

/// Width of a character in a font called `base_font` that has no width for it.
pub(crate) fn approx_width(base_font: &str, text: &str) -> f64 {
    let Some(c) = text.chars().next() else {
        return 500.0;
    };
    let lower = base_font.to_ascii_lowercase();
    if lower.contains("courier") || lower.contains("mono") {
        return 600.0;
    }
    if c.is_ascii() {
        let idx = (u32::from(c).saturating_sub(32)) as usize;
        let table = if lower.contains("times") || lower.contains("roman") || lower.contains("serif")
        {
            &TIMES
        } else {
            &HELVETICA
        };
        return table.get(idx).map_or(500.0, |w| f64::from(*w));
    }
    if is_wide(c) {
        1000.0
    } else {
        500.0
    }
}

/// CJK, full-width and other characters drawn one em wide.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x11FF | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(approx_width("Helvetica", "A"), 667.0);
        assert_eq!(approx_width("TimesNewRomanPSMT", "1"), 500.0);
        assert_eq!(approx_width("Courier", "i"), 600.0);
        assert_eq!(approx_width("SimSun", "收"), 1000.0);
        assert_eq!(approx_width("Arial", ""), 500.0);
    }
}

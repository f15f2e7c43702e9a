//! Indentation → hierarchy levels, for tables that print 类/款/项 as names alone.
//!
//! In: the indents (from the PDF layout, in font sizes) of one label column's cells, in row
//! order, `None` for a 合计 line. Out: each row's level, 1 = outermost, when the indents draw
//! a hierarchy: two to [`MAX_LEVELS`] clearly separated steps, each tight (left-aligned
//! text), and no line more than one step deeper than the line above it (a line after a 合计
//! is at level 1). Centred, ragged or flat columns get none.

use crate::contract::Indent;

/// Indents closer than this (font sizes) are one step. renwu_123 表1 prints 一、财政拨款
/// half a character right of 二、财政专户管理资金 at the same level; its steps are one
/// character (表3) to three and a half (表1 收入).
const STEP: f64 = 0.75;
/// One step's indents spread at most this much (font sizes); centred text spreads more.
const SPREAD: f64 = 0.6;
/// More distinct steps than this are not a hierarchy (类/款/项 and a line under 项).
const MAX_LEVELS: usize = 4;

/// The level of each indent's row, or nothing when the indents draw no hierarchy.
pub fn levels(column: &[Option<Indent>]) -> Vec<(usize, u8)> {
    let indents: Vec<&Indent> = column.iter().flatten().collect();
    // Names centred in merged cells (jsob_006 表2: 政府性基金 under 一般公共预算资金) step
    // by their length, not their depth.
    let centred = indents.iter().filter(|i| i.left > STEP && (i.left - i.right).abs() <= SPREAD);
    if centred.count() * 2 >= indents.len() {
        return Vec::new();
    }
    let mut sorted: Vec<f64> = indents.iter().map(|i| i.left).collect();
    sorted.sort_by(f64::total_cmp);
    // Steps as (first, last) indent, left to right.
    let mut steps: Vec<(f64, f64)> = Vec::new();
    for left in sorted {
        match steps.last_mut() {
            Some((_, last)) if left - *last <= STEP => *last = left,
            _ => steps.push((left, left)),
        }
    }
    let tight = steps.iter().all(|(first, last)| last - first <= SPREAD);
    if steps.len() < 2 || steps.len() > MAX_LEVELS || !tight {
        return Vec::new();
    }
    let level_of = |left: f64| steps.iter().position(|(_, last)| left <= *last).unwrap_or(0) + 1;
    let mut out = Vec::with_capacity(indents.len());
    let mut above = 0;
    for line in column {
        let Some(i) = line else {
            above = 0;
            continue;
        };
        let level = level_of(i.left);
        // A line is at most one step under the line above it (a 项 follows its 款).
        if level > above + 1 {
            return Vec::new();
        }
        above = level;
        out.push((i.row, u8::try_from(level).unwrap_or(u8::MAX)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Left-aligned names in a column 20 characters wide, each 6 characters long.
    fn levels_of(lefts: &[f64]) -> Vec<u8> {
        let column: Vec<Option<Indent>> = lefts
            .iter()
            .enumerate()
            .map(|(row, &left)| {
                (left >= 0.0).then_some(Indent { row, col: 0, left, right: 14.0 - left })
            })
            .collect();
        levels(&column).into_iter().map(|(_, l)| l).collect()
    }

    #[test]
    fn one_character_steps_are_levels() {
        // renwu_123 表3: 一般公共服务支出, 社会工作事务, 其他社会工作事务支出, 其他一般公共服务支出,
        // 其他一般公共服务支出, 公共安全支出, 司法.
        assert_eq!(levels_of(&[0.4, 1.4, 2.4, 1.4, 2.4, 0.4, 1.4]), [1, 2, 3, 2, 3, 1, 2]);
    }

    #[test]
    fn half_a_character_is_the_same_level() {
        // renwu_123 表1 收入: 一、财政拨款 0.5 right of the other 一、… lines.
        assert_eq!(levels_of(&[0.5, 4.0, 4.0, 0.0, 0.0]), [1, 2, 2, 1, 1]);
    }

    #[test]
    fn flat_centred_and_jumping_columns_have_no_levels() {
        assert!(levels_of(&[0.2, 0.2, 0.2]).is_empty(), "flat");
        // Centred names of different lengths: indents in half-character steps.
        assert!(levels_of(&[3.0, 2.5, 2.0, 1.5, 4.0, 3.5]).is_empty(), "centred");
        // A line two steps under the one above is no hierarchy.
        assert!(levels_of(&[0.0, 2.0, 1.0]).is_empty(), "jump");
        assert!(levels_of(&[0.0, 1.0, 2.0, 3.0, 4.0]).is_empty(), "too many steps");
    }

    #[test]
    fn a_line_after_a_total_starts_at_the_outermost_level() {
        // -1: a 合计 line. renwu_065 表1: 上年结余、结转 over 1.财政拨款结余、结转 after 本年收入合计.
        assert_eq!(levels_of(&[0.0, 1.0, -1.0, 0.0, 1.0]), [1, 2, 1, 2]);
        // jsob_006 表1: 结转下年资金 alone, further right, after 当年支出小计: no hierarchy.
        assert!(levels_of(&[0.0, 0.0, 0.0, -1.0, 7.0]).is_empty());
    }

    #[test]
    fn names_centred_in_their_cells_have_no_levels() {
        // jsob_006 表2: 一般公共预算资金 (8 characters), 政府性基金 (5) … centred in 12.
        let centred: Vec<Option<Indent>> = [(8.0, 0), (5.0, 1), (8.0, 2), (4.0, 3)]
            .iter()
            .map(|&(chars, row)| {
                let side = (12.0 - chars) / 2.0;
                Some(Indent { row, col: 0, left: side, right: side })
            })
            .collect();
        assert!(levels(&centred).is_empty());
    }
}

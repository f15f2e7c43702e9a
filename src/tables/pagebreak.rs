//! Rows cut by a page break: a cell wrapped over the break is printed as its first lines at
//! the foot of one page and the rest at the top of the next, where a reader of each page
//! sees two rows (`当年收入` | `小计`, `杭州市综合交通运输研究` | `中心`, `12,437.3` | `6`).
//!
//! A continuation's first body row is joined to the row before the break when the row
//! before carries figures and the first one carries none, only short fragments of text
//! sitting in columns where the row before has text (a figure split over the break, a
//! single digit under a figure missing its last decimal, is joined likewise).

use std::sync::LazyLock;

use regex::Regex;

use super::stitch::Block;
use crate::records::Amount;
use crate::vocabulary::labels::{OWN_ROW, STANDALONE};

/// A fragment longer than this (characters) is a row of its own.
const FRAGMENT: usize = 12;

/// A figure printed one decimal short: its last digit went over the break.
static FIGURE_CUT: LazyLock<Regex> = LazyLock::new(|| crate::static_regex(r"^[-−]?[\d,]+\.\d$"));

/// Joins `block`'s first body row (after `skip` repeated header rows) to `last`, the row the
/// page before ended with, when it is the rest of `last`'s wrapped cells. Returns whether
/// it joined.
pub fn join_cut_row(last: &mut [String], block: &mut Block, skip: usize) -> bool {
    let Some(first) = block.rows.get(skip) else {
        return false;
    };
    if first.len() != last.len() || !last.iter().any(|c| is_figure(c)) {
        return false;
    }
    let filled: Vec<usize> = (0..first.len()).filter(|&c| !first[c].is_empty()).collect();
    if filled.is_empty() || filled.len() > 2 {
        return false;
    }
    let continues = |c: usize| {
        let (top, rest) = (&last[c], &first[c]);
        if FIGURE_CUT.is_match(top) {
            return rest.len() == 1 && rest.chars().all(|ch| ch.is_ascii_digit());
        }
        !top.is_empty()
            && !is_figure(top)
            && !top.ends_with("合计")
            && !top.ends_with("总计")
            && !STANDALONE.is_match(rest)
            && !is_figure(rest)
            && rest.chars().count() <= FRAGMENT
            // A wrapped cell's first lines fill its width; its rest is no longer. A row of
            // its own under a shorter label is not a rest (政府性基金预算 | 国有资本经营预算).
            && rest.chars().count() <= top.chars().count()
            && !OWN_ROW.is_match(rest)
    };
    if !filled.iter().all(|&c| continues(c)) {
        return false;
    }
    for &c in &filled {
        let rest = std::mem::take(&mut block.rows[skip][c]);
        last[c].push_str(&rest);
    }
    block.rows.remove(skip);
    block.merges.retain(|m| m.row != skip);
    for m in &mut block.merges {
        if m.row > skip {
            m.row -= 1;
        }
    }
    block.indents.retain(|i| i.row != skip);
    for i in &mut block.indents {
        if i.row > skip {
            i.row -= 1;
        }
    }
    true
}

fn is_figure(text: &str) -> bool {
    Amount::parse(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(s: &str) -> Vec<String> {
        s.split('\t').map(str::to_string).collect()
    }

    fn block(rows: &[&str]) -> Block {
        Block { rows: rows.iter().map(|r| row(r)).collect(), ..Block::default() }
    }

    #[test]
    fn a_wrapped_name_is_joined_over_the_break() {
        // renwu_121 pp. 24–25.
        let mut last = row("杭州市综合交通运输研究\t665.20\t665.20");
        let mut b = block(&["中心\t\t", "杭州市交通运输局\t12.00\t12.00"]);
        assert!(join_cut_row(&mut last, &mut b, 0));
        assert_eq!(last[0], "杭州市综合交通运输研究中心");
        assert_eq!(b.rows.len(), 1);
    }

    #[test]
    fn a_figure_split_over_the_break_is_joined() {
        let mut last = row("江苏省无锡技师学院\t12,437.3");
        let mut b = block(&["\t6"]);
        assert!(join_cut_row(&mut last, &mut b, 0));
        assert_eq!(last[1], "12,437.36");
    }

    #[test]
    fn rows_of_their_own_stay() {
        let mut last = row("一、一般公共服务支出\t665.20");
        for first in ["（一）人大事务\t", "20101\t", "二、外交支出\t1.00", "\t"] {
            let mut b = block(&[first]);
            assert!(!join_cut_row(&mut last, &mut b, 0), "{first}");
        }
        // A longer label is a row of its own, not the rest of a wrapped one.
        let mut side = row("政府性基金预算\t139963.40");
        assert!(!join_cut_row(&mut side, &mut block(&["国有资本经营预算\t"]), 0));
        // The row before the break holds no figure: a heading, not a cut.
        let mut heading = row("一、一般公共服务支出\t");
        assert!(!join_cut_row(&mut heading, &mut block(&["人大事务\t"]), 0));
    }
}

//! Row and column labels the records and checks read: 其中 parts, 小计 / 合计 totals,
//! line numbering (一、 （一） 1.), the three 三公 parts, and the words that say a document
//! is a budget at all (预算 / 决算).
//!
//! The measure words a header label maps to (合计 → total, 基本支出 → basic …) are the
//! measure vocabulary; they live with their logic in `records::measures` and
//! `records::columns::label_key`.

use std::sync::LazyLock;

use regex::Regex;

/// How a "part of the line above" label starts: `其中：财政拨款`, `其中：基本支出`.
pub const OF_WHICH: &str = "其中";

/// True for a 其中 line's label (a part of the line above, never an addend).
pub fn is_of_which_line(label: &str) -> bool {
    label.starts_with(OF_WHICH)
}

/// True for a "其中" column: a part of a sibling, not an addend.
pub fn is_of_which_label(label: &str) -> bool {
    // 其中：… and 扣除…后 (项目支出 less 基建): parts of a sibling, printed beside it.
    label.starts_with(OF_WHICH) || label.starts_with("扣除")
}

/// Suffixes of a column that totals its siblings whatever comes before them:
/// `项目支出总数` inside a 项目支出 group, `一般公共预算资金小计`.
pub const TOTAL_SUFFIXES: [&str; 2] = ["小计", "总数"];

/// The suffix of a 小计 line, whose label before it names the group it totals:
/// `一般公共预算资金小计` → 一般公共预算资金.
pub const SUBTOTAL: &str = "小计";

/// What “三公”经费 is made of: 因公出国（境）费, 公务用车购置及运行（维护）费, 公务接待费.
pub const THREE_PUBLIC_PARTS: [&str; 3] = ["因公出国", "公务用车", "公务接待"];

/// The word in a “三公”经费合计 label: `“三公”经费合计`, `三公经费合计`.
pub const THREE_PUBLIC: &str = "三公";

/// Outermost line numbering: `一、财政拨款收入`.
pub(crate) static LEVEL1: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^[一二三四五六七八九十]+、"));

/// The number of an outermost-numbered line: 1 for `一、…`, 12 for `十二、…`.
pub(crate) fn level1_ordinal(label: &str) -> Option<u32> {
    let numeral = LEVEL1.find(label)?.as_str().trim_end_matches('、');
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = numeral.chars().collect();
    match chars[..] {
        ['十'] => Some(10),
        [c] => digit(c),
        ['十', o] => Some(10 + digit(o)?),
        [t, '十'] => Some(digit(t)? * 10),
        [t, '十', o] => Some(digit(t)? * 10 + digit(o)?),
        _ => None,
    }
}

/// Second-level line numbering: `（一）一般公共预算`, `(二)政府性基金`.
pub(crate) static LEVEL2: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^[（(][一二三四五六七八九十]+[）)]"));

/// Third-level line numbering: `1.工资福利支出`, `2、商品和服务支出`.
pub(crate) static LEVEL3: LazyLock<Regex> = LazyLock::new(|| crate::static_regex(r"^\d+[.、．]"));

/// Fourth-level line numbering: `（1）基本工资`.
pub(crate) static LEVEL4: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^[（(]\d+[）)]"));

/// Text a wrapped cell's rest never starts with (so it is a row of its own): numbering,
/// a code, a list mark: `一、`, `（2）`, `2050801`, `·`.
pub(crate) static OWN_ROW: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d|[-—·•])",
    )
});

/// Labels printed as rows of their own with blank figures, never the rest of a label cut
/// by a page break: `上年结转`, `年末结转和结余`, `用事业基金弥补收支差额`.
pub(crate) static STANDALONE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(r"^(上年|本年|年初|年末|上级|事业|其他|附属|用事业基金|年度)")
});

/// A 目录 entry's own numbering: "一、", "（一）", "1.", "3、".
pub(crate) static TOC_NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]\s*)",
    )
});

/// True when a text names a budget or final accounts (预算 / 决算): a document title
/// `2025年部门预算公开`, a table title `地方政府债务限额及余额决算情况表`.
pub fn mentions_budget(text: &str) -> bool {
    text.contains("预算") || text.contains("决算")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn of_which_and_numbering_are_read() {
        assert!(is_of_which_line("其中：财政拨款") && !is_of_which_line("财政拨款"));
        assert!(is_of_which_label("扣除基建后") && !is_of_which_line("扣除基建后"));
        assert!(LEVEL1.is_match("一、财政拨款收入") && !LEVEL1.is_match("（一）"));
        let ordinals =
            ["一、a", "九、a", "十、a", "十二、a", "二十、a", "三十一、a", "（一）a", "十十、a"]
                .map(level1_ordinal);
        assert_eq!(
            ordinals,
            [Some(1), Some(9), Some(10), Some(12), Some(20), Some(31), None, None]
        );
        assert!(LEVEL2.is_match("（二）政府性基金") && LEVEL2.is_match("(一)一般公共预算"));
        assert!(LEVEL3.is_match("1.工资福利支出") && LEVEL3.is_match("2、商品和服务支出"));
        assert!(LEVEL4.is_match("（1）基本工资") && !LEVEL4.is_match("（一）"));
        assert!(mentions_budget("地方政府债务限额及余额决算情况表"));
        assert!(OWN_ROW.is_match("（2）差旅费") && !OWN_ROW.is_match("结余"));
        assert!(STANDALONE.is_match("年末结转和结余") && !STANDALONE.is_match("支出"));
        assert_eq!(TOC_NUMBERING.replace("（一）收入决算表", ""), "收入决算表");
        assert!(!mentions_budget("目录"));
    }
}

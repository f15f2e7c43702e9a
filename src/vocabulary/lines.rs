//! Lines around a table that are not its title: 单位名称 / 金额单位 lines, notes under it,
//! title tails and unit fragments split off a line, header words, and page furniture.
//!
//! Examples from real documents: `预算单位：长春市信访局 … 单位：万元` above a table,
//! `注：本表无数据。` under one, `- 3 -` or `第2页，共9页` at a page's foot.

use std::sync::LazyLock;

use regex::Regex;

/// A note printed under a table: 注：…, 备注：…, 说明：…, 注1…, 本表… and the empty-table
/// sentences. Example: `注：本部门无政府性基金预算财政拨款收支，本表为空。`.
pub(crate) static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^(注|备注|说明|注释|附注|填表说明)\s*\d*\s*[：:]|^注\d|^本表|本表为空|本表无数据",
    )
});

/// A money unit alone on a line (or cell), the tail of a 单位： line broken before it:
/// `万元`, `元`, `万`.
pub(crate) static UNIT_FRAGMENT: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^(万元|千元|亿元|元|万|千|亿)$"));

/// A title's parenthetical printed on its own line under it: `（2025年度）`, `（续）`,
/// `(续表)`.
pub(crate) static TITLE_TAIL: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^[（(]\d{4}\s*年度?[）)]$|^[（(]续表?[）)]$"));

/// The labels a table's issuing body is printed under: `单位名称：`, `编制单位：`,
/// `部门（单位）：`, `预算单位：`. Longer labels come first so alternation takes them whole.
const ORG_LABELS: &str =
    "单位名称|部门名称|部门（单位）名称|部门（单位）|编制单位|编制部门|编报单位|预算单位|\
                          填报单位|资金主管部门|主管部门|预算部门|部门|单位";

/// A 单位名称 / 金额单位 line above a table: an org label or 金额单位 then a colon.
/// Example: `编制单位：中共长春市委宣传部`, `金额单位：万元`.
pub(crate) static META: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(&format!(r"^({ORG_LABELS}|金额单位)\s*[：:]")));

/// The money unit at the end of a line; group 1 is the unit. Example: `单位：万元`,
/// `… 金额单位：元`.
pub(crate) static UNIT: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"(?:金额单位|单位)\s*[：:]\s*(万元|千元|亿元|元)\s*$"));

/// A budget unit's code before its name: "606-" in `606-长春市信访局`.
pub(crate) static ORG_CODE: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^\d+\s*[-－—]\s*"));

/// A budget unit printed with its code and no label, perhaps with the unit after it;
/// group 1 is the name. Example: `606001-长春市信访局 万元`.
pub(crate) static CODED_ORG: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^\d{3,}\s*[-－—]\s*(\S+?)\s*(万元|千元|亿元|元)?$"));

/// An org line; group 1 is the org, without a 单位： tail on the same line. Example:
/// `预算单位：长春市信访局 单位：万元` → `长春市信访局`.
pub(crate) static ORG: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(&format!(
        r"^(?:{ORG_LABELS})\s*[：:]\s*(.+?)\s*(?:(?:金额单位|单位)\s*[：:].*)?$"
    ))
});

/// Words a table's header row is made of (项目 | 金额, 科目编码 | 科目名称 | 合计 …).
pub(crate) static HEADER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^(项目|科目|功能|经济|单位|部门|金额|合计|总计|预算数|决算数|编码|名称|序号|类|款|项|收入|支出)",
    )
});

/// Page furniture: page numbers and running footers, not content. Examples: `- 3 -`,
/// `第2页，共9页`, `12`, `3/9`.
pub(crate) static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(r"^[-—－–]\s*[\d ]+\s*[-—－–]$|^第\d+页(，?共\d+页)?$|^\d+$|^\d+/\d+$")
});

/// True for a 单位名称 / 单位 line printed above a table.
pub fn is_meta_line(line: &str) -> bool {
    META.is_match(line)
}

/// True for a note printed under a table (注：…, 说明：…).
pub fn is_note_line(line: &str) -> bool {
    NOTE.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_and_org_lines_are_read() {
        assert!(is_meta_line("编制单位：中共长春市委宣传部"));
        assert!(is_meta_line("金额单位：万元"));
        assert!(!is_meta_line("单位名称"));
        let c = UNIT.captures("预算单位：长春市信访局 单位：万元").map(|c| c[1].to_string());
        assert_eq!(c.as_deref(), Some("万元"));
        let c = ORG.captures("预算单位：长春市信访局 单位：万元").map(|c| c[1].to_string());
        assert_eq!(c.as_deref(), Some("长春市信访局"));
        let c = CODED_ORG.captures("606001-长春市信访局 万元").map(|c| c[1].to_string());
        assert_eq!(c.as_deref(), Some("长春市信访局"));
        assert!(UNIT_FRAGMENT.is_match("万元") && !UNIT_FRAGMENT.is_match("万元整"));
        assert!(TITLE_TAIL.is_match("（2025年度）") && TITLE_TAIL.is_match("(续表)"));
    }

    #[test]
    fn notes_and_page_furniture_are_recognised() {
        assert!(is_note_line("注：本部门无政府性基金预算财政拨款收支，本表为空。"));
        assert!(is_note_line("说明：…") && is_note_line("注1.以上数据"));
        assert!(!is_note_line("一般公共预算支出"));
        for f in ["- 3 -", "第2页，共9页", "12", "3/9"] {
            assert!(FURNITURE.is_match(f), "{f}");
        }
        assert!(!FURNITURE.is_match("2025年"));
    }
}

//! A document's own wording outside its tables: the cover title, the department's name,
//! years and dates, attachment labels, part headings and table-of-contents lines.
//!
//! Examples from real documents: `深圳市司法局2025年部门预算` or `2026年度` /
//! `福州市科学技术局(本级)` / `单位预算` on a cover, `二〇二五年三月二十五日` under it.

use std::sync::LazyLock;

use regex::Regex;

/// A cover title naming a year and 预算 or 决算: `2025年度部门预算公开`,
/// `部门决算 2024年`.
pub(crate) static DOC_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(r"(\d{4})\s*年度?.*(预算|决算)|(预算|决算).*(\d{4})\s*年")
});
/// The department before the year in a cover title: `深圳市司法局2025年部门预算`.
pub(crate) static DEPT_BEFORE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^(.+?)\d{4}年"));
/// The department after the year in a cover title: `2025年度深圳市司法局部门预算`.
pub(crate) static DEPT_AFTER_YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^\d{4}年度?(.+?)(部门|单位)?(预算|决算)"));
/// A line that starts with its year: `2026年度`.
pub(crate) static YEAR_FIRST: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^\d{4}\s*年"));
/// A line that is a department's name: a body suffix (局, 委员会, 中心, 街道 …), perhaps with
/// （本级）/（汇总）: `福州市科学技术局(本级)`, `深圳市司法局`.
pub(crate) static DEPARTMENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^[^\d，。：:；]{2,40}(局|委|委员会|办公室|办|厅|院|部|中心|所|站|馆|会|处|队|政府|街道|镇|乡|公司|学校|医院)([（(](本级|汇总|机关|本部)[）)])?$",
    )
});
/// 附件2, 附表1 …: an attachment label printed before a title, never a department.
pub(crate) static ATTACHMENT: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^(附件|附表)\s*[\d一二三四五六七八九十]*[：:、.\s]*"));
/// The label of a department's name in a form (整体绩效目标表) or a line: 部门名称, 单位名称.
pub(crate) static NAME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(r"^(部门|单位|部门（单位）|部门\(单位\)|预算单位)名称[：:]?\s*(.*)$")
});
/// A year anywhere in a line: `2025年`.
pub(crate) static YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"((?:19|20)\d{2})\s*年"));
/// A date in Arabic figures: `2025年3月25日`.
pub(crate) static ARABIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
});
/// A date in Chinese numerals: `二〇二五年三月二十五日`.
pub(crate) static CHINESE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$",
    )
});

/// "第三部分" / "第一章" headings that prefix a title line in the body.
pub(crate) static PART_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"^第[一二三四五六七八九十\d]+(部分|章|篇)\s*"));
/// A table-of-contents line: dot leaders or a trailing page number.
pub(crate) static TOC_LINE: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"(\.{3,}|…{2,}|·{3,})\s*\d*$|\s\d+$"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_wording_is_recognised() {
        assert!(DOC_TITLE.is_match("2025年度部门预算公开"));
        let d = DEPT_BEFORE_YEAR.captures("深圳市司法局2025年部门预算").map(|c| c[1].to_string());
        assert_eq!(d.as_deref(), Some("深圳市司法局"));
        assert!(DEPARTMENT.is_match("福州市科学技术局(本级)") && !DEPARTMENT.is_match("2025年"));
        assert!(ARABIC_DATE.is_match("2025年3月25日"));
        assert!(CHINESE_DATE.is_match("二〇二五年三月二十五日"));
        assert_eq!(ATTACHMENT.replace("附件2：收支总表", ""), "收支总表");
        assert!(TOC_LINE.is_match("收入决算表……………8") && PART_PREFIX.is_match("第三部分 名词解释"));
    }
}

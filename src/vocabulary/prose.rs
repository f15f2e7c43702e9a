//! Figure statements in the 说明 prose that the checks compare with the tables: totals,
//! a breakdown's base and its shares, and a 决算's figures against its 年初预算.
//!
//! Examples from real documents: `收入总计876.00万元，支出总计876.00万元`,
//! `本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%`.

use std::sync::LazyLock;

use regex::Regex;

/// A figure as the 说明 prints it: `2961.68`, `1,560.05`, `-3`.
const NUMBER: &str = r"-?\d[\d,]*(?:\.\d+)?";

/// "…财政拨款收入支出总计 2961.68 万元", "收入总计876.00万元，支出总计876.00万元".
pub(crate) static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(&format!(
        r"(?P<pre>财政拨款|本年|年初|年末)?(?P<what>收入、?支出|收入|支出)(?:预算|决算)?总计\s*(?:为|是)?\s*(?P<n>{NUMBER})\s*(?P<u>万元|元)"
    ))
});
/// The base of a breakdown: "本年收入合计2946.25万元，其中：", "…支出2940.05万元，主要用于".
pub(crate) static BASE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(&format!(r"(?P<n>{NUMBER})\s*(?P<u>万元|元)\s*[，,]\s*(?:其中|主要用于)"))
});
/// One part of a breakdown: "财政拨款收入2940.05万元，占99.79%".
pub(crate) static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(&format!(
        r"(?P<n>{NUMBER})\s*(?P<u>万元|元)\s*[，,]?\s*占\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]"
    ))
});
/// "年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数" / "完成年初预算的98.20%".
pub(crate) static FINAL_VS_BUDGET: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(&format!(
        r"年初预算(?:数)?为\s*(?P<b>{NUMBER})\s*(?P<bu>万元|元)\s*[，,]\s*支出决算(?:数)?为\s*(?P<f>{NUMBER})\s*(?P<fu>万元|元)\s*[，,。；;]?\s*(?:完成年初预算的\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]\s*[，,。；;]?\s*)?(?:决算数\s*(?P<cmp>大于|小于|等于)\s*(?:年初)?预算数)?"
    ))
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_statements_are_read() {
        let t =
            TOTAL.captures("收入总计876.00万元，支出总计876.00万元").map(|c| c["n"].to_string());
        assert_eq!(t.as_deref(), Some("876.00"));
        assert!(BASE.is_match("本年收入合计2946.25万元，其中："));
        let p = SHARE.captures("财政拨款收入2940.05万元，占99.79%").map(|c| c["p"].to_string());
        assert_eq!(p.as_deref(), Some("99.79"));
        let c = FINAL_VS_BUDGET
            .captures("年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数")
            .map(|c| c["f"].to_string());
        assert_eq!(c.as_deref(), Some("1511.89"));
    }
}

//! Table titles: the shape of a title line, table numbers above it, 续表 marks, and the
//! words that decide which contract kind a title names.
//!
//! Titles carry year / 表N / 附件 / 预算01表 / 公开01表 prefixes and 续表 marks; the kind
//! is what the table holds, whatever its printed title or position. Examples from real
//! documents: `2025年部门收支总体情况表`, `公开05表 财政拨款支出预算表（功能科目）`,
//! `一般公共预算财政拨款基本支出决算表`.

use std::sync::LazyLock;

use regex::Regex;

use crate::contract::TableKind;

/// Trailing marks that say "this is a continuation": 续表, （续）, (续表).
static CONTINUATION: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"(续表|[（(]续表?[）)])$"));

/// A title: ends in 表, optionally followed by 续表 or a short parenthetical: （续）,
/// （2025年度）, （按功能分类）, (一级项目).
static TITLE_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| crate::static_regex(r"表(续表|[（(][^（()）]{1,30}[）)])?$"));

/// A table number printed on its own line above the title: 表7, 公开表1, 表十一, 预算01表.
static TABLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"^(附件|附表|公开|预算|部门预算)?\s*表?\s*[\d一二三四五六七八九十]{1,3}\s*表?$",
    )
});

/// True for a line that is only a table number (表7, 公开表1).
pub fn is_table_number(text: &str) -> bool {
    TABLE_NUMBER.is_match(text) && text.contains('表')
}

/// True when `text` (normalised) is shaped like a table title.
pub fn looks_like_title(text: &str) -> bool {
    let n = text.chars().count();
    (4..=80).contains(&n)
        && TITLE_SHAPE.is_match(text)
        && !text.contains('。')
        && !text.starts_with('-')
}

/// True when the title marks a continued table (续表).
pub fn is_continuation(title: &str) -> bool {
    CONTINUATION.is_match(title) || title.starts_with("续表")
}

/// A line that is only a continuation mark, no title with it: `续表`, `（续表）`, `(续)`.
pub fn is_continuation_mark(text: &str) -> bool {
    let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(bare.as_str(), "续表" | "（续表）" | "(续表)" | "（续）" | "(续)")
}

/// Classifies a normalised title; `None` when it names none of the kinds we know.
pub fn classify_title(title: &str) -> Option<TableKind> {
    use TableKind::*;
    // 决算 (final accounts) name the same tables 收入支出决算总表, 支出决算表 …
    let owned = title.replace("收入支出", "收支").replace("决算", "预算");
    let t = owned.as_str();
    let has = |s: &str| t.contains(s);
    let kind = if has("绩效") && has("自评") {
        if has("整体") {
            DepartmentPerformanceEvaluation
        } else {
            ProjectPerformanceEvaluation
        }
    } else if has("整体") && has("绩效") {
        DepartmentPerformanceTargets
    } else if has("绩效目标") || has("项目") && has("绩效") {
        ProjectPerformanceTargets
    } else if has("三公") {
        ThreePublicExpenses
    } else if has("机关运行经费") {
        AdministrativeOperatingExpenses
    } else if has("政府购买服务") {
        GovernmentPurchasedServices
    } else if has("政府采购") {
        GovernmentProcurement
    } else if has("政府性基金") && (has("支出") || has("收支")) {
        GovernmentFundExpenditure
    } else if has("国有资本经营") && (has("支出") || has("收支")) {
        StateCapitalExpenditure
    } else if (has("一般公共预算基本支出") || has("一般公共预算财政拨款基本支出"))
        && has("功能")
        && !has("经济")
    {
        GeneralBudgetBasicExpenditureByFunction
    } else if has("一般公共预算基本支出") || has("一般公共预算财政拨款基本支出")
    {
        GeneralBudgetBasicExpenditure
    } else if has("支出经济分类") || has("经济分类汇总") || has("按经济分类") {
        EconomicClassificationSummary
    } else if has("一般公共预算") && has("支出") && !has("收支") {
        GeneralBudgetExpenditure
    } else if has("财政拨款收支") || has("财政拨款收入支出") {
        AppropriationSummary
    } else if has("财政拨款支出") && !has("基本支出") && !has("项目支出") {
        AppropriationExpenditure
    } else if has("项目支出") && !has("收支") {
        ProjectExpenditure
    } else if has("收支") && (has("总体") || has("总表") || has("收支预算")) {
        IncomeExpenditureSummary
    } else if has("收入") && (has("总体") || has("总表") || has("收入预算")) {
        IncomeSummary
    } else if has("基本支出") && !has("一般公共预算") {
        return None; // 基本支出总表: a breakdown outside the twelve
    } else if has("支出") && (has("总体") || has("总表") || has("支出预算")) {
        ExpenditureSummary
    } else {
        return None;
    };
    Some(kind)
}

/// The kind a table's header row labels say it is, when they say so unmistakably: a
/// two-sided 收入/支出 summary (with 财政拨款 in it: table 4), 三公 columns (table 8), or
/// 三级指标/指标值 columns (table 12). Anything less certain stays `None`.
pub fn classify_header(rows: &[Vec<String>]) -> Option<TableKind> {
    let head: Vec<&str> = rows.iter().take(3).flatten().map(String::as_str).collect();
    let has = |s: &str| head.contains(&s);
    let contains = |s: &str| head.iter().any(|c| c.contains(s));
    if has("收入") && has("支出") && (has("项目") || contains("预算数") || has("金额")) {
        Some(if contains("财政拨款") {
            TableKind::AppropriationSummary
        } else {
            TableKind::IncomeExpenditureSummary
        })
    } else if contains("公务接待") && contains("因公出国") {
        Some(TableKind::ThreePublicExpenses)
    } else if has("三级指标") && (has("指标值") || contains("指标值")) && contains("项目")
    {
        Some(TableKind::ProjectPerformanceTargets)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::TableKind::*;
    use super::*;

    #[test]
    fn a_bare_continuation_mark_is_told_from_a_continued_title() {
        assert!(["续表", "（续表）", "(续)", "续 表"].iter().all(|t| is_continuation_mark(t)));
        assert!(!is_continuation_mark("2025年部门收支总体情况表（续表）"));
        assert!(is_continuation("2025年部门收支总体情况表（续表）"));
    }

    #[test]
    fn reference_titles_classify() {
        let cases = [
            ("2025年部门收支总体情况表", IncomeExpenditureSummary),
            ("2025年部门收入总体情况表", IncomeSummary),
            ("2025年部门支出总体情况表", ExpenditureSummary),
            ("2025年财政拨款收支总体情况表", AppropriationSummary),
            ("2025年一般公共预算支出情况表", GeneralBudgetExpenditure),
            ("2025年一般公共预算基本支出表", GeneralBudgetBasicExpenditure),
            ("2025年支出经济分类汇总表", EconomicClassificationSummary),
            ("2025年一般公共预算“三公”经费支出情况表", ThreePublicExpenses),
            ("2025年政府性基金预算支出情况表", GovernmentFundExpenditure),
            ("2025年项目支出表", ProjectExpenditure),
            ("部门（单位）整体绩效目标表（2025年度）", DepartmentPerformanceTargets),
            ("2025年部门预算项目绩效目标汇总表", ProjectPerformanceTargets),
        ];
        for (title, kind) in cases {
            assert_eq!(classify_title(title), Some(kind), "{title}");
            assert!(looks_like_title(title), "{title}");
        }
    }

    #[test]
    fn synonyms_and_prefixes_classify() {
        let cases = [
            ("预算01表 收支总表", IncomeExpenditureSummary),
            ("公开01表 收支预算总表", IncomeExpenditureSummary),
            ("预算单位财务收支预算总表", IncomeExpenditureSummary),
            ("表2 部门收入总表", IncomeSummary),
            ("附件3 支出预算总表", ExpenditureSummary),
            ("财政拨款收支预算总表", AppropriationSummary),
            ("一般公共预算支出功能分类预算表", GeneralBudgetExpenditure),
            ("一般公共预算基本支出部门预算经济分类预算表", GeneralBudgetBasicExpenditure),
            ("“三公”经费和机关运行经费预算表", ThreePublicExpenses),
            ("政府性基金预算支出功能分类预算表", GovernmentFundExpenditure),
            ("项目支出预算表", ProjectExpenditure),
            ("项目支出绩效目标表", ProjectPerformanceTargets),
            ("国有资本经营预算支出（功能分类预算）表", StateCapitalExpenditure),
            ("政府采购预算表", GovernmentProcurement),
            ("收入支出决算总表", IncomeExpenditureSummary),
            ("收入决算表", IncomeSummary),
            ("支出决算表", ExpenditureSummary),
            ("财政拨款收入支出决算总表", AppropriationSummary),
            ("一般公共预算财政拨款支出决算表", GeneralBudgetExpenditure),
            ("一般公共预算财政拨款基本支出决算表", GeneralBudgetBasicExpenditure),
            ("政府性基金预算财政拨款收入支出决算表", GovernmentFundExpenditure),
            ("一般公共预算支出表（按功能分类）", GeneralBudgetExpenditure),
            ("2026年度一般公共预算支出经济分类情况表", EconomicClassificationSummary),
            ("2026年部门整体支出绩效目标表", DepartmentPerformanceTargets),
            ("表11：2026年市级部门项目支出绩效表", ProjectPerformanceTargets),
            ("国有资本经营预算财政拨款收入支出决算表", StateCapitalExpenditure),
            ("公开05表 财政拨款支出预算表（功能科目）", AppropriationExpenditure),
            ("2025年一般公共预算机关运行经费支出预算表", AdministrativeOperatingExpenses),
            (
                "一般公共预算基本支出明细表（按支出功能分类科目）",
                GeneralBudgetBasicExpenditureByFunction,
            ),
            ("一般公共预算基本支出明细表（按支出经济分类科目）", GeneralBudgetBasicExpenditure),
            ("2026年政府购买服务预算表", GovernmentPurchasedServices),
            ("财政拨款政府购买服务明细表", GovernmentPurchasedServices),
            ("2024年度部门整体支出绩效自评表", DepartmentPerformanceEvaluation),
            ("项目支出绩效自评表", ProjectPerformanceEvaluation),
            ("一般公共预算财政拨款“三公”经费支出决算表", ThreePublicExpenses),
        ];
        for (title, kind) in cases {
            assert_eq!(classify_title(title), Some(kind), "{title}");
        }
    }

    #[test]
    fn prose_and_unknown_titles_do_not_classify() {
        assert_eq!(classify_title("第一部分 部门概况"), None);
        assert!(!looks_like_title("一、收入支出预算总体情况说明。本表"));
        assert!(is_continuation("2025年部门收支总体情况表（续）"));
        assert!(is_continuation("续表"));
        assert!(looks_like_title("一般公共预算支出表（按功能分类）"));
        assert!(is_table_number("表7") && is_table_number("公开表1") && is_table_number("表十一"));
        assert!(!is_table_number("2025"));
    }

    #[test]
    fn headers_classify_untitled_tables_only_when_unmistakable() {
        let rows = |r: &[&str]| vec![r.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        assert_eq!(
            classify_header(
                &rows(&["收入", "", "支出", ""])
                    .into_iter()
                    .chain(rows(&["项目", "金额", "项目", "金额"]))
                    .collect::<Vec<_>>()
            ),
            Some(IncomeExpenditureSummary)
        );
        assert_eq!(
            classify_header(&rows(&[
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "公务接待费"
            ])),
            Some(ThreePublicExpenses)
        );
        assert_eq!(classify_header(&rows(&["姓名", "职务", "人数"])), None);
    }
}

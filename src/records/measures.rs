//! Measures: what a figure is, whatever the province printed above it.
//!
//! In: an amount column's header path, the table's kind, the period the header names and
//! whether other columns of the table print nothing but qualifiers. Out: a key of the closed
//! dictionary `schema/measures.tsv` for that kind (`basic.personnel`, `expenditure_total`),
//! or `None` when the header maps to no key (the caller records `other` and warns).
//!
//! A header path is read label by label: unit and 单位名称 lines, 金额/预算数 and the like
//! are qualifiers and dropped; years, 上年/增减/年初预算/调整预算 name the period (a
//! non-current period prefixes the measure: `prior.total`); a label that repeats what the
//! kind is (一般公共预算支出 over table 5's columns) is dropped; 小计 under a group is the
//! group (`基本支出/小计` → `basic`). What is left, translated, is the candidate; only a
//! candidate the dictionary lists is a measure.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use super::columns::year_of;
use crate::contract::TableKind;

/// The dictionary, shipped with the crate and read once.
const DICTIONARY: &str = include_str!("../../schema/measures.tsv");

/// The measure of a figure whose column maps to no key of the dictionary.
pub const OTHER: &str = "other";

static KNOWN: LazyLock<BTreeSet<(String, String)>> = LazyLock::new(|| {
    DICTIONARY
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut fields = l.split('\t');
            Some((fields.next()?.to_string(), fields.next()?.to_string()))
        })
        .collect()
});

/// `YUSUAN_OPEN_MEASURES=1` takes every candidate for a measure: how
/// `scripts/gen_measures.py` collects the candidates the corpus prints, to regenerate the
/// dictionary. Never set in normal use.
static OPEN: LazyLock<bool> = LazyLock::new(|| std::env::var_os("YUSUAN_OPEN_MEASURES").is_some());

/// True when `measure` is in the dictionary for `kind`.
pub fn is_known(kind: TableKind, measure: &str) -> bool {
    *OPEN || KNOWN.contains(&(kind.as_str().to_string(), measure.to_string()))
}

/// True for a header path printed under qualifiers and periods only (金额, 预算数,
/// 2025年预算数): the figure is what the table totals, when it is its only such column.
pub fn is_bare(path: &[String]) -> bool {
    path.iter().all(|l| matches!(token(l), Token::Qualifier | Token::Period))
}

/// The dictionary's measure for an amount column, `None` when it has none. `alone`: no
/// other amount column of the table of the same period is printed under qualifiers only,
/// so one that is (`金额`, `预算数`, `2025年预算数`) is the table's total for its period.
pub fn measure_of(
    kind: TableKind,
    path: &[String],
    period: Option<&str>,
    alone: bool,
) -> Option<String> {
    let m = candidate(kind, path, period, alone)?;
    is_known(kind, &m).then_some(m)
}

/// One header label, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// Says nothing about what the figure is (金额, 预算数, 单位：万元, 其中：).
    Qualifier,
    /// Names the period only (2025年, 上年, 增减变化情况): in the spec's `period`.
    Period,
    /// A known word.
    Word(&'static str),
    /// A label the vocabulary does not know.
    Unknown,
}

/// The candidate measure of a column, before the dictionary is asked; `None` when a label
/// is unknown or nothing names the figure.
pub fn candidate(
    kind: TableKind,
    path: &[String],
    period: Option<&str>,
    alone: bool,
) -> Option<String> {
    let mut words: Vec<&'static str> = Vec::new();
    for label in path {
        match token(label) {
            Token::Qualifier | Token::Period => {}
            Token::Word(w) => words.push(w),
            Token::Unknown => return None,
        }
    }
    let two_sided =
        matches!(kind, TableKind::IncomeExpenditureSummary | TableKind::AppropriationSummary);
    let core = if two_sided {
        let side = match words.first() {
            // 财政拨款收入 heads table 4's income side.
            Some(&"income" | &"current_income" | &"appropriation") => "income",
            Some(&"expenditure" | &"current_expenditure" | &"appropriation_expenditure") => {
                "expenditure"
            }
            _ => return None,
        };
        let rest = simplify(&words[1..]);
        match rest.as_slice() {
            [] | ["total"] => format!("{side}_total"),
            _ => format!("{side}.{}", rest.join(".")),
        }
    } else {
        let redundant: &[&str] = match kind {
            // 决算 表5/6 print every figure under 本年支出 (本年支出/小计 is the total).
            TableKind::GeneralBudgetExpenditure => &["general_budget", "current_expenditure"],
            TableKind::GeneralBudgetBasicExpenditure => {
                &["general_budget_basic", "general_budget", "basic", "current_expenditure"]
            }
            TableKind::GovernmentFundExpenditure => &["government_fund"],
            TableKind::StateCapitalExpenditure => &["state_capital"],
            TableKind::ThreePublicExpenses => &["three_public"],
            _ => &[],
        };
        // The 小计 of the 三公 group beside a 合计 that adds 会议费 and 培训费 (renwu_134).
        let three_public_subtotal =
            kind == TableKind::ThreePublicExpenses && words == ["three_public", "subtotal"];
        let mut start = 0;
        while start < words.len().saturating_sub(1) && redundant.contains(&words[start]) {
            start += 1;
        }
        // A lone label that only repeats the kind (一般公共预算支出 over table 5's one amount
        // column) is the total.
        if words.len() == 1 && redundant.contains(&words[0]) && kind.number().is_some() {
            start = 1;
        }
        let rest = simplify(&words[start..]);
        match rest.as_slice() {
            _ if three_public_subtotal => "three_public".to_string(),
            [] if alone => "total".to_string(),
            [] => return None,
            _ => rest.join("."),
        }
    };
    Some(match period {
        Some(p @ ("prior" | "change" | "initial_budget" | "adjusted_budget")) => {
            format!("{p}.{core}")
        }
        _ => core,
    })
}

/// 小计 under a group is the group; a 合计 under one too (`财政拨款/合计` → `appropriation`).
fn simplify<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if (*w == "subtotal" || *w == "total") && i > 0 {
            continue;
        }
        out.push(w);
    }
    match out.as_slice() {
        ["subtotal"] => vec!["total"],
        _ => out,
    }
}

/// True for a label that names a period and nothing else: 2025年, 2026年预算数, 上年,
/// 当年预算 is a qualifier (the current period), 增减变化情况, 2022比2021, 年初预算数.
fn is_period_label(bare: &str) -> bool {
    if let Some(year) = year_of(bare) {
        let rest = bare.split_once('年').map_or("", |(_, r)| r);
        let _ = year;
        return matches!(rest, "" | "度" | "预算" | "预算数" | "决算" | "决算数" | "执行数");
    }
    bare.contains("增减")
        || bare.contains("增长")
        || (bare.contains('比') && bare.chars().filter(char::is_ascii_digit).count() >= 8)
        || bare.starts_with("年初预算")
        || bare.starts_with("调整预算")
        || bare.starts_with("调整后预算")
        || matches!(bare, "决算" | "决算数" | "上年" | "上年预算" | "上年预算数" | "上年数")
}

/// A label's token: qualifiers and periods first, then the vocabulary.
fn token(label: &str) -> Token {
    let bare = strip_unit(label.trim());
    if bare.is_empty() {
        return Token::Qualifier;
    }
    if is_period_label(bare) {
        return Token::Period;
    }
    if is_qualifier(bare) {
        return Token::Qualifier;
    }
    // 2026年政府采购项目: a year before a word names the period of that word.
    let bare = match year_of(bare) {
        Some(_) => bare.split_once('年').map_or(bare, |(_, r)| r),
        None => bare,
    };
    match word(bare) {
        Some(w) => Token::Word(w),
        None => Token::Unknown,
    }
}

/// Labels that say nothing about what a figure is.
fn is_qualifier(bare: &str) -> bool {
    const QUALIFIERS: &[&str] = &[
        "金额",
        "预算数",
        "预算",
        "预算金额",
        "预算额",
        "本年预算",
        "本年预算数",
        "当年预算",
        "当年",
        "本年",
        "本年数",
        "其中",
        "其中：",
        "其中:",
        "支出用途",
        "功能分类",
        "支出预算",
        "收入预算",
        "部门预算",
        "数额",
        "资金",
        "资金来源",
        "支出项目类别",
    ];
    QUALIFIERS.contains(&bare)
        || bare.starts_with("单位：")
        || bare.starts_with("单位:")
        || bare.starts_with("预算单位：")
        || bare.starts_with("预算单位:")
        || bare.starts_with("单位名称：")
        || bare.starts_with("部门名称：")
        || bare.starts_with("金额单位")
}

/// "预算数（单位：万元）" → "预算数"; "项目金额（万元）" → "项目金额".
fn strip_unit(label: &str) -> &str {
    for suffix in ["（单位：万元）", "（单位：元）", "（万元）", "(万元)", "（元）", "(元)"]
    {
        if let Some(s) = label.strip_suffix(suffix) {
            return s;
        }
    }
    label
}

/// The vocabulary: a printed label (bare of units and years) → its word.
fn word(label: &str) -> Option<&'static str> {
    if label.contains("三公") {
        let total = ["合计", "总额", "总计"].iter().any(|t| label.ends_with(t));
        return Some(if total { "total" } else { "three_public" });
    }
    if label.starts_with("其中") && label.contains("中小企业") {
        return Some("of_which_sme");
    }
    if label.starts_with("其中") && label.contains("小型、微型企业") {
        return Some("of_which_small_micro");
    }
    if label.starts_with("其中") && label.contains("专项资金列入部门预算") {
        return Some("of_which_special_funds");
    }
    Some(match label {
        "合计" | "总计" | "支出总计" | "收入总计" | "本年支出合计" | "本年收入合计"
        | "资金总额" | "金额合计" | "合计数" | "总额" => "total",
        "小计" | "项目支出总数" => "subtotal",
        "收入" | "收入总计金额" => "income",
        "支出" => "expenditure",
        "财政拨款收入" | "本级财政拨款" | "财政拨款" => "appropriation",
        "财政拨款支出" => "appropriation_expenditure",
        "本年收入" => "current_income",
        // Changchun: 合计 = 编制预算 (this year's new budget) + 上年结转.
        "编制预算" => "current_budget",
        "本年支出" => "current_expenditure",
        "上年结转结余"
        | "上年结转"
        | "上年结转结余资金"
        | "上年结转和结余资金"
        | "上年结余、结转"
        | "上年结余"
        | "上年结转资金" => "prior_year_carryover",
        "上年实户资金余额" => "prior_year_account_balance",
        "一般公共预算"
        | "一般公共预算拨款"
        | "一般公共预算拨款收入"
        | "一般公共预算收入"
        | "一般公共预算资金"
        | "一般公共预算财政拨款"
        | "一般公共预算支出"
        | "公共预算拨款" => "general_budget",
        "其中：财政拨款" => "of_which_appropriation",
        "政府性基金"
        | "政府性基金预算"
        | "政府性基金预算拨款"
        | "政府性基金拨款"
        | "政府性基金预算收入"
        | "政府性基金预算资金"
        | "政府性基金预算拨款收入"
        | "政府性基金预算财政拨款"
        | "政府性基金预算支出"
        | "本年政府性基金预算支出" => "government_fund",
        "国有资本经营预算"
        | "国有资本经营预算拨款"
        | "国有资本经营预算收入"
        | "国有资本经营预算拨款收入"
        | "国有资本经营预算财政拨款"
        | "国有资本经营预算支出" => "state_capital",
        "财政专户管理资金收入"
        | "财政专户管理资金"
        | "财政专户拨款"
        | "财政专户拨款收入"
        | "财政专户拨款资金"
        | "财政专户管理事业收入" => "special_account",
        "教育收费" => "education_fees",
        "其他专户收入拨款" => "other_special_account",
        "事业收入" => "institution_income",
        "事业单位经营收入" | "经营收入" | "事业单位经营服务收入" => {
            "business_income"
        }
        // 决算: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余.
        "年初结转和结余" => "opening_balance",
        "年末结转和结余" => "closing_balance",
        "结转下年资金" | "结转下年" => "carryover_to_next_year",
        "使用非财政拨款结余" => "non_appropriation_balance_used",
        "上级补助收入" => "superior_subsidy",
        "附属单位上缴收入" | "对附属单位上缴收入" => "subordinate_remittance",
        "其他收入" | "其它收入" => "other_income",
        "用事业基金弥补收支差额" => "institution_fund_draw",
        "单位资金" => "unit_funds",
        "其他资金" | "其他资金收入" => "other_funds",
        "其中:经费拨款" | "其中：经费拨款" => "of_which_operating_appropriation",
        "基本支出" | "其中：基本支出" | "基本支出预算" => "basic",
        "项目支出" | "其中：项目支出" | "专项业务经费支出" => "project",
        "扣除基建项目后预算数" => "excluding_capital_construction",
        "人员经费" | "人员经费支出" | "人员支出" | "人员类" => "personnel",
        "公用经费" | "公用经费支出" | "日常公用支出" | "日常公用经费" | "公用类" => {
            "public"
        }
        "工资福利支出" => "wages_and_welfare",
        "对个人和家庭的补助" => "household_subsidy",
        "商品和服务支出" => "goods_and_services",
        "资本性支出" => "capital",
        "事业单位经营支出" | "经营支出" => "business_expenditure",
        "上缴上级支出" => "remittance_to_superior",
        "对附属单位补助支出" => "subsidy_to_subordinates",
        "单位预留机动经费" => "reserve_funds",
        "机关运行经费支出" | "机关运行经费预算数" | "机关运行经费" => {
            "administrative_operating"
        }
        "其他运转类" => "other_operating",
        // Xi'an 项目支出 split into 业务经费 and 专项资金 (renwu_169).
        "业务经费" | "专项业务经费" => "operating_funds",
        "专项资金" => "special_funds",
        "特定目标类" => "specific_purpose",
        "本年一般公共预算基本支出" | "一般公共预算基本支出" => {
            "general_budget_basic"
        }
        "本年财政拨款基本支出" => "appropriation_basic",
        "因公出国（境）费" | "因公出国(境)费" | "因公出国（境）费用" | "因公出国(境)费用" => {
            "overseas_travel"
        }
        "公务用车购置及运行费" | "公务用车购置及运行维护费" => "vehicles",
        "公务用车购置费" | "购置费" | "公务用车购置" | "其中：公务用车购置" => {
            "purchase"
        }
        "公务用车运行费" | "公务用车运行维护费" | "运行费" | "其中：公务用车运行费" => {
            "operation"
        }
        "公务接待费" => "reception",
        "会议费" => "meetings",
        "培训费" => "training",
        "本年拨款" => "current_appropriation",
        "财政拨款结转结余" => "appropriation_carryover",
        "项目金额" => "funding",
        "政府预算资金" => "government_budget",
        "政府采购项目" => "government_procurement",
        "数量" => "quantity",
        "实有人数" => "actual_staff",
        "编制人数" => "authorised_staff",
        "行政" => "administrative",
        "事业" => "institution",
        "得分" => "score",
        "分值" => "weight",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(kind: TableKind, labels: &[&str], period: Option<&str>) -> Option<String> {
        let path: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
        candidate(kind, &path, period, true)
    }

    #[test]
    fn groups_qualifiers_and_years_leave_the_measure() {
        use TableKind::*;
        let t5 = GeneralBudgetExpenditure;
        assert_eq!(c(t5, &["基本支出", "小计"], None).as_deref(), Some("basic"));
        assert_eq!(
            c(t5, &["预算数", "基本支出", "人员经费"], None).as_deref(),
            Some("basic.personnel")
        );
        assert_eq!(c(t5, &["一般公共预算支出", "合计"], None).as_deref(), Some("total"));
        assert_eq!(c(t5, &["2026年预算数", "总计"], Some("current")).as_deref(), Some("total"));
        assert_eq!(c(t5, &["2025年预算数"], Some("prior")).as_deref(), Some("prior.total"));
        assert_eq!(c(t5, &["小计"], None).as_deref(), Some("total"));
        assert_eq!(c(t5, &["金额"], None).as_deref(), Some("total"));
        assert_eq!(c(t5, &["其中：", "基本支出"], None).as_deref(), Some("basic"));
        assert_eq!(c(t5, &["预算单位：长春市信访局", "合计"], None).as_deref(), Some("total"));
        assert_eq!(c(t5, &["某新列"], None), None);
        let t1 = IncomeExpenditureSummary;
        assert_eq!(c(t1, &["收入", "预算数"], None).as_deref(), Some("income_total"));
        assert_eq!(c(t1, &["支出", "合计"], None).as_deref(), Some("expenditure_total"));
        assert_eq!(
            c(AppropriationSummary, &["支出", "一般公共预算"], None).as_deref(),
            Some("expenditure.general_budget")
        );
        assert_eq!(
            c(
                ThreePublicExpenses,
                &["2021年", "公务用车购置及运行维护费", "运行费"],
                Some("prior")
            )
            .as_deref(),
            Some("prior.vehicles.operation")
        );
        assert_eq!(
            c(GeneralBudgetBasicExpenditure, &["基本支出", "人员经费"], None).as_deref(),
            Some("personnel")
        );
    }

    #[test]
    fn the_dictionary_is_sorted_unique_and_has_other_for_every_kind() {
        let rows: Vec<(String, String)> = DICTIONARY
            .lines()
            .skip(1)
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                assert_eq!(f.len(), 4, "kind, measure, meaning, header paths: {l}");
                assert!(!f[2].is_empty(), "a meaning for {l}");
                (f[0].to_string(), f[1].to_string())
            })
            .collect();
        let mut sorted = rows.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(rows, sorted, "schema/measures.tsv is sorted by kind, measure, and unique");
        for kind in rows.iter().map(|(k, _)| k) {
            assert!(rows.contains(&(kind.clone(), OTHER.to_string())), "{kind} lacks other");
        }
    }
}

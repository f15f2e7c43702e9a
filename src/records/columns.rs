//! Column roles and the labels the column totals read (合计/小计, 其中), off a table's
//! header paths. What an amount column's figure is (its measure) is
//! [`measures`](super::measures)' work.

pub use crate::vocabulary::labels::is_of_which_label;
use crate::vocabulary::labels::TOTAL_SUFFIXES;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Part of a classification code (科目编码, 类/款/项); `gov` for 政府预算经济分类.
    Code { gov: bool },
    /// 单位代码: a budget unit's code.
    OrgCode,
    /// 科目名称 / 单位名称 / 项目名称 …; `gov` for 政府预算经济分类.
    Name { gov: bool },
    /// The item label of one side of a two-sided summary (收入/项目, 支出/项目).
    SideItem { income: bool },
    /// 类型 of a project.
    ProjectType,
    /// 项目单位 of a project.
    ProjectOrg,
    /// A code and its name in one cell, "2050803-培训支出" (Beijing's 支出功能分类科目,
    /// 政府支出经济分类科目, 部门支出经济分类科目). `gov`: 政府…经济分类; `econ`: 部门…经济分类.
    CodeName { gov: bool, econ: bool },
    /// 三级指标 (name) or 指标值 (value) of a performance indicator.
    Indicator { value: bool },
    /// 序号 / 行次: a row number, not data.
    Serial,
    /// A column of words under a label we would otherwise read as amounts (采购品目, 备注).
    Text,
    /// Anything else: an amount column.
    Amount,
}

/// The role of the column with header `path`.
pub fn role(path: &[String]) -> Role {
    let leaf = path.last().map(String::as_str).unwrap_or("");
    let gov = path.iter().any(|l| l.contains("政府预算") && l.contains("经济分类"));
    let income_side = path.first().is_some_and(|t| t.starts_with("收入"));
    match leaf {
        "单位代码" | "单位编码" | "部门代码" | "部门编码" => Role::OrgCode,
        // 年度 prints years (2021, 2022 …) beside figures: they are not amounts (renwu_169).
        "序号" | "行次" | "栏次" | "编号" | "年度" | "年份" => Role::Serial,
        // 采购品目大类 heads the 货物 / 服务 / 工程 lines of a 政府采购 table (jsob_006, renwu_134).
        "预算单位" | "单位名称" | "部门名称" | "采购品目大类" | "采购类别" => {
            Role::Name { gov }
        }
        "科目编码"
        | "类"
        | "款"
        | "项"
        | "编码"
        | "功能分类科目编码"
        | "经济分类科目编码"
        | "项目编码"
        | "科目代码" => Role::Code { gov },
        "项目" | "项目名称" if path.len() > 1 && path[0].starts_with(['收', '支']) => {
            Role::SideItem { income: income_side }
        }
        "类型" | "项目类型" | "项目类别" => Role::ProjectType,
        "项目单位" | "单位" => Role::ProjectOrg,
        "三级指标" | "指标名称" => Role::Indicator { value: false },
        "指标值" | "目标值" => Role::Indicator { value: true },
        _ if leaf.contains("编码") || leaf.contains("代码") => Role::Code { gov },
        _ if leaf.ends_with("分类科目") => Role::CodeName {
            gov: leaf.contains("政府") && leaf.contains("经济"),
            econ: leaf.contains("部门") && leaf.contains("经济"),
        },
        _ if leaf.contains("名称") || leaf == "科目" => Role::Name { gov },
        _ => Role::Amount,
    }
}

/// One header label → a snake_case word; unknown labels keep their (normalised) text. Only
/// [`is_total_label`] reads it.
fn label_key(label: &str) -> String {
    let bare = strip_unit_suffix(label);
    let key = match bare {
        "合计" | "总计" | "“三公”经费合计" | "三公经费合计" | "资金总额" | "金额合计" => {
            "total"
        }
        "小计" => "subtotal",
        "金额" | "预算数" | "预算金额" => "amount",
        "收入" => "income",
        "支出" => "expenditure",
        "本年收入" => "current_income",
        "本年支出" => "current_expenditure",
        "上年结转结余" | "上年结转" | "上年结转结余资金" => {
            "prior_year_carryover"
        }
        "一般公共预算" | "一般公共预算拨款" | "一般公共预算拨款收入" => {
            "general_budget"
        }
        "其中：财政拨款" => "of_which_appropriation",
        "政府性基金" | "政府性基金预算" | "政府性基金预算拨款" => {
            "government_fund"
        }
        "国有资本经营预算" | "国有资本经营预算拨款" => "state_capital",
        "财政专户管理资金收入" | "财政专户管理资金" => "special_account",
        "事业收入" => "institution_income",
        "事业单位经营收入" => "business_income",
        "上级补助收入" => "superior_subsidy",
        "附属单位上缴收入" => "subordinate_remittance",
        "其他收入" => "other_income",
        "单位资金" => "unit_funds",
        "基本支出" => "basic",
        "项目支出" => "project",
        "人员经费" => "personnel",
        "公用经费" => "public",
        "工资福利支出" => "wages_and_welfare",
        "对个人和家庭的补助" => "household_subsidy",
        "商品和服务支出" => "goods_and_services",
        "资本性支出" => "capital",
        "其他运转类" => "other_operating",
        "特定目标类" => "specific_purpose",
        "本年一般公共预算基本支出" => "general_budget_basic",
        "因公出国（境）费" | "因公出国(境)费" => "overseas_travel",
        "公务用车购置及运行费" => "vehicles",
        "公务用车购置费" => "purchase",
        "公务用车运行费" | "公务用车运行维护费" => "operation",
        "公务接待费" => "reception",
        "本年拨款" => "current_appropriation",
        "财政拨款结转结余" => "appropriation_carryover",
        "项目金额" => "funding",
        "政府预算资金" => "government_budget",
        _ => return bare.to_string(),
    };
    key.to_string()
}

/// The period a column's header names, when it names one: `current` (本年, the latest year
/// printed in the table's header), `prior` (上年, an earlier year), `change` (增减),
/// `initial_budget` (年初预算), `adjusted_budget` (调整预算), `final` (决算).
pub fn period(path: &[String], latest_year: Option<u32>) -> Option<&'static str> {
    let mut found = None;
    for label in path {
        let label = strip_unit_suffix(label);
        let here = if label.contains("增减") || label.contains("增长") {
            Some("change")
        } else if label.starts_with("年初预算") {
            Some("initial_budget")
        } else if label.starts_with("调整预算") || label.starts_with("调整后预算") {
            Some("adjusted_budget")
        } else if label.starts_with("决算") {
            Some("final")
        } else if label.starts_with("上年") && !label.contains("结转") && !label.contains("结余")
        {
            Some("prior")
        } else if let Some(year) = year_of(label) {
            Some(if Some(year) < latest_year { "prior" } else { "current" })
        } else if label.starts_with("本年")
            && (label.ends_with("预算") || label.ends_with("预算数"))
            || label == "本年"
            || label == "本年数"
        {
            Some("current")
        } else {
            None
        };
        found = here.or(found);
    }
    found
}

/// The year a header label opens with: "2025年预算数" → 2025.
pub fn year_of(label: &str) -> Option<u32> {
    let digits: String = label.chars().take_while(char::is_ascii_digit).collect();
    let rest = &label[digits.len()..];
    (digits.len() == 4 && rest.starts_with('年')).then(|| digits.parse().ok()).flatten()
}

/// "项目金额（万元）" → "项目金额".
fn strip_unit_suffix(label: &str) -> &str {
    for suffix in ["（万元）", "(万元)", "（元）", "(元)"] {
        if let Some(s) = label.strip_suffix(suffix) {
            return s;
        }
    }
    label
}

/// True for a column whose amounts total its siblings (合计, 小计, 总计 …).
pub fn is_total_label(label: &str) -> bool {
    let bare = strip_unit_suffix(label);
    matches!(label_key(label).as_str(), "total" | "subtotal")
        // 项目支出总数 inside a 项目支出 group; a top-level 支出总计 beside memo columns
        // (政府采购项目) is not read as their total.
        || TOTAL_SUFFIXES.iter().any(|t| bare.ends_with(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn roles_from_labels() {
        assert_eq!(role(&p(&["科目编码"])), Role::Code { gov: false });
        assert_eq!(role(&p(&["科目编码", "类"])), Role::Code { gov: false });
        assert_eq!(role(&p(&["政府预算经济分类", "款"])), Role::Code { gov: true });
        assert_eq!(role(&p(&["单位代码"])), Role::OrgCode);
        assert_eq!(role(&p(&["支出功能分类科目"])), Role::CodeName { gov: false, econ: false });
        assert_eq!(role(&p(&["政府支出经济分类科目"])), Role::CodeName { gov: true, econ: false });
        assert_eq!(role(&p(&["单位（科目名称）"])), Role::Name { gov: false });
        assert_eq!(role(&p(&["收入", "项目"])), Role::SideItem { income: true });
        assert_eq!(role(&p(&["采购品目大类"])), Role::Name { gov: false });
        assert_eq!(role(&p(&["支出", "合计"])), Role::Amount);
        assert_eq!(role(&p(&["绩效目标", "产出指标", "指标值"])), Role::Indicator { value: true });
    }
}

//! The contract's table kinds: what a table holds, whatever its printed title. Telling a
//! printed title's kind is the table stage's work (`tables::classify_title`).

use serde::Serialize;

/// What a table holds; `number()` is its place in the 12-table set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 1 部门收支总体情况表 / 收支总表 / 收支预算总表 / 财务收支预算总表
    IncomeExpenditureSummary,
    /// 2 部门收入总体情况表 / 收入总表 / 收入预算总表
    IncomeSummary,
    /// 3 部门支出总体情况表 / 支出总表 / 支出预算总表
    ExpenditureSummary,
    /// 4 财政拨款收支总体情况表 / 财政拨款收支总表
    AppropriationSummary,
    /// 5 一般公共预算支出情况表 / 一般公共预算支出表
    GeneralBudgetExpenditure,
    /// 6 一般公共预算基本支出情况表 / 一般公共预算基本支出表
    GeneralBudgetBasicExpenditure,
    /// 7 支出经济分类汇总表
    EconomicClassificationSummary,
    /// 8 一般公共预算“三公”经费支出情况表
    ThreePublicExpenses,
    /// 9 政府性基金预算支出情况表
    GovernmentFundExpenditure,
    /// 10 项目支出预算表 / 项目支出表
    ProjectExpenditure,
    /// 11 部门（单位）整体绩效目标表
    DepartmentPerformanceTargets,
    /// 12 部门预算项目绩效目标汇总表 / 项目支出绩效目标表
    ProjectPerformanceTargets,
    /// 国有资本经营预算支出表
    StateCapitalExpenditure,
    /// 政府采购预算表
    GovernmentProcurement,
    /// 财政拨款支出预算表（功能科目）: 一般公共预算 and 政府性基金 together (Jiangsu 公开05表)
    AppropriationExpenditure,
    /// 一般公共预算机关运行经费支出预算表
    AdministrativeOperatingExpenses,
    /// 一般公共预算基本支出明细表（按支出功能分类科目） (Xi'an 表7; by economic class it is 6)
    GeneralBudgetBasicExpenditureByFunction,
    /// 政府购买服务预算表 / 财政拨款政府购买服务明细表
    GovernmentPurchasedServices,
    /// 部门整体支出绩效自评表 (决算)
    DepartmentPerformanceEvaluation,
    /// 项目支出绩效自评表 (决算)
    ProjectPerformanceEvaluation,
    /// Any other table.
    Other,
}

impl TableKind {
    /// The kind's place in the standard 12-table set; `None` for the others.
    pub fn number(self) -> Option<u8> {
        use TableKind::*;
        Some(match self {
            IncomeExpenditureSummary => 1,
            IncomeSummary => 2,
            ExpenditureSummary => 3,
            AppropriationSummary => 4,
            GeneralBudgetExpenditure => 5,
            GeneralBudgetBasicExpenditure => 6,
            EconomicClassificationSummary => 7,
            ThreePublicExpenses => 8,
            GovernmentFundExpenditure => 9,
            ProjectExpenditure => 10,
            DepartmentPerformanceTargets => 11,
            ProjectPerformanceTargets => 12,
            StateCapitalExpenditure
            | GovernmentProcurement
            | AppropriationExpenditure
            | AdministrativeOperatingExpenses
            | GeneralBudgetBasicExpenditureByFunction
            | GovernmentPurchasedServices
            | DepartmentPerformanceEvaluation
            | ProjectPerformanceEvaluation
            | Other => return None,
        })
    }

    /// The snake_case name used in the JSON.
    pub fn as_str(self) -> &'static str {
        use TableKind::*;
        match self {
            IncomeExpenditureSummary => "income_expenditure_summary",
            IncomeSummary => "income_summary",
            ExpenditureSummary => "expenditure_summary",
            AppropriationSummary => "appropriation_summary",
            GeneralBudgetExpenditure => "general_budget_expenditure",
            GeneralBudgetBasicExpenditure => "general_budget_basic_expenditure",
            EconomicClassificationSummary => "economic_classification_summary",
            ThreePublicExpenses => "three_public_expenses",
            GovernmentFundExpenditure => "government_fund_expenditure",
            ProjectExpenditure => "project_expenditure",
            DepartmentPerformanceTargets => "department_performance_targets",
            ProjectPerformanceTargets => "project_performance_targets",
            StateCapitalExpenditure => "state_capital_expenditure",
            GovernmentProcurement => "government_procurement",
            AppropriationExpenditure => "appropriation_expenditure",
            AdministrativeOperatingExpenses => "administrative_operating_expenses",
            GeneralBudgetBasicExpenditureByFunction => {
                "general_budget_basic_expenditure_by_function"
            }
            GovernmentPurchasedServices => "government_purchased_services",
            DepartmentPerformanceEvaluation => "department_performance_evaluation",
            ProjectPerformanceEvaluation => "project_performance_evaluation",
            Other => "other",
        }
    }

    /// The twelve standard kinds in table-number order.
    pub const STANDARD: [TableKind; 12] = [
        TableKind::IncomeExpenditureSummary,
        TableKind::IncomeSummary,
        TableKind::ExpenditureSummary,
        TableKind::AppropriationSummary,
        TableKind::GeneralBudgetExpenditure,
        TableKind::GeneralBudgetBasicExpenditure,
        TableKind::EconomicClassificationSummary,
        TableKind::ThreePublicExpenses,
        TableKind::GovernmentFundExpenditure,
        TableKind::ProjectExpenditure,
        TableKind::DepartmentPerformanceTargets,
        TableKind::ProjectPerformanceTargets,
    ];
}

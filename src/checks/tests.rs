//! Each identity with a passing and a failing case, on tables built from small grids.

use super::run_checks;
use crate::contract::Indent;
use crate::model::{Check, Table};
use crate::tables::{RawTable, TableKind};

fn table(kind: TableKind, unit: &str, rows: &[&str]) -> Table {
    indented(kind, unit, rows, &[])
}

/// A table whose cells at (grid row, col) start `left` font sizes into their cell (a wide
/// one: left-aligned text), as the PDF layout measures them.
fn indented(kind: TableKind, unit: &str, rows: &[&str], indents: &[(usize, usize, f64)]) -> Table {
    let indents = indents
        .iter()
        .map(|&(row, col, left)| Indent { row, col, left, right: 20.0 - left })
        .collect();
    crate::read_table(RawTable::from_rows(kind, unit, rows, indents), &mut Vec::new())
}

fn find<'a>(checks: &'a [Check], rule: &str) -> Vec<&'a Check> {
    let found: Vec<&Check> = checks.iter().filter(|c| c.rule == rule).collect();
    assert!(!found.is_empty(), "no check {rule} in {checks:#?}");
    found
}

fn expenditure(total: &str, basic: &str, personnel: &str, public: &str, project: &str) -> Table {
    let body = [
        format!("\t\t合计\t{total}\t{basic}\t{personnel}\t{public}\t{project}"),
        format!("201\t\t一般公共服务\t{total}\t{basic}\t{personnel}\t{public}\t{project}"),
        format!("201\t01\t人大事务\t{total}\t{basic}\t{personnel}\t{public}\t{project}"),
    ];
    let mut rows = vec![
        "科目编码\t\t科目名称\t合计\t基本支出\t\t\t项目支出",
        "\t\t\t\t小计\t人员经费\t公用经费\t",
    ];
    rows.extend(body.iter().map(String::as_str));
    table(TableKind::ExpenditureSummary, "万元", &rows)
}

#[test]
fn column_total_equals_its_parts() {
    let ok = run_checks(&[expenditure("10.00", "6.00", "5.00", "1.00", "4.00")], Some("万元"));
    assert!(find(&ok, "t03.row_sum.total").iter().all(|c| c.ok));
    assert!(find(&ok, "t03.row_sum.basic").iter().all(|c| c.ok));

    let bad = run_checks(&[expenditure("10.00", "6.00", "5.00", "2.00", "4.00")], Some("万元"));
    let failed: Vec<_> = find(&bad, "t03.row_sum.basic").into_iter().filter(|c| !c.ok).collect();
    assert_eq!(failed.len(), 3);
    assert!(failed[0].detail.contains("6.00 ≠"), "{}", failed[0].detail);
    assert!(failed[0].detail.contains("diff -1.00"), "{}", failed[0].detail);
}

#[test]
fn total_row_equals_top_level_lines() {
    let mut t = expenditure("10.00", "6.00", "5.00", "1.00", "4.00");
    let checks = run_checks(std::slice::from_ref(&t), None);
    // 201 is the parent of 20101, so only 201 is summed.
    let c = find(&checks, "t03.column_sum.items.total");
    assert!(c[0].ok, "{}", c[0].detail);

    t.records[1].amounts[0].1 = crate::contract::Amount::parse("9.00");
    let checks = run_checks(&[t], None);
    assert!(!find(&checks, "t03.column_sum.items.total")[0].ok);
}

#[test]
fn rounding_tolerance_is_n_times_the_last_printed_unit() {
    // 3 parts printed to 0.01: a difference of 0.03 passes, 0.04 fails.
    let within = table(
        TableKind::ThreePublicExpenses,
        "万元",
        &[
            "“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费",
            "1.03\t0.33\t0.33\t0.34",
        ],
    );
    assert!(find(&run_checks(&[within], None), "t08.row_sum.total")[0].ok);
    let beyond = table(
        TableKind::ThreePublicExpenses,
        "万元",
        &[
            "“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费",
            "1.04\t0.33\t0.33\t0.34",
        ],
    );
    let c = &find(&run_checks(&[beyond], None), "t08.row_sum.total")[0].clone();
    assert!(!c.ok);
    assert!(c.detail.contains("diff 0.04") && c.detail.contains("tolerance 0.03"), "{}", c.detail);
}

fn summary(income: [&str; 3], expenditure: [&str; 3]) -> Table {
    let rows = [
        "收入\t\t支出\t".to_string(),
        "项目\t金额\t项目\t金额".to_string(),
        format!("一、一般公共预算\t{}\t一、一般公共服务\t{}", income[0], expenditure[0]),
        format!("其中：财政拨款\t{}\t二、教育\t{}", income[0], expenditure[1]),
        format!("二、事业收入\t{}\t\t", income[1]),
        format!("本年收入合计\t{}\t本年支出合计\t{}", income[2], expenditure[2]),
        "上年结转结余\t\t年终结转结余\t".to_string(),
        format!("收入总计\t{}\t支出总计\t{}", income[2], expenditure[2]),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    table(TableKind::IncomeExpenditureSummary, "万元", &rows)
}

#[test]
fn two_sided_summary_balances() {
    let good = run_checks(&[summary(["8.00", "2.00", "10.00"], ["7.00", "3.00", "10.00"])], None);
    for rule in [
        "t01.income_total_equals_items",
        "t01.income_grand_total_equals_items",
        "t01.expenditure_total_equals_items",
        "t01.income_total_equals_expenditure_total",
    ] {
        assert!(find(&good, rule).iter().all(|c| c.ok), "{rule}: {good:#?}");
    }
    // 其中 lines are part of the line above, not addends: 8 + 2 = 10, not 18.
    let bad = run_checks(&[summary(["8.00", "2.00", "10.00"], ["7.00", "3.00", "11.00"])], None);
    assert!(!find(&bad, "t01.expenditure_total_equals_items")[0].ok);
    assert!(!find(&bad, "t01.income_total_equals_expenditure_total")[0].ok);
}

fn appropriation(line: &str, subs: [&str; 2]) -> Table {
    let rows = [
        "收入\t\t支出\t".to_string(),
        "项目\t金额\t项目\t合计".to_string(),
        format!("一、本年收入\t{line}\t一、本年支出\t{line}"),
        format!("（一）一般公共预算拨款\t{}\t（一）教育支出\t{}", subs[0], subs[0]),
        format!("（二）政府性基金预算拨款\t{}\t（二）科学技术支出\t{}", subs[1], subs[1]),
        format!("收入合计\t{line}\t支出合计\t{line}"),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    table(TableKind::AppropriationSummary, "万元", &rows)
}

#[test]
fn numbered_line_equals_its_sub_lines() {
    let good = run_checks(&[appropriation("5.00", ["2.00", "3.00"])], None);
    assert!(find(&good, "t04.income_line_equals_sublines")[0].ok);
    assert!(find(&good, "t04.expenditure_line_equals_sublines")[0].ok);
    let bad = run_checks(&[appropriation("5.00", ["2.00", "2.00"])], None);
    assert!(!find(&bad, "t04.income_line_equals_sublines")[0].ok);
}

fn project_table(total: &str) -> Table {
    table(
        TableKind::ProjectExpenditure,
        "万元",
        &[
            "类型\t项目名称\t项目单位\t合计",
            &format!("\t\t\t{total}"),
            "特定目标类\t甲项目\t某局\t4.00",
        ],
    )
}

#[test]
fn cross_table_project_total_matches_table_3() {
    let t3 = expenditure("10.00", "6.00", "5.00", "1.00", "4.00");
    let good = run_checks(&[t3.clone(), project_table("4.00")], None);
    assert!(find(&good, "x.t03_project_equals_t10_total")[0].ok);
    let bad = run_checks(&[t3, project_table("5.00")], None);
    let c = &find(&bad, "x.t03_project_equals_t10_total")[0];
    assert!(!c.ok && c.detail.contains("≠"), "{}", c.detail);
}

#[test]
fn cross_table_compares_in_one_unit() {
    // Table 3 in 万元, table 10 in 元: 4.00 万元 = 40000.00 元.
    let t3 = expenditure("10.00", "6.00", "5.00", "1.00", "4.00");
    let mut t10 = project_table("40000.00");
    t10.unit = Some("元".to_string());
    assert!(find(&run_checks(&[t3.clone(), t10], None), "x.t03_project_equals_t10_total")[0].ok);
    let mut t10 = project_table("4.00");
    t10.unit = Some("元".to_string());
    assert!(!find(&run_checks(&[t3, t10], None), "x.t03_project_equals_t10_total")[0].ok);
}

fn income_table(total: &str) -> Table {
    table(
        TableKind::IncomeSummary,
        "万元",
        &["单位代码\t单位名称\t总计\t本年收入", &format!("\t合计\t{total}\t{total}")],
    )
}

#[test]
fn cross_table_income_totals_agree() {
    let t1 = summary(["8.00", "2.00", "10.00"], ["7.00", "3.00", "10.00"]);
    let good = run_checks(&[t1.clone(), income_table("10.00")], None);
    assert!(find(&good, "x.t01_income_total_equals_t02_total")[0].ok);
    let bad = run_checks(&[t1, income_table("12.00")], None);
    assert!(!find(&bad, "x.t01_income_total_equals_t02_total")[0].ok);
}

#[test]
fn table_1_equals_table_4_only_when_all_income_is_appropriation() {
    // 事业收入 2.00 is not 财政拨款: the premise fails, so the identity is not checked.
    let t1 = summary(["8.00", "2.00", "10.00"], ["7.00", "3.00", "10.00"]);
    let checks = run_checks(&[t1, appropriation("8.00", ["8.00", ""])], None);
    assert!(!checks.iter().any(|c| c.rule == "x.t01_income_total_equals_t04_income_total"));

    let t1 = summary(["10.00", "", "10.00"], ["7.00", "3.00", "10.00"]);
    let good = run_checks(&[t1.clone(), appropriation("10.00", ["10.00", ""])], None);
    assert!(find(&good, "x.t01_income_total_equals_t04_income_total")[0].ok);
    let bad = run_checks(&[t1, appropriation("9.00", ["9.00", ""])], None);
    assert!(!find(&bad, "x.t01_income_total_equals_t04_income_total")[0].ok);
}

/// renwu_123 表3: 类, 款 and 项 printed as names alone, one character of indent apart.
fn names_only(with_indents: bool) -> Table {
    let rows = [
        "功能分类科目名称\t总计\t基本支出\t项目支出",
        "合计\t10.00\t6.00\t4.00",
        "一般公共服务支出\t7.00\t6.00\t1.00",
        "人大事务\t7.00\t6.00\t1.00",
        "行政运行\t6.00\t6.00\t",
        "一般行政管理事务\t1.00\t\t1.00",
        "教育支出\t3.00\t\t3.00",
        "普通教育\t3.00\t\t3.00",
    ];
    let indents: Vec<(usize, usize, f64)> = [3.0, 0.4, 1.4, 2.4, 2.4, 0.4, 1.4]
        .iter()
        .enumerate()
        .map(|(i, &em)| (i + 1, 0, em))
        .filter(|_| with_indents)
        .collect();
    indented(TableKind::ExpenditureSummary, "万元", &rows, &indents)
}

#[test]
fn indented_names_are_summed_at_the_outermost_level_only() {
    let t = names_only(true);
    let levels: Vec<Option<u8>> = t.records.iter().map(|r| r.level("level")).collect();
    // 合计, centred, takes no part in the hierarchy.
    assert_eq!(levels, [None, Some(1), Some(2), Some(3), Some(3), Some(1), Some(2)]);
    let checks = run_checks(&[t], None);
    for key in ["total", "basic", "project"] {
        let c = &find(&checks, &format!("t03.column_sum.items.{key}"))[0];
        assert!(c.ok, "{}", c.detail);
    }
    // Without the layout's indents every line is top level and the sum is 27.00, not 10.00.
    let flat = run_checks(&[names_only(false)], None);
    assert!(!find(&flat, "t03.column_sum.items.total")[0].ok);
}

/// Table 1 whose 支出 side indents unnumbered 类 and 款 lines (renwu_123 表1).
fn indented_summary(with_indents: bool) -> Table {
    let rows = [
        "收入\t\t支出\t",
        "项目\t金额\t项目\t金额",
        "一、一般公共预算\t10.00\t一般公共服务支出\t7.00",
        "\t\t人大事务\t7.00",
        "\t\t教育支出\t3.00",
        "\t\t普通教育\t3.00",
        "本年收入合计\t10.00\t本年支出合计\t10.00",
        "收入总计\t10.00\t支出总计\t10.00",
    ];
    let mut indents = vec![(2, 0, 0.0)];
    indents.extend([(2, 2, 0.4), (3, 2, 1.4), (4, 2, 0.4), (5, 2, 1.4)]);
    let indents = if with_indents { indents } else { Vec::new() };
    indented(TableKind::IncomeExpenditureSummary, "万元", &rows, &indents)
}

#[test]
fn a_side_indenting_its_lines_sums_the_outermost_ones() {
    let t = indented_summary(true);
    let levels: Vec<Option<u8>> = t.records.iter().map(|r| r.level("expenditure_level")).collect();
    assert_eq!(levels, [Some(1), Some(2), Some(1), Some(2), None, None]);
    let checks = run_checks(&[t], None);
    let c = &find(&checks, "t01.expenditure_total_equals_items")[0];
    assert!(c.ok && c.detail.contains("一般公共服务支出 7.00 + 教育支出 3.00"), "{}", c.detail);
    let flat = run_checks(&[indented_summary(false)], None);
    assert!(!find(&flat, "t01.expenditure_total_equals_items")[0].ok);
}

#[test]
fn a_numbered_total_printed_first_stops_at_its_sibling() {
    // renwu_123 表4: 一、本年支出合计 above its lines, 二、年终结转结余 after them.
    let rows = [
        "收入\t\t支出\t",
        "项目\t金额\t项目\t金额",
        "一、本年收入\t10.00\t一、本年支出合计\t10.00",
        "（一）一般公共预算拨款\t10.00\t（一）教育支出\t10.00",
        "\t\t二、年终结转结余\t",
        "收入合计\t10.00\t支出总计\t10.00",
    ];
    let checks = run_checks(&[table(TableKind::AppropriationSummary, "万元", &rows)], None);
    let c = &find(&checks, "t04.expenditure_total_equals_items")[0];
    assert!(c.ok && c.detail.contains("（一）教育支出 10.00"), "{}", c.detail);
}

#[test]
fn a_numbered_line_over_lines_numbered_again_from_one_is_their_total() {
    // renwu_197 表4: 一、本年支出 over 一、…四、 (its function classes), then 二、结转下年支出.
    let rows = [
        "收入\t\t支出\t",
        "项目\t金额\t项目\t金额",
        "一、本年收入\t10.00\t一、本年支出\t10.00",
        "一般公共预算拨款\t10.00\t一、一般公共服务支出\t6.00",
        "\t\t二、社会保障和就业支出\t4.00",
        "\t\t二、结转下年支出\t",
        "收入总计\t10.00\t支出总计\t10.00",
    ];
    let checks = run_checks(&[table(TableKind::AppropriationSummary, "万元", &rows)], None);
    let c = &find(&checks, "t04.expenditure_total_equals_items")[0];
    assert!(
        c.ok && c.detail.contains("一、本年支出 10.00 + 二、结转下年支出 blank"),
        "{}",
        c.detail
    );
    let c = &find(&checks, "t04.expenditure_line_equals_sublines")[0];
    assert!(c.ok && c.detail.contains("二、社会保障和就业支出 4.00"), "{}", c.detail);
    // Lines that do not add up to the line above stay addends: the total then fails.
    let wrong: Vec<String> = rows.iter().map(|r| r.replace("\t4.00", "\t3.00")).collect();
    let wrong: Vec<&str> = wrong.iter().map(String::as_str).collect();
    let checks = run_checks(&[table(TableKind::AppropriationSummary, "万元", &wrong)], None);
    assert!(!find(&checks, "t04.expenditure_total_equals_items")[0].ok);
    assert!(!checks.iter().any(|c| c.rule == "t04.expenditure_line_equals_sublines"));
}

#[test]
fn an_income_heading_is_judged_by_its_sub_lines() {
    // renwu_161 表1: 一、部门预算 over 1、财政拨款; every income is 财政拨款.
    let rows = [
        "收入\t\t支出\t",
        "项目\t金额\t项目\t金额",
        "一、部门预算\t10.00\t一、部门预算\t10.00",
        "1、财政拨款\t10.00\t1、教育支出\t10.00",
        "2、事业收入\t0.00\t\t",
        "本年收入合计\t10.00\t本年支出合计\t10.00",
        "收入总计\t10.00\t支出总计\t10.00",
    ];
    let t1 = table(TableKind::IncomeExpenditureSummary, "万元", &rows);
    let checks = run_checks(&[t1, appropriation("10.00", ["10.00", ""])], None);
    assert!(find(&checks, "x.t01_income_total_equals_t04_income_total")[0].ok);
}

/// renwu_143 表1: 上年结转结余 8.00 that table 4 does not carry is the unit's own money, so
/// table 1's total is not table 4's; the same carry-over in table 4 is 财政拨款.
#[test]
fn a_carry_over_counts_as_appropriation_only_when_table_4_carries_it() {
    let t1 = |carried: &str, total: &str| {
        let rows = [
            "收入\t\t支出\t".to_string(),
            "项目\t金额\t项目\t金额".to_string(),
            "一、一般公共预算拨款收入\t10.00\t一、教育支出\t18.00".to_string(),
            "本年收入合计\t10.00\t本年支出合计\t18.00".to_string(),
            format!("上年结转结余\t{carried}\t结转下年\t"),
            format!("收入合计\t{total}\t支出合计\t18.00"),
        ];
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        table(TableKind::IncomeExpenditureSummary, "万元", &rows)
    };
    let t4 = |carried: &str, total: &str| {
        let rows = [
            "收入\t\t支出\t".to_string(),
            "项目\t金额\t项目\t合计".to_string(),
            "一、本年收入\t10.00\t一、本年支出\t10.00".to_string(),
            "（一）一般公共预算拨款\t10.00\t（一）教育支出\t10.00".to_string(),
            format!("二、上年结转\t{carried}\t\t"),
            format!("收入合计\t{total}\t支出合计\t{total}"),
        ];
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        table(TableKind::AppropriationSummary, "万元", &rows)
    };
    let rule = "x.t01_income_total_equals_t04_income_total";
    let own = run_checks(&[t1("8.00", "18.00"), t4("", "10.00")], None);
    assert!(!own.iter().any(|c| c.rule == rule), "{own:?}");
    let shared = run_checks(&[t1("8.00", "18.00"), t4("8.00", "18.00")], None);
    assert!(find(&shared, rule)[0].ok);
    let differs = run_checks(&[t1("8.00", "18.00"), t4("8.00", "17.00")], None);
    assert!(!find(&differs, rule)[0].ok);
}

fn prose(lines: &[&str], tables: &[Table]) -> Vec<Check> {
    let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    super::prose_checks(&lines, tables, Some("万元"))
}

#[test]
fn a_stated_grand_total_is_table_1s() {
    let t1 = summary(["8.00", "2.00", "10.00"], ["7.00", "3.00", "10.00"]);
    // Wrapped over two lines, as 说明 paragraphs are.
    let good = prose(
        &["本部门2025年收入总计10.00", "万元，支出总计100000元。"],
        std::slice::from_ref(&t1),
    );
    let rule = find(&good, "prose.total_equals_t01");
    assert_eq!(rule.len(), 2);
    assert!(rule.iter().all(|c| c.ok), "{good:?}");
    let bad = prose(&["2024年度收入支出总计0万元。"], std::slice::from_ref(&t1));
    let c = &find(&bad, "prose.total_equals_t01")[0];
    assert!(!c.ok && c.detail.contains("收入支出总计0万元"), "{}", c.detail);
    // A part named like a total, and a 本年 total, are not the 总计.
    let parts = prose(&["2．其他资金收入预算总计15万元。本年收入总计8万元。"], &[t1]);
    assert!(parts.is_empty(), "{parts:?}");
}

#[test]
fn a_stated_appropriation_total_is_table_4s() {
    let t4 = appropriation("5.00", ["2.00", "3.00"]);
    let good = prose(&["1．财政拨款收入预算总计5.00万元。"], std::slice::from_ref(&t4));
    assert!(find(&good, "prose.total_equals_t04")[0].ok);
    let bad = prose(&["财政拨款收入支出总计6.00万元。"], &[t4]);
    assert!(!find(&bad, "prose.total_equals_t04")[0].ok);
}

#[test]
fn shares_are_of_the_figure_their_sentence_opens_with() {
    let text = [
        "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；项目支出603.14万元，",
        "占20.51%。支出2940.05万元，主要用于：一般公共服务支出（类）2106.66万元，占71.73%。",
    ];
    let checks = prose(&text, &[]);
    let shares = find(&checks, "prose.share");
    assert_eq!(shares.iter().map(|c| c.ok).collect::<Vec<_>>(), [true, true, false]);
    assert!(shares[2].detail.contains("71.65%"), "{}", shares[2].detail);
    // A share of a base named in words is not read.
    let named = prose(&["支出2940.05万元，占本年支出合计的100%。"], &[]);
    assert!(named.is_empty(), "{named:?}");
}

#[test]
fn final_accounts_say_what_their_figures_say() {
    let text = [
        "行政运行（项）年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要",
        "原因：人员变动。住房公积金（项）年初预算为62.29万元，支出决算为60.99万元。决算数等于",
        "预算数。一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初",
        "预算的98.20%。",
    ];
    let checks = prose(&text, &[]);
    let verdicts = find(&checks, "prose.final_vs_budget");
    assert_eq!(verdicts.iter().map(|c| c.ok).collect::<Vec<_>>(), [true, false]);
    assert!(verdicts[1].detail.contains("60.99 小于 预算数 62.29"), "{}", verdicts[1].detail);
    assert!(find(&checks, "prose.completion_rate")[0].ok);
    let wrong = prose(&["年初预算为100万元，支出决算为90万元，完成年初预算的95%。"], &[]);
    assert!(!find(&wrong, "prose.completion_rate")[0].ok);
}

#[test]
fn prose_figures_out_of_range_give_no_check_and_no_panic() {
    let t1 = summary(["8.00", "2.00", "10.00"], ["7.00", "3.00", "10.00"]);
    let text = [
        "收入总计79228162514264337593543950335万元。",
        "支出0万元，其中：基本支出5万元，占10%。",
        "支出5万元，其中：项目支出79228162514264337593543950335万元，占1%。",
        "年初预算为0万元，支出决算为5万元，完成年初预算的10%。",
        "年初预算为1万元，支出决算为79228162514264337593543950335万元，完成年初预算的10%。",
        "年初预算为79228162514264337593543950335万元，支出决算为0.0000000000000000000000000001万元，",
        "完成年初预算的0.0000000000000000000000000001%。",
    ];
    let checks = prose(&text, std::slice::from_ref(&t1));
    assert!(checks.iter().all(|c| !c.detail.is_empty()));
}

/// renwu_100 表5: 小计 | 其中：基本支出 | 项目支出, where 其中 opens the list of parts.
#[test]
fn an_of_which_label_right_after_the_total_opens_its_parts() {
    let t = |basic: &str| {
        let rows = [
            "功能科目名称\t一般公共预算支出\t\t".to_string(),
            "\t小计\t其中：基本支出\t项目支出".to_string(),
            format!("合计\t10.00\t{basic}\t4.00"),
        ];
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        table(TableKind::GeneralBudgetExpenditure, "万元", &rows)
    };
    let ok = run_checks(&[t("6.00")], None);
    let c = &find(&ok, "t05.row_sum.total")[0];
    assert!(c.ok, "{}", c.detail);
    let bad = run_checks(&[t("5.00")], None);
    assert!(!find(&bad, "t05.row_sum.total")[0].ok);
}

/// renwu_100 表6: the label column's header (部门预算支出经济科目) names no known role and the
/// codes are printed in brackets before the names; the 合计 is the sum of the 类 lines.
#[test]
fn bracketed_codes_in_an_unknown_label_column_give_the_hierarchy() {
    let rows = [
        "部门预算支出经济科目\t预算",
        "合计\t10.00",
        "[301]工资福利支出\t7.00",
        "[30101]基本工资\t7.00",
        "[302]商品和服务支出\t3.00",
        "[30201]办公费\t3.00",
    ];
    let t = table(TableKind::GeneralBudgetBasicExpenditure, "万元", &rows);
    let first = &t.records[1];
    assert_eq!((first.code.as_deref(), first.name.as_deref()), (Some("301"), Some("工资福利支出")));
    let checks = run_checks(&[t], None);
    let c = &find(&checks, "t06.column_sum.items.total")[0];
    assert!(c.ok, "{}", c.detail);
}

/// renwu_065 表4: no 合计 line; the unit's line heads the table, its 类 indented under it.
#[test]
fn an_outermost_heading_line_totals_a_table_without_a_total_line() {
    let t = |wages: &str| {
        let rows = [
            "支出项目类别\t总计".to_string(),
            "深圳市司法局（本级）\t10.00".to_string(),
            format!("工资福利支出\t{wages}"),
            "基本工资\t7.00".to_string(),
            "商品和服务支出\t3.00".to_string(),
        ];
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        indented(
            TableKind::Other,
            "万元",
            &rows,
            &[(1, 0, 0.4), (2, 0, 1.4), (3, 0, 2.4), (4, 0, 1.4)],
        )
    };
    let ok = run_checks(&[t("7.00")], None);
    let c = &find(&ok, "other.column_sum.items.total")[0];
    assert!(c.ok, "{}", c.detail);
    assert!(!find(&run_checks(&[t("8.00")], None), "other.column_sum.items.total")[0].ok);
}

/// renwu_134 公开09表: “三公”经费合计 beside 会议费 and 培训费, which it does not total.
#[test]
fn the_three_public_total_sums_the_three_public_columns_only() {
    let rows = [
        "“三公”经费合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t会议费\t培训费",
        "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t",
        "14.93\t0.00\t9.03\t0.00\t9.03\t5.90\t1.30\t8.98",
    ];
    let checks = run_checks(&[table(TableKind::ThreePublicExpenses, "万元", &rows)], None);
    let c = &find(&checks, "t08.row_sum.total")[0];
    assert!(c.ok, "{}", c.detail);
    assert!(!c.detail.contains("会议费"), "{}", c.detail);
}

/// renwu_142 三公 table: 1、2、3、 lines over 其中：（1）and （2）.
#[test]
fn numbered_lines_are_summed_at_their_outermost_numbering() {
    let rows = [
        "项目\t金额",
        "合计\t9.14",
        "1、因公出国（境）费用\t6.14",
        "2、公务接待费\t1.00",
        "3、公务用车购置及运行费\t2.00",
        "其中：（1）公务用车购置费\t0.00",
        "（2）公务用车运行费\t2.00",
    ];
    let checks = run_checks(&[table(TableKind::ThreePublicExpenses, "万元", &rows)], None);
    let c = &find(&checks, "t08.column_sum.items.total")[0];
    assert!(c.ok, "{}", c.detail);
}

/// renwu_134 公开13表 and jsob_006: 货物 / 服务 lines total the units and purchases under them.
#[test]
fn procurement_categories_are_the_top_level() {
    let rows = [
        "采购品目大类\t专项名称\t采购品目名称\t总计",
        "合计\t\t\t10.00",
        "一、货物A\t\t\t4.00",
        "无锡市应急管理局（本级）\t\t\t4.00",
        "\t防灾减灾救灾建设\t其他安全生产设备\t4.00",
        "C-服务\t\t\t6.00",
        "\t应急支撑体系建设\t其他保险服务\t6.00",
    ];
    let checks = run_checks(&[table(TableKind::GovernmentProcurement, "万元", &rows)], None);
    let c = &find(&checks, "government_procurement.column_sum.items.total")[0];
    assert!(c.ok, "{}", c.detail);
}

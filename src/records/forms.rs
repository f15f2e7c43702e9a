//! Per-project forms (项目绩效目标表 printed one form per project, 福州 / 重庆 / 西安, and
//! the 决算 项目支出绩效自评表): one record per project.
//!
//! A form has no header row: its labels run down the first column (项目名称 | e福州…,
//! 主管部门 | … | 实施单位 | …, 资金总额 | 21.50, 年度目标 | …) and its indicators sit
//! under a row naming their columns (一级指标 | 二级指标 | 三级指标 | 指标值). Several forms
//! printed one after another (a table over many pages) are told apart by their 项目名称.
//! Each record: `code` (项目编码, when printed in digits), `name` (项目名称), `project_org`
//! (实施单位, else 主管部门), `target` (年度目标), `amounts` typed (`total` 资金总额,
//! `appropriation` 财政拨款, `other_funds` 其他资金) and `indicators` with `level1`/`level2`.

use crate::model::{Indicator, Record, RowType, Table};
use crate::records::Amount;

/// Labels that start a project's form.
const NAME: &[&str] = &["项目名称"];
const CODE: &[&str] = &["项目编码", "项目代码"];
const ORG: &[&str] = &["实施单位", "项目单位", "预算单位"];
const DEPARTMENT: &[&str] = &["主管部门"];
const TARGET: &[&str] = &["年度目标", "当年绩效目标", "年度绩效目标", "绩效目标", "总体目标"];
/// Amount labels and their keys, most specific first.
const AMOUNTS: &[(&str, &str)] = &[
    ("其中：财政拨款", "appropriation"),
    ("财政拨款", "appropriation"),
    ("其他资金", "other_funds"),
    ("资金总额", "total"),
    ("年度资金总额", "total"),
    ("当年预算", "total"),
    ("预算金额", "total"),
    ("项目金额", "total"),
];

fn is(label: &str, set: &[&str]) -> bool {
    let bare = label.trim_end_matches([':', '：']);
    set.contains(&bare)
}

fn is_any_label(text: &str) -> bool {
    [NAME, CODE, ORG, DEPARTMENT, TARGET].iter().any(|s| is(text, s))
        || AMOUNTS.iter().any(|(l, _)| text.starts_with(l))
}

/// True when `table` (no header row) is read as forms: some row labels a 项目名称.
pub fn is_project_form(table: &Table) -> bool {
    table.columns.iter().all(Vec::is_empty)
        && table.rows.iter().any(|r| r.iter().any(|c| is(c, NAME)))
}

/// The text after `label` on `row`: the next non-empty cell that is not a label itself.
fn value_after(row: &[String], at: usize) -> Option<String> {
    row.iter().skip(at + 1).find(|c| !c.is_empty()).filter(|c| !is_any_label(c)).cloned()
}

/// Where each indicator field sits, from the row naming them.
#[derive(Debug, Clone, Copy)]
struct IndicatorColumns {
    level1: Option<usize>,
    level2: Option<usize>,
    name: usize,
    value: usize,
}

impl IndicatorColumns {
    fn of(row: &[String]) -> Option<Self> {
        let find = |p: &dyn Fn(&str) -> bool| row.iter().position(|c| p(c));
        let name = find(&|c| c == "三级指标" || c == "指标名称" || c == "指标内容")?;
        let value = find(&|c| c.starts_with("指标值") || c.starts_with("年度指标值"))?;
        Some(IndicatorColumns {
            level1: find(&|c| c == "一级指标"),
            level2: find(&|c| c == "二级指标"),
            name,
            value,
        })
    }
}

/// One record per project form in the table's rows.
pub fn project_forms(table: &Table) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    let mut columns: Option<IndicatorColumns> = None;
    for (i, row) in table.rows.iter().enumerate() {
        let starts = row.iter().any(|c| is(c, NAME))
            && out.last().is_none_or(|r| r.name.is_some() || r.row + 1 < i);
        if starts || out.is_empty() {
            out.push(Record {
                row: i,
                row_type: RowType::Item,
                code: None,
                name: None,
                fields: vec![("project_org", None), ("target", None)],
                levels: Vec::new(),
                amounts: Vec::new(),
                indicators: Some(Vec::new()),
                block: None,
            });
            columns = None;
        }
        let Some(rec) = out.last_mut() else { continue }; // ok: pushed above when empty
        if let Some(c) = IndicatorColumns::of(row) {
            columns = Some(c);
            continue;
        }
        if let Some(c) = columns {
            let cell = |k: usize| row.get(k).cloned().unwrap_or_default();
            let (name, value) = (cell(c.name), cell(c.value));
            if !name.is_empty() || !value.is_empty() {
                let mut level1 = c.level1.map(cell).filter(|s| !s.is_empty());
                let mut level2 = c.level2.map(cell).filter(|s| !s.is_empty());
                let indicators = rec.indicators.get_or_insert_with(Vec::new);
                // Blank 一级 and 二级 cells are the lower rows of cells merged down (the
                // label printed once): the indicator above's.
                if let (None, None, Some(above)) = (&level1, &level2, indicators.last()) {
                    (level1, level2) = (above.level1.clone(), above.level2.clone());
                }
                let category = level2.clone().or_else(|| level1.clone()).unwrap_or_default();
                indicators.push(Indicator {
                    category: super::category_key(&category),
                    name,
                    value,
                    level1,
                    level2,
                });
                continue;
            }
        }
        for (k, text) in row.iter().enumerate() {
            if is(text, NAME) && rec.name.is_none() {
                rec.name = value_after(row, k);
            } else if is(text, CODE) && rec.code.is_none() {
                rec.code = value_after(row, k).filter(|v| v.chars().all(|c| c.is_ascii_digit()));
            } else if is(text, ORG) || is(text, DEPARTMENT) && rec.field("project_org").is_none() {
                set(rec, "project_org", value_after(row, k));
            } else if is(text, TARGET) && rec.field("target").is_none() {
                set(rec, "target", value_after(row, k));
            } else if let Some((_, key)) = AMOUNTS.iter().find(|(l, _)| text.starts_with(l)) {
                let figure = row.iter().skip(k + 1).find_map(|c| Amount::parse(c));
                if figure.is_some() && !rec.amounts.iter().any(|(k, _)| k == key) {
                    rec.amounts.push((key.to_string(), figure));
                }
            }
        }
    }
    out.retain(|r| r.name.is_some() || r.amounts.iter().any(|(_, a)| a.is_some()));
    out
}

fn set(rec: &mut Record, key: &str, value: Option<String>) {
    if value.is_none() {
        return;
    }
    if let Some(slot) = rec.fields.iter_mut().find(|(k, _)| *k == key) {
        slot.1 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{assemble, RawTable, TableKind};

    fn form_table(rows: &[&str]) -> Table {
        let raw =
            RawTable::from_rows(TableKind::ProjectPerformanceTargets, "万元", rows, Vec::new());
        assemble(raw, &mut Vec::new())
    }

    #[test]
    fn one_record_per_project_form() {
        // renwu_141 p. 28, two forms one after the other.
        let t = form_table(&[
            "项目名称\te福州留守困境儿童关爱帮扶专栏\t\t\t",
            "主管部门\t福州市民政局\t\t实施单位\t福州市民政局",
            "专项资金情况（万元）\t资金总额\t\t21.50\t",
            "专项资金情况（万元）\t财政拨款\t\t21.50\t",
            "年度目标\t通过专栏畅通帮扶渠道\t\t\t",
            "绩效目标指标\t一级指标\t二级指标\t三级指标\t指标值",
            "绩效目标指标\t产出指标\t数量指标\t媒体发稿数量\t≥3篇",
            "绩效目标指标\t满意度指标\t服务对象满意度指标\t受益对象满意度\t≥90%",
            "备注\t\t\t\t",
            "项目名称\t办公楼租金及物业\t\t\t",
            "专项资金情况（万元）\t资金总额\t\t100.00\t",
        ]);
        assert!(t.columns.iter().all(Vec::is_empty), "{:?}", t.columns);
        assert!(is_project_form(&t));
        let r = project_forms(&t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].name.as_deref(), Some("e福州留守困境儿童关爱帮扶专栏"));
        assert_eq!(r[0].field("project_org"), Some("福州市民政局"));
        assert_eq!(r[0].field("target"), Some("通过专栏畅通帮扶渠道"));
        assert_eq!(r[0].amount("total").map(ToString::to_string).as_deref(), Some("21.50"));
        assert_eq!(r[0].amount("appropriation").map(ToString::to_string).as_deref(), Some("21.50"));
        let ind = r[0].indicators.as_deref().unwrap_or_default();
        assert_eq!(ind.len(), 2);
        assert_eq!(ind[0].level1.as_deref(), Some("产出指标"));
        assert_eq!(ind[0].level2.as_deref(), Some("数量指标"));
        assert_eq!((ind[0].name.as_str(), ind[0].value.as_str()), ("媒体发稿数量", "≥3篇"));
        assert_eq!(ind[0].category, "quantity");
        assert_eq!(ind[1].category, "beneficiary_satisfaction");
        assert_eq!(r[1].name.as_deref(), Some("办公楼租金及物业"));
        assert_eq!(r[1].amount("total").map(ToString::to_string).as_deref(), Some("100.00"));
    }

    #[test]
    fn an_indicator_under_merged_level_cells_takes_the_levels_above() {
        // renwu_249's 自评表: 数量指标 printed once beside several indicators.
        let t = form_table(&[
            "项目名称\t信访研究宣传立法专项\t\t\t",
            "主管部门\t国家信访局\t\t实施单位\t国家信访局",
            "专项资金情况（万元）\t资金总额\t\t21.50\t",
            "绩效目标指标\t一级指标\t二级指标\t三级指标\t指标值",
            "绩效目标指标\t产出指标\t数量指标\t出版图书\t≥1本",
            "绩效目标指标\t\t\t舆情报告报送量\t≥55期",
            "绩效目标指标\t效益指标\t社会效益指标\t法治化水平\t有一定提升",
        ]);
        let r = project_forms(&t);
        assert_eq!(r.len(), 1, "{r:?}");
        let ind = r[0].indicators.as_deref().unwrap_or_default();
        let got: Vec<(&str, Option<&str>)> =
            ind.iter().map(|i| (i.category.as_str(), i.level2.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("quantity", Some("数量指标")),
                ("quantity", Some("数量指标")),
                ("social_benefit", Some("社会效益指标"))
            ]
        );
    }

    #[test]
    fn an_empty_form_gives_no_record() {
        // renwu_082 表十一: printed with no project.
        let t = form_table(&[
            "项目名称\t\t主管部门\t",
            "当年预算\t\t市级支出\t",
            "绩效指标\t指标名称\t指标性质\t指标值",
        ]);
        assert!(project_forms(&t).is_empty());
    }
}

//! 决算 (final accounts) identities: on every table printing 年初结转和结余, 本年收入,
//! 本年支出 and 年末结转和结余 (决算 表9 政府性基金预算财政拨款收入支出决算表 and its
//! like), per row: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余.
//!
//! Columns are found by their measures in the column spec, as every check reads them.

use rust_decimal::Decimal;

use crate::model::{Check, ColumnRole, Table};
use crate::records::Amount;

/// The columns of the carry-over identity, by their header path.
struct Columns {
    carry_in: usize,
    income: usize,
    expenditure: usize,
    carry_out: usize,
}

impl Columns {
    /// The four columns by their measures in the table's column spec (`records` decided
    /// them from the header: 年初结转和结余 → `opening_balance`, 本年支出/小计 →
    /// `current_expenditure` …); `None` when the table prints not all four.
    fn of(table: &Table) -> Option<Self> {
        let find = |measure: &str| {
            table.spec.iter().position(|c| {
                c.role == ColumnRole::Amount
                    && c.block.is_none()
                    && c.measure.as_deref() == Some(measure)
            })
        };
        Some(Columns {
            carry_in: find("opening_balance")?,
            income: find("current_income")?,
            expenditure: find("current_expenditure")?,
            carry_out: find("closing_balance")?,
        })
    }
}

/// One check per row carrying any of the four figures.
pub fn final_accounts_checks(tables: &[Table]) -> Vec<Check> {
    let mut out = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        let Some(cols) = Columns::of(table) else { continue };
        let rule = format!("{}.carry_over_balances", super::tag(table));
        for (i, row) in table.rows.iter().enumerate() {
            let get = |c: usize| row.get(c).and_then(|s| Amount::parse(s));
            let figures = [cols.carry_in, cols.income, cols.expenditure, cols.carry_out].map(get);
            if figures.iter().all(Option::is_none) {
                continue;
            }
            let value = |a: &Option<Amount>| a.as_ref().map_or(Decimal::ZERO, |a| a.value);
            let shown =
                |a: &Option<Amount>| a.as_ref().map_or("blank".to_string(), ToString::to_string);
            let [carry_in, income, expenditure, carry_out] = &figures;
            let left = value(carry_in) + value(income);
            let right = value(expenditure) + value(carry_out);
            let scale = figures.iter().flatten().map(Amount::scale).max().unwrap_or(2);
            let n = figures.iter().flatten().count();
            let tolerance = Decimal::new(1, scale) * Decimal::from(n);
            let ok = (left - right).abs() <= tolerance;
            let label = row.iter().find(|c| !c.is_empty()).cloned().unwrap_or_default();
            let mut detail = format!(
                "row {i} {label}: 年初结转和结余 {} + 本年收入 {} {} 本年支出 {} + 年末结转和结余 {}",
                shown(carry_in),
                shown(income),
                if ok { "=" } else { "≠" },
                shown(expenditure),
                shown(carry_out)
            );
            if left != right {
                detail.push_str(&format!("; diff {}, tolerance {}", left - right, tolerance));
            }
            out.push(Check {
                rule: rule.clone(),
                ok,
                detail,
                table: table.number,
                row: Some(i),
                table_index: Some(t),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{assemble, RawTable, TableKind};

    #[test]
    fn carry_over_identity_per_row() {
        let rows = [
            "科目编码\t科目名称\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余",
            "\t\t\t\t小计\t基本支出\t项目支出\t",
            "\t合计\t10.00\t100.00\t90.00\t50.00\t40.00\t20.00",
            "212\t城乡社区支出\t\t5.00\t4.00\t\t4.00\t2.00",
            "213\t农林水支出\t\t\t\t\t\t",
        ];
        let raw =
            RawTable::from_rows(TableKind::GovernmentFundExpenditure, "万元", &rows, Vec::new());
        let mut t = assemble(raw, &mut Vec::new());
        crate::records::read(&mut t, &mut Vec::new());
        let checks = final_accounts_checks(&[t]);
        assert_eq!(checks.len(), 2, "{checks:#?}");
        assert!(checks[0].ok, "{}", checks[0].detail);
        assert_eq!(checks[0].rule, "t09.carry_over_balances");
        assert!(!checks[1].ok);
        assert!(checks[1].detail.contains("diff -1.00"), "{}", checks[1].detail);
    }
}

//! A document as the flat rows the tabular outputs (CSV, SQLite, Parquet) share.
//!
//! - a **cell** per non-empty grid cell: where it is (table, row, column and the column's
//!   header path joined with `/`), the code and name of its row (from the row's record),
//!   the text as printed, and its exact decimal value when it is a number in an amount
//!   column (`1,234.50` → `1234.50`);
//! - a **record amount** per non-blank amount of a record: the record's code and name, the
//!   amount's key (`basic.personnel`) and its exact decimal text.
//!
//! Both carry the side-by-side `block` (决算 表6: 0 left, 1 right; `None` for ordinary
//! tables): a row of such a table holds one record per block, and a cell takes the code and
//! name of its own block's record.
//!
//! Empty cells and blank amounts are left out: a warehouse sums what is there, and the
//! grid's shape is in the JSON.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;

use crate::model::{DocumentOutput, Record, Table};
use crate::records::columns::{role, Role};
use crate::records::{block_width, Amount};

/// One non-empty cell.
#[derive(Debug)]
pub struct CellRow<'a> {
    pub table_index: usize,
    pub table: &'a Table,
    pub row: usize,
    pub col: usize,
    pub code: Option<&'a str>,
    pub name: Option<&'a str>,
    /// The side-by-side block the column belongs to (see [`Record::block`]).
    pub block: Option<usize>,
    /// The column's header path joined with `/`.
    pub column: &'a str,
    pub text: &'a str,
    /// Exact decimal text when the cell is a number in an amount column.
    pub value: Option<String>,
}

/// One non-blank amount of a record.
#[derive(Debug)]
pub struct AmountRow<'a> {
    pub table_index: usize,
    pub table: &'a Table,
    pub record: &'a Record,
    pub key: &'a str,
    pub amount: &'a Amount,
}

impl AmountRow<'_> {
    /// The exact decimal text (`876.00`).
    pub fn value(&self) -> &str {
        self.amount.as_str()
    }

    /// A float copy, for tools that want to sum without decimals.
    pub fn value_f64(&self) -> Option<f64> {
        self.amount.value.to_f64()
    }
}

/// Calls `f` with every non-empty cell of `doc`, table by table, row by row.
pub fn for_each_cell(doc: &DocumentOutput, mut f: impl FnMut(CellRow<'_>)) {
    for (table_index, table) in doc.tables.iter().enumerate() {
        let columns: Vec<String> = table.columns.iter().map(|p| p.join("/")).collect();
        let amount_column: Vec<bool> =
            table.columns.iter().map(|p| role(p) == Role::Amount).collect();
        let width = block_width(table).filter(|w| *w > 0);
        let labels: BTreeMap<(usize, Option<usize>), &Record> =
            table.records.iter().map(|r| ((r.row, r.block), r)).collect();
        for (row, cells) in table.rows.iter().enumerate() {
            for (col, text) in cells.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let block = width.map(|w| col / w);
                let record = labels.get(&(row, block));
                let value = match amount_column.get(col) {
                    Some(true) => Amount::parse(text).map(|a| a.as_str().to_string()),
                    _ => None,
                };
                f(CellRow {
                    table_index,
                    table,
                    row,
                    col,
                    code: record.and_then(|r| r.code.as_deref()),
                    name: record.and_then(|r| r.name.as_deref()),
                    block,
                    column: columns.get(col).map(String::as_str).unwrap_or(""),
                    text,
                    value,
                });
            }
        }
    }
}

/// A row or table index as SQL and Parquet store it (saturating; no table has 2^63 rows).
pub fn index(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Calls `f` with every non-blank amount of every record of `doc`, in printed order.
pub fn for_each_amount<'a>(doc: &'a DocumentOutput, mut f: impl FnMut(AmountRow<'a>)) {
    for (table_index, table) in doc.tables.iter().enumerate() {
        for record in &table.records {
            for (key, amount) in &record.amounts {
                if let Some(amount) = amount {
                    f(AmountRow { table_index, table, record, key, amount });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RowType;
    use crate::tables::TableKind;

    fn table() -> Table {
        Table {
            kind: TableKind::ExpenditureSummary,
            number: Some(3),
            title: "支出".into(),
            org: None,
            unit: Some("万元".into()),
            pages: vec![],
            columns: vec![
                vec!["科目编码".into()],
                vec!["科目名称".into()],
                vec!["基本支出".into(), "小计".into()],
            ],
            rows: vec![vec!["208".into(), "社会保障".into(), "1,234.50".into()]],
            notes: vec![],
            records: vec![Record {
                row: 0,
                row_type: RowType::Item,
                code: Some("208".into()),
                name: Some("社会保障".into()),
                fields: vec![],
                levels: vec![],
                amounts: vec![
                    ("basic.subtotal".into(), Amount::parse("1,234.50")),
                    ("project".into(), None),
                ],
                indicators: None,
                block: None,
            }],
        }
    }

    fn doc() -> DocumentOutput {
        let mut d = crate::failed(
            "x.txt",
            "00".into(),
            crate::model::SourceFormat::Text,
            None,
            &crate::Error::Empty { path: "x.txt".into() },
        );
        d.error = None;
        d.tables = vec![table()];
        d
    }

    #[test]
    fn cells_carry_their_row_label_and_exact_value() {
        let d = doc();
        let mut cells = Vec::new();
        for_each_cell(&d, |c| {
            assert_eq!(c.block, None, "an ordinary table has no blocks");
            cells.push((c.column.to_string(), c.code.map(str::to_string), c.value))
        });
        assert_eq!(cells.len(), 3);
        assert_eq!(
            cells[0],
            ("科目编码".into(), Some("208".into()), None),
            "a code is not a value"
        );
        assert_eq!(cells[2], ("基本支出/小计".into(), Some("208".into()), Some("1234.50".into())));
    }

    /// Two blocks side by side (决算 表6): a cell takes the code of its own block's record.
    #[test]
    fn cells_of_side_by_side_blocks_carry_their_block_and_its_record() {
        let block = ["经济分类科目编码", "科目名称", "决算数"];
        let record = |block: usize, code: &str, name: &str, amount: &str| Record {
            row: 0,
            row_type: RowType::Item,
            code: Some(code.into()),
            name: Some(name.into()),
            fields: vec![],
            amounts: vec![("决算数".into(), Amount::parse(amount))],
            levels: vec![],
            indicators: None,
            block: Some(block),
        };
        let mut d = doc();
        d.tables = vec![Table {
            kind: TableKind::GeneralBudgetBasicExpenditure,
            number: Some(6),
            columns: block.iter().chain(&block).map(|l| vec![l.to_string()]).collect(),
            rows: vec![["301", "工资福利支出", "95.36", "302", "商品和服务支出", "10.23"]
                .map(String::from)
                .to_vec()],
            records: vec![
                record(0, "301", "工资福利支出", "95.36"),
                record(1, "302", "商品和服务支出", "10.23"),
            ],
            ..table()
        }];
        let mut cells = Vec::new();
        for_each_cell(&d, |c| cells.push((c.col, c.block, c.code.map(str::to_string))));
        let code = |s: &str| Some(s.to_string());
        assert_eq!(
            cells,
            [
                (0, Some(0), code("301")),
                (1, Some(0), code("301")),
                (2, Some(0), code("301")),
                (3, Some(1), code("302")),
                (4, Some(1), code("302")),
                (5, Some(1), code("302")),
            ]
        );
        let mut amounts = Vec::new();
        for_each_amount(&d, |a| amounts.push((a.record.block, a.value().to_string())));
        assert_eq!(amounts, [(Some(0), "95.36".to_string()), (Some(1), "10.23".to_string())]);
    }

    #[test]
    fn blank_amounts_are_left_out() {
        let d = doc();
        let mut keys = Vec::new();
        for_each_amount(&d, |a| keys.push((a.key.to_string(), a.value().to_string())));
        assert_eq!(keys, [("basic.subtotal".to_string(), "1234.50".to_string())]);
    }
}

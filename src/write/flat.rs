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
//! Both carry the `level` of the record's label in a hierarchy printed by indentation alone
//! (see [`Record::level`]; `None` where there is none). In tables 1 and 4 each side has its
//! own: a cell or amount under 收入 takes the record's `income_level`, one under 支出 its
//! `expenditure_level` (the column decides, as it decides a cell's block).
//!
//! Empty cells and blank amounts are left out: a warehouse sums what is there, and the
//! grid's shape is in the JSON.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;

use crate::contract::Amount;
use crate::model::{ColumnRole, DocumentOutput, Record, Table};

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
    /// The indentation level of the row's label on the column's side (see [`Record::level`]).
    pub level: Option<u8>,
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
    /// What the figure is: its column's measure (`schema/measures.tsv`); a form's figure
    /// (table 11, read off a label row) its key.
    pub measure: &'a str,
    /// The figure's column's header path joined with `/`; `None` for a form's figure.
    pub column: Option<&'a str>,
    /// The period the column's header names (`current`, `prior` …), when it names one.
    pub period: Option<&'static str>,
    pub amount: &'a Amount,
    /// The indentation level of the record's label on the amount's side (see
    /// [`Record::level`]).
    pub level: Option<u8>,
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
        let labels: BTreeMap<(usize, Option<usize>), &Record> =
            table.records.iter().map(|r| ((r.row, r.block), r)).collect();
        for (row, cells) in table.rows.iter().enumerate() {
            for (col, text) in cells.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let spec = table.spec.get(col);
                let block = spec.and_then(|s| s.block);
                let record = labels.get(&(row, block));
                let value = match spec {
                    Some(s) if s.role == ColumnRole::Amount => {
                        Amount::parse(text).map(|a| a.as_str().to_string())
                    }
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
                    level: record
                        .zip(spec.and_then(|s| s.level_field))
                        .and_then(|(r, field)| r.level(field)),
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
pub fn for_each_amount(doc: &DocumentOutput, mut f: impl FnMut(AmountRow<'_>)) {
    for (table_index, table) in doc.tables.iter().enumerate() {
        let paths: Vec<String> = table.columns.iter().map(|p| p.join("/")).collect();
        // A record's amounts are the spec's amount columns of its block, in order, so the
        // i-th amount is the i-th such column's.
        let mut by_block: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
        for (c, spec) in table.spec.iter().enumerate() {
            if spec.role == ColumnRole::Amount {
                by_block.entry(spec.block).or_default().push(c);
            }
        }
        let none = Vec::new();
        for record in &table.records {
            let columns = by_block.get(&record.block).unwrap_or(&none);
            for (i, (key, amount)) in record.amounts.iter().enumerate() {
                let Some(amount) = amount else { continue };
                let spec = columns.get(i).and_then(|&c| Some((c, table.spec.get(c)?)));
                let level = spec.and_then(|(_, s)| s.level_field).and_then(|f| record.level(f));
                f(AmountRow {
                    table_index,
                    table,
                    record,
                    key,
                    measure: spec.and_then(|(_, s)| s.measure.as_deref()).unwrap_or(key),
                    column: spec.and_then(|(c, _)| paths.get(c)).map(String::as_str),
                    period: spec.and_then(|(_, s)| s.period),
                    amount,
                    level,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Indent;
    use crate::model::RowType;
    use crate::tables::{RawTable, TableKind};

    /// A table as the pipeline hands it to the writers: its spec and records read from
    /// its grid.
    fn read(table: Table) -> Table {
        let mut table = table;
        crate::records::read(&mut table, &mut Vec::new());
        table
    }

    fn table() -> Table {
        read(Table {
            kind: TableKind::ExpenditureSummary,
            number: Some(3),
            title: "支出".into(),
            label: None,
            org: None,
            unit: Some("万元".into()),
            pages: vec![],
            columns: vec![
                vec!["科目编码".into()],
                vec!["科目名称".into()],
                vec!["基本支出".into(), "小计".into()],
                vec!["项目支出".into()],
            ],
            rows: vec![vec!["208".into(), "社会保障".into(), "1,234.50".into(), "".into()]],
            notes: vec![],
            records: vec![],
            spec: vec![],
            indents: vec![],
        })
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
            assert_eq!(c.level, None, "a name without levels has none");
            cells.push((c.column.to_string(), c.code.map(str::to_string), c.value))
        });
        assert_eq!(cells.len(), 3, "the blank 项目支出 cell is left out");
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
            amounts: vec![("total".into(), Amount::parse(amount))],
            levels: vec![],
            indicators: None,
            block: Some(block),
        };
        let mut d = doc();
        d.tables = vec![read(Table {
            kind: TableKind::GeneralBudgetBasicExpenditure,
            number: Some(6),
            columns: block.iter().chain(&block).map(|l| vec![l.to_string()]).collect(),
            rows: vec![["301", "工资福利支出", "95.36", "302", "商品和服务支出", "10.23"]
                .map(String::from)
                .to_vec()],
            ..table()
        })];
        let expected = [
            record(0, "301", "工资福利支出", "95.36"),
            record(1, "302", "商品和服务支出", "10.23"),
        ];
        let got: Vec<String> = d.tables[0].records.iter().map(|r| format!("{r:?}")).collect();
        let want: Vec<String> = expected.iter().map(|r| format!("{r:?}")).collect();
        assert_eq!(got, want);
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

    /// Table 1 indenting both sides' labels (renwu_123 表1 prints them so), as the records
    /// reader gives it levels from the layout's indents.
    fn two_sided_with_levels() -> Table {
        let rows = [
            "收入\t\t支出\t",
            "项目\t金额\t项目\t金额",
            "一、一般公共预算\t10.00\t一般公共服务支出\t7.00",
            "财政拨款\t10.00\t人大事务\t7.00",
            "二、事业收入\t2.00\t行政运行\t7.00",
            "\t\t教育支出\t5.00",
            "本年收入合计\t12.00\t本年支出合计\t12.00",
        ];
        // (grid row, col, indent in font sizes): 收入 1, 2, 1; 支出 1, 2, 3, 1.
        let indents = [(2, 0, 0.0), (3, 0, 1.0), (4, 0, 0.0)]
            .into_iter()
            .chain([(2, 2, 0.4), (3, 2, 1.4), (4, 2, 2.4), (5, 2, 0.4)])
            .map(|(row, col, left)| Indent { row, col, left, right: 20.0 - left })
            .collect();
        let raw = RawTable::from_rows(TableKind::IncomeExpenditureSummary, "万元", &rows, indents);
        crate::read_table(raw, &mut Vec::new())
    }

    /// Tables 1 and 4: an amount or cell under 收入 takes the record's income_level, one under
    /// 支出 its expenditure_level; 合计 lines have neither.
    #[test]
    fn each_side_of_a_two_sided_table_takes_its_own_level() {
        let t = two_sided_with_levels();
        let sides: Vec<(Option<u8>, Option<u8>)> = t
            .records
            .iter()
            .map(|r| (r.level("income_level"), r.level("expenditure_level")))
            .collect();
        let expected = [
            (Some(1), Some(1)),
            (Some(2), Some(2)),
            (Some(1), Some(3)),
            (None, Some(1)),
            (None, None),
        ];
        assert_eq!(sides, expected, "the records carry both sides' levels");
        let mut d = doc();
        d.tables = vec![t];
        let mut amounts = Vec::new();
        for_each_amount(&d, |a| amounts.push((a.record.row, a.key.to_string(), a.level)));
        let at = |row: usize, key: &str, level: Option<u8>| (row, key.to_string(), level);
        assert_eq!(
            amounts,
            [
                at(0, "income_total", Some(1)),
                at(0, "expenditure_total", Some(1)),
                at(1, "income_total", Some(2)),
                at(1, "expenditure_total", Some(2)),
                at(2, "income_total", Some(1)),
                at(2, "expenditure_total", Some(3)),
                at(3, "expenditure_total", Some(1)),
                at(4, "income_total", None),
                at(4, "expenditure_total", None),
            ]
        );
        let mut cells = Vec::new();
        for_each_cell(&d, |c| {
            if c.row == 2 {
                cells.push((c.col, c.text.to_string(), c.level));
            }
        });
        let cell = |col: usize, text: &str, level: u8| (col, text.to_string(), Some(level));
        assert_eq!(
            cells,
            [
                cell(0, "二、事业收入", 1),
                cell(1, "2.00", 1),
                cell(2, "行政运行", 3),
                cell(3, "7.00", 3)
            ]
        );
    }

    #[test]
    fn an_ordinary_table_takes_the_level_of_its_name() {
        let mut d = doc();
        d.tables[0].records[0].levels = vec![("level", 2)];
        let mut levels = Vec::new();
        for_each_cell(&d, |c| levels.push(c.level));
        assert_eq!(levels, [Some(2); 3]);
        let mut levels = Vec::new();
        for_each_amount(&d, |a| levels.push(a.level));
        assert_eq!(levels, [Some(2)]);
    }

    #[test]
    fn blank_amounts_are_left_out() {
        let d = doc();
        let mut keys = Vec::new();
        for_each_amount(&d, |a| keys.push((a.key.to_string(), a.value().to_string())));
        assert_eq!(keys, [("basic".to_string(), "1234.50".to_string())]);
    }

    /// The spec decides which columns are amounts; the records, the cells and the amounts
    /// the writers emit must agree with it on every table of the reference sample and the
    /// side-by-side fixture, or a warehouse would get figures the records do not read.
    #[test]
    fn records_cells_and_amounts_agree_with_the_spec() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for input in
            ["samples/lingbao-gxj-2025.txt", "tests/fixtures/blocks/final-accounts-blocks.txt"]
        {
            let doc = crate::extract_path(&root.join(input), input);
            assert!(doc.error.is_none(), "{input}: {:?}", doc.error);
            for (i, t) in doc.tables.iter().enumerate() {
                assert_eq!(t.spec.len(), t.columns.len(), "{input} table {i}: one spec per column");
                let is_amount = |c: usize| t.spec[c].role == ColumnRole::Amount;
                if t.kind != TableKind::DepartmentPerformanceTargets {
                    for r in &t.records {
                        let keys: Vec<&str> = r.amounts.iter().map(|(k, _)| k.as_str()).collect();
                        let spec: Vec<&str> = (0..t.spec.len())
                            .filter(|&c| is_amount(c) && t.spec[c].block == r.block)
                            .filter_map(|c| t.spec[c].key.as_deref())
                            .collect();
                        assert_eq!(keys, spec, "{input} table {i} row {}", r.row);
                    }
                }
                // Table 12 folds a project's indicator rows into its first row's record.
                let folded = t.kind == TableKind::ProjectPerformanceTargets;
                for (row, cells) in t.rows.iter().enumerate() {
                    for (c, text) in cells.iter().enumerate() {
                        let parsed = Amount::parse(text).is_some();
                        if is_amount(c) && parsed && !folded {
                            assert!(
                                t.records.iter().any(|r| r.row == row),
                                "{input} table {i}: a figure in row {row} no record reads"
                            );
                        }
                    }
                }
            }
            let mut cells = 0;
            for_each_cell(&doc, |c| {
                let amount = c.table.spec[c.col].role == ColumnRole::Amount;
                assert_eq!(c.value.is_some(), amount && Amount::parse(c.text).is_some());
                cells += 1;
            });
            assert!(cells > 0);
        }
    }
}

//! A document as the page draws it: each table's header as merged cells (the same cells
//! the workbook merges), its body, which columns are amounts, and the cells each failed
//! check names. Decided here, so the page's script only draws.

use serde::Serialize;

use crate::model::{Check, DocError, DocumentOutput, Table, Warning};
use crate::write::xlsx::{self, header_cells, HeaderCell};

#[derive(Serialize)]
pub struct DocumentView<'a> {
    pub file: &'a str,
    pub title: Option<&'a str>,
    pub department: Option<&'a str>,
    pub year: Option<i32>,
    /// `预算` or `决算`.
    pub kind: Option<&'static str>,
    pub unit: Option<&'a str>,
    pub pages: Option<u32>,
    pub error: Option<&'a DocError>,
    pub warnings: &'a [Warning],
    pub checks: usize,
    pub failed: Vec<FailedCheck<'a>>,
    pub tables: Vec<TableView<'a>>,
}

/// A failed check and the cells it names: a row of a table, and the column when the rule
/// names one of the row's amounts (`t02.row_sum.total` → the `total` column).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct FailedCheck<'a> {
    pub rule: &'a str,
    pub detail: &'a str,
    /// Index into `tables`.
    pub table: Option<usize>,
    pub row: Option<usize>,
    pub col: Option<usize>,
}

#[derive(Serialize)]
pub struct TableView<'a> {
    /// The workbook's sheet name: `01 收支总表`.
    pub sheet: String,
    pub number: Option<u8>,
    pub kind: &'static str,
    pub title: &'a str,
    pub org: Option<&'a str>,
    pub unit: Option<&'a str>,
    /// `第 19–20 页`; `None` for text input.
    pub pages: Option<String>,
    pub header_rows: usize,
    pub header: Vec<HeaderCell>,
    pub width: usize,
    pub rows: &'a [Vec<String>],
    /// Per column: holds amounts (drawn right-aligned).
    pub amounts: Vec<bool>,
    pub notes: &'a [String],
}

pub fn document_view(doc: &DocumentOutput) -> DocumentView<'_> {
    let sheets = xlsx::sheet_names(&doc.tables);
    let tables = doc
        .tables
        .iter()
        .zip(sheets)
        .map(|(t, sheet)| {
            let (header_rows, header) = header_cells(&t.columns);
            TableView {
                sheet,
                number: t.number,
                kind: t.kind.as_str(),
                title: &t.title,
                org: t.org.as_deref(),
                unit: t.unit.as_deref(),
                pages: xlsx::pages_text(&t.pages),
                header_rows,
                header,
                width: t.columns.len(),
                rows: &t.rows,
                amounts: xlsx::amount_columns(t),
                notes: &t.notes,
            }
        })
        .collect();
    let meta = &doc.document;
    DocumentView {
        file: &doc.source.file,
        title: meta.title.as_deref(),
        department: meta.department.as_deref(),
        year: meta.year,
        kind: meta.kind.map(|k| match k {
            crate::model::DocumentKind::Budget => "预算",
            crate::model::DocumentKind::FinalAccounts => "决算",
        }),
        unit: meta.unit.as_deref(),
        pages: doc.source.pages,
        error: doc.error.as_ref(),
        warnings: &doc.warnings,
        checks: doc.checks.len(),
        failed: doc.checks.iter().filter(|c| !c.ok).map(|c| failed_check(doc, c)).collect(),
        tables,
    }
}

fn failed_check<'a>(doc: &DocumentOutput, check: &'a Check) -> FailedCheck<'a> {
    let target = xlsx::check_target(doc, check);
    let (table, row) = match target {
        Some((t, r)) => (Some(t), r),
        None => (None, None),
    };
    let col = table
        .zip(row)
        .and_then(|(t, r)| doc.tables.get(t).and_then(|t| named_column(t, r, &check.rule)));
    FailedCheck { rule: &check.rule, detail: &check.detail, table, row, col }
}

/// The amount column of row `row` whose key ends the rule's name (the longest such key), if
/// the rule names one. A record's amounts are its table's amount columns in order.
fn named_column(table: &Table, row: usize, rule: &str) -> Option<usize> {
    let record = table.records.iter().find(|r| r.row == row && r.block.is_none())?;
    let columns: Vec<usize> = xlsx::amount_columns(table)
        .iter()
        .enumerate()
        .filter(|(_, a)| **a)
        .map(|(c, _)| c)
        .collect();
    record
        .amounts
        .iter()
        .zip(columns)
        .filter(|((key, _), _)| rule.ends_with(&format!(".{key}")))
        .max_by_key(|((key, _), _)| key.len())
        .map(|(_, c)| c)
}

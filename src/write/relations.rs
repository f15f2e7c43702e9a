//! The warehouse relations of the contract, each defined once: `documents`, `tables`,
//! `facts`, `checks` (and `cells`, the printed grid, an extension). A relation is a list
//! of columns (name, type); the SQLite DDL, the CSV header and the Arrow schema are
//! generated from it, and [`for_each_row`] yields every row of a document in that column
//! order, so SQLite, Parquet and CSV carry the same relations with the same column names.
//!
//! Identifiers are stable: `doc_id` is the input's sha256 and `table_id` is
//! `<doc_id>:<n>`, n the table's 0-based place in the document, so the same bytes give the
//! same ids in every run, output and thread count. A figure's `amount` is the exact decimal
//! as printed in the table's unit; `amount_yuan` the same figure in 元, exact (a decimal
//! type where the format has one: Parquet `DECIMAL(38, 6)`; text in SQLite and CSV).

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::flat::{for_each_amount, for_each_cell};
use crate::model::{DocumentKind, DocumentOutput, RowType, SourceFormat, Table};

/// A column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Int,
    Bool,
    /// An exact decimal: `DECIMAL(38, 6)` in Parquet, its text in SQLite and CSV.
    Decimal,
}

/// One column of a relation.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: Ty,
}

const fn col(name: &'static str, ty: Ty) -> Column {
    Column { name, ty }
}

/// A relation: its name (the SQLite table, `<name>.parquet`, `<name>.csv`) and columns.
#[derive(Debug)]
pub struct Relation {
    pub name: &'static str,
    pub columns: &'static [Column],
    /// Indexes SQLite gets (column lists), for the joins and filters the README shows.
    pub indexes: &'static [&'static str],
}

/// Digits after the point of `amount_yuan` in Parquet: 万元 printed with six decimals is
/// 元 with two, and no real table prints 元 finer than 0.000001.
pub const YUAN_SCALE: u32 = 6;

use Ty::{Bool, Decimal as Dec, Int, Text};

/// One row per input.
pub const DOCUMENTS: Relation = Relation {
    name: "documents",
    columns: &[
        col("doc_id", Text),
        col("file", Text),
        col("title", Text),
        col("department", Text),
        col("year", Int),
        col("kind", Text),
        col("date", Text),
        col("unit", Text),
        col("pages", Int),
        col("error_code", Text),
        // Extensions: how the input was read, why it failed, what the user should know.
        col("format", Text),
        col("error_message", Text),
        col("warnings", Text),
    ],
    indexes: &["doc_id", "file", "department, year"],
};

/// One row per table.
pub const TABLES: Relation = Relation {
    name: "tables",
    columns: &[
        col("table_id", Text),
        col("doc_id", Text),
        col("number", Int),
        col("kind", Text),
        col("title", Text),
        col("label", Text),
        col("org", Text),
        col("unit", Text),
        col("pages", Text),
        // Extensions, as JSON: the header paths, each column's measure (null for a column
        // that is not an amount column), the notes.
        col("columns", Text),
        col("measures", Text),
        col("notes", Text),
    ],
    indexes: &["doc_id", "kind"],
};

/// One row per non-blank figure of a record.
pub const FACTS: Relation = Relation {
    name: "facts",
    columns: &[
        col("doc_id", Text),
        col("table_id", Text),
        col("table_number", Int),
        col("table_kind", Text),
        col("row", Int),
        col("row_type", Text),
        col("code", Text),
        col("name", Text),
        col("level", Int),
        col("org", Text),
        col("block", Int),
        col("measure", Text),
        col("amount", Text),
        col("unit", Text),
        col("amount_yuan", Dec),
        col("column", Text),
        // Extension: the period the column's header names (current, prior, change …).
        col("period", Text),
    ],
    indexes: &["doc_id", "table_number, row_type, measure", "table_kind, measure", "code"],
};

/// One row per check.
pub const CHECKS: Relation = Relation {
    name: "checks",
    columns: &[
        col("doc_id", Text),
        col("table_id", Text),
        col("rule", Text),
        col("ok", Bool),
        col("detail", Text),
        // Extension: the body row a row-wise rule was evaluated on.
        col("row", Int),
    ],
    indexes: &["doc_id", "rule, ok"],
};

/// Extension: one row per non-empty printed cell, the grid as the JSON has it.
pub const CELLS: Relation = Relation {
    name: "cells",
    columns: &[
        col("doc_id", Text),
        col("table_id", Text),
        col("row", Int),
        col("col", Int),
        col("code", Text),
        col("name", Text),
        col("column", Text),
        col("text", Text),
        col("amount", Text),
        col("block", Int),
        col("level", Int),
    ],
    indexes: &["doc_id"],
};

/// Every relation, in the order rows are written (a document before what refers to it).
pub const ALL: [&Relation; 5] = [&DOCUMENTS, &TABLES, &FACTS, &CHECKS, &CELLS];

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Text(Option<Cow<'a, str>>),
    Int(Option<i64>),
    Bool(bool),
    Decimal(Option<Decimal>),
}

impl Value<'_> {
    /// The value as CSV and SQLite text: empty / NULL for a null.
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Text(t) => t.as_ref().map(|t| t.to_string()),
            Value::Int(i) => i.map(|i| i.to_string()),
            Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_string()),
            Value::Decimal(d) => d.map(|d| d.to_string()),
        }
    }
}

fn text<'a>(s: impl Into<Cow<'a, str>>) -> Value<'a> {
    Value::Text(Some(s.into()))
}

fn opt<'a>(s: Option<&'a str>) -> Value<'a> {
    Value::Text(s.map(Cow::Borrowed))
}

fn int(n: usize) -> Value<'static> {
    Value::Int(Some(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// The document's stable id: its input's sha256 (an input that could not even be read has
/// none, and is named by its path).
pub fn doc_id(doc: &DocumentOutput) -> String {
    if doc.source.sha256.is_empty() {
        format!("unread:{}", doc.source.file)
    } else {
        doc.source.sha256.clone()
    }
}

/// `<doc_id>:<n>`.
pub fn table_id(doc_id: &str, n: usize) -> String {
    format!("{doc_id}:{n}")
}

/// `total` / `org` / `item`, as in the JSON.
pub fn row_type(t: RowType) -> &'static str {
    match t {
        RowType::Total => "total",
        RowType::Org => "org",
        RowType::Item => "item",
    }
}

/// Multiplier from a printed unit to 元.
pub fn yuan_factor(unit: Option<&str>) -> Decimal {
    match unit {
        Some("万元") => Decimal::from(10_000),
        Some("千元") => Decimal::from(1_000),
        Some("亿元") => Decimal::from(100_000_000),
        _ => Decimal::ONE,
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// Calls `f` with every row of every relation for `doc`, relation by relation in [`ALL`]
/// order, each row's values in its relation's column order.
pub fn for_each_row(doc: &DocumentOutput, mut f: impl FnMut(&Relation, &[Value<'_>])) {
    let id = doc_id(doc);
    let d = &doc.document;
    let warnings = json(&doc.warnings);
    f(
        &DOCUMENTS,
        &[
            text(id.as_str()),
            text(doc.source.file.as_str()),
            opt(d.title.as_deref()),
            opt(d.department.as_deref()),
            Value::Int(d.year.map(i64::from)),
            opt(d.kind.map(|k| match k {
                DocumentKind::Budget => "budget",
                DocumentKind::FinalAccounts => "final_accounts",
            })),
            opt(d.date.as_deref()),
            opt(d.unit.as_deref()),
            Value::Int(doc.source.pages.map(i64::from)),
            opt(doc.error.as_ref().map(|e| e.code.as_str())),
            text(match doc.source.format {
                SourceFormat::Pdf => "pdf",
                SourceFormat::Text => "text",
            }),
            opt(doc.error.as_ref().map(|e| e.message.as_str())),
            text(warnings),
        ],
    );
    let table_ids: Vec<String> = (0..doc.tables.len()).map(|n| table_id(&id, n)).collect();
    for (n, t) in doc.tables.iter().enumerate() {
        f(
            &TABLES,
            &[
                text(table_ids[n].as_str()),
                text(id.as_str()),
                Value::Int(t.number.map(i64::from)),
                text(t.kind.as_str()),
                text(t.title.as_str()),
                opt(t.label.as_deref()),
                opt(t.org.as_deref()),
                opt(t.unit.as_deref()),
                text(json(&t.pages)),
                text(json(&t.columns)),
                text(json(&t.spec.iter().map(|s| s.measure.as_deref()).collect::<Vec<_>>())),
                text(json(&t.notes)),
            ],
        );
    }
    let orgs: Vec<BTreeMap<usize, String>> = doc.tables.iter().map(org_by_row).collect();
    for_each_amount(doc, |a| {
        let unit = a.table.unit.as_deref().or(d.unit.as_deref());
        let yuan = a.amount.value.checked_mul(yuan_factor(unit));
        let org = orgs[a.table_index]
            .range(..=a.record.row)
            .next_back()
            .map(|(_, o)| o.as_str())
            .or(a.table.org.as_deref());
        f(
            &FACTS,
            &[
                text(id.as_str()),
                text(table_ids[a.table_index].as_str()),
                Value::Int(a.table.number.map(i64::from)),
                text(a.table.kind.as_str()),
                int(a.record.row),
                text(row_type(a.record.row_type)),
                opt(a.record.code.as_deref()),
                opt(a.record.name.as_deref()),
                Value::Int(a.level.map(i64::from)),
                opt(org),
                Value::Int(a.record.block.map(|b| i64::try_from(b).unwrap_or(i64::MAX))),
                text(a.measure),
                text(a.amount.as_str()),
                opt(unit),
                Value::Decimal(yuan),
                opt(a.column),
                opt(a.period),
            ],
        );
    });
    for c in &doc.checks {
        let table = c.table_index.and_then(|n| table_ids.get(n));
        f(
            &CHECKS,
            &[
                text(id.as_str()),
                opt(table.map(String::as_str)),
                text(c.rule.as_str()),
                Value::Bool(c.ok),
                text(c.detail.as_str()),
                Value::Int(c.row.map(|r| i64::try_from(r).unwrap_or(i64::MAX))),
            ],
        );
    }
    for_each_cell(doc, |c| {
        f(
            &CELLS,
            &[
                text(id.as_str()),
                text(table_ids[c.table_index].as_str()),
                int(c.row),
                int(c.col),
                opt(c.code),
                opt(c.name),
                text(c.column),
                text(c.text),
                Value::Text(c.value.map(Cow::Owned)),
                Value::Int(c.block.map(|b| i64::try_from(b).unwrap_or(i64::MAX))),
                Value::Int(c.level.map(i64::from)),
            ],
        );
    });
}

/// The budget unit each row of a table belongs to: the last unit line (`org` record) at or
/// above it, by its name (or its code when it prints none).
fn org_by_row(t: &Table) -> BTreeMap<usize, String> {
    t.records
        .iter()
        .filter(|r| r.row_type == RowType::Org)
        .filter_map(|r| {
            Some((r.row, r.name.clone().or_else(|| r.field("org_code").map(str::to_string))?))
        })
        .collect()
}

/// `CREATE TABLE` and `CREATE INDEX` statements for every relation.
pub fn sqlite_ddl() -> String {
    let mut sql = String::new();
    for r in ALL {
        let cols: Vec<String> = r
            .columns
            .iter()
            .map(|c| {
                let ty = match c.ty {
                    Ty::Int | Ty::Bool => "INTEGER",
                    Ty::Text | Ty::Decimal => "TEXT",
                };
                format!("    \"{}\" {ty}", c.name)
            })
            .collect();
        sql.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS {} (\n{}\n);\n",
            r.name,
            cols.join(",\n")
        ));
        for (i, index) in r.indexes.iter().enumerate() {
            let quoted: Vec<String> = index.split(", ").map(|c| format!("\"{c}\"")).collect();
            sql.push_str(&format!(
                "CREATE INDEX IF NOT EXISTS {}_{i} ON {}({});\n",
                r.name,
                r.name,
                quoted.join(", ")
            ));
        }
    }
    sql
}

/// `INSERT INTO <relation> (…) VALUES (?1, …)`.
pub fn sqlite_insert(r: &Relation) -> String {
    let names: Vec<String> = r.columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
    let params: Vec<String> = (1..=r.columns.len()).map(|i| format!("?{i}")).collect();
    format!("INSERT INTO {} ({}) VALUES ({})", r.name, names.join(", "), params.join(", "))
}

/// The CSV header line's fields.
pub fn csv_header(r: &Relation) -> Vec<&'static str> {
    r.columns.iter().map(|c| c.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relation_has_unique_column_names_and_the_contracts_first() {
        for r in ALL {
            let mut names: Vec<&str> = r.columns.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), r.columns.len(), "{}", r.name);
        }
        let first = |r: &Relation, n: usize| -> Vec<&str> {
            r.columns.iter().take(n).map(|c| c.name).collect()
        };
        assert_eq!(
            first(&DOCUMENTS, 10),
            [
                "doc_id",
                "file",
                "title",
                "department",
                "year",
                "kind",
                "date",
                "unit",
                "pages",
                "error_code"
            ]
        );
        assert_eq!(
            first(&TABLES, 9),
            ["table_id", "doc_id", "number", "kind", "title", "label", "org", "unit", "pages"]
        );
        assert_eq!(
            first(&FACTS, 16),
            [
                "doc_id",
                "table_id",
                "table_number",
                "table_kind",
                "row",
                "row_type",
                "code",
                "name",
                "level",
                "org",
                "block",
                "measure",
                "amount",
                "unit",
                "amount_yuan",
                "column"
            ]
        );
        assert_eq!(first(&CHECKS, 5), ["doc_id", "table_id", "rule", "ok", "detail"]);
    }

    #[test]
    fn rows_have_their_relations_width() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let doc = crate::extract_path(&root.join("samples/lingbao-gxj-2025.txt"), "x.txt");
        let mut seen = BTreeMap::new();
        for_each_row(&doc, |r, values| {
            assert_eq!(values.len(), r.columns.len(), "{}", r.name);
            *seen.entry(r.name).or_insert(0) += 1;
        });
        assert_eq!(seen.get("documents"), Some(&1));
        assert_eq!(seen.get("tables"), Some(&12));
        assert!(seen.get("facts").is_some_and(|n| *n > 100));
    }
}

//! The serde types of the output contract, schema `yusuan/1` (see `schema/yusuan-1.schema.json`).
//!
//! Field order here is the order in the JSON. Maps are ordered vectors or `BTreeMap`s, never
//! `HashMap`, so the same input always gives byte-identical output.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::contract::TableKind;
pub use crate::contract::{Amount, Indent};

pub const SCHEMA: &str = "yusuan/1";

/// One input document, extracted (or the reason it could not be).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentOutput {
    pub schema: &'static str,
    pub source: Source,
    pub document: DocumentMeta,
    pub tables: Vec<Table>,
    pub checks: Vec<Check>,
    pub warnings: Vec<Warning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<DocError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The path as given on the command line (or found under a given directory).
    pub file: String,
    pub sha256: String,
    pub format: SourceFormat,
    /// Page count; `null` for text input.
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Pdf,
    Text,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentMeta {
    pub title: Option<String>,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<DocumentKind>,
    /// ISO date (`2025-03-25`) printed on the cover, when there is one.
    pub date: Option<String>,
    /// The unit most of the document's tables are printed in.
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 预算
    Budget,
    /// 决算
    FinalAccounts,
}

/// One standard table, rebuilt as printed, with its typed records.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub kind: TableKind,
    pub number: Option<u8>,
    pub title: String,
    /// A line that only numbers the table (公开02表, 表01, 预算01表), printed above, beside
    /// or below its title; absent when none is printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub org: Option<String>,
    pub unit: Option<String>,
    pub pages: Vec<u32>,
    pub columns: Vec<Vec<String>>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
    pub records: Vec<Record>,
    /// What each column holds (one per `columns` entry), decided once by `records` and read
    /// by the checks and every writer. Empty until `records` has read the table.
    #[serde(skip)]
    pub spec: Vec<ColumnSpec>,
    /// Where cell text starts inside its cell (ruled PDF tables), `row` indexing `rows`:
    /// what `records` reads indentation levels from. Empty for text input.
    #[serde(skip)]
    pub indents: Vec<Indent>,
}

impl Table {
    /// The indices of the columns read as amounts, as the spec says.
    pub fn amount_columns(&self) -> Vec<usize> {
        (0..self.spec.len()).filter(|&c| self.spec[c].role == ColumnRole::Amount).collect()
    }
}

/// What one column holds, decided once from its header path (and from whether its cells are
/// numbers) by `records`. The checks and every writer read it and never re-derive it, so a
/// column is an amount column in the records, the checks, the cells and the facts alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    pub role: ColumnRole,
    /// Amount columns: the key of the column's figure in each record's `amounts` (unique
    /// within its block).
    pub key: Option<String>,
    /// Amount columns: what the figure is, a key of `schema/measures.tsv` for the table's
    /// kind (`other` for a header the dictionary does not know).
    pub measure: Option<String>,
    /// The period the header names, when it names one: `current` (本年), `prior` (上年),
    /// `change` (增减), `initial_budget` (年初预算), `adjusted_budget` (调整预算), `final`
    /// (决算).
    pub period: Option<&'static str>,
    /// The side-by-side block the column belongs to (决算 表6: 0 left, 1 right); `None` for
    /// ordinary tables.
    pub block: Option<usize>,
    /// The level field (`level`, `income_level`, `expenditure_level`) the column's cells take
    /// from their row's record; `None` for a column under neither side of tables 1 and 4.
    pub level_field: Option<&'static str>,
}

/// The role of a column in a [`ColumnSpec`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// Names a line: 科目名称, 单位名称, 项目名称, a side's 项目 in tables 1 and 4.
    Label,
    /// A classification, unit or project code (or part of one: 类/款/项).
    Code,
    /// Figures: each record reads this column into its `amounts`.
    Amount,
    /// Anything else: words, serial numbers, indicators.
    Text,
}

/// Where a record's row sits in the table's hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowType {
    /// 合计 / 总计 / 本年收入合计 …
    Total,
    /// A budget unit (单位代码 502001 …) inside a department's table.
    Org,
    /// A classification line, project, indicator or other data line.
    Item,
}

/// One typed row. Serialised flat: `row`, `row_type`, `code`, `name`, then the kind's text
/// fields (`org_code`, `gov_code`, `income_item` …), then the indentation levels there are
/// (`level`, `income_level`, `expenditure_level`), then `amounts`, then `indicators` (kind 12).
#[derive(Debug, Clone)]
pub struct Record {
    /// Index into the table's `rows` (0-based) of the row this record was read from.
    pub row: usize,
    pub row_type: RowType,
    pub code: Option<String>,
    pub name: Option<String>,
    pub fields: Vec<(&'static str, Option<String>)>,
    /// Depth of a label in a hierarchy the table shows only by indenting it (1 = outermost):
    /// `level` for the name, `income_level` / `expenditure_level` for the two sides of tables
    /// 1 and 4. Only labels in a column that indents a consistent hierarchy have one.
    pub levels: Vec<(&'static str, u8)>,
    /// Amount columns in printed order, keyed by the column's canonical key.
    pub amounts: Vec<(String, Option<Amount>)>,
    pub indicators: Option<Vec<Indicator>>,
    /// For tables printing two classification blocks side by side (决算 表6: 301/303 left,
    /// 302/310 right): which block, 0 = leftmost. `None` for ordinary tables.
    pub block: Option<usize>,
}

impl Record {
    pub fn amount(&self, key: &str) -> Option<&Amount> {
        self.amounts.iter().find(|(k, _)| k == key).and_then(|(_, a)| a.as_ref())
    }

    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| *k == key).and_then(|(_, v)| v.as_deref())
    }

    /// The indentation level `key` (`level`, `income_level` …), when the table shows one.
    pub fn level(&self, key: &str) -> Option<u8> {
        self.levels.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
    }
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("row", &self.row)?;
        map.serialize_entry("row_type", &self.row_type)?;
        if let Some(block) = self.block {
            map.serialize_entry("block", &block)?;
        }
        map.serialize_entry("code", &self.code)?;
        map.serialize_entry("name", &self.name)?;
        for (key, value) in &self.fields {
            map.serialize_entry(key, value)?;
        }
        for (key, level) in &self.levels {
            map.serialize_entry(key, level)?;
        }
        map.serialize_entry("amounts", &OrderedAmounts(&self.amounts))?;
        if let Some(indicators) = &self.indicators {
            map.serialize_entry("indicators", indicators)?;
        }
        map.end()
    }
}

struct OrderedAmounts<'a>(&'a [(String, Option<Amount>)]);

impl Serialize for OrderedAmounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A performance indicator (绩效指标) of a project, kind 12.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// The 二级指标's key where one is printed, else the 一级指标's: `cost` 成本指标
    /// (`economic_cost`, `social_cost`, `environmental_cost`), `output` 产出指标
    /// (`quantity`, `quality`, `timeliness`), `benefit` 效益指标 (`economic_benefit`,
    /// `social_benefit`, `ecological_benefit`, `sustainability`), `satisfaction` 满意度指标
    /// (`beneficiary_satisfaction`); the printed category when it is none of these.
    pub category: String,
    pub name: String,
    pub value: String,
    /// 一级指标 (产出指标 …) and 二级指标 (数量指标 …), where a per-project form prints them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level2: Option<String>,
}

/// One accounting identity evaluated on the extracted numbers.
#[derive(Debug, Clone)]
pub struct Check {
    pub rule: String,
    pub ok: bool,
    pub detail: String,
    /// The table number (1–12) the identity was evaluated on, first table for cross-table rules.
    pub table: Option<u8>,
    /// The row index in that table's `rows`, for row-wise rules.
    pub row: Option<usize>,
    /// The place in the document's `tables` of the table a single-table rule was evaluated
    /// on (the warehouse's `table_id`); `None` for cross-table and prose rules. Not in the
    /// JSON, whose `table` says the same by number.
    pub table_index: Option<usize>,
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("Check", 5)?;
        st.serialize_field("rule", &self.rule)?;
        st.serialize_field("ok", &self.ok)?;
        st.serialize_field("detail", &self.detail)?;
        if self.table.is_some() {
            st.serialize_field("table", &self.table)?;
        } else {
            st.skip_field("table")?;
        }
        if self.row.is_some() {
            st.serialize_field("row", &self.row)?;
        } else {
            st.skip_field("row")?;
        }
        st.end()
    }
}

/// Something the user should know about a document that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    pub page: Option<u32>,
}

impl Warning {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Warning { code, message: message.into(), page: None }
    }
}

/// Why a document could not be read; the batch carries on.
#[derive(Debug, Clone, Serialize)]
pub struct DocError {
    pub code: String,
    pub message: String,
}

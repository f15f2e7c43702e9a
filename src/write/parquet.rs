//! `--parquet DIR`: the rows of [`flat`](super::flat) as Parquet files (arrow-rs), one per
//! relation: `documents.parquet`, `cells.parquet`, `records.parquet`, `checks.parquet`.
//!
//! Every row carries its document's `file` and `sha256`, so the files join without ids.
//! Amounts are `value` (UTF-8, the exact decimal as printed) beside `value_real` (a float
//! copy). In `cells` and `records`, `block` (nullable) tells apart the side-by-side blocks
//! of a 决算 表6 and `level` (nullable, last) is the indentation level of the row's label,
//! on the value's side in tables 1 and 4. Snappy compression (pure Rust, no C build). Each file is written
//! beside its final name and renamed there by [`Sink::finish`]: a killed run leaves no torn
//! file.

use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::flat::{for_each_amount, for_each_cell, index};
use super::sqlite::row_type;
use super::{AtomicFile, Sink};
use crate::model::{DocumentKind, DocumentOutput, SourceFormat};

/// Rows per row group: large enough for good compression, small enough that the buffered
/// group stays a few MB whatever the number of documents.
const ROW_GROUP: usize = 64 * 1024;

/// One column's type.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    Int,
    Real,
    Bool,
}

/// One value of a row, in column order.
enum Val<'a> {
    Str(Option<&'a str>),
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(bool),
}

enum Builder {
    Str(StringBuilder),
    Int(Int64Builder),
    Real(Float64Builder),
    Bool(BooleanBuilder),
}

/// One Parquet file being written: its schema, the rows of the current document, the
/// writer, and the temporary it writes into.
struct Relation {
    schema: SchemaRef,
    builders: Vec<Builder>,
    writer: Option<(AtomicFile, ArrowWriter<File>)>,
}

impl Relation {
    fn create(path: &Path, columns: &[(&str, Ty)]) -> io::Result<Relation> {
        let fields: Vec<Field> = columns
            .iter()
            .map(|(name, ty)| {
                let dt = match ty {
                    Ty::Str => DataType::Utf8,
                    Ty::Int => DataType::Int64,
                    Ty::Real => DataType::Float64,
                    Ty::Bool => DataType::Boolean,
                };
                Field::new(*name, dt, true)
            })
            .collect();
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .build();
        let (atomic, file) = AtomicFile::create(path)?;
        let writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props))
            .map_err(|e| io::Error::other(format!("{}: {e}", path.display())))?;
        let mut relation =
            Relation { schema, builders: Vec::new(), writer: Some((atomic, writer)) };
        relation.builders = relation.new_builders();
        Ok(relation)
    }

    fn new_builders(&self) -> Vec<Builder> {
        self.schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Int64 => Builder::Int(Int64Builder::new()),
                DataType::Float64 => Builder::Real(Float64Builder::new()),
                DataType::Boolean => Builder::Bool(BooleanBuilder::new()),
                _ => Builder::Str(StringBuilder::new()),
            })
            .collect()
    }

    fn push(&mut self, row: &[Val]) {
        for (b, v) in self.builders.iter_mut().zip(row) {
            match (b, v) {
                (Builder::Str(b), Val::Str(v)) => b.append_option(*v),
                (Builder::Int(b), Val::Int(v)) => b.append_option(*v),
                (Builder::Real(b), Val::Real(v)) => b.append_option(*v),
                (Builder::Bool(b), Val::Bool(v)) => b.append_value(*v),
                // Columns and values are listed side by side below; a mismatch is a bug,
                // and a null keeps the columns the same length.
                (Builder::Str(b), _) => b.append_null(),
                (Builder::Int(b), _) => b.append_null(),
                (Builder::Real(b), _) => b.append_null(),
                (Builder::Bool(b), _) => b.append_null(),
            }
        }
    }

    /// Hands the rows pushed since the last call to the writer.
    fn flush(&mut self) -> io::Result<()> {
        let arrays: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Str(b) => Arc::new(b.finish()),
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Real(b) => Arc::new(b.finish()),
                    Builder::Bool(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        if arrays.first().is_none_or(|a| a.is_empty()) {
            return Ok(());
        }
        let batch =
            RecordBatch::try_new(Arc::clone(&self.schema), arrays).map_err(io::Error::other)?;
        match self.writer.as_mut() {
            Some((_, w)) => w.write(&batch).map_err(io::Error::other),
            None => Ok(()),
        }
    }

    fn close(&mut self) -> io::Result<()> {
        match self.writer.take() {
            Some((atomic, writer)) => {
                let file = writer.into_inner().map_err(io::Error::other)?;
                atomic.commit(file)
            }
            None => Ok(()),
        }
    }
}

/// Writes the four Parquet files.
pub struct ParquetSink {
    documents: Relation,
    cells: Relation,
    records: Relation,
    checks: Relation,
}

impl ParquetSink {
    /// Creates `dir` if needed and starts the four files.
    pub fn create(dir: &Path) -> io::Result<ParquetSink> {
        fs::create_dir_all(dir).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display()))
        })?;
        Ok(ParquetSink {
            documents: Relation::create(
                &dir.join("documents.parquet"),
                &[
                    ("file", Ty::Str),
                    ("sha256", Ty::Str),
                    ("format", Ty::Str),
                    ("pages", Ty::Int),
                    ("title", Ty::Str),
                    ("department", Ty::Str),
                    ("year", Ty::Int),
                    ("kind", Ty::Str),
                    ("date", Ty::Str),
                    ("unit", Ty::Str),
                    ("error_code", Ty::Str),
                    ("error_message", Ty::Str),
                ],
            )?,
            cells: Relation::create(
                &dir.join("cells.parquet"),
                &[
                    ("file", Ty::Str),
                    ("sha256", Ty::Str),
                    ("table_index", Ty::Int),
                    ("table_kind", Ty::Str),
                    ("table_number", Ty::Int),
                    ("row", Ty::Int),
                    ("col", Ty::Int),
                    ("code", Ty::Str),
                    ("name", Ty::Str),
                    ("column", Ty::Str),
                    ("text", Ty::Str),
                    ("value", Ty::Str),
                    ("unit", Ty::Str),
                    ("block", Ty::Int),
                    ("level", Ty::Int),
                ],
            )?,
            records: Relation::create(
                &dir.join("records.parquet"),
                &[
                    ("file", Ty::Str),
                    ("sha256", Ty::Str),
                    ("table_index", Ty::Int),
                    ("table_kind", Ty::Str),
                    ("table_number", Ty::Int),
                    ("row", Ty::Int),
                    ("row_type", Ty::Str),
                    ("code", Ty::Str),
                    ("name", Ty::Str),
                    ("key", Ty::Str),
                    ("value", Ty::Str),
                    ("value_real", Ty::Real),
                    ("unit", Ty::Str),
                    ("block", Ty::Int),
                    ("level", Ty::Int),
                ],
            )?,
            checks: Relation::create(
                &dir.join("checks.parquet"),
                &[
                    ("file", Ty::Str),
                    ("sha256", Ty::Str),
                    ("rule", Ty::Str),
                    ("ok", Ty::Bool),
                    ("detail", Ty::Str),
                    ("table_number", Ty::Int),
                    ("row", Ty::Int),
                ],
            )?,
        })
    }
}

fn int(n: usize) -> Option<i64> {
    Some(index(n))
}

impl Sink for ParquetSink {
    fn write(&mut self, _index: usize, doc: &DocumentOutput) -> io::Result<()> {
        let file = Some(doc.source.file.as_str());
        let sha = Some(doc.source.sha256.as_str());
        let d = &doc.document;
        self.documents.push(&[
            Val::Str(file),
            Val::Str(sha),
            Val::Str(Some(match doc.source.format {
                SourceFormat::Pdf => "pdf",
                SourceFormat::Text => "text",
            })),
            Val::Int(doc.source.pages.map(i64::from)),
            Val::Str(d.title.as_deref()),
            Val::Str(d.department.as_deref()),
            Val::Int(d.year.map(i64::from)),
            Val::Str(d.kind.map(|k| match k {
                DocumentKind::Budget => "budget",
                DocumentKind::FinalAccounts => "final_accounts",
            })),
            Val::Str(d.date.as_deref()),
            Val::Str(d.unit.as_deref()),
            Val::Str(doc.error.as_ref().map(|e| e.code.as_str())),
            Val::Str(doc.error.as_ref().map(|e| e.message.as_str())),
        ]);
        let cells = &mut self.cells;
        for_each_cell(doc, |c| {
            cells.push(&[
                Val::Str(file),
                Val::Str(sha),
                Val::Int(int(c.table_index)),
                Val::Str(Some(c.table.kind.as_str())),
                Val::Int(c.table.number.map(i64::from)),
                Val::Int(int(c.row)),
                Val::Int(int(c.col)),
                Val::Str(c.code),
                Val::Str(c.name),
                Val::Str(Some(c.column)),
                Val::Str(Some(c.text)),
                Val::Str(c.value.as_deref()),
                Val::Str(c.table.unit.as_deref()),
                Val::Int(c.block.map(index)),
                Val::Int(c.level.map(i64::from)),
            ])
        });
        let records = &mut self.records;
        for_each_amount(doc, |a| {
            records.push(&[
                Val::Str(file),
                Val::Str(sha),
                Val::Int(int(a.table_index)),
                Val::Str(Some(a.table.kind.as_str())),
                Val::Int(a.table.number.map(i64::from)),
                Val::Int(int(a.record.row)),
                Val::Str(Some(row_type(a.record.row_type))),
                Val::Str(a.record.code.as_deref()),
                Val::Str(a.record.name.as_deref()),
                Val::Str(Some(a.key)),
                Val::Str(Some(a.value())),
                Val::Real(a.value_f64()),
                Val::Str(a.table.unit.as_deref()),
                Val::Int(a.record.block.map(index)),
                Val::Int(a.level.map(i64::from)),
            ])
        });
        for c in &doc.checks {
            self.checks.push(&[
                Val::Str(file),
                Val::Str(sha),
                Val::Str(Some(&c.rule)),
                Val::Bool(c.ok),
                Val::Str(Some(&c.detail)),
                Val::Int(c.table.map(i64::from)),
                Val::Int(c.row.and_then(int)),
            ]);
        }
        for r in [&mut self.documents, &mut self.cells, &mut self.records, &mut self.checks] {
            r.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        for r in [&mut self.documents, &mut self.cells, &mut self.records, &mut self.checks] {
            r.close()?;
        }
        Ok(())
    }
}

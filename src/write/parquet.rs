//! `--parquet DIR`: the warehouse relations as Parquet files (arrow-rs), one per relation
//! (`documents.parquet`, `tables.parquet`, `facts.parquet`, `checks.parquet`,
//! `cells.parquet`), with the columns [`relations`] defines: the same
//! names as SQLite and CSV, so one SQL query runs on either. `amount_yuan` is
//! `DECIMAL(38, 6)`, exact. Snappy compression (pure Rust, no C build). Each file is
//! written beside its final name and renamed there by [`Sink::finish`]: a killed run leaves
//! no torn file.

use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Decimal128Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rust_decimal::Decimal;

use super::relations::{self, Relation, Ty, Value, YUAN_SCALE};
use super::{AtomicFile, Sink};
use crate::model::DocumentOutput;

/// Rows per row group: large enough for good compression, small enough that the buffered
/// group stays a few MB whatever the number of documents.
const ROW_GROUP: usize = 64 * 1024;

/// Digits of `DECIMAL(38, 6)`.
const PRECISION: u8 = 38;

enum Builder {
    Str(StringBuilder),
    Int(Int64Builder),
    Bool(BooleanBuilder),
    Dec(Decimal128Builder),
}

/// The Arrow type of a relation column.
fn arrow_type(ty: Ty) -> DataType {
    match ty {
        Ty::Text => DataType::Utf8,
        Ty::Int => DataType::Int64,
        Ty::Bool => DataType::Boolean,
        Ty::Decimal => DataType::Decimal128(PRECISION, YUAN_SCALE as i8),
    }
}

/// The Arrow schema of a relation.
pub fn schema(relation: &Relation) -> SchemaRef {
    let fields: Vec<Field> =
        relation.columns.iter().map(|c| Field::new(c.name, arrow_type(c.ty), true)).collect();
    Arc::new(Schema::new(fields))
}

/// A decimal as the unscaled integer of `DECIMAL(38, 6)`; `None` when it has more digits
/// after the point than that (never in a real table) or does not fit.
fn unscaled(d: Decimal) -> Option<i128> {
    let mut d = d;
    if d.scale() > YUAN_SCALE {
        return None;
    }
    d.rescale(YUAN_SCALE);
    (d.scale() == YUAN_SCALE).then(|| d.mantissa())
}

/// One Parquet file being written.
struct File1 {
    relation: &'static Relation,
    schema: SchemaRef,
    builders: Vec<Builder>,
    writer: Option<(AtomicFile, ArrowWriter<File>)>,
}

impl File1 {
    fn create(dir: &Path, relation: &'static Relation) -> io::Result<File1> {
        let path = dir.join(format!("{}.parquet", relation.name));
        let schema = schema(relation);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .build();
        let (atomic, file) = AtomicFile::create(&path)?;
        let writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props))
            .map_err(|e| io::Error::other(format!("{}: {e}", path.display())))?;
        let builders = new_builders(relation);
        Ok(File1 { relation, schema, builders, writer: Some((atomic, writer)) })
    }

    fn push(&mut self, row: &[Value<'_>]) {
        for (b, v) in self.builders.iter_mut().zip(row) {
            match (b, v) {
                (Builder::Str(b), v) => b.append_option(v.text()),
                (Builder::Int(b), Value::Int(v)) => b.append_option(*v),
                (Builder::Bool(b), Value::Bool(v)) => b.append_value(*v),
                (Builder::Dec(b), Value::Decimal(v)) => b.append_option(v.and_then(unscaled)),
                // The relation defines types and values side by side; a mismatch is a bug,
                // and a null keeps the columns the same length.
                (Builder::Int(b), _) => b.append_null(),
                (Builder::Bool(b), _) => b.append_null(),
                (Builder::Dec(b), _) => b.append_null(),
            }
        }
    }

    /// Hands the rows pushed since the last call to the writer.
    fn flush(&mut self) -> io::Result<()> {
        let arrays: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| -> io::Result<ArrayRef> {
                Ok(match b {
                    Builder::Str(b) => Arc::new(b.finish()),
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Bool(b) => Arc::new(b.finish()),
                    Builder::Dec(b) => Arc::new(
                        b.finish()
                            .with_precision_and_scale(PRECISION, YUAN_SCALE as i8)
                            .map_err(io::Error::other)?,
                    ),
                })
            })
            .collect::<io::Result<_>>()?;
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

fn new_builders(relation: &Relation) -> Vec<Builder> {
    relation
        .columns
        .iter()
        .map(|c| match c.ty {
            Ty::Text => Builder::Str(StringBuilder::new()),
            Ty::Int => Builder::Int(Int64Builder::new()),
            Ty::Bool => Builder::Bool(BooleanBuilder::new()),
            Ty::Decimal => Builder::Dec(Decimal128Builder::new()),
        })
        .collect()
}

/// Writes one Parquet file per relation.
pub struct ParquetSink {
    files: Vec<File1>,
}

impl ParquetSink {
    /// Creates `dir` if needed and starts the files.
    pub fn create(dir: &Path) -> io::Result<ParquetSink> {
        fs::create_dir_all(dir).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display()))
        })?;
        let files =
            relations::ALL.iter().map(|r| File1::create(dir, r)).collect::<io::Result<_>>()?;
        Ok(ParquetSink { files })
    }
}

impl Sink for ParquetSink {
    fn write(&mut self, _index: usize, doc: &DocumentOutput) -> io::Result<()> {
        let files = &mut self.files;
        relations::for_each_row(doc, |relation, values| {
            if let Some(f) = files.iter_mut().find(|f| f.relation.name == relation.name) {
                f.push(values);
            }
        });
        for f in &mut self.files {
            f.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        for f in &mut self.files {
            f.close()?;
        }
        Ok(())
    }
}

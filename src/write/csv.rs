//! `--csv FILE`: every non-empty cell of every document as one CSV row (long form), ready
//! for `COPY … FROM` or `read_csv`.
//!
//! Columns: `file, sha256, table_index, table_kind, table_number, row, col, code, name,
//! column, text, value, unit, block, level`. `table_index` (the table's place in the document) and
//! `col` tell apart cells that would otherwise share a key: two `other` tables, or the three
//! `科目编码` columns of one table. `value` is the exact decimal (empty when the cell is not
//! a number in an amount column). `block` is the side-by-side block of the cell's column
//! (决算 表6: `0` left, `1` right), empty for ordinary tables. `level` is the indentation
//! level of the row's label on the cell's side (1 = outermost; tables 1 and 4: the 收入 or
//! 支出 label's), empty where the table prints no such hierarchy. Each was added after the
//! others and put last, so readers that take the earlier columns by position are unaffected. RFC 4180
//! quoting, `\n` line ends, UTF-8 without BOM.
//!
//! The file is written beside its final name and renamed there by [`Sink::finish`], so a
//! killed run leaves the previous file (or none), never half of one.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::flat::for_each_cell;
use super::{named, AtomicFile, Sink};
use crate::model::DocumentOutput;

const HEADER: [&str; 15] = [
    "file",
    "sha256",
    "table_index",
    "table_kind",
    "table_number",
    "row",
    "col",
    "code",
    "name",
    "column",
    "text",
    "value",
    "unit",
    "block",
    "level",
];

/// Writes the long-form CSV.
pub struct CsvSink {
    out: Option<(AtomicFile, BufWriter<fs::File>)>,
}

impl CsvSink {
    /// Starts `path` (through a temporary beside it) and writes the header.
    pub fn create(path: &Path) -> io::Result<CsvSink> {
        let (atomic, file) = AtomicFile::create(path)?;
        let mut out = BufWriter::new(file);
        write_row(&mut out, HEADER.iter().copied()).map_err(|e| named(path, e))?;
        Ok(CsvSink { out: Some((atomic, out)) })
    }
}

impl Sink for CsvSink {
    fn write(&mut self, _index: usize, doc: &DocumentOutput) -> io::Result<()> {
        let Some((_, out)) = self.out.as_mut() else {
            return Ok(());
        };
        let mut result = Ok(());
        for_each_cell(doc, |c| {
            if result.is_err() {
                return;
            }
            let table_index = c.table_index.to_string();
            let number = c.table.number.map(|n| n.to_string()).unwrap_or_default();
            let row = c.row.to_string();
            let col = c.col.to_string();
            let block = c.block.map(|b| b.to_string()).unwrap_or_default();
            let level = c.level.map(|l| l.to_string()).unwrap_or_default();
            let fields = [
                doc.source.file.as_str(),
                doc.source.sha256.as_str(),
                &table_index,
                c.table.kind.as_str(),
                &number,
                &row,
                &col,
                c.code.unwrap_or(""),
                c.name.unwrap_or(""),
                c.column,
                c.text,
                c.value.as_deref().unwrap_or(""),
                c.table.unit.as_deref().unwrap_or(""),
                &block,
                &level,
            ];
            result = write_row(out, fields.iter().copied());
        });
        result
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.out.take() {
            Some((atomic, out)) => {
                let file = out.into_inner().map_err(|e| e.into_error())?;
                atomic.commit(file)
            }
            None => Ok(()),
        }
    }
}

fn write_row<'a>(out: &mut impl Write, fields: impl Iterator<Item = &'a str>) -> io::Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_field(out, field)?;
    }
    out.write_all(b"\n")
}

/// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
fn write_field(out: &mut impl Write, field: &str) -> io::Result<()> {
    if field.contains([',', '"', '\n', '\r']) {
        out.write_all(b"\"")?;
        out.write_all(field.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(field.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut out = Vec::new();
        write_row(&mut out, ["a", "1,234.50", "say \"hi\"", "x\ny"].into_iter()).expect("vec"); // ok: test
        assert_eq!(String::from_utf8_lossy(&out), "a,\"1,234.50\",\"say \"\"hi\"\"\",\"x\ny\"\n");
    }
}

//! `--csv PATH`: the warehouse relations as CSV, with the columns
//! [`relations`] defines. `PATH` ending in `.csv` gets the `facts`
//! relation alone; any other `PATH` is a directory that gets one file per relation
//! (`documents.csv`, `tables.csv`, `facts.csv`, `checks.csv`, `cells.csv`).
//!
//! RFC 4180 quoting, `\n` line ends, UTF-8 without BOM; a null is an empty field, a
//! boolean `true`/`false`, a decimal its exact text. Each file is written beside its final
//! name and renamed there by [`Sink::finish`], so a killed run leaves the previous file (or
//! none), never half of one.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::relations::{self, Relation};
use super::{named, AtomicFile, Sink};
use crate::model::DocumentOutput;

/// One relation's file being written.
struct Out {
    relation: &'static Relation,
    file: Option<(AtomicFile, BufWriter<fs::File>)>,
}

/// Writes the relations as CSV.
pub struct CsvSink {
    outs: Vec<Out>,
}

impl CsvSink {
    /// `path.csv`: facts alone; otherwise a directory (created) of one file per relation.
    pub fn create(path: &Path) -> io::Result<CsvSink> {
        let single = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let targets: Vec<(&'static Relation, std::path::PathBuf)> = if single {
            vec![(&relations::FACTS, path.to_path_buf())]
        } else {
            fs::create_dir_all(path).map_err(|e| named(path, e))?;
            relations::ALL.iter().map(|r| (*r, path.join(format!("{}.csv", r.name)))).collect()
        };
        let mut outs = Vec::new();
        for (relation, target) in targets {
            let (atomic, file) = AtomicFile::create(&target)?;
            let mut out = BufWriter::new(file);
            write_row(&mut out, relations::csv_header(relation).into_iter())
                .map_err(|e| named(&target, e))?;
            outs.push(Out { relation, file: Some((atomic, out)) });
        }
        Ok(CsvSink { outs })
    }
}

impl Sink for CsvSink {
    fn write(&mut self, _index: usize, doc: &DocumentOutput) -> io::Result<()> {
        let mut result = Ok(());
        let outs = &mut self.outs;
        relations::for_each_row(doc, |relation, values| {
            if result.is_err() {
                return;
            }
            let Some(out) = outs.iter_mut().find(|o| o.relation.name == relation.name) else {
                return;
            };
            let Some((_, w)) = out.file.as_mut() else { return };
            let fields: Vec<String> = values.iter().map(|v| v.text().unwrap_or_default()).collect();
            result = write_row(w, fields.iter().map(String::as_str));
        });
        result
    }

    fn finish(&mut self) -> io::Result<()> {
        for out in &mut self.outs {
            if let Some((atomic, w)) = out.file.take() {
                let file = w.into_inner().map_err(|e| e.into_error())?;
                atomic.commit(file)?;
            }
        }
        Ok(())
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

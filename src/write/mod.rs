//! Writers: documents → bytes on disk or stdout, one module per output format behind the
//! [`Sink`] trait, so producing results stays apart from writing them.
//!
//! | module | output |
//! |---|---|
//! | [`json`] | one pretty JSON document on stdout; NDJSON, one document per line |
//! | [`dir`] | `DIR/<stem>.json` per document, atomic, resumable |
//! | [`csv`] | the warehouse relations as CSV: one file per relation in a directory, or `facts` alone |
//! | [`sqlite`] | the warehouse relations in a SQLite database |
//! | `parquet` | the warehouse relations as Parquet files (cargo feature `parquet`) |
//! | [`xlsx`] | an Excel workbook per document: a sheet per table as printed, checks, metadata |
//!
//! [`relations`] defines the warehouse relations (`documents`, `tables`, `facts`,
//! `checks`, `cells`) once, and the tabular writers generate their schemas from it;
//! [`flat`] walks a document's figures and cells for it. Several sinks may serve one run;
//! each gets every document in input order.

pub mod csv;
pub mod dir;
pub mod flat;
pub mod json;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod relations;
pub mod sqlite;
pub mod xlsx;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use csv::CsvSink;
pub use dir::{DirLayout, DirSink};
pub use json::{JsonSink, NdjsonSink};
#[cfg(feature = "parquet")]
pub use parquet::ParquetSink;
pub use sqlite::SqliteSink;

use crate::model::DocumentOutput;

/// Where extracted documents go.
pub trait Sink {
    /// Writes one document; `index` is the input's place in the whole input list (before
    /// `--shard` picked a subset), so names chosen from it agree between machines. An `Err`
    /// names what could not be written and why.
    fn write(&mut self, index: usize, doc: &DocumentOutput) -> io::Result<()>;

    /// Input `index` was kept from an earlier run and is not written again.
    fn skipped(&mut self, _index: usize) -> io::Result<()> {
        Ok(())
    }

    /// Flushes what is buffered and puts whole-run files in place.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place, so a killed
/// run leaves the previous file or none, never a torn one.
///
/// Not synced to disk: these are per-document files, and a rerun extracts again any output
/// that does not parse (the only thing a power cut could leave), so nothing is lost; a sync
/// per file cost a quarter of the wall time of a corpus run (43 waits for the disk).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// `.<name>.<pid>.tmp` beside `path`: hidden, and unique per process so two runs never
/// write into each other's temporary file.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// A file written through a temporary beside it and renamed into place by [`commit`], so
/// a killed run leaves the previous file (or none), never a torn one.
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file; the target's parent directory must exist.
    pub fn create(path: &Path) -> io::Result<(AtomicFile, fs::File)> {
        let tmp = temp_path(path);
        let file = fs::File::create(&tmp).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot create {}: {e}", tmp.display()))
        })?;
        Ok((AtomicFile { path: path.to_path_buf(), tmp }, file))
    }

    /// Syncs `file` (the one [`create`](AtomicFile::create) returned) and renames it into place.
    pub fn commit(self, file: fs::File) -> io::Result<()> {
        file.sync_all()?;
        drop(file);
        fs::rename(&self.tmp, &self.path).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot write {}: {e}", self.path.display()))
        })
    }
}

impl Drop for AtomicFile {
    /// A file never committed (an error, an early end) leaves no temporary behind.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.tmp);
    }
}

/// Names `path` in an I/O error.
fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

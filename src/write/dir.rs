//! `-o DIR`: `DIR/<input file stem>.json` per document, written atomically, and the index
//! a rerun reads to skip documents that are already done.
//!
//! Names are chosen from the whole input list before `--shard` picks a subset, so machines
//! sharing one output directory never choose the same name for different inputs.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::json::to_json;
use super::{write_atomically, Sink};
use crate::batch::Done;
use crate::model::DocumentOutput;

/// Where each input's JSON goes. Immutable, so worker threads can read it while the sink
/// writes.
#[derive(Debug)]
pub struct DirLayout {
    dir: PathBuf,
    paths: Vec<PathBuf>,
}

impl DirLayout {
    /// Names every input, given by its `source.file`, in input order: the input's stem,
    /// with `-2`, `-3` … when two inputs share a stem (a.txt and a.pdf, or x/a.txt and
    /// y/a.txt).
    pub fn new<'a>(dir: &Path, sources: impl IntoIterator<Item = &'a str>) -> DirLayout {
        let mut used = BTreeSet::new();
        let paths = sources
            .into_iter()
            .map(|source| {
                let stem = Path::new(source)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "document".to_string());
                let mut name = stem.clone();
                let mut n = 2;
                while !used.insert(name.clone()) {
                    name = format!("{stem}-{n}");
                    n += 1;
                }
                dir.join(format!("{name}.json"))
            })
            .collect();
        DirLayout { dir: dir.to_path_buf(), paths }
    }

    /// The output file of input `index`.
    pub fn path(&self, index: usize) -> Option<&Path> {
        self.paths.get(index).map(PathBuf::as_path)
    }

    /// What the existing output of input `index` was made from, if there is one that parses.
    pub fn done(&self, index: usize) -> Option<Done> {
        read_done(self.path(index)?)
    }
}

/// The parts of an existing output a rerun needs; serde skips the rest.
#[derive(Deserialize)]
struct Head {
    source: HeadSource,
    #[serde(default)]
    error: Option<HeadError>,
}

#[derive(Deserialize)]
struct HeadSource {
    sha256: String,
}

#[derive(Deserialize)]
struct HeadError {
    code: String,
}

/// `source.sha256` and `error.code` of an existing JSON output; `None` when it is missing or
/// does not parse (then the document is simply extracted again).
pub fn read_done(path: &Path) -> Option<Done> {
    let bytes = fs::read(path).ok()?;
    let head: Head = serde_json::from_slice(&bytes).ok()?;
    Some(Done { sha256: head.source.sha256, error: head.error.map(|e| e.code) })
}

/// Writes `DIR/<stem>.json` per document.
pub struct DirSink {
    layout: Arc<DirLayout>,
    /// Temporary files a killed run left, by the output they were for; removed once that
    /// output is written or kept. Only this run's own outputs are touched, so machines
    /// sharing the directory never remove each other's files in flight.
    stale: BTreeMap<PathBuf, Vec<PathBuf>>,
}

impl DirSink {
    /// Creates the directory if needed.
    pub fn new(layout: Arc<DirLayout>) -> io::Result<Self> {
        let dir = &layout.dir;
        fs::create_dir_all(dir).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot create output directory {}: {e}", dir.display()),
            )
        })?;
        let mut stale: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for entry in fs::read_dir(dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(target) = stale_target(&name) {
                stale.entry(dir.join(target)).or_default().push(entry.path());
            }
        }
        Ok(DirSink { layout, stale })
    }

    fn clean(&mut self, index: usize) {
        if let Some(path) = self.layout.path(index) {
            for tmp in self.stale.remove(path).unwrap_or_default() {
                let _ = fs::remove_file(tmp);
            }
        }
    }
}

/// `x.json` for a temporary `.x.json.<pid>.tmp`.
fn stale_target(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, pid) = rest.rsplit_once('.')?;
    (pid.bytes().all(|b| b.is_ascii_digit()) && target.ends_with(".json")).then_some(target)
}

impl Sink for DirSink {
    fn write(&mut self, index: usize, doc: &DocumentOutput) -> io::Result<()> {
        let Some(path) = self.layout.path(index).map(Path::to_path_buf) else {
            return Err(io::Error::other(format!(
                "{}: no output name for input {index}",
                doc.source.file
            )));
        };
        let mut bytes = to_json(doc)?;
        bytes.push(b'\n');
        write_atomically(&path, &bytes).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
        })?;
        self.clean(index);
        Ok(())
    }

    fn skipped(&mut self, index: usize) -> io::Result<()> {
        self.clean(index);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_stems_get_numbered_in_input_order() {
        let layout = DirLayout::new(Path::new("o"), ["x/a.txt", "a.pdf", "b.txt", "y/a.txt"]);
        let names: Vec<String> =
            (0..4).filter_map(|i| layout.path(i)).map(|p| p.display().to_string()).collect();
        assert_eq!(names, ["o/a.json", "o/a-2.json", "o/b.json", "o/a-3.json"]);
    }

    #[test]
    fn stale_temporaries_are_recognised() {
        assert_eq!(stale_target(".a.json.1234.tmp"), Some("a.json"));
        assert_eq!(stale_target(".a-2.json.7.tmp"), Some("a-2.json"));
        assert_eq!(stale_target("a.json"), None);
        assert_eq!(stale_target(".a.json.x1.tmp"), None);
        assert_eq!(stale_target(".cells.parquet.1.tmp"), None);
    }
}

//! Writers: documents → bytes on disk or stdout, one implementation per output format
//! behind the [`Sink`] trait, so producing results stays apart from writing them.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::model::DocumentOutput;

/// Where extracted documents go.
pub trait Sink {
    /// Writes one document; an `Err` names what could not be written and why.
    fn write(&mut self, doc: &DocumentOutput) -> io::Result<()>;

    /// Flushes what is buffered.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One document as pretty JSON (the `yusuan extract FILE` case).
pub struct JsonSink<W: Write> {
    out: W,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W) -> Self {
        JsonSink { out }
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn write(&mut self, doc: &DocumentOutput) -> io::Result<()> {
        self.out.write_all(&to_json(doc)?)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// One document per line.
pub struct NdjsonSink<W: Write> {
    out: W,
}

impl<W: Write> NdjsonSink<W> {
    pub fn new(out: W) -> Self {
        NdjsonSink { out }
    }
}

impl<W: Write> Sink for NdjsonSink<W> {
    fn write(&mut self, doc: &DocumentOutput) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, doc).map_err(io::Error::other)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `DIR/<input file stem>.json` per document, written atomically (a temporary file renamed
/// into place), so an interrupted run never leaves a half-written file behind.
pub struct DirSink {
    dir: PathBuf,
    used: std::collections::BTreeSet<String>,
}

impl DirSink {
    /// Creates the directory if needed.
    pub fn new(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot create output directory {}: {e}", dir.display()),
            )
        })?;
        Ok(DirSink { dir: dir.to_path_buf(), used: Default::default() })
    }

    /// The output path for a document: its input stem, with `-2`, `-3` … when two inputs
    /// share a stem (a.txt and a.pdf, or x/a.txt and y/a.txt), in input order.
    pub fn path_for(&mut self, source_file: &str) -> PathBuf {
        let stem = Path::new(source_file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".to_string());
        let mut name = stem.clone();
        let mut n = 2;
        while !self.used.insert(name.clone()) {
            name = format!("{stem}-{n}");
            n += 1;
        }
        self.dir.join(format!("{name}.json"))
    }
}

impl Sink for DirSink {
    fn write(&mut self, doc: &DocumentOutput) -> io::Result<()> {
        let path = self.path_for(&doc.source.file);
        let mut bytes = to_json(doc)?;
        bytes.push(b'\n');
        write_atomically(&path, &bytes)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
    }
}

fn to_json(doc: &DocumentOutput) -> io::Result<Vec<u8>> {
    serde_json::to_vec_pretty(doc).map_err(io::Error::other)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

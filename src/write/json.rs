//! JSON on stdout: one pretty document, or NDJSON (one compact document per line).

use std::io::{self, Write};

use super::Sink;
use crate::model::DocumentOutput;

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
    fn write(&mut self, _index: usize, doc: &DocumentOutput) -> io::Result<()> {
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
    fn write(&mut self, _index: usize, doc: &DocumentOutput) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, doc).map_err(io::Error::other)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A document as pretty JSON.
pub fn to_json(doc: &DocumentOutput) -> io::Result<Vec<u8>> {
    serde_json::to_vec_pretty(doc).map_err(io::Error::other)
}

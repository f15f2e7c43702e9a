//! Helpers for `scripts/bench` (built with `cargo build --release --example pdfbench`).
//!
//! - `pdfbench floor FILE...`: the parse floor — lopdf loads each file, decompresses every
//!   page's content streams and decodes them into operations, and nothing else; prints pages
//!   and operations.
//! - `pdfbench load FILE...`: lopdf load and decompression only (no content decoding).
//! - `pdfbench dump FILE...`: every page's glyphs, ruling lines and the warnings as yusuan's
//!   PDF reader produces them, one per line with full precision, to compare two builds glyph
//!   for glyph (the NDJSON output can hide a change that no table shows).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;

use lopdf::{content::Content, Document, LoadOptions, Object};
use yusuan::pdf::{read_pdf, Limits};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((mode, files)) = args.split_first() else {
        eprintln!("usage: pdfbench floor|load|dump FILE...");
        std::process::exit(2);
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut pages, mut ops) = (0usize, 0usize);
    for path in files {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match mode.as_str() {
            "floor" | "load" => {
                let limits = Limits::default();
                let options = LoadOptions {
                    max_decompressed_size: Some(limits.max_decompressed_stream),
                    ..LoadOptions::default()
                };
                let Ok(mut doc) = Document::load_mem_with_options(&bytes, options) else {
                    eprintln!("{path}: lopdf cannot load it");
                    continue;
                };
                if doc.is_encrypted() && doc.encryption_state.is_none() {
                    let _ = doc.decrypt("");
                }
                for id in doc.page_iter().collect::<Vec<_>>() {
                    pages += 1;
                    for sid in doc.get_page_contents(id) {
                        let Some(Object::Stream(s)) = doc.objects.get(&sid) else { continue };
                        let data = if s.filters().map(|f| f.is_empty()).unwrap_or(true) {
                            s.content.clone()
                        } else {
                            s.decompressed_content().unwrap_or_default()
                        };
                        if mode == "floor" {
                            ops += Content::decode_iter(&data).take_while(Result::is_ok).count();
                        }
                    }
                }
            }
            "dump" => {
                let _ = writeln!(out, "# {path}");
                match read_pdf(&bytes, &Limits::default()) {
                    Ok(doc) => {
                        for p in &doc.pages {
                            pages += 1;
                            let _ = writeln!(out, "page {} {:?} {:?}", p.number, p.width, p.height);
                            for g in &p.glyphs {
                                let _ = writeln!(
                                    out,
                                    "g {:?} {:?} {:?} {:?} {:?} {:?} {}",
                                    g.text, g.x0, g.y0, g.x1, g.y1, g.size, g.upright
                                );
                            }
                            for l in &p.lines {
                                let _ = writeln!(
                                    out,
                                    "l {:?} {:?} {:?} {:?} {:?}",
                                    l.x0, l.y0, l.x1, l.y1, l.width
                                );
                            }
                        }
                        for w in &doc.warnings {
                            let _ = writeln!(out, "w {} {:?} {}", w.code, w.page, w.message);
                        }
                    }
                    Err(e) => {
                        let _ = writeln!(out, "error {e}");
                    }
                }
            }
            other => {
                eprintln!("pdfbench: unknown mode {other}");
                std::process::exit(2);
            }
        }
    }
    if mode != "dump" {
        let _ = writeln!(out, "{} files, {pages} pages, {ops} operations", files.len());
    }
}

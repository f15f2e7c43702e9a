//! `yusuan serve`: a local web page for the researcher at a desk. Drop PDFs or `.txt`
//! files; each comes back with its tables as printed, failed checks on the cells they name,
//! its warnings, and the workbook, JSON and CSV to download.
//!
//! A small HTTP/1.1 server on `std::net`, bound to 127.0.0.1: one thread per connection, one
//! request per connection (`Connection: close`), hard bounds on everything a client sends
//! (header size, body size, connections at once, time to send). The page and its script
//! are compiled into the binary (`include_str!`), so nothing is fetched from anywhere.
//!
//! | request | answer |
//! |---|---|
//! | `GET /` | the page (with the upload bounds filled in) |
//! | `GET /app.js`, `GET /style.css` | its script and style |
//! | `POST /api/extract?name=FILE` with the file's bytes as the body | [`Answer`] as JSON |
//!
//! An upload goes through the same library call as `yusuan extract` (so a file that is not
//! a PDF gets the same error), in memory; the CSV writer writes to a file, which lives in a
//! temporary directory removed before the answer is sent. Nothing is kept.

mod view;

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::batch::{extract_bytes_isolated, with_timeout, Input};
use crate::model::DocumentOutput;
use crate::write::{CsvSink, Sink};
use crate::Options;

pub use view::{document_view, DocumentView};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// 0 picks a free port (the `ready` callback gets the real address).
    pub port: u16,
    /// Largest upload in bytes.
    pub max_upload: usize,
    /// Most files the page sends from one drop (enforced by the page, which is told).
    pub max_files: usize,
    /// Time one document may take.
    pub timeout: Duration,
    pub options: Options,
}

/// Connections served at once; one more is answered 503 at once. Extraction is CPU-bound,
/// so more would only queue on the cores.
const MAX_CONNECTIONS: usize = 8;
/// Request line and headers together.
const MAX_HEAD: usize = 16 * 1024;
/// Time a client may take to send its request, or to take the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(60);

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// Listens on 127.0.0.1:`port`, calls `ready` with the address, and serves until the process
/// ends. Returns only when the port cannot be bound.
pub fn serve(config: &Config, ready: impl FnOnce(SocketAddr)) -> io::Result<()> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))?;
    ready(listener.local_addr()?);
    let config = Arc::new(config.clone());
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let mut stream = match stream {
            Ok(s) => s,
            // Out of file descriptors and the like: wait a little rather than spin.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let slot = Slot::take(&active);
        let Some(slot) = slot else {
            let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
            let _ = respond_error(
                &mut stream,
                503,
                &format!(
                    "the page is busy with {MAX_CONNECTIONS} uploads already; try again in a \
                     moment"
                ),
            );
            continue;
        };
        let config = Arc::clone(&config);
        // A thread that cannot be started drops the closure, and with it the connection and
        // its slot.
        let _ = std::thread::Builder::new().name("yusuan serve".into()).spawn(move || {
            let _slot = slot;
            let _ = handle(stream, &config);
        });
    }
    Ok(())
}

/// One of the `MAX_CONNECTIONS` places; given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Option<Slot> {
        let before = active.fetch_add(1, Ordering::SeqCst);
        if before >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(Arc::clone(active)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A parsed request head, and the body bytes that arrived with it.
struct Request {
    method: String,
    path: String,
    query: String,
    content_length: Option<usize>,
    early_body: Vec<u8>,
}

fn handle(mut stream: TcpStream, config: &Config) -> io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let request = match read_head(&mut stream) {
        Ok(r) => r,
        Err(HeadError::TooLarge) => {
            return respond_error(&mut stream, 431, "the request's headers are too large")
        }
        Err(HeadError::Bad(what)) => return respond_error(&mut stream, 400, &what),
        Err(HeadError::Io(e)) => return Err(e),
    };
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/") | ("GET", "/index.html") => {
            let page = INDEX_HTML
                .replace("{{MAX_FILES}}", &config.max_files.to_string())
                .replace("{{MAX_UPLOAD}}", &config.max_upload.to_string());
            respond(&mut stream, 200, "text/html; charset=utf-8", page.as_bytes())
        }
        ("GET", "/app.js") => {
            respond(&mut stream, 200, "text/javascript; charset=utf-8", APP_JS.as_bytes())
        }
        ("GET", "/style.css") => {
            respond(&mut stream, 200, "text/css; charset=utf-8", STYLE_CSS.as_bytes())
        }
        ("POST", "/api/extract") => extract_upload(&mut stream, request, config),
        ("GET", _) | ("HEAD", _) => respond_error(&mut stream, 404, "no such page"),
        _ => respond_error(&mut stream, 405, "only GET and POST /api/extract are served"),
    }
}

enum HeadError {
    TooLarge,
    Bad(String),
    Io(io::Error),
}

fn read_head(stream: &mut TcpStream) -> Result<Request, HeadError> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        let n = stream.read(&mut chunk).map_err(HeadError::Io)?;
        if n == 0 {
            return Err(HeadError::Bad("the connection closed before the request ended".into()));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    if end > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let early_body = buf[end + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or("");
    let mut parts = first.split(' ');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(HeadError::Bad(format!("not an HTTP request line: {first:?}")));
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut content_length = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n = value.trim().parse::<usize>().map_err(|_| {
                HeadError::Bad(format!("Content-Length is not a number: {:?}", value.trim()))
            })?;
            content_length = Some(n);
        }
        if name.trim().eq_ignore_ascii_case("transfer-encoding") {
            return Err(HeadError::Bad("send the file with a Content-Length".into()));
        }
    }
    Ok(Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        content_length,
        early_body,
    })
}

/// What the page gets back for one file.
#[derive(Serialize)]
pub struct Answer<'a> {
    /// Tables, checks and warnings, ready to draw.
    pub view: DocumentView<'a>,
    /// The document's JSON exactly as `yusuan extract` prints it.
    pub json: String,
    /// The long-form CSV of `--csv`.
    pub csv: String,
    /// The workbook of `--xlsx`, base64.
    pub xlsx: String,
    /// Per table, the SVGs of `yusuan inspect` cropped to it, one per page (PDF only): the
    /// printed page beside the grid read from it.
    pub sources: Vec<Vec<String>>,
}

fn extract_upload(stream: &mut TcpStream, request: Request, config: &Config) -> io::Result<()> {
    let name = upload_name(&request.query);
    let Some(length) = request.content_length else {
        return respond_error(stream, 411, "send the file with a Content-Length");
    };
    if length > config.max_upload {
        respond_error(stream, 413, &too_large(&name, length, config.max_upload))?;
        // Closing with the body unread would reset the connection and lose the answer:
        // read (and drop) what the client sends, within bounds.
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let bound = (length - request.early_body.len()).min(config.max_upload.saturating_mul(4));
        let _ = io::copy(&mut (&mut *stream).take(bound as u64), &mut io::sink());
        return Ok(());
    }
    let mut body = request.early_body;
    body.truncate(length);
    let mut rest = (&mut *stream).take((length - body.len()) as u64);
    rest.read_to_end(&mut body)?;
    if body.len() < length {
        return respond_error(stream, 400, &format!("{name}: the upload ended early"));
    }
    let doc = extract(&name, body.clone(), config);
    match answer(&doc, &name, &body, config) {
        Ok(json) => respond(stream, 200, "application/json", &json),
        Err(e) => respond_error(stream, 500, &format!("{name}: {e}")),
    }
}

/// The page's message for a file over the bound.
pub fn too_large(name: &str, length: usize, max: usize) -> String {
    format!(
        "{name} is {:.1} MiB; this page takes files up to {} MiB. Start it with \
         `yusuan serve --max-upload-mb N`, or convert the file with \
         `yusuan extract {name} --xlsx out.xlsx`",
        length as f64 / 1048576.0,
        max / 1048576
    )
}

/// The file name the page sent (`?name=`), its last component only: it names the document
/// and decides its format, and is never a path on this machine.
fn upload_name(query: &str) -> String {
    let raw = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("name="))
        .map(percent_decode)
        .unwrap_or_default();
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("").trim().to_string();
    if last.is_empty() || last == "." || last == ".." {
        "upload".to_string()
    } else {
        last
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The same extraction as `yusuan extract`: isolated, with the time limit.
fn extract(name: &str, body: Vec<u8>, config: &Config) -> DocumentOutput {
    let input = Input::named(PathBuf::from(name));
    let (inner, options) = (input.clone(), config.options.clone());
    with_timeout(&input, "", config.timeout, move || {
        extract_bytes_isolated(&inner, &body, &options)
    })
}

fn answer(doc: &DocumentOutput, name: &str, bytes: &[u8], config: &Config) -> io::Result<Vec<u8>> {
    let json = crate::write::json::to_json(doc)?;
    let xlsx = crate::write::xlsx::workbook(doc).map_err(io::Error::other)?;
    let answer = Answer {
        view: document_view(doc),
        json: String::from_utf8_lossy(&json).into_owned(),
        csv: csv_of(doc)?,
        xlsx: base64(&xlsx),
        sources: sources_of(doc, name, bytes, config),
    };
    serde_json::to_vec(&answer).map_err(io::Error::other)
}

/// Each table's printed source, as `yusuan inspect --svg` draws it, cropped to the table.
/// Only for an extracted PDF; a failure or a panic here leaves the pictures out, never the
/// answer (the extraction already succeeded).
fn sources_of(doc: &DocumentOutput, name: &str, bytes: &[u8], config: &Config) -> Vec<Vec<String>> {
    let is_pdf = crate::InputFormat::of(Path::new(name)) == Some(crate::InputFormat::Pdf);
    if !is_pdf || doc.error.is_some() || doc.tables.is_empty() {
        return Vec::new();
    }
    let pictures = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let selected = crate::inspect::PageSelection::all();
        let ins =
            crate::inspect::inspect_bytes(bytes, Path::new(name), name, &selected, &config.options)
                .ok()?;
        Some(
            (1..=doc.tables.len())
                .map(|t| {
                    crate::inspect::table_svgs(&ins, t).into_iter().map(|(_, svg)| svg).collect()
                })
                .collect(),
        )
    }));
    pictures.ok().flatten().unwrap_or_default()
}

/// The `--csv` output of one document, through a file in a temporary directory of its own
/// that is removed before returning.
fn csv_of(doc: &DocumentOutput) -> io::Result<String> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = TempDir::new(&format!(
        "yusuan-serve-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ))?;
    let path = dir.0.join("facts.csv");
    let mut sink = CsvSink::create(&path)?;
    sink.write(0, doc)?;
    sink.finish()?;
    let text = std::fs::read_to_string(&path)?;
    Ok(text)
}

/// A directory under the system's temporary directory, removed with what it holds on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> io::Result<TempDir> {
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         Content-Security-Policy: default-src 'self'; img-src 'self' blob: data:\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;
    // Let the client read the answer even if it is still sending a body we refused.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    Ok(())
}

fn respond_error(stream: &mut TcpStream, status: u16, message: &str) -> io::Result<()> {
    let body = serde_json::json!({ "error": message }).to_string();
    respond(stream, status, "application/json", body.as_bytes())
}

/// Standard base64 with padding (the page decodes it with `atob`).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }

    #[test]
    fn an_upload_name_is_a_file_name_never_a_path() {
        assert_eq!(upload_name("name=%E7%81%B5%E5%AE%9D.pdf"), "灵宝.pdf");
        assert_eq!(upload_name("name=..%2F..%2Fetc%2Fpasswd"), "passwd");
        assert_eq!(upload_name("name=a%5Cb.txt"), "b.txt");
        assert_eq!(upload_name(""), "upload");
        assert_eq!(upload_name("name=.."), "upload");
        assert_eq!(upload_name("name=%zz.pdf"), "%zz.pdf");
        assert_eq!(upload_name("name=a%2"), "a%2");
    }

    #[test]
    fn the_page_assets_are_embedded_and_hold_the_bounds() {
        assert!(INDEX_HTML.contains("{{MAX_FILES}}") && INDEX_HTML.contains("{{MAX_UPLOAD}}"));
        assert!(INDEX_HTML.contains("app.js") && INDEX_HTML.contains("style.css"));
        // No address outside this server: the page works without the internet.
        for asset in [INDEX_HTML, APP_JS, STYLE_CSS] {
            assert!(!asset.contains("http://") && !asset.contains("https://"));
        }
    }

    #[test]
    fn too_large_names_the_file_and_the_way_out() {
        let m = too_large("big.pdf", 80 * 1048576, 64 * 1048576);
        assert!(m.contains("big.pdf is 80.0 MiB") && m.contains("--max-upload-mb"), "{m}");
    }
}

//! `yusuan serve` over plain HTTP (the browser test, scripts/test-browser, drives the page
//! itself): the page and its assets, an upload answered with the view, workbook, JSON and
//! CSV, the CLI's error for a file that is not a PDF, and the bounds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::support::{root, sample, scratch};

/// A running `yusuan serve --port 0`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start yusuan serve");
        let mut line = String::new();
        let stderr = child.stderr.take().expect("stderr");
        BufReader::new(stderr).read_line(&mut line).expect("read the address");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        Server { child, addr }
    }

    /// One request; the status code and the body.
    fn request(&self, method: &str, target: &str, body: &[u8]) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        let head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("send");
        let _ = stream.write_all(body);
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("read");
        let end = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
        let status_line = String::from_utf8_lossy(&answer[..end]).into_owned();
        let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
        (status, answer[end + 4..].to_vec())
    }

    fn upload(&self, name: &str, bytes: &[u8]) -> (u16, Value) {
        let (status, body) = self.request("POST", &format!("/api/extract?name={name}"), bytes);
        (status, serde_json::from_slice(&body).expect("a JSON answer"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_page_and_an_upload_round_trip() {
    let server = Server::start(&[]);
    let (status, page) = server.request("GET", "/", b"");
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("data-max-files=\"20\""), "{page}");
    assert_eq!(server.request("GET", "/app.js", b"").0, 200);
    assert_eq!(server.request("GET", "/nope", b"").0, 404);

    let bytes = std::fs::read(sample("lingbao-gxj-2025.txt")).expect("sample");
    let (status, answer) = server.upload("lingbao-gxj-2025.txt", &bytes);
    assert_eq!(status, 200, "{answer}");
    let view = &answer["view"];
    assert_eq!(view["file"], "lingbao-gxj-2025.txt");
    assert_eq!(view["tables"].as_array().map(Vec::len), Some(12));
    let t3 = &view["tables"][2];
    assert_eq!(t3["sheet"], "03 支出总表");
    // 科目编码 over three code columns and three header rows, as the workbook merges it.
    let first = &t3["header"][0];
    assert_eq!(
        (first["text"].as_str(), first["cols"].as_u64(), first["rows"].as_u64()),
        (Some("科目编码"), Some(3), Some(3))
    );
    // The JSON download is exactly the CLI's output.
    let cli = crate::support::yusuan(&["extract", "samples/lingbao-gxj-2025.txt", "--quiet"]);
    let ours: Value = serde_json::from_str(answer["json"].as_str().expect("json")).expect("json");
    let theirs: Value = serde_json::from_slice(&cli.stdout).expect("cli json");
    assert_eq!(ours["tables"], theirs["tables"]);
    assert_eq!(ours["checks"], theirs["checks"]);
    assert!(answer["csv"]
        .as_str()
        .is_some_and(|c| c.starts_with("doc_id,table_id,") && c.contains("876.00")));
    assert!(answer["xlsx"].as_str().is_some_and(|x| x.starts_with("UEsDB")), "a zip, base64");
}

/// A PDF's answer carries, per table, its printed source as `yusuan inspect` draws it
/// (SVG cropped to the table, one per page); a text export has no page to show.
#[test]
fn a_pdf_upload_carries_each_tables_source_picture() {
    let server = Server::start(&[]);
    let bytes = std::fs::read(sample("pdf/lingbao-ruled-ttf.pdf")).expect("sample");
    let (status, answer) = server.upload("lingbao-ruled-ttf.pdf", &bytes);
    assert_eq!(status, 200, "{answer}");
    let sources = answer["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), answer["view"]["tables"].as_array().map_or(0, Vec::len));
    for (t, pictures) in sources.iter().enumerate() {
        let pictures = pictures.as_array().expect("pictures");
        assert!(!pictures.is_empty(), "table {t} has no picture");
        assert!(pictures.iter().all(|p| p.as_str().is_some_and(|s| s.starts_with("<svg"))));
    }
    let text = std::fs::read(sample("lingbao-gxj-2025.txt")).expect("sample");
    let (_, answer) = server.upload("lingbao-gxj-2025.txt", &text);
    assert_eq!(answer["sources"], serde_json::json!([]));
}

#[test]
fn a_failed_check_names_its_cell() {
    let dir = scratch("serve-failing");
    let input = crate::summary::failing_sample(&dir);
    let server = Server::start(&[]);
    let (status, answer) = server.upload("changed.txt", &std::fs::read(input).expect("read"));
    assert_eq!(status, 200);
    let failed = answer["view"]["failed"].as_array().expect("failed");
    let row_sum = failed
        .iter()
        .find(|f| f["rule"] == "t03.row_sum.total")
        .unwrap_or_else(|| panic!("no t03.row_sum.total in {failed:?}"));
    // Table 3 (index 2), body row 3 (208 05 01), the 合计 column (5).
    assert_eq!(
        (row_sum["table"].as_u64(), row_sum["row"].as_u64(), row_sum["col"].as_u64()),
        (Some(2), Some(3), Some(5))
    );
}

#[test]
fn a_file_that_is_not_a_pdf_gets_the_clis_error() {
    let server = Server::start(&[]);
    let html = root().join("tests/fixtures/bad/html-saved-as.pdf");
    let (status, answer) = server.upload("report.pdf", &std::fs::read(&html).expect("fixture"));
    assert_eq!(status, 200);
    let error = &answer["view"]["error"];
    assert_eq!(error["code"], "not_a_pdf");
    let cli = crate::support::yusuan(&["extract", html.to_str().expect("utf-8")]);
    let cli_doc: Value = serde_json::from_slice(&cli.stdout).expect("json");
    // The same message, but for the file name.
    let theirs = cli_doc["error"]["message"].as_str().expect("message");
    let ours = error["message"].as_str().expect("message");
    assert_eq!(ours.replace("report.pdf", "X"), theirs.replace(html.to_str().expect("utf-8"), "X"));

    let (_, docx) = server.upload("notes.docx", b"PK\x03\x04 not really");
    assert_eq!(docx["view"]["error"]["code"], "unsupported_type");
    assert!(docx["view"]["error"]["message"].as_str().is_some_and(|m| m.contains("notes.docx")));
}

#[test]
fn uploads_over_the_bound_are_refused_with_a_clear_message() {
    let server = Server::start(&["--max-upload-mb", "1"]);
    let big = vec![b'x'; 1024 * 1024 + 1];
    let (status, answer) = server.upload("big.pdf", &big);
    assert_eq!(status, 413);
    let message = answer["error"].as_str().expect("message");
    assert!(
        message.contains("big.pdf is 1.0 MiB") && message.contains("--max-upload-mb"),
        "{message}"
    );
    // A path in the name never leaves the temporary directory: only its last part is used.
    let (status, answer) = server.upload("..%2F..%2Fx.txt", b"not a budget");
    assert_eq!(status, 200);
    assert_eq!(answer["view"]["file"], "x.txt");
}

//! What the front-end fuzz targets check on every input: extraction returns (no panic, no abort),
//! and the JSON it serialises to keeps the contract's shape — the checks a warehouse
//! loader would trip over first. The full JSON Schema is checked by the integration tests;
//! here only what is cheap enough to run thousands of times a second.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;
use yusuan::model::{Check, DocError, DocumentOutput, Record, RowType, Table};
use yusuan::records::Amount;
use yusuan::tables::TableKind;
use yusuan::write::{CsvSink, DirLayout, DirSink, JsonSink, NdjsonSink, Sink, SqliteSink};

/// Extracts `data` as the file `name` and asserts the output's invariants.
pub fn check(data: &[u8], name: &str) {
    let doc = yusuan::extract_bytes(data, Path::new(name), name);
    let json = serde_json::to_vec(&doc);
    let json = json.unwrap_or_else(|e| panic!("document does not serialise: {e}"));
    let value: Value = serde_json::from_slice(&json).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    let tables = value["tables"].as_array().map(Vec::as_slice).unwrap_or_default();
    if !value["error"].is_null() {
        assert!(tables.is_empty(), "a failed document has tables");
    }
    for (t, table) in tables.iter().enumerate() {
        let width = table["columns"].as_array().map(Vec::len);
        for row in table["rows"].as_array().map(Vec::as_slice).unwrap_or_default() {
            assert_eq!(row.as_array().map(Vec::len), width, "table {t}: row width != columns");
        }
        for record in table["records"].as_array().map(Vec::as_slice).unwrap_or_default() {
            for (key, amount) in record["amounts"].as_object().into_iter().flatten() {
                assert!(
                    amount.is_null() || amount.is_number(),
                    "table {t}: amount {key} is {amount}"
                );
            }
            if let Some(code) = record["code"].as_str() {
                assert!(code.chars().all(|c| c.is_ascii_digit()), "table {t}: code {code:?}");
            }
        }
    }
}

/// Builds a document from `data` for the writers: the text front end's reading of the bytes
/// (real tables and records), plus a table made straight from the bytes — lines as rows,
/// tabs as cells, a record pointing at a row that may not exist — and the bytes' text in
/// every free-form string a writer copies (file name, titles, names, error message).
pub fn document(data: &[u8]) -> DocumentOutput {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut doc = yusuan::extract_bytes(data, Path::new("x.txt"), "x.txt");
    let first = |n: usize| text.chars().take(n).collect::<String>();
    doc.source.file = first(40);
    if data.first().is_some_and(|b| b & 1 == 1) {
        doc.error = Some(DocError { code: first(8), message: text.clone() });
    }
    let rows: Vec<Vec<String>> =
        text.lines().map(|l| l.split('\t').map(str::to_string).collect()).collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let amounts = rows
        .iter()
        .flatten()
        .take(8)
        .map(|cell| (cell.clone(), Amount::parse(cell)))
        .collect::<Vec<_>>();
    // A row index from the bytes: in range, past the end, or near usize::MAX.
    let row = data.iter().take(8).fold(0usize, |n, &b| n.wrapping_mul(256).wrapping_add(b.into()));
    let record = Record {
        row,
        row_type: RowType::Item,
        code: rows.first().and_then(|r| r.first()).cloned(),
        name: Some(first(20)),
        fields: vec![("org_code", Some(first(6)))],
        levels: vec![("level", data.get(1).copied().unwrap_or(0))],
        amounts,
        indicators: None,
        block: data.get(2).map(|&b| usize::from(b)),
    };
    doc.tables.push(Table {
        kind: TableKind::Other,
        number: data.get(3).copied(),
        title: first(30),
        org: Some(first(10)),
        unit: Some(first(4)),
        pages: data.iter().take(4).map(|&b| u32::from(b)).collect(),
        columns: vec![vec![first(5)]; width],
        rows,
        notes: vec![text.clone()],
        records: vec![record],
    });
    doc.checks.push(Check {
        rule: first(12),
        ok: data.len() % 2 == 0,
        detail: text,
        table: data.get(4).copied(),
        row: Some(row),
    });
    doc
}

/// Sends the document built from `data` through every writer. Writers may refuse a
/// document with an `Err` (that is a named write error in a run); they must not panic.
pub fn write_all(data: &[u8]) {
    let doc = document(data);
    let mut json = JsonSink::new(Vec::new());
    let _ = json.write(0, &doc).and_then(|()| json.finish());
    let mut ndjson = NdjsonSink::new(Vec::new());
    let _ = ndjson.write(0, &doc).and_then(|()| ndjson.finish());
    let dir = scratch();
    let layout = Arc::new(DirLayout::new(&dir.join("out"), [doc.source.file.as_str()]));
    if let Ok(mut sink) = DirSink::new(layout) {
        let _ = sink.write(0, &doc).and_then(|()| sink.finish());
    }
    if let Ok(mut sink) = CsvSink::create(&dir.join("cells.csv")) {
        let _ = sink.write(0, &doc).and_then(|()| sink.finish());
    }
    // One database for the whole run (opening one per input would dominate the time); each
    // document replaces the one before it with the same file name, as in a real rerun.
    let mut db = DB.lock().unwrap_or_else(PoisonError::into_inner);
    if db.is_none() {
        *db = SqliteSink::open(&dir.join("fuzz.db")).ok();
    }
    if let Some(sink) = db.as_mut() {
        let _ = sink.write(0, &doc);
    }
}

static DB: Mutex<Option<SqliteSink>> = Mutex::new(None);

/// A directory of this process's own, for the writers that need files.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

//! Damaged and hostile text input: each gets a clear error or warning, never a panic, and
//! the rest of a batch is still written.

use std::path::Path;

use serde_json::Value;

use crate::support::{read_json, sample, scratch, stdout_json, validate, yusuan};

fn reference_text() -> String {
    std::fs::read_to_string(sample("lingbao-gxj-2025.txt")).expect("sample")
}

fn run_one(path: &Path) -> (Option<i32>, Value, String) {
    let out = yusuan(&["extract", path.to_str().unwrap_or("")]);
    let doc = stdout_json(&out);
    validate(&doc);
    (out.status.code(), doc, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn empty_file_is_an_error_naming_the_file() {
    let dir = scratch("bad-empty");
    let path = dir.join("empty.txt");
    std::fs::write(&path, b"").expect("write");
    let (code, doc, stderr) = run_one(&path);
    assert_eq!(code, Some(1));
    assert_eq!(doc["error"]["code"], "empty_file");
    assert_eq!(doc["tables"], Value::Array(Vec::new()));
    assert!(stderr.contains("empty.txt") && stderr.contains("empty"), "{stderr}");
}

#[test]
fn binary_file_named_txt_is_not_text() {
    let dir = scratch("bad-binary");
    let path = dir.join("photo.txt");
    let bytes: Vec<u8> = (0..8000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&path, bytes).expect("write");
    let (code, doc, _) = run_one(&path);
    assert_eq!(code, Some(1));
    assert_eq!(doc["error"]["code"], "not_text");

    let pdf = dir.join("really-a-pdf.txt");
    std::fs::write(&pdf, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n").expect("write");
    let (_, doc, _) = run_one(&pdf);
    assert!(doc["error"]["message"].as_str().unwrap_or("").contains("PDF"));
}

#[test]
fn prose_without_tables_says_no_budget_table_was_found() {
    let dir = scratch("bad-prose");
    let path = dir.join("notes.txt");
    std::fs::write(&path, "这是一份会议纪要。\n没有任何表格。\n").expect("write");
    let (code, doc, _) = run_one(&path);
    assert_eq!(code, Some(1));
    assert_eq!(doc["error"]["code"], "no_budget_table");
}

#[test]
fn table_cut_off_mid_way_keeps_what_was_read_and_warns() {
    let text = reference_text();
    // Cut inside table 3 (部门支出总体情况表), after its 206 04 99 line.
    let cut = text.find("208\t05\t01").expect("table 3 body");
    let dir = scratch("bad-cut");
    let path = dir.join("cut.txt");
    std::fs::write(&path, &text[..cut]).expect("write");
    let (code, doc, _) = run_one(&path);
    assert_eq!(code, Some(0), "a partial document is still a document");
    let tables = doc["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), 3);
    assert_eq!(tables[2]["rows"].as_array().map(Vec::len), Some(3));
    let missing = doc["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .find(|w| w["code"] == "table_not_found")
        .expect("missing tables are reported");
    assert!(missing["message"].as_str().unwrap_or("").contains("4 (appropriation_summary)"));
    // The cut table no longer adds up, and the checks say so.
    let failed: Vec<&Value> =
        doc["checks"].as_array().expect("checks").iter().filter(|c| c["ok"] == false).collect();
    assert!(failed.iter().any(|c| c["rule"] == "t03.column_sum.items.total"), "{failed:#?}");
}

#[test]
fn garbled_title_keeps_the_table_as_other_with_a_warning() {
    let text = reference_text().replace("2025年部门收入总体情况表", "2025年��Ʊ���表");
    let dir = scratch("bad-title");
    let path = dir.join("garbled.txt");
    std::fs::write(&path, text).expect("write");
    let (code, doc, _) = run_one(&path);
    assert_eq!(code, Some(0));
    assert_eq!(doc["tables"][1]["kind"], "other");
    assert_eq!(doc["tables"][1]["number"], Value::Null);
    let codes: Vec<&str> = doc["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert!(codes.contains(&"table_unclassified"), "{codes:?}");
    assert!(codes.contains(&"table_not_found"), "{codes:?}");
    // The other eleven are still there and checked.
    assert_eq!(doc["tables"].as_array().map(Vec::len), Some(12));
}

#[test]
fn batch_with_bad_files_still_writes_every_good_document() {
    let dir = scratch("bad-batch");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).expect("mkdir");
    std::fs::copy(sample("lingbao-gxj-2025.txt"), inputs.join("good1.txt")).expect("copy");
    std::fs::copy(sample("lingbao-gxj-2025.txt"), inputs.join("good2.txt")).expect("copy");
    std::fs::write(inputs.join("empty.txt"), b"").expect("write");
    std::fs::write(inputs.join("binary.txt"), [0u8, 159, 146, 150, 0, 0, 7, 8].repeat(200))
        .expect("write");
    // A dangling link cannot be read, whoever runs the test (root ignores chmod 000).
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), inputs.join("unreadable.txt"))
        .expect("symlink");
    let out_dir = dir.join("out");
    let out =
        yusuan(&["extract", inputs.to_str().unwrap_or(""), "-o", out_dir.to_str().unwrap_or("")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for name in ["empty.txt", "binary.txt"] {
        assert!(stderr.contains(name), "stderr names {name}: {stderr}");
    }
    #[cfg(unix)]
    assert!(stderr.contains("unreadable.txt"), "{stderr}");
    for good in ["good1", "good2"] {
        let doc = read_json(&out_dir.join(format!("{good}.json")));
        validate(&doc);
        assert_eq!(doc["tables"].as_array().map(Vec::len), Some(12));
    }
    let empty = read_json(&out_dir.join("empty.json"));
    assert_eq!(empty["error"]["code"], "empty_file");
    // No temporary files are left behind.
    let leftovers: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn missing_path_is_named_and_the_rest_goes_on() {
    let out = yusuan(&[
        "extract",
        "samples/lingbao-gxj-2025.txt",
        "samples/no-such-file.txt",
        "--ndjson",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-file.txt") && stderr.contains("check the path"), "{stderr}");
    assert!(stderr.contains("2 document(s): 1 extracted, 1 failed"), "{stderr}");
    assert!(!stderr.contains("no .pdf or .txt documents found"), "{stderr}");
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("NDJSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "the missing file is answered too");
    lines.iter().for_each(validate);
    assert_eq!(lines[0]["error"], Value::Null);
    assert_eq!(lines[1]["source"]["file"], "samples/no-such-file.txt");
    assert_eq!(lines[1]["source"]["sha256"], "");
    assert_eq!(lines[1]["error"]["code"], "io");
}

/// The first thing a new user tries: a path that is not there. It is answered like any
/// other document (an `io` error record on stdout), named with what to do, exit 1.
#[test]
fn a_missing_file_alone_is_an_io_document() {
    let out = yusuan(&["extract", "missing.pdf"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let doc = stdout_json(&out);
    validate(&doc);
    assert_eq!(doc["source"]["file"], "missing.pdf");
    assert_eq!(doc["source"]["format"], "pdf");
    assert_eq!(doc["error"]["code"], "io");
    let message = doc["error"]["message"].as_str().unwrap_or("");
    assert!(message.starts_with("cannot read missing.pdf: "), "{message}");
    assert!(message.contains("check the path"), "{message}");
    assert!(stderr.contains(message), "{stderr}");
    assert!(!stderr.contains("no .pdf or .txt documents found"), "{stderr}");
}

/// Every file output answers for a missing and a vanished (dangling link) input: -o DIR
/// writes its record, SQLite and Parquet hold a documents row with `error_code = 'io'`,
/// and the summary counts it.
#[test]
fn missing_and_vanished_files_are_io_documents_in_every_file_output() {
    let dir = scratch("bad-io-outputs");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).expect("mkdir");
    std::fs::copy(sample("lingbao-gxj-2025.txt"), inputs.join("good.txt")).expect("copy");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("gone.txt"), inputs.join("vanished.txt")).expect("symlink");
    let missing = dir.join("missing.txt");
    let (out_dir, db, csv) = (dir.join("out"), dir.join("y.db"), dir.join("csv"));
    let p = |p: &Path| p.to_str().unwrap_or("").to_string();
    let mut args = vec!["extract".to_string(), p(&inputs), p(&missing), "-o".into(), p(&out_dir)];
    args.extend(["--sqlite".into(), p(&db), "--csv".into(), p(&csv)]);
    #[cfg(feature = "parquet")]
    args.extend(["--parquet".into(), p(&dir.join("pq"))]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = yusuan(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let mut io_files = vec![p(&missing)];
    #[cfg(unix)]
    io_files.push(p(&inputs.join("vanished.txt")));
    let total = io_files.len() + 1;
    assert!(
        stderr.contains(&format!("{total} document(s): 1 extracted, {} failed", io_files.len())),
        "{stderr}"
    );
    for file in &io_files {
        assert!(stderr.contains(&format!("cannot read {file}: ")), "{stderr}");
    }
    // -o DIR
    let missing_doc = read_json(&out_dir.join("missing.json"));
    validate(&missing_doc);
    assert_eq!(missing_doc["error"]["code"], "io");
    #[cfg(unix)]
    assert_eq!(read_json(&out_dir.join("vanished.json"))["error"]["code"], "io");
    // SQLite
    let conn = rusqlite::Connection::open(&db).expect("open");
    let mut stmt = conn
        .prepare("SELECT file FROM documents WHERE error_code = 'io' ORDER BY file")
        .expect("q");
    let failed: Vec<String> =
        stmt.query_map([], |r| r.get(0)).expect("query").map(|r| r.expect("row")).collect();
    io_files.sort();
    assert_eq!(failed, io_files);
    // Parquet
    #[cfg(feature = "parquet")]
    {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let file = std::fs::File::open(dir.join("pq/documents.parquet")).expect("open");
        let reader =
            ParquetRecordBatchReaderBuilder::try_new(file).expect("pq").build().expect("r");
        let mut failed = Vec::new();
        for batch in reader.map(|b| b.expect("batch")) {
            let col = |n: &str| {
                batch
                    .column_by_name(n)
                    .and_then(|c| c.as_any().downcast_ref::<arrow_array::StringArray>())
                    .cloned()
                    .expect("string column")
            };
            let (file, code) = (col("file"), col("error_code"));
            for i in 0..batch.num_rows() {
                if arrow_array::Array::is_valid(&code, i) && code.value(i) == "io" {
                    failed.push(file.value(i).to_string());
                }
            }
        }
        failed.sort();
        assert_eq!(failed, io_files);
    }
    // CSV (one file per relation): documents.csv holds a row per input, the io ones too.
    let documents = std::fs::read_to_string(csv.join("documents.csv")).expect("documents.csv");
    for file in &io_files {
        assert!(
            documents.lines().any(|l| {
                let fields: Vec<&str> = l.split(',').collect();
                fields.contains(&file.as_str()) && fields.contains(&"io")
            }),
            "{file} is an io row of documents.csv:\n{documents}"
        );
    }
}

#[test]
fn an_empty_directory_is_named_in_its_error() {
    let dir = scratch("bad-empty-dir");
    let empty = dir.join("nothing-here");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let out = yusuan(&["extract", empty.to_str().unwrap_or(""), "--ndjson"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{} holds no .pdf or .txt document", empty.display())));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_file_given_without_a_command_gets_the_extract_command() {
    let out = yusuan(&["samples/lingbao-gxj-2025.txt", "--ndjson"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("yusuan extract samples/lingbao-gxj-2025.txt --ndjson"), "{stderr}");
    // Not there yet, but named like a document: the same hint.
    let out = yusuan(&["report.pdf"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("yusuan extract report.pdf"));
    // A mistyped command is still clap's error.
    let out = yusuan(&["extarct"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("to extract it"));
}

#[test]
fn unwritable_output_directory_is_a_clear_error() {
    let dir = scratch("bad-out");
    let blocker = dir.join("file-not-dir");
    std::fs::write(&blocker, b"x").expect("write");
    let target = blocker.join("out");
    let out =
        yusuan(&["extract", "samples/lingbao-gxj-2025.txt", "-o", target.to_str().unwrap_or("")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot create output directory"), "{stderr}");
}

/// A FIFO named like a document would block a read for ever: it is named and skipped, and
/// the rest of the batch is written.
#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_document_is_skipped_not_read() {
    let dir = scratch("bad-fifo");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).expect("mkdir");
    std::fs::copy(sample("lingbao-gxj-2025.txt"), inputs.join("good.txt")).expect("copy");
    let fifo = inputs.join("pipe.pdf");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let out_dir = dir.join("out");
    let out =
        yusuan(&["extract", inputs.to_str().unwrap_or(""), "-o", out_dir.to_str().unwrap_or("")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pipe.pdf") && stderr.contains("not a regular file"), "{stderr}");
    validate(&read_json(&out_dir.join("good.json")));
}

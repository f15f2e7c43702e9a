//! Bulk runs: resuming an interrupted run, `--force`, `--shard`, stdin lists, and output
//! that is identical whatever the thread count.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{read_json, sample, scratch, validate, yusuan};

/// `dir/in/<name>.txt`, each a copy of the reference sample.
fn corpus(dir: &Path, names: &[&str]) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).expect("mkdir");
    for name in names {
        std::fs::copy(sample("lingbao-gxj-2025.txt"), inputs.join(format!("{name}.txt")))
            .expect("copy");
    }
    inputs
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or("")
}

/// Runs yusuan, asserts exit 0, returns stderr.
fn ok(args: &[&str]) -> String {
    let out = yusuan(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    stderr
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn rerun_completes_an_interrupted_run_and_skips_what_is_done() {
    let dir = scratch("bulk-resume");
    let inputs = corpus(&dir, &["a", "b", "c", "d", "e"]);
    let out = dir.join("out");
    let stderr = ok(&["extract", s(&inputs), "-o", s(&out)]);
    assert!(stderr.contains("5 extracted"), "{stderr}");

    // A run killed part-way: two outputs never written, one temporary file left behind.
    std::fs::remove_file(out.join("b.json")).expect("rm");
    std::fs::remove_file(out.join("d.json")).expect("rm");
    std::fs::write(out.join(".d.json.99999.tmp"), b"{\"schema\": \"yus").expect("torn");
    let stderr = ok(&["extract", s(&inputs), "-o", s(&out)]);
    assert!(
        stderr.contains("2 extracted") && stderr.contains("3 kept from an earlier run"),
        "{stderr}"
    );
    assert_eq!(
        listing(&out),
        ["a.json", "b.json", "c.json", "d.json", "e.json"],
        "a complete set, no duplicates, no temporary files"
    );
    for name in listing(&out) {
        validate(&read_json(&out.join(name)));
    }

    // A changed input is extracted again; the unchanged ones are not.
    let mut text = std::fs::read(inputs.join("c.txt")).expect("read");
    text.extend_from_slice("\n附：本文件修订版。\n".as_bytes());
    std::fs::write(inputs.join("c.txt"), &text).expect("write");
    let stderr = ok(&["extract", s(&inputs), "-o", s(&out)]);
    assert!(stderr.contains("1 extracted") && stderr.contains("4 kept"), "{stderr}");
    let c = read_json(&out.join("c.json"));
    let a = read_json(&out.join("a.json"));
    assert_ne!(c["source"]["sha256"], a["source"]["sha256"]);

    // --force extracts everything again.
    let stderr = ok(&["extract", s(&inputs), "-o", s(&out), "--force"]);
    assert!(stderr.contains("5 extracted"), "{stderr}");
    assert!(!stderr.contains("kept"), "{stderr}");
    assert_eq!(listing(&out).len(), 5);
}

#[test]
fn a_timed_out_document_is_extracted_again_on_rerun() {
    let dir = scratch("bulk-resume-timeout");
    let inputs = corpus(&dir, &["a", "b"]);
    let out = dir.join("out");
    ok(&["extract", s(&inputs), "-o", s(&out)]);
    // As an earlier run would have left it after giving up on b.
    let mut b = read_json(&out.join("b.json"));
    b["error"] = serde_json::json!({"code": "timeout", "message": "took too long"});
    std::fs::write(out.join("b.json"), b.to_string()).expect("write");
    let stderr = ok(&["extract", s(&inputs), "-o", s(&out), "--timeout-per-doc", "600"]);
    assert!(stderr.contains("1 extracted") && stderr.contains("1 kept"), "{stderr}");
    assert_eq!(read_json(&out.join("b.json"))["error"], Value::Null);
}

#[test]
fn shards_cover_every_input_exactly_once() {
    let dir = scratch("bulk-shard");
    let names: Vec<String> = (0..12).map(|i| format!("doc{i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let inputs = corpus(&dir, &refs);
    let out = dir.join("out");
    let mut files = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let run = yusuan(&["extract", s(&inputs), "--ndjson", "--shard", &shard]);
        assert_eq!(run.status.code(), Some(0));
        for line in run.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let doc: Value = serde_json::from_slice(line).expect("json line");
            files.push(doc["source"]["file"].as_str().unwrap_or("").to_string());
        }
        // The same shards into one shared directory, as N machines would.
        ok(&["extract", s(&inputs), "-o", s(&out), "--shard", &shard, "-q"]);
    }
    files.sort();
    let mut expected: Vec<String> =
        names.iter().map(|n| inputs.join(format!("{n}.txt")).display().to_string()).collect();
    expected.sort();
    assert_eq!(files, expected);
    assert_eq!(listing(&out).len(), 12);
    assert_eq!(yusuan(&["extract", s(&inputs), "--shard", "4/3"]).status.code(), Some(2));
}

#[test]
fn csv_and_sqlite_are_identical_across_thread_counts() {
    let dir = scratch("bulk-determinism");
    let inputs = corpus(&dir, &["a", "b", "c", "d"]);
    let pdf = sample("pdf/xlsx-libreoffice.pdf");
    let mut dumps = Vec::new();
    for jobs in ["1", "2"] {
        let csv = dir.join(format!("facts-{jobs}.csv"));
        let db = dir.join(format!("db-{jobs}.sqlite"));
        ok(&["extract", s(&inputs), s(&pdf), "--csv", s(&csv), "--sqlite", s(&db), "--jobs", jobs]);
        dumps.push((std::fs::read(&csv).expect("csv"), crate::warehouse::dump(&db)));
    }
    assert!(dumps[0].0 == dumps[1].0, "CSV differs between 1 and 2 threads");
    assert!(dumps[0].1 == dumps[1].1, "SQLite differs between 1 and 2 threads");
    assert!(dumps[0].0.len() > 1000);
}

#[test]
fn inputs_listed_on_stdin_reach_every_output() {
    use std::io::Write;
    let dir = scratch("bulk-stdin");
    let inputs = corpus(&dir, &["a", "b"]);
    let csv = dir.join("csv");
    let out = dir.join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["extract", "-", "--csv", s(&csv), "-o", s(&out)])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        let list =
            format!("{}\n\n{}\n", inputs.join("a.txt").display(), inputs.join("b.txt").display());
        stdin.write_all(list.as_bytes()).expect("write");
    }
    let run = child.wait_with_output().expect("wait");
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(listing(&out), ["a.json", "b.json"]);
    let text = std::fs::read_to_string(csv.join("documents.csv")).expect("csv");
    for name in ["a.txt", "b.txt"] {
        assert!(text.contains(name), "{name} missing from the CSV documents");
    }
}

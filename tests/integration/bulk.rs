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

/// Ctrl-C for real: SIGINT to a running batch writing -o DIR and SQLite. The documents
/// written are whole and the same in both, the database is checkpointed and closed
/// (intact, no -wal/-shm beside it), stderr says what was written and the command that
/// resumes, the exit code is 130; the rerun completes the set without duplicates.
#[cfg(unix)]
#[test]
fn sigint_stops_cleanly_and_the_printed_command_resumes() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    const N: usize = 120;
    let dir = scratch("bulk-sigint");
    // Distinct bytes per copy (trailing blank lines): the database keeps one document per
    // input hash.
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).expect("mkdir");
    let text = std::fs::read_to_string(sample("lingbao-gxj-2025.txt")).expect("sample");
    for i in 0..N {
        let copy = format!("{text}{}", "\n".repeat(i + 1));
        std::fs::write(inputs.join(format!("doc{i:03}.txt")), copy).expect("write");
    }
    let (out, db) = (dir.join("out"), dir.join("budget.db"));
    let args = ["extract", s(&inputs), "-o", s(&out), "--sqlite", s(&db), "--jobs", "1"];
    let child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    let jsons = || {
        std::fs::read_dir(&out)
            .map(|d| {
                d.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".json")).count()
            })
            .unwrap_or(0)
    };
    // Interrupt once a few documents are written, well before the last.
    while jsons() < 3 {
        assert!(started.elapsed() < Duration::from_secs(300), "no output after 5 minutes");
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
    assert!(sent.is_ok_and(|s| s.success()), "kill -INT failed");
    let result = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("yusuan: interrupted: finishing the documents in flight"), "{stderr}");

    let written = jsons();
    assert!(written < N, "the run finished before the interrupt: {stderr}");
    let line = format!(
        "yusuan: stopped: {written} of {N} document(s) written to {}, {} (each whole), {} not",
        out.display(),
        db.display(),
        N - written
    );
    assert!(stderr.contains(&line), "expected {line:?} in {stderr}");
    let resume = format!(
        "yusuan: to resume, rerun (documents already written are kept): {} {}",
        env!("CARGO_BIN_EXE_yusuan"),
        args.join(" ")
    );
    assert!(stderr.contains(&resume), "expected {resume:?} in {stderr}");
    // Whole files only: every output parses, no temporary left.
    let leftovers: Vec<String> =
        listing(&out).into_iter().filter(|n| !n.ends_with(".json")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    for name in listing(&out) {
        validate(&read_json(&out.join(name)));
    }
    // The database: checkpointed, closed, intact, and holding what -o DIR holds.
    for suffix in ["-wal", "-shm"] {
        let side = dir.join(format!("budget.db{suffix}"));
        assert!(!side.exists(), "{} left behind", side.display());
    }
    let documents = |db: &Path| -> (String, i64, i64) {
        let conn = rusqlite::Connection::open(db).expect("open");
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
        let (n, distinct) = conn
            .query_row("SELECT count(*), count(DISTINCT file) FROM documents", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("count");
        (ok, n, distinct)
    };
    assert_eq!(documents(&db), ("ok".to_string(), written as i64, written as i64));

    // The printed command, run as printed, completes the set.
    let command = resume
        .trim_start_matches("yusuan: to resume, rerun (documents already written are kept): ");
    let rerun = Command::new("sh").args(["-c", command]).stdin(Stdio::null()).output().expect("sh");
    let rerun_err = String::from_utf8_lossy(&rerun.stderr);
    assert_eq!(rerun.status.code(), Some(0), "{rerun_err}");
    let summary = format!(
        "{N} document(s): {} extracted, 0 failed, {written} kept from an earlier run",
        N - written
    );
    assert!(rerun_err.contains(&summary), "expected {summary:?} in {rerun_err}");
    assert_eq!(jsons(), N);
    assert_eq!(documents(&db), ("ok".to_string(), N as i64, N as i64));
}

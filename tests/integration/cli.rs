//! The command line as users run it: outputs, exit codes, determinism.

use crate::support::{read_json, sample, scratch, stdout_json, validate, yusuan};

#[test]
fn one_file_prints_its_json_and_exits_0() {
    let out = yusuan(&["extract", "samples/lingbao-gxj-2025.txt"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let doc = stdout_json(&out);
    validate(&doc);
    assert_eq!(doc["source"]["file"], "samples/lingbao-gxj-2025.txt");
    assert_eq!(doc["tables"].as_array().map(Vec::len), Some(12));
    // The summary goes to stderr (tests/integration/summary.rs), never into the JSON.
    assert!(String::from_utf8_lossy(&out.stderr).contains("12 table(s):"));
}

#[test]
fn out_dir_gets_one_file_per_document() {
    let dir = scratch("cli-out-dir");
    let inputs = dir.join("in");
    std::fs::create_dir_all(inputs.join("sub")).expect("mkdir");
    std::fs::copy(sample("lingbao-gxj-2025.txt"), inputs.join("a.txt")).expect("copy");
    std::fs::copy(sample("lingbao-gxj-2025.txt"), inputs.join("sub/b.TXT")).expect("copy");
    std::fs::write(inputs.join("ignored.md"), "not an input").expect("write");
    let out_dir = dir.join("out");
    let out =
        yusuan(&["extract", inputs.to_str().unwrap_or(""), "-o", out_dir.to_str().unwrap_or("")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("out dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.json", "b.json"]);
    let a = read_json(&out_dir.join("a.json"));
    validate(&a);
    assert!(a["source"]["file"].as_str().unwrap_or("").ends_with("a.txt"));
}

#[test]
fn ndjson_is_one_document_per_line_and_identical_across_thread_counts() {
    let dir = scratch("cli-ndjson");
    for name in ["a", "b", "c", "d", "e"] {
        std::fs::copy(sample("lingbao-gxj-2025.txt"), dir.join(format!("{name}.txt")))
            .expect("copy");
    }
    std::fs::write(dir.join("bad.txt"), b"").expect("write");
    for pdf in ["lingbao-ruled-ttf", "rotated-wps", "xlsx-libreoffice"] {
        let from = sample("pdf").join(format!("{pdf}.pdf"));
        std::fs::copy(from, dir.join(format!("{pdf}.pdf"))).expect("copy");
    }
    let d = dir.to_str().unwrap_or("");
    let one = yusuan(&["extract", d, "--ndjson", "--jobs", "1"]);
    let two = yusuan(&["extract", d, "--ndjson", "--jobs", "2"]);
    let again = yusuan(&["extract", d, "--ndjson"]);
    assert_eq!(one.status.code(), Some(1), "the empty file fails");
    assert!(one.stdout == two.stdout && two.stdout == again.stdout, "output differs between runs");
    let lines: Vec<&[u8]> = one.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 9);
    for line in lines {
        let doc: serde_json::Value = serde_json::from_slice(line).expect("each line is JSON");
        validate(&doc);
    }
}

#[test]
fn inputs_can_be_listed_on_stdin() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["extract", "-", "--ndjson"])
        .current_dir(crate::support::root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(b"samples/lingbao-gxj-2025.txt\n\nsamples/lingbao-gxj-2025.txt\n")
            .expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 2);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(yusuan(&["extract"]).status.code(), Some(2));
    assert_eq!(yusuan(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(yusuan(&["extract", "a.txt", "-o", "x", "--ndjson"]).status.code(), Some(2));
    // Several documents cannot share one JSON document on stdout.
    let out = yusuan(&["extract", "samples/lingbao-gxj-2025.txt", "samples/lingbao-gxj-2025.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--ndjson"));
}

#[test]
fn help_shows_an_example_per_option() {
    let out = yusuan(&["extract", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for option in [
        "-o out/",
        "--ndjson >",
        "--jobs 2",
        "--quiet",
        "extract - --ndjson",
        "--csv facts.csv",
        "--sqlite budget.db",
        "--parquet pq/",
        "--force",
        "--shard 3/8",
        "--timeout-per-doc 120",
    ] {
        assert!(help.contains(option), "--help lacks {option}:\n{help}");
    }
    assert!(help.contains("Exit codes"));
}

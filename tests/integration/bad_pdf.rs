//! The bad-input matrix for what a crawler downloads: empty, truncated, HTML, encrypted,
//! scanned, damaged and hostile PDFs, GBK text, unreadable inputs and unwritable outputs.
//! Each gets the contract's error (or a document) and a clean exit code; a batch holding
//! all of them still writes every good document, and never a half-written file.
//!
//! The fixtures in `tests/fixtures/bad/` come from `scripts/gen_bad_inputs.py`, whose
//! docstring says what each one is.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{read_json, root, sample, scratch, shared, stdout_json, validate, yusuan};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/bad").join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The document as JSON, checked against the schema, through the library.
fn extract(bytes: &[u8], name: &str) -> Value {
    let doc = yusuan::extract_bytes(bytes, Path::new(name), name);
    let json = serde_json::to_value(&doc).expect("serialises");
    validate(&json);
    json
}

fn error_code(doc: &Value) -> Option<&str> {
    doc["error"]["code"].as_str()
}

/// Runs the binary on one file: exit code, the JSON on stdout, stderr.
fn cli(args: &[&str]) -> (Option<i32>, Value, String) {
    let out = yusuan(args);
    let doc = stdout_json(&out);
    validate(&doc);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), doc, stderr)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The tables of the one-page budget fixture, the yardstick for every file that must read.
fn budget_tables() -> Value {
    let doc = extract(&bytes("budget.pdf"), "budget.pdf");
    assert_eq!(error_code(&doc), None, "{doc:#}");
    assert_eq!(doc["tables"][0]["kind"], "three_public_expenses");
    assert_eq!(doc["tables"][0]["rows"][0][0], "10.00", "{:#}", doc["tables"]);
    doc["tables"].clone()
}

#[test]
fn zero_bytes_named_pdf_is_empty_file() {
    let dir = scratch("bad-pdf-empty");
    let path = dir.join("download.pdf");
    std::fs::write(&path, b"").expect("write");
    let (code, doc, stderr) = cli(&["extract", path_str(&path)]);
    assert_eq!(code, Some(1));
    assert_eq!(error_code(&doc), Some("empty_file"));
    assert_eq!(doc["source"]["format"], "pdf");
    assert!(stderr.contains("download.pdf") && stderr.contains("empty"), "{stderr}");
}

#[test]
fn html_saved_as_pdf_says_it_is_html() {
    let (code, doc, stderr) = cli(&["extract", path_str(&fixture("html-saved-as.pdf"))]);
    assert_eq!(code, Some(1));
    assert_eq!(error_code(&doc), Some("not_a_pdf"));
    assert!(stderr.contains("HTML"), "{stderr}");
}

#[test]
fn truncated_pdf_is_an_error_or_what_could_be_recovered_never_a_crash() {
    let whole = bytes("budget.pdf");
    let sample_pdf = std::fs::read(sample("pdf/stsong-unruled.pdf")).expect("sample");
    let len = whole.len();
    let cuts = [1, 5, 9, 64, len / 4, len / 2, 3 * len / 4, len - 40, len - 1];
    let sample_cuts = [sample_pdf.len() / 3, sample_pdf.len() - 200];
    let inputs = cuts
        .iter()
        .map(|&c| (c, &whole[..c]))
        .chain(sample_cuts.iter().map(|&c| (c, &sample_pdf[..c])));
    for (cut, data) in inputs {
        let doc = extract(data, "cut.pdf");
        match error_code(&doc) {
            // Cut before the table's page: nothing to extract, said plainly.
            Some("not_a_pdf" | "damaged_pdf" | "no_budget_table" | "no_text_layer") => {}
            // Cut after it: the objects are rebuilt by scanning, and the table is there.
            None => {
                assert!(doc["tables"].as_array().is_some_and(|t| !t.is_empty()), "cut at {cut}")
            }
            other => panic!("cut at {cut}: unexpected {other:?}: {:#}", doc["error"]),
        }
    }
    // Cut just before `%%EOF`: only the end marker is missing, and it reads in full.
    let doc = extract(&whole[..len - 6], "cut.pdf");
    assert_eq!(doc["tables"], budget_tables());
}

#[test]
fn broken_or_missing_xref_is_rebuilt_by_scanning_objects() {
    let expected = budget_tables();
    for name in ["broken-xref.pdf", "no-xref.pdf"] {
        let doc = extract(&bytes(name), name);
        assert_eq!(error_code(&doc), None, "{name}: {:#}", doc["error"]);
        assert_eq!(doc["tables"], expected, "{name}");
    }
}

#[test]
fn encrypted_with_the_empty_user_password_still_extracts() {
    let expected = budget_tables();
    for name in ["encrypted-empty-user.pdf", "encrypted-empty-user-rc4.pdf"] {
        let doc = extract(&bytes(name), name);
        assert_eq!(error_code(&doc), None, "{name}: {:#}", doc["error"]);
        assert_eq!(doc["tables"], expected, "{name}");
    }
}

#[test]
fn encrypted_with_a_real_password_is_a_clear_error() {
    let (code, doc, stderr) = cli(&["extract", path_str(&fixture("encrypted-password.pdf"))]);
    assert_eq!(code, Some(1));
    assert_eq!(error_code(&doc), Some("encrypted"));
    assert!(stderr.contains("password"), "{stderr}");
}

#[test]
fn image_only_scan_has_no_text_layer() {
    let doc = extract(&bytes("scan.pdf"), "scan.pdf");
    assert_eq!(error_code(&doc), Some("no_text_layer"));
    assert!(doc["error"]["message"].as_str().is_some_and(|m| m.contains("OCR")));
}

#[test]
fn pdf_that_is_not_a_budget_disclosure_says_so() {
    let doc = extract(&bytes("not-budget.pdf"), "not-budget.pdf");
    assert_eq!(error_code(&doc), Some("no_budget_table"));
    assert_eq!(doc["tables"], Value::Array(Vec::new()));
}

#[test]
fn gbk_text_reads_like_utf8() {
    let utf8 = extract(&bytes("budget.txt"), "budget.txt");
    let gbk = extract(&bytes("gbk.txt"), "gbk.txt");
    assert_eq!(error_code(&gbk), None, "{:#}", gbk["error"]);
    assert_eq!(gbk["tables"], utf8["tables"]);
    assert_eq!(gbk["tables"][0]["kind"], "three_public_expenses");
}

#[test]
fn decompression_bomb_stops_at_the_limit_and_names_it() {
    // 3.6 KB that inflates to 300 MiB: stopped at the default 256 MiB, and at 1 MiB when asked.
    let (code, doc, stderr) = cli(&["extract", path_str(&fixture("bomb.pdf"))]);
    assert_eq!(code, Some(1));
    assert_eq!(error_code(&doc), Some("limit_exceeded"));
    assert!(
        stderr.contains("max_decompressed_stream") && stderr.contains("--max-stream-mb"),
        "{stderr}"
    );
    let (_, doc, _) = cli(&["extract", "--max-stream-mb", "1", path_str(&fixture("bomb.pdf"))]);
    assert_eq!(error_code(&doc), Some("limit_exceeded"));
    // With a roomy per-stream limit, the document-wide budget stops it.
    let (_, doc, stderr) = cli(&[
        "extract",
        "--max-stream-mb",
        "512",
        "--max-total-mb",
        "64",
        path_str(&fixture("bomb.pdf")),
    ]);
    assert_eq!(error_code(&doc), Some("limit_exceeded"));
    assert!(stderr.contains("max_decompressed_total") && stderr.contains("--max-total-mb"));
}

#[test]
fn deep_form_nesting_is_an_error_naming_the_limit_and_can_be_raised() {
    let path = fixture("deep-forms.pdf");
    let (code, doc, stderr) = cli(&["extract", path_str(&path)]);
    assert_eq!(code, Some(1));
    assert_eq!(error_code(&doc), Some("limit_exceeded"));
    assert!(stderr.contains("--max-xobject-depth"), "{stderr}");
    // Twenty levels fit under a raised limit; the budget page is read as usual.
    let (code, doc, _) = cli(&["extract", "--max-xobject-depth", "24", path_str(&path)]);
    assert_eq!(code, Some(0), "{:#}", doc["error"]);
    assert_eq!(doc["tables"], budget_tables());
    // Beyond the hard ceiling the flag is refused: the interpreter recurses per level.
    let out = yusuan(&["extract", "--max-xobject-depth", "65", path_str(&path)]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_limit_has_a_flag_and_a_clear_error() {
    let budget = fixture("budget.pdf");
    let cases = [
        ("--max-operators", "5", "max_operators_per_page"),
        ("--max-objects", "3", "max_objects"),
        ("--max-pages", "0", "max_pages"),
    ];
    for (flag, value, limit) in cases {
        let (code, doc, stderr) = cli(&["extract", flag, value, path_str(&budget)]);
        assert_eq!(code, Some(1), "{flag}");
        assert_eq!(error_code(&doc), Some("limit_exceeded"), "{flag}");
        assert!(stderr.contains(limit) && stderr.contains(flag), "{stderr}");
    }
    // The library takes the same limits through Options.
    let options = yusuan::Options {
        limits: yusuan::pdf::Limits { max_pages: 0, ..yusuan::pdf::Limits::default() },
    };
    let doc =
        yusuan::extract_bytes_with(&bytes("budget.pdf"), Path::new("b.pdf"), "b.pdf", &options);
    assert_eq!(doc.error.map(|e| e.code), Some("limit_exceeded".to_string()));
}

/// Regression: a PDF that failed after its page tree was read reported `source.pages: null`.
/// The 20-page generated sample over `--max-operators` or `--max-pages`, a scan and a PDF
/// that is no budget all know their page count and report it; a file refused before its
/// page tree is read (`--max-objects`) has none to report.
#[test]
fn a_failure_after_the_page_tree_still_reports_the_page_count() {
    let lingbao = sample("pdf/lingbao-ruled-ttf.pdf");
    for (flag, value, pages) in [
        ("--max-operators", "5", Value::from(20)),
        ("--max-pages", "5", Value::from(20)),
        ("--max-objects", "3", Value::Null),
    ] {
        let (code, doc, _) = cli(&["extract", flag, value, path_str(&lingbao)]);
        assert_eq!(code, Some(1), "{flag}");
        assert_eq!(error_code(&doc), Some("limit_exceeded"), "{flag}");
        assert_eq!(doc["source"]["pages"], pages, "{flag}");
        assert_eq!(doc["tables"], Value::Array(vec![]), "{flag}");
    }
    for (name, code) in [("scan.pdf", "no_text_layer"), ("not-budget.pdf", "no_budget_table")] {
        let doc = extract(&bytes(name), name);
        assert_eq!(error_code(&doc), Some(code), "{name}");
        assert_eq!(doc["source"]["pages"], 1, "{name}");
    }
    // Through the library as well.
    let options = yusuan::Options {
        limits: yusuan::pdf::Limits { max_operators_per_page: 5, ..Default::default() },
    };
    let doc = yusuan::extract_path_with(&lingbao, "lingbao.pdf", &options);
    assert_eq!(doc.error.map(|e| e.code).as_deref(), Some("limit_exceeded"));
    assert_eq!(doc.source.pages, Some(20));
}

/// A minimal one-page PDF whose page dictionary carries `extra` and whose content stream
/// (object 4) is `content` (xref offsets computed).
fn minimal_pdf(extra: &str, content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R {extra} >>"),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len() + 1),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

#[test]
fn deep_nesting_in_objects_does_not_overflow_a_small_stack() {
    // lopdf's parser recurses per array/dictionary level and stops at 100; everything past
    // that must fail cleanly. Run on a 1 MiB stack (rayon's workers get 2 MiB) so an
    // unbounded recursion shows up here as an abort, not in a user's batch.
    let deep =
        |open: &str, close: &str, n: usize| format!("/Deep {}{}", open.repeat(n), close.repeat(n));
    let inputs = [
        minimal_pdf(&deep("[", "]", 50_000), ""),
        minimal_pdf(&deep("<< /A ", " >>", 20_000), ""),
        minimal_pdf(&deep("[", "]", 99), ""),
        minimal_pdf(&deep("(", ")", 50_000), ""),
        // The same in the content stream, which lopdf parses with the same parser.
        minimal_pdf("", &format!("BT {} TJ ET", "[".repeat(50_000))),
        minimal_pdf("", &format!("{} BDC EMC", deep("<< /A ", " >>", 20_000))),
        minimal_pdf("", &format!("BT ({}) Tj ET", "(".repeat(50_000))),
    ];
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            inputs
                .iter()
                .map(|b| {
                    yusuan::extract_bytes(b, Path::new("deep.pdf"), "deep.pdf")
                        .error
                        .map(|e| e.code)
                })
                .collect::<Vec<_>>()
        })
        .expect("spawn");
    let codes = handle.join().expect("no stack overflow");
    // None of them has a table; each is a plain error.
    for code in codes {
        assert!(code.is_some(), "{code:?}");
    }
}

#[test]
fn batch_of_every_bad_input_writes_every_good_document_whole() {
    let dir = scratch("bad-pdf-batch");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).expect("mkdir");
    let fixtures = std::fs::read_dir(root().join("tests/fixtures/bad")).expect("fixtures");
    for entry in fixtures.flatten() {
        std::fs::copy(entry.path(), inputs.join(entry.file_name())).expect("copy");
    }
    std::fs::write(inputs.join("empty.pdf"), b"").expect("write");
    let whole = bytes("budget.pdf");
    std::fs::write(inputs.join("truncated.pdf"), &whole[..whole.len() / 3]).expect("write");
    std::fs::copy(sample("lingbao-gxj-2025.txt"), inputs.join("lingbao.txt")).expect("copy");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("gone.pdf"), inputs.join("unreadable.pdf")).expect("link");

    let out_dir = dir.join("out");
    let out = yusuan(&["extract", path_str(&inputs), "-o", path_str(&out_dir), "-j", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    #[cfg(unix)]
    assert!(stderr.contains("unreadable.pdf"), "{stderr}");

    let good = [
        "budget",
        "budget-2", // budget.txt: the second input with the stem `budget`
        "broken-xref",
        "no-xref",
        "encrypted-empty-user",
        "encrypted-empty-user-rc4",
        "gbk",
        "lingbao",
    ];
    let bad = [
        ("empty", "empty_file"),
        ("html-saved-as", "not_a_pdf"),
        ("encrypted-password", "encrypted"),
        ("scan", "no_text_layer"),
        ("not-budget", "no_budget_table"),
        ("bomb", "limit_exceeded"),
        ("deep-forms", "limit_exceeded"),
    ];
    for name in good {
        let doc = read_json(&out_dir.join(format!("{name}.json")));
        validate(&doc);
        assert_eq!(error_code(&doc), None, "{name}: {:#}", doc["error"]);
        assert!(doc["tables"].as_array().is_some_and(|t| !t.is_empty()), "{name}");
    }
    for (name, code) in bad {
        let doc = read_json(&out_dir.join(format!("{name}.json")));
        validate(&doc);
        assert_eq!(error_code(&doc), Some(code), "{name}");
        assert!(stderr.contains(&format!("{name}.")), "stderr names {name}: {stderr}");
    }
    // Every file written is whole JSON, and no temporary file is left behind.
    for entry in std::fs::read_dir(&out_dir).expect("out").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(name.ends_with(".json"), "leftover {name}");
        read_json(&entry.path());
    }
}

#[test]
fn output_file_that_cannot_be_written_costs_only_that_document() {
    let dir = scratch("bad-pdf-out");
    let out_dir = dir.join("out");
    // A directory sits where budget.json must go: that rename fails, the rest is written.
    std::fs::create_dir_all(out_dir.join("budget.json")).expect("mkdir");
    let out = yusuan(&[
        "extract",
        path_str(&fixture("budget.pdf")),
        path_str(&fixture("gbk.txt")),
        "-o",
        path_str(&out_dir),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("budget.json"), "{stderr}");
    let gbk = read_json(&out_dir.join("gbk.json"));
    assert_eq!(error_code(&gbk), None);
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.ends_with(".json")), "{names:?}");
}

#[test]
fn corpus_files_that_need_the_most_pass_at_a_tenth_of_every_limit() {
    // The defaults are meant to be ten times what real files need: the most objects
    // (renwu_168), the largest stream (renwu_161), the most operators on a page (renwu_246),
    // the most pages (renwu_177) and a Form XObject (renwu_065) still read under a tenth.
    let test = "bad_pdf::corpus_files_that_need_the_most_pass_at_a_tenth_of_every_limit";
    let Some(corpus) = shared("corpus", test) else {
        return;
    };
    let d = yusuan::pdf::Limits::default();
    let options = yusuan::Options {
        limits: yusuan::pdf::Limits {
            max_decompressed_stream: d.max_decompressed_stream / 10,
            max_decompressed_total: d.max_decompressed_total / 10,
            max_objects: d.max_objects / 10,
            max_reference_depth: d.max_reference_depth / 10,
            max_operators_per_page: d.max_operators_per_page / 10,
            max_xobject_depth: d.max_xobject_depth / 10,
            max_pages: d.max_pages / 10,
        },
    };
    for name in
        ["renwu_168.pdf", "renwu_161.pdf", "renwu_246.pdf", "renwu_177.pdf", "renwu_065.pdf"]
    {
        let path = corpus.join(name);
        let doc = yusuan::extract_path_with(&path, name, &options);
        let code = doc.error.map(|e| e.code);
        assert_ne!(code.as_deref(), Some("limit_exceeded"), "{name}");
    }
}

#[test]
fn a_body_row_of_twenty_thousand_cells_does_not_hang() {
    // A broken export with every cell of a table on one line: naming 20,000 amount
    // columns was cubic (records::Layout), minutes for this file, now well under a second.
    let head = "示范县财政局2025年度部门预算公开\n\n2025年一般公共预算“三公”经费支出情况表\n\n\
                单位：万元\n\n合计\t因公出国（境）费\t公务用车购置费\t公务用车运行费\t公务接待费\n";
    let text = format!("{head}{}\n", vec!["1.00"; 20_000].join("\t"));
    let doc = extract(text.as_bytes(), "wide.txt");
    assert_eq!(doc["tables"][0]["columns"].as_array().map(Vec::len), Some(20_000));
}

/// Inputs the fuzzers found crashes with, kept in `tests/fixtures/fuzz/`: each must now be
/// an ordinary answer (a document or a plain error), never `internal_error`.
#[test]
fn fuzzer_crashes_stay_fixed() {
    let dir = root().join("tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/fuzz").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let data = std::fs::read(entry.path()).expect("read");
        let doc = extract(&data, &name);
        assert_ne!(error_code(&doc), Some("internal_error"), "{name}: {:#}", doc["error"]);
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn amounts_beyond_decimal_range_are_not_a_crash() {
    // text-decimal-overflow.txt (text fuzzer): 28-digit amounts in a 万元 table overflowed
    // rust_decimal when the checks converted them to 元 and summed them.
    let doc = extract(
        &std::fs::read(root().join("tests/fixtures/fuzz/text-decimal-overflow.txt")).expect("read"),
        "x.txt",
    );
    assert_ne!(error_code(&doc), Some("internal_error"), "{:#}", doc["error"]);
}

//! The summary on stderr: printed for every run that is not `--quiet`, a single file
//! included; stdout and the exit code are the same with and without it.

use std::path::{Path, PathBuf};

use crate::support::{sample, scratch, yusuan};

/// The reference document with one printed figure changed: 表3's line 208 05 01 says its
/// 合计 is 85.43 while its parts still add up to 84.43, so sums over that row and that
/// column fail.
pub fn failing_sample(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(sample("lingbao-gxj-2025.txt")).expect("reference");
    let from = "\t84.43\t84.43\t\t84.43";
    assert!(text.contains(from), "the reference document changed; pick another figure");
    let changed = text.replacen(from, "\t85.43\t84.43\t\t84.43", 1);
    let path = dir.join("lingbao-changed.txt");
    std::fs::write(&path, changed).expect("write sample");
    path
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_single_file_run_says_what_it_found_and_what_to_do_next() {
    let loud = yusuan(&["extract", "samples/lingbao-gxj-2025.txt"]);
    let quiet = yusuan(&["extract", "samples/lingbao-gxj-2025.txt", "--quiet"]);
    assert_eq!(loud.status.code(), Some(0));
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(loud.stdout, quiet.stdout, "the summary never touches stdout");
    assert!(quiet.stderr.is_empty(), "--quiet: {}", stderr(&quiet));
    let err = stderr(&loud);
    for wanted in [
        "samples/lingbao-gxj-2025.txt — 灵宝市工业和信息化局2025年度部门预算公开",
        "12 table(s):",
        "01 收支总表",
        "03 支出总表",
        "12 项目绩效目标",
        "33 rows",
        "warnings: none",
        "checks: 154 evaluated, all hold",
        "--xlsx lingbao-gxj-2025.xlsx",
        "-o out/",
    ] {
        assert!(err.contains(wanted), "stderr lacks {wanted:?}:\n{err}");
    }
    // One screen.
    assert!(err.lines().count() <= 30, "{} lines:\n{err}", err.lines().count());
}

#[test]
fn failed_checks_are_counted_by_rule_and_the_exit_code_is_unchanged() {
    let dir = scratch("summary-failing");
    let input = failing_sample(&dir);
    let out = yusuan(&["extract", input.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "failed checks are findings, not errors");
    let err = stderr(&out);
    assert!(err.contains("failed:"), "{err}");
    assert!(err.contains("t03.row_sum.total ×1"), "{err}");
    assert!(err.contains("failed checks are findings"), "{err}");
}

#[test]
fn a_batch_lists_each_document_and_its_pages() {
    let dir = scratch("summary-batch");
    let out = yusuan(&[
        "extract",
        "samples/lingbao-gxj-2025.txt",
        "samples/pdf/stsong-unruled.pdf",
        "-o",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("2 document(s): 2 extracted"), "{err}");
    assert!(err.contains("samples/pdf/stsong-unruled.pdf — "), "{err}");
    assert!(err.contains("第 "), "PDF tables name their pages: {err}");
    assert!(err.contains("-o out/ --xlsx") || err.contains("--xlsx"), "{err}");
}

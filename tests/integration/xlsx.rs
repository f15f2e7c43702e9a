//! `--xlsx`: the workbook read back with an independent reader (calamine) and compared with
//! the JSON of the same run: sheet names, title lines, the header's merged cells (read back,
//! they must give every column's printed path), every body cell's value and type (amounts
//! as numbers equal to the records' exact figures, codes as text), the 检查 and 说明 sheets.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;

use crate::support::{read_json, sample, scratch, yusuan};

/// Rows above the header: the title, then 单位名称 / 单位.
const TITLE_ROWS: usize = 2;

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// A cell of the sheet as the reader sees it: text, or a number.
fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> Option<&Data> {
    range.get_value((row as u32, col as u32))
}

fn cell_text(range: &calamine::Range<Data>, row: usize, col: usize) -> String {
    match cell(range, row, col) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

/// Checks one workbook against the document's JSON; returns the number of amount cells
/// compared, so a caller can assert the comparison did something.
fn assert_workbook_matches(xlsx: &Path, doc: &Value) -> usize {
    let mut book: Xlsx<_> =
        open_workbook(xlsx).unwrap_or_else(|e| panic!("open {}: {e}", xlsx.display()));
    let names = book.sheet_names();
    let tables = doc["tables"].as_array().expect("tables");
    assert_eq!(names.len(), tables.len() + 2, "a sheet per table, then 检查 and 说明: {names:?}");
    assert_eq!(names[tables.len()], "检查");
    assert_eq!(names[tables.len() + 1], "说明");
    let mut amounts_seen = 0;
    for (t, (table, name)) in tables.iter().zip(&names).enumerate() {
        let ctx = format!("{} table {t} sheet {name:?}", xlsx.display());
        assert!(name.chars().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\']));
        if let Some(n) = table["number"].as_u64() {
            assert!(name.starts_with(&format!("{n:02} ")), "{ctx}");
        }
        let range = book.worksheet_range(name).expect("sheet");
        assert_eq!(cell_text(&range, 0, 0), text(&table["title"]), "{ctx}: title");
        if let Some(org) = table["org"].as_str() {
            assert_eq!(cell_text(&range, 1, 0), format!("单位名称：{org}"), "{ctx}");
        }
        if let Some(unit) = table["unit"].as_str() {
            let line: Vec<String> = (0..range.width()).map(|c| cell_text(&range, 1, c)).collect();
            assert!(line.contains(&format!("单位：{unit}")), "{ctx}: {line:?}");
        }

        // The header: every (level, column) of every path lies in exactly one header cell
        // (merged or not) holding that level's label, and no merged cell spans columns whose
        // paths disagree above it.
        let columns: Vec<Vec<String>> = table["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .map(|p| p.as_array().expect("path").iter().map(|s| text(s).to_string()).collect())
            .collect();
        let depth = columns.iter().map(Vec::len).max().unwrap_or(0);
        let merged: Vec<(usize, usize, usize, usize)> = book
            .worksheet_merge_cells(name)
            .expect("the sheet")
            .expect("merged cells")
            .iter()
            .map(|d| (d.start.0 as usize, d.start.1 as usize, d.end.0 as usize, d.end.1 as usize))
            .filter(|(r0, _, _, _)| *r0 >= TITLE_ROWS)
            .collect();
        let top_left = |row: usize, col: usize| {
            merged
                .iter()
                .find(|(r0, c0, r1, c1)| (*r0..=*r1).contains(&row) && (*c0..=*c1).contains(&col))
                .map(|(r0, c0, _, _)| (*r0, *c0))
                .unwrap_or((row, col))
        };
        for (c, path) in columns.iter().enumerate() {
            for (level, label) in path.iter().enumerate() {
                let (r0, c0) = top_left(TITLE_ROWS + level, c);
                assert_eq!(
                    &cell_text(&range, r0, c0),
                    label,
                    "{ctx}: header level {level} col {c}"
                );
            }
            // Below a path that stops, its last cell reaches down (merged) or nothing is there.
            for level in path.len()..depth {
                let (r0, c0) = top_left(TITLE_ROWS + level, c);
                if (r0, c0) == (TITLE_ROWS + level, c) {
                    assert_eq!(cell_text(&range, r0, c0), "", "{ctx}: below col {c}'s path");
                }
            }
        }
        for (r0, c0, r1, c1) in &merged {
            if *r0 >= TITLE_ROWS + depth {
                continue;
            }
            let level = r0 - TITLE_ROWS;
            assert!(r1 - TITLE_ROWS < depth, "{ctx}: a header cell reaches into the body");
            let key = &columns[*c0][..=level];
            for path in &columns[*c0..=*c1] {
                assert_eq!(&path[..=level], key, "{ctx}: merged {r0},{c0}..{r1},{c1}");
            }
        }

        // The body: text as printed; amounts (the records' figures) as numbers.
        let amount_texts: Vec<String> = table["records"]
            .as_array()
            .expect("records")
            .iter()
            .flat_map(|r| r["amounts"].as_object().into_iter().flatten())
            .filter(|(_, v)| !v.is_null())
            .map(|(_, v)| v.to_string())
            .collect();
        let body = TITLE_ROWS + depth;
        let mut numbers = Vec::new();
        for (r, row) in table["rows"].as_array().expect("rows").iter().enumerate() {
            for (c, printed) in row.as_array().expect("row").iter().enumerate() {
                let printed = text(printed);
                match cell(&range, body + r, c) {
                    Some(Data::Float(f)) => {
                        let plain: String =
                            printed.chars().filter(|ch| *ch != ',' && *ch != ' ').collect();
                        let parsed: f64 = plain.parse().unwrap_or_else(|_| {
                            panic!("{ctx}: row {r} col {c}: number {f} for text {printed:?}")
                        });
                        assert!(
                            (parsed - f).abs() < 1e-6,
                            "{ctx}: row {r} col {c}: {f} != {printed}"
                        );
                        numbers.push(*f);
                    }
                    Some(Data::String(s)) => assert_eq!(s, printed, "{ctx}: row {r} col {c}"),
                    Some(Data::Empty) | None => assert_eq!(printed, "", "{ctx}: row {r} col {c}"),
                    Some(other) => panic!("{ctx}: row {r} col {c}: unexpected {other:?}"),
                }
            }
        }
        // Forms (11, 12) keep figures inside indicator text; ledgers have one number per
        // record amount, and the same figures.
        if !matches!(table["number"].as_u64(), Some(11) | Some(12)) {
            let mut expected: Vec<f64> =
                amount_texts.iter().map(|t| t.parse::<f64>().expect("amount")).collect();
            let mut got = numbers.clone();
            expected.sort_by(f64::total_cmp);
            got.sort_by(f64::total_cmp);
            assert_eq!(got, expected, "{ctx}: the sheet's numbers are the records' amounts");
        }
        amounts_seen += numbers.len();
    }

    let checks = book.worksheet_range("检查").expect("检查");
    let all = doc["checks"].as_array().map(Vec::len).unwrap_or(0);
    let rules: Vec<String> = (1..=all).map(|r| cell_text(&checks, r, 2)).collect();
    for c in doc["checks"].as_array().into_iter().flatten() {
        assert!(rules.iter().any(|r| r == text(&c["rule"])), "检查 lists {}", c["rule"]);
    }
    let about = book.worksheet_range("说明").expect("说明");
    assert_eq!(cell_text(&about, 0, 1), text(&doc["source"]["file"]));
    if let Some(title) = doc["document"]["title"].as_str() {
        assert_eq!(cell_text(&about, 4, 1), title);
    }
    amounts_seen
}

#[test]
fn the_reference_document_workbook_matches_its_json() {
    let out = scratch("xlsx-reference");
    let run = yusuan(&[
        "extract",
        "samples/lingbao-gxj-2025.txt",
        "-o",
        out.to_str().expect("utf-8"),
        "--xlsx",
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let doc = read_json(&out.join("lingbao-gxj-2025.json"));
    let xlsx = out.join("lingbao-gxj-2025.xlsx");
    let amounts = assert_workbook_matches(&xlsx, &doc);
    assert!(amounts > 250, "only {amounts} amounts compared");

    // Spot checks a reader of the printed page would make.
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("open");
    let names = book.sheet_names();
    assert_eq!(names[0], "01 收支总表");
    assert_eq!(names[2], "03 支出总表");
    // 表3: 科目编码 over three code columns and all three header rows (A3:C5); 基本支出
    // across its columns in the first header row.
    let merged: Vec<_> = book
        .worksheet_merge_cells("03 支出总表")
        .expect("the sheet")
        .expect("merged cells")
        .iter()
        .map(|d| (d.start, d.end))
        .collect();
    assert!(merged.contains(&((2, 0), (4, 2))), "{merged:?}");
    let sheet = book.worksheet_range("03 支出总表").expect("sheet");
    // Codes stay text as printed ("206", "04"); the 合计 row's total is a number.
    let line = &doc["tables"][2]["rows"][2];
    assert_eq!((text(&line[0]), text(&line[1])), ("206", "04"));
    assert_eq!(sheet.get_value((7, 0)), Some(&Data::String("206".into())));
    assert_eq!(sheet.get_value((7, 1)), Some(&Data::String("04".into())));
    assert!(matches!(sheet.get_value((5, 5)), Some(Data::Float(f)) if (*f - 876.0).abs() < 1e-9));
}

#[test]
fn a_multi_level_header_pdf_workbook_matches_its_json() {
    let out = scratch("xlsx-pdf");
    let xlsx = out.join("yuan.xlsx");
    let input = sample("pdf/yuan-and-wanyuan.pdf");
    let run = yusuan(&[
        "extract",
        input.to_str().expect("utf-8"),
        "--xlsx",
        xlsx.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.stdout.is_empty(), "--xlsx alone prints no JSON");
    let json = yusuan(&["extract", input.to_str().expect("utf-8"), "--quiet"]);
    let doc: Value = serde_json::from_slice(&json.stdout).expect("json");
    let amounts = assert_workbook_matches(&xlsx, &doc);
    assert!(amounts > 200, "only {amounts} amounts compared");
    // Three header rows somewhere (a three-level header), read back as merged cells.
    let depth3 = doc["tables"].as_array().expect("tables").iter().any(|t| {
        t["columns"]
            .as_array()
            .is_some_and(|c| c.iter().any(|p| p.as_array().is_some_and(|p| p.len() == 3)))
    });
    assert!(depth3);
    // Byte-identical on a rerun: nothing in the file depends on the clock.
    let again = out.join("again.xlsx");
    let rerun = yusuan(&[
        "extract",
        input.to_str().expect("utf-8"),
        "--xlsx",
        again.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert_eq!(rerun.status.code(), Some(0));
    assert_eq!(std::fs::read(&xlsx).expect("xlsx"), std::fs::read(&again).expect("again"));
}

#[test]
fn several_documents_get_one_workbook_each_and_a_bare_flag_needs_out_dir() {
    let out = scratch("xlsx-several");
    let dir = out.join("books");
    let run = yusuan(&[
        "extract",
        "samples/lingbao-gxj-2025.txt",
        "tests/fixtures/bad/budget.txt",
        "--xlsx",
        dir.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    for stem in ["lingbao-gxj-2025", "budget"] {
        assert!(dir.join(format!("{stem}.xlsx")).is_file(), "{stem}.xlsx");
    }
    let bare = yusuan(&["extract", "samples/lingbao-gxj-2025.txt", "--xlsx"]);
    assert_eq!(bare.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bare.stderr).contains("-o DIR"));
}

#[test]
fn a_document_that_cannot_be_read_gets_a_workbook_saying_why() {
    let out = scratch("xlsx-error");
    let xlsx = out.join("html.xlsx");
    let input = crate::support::root().join("tests/fixtures/bad/html-saved-as.pdf");
    let run = yusuan(&[
        "extract",
        input.to_str().expect("utf-8"),
        "--xlsx",
        xlsx.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("open");
    assert_eq!(book.sheet_names(), vec!["检查".to_string(), "说明".to_string()]);
    let about = book.worksheet_range("说明").expect("说明");
    let rows: Vec<String> = (0..about.height()).map(|r| cell_text(&about, r, 0)).collect();
    let at = rows.iter().position(|r| r == "错误").expect("an 错误 line");
    assert!(cell_text(&about, at, 1).starts_with("not_a_pdf"), "{}", cell_text(&about, at, 1));
}

//! Golden samples: every `samples/<name>.expected.json` equals what yusuan extracts from
//! `samples/<name>.txt` (or `.pdf`) exactly: every key, in the contract's order, every
//! array in order, every number as printed (see `support::exact_differences`).
//! `UPDATE_GOLDEN=1` rewrites them; read the diff before committing.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{
    differences, exact_differences, root, sample, shared, validate, without_source, Json,
};

fn golden_pairs(sub: &str) -> Vec<(PathBuf, PathBuf)> {
    let mut pairs = Vec::new();
    let dir = root().join("samples").join(sub);
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("samples/ exists").flatten().map(|e| e.path()).collect();
    entries.sort();
    for expected in entries {
        let name = expected.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let Some(stem) = name.strip_suffix(".expected.json") else {
            continue;
        };
        let input = ["txt", "pdf"]
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{name} has no input beside it"));
        pairs.push((input, expected));
    }
    pairs
}

fn extract_doc(input: &std::path::Path) -> yusuan::model::DocumentOutput {
    let display = input
        .strip_prefix(root())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| input.display().to_string());
    yusuan::extract_path(input, &display)
}

fn extract(input: &std::path::Path) -> Value {
    serde_json::to_value(extract_doc(input)).expect("serialises")
}

fn read_ordered(path: &std::path::Path) -> Json {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Json::parse(&text)
}

#[test]
fn every_sample_matches_its_golden_file() {
    let pairs = golden_pairs("");
    assert!(!pairs.is_empty(), "no golden samples found");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (input, expected_path) in pairs {
        let doc = extract_doc(&input);
        validate(&serde_json::to_value(&doc).expect("serialises"));
        if update {
            // Straight from the document, not through `Value`, which would sort the keys.
            let mut body = serde_json::to_string_pretty(&doc).expect("serialises");
            body.push('\n');
            std::fs::write(&expected_path, body).expect("write golden");
            continue;
        }
        for d in exact_differences(&Json::of(&doc), &read_ordered(&expected_path), false) {
            failures.push(format!("{}: {d}", expected_path.display()));
        }
    }
    assert!(failures.is_empty(), "golden mismatches:\n{}", failures.join("\n"));
}

/// Generated PDFs (scripts/gen_samples.py) against the expected output the generator wrote
/// beside them, every field: the ruled styles, and the unruled STSong one whose columns
/// and multi-level headers come from alignment alone. These files are the generator's, so
/// UPDATE_GOLDEN never rewrites them.
#[test]
fn every_generated_pdf_matches_its_expected_output() {
    let pairs = golden_pairs("pdf");
    assert!(pairs.len() >= 5, "generated PDF samples missing");
    assert!(pairs.iter().any(|(input, _)| input.ends_with("stsong-unruled.pdf")));
    // A second producer's style (fpdf2: labels flush left/right, rules only around the header).
    assert!(pairs.iter().any(|(input, _)| input.ends_with("fpdf-threeline.pdf")));
    assert!(pairs.iter().any(|(input, _)| input.ends_with("fpdf-flush.pdf")));
    // fpdf2's layout with its font rewritten to a non-embedded STSong-Light / UniGB-UCS2-H
    // (scripts/pdf_stsong.py): no font program, no ToUnicode, iText's 续表 marks.
    assert!(pairs.iter().any(|(input, _)| input.ends_with("fpdf-stsong.pdf")));
    // Leaf labels clear of their text in wide cells; tables whose first page shows one or
    // two body rows (columns blank there, filled on later pages).
    assert!(pairs.iter().any(|(input, _)| input.ends_with("fpdf-wide.pdf")));
    // A short 收支总表, 人员经费/公用经费 blocks side by side, one form per project.
    assert!(pairs.iter().any(|(input, _)| input.ends_with("fpdf-blocks.pdf")));
    let mut failures = Vec::new();
    for (input, expected_path) in pairs {
        let doc = extract_doc(&input);
        validate(&serde_json::to_value(&doc).expect("serialises"));
        // The generator writes the fields it knows (no `source.file`, `sha256`, records):
        // those, exactly and in order.
        for d in exact_differences(&Json::of(&doc), &read_ordered(&expected_path), true) {
            failures.push(format!("{}: {d}", expected_path.display()));
        }
    }
    assert!(failures.is_empty(), "generated PDF mismatches:\n{}", failures.join("\n"));
}

/// fpdf-blocks' records, which its expected JSON (the grid) leaves out: table 6's two
/// blocks read each on its own (block, code and measure per block, not the two codes of a
/// printed line joined), table 12 one record per project form.
#[test]
fn side_by_side_blocks_and_project_forms_give_their_own_records() {
    let doc = extract(&sample("pdf/fpdf-blocks.pdf"));
    let table = |n: u64| {
        doc["tables"].as_array().and_then(|ts| ts.iter().find(|t| t["number"] == n)).cloned()
    };
    let t6 = table(6).expect("table 6");
    let records = t6["records"].as_array().expect("records");
    let first: Vec<(u64, &str, &str)> = records[..2]
        .iter()
        .map(|r| {
            let measure = r["amounts"].as_object().and_then(|a| a.keys().next()).expect("amount");
            (
                r["block"].as_u64().expect("block"),
                r["code"].as_str().expect("code"),
                measure.as_str(),
            )
        })
        .collect();
    assert_eq!(first, [(0, "301", "personnel"), (1, "302", "public")]);
    let totals: Vec<String> = records
        .iter()
        .filter(|r| r["row_type"] == "total")
        .map(|r| r["amounts"].to_string())
        .collect();
    assert_eq!(totals, [r#"{"personnel":631.32}"#, r#"{"public":94.68}"#]);
    let t12 = table(12).expect("table 12");
    let projects: Vec<(&str, String)> = t12["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| (r["name"].as_str().unwrap_or_default(), r["amounts"]["total"].to_string()))
        .collect();
    assert_eq!(
        projects,
        [
            ("2025年“专精特新”及“小巨人”企业县级配套资金", "100.00".to_string()),
            ("2025年规上工业企业满负荷生产财政奖励县级配套资金", "50.00".to_string()),
        ]
    );
    let failed: Vec<&Value> =
        doc["checks"].as_array().expect("checks").iter().filter(|c| c["ok"] == false).collect();
    assert!(failed.is_empty(), "{failed:?}");
}

/// The reference document against the product's reference output in ../shared. That file
/// holds schema, source (without `file`), document and the tables' grid fields (no
/// records, checks or warnings): those are compared exactly and in order, and only the
/// fields it leaves out are ignored (our golden file covers them).
#[test]
fn reference_document_matches_the_shared_expected_output() {
    let test = "golden::reference_document_matches_the_shared_expected_output";
    let Some(shared) = shared("samples/lingbao-gxj-2025.expected.json", test) else {
        return;
    };
    let actual = Json::of(&extract_doc(&sample("lingbao-gxj-2025.txt")));
    let expected = read_ordered(&shared);
    let d = exact_differences(&actual, &expected, true);
    assert!(d.is_empty(), "differences from the shared expected output:\n{}", d.join("\n"));
    // What the subset leaves out is exactly what the reference does not carry.
    let Json::Object(top) = &expected else { panic!("the reference is not an object") };
    let keys: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["schema", "source", "document", "tables"]);
}

/// The comparison itself: each change a regression could make to the output is caught,
/// which the old walk over `serde_json::Value` (sorted keys, expected keys only) missed.
#[test]
fn the_golden_comparison_sees_extra_missing_and_reordered_fields() {
    let doc = extract_doc(&sample("lingbao-gxj-2025.txt"));
    let golden = Json::of(&doc);
    assert_eq!(exact_differences(&golden, &golden, false), Vec::<String>::new());
    let changed = |change: &dyn Fn(&mut yusuan::model::DocumentOutput)| {
        let mut doc = doc.clone();
        change(&mut doc);
        exact_differences(&Json::of(&doc), &golden, false)
    };
    let reversed = changed(&|d| {
        d.tables.iter_mut().flat_map(|t| &mut t.records).for_each(|r| {
            r.amounts.reverse();
        })
    });
    assert!(reversed.iter().any(|d| d.contains(".amounts: keys")), "{reversed:?}");
    let extra = changed(&|d| {
        d.tables.iter_mut().flat_map(|t| &mut t.records).for_each(|r| {
            r.fields.push(("extra", Some("x".into())));
        })
    });
    assert!(extra.iter().any(|d| d.contains("extra [\"extra\"]")), "{extra:?}");
    let missing = changed(&|d| {
        d.tables.iter_mut().flat_map(|t| &mut t.records).for_each(|r| {
            r.fields.clear();
        })
    });
    assert!(missing.iter().any(|d| d.contains("missing [")), "{missing:?}");
    let rows = changed(&|d| d.tables[0].rows.swap(0, 1));
    assert!(rows.iter().any(|d| d.starts_with(".tables[0](")), "{rows:?}");
    // `876.00` printed as `876.0` is a difference, though the values are equal.
    let text = serde_json::to_string(&doc).expect("serialises").replacen(":876.00", ":876.0", 1);
    assert!(!exact_differences(&Json::parse(&text), &golden, false).is_empty());
    // The subset comparison ignores only keys the reference lacks, not their order.
    let mut reordered = doc.clone();
    reordered.tables[0].records[0].amounts.reverse();
    assert!(!exact_differences(&Json::of(&reordered), &golden, true).is_empty());
}

#[test]
fn every_check_on_the_reference_document_passes() {
    let actual = extract(&sample("lingbao-gxj-2025.txt"));
    let checks = actual["checks"].as_array().expect("checks");
    assert!(checks.len() > 100, "only {} checks ran", checks.len());
    let failed: Vec<&Value> = checks.iter().filter(|c| c["ok"] != Value::Bool(true)).collect();
    assert!(failed.is_empty(), "failed checks: {failed:#?}");
    assert_eq!(actual["warnings"], Value::Array(Vec::new()));
    // All twelve standard tables, in order.
    let numbers: Vec<u64> = actual["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter_map(|t| t["number"].as_u64())
        .collect();
    assert_eq!(numbers, (1..=12).collect::<Vec<u64>>());
}

#[test]
fn amounts_are_exact_decimals_printed_as_parsed() {
    let doc = yusuan::extract_path(&sample("lingbao-gxj-2025.txt"), "x.txt");
    let json = serde_json::to_string(&doc).expect("serialises");
    // 876.00 stays 876.00 (never 876.0 or 876), and a 6-decimal figure keeps all six.
    assert!(json.contains(r#""income_total":876.00"#));
    assert!(json.contains(r#""amount":876.002691"#));
    let t3 = &doc.tables[2];
    let r = t3.records.iter().find(|r| r.code.as_deref() == Some("2080505")).expect("2080505");
    assert_eq!(r.name.as_deref(), Some("机关事业单位基本养老保险缴费支出"));
    assert_eq!(r.amount("total").map(|a| a.to_string()).as_deref(), Some("49.33"));
}

#[test]
fn records_have_the_documented_shape_per_kind() {
    let doc = extract(&sample("lingbao-gxj-2025.txt"));
    let t = |n: usize| &doc["tables"][n - 1]["records"];
    assert_eq!(t(1)[0]["income_item"], "一、一般公共预算");
    assert_eq!(t(2)[1]["org_code"], "502001");
    assert_eq!(t(2)[1]["row_type"], "org");
    assert_eq!(t(6)[1]["gov_code"], "50905");
    assert_eq!(t(7)[2]["code"], "31199");
    assert_eq!(t(7)[2]["gov_code"], "50899");
    assert_eq!(t(10)[0]["row_type"], "total");
    assert_eq!(t(10)[2]["project_type"], "特定目标类");
    assert_eq!(t(11)[4]["section"], "预算情况");
    assert_eq!(t(12)[2]["indicators"].as_array().map(Vec::len), Some(6));
    assert_eq!(t(12).as_array().map(Vec::len), Some(4), "indicator rows fold into projects");
}

#[test]
fn same_document_in_gbk_and_utf16_gives_identical_json() {
    let text = std::fs::read_to_string(sample("lingbao-gxj-2025.txt")).expect("sample");
    let dir = crate::support::scratch("encodings");
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy, "the sample is representable in GBK");
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend_from_slice(text.as_bytes());
    let reference = without_source(extract(&sample("lingbao-gxj-2025.txt")));
    for (name, bytes) in [
        ("gbk.txt", gbk.to_vec()),
        ("utf16le.txt", utf16le),
        ("utf16be.txt", utf16be),
        ("bom.txt", bom8),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let doc = without_source(extract(&path));
        assert!(doc == reference, "{name} differs: {:?}", differences(&doc, &reference));
    }
}

/// A PDF with one page that has no text layer (a scanned page in a text document): the
/// document is extracted and the page is named in a warning, never dropped silently.
#[test]
fn a_page_without_text_is_named_in_a_warning() {
    use lopdf::{dictionary, Object, Stream};
    let mut doc = lopdf::Document::load(sample("pdf").join("lingbao-ruled-ttf.pdf")).expect("load");
    let pages_id =
        doc.catalog().and_then(|c| c.get(b"Pages")).and_then(Object::as_reference).expect("pages");
    let content =
        doc.add_object(Stream::new(dictionary! {}, b"0 0 1 rg 10 10 100 100 re f".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
    });
    if let Ok(Object::Dictionary(pages)) = doc.get_object_mut(pages_id) {
        if let Ok(Object::Array(kids)) = pages.get_mut(b"Kids") {
            kids.push(page.into());
        }
        let count = pages.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
        pages.set("Count", count + 1);
    }
    let dir = crate::support::scratch("blank-page");
    let path = dir.join("with-blank-page.pdf");
    doc.save(&path).expect("save");
    let actual = extract(&path);
    validate(&actual);
    assert_eq!(actual["error"], Value::Null);
    assert_eq!(actual["source"]["pages"], 21);
    assert_eq!(actual["tables"].as_array().map(Vec::len), Some(12));
    let warning = actual["warnings"]
        .as_array()
        .and_then(|ws| ws.iter().find(|w| w["code"] == "no_text_layer"))
        .expect("a no_text_layer warning");
    assert!(warning["message"].as_str().unwrap_or("").contains("page(s) 21"), "{warning}");
}

//! The warehouse relations read back as a user reads them: SQLite opened and queried, the
//! Parquet files read with arrow-rs and (over the corpus) DuckDB, the CSV files parsed; the
//! same columns in each; the contract's query answered; the side-by-side blocks of a 决算
//! 表6 and the levels of a hierarchy printed by indentation alone carried by `facts`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[cfg(feature = "parquet")]
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use rusqlite::Connection;

use crate::support::{root, sample, scratch, yusuan};
use yusuan::model::ColumnRole;
use yusuan::write::relations;

fn run(args: &[&str]) {
    let out = yusuan(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or("")
}

/// The contract's query: every 一般公共预算 支出 total, by department and year.
pub const CONTRACT_QUERY: &str = "
SELECT d.department, d.year, f.amount_yuan
FROM facts f JOIN documents d USING (doc_id)
WHERE f.table_number = 5 AND f.row_type = 'total' AND f.measure = 'total'";

/// Every row of every relation, in insertion order: equal dumps, equal content.
pub fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).expect("open");
    let mut rows = Vec::new();
    for r in relations::ALL {
        let sql = format!("SELECT * FROM {} ORDER BY rowid", r.name);
        let mut stmt = conn.prepare(&sql).expect("prepare");
        let n = stmt.column_count();
        let mut q = stmt.query([]).expect("query");
        while let Some(row) = q.next().expect("row") {
            let cells: Vec<String> =
                (0..n).map(|i| format!("{:?}", row.get_ref(i).expect("cell"))).collect();
            rows.push(format!("{}: {}", r.name, cells.join(" | ")));
        }
    }
    rows
}

fn count(conn: &Connection, table: &str) -> usize {
    let n: i64 =
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count");
    usize::try_from(n).unwrap_or(0)
}

fn columns_of(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn sqlite_holds_the_relations_and_answers_the_contract_query() {
    let dir = scratch("warehouse-sqlite");
    let db = dir.join("budget.db");
    let input = sample("lingbao-gxj-2025.txt");
    run(&["extract", s(&input), "--sqlite", s(&db)]);
    for leftover in ["budget.db-wal", "budget.db-shm"] {
        assert!(!dir.join(leftover).exists(), "{leftover} left beside the database");
    }
    let doc = yusuan::extract_path(&input, s(&input));
    let figures: usize = doc
        .tables
        .iter()
        .flat_map(|t| &t.records)
        .flat_map(|r| &r.amounts)
        .filter(|(_, a)| a.is_some())
        .count();
    let expected =
        [("documents", 1), ("tables", 12), ("facts", figures), ("checks", doc.checks.len())];
    let counts = |conn: &Connection| -> Vec<(&str, usize)> {
        expected.iter().map(|(t, _)| (*t, count(conn, t))).collect()
    };
    let conn = Connection::open(&db).expect("open");
    assert_eq!(counts(&conn), expected);
    for r in relations::ALL {
        let names: Vec<&str> = r.columns.iter().map(|c| c.name).collect();
        assert_eq!(columns_of(&conn, r.name), names, "{}", r.name);
    }
    let answer: Vec<(String, i64, String)> = conn
        .prepare(CONTRACT_QUERY)
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    // 876.00 万元, exactly, in 元.
    assert_eq!(answer, [("灵宝市工业和信息化局".to_string(), 2025, "8760000.00".to_string())]);
    let sha = doc.source.sha256.clone();
    let ids: (String, String) = conn
        .query_row("SELECT doc_id, table_id FROM facts WHERE table_number = 3 LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("ids");
    assert_eq!(ids, (sha.clone(), format!("{sha}:2")), "doc_id = sha256, table_id = doc_id:n");
    let org_totals: usize = conn
        .query_row(
            "SELECT count(*) FROM facts WHERE row_type = 'org' AND (name LIKE '%合计' OR code LIKE \
             '%合计')",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| usize::try_from(n).unwrap_or(0))
        .expect("count");
    assert_eq!(org_totals, 0, "every 合计 row is a total");
    drop(conn);

    // Rerunning (kept), forcing (replaced) and the same bytes under another name (replaced
    // by doc_id) never duplicate the document.
    run(&["extract", s(&input), "--sqlite", s(&db)]);
    run(&["extract", s(&input), "--sqlite", s(&db), "--force"]);
    let copy = dir.join("copy.txt");
    std::fs::copy(&input, &copy).expect("copy");
    run(&["extract", s(&copy), "--sqlite", s(&db), "--force"]);
    let conn = Connection::open(&db).expect("open");
    assert_eq!(counts(&conn), expected);
    let file: String =
        conn.query_row("SELECT file FROM documents", [], |r| r.get(0)).expect("file");
    assert!(file.ends_with("copy.txt"), "{file}");
}

#[test]
fn a_database_from_an_older_yusuan_is_refused_with_what_to_do() {
    let dir = scratch("warehouse-old-db");
    let db = dir.join("old.db");
    let conn = Connection::open(&db).expect("open");
    conn.execute_batch(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, file TEXT, sha256 TEXT);
         CREATE TABLE records (document_id INTEGER, key TEXT, value TEXT);",
    )
    .expect("old schema");
    drop(conn);
    let out = yusuan(&["extract", "samples/lingbao-gxj-2025.txt", "--sqlite", s(&db)]);
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("older yusuan") && stderr.contains("Rebuild it"), "{stderr}");
    assert!(stderr.contains("old.db"), "names the file: {stderr}");
}

/// A number line printed beside a title (公开01表) is the table's `label` in the `tables`
/// relation, as in the JSON.
#[test]
fn tables_carry_the_number_line_as_label() {
    let dir = scratch("warehouse-label");
    let db = dir.join("label.db");
    run(&["extract", "samples/pdf/labelled-cut-rows.pdf", "--sqlite", s(&db), "--quiet"]);
    let conn = Connection::open(&db).expect("open");
    let labels: Vec<(i64, Option<String>)> = conn
        .prepare("SELECT number, label FROM tables ORDER BY number")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(labels.len(), 12, "{labels:?}");
    assert_eq!(labels[0], (1, Some("公开01表".to_string())));
    assert_eq!(labels[11], (12, Some("公开12表".to_string())));
}

#[test]
fn csv_writes_each_relation_or_the_facts_alone() {
    let dir = scratch("warehouse-csv");
    let out = dir.join("csv");
    run(&["extract", "samples/lingbao-gxj-2025.txt", "--csv", s(&out)]);
    for r in relations::ALL {
        let text = std::fs::read_to_string(out.join(format!("{}.csv", r.name))).expect("csv");
        let names: Vec<&str> = r.columns.iter().map(|c| c.name).collect();
        assert_eq!(text.lines().next(), Some(names.join(",").as_str()), "{}", r.name);
    }
    let facts = dir.join("facts.csv");
    run(&["extract", "samples/lingbao-gxj-2025.txt", "--csv", s(&facts)]);
    let text = std::fs::read_to_string(&facts).expect("facts");
    assert_eq!(text, std::fs::read_to_string(out.join("facts.csv")).expect("facts"));
    // Table 3's 2080505 合计: 49.33 万元, 493300.00 元.
    let header: Vec<&str> = text.lines().next().unwrap_or("").split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let hits: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[at("table_number")] == "3" && f[at("code")] == "2080505")
        .filter(|f| f[at("measure")] == "total")
        .collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        [hits[0][at("amount")], hits[0][at("unit")], hits[0][at("amount_yuan")]],
        ["49.33", "万元", "493300.00"]
    );
    assert_eq!(hits[0][at("column")], "合计");
}

#[cfg(feature = "parquet")]
fn parquet_batches(dir: &Path, name: &str) -> Vec<arrow_array::RecordBatch> {
    let file = std::fs::File::open(dir.join(format!("{name}.parquet"))).expect("open");
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(file).expect("parquet").build().expect("reader");
    reader.map(|b| b.expect("batch")).collect()
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_has_the_sqlite_relations_with_an_exact_decimal() {
    use arrow_array::{Array, Decimal128Array, StringArray};

    let dir = scratch("warehouse-parquet");
    let (pq, db) = (dir.join("pq"), dir.join("b.db"));
    run(&["extract", "samples/lingbao-gxj-2025.txt", "--parquet", s(&pq), "--sqlite", s(&db)]);
    let conn = Connection::open(&db).expect("open");
    for r in relations::ALL {
        let file = std::fs::File::open(pq.join(format!("{}.parquet", r.name))).expect("open");
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("parquet");
        let names: Vec<String> =
            builder.schema().fields().iter().map(|f| f.name().clone()).collect();
        assert_eq!(names, columns_of(&conn, r.name), "{}", r.name);
        let rows: usize = parquet_batches(&pq, r.name).iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, count(&conn, r.name), "{}", r.name);
    }
    let mut totals = Vec::new();
    for batch in parquet_batches(&pq, "facts") {
        let yuan = batch
            .column_by_name("amount_yuan")
            .and_then(|c| c.as_any().downcast_ref::<Decimal128Array>())
            .cloned()
            .expect("amount_yuan is a decimal");
        let text = |n: &str| {
            batch
                .column_by_name(n)
                .and_then(|c| c.as_any().downcast_ref::<StringArray>())
                .cloned()
                .expect(n)
        };
        let (kind, row_type, measure) = (text("table_kind"), text("row_type"), text("measure"));
        for i in 0..batch.num_rows() {
            if kind.value(i) == "general_budget_expenditure"
                && row_type.value(i) == "total"
                && measure.value(i) == "total"
                && !yuan.is_null(i)
            {
                totals.push(yuan.value_as_string(i));
            }
        }
    }
    assert_eq!(totals, ["8760000.000000"]);
}

/// A 决算 表6 printing 301/303 (block 0) beside 302/310 (block 1): row 0 holds 301
/// 工资福利支出 95.36 on the left and 302 商品和服务支出 10.23 on the right.
fn blocks_fixture() -> std::path::PathBuf {
    root().join("tests/fixtures/blocks/final-accounts-blocks.txt")
}

#[test]
fn facts_tell_side_by_side_blocks_apart() {
    let dir = scratch("warehouse-blocks");
    let db = dir.join("budget.db");
    run(&["extract", s(&blocks_fixture()), "--sqlite", s(&db)]);
    let conn = Connection::open(&db).expect("open");
    let row0: Vec<(i64, String, String)> = conn
        .prepare("SELECT block, code, amount FROM facts WHERE row = 0 ORDER BY block")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(row0, [(0, "301".into(), "95.36".into()), (1, "302".into(), "10.23".into())]);
    let cells: Vec<(i64, i64, String)> = conn
        .prepare("SELECT col, block, code FROM cells WHERE row = 0 ORDER BY col")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let blocks: Vec<(i64, String)> = cells.into_iter().map(|(_, b, c)| (b, c)).collect();
    let (l, r) = ("301".to_string(), "302".to_string());
    assert_eq!(
        blocks,
        [(0, l.clone()), (0, l.clone()), (0, l), (1, r.clone()), (1, r.clone()), (1, r)]
    );
}

/// A 收支总表 whose two sides indent their labels (levels come only from a PDF's layout, so
/// the table is assembled from its grid and the indents the layout would measure): body
/// row 2 holds 二、事业收入 2.00 (income level 1) beside 行政运行 7.00 (expenditure level 3).
fn levelled_document() -> yusuan::model::DocumentOutput {
    use yusuan::contract::Indent;
    use yusuan::tables::{RawTable, TableKind};

    let rows = [
        "收入\t\t支出\t",
        "项目\t金额\t项目\t金额",
        "一、一般公共预算\t10.00\t一般公共服务支出\t7.00",
        "财政拨款\t10.00\t人大事务\t7.00",
        "二、事业收入\t2.00\t行政运行\t7.00",
        "\t\t教育支出\t5.00",
        "本年收入合计\t12.00\t本年支出合计\t12.00",
    ];
    let indents = [(2, 0, 0.0), (3, 0, 1.0), (4, 0, 0.0)]
        .into_iter()
        .chain([(2, 2, 0.4), (3, 2, 1.4), (4, 2, 2.4), (5, 2, 0.4)])
        .map(|(row, col, left)| Indent { row, col, left, right: 20.0 - left })
        .collect();
    let raw = RawTable {
        title: "2025年部门收支总体情况表".into(),
        pages: vec![1],
        ..RawTable::from_rows(TableKind::IncomeExpenditureSummary, "万元", &rows, indents)
    };
    let mut doc = yusuan::failed(
        "levels.pdf",
        "ab".repeat(32),
        yusuan::model::SourceFormat::Pdf,
        Some(1),
        &yusuan::Error::Empty { path: "levels.pdf".into() },
    );
    doc.error = None;
    doc.tables = vec![yusuan::read_table(raw, &mut Vec::new())];
    doc
}

#[test]
fn facts_carry_each_sides_level() {
    use yusuan::write::{Sink, SqliteSink};

    let dir = scratch("warehouse-levels");
    let db = dir.join("budget.db");
    let mut sink = SqliteSink::open(&db).expect("open");
    sink.write(0, &levelled_document()).expect("write");
    sink.finish().expect("finish");
    drop(sink);
    let conn = Connection::open(&db).expect("open");
    let facts: Vec<(String, String, Option<i64>, String)> = conn
        .prepare(
            "SELECT measure, amount, level, \"column\" FROM facts WHERE row = 2 ORDER BY rowid",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        facts,
        [
            ("income_total".into(), "2.00".into(), Some(1), "收入/金额".into()),
            ("expenditure_total".into(), "7.00".into(), Some(3), "支出/金额".into())
        ]
    );
    let totals: Vec<Option<i64>> = conn
        .prepare("SELECT level FROM facts WHERE row_type = 'total'")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(totals, [None, None], "合计 lines have no level");
}

/// The spec decides which columns are amounts; every writer must agree: a cell has an
/// `amount` in the `cells` relation exactly when the spec calls its column an amount column,
/// and every fact comes from a spec amount column (or a table 11 label row).
#[test]
fn the_writers_and_the_spec_agree_on_which_columns_are_amounts() {
    let dir = scratch("warehouse-spec");
    let db = dir.join("b.db");
    let inputs = [sample("lingbao-gxj-2025.txt"), blocks_fixture()];
    let mut args = vec!["extract"];
    args.extend(inputs.iter().map(|p| s(p)));
    args.extend(["--sqlite", s(&db)]);
    run(&args);
    let conn = Connection::open(&db).expect("open");
    for input in &inputs {
        let doc = yusuan::extract_path(input, s(input));
        let sha = &doc.source.sha256;
        let valued: BTreeSet<(String, i64)> = conn
            .prepare("SELECT table_id, col FROM cells WHERE doc_id = ?1 AND amount IS NOT NULL")
            .expect("prepare")
            .query_map([sha], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        let fact_columns: BTreeSet<(String, String)> = conn
            .prepare("SELECT table_id, \"column\" FROM facts WHERE doc_id = ?1 AND \"column\" IS NOT NULL")
            .expect("prepare")
            .query_map([sha], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        let mut spec_valued = BTreeSet::new();
        let mut spec_columns = BTreeSet::new();
        for (n, t) in doc.tables.iter().enumerate() {
            let id = format!("{sha}:{n}");
            for (c, spec) in t.spec.iter().enumerate() {
                if spec.role != ColumnRole::Amount {
                    continue;
                }
                spec_columns.insert((id.clone(), t.columns[c].join("/")));
                if t.rows.iter().any(|r| yusuan::contract::Amount::parse(&r[c]).is_some()) {
                    spec_valued.insert((id.clone(), i64::try_from(c).unwrap_or(-1)));
                }
            }
        }
        assert_eq!(valued, spec_valued, "{}: cells with an amount", input.display());
        let stray: Vec<_> = fact_columns.difference(&spec_columns).collect();
        assert!(stray.is_empty(), "{}: facts outside amount columns: {stray:?}", input.display());
    }
}

/// The same input gives the same ids and byte-identical relations whatever the thread
/// count.
#[test]
fn relations_are_identical_in_any_thread_count() {
    let dir = scratch("warehouse-threads");
    let inputs = ["samples/lingbao-gxj-2025.txt", "samples/pdf", "tests/fixtures/blocks"];
    let mut outputs = Vec::new();
    for jobs in ["1", "3"] {
        let out = dir.join(format!("jobs{jobs}"));
        let (db, csv) = (out.join("b.db"), out.join("csv"));
        std::fs::create_dir_all(&out).expect("dir");
        let mut args = vec!["extract"];
        args.extend(inputs);
        args.extend(["--jobs", jobs, "--sqlite", s(&db), "--csv", s(&csv), "--quiet"]);
        #[cfg(feature = "parquet")]
        let pq = out.join("pq");
        #[cfg(feature = "parquet")]
        args.extend(["--parquet", s(&pq)]);
        run(&args);
        let mut files = BTreeMap::new();
        for r in relations::ALL {
            let name = format!("{}.csv", r.name);
            files.insert(name.clone(), std::fs::read(csv.join(&name)).expect("csv"));
            #[cfg(feature = "parquet")]
            {
                let name = format!("{}.parquet", r.name);
                files.insert(name.clone(), std::fs::read(pq.join(&name)).expect("parquet"));
            }
        }
        outputs.push((dump(&db), files));
    }
    assert!(outputs[0].0.len() > 100);
    assert!(outputs[0] == outputs[1], "relations differ between --jobs 1 and --jobs 3");
}

/// The corpus, as the contract promises it: on every document with table 5 (then 3, then
/// 2), the contract's query returns the table's 合计 — from SQLite through Python's sqlite3
/// and from Parquet through DuckDB (`scripts/warehouse_query.py`), the same figures, equal
/// to what the library reads off the table's total row; and where table 4 prints its
/// 一般公共预算 expenditure, table 5's total equals it.
#[cfg(feature = "parquet")]
#[test]
fn the_contract_query_answers_every_corpus_document_from_sqlite_and_parquet() {
    use rust_decimal::Decimal;

    let corpus = root().join("../shared/corpus");
    if !corpus.exists() {
        assert!(std::env::var_os("CI").is_none(), "../shared/corpus is absent under CI");
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    }
    let ensure = std::process::Command::new("bash")
        .arg(root().join("scripts/ensure_duckdb.sh"))
        .status()
        .expect("run scripts/ensure_duckdb.sh");
    assert!(ensure.success(), "scripts/ensure_duckdb.sh failed: pip install duckdb");
    let dir = scratch("warehouse-corpus");
    let (db, pq) = (dir.join("corpus.db"), dir.join("pq"));
    let out = yusuan(&["extract", s(&corpus), "--sqlite", s(&db), "--parquet", s(&pq), "--quiet"]);
    assert!(db.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let query = std::process::Command::new("python3")
        .arg(root().join("scripts/warehouse_query.py"))
        .args([&db, &pq])
        .output()
        .expect("run python3");
    assert!(query.status.success(), "{}", String::from_utf8_lossy(&query.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&query.stdout).expect("json");
    // doc_id → figures, per table number and engine.
    let figures = |engine: &str, n: &str| -> BTreeMap<String, Vec<Decimal>> {
        let mut out: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
        for row in answer[engine][n].as_array().into_iter().flatten() {
            let id = row[0].as_str().unwrap_or_default().to_string();
            let d: Decimal = row[3].as_str().unwrap_or("x").parse().expect("a decimal");
            out.entry(id).or_default().push(d.normalize());
        }
        out
    };
    let mut problems = Vec::new();
    let mut answered = BTreeMap::new();
    for entry in std::fs::read_dir(&corpus).expect("corpus").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let doc = yusuan::extract_path(&path, s(&path));
        for n in [5u8, 3, 2] {
            let tables: Vec<&yusuan::model::Table> =
                doc.tables.iter().filter(|t| t.number == Some(n)).collect();
            if tables.is_empty() {
                continue;
            }
            let name = path.file_name().map(|f| f.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            let expected: Vec<Decimal> = tables
                .iter()
                .flat_map(|t| {
                    let factor =
                        relations::yuan_factor(t.unit.as_deref().or(doc.document.unit.as_deref()));
                    t.records
                        .iter()
                        .filter(|r| r.row_type == yusuan::model::RowType::Total)
                        .filter_map(move |r| Some((r.amount("total")?.value * factor).normalize()))
                })
                .collect();
            let key = n.to_string();
            let sqlite = figures("sqlite", &key).remove(&doc.source.sha256).unwrap_or_default();
            let duck = figures("duckdb", &key).remove(&doc.source.sha256).unwrap_or_default();
            if sqlite.is_empty() {
                problems.push(format!("{name}: table {n}: the query returns nothing"));
            }
            if sqlite != expected || duck != expected {
                problems.push(format!(
                    "{name}: table {n}: sqlite {sqlite:?}, duckdb {duck:?}, table {expected:?}"
                ));
            }
            *answered.entry(n).or_insert(0) += usize::from(!sqlite.is_empty());
            if n == 5 {
                if let Some(t4) = doc.tables.iter().find(|t| t.number == Some(4)) {
                    let f4 =
                        relations::yuan_factor(t4.unit.as_deref().or(doc.document.unit.as_deref()));
                    let gb = t4
                        .records
                        .iter()
                        .find(|r| r.row_type == yusuan::model::RowType::Total)
                        .and_then(|r| r.amount("expenditure.general_budget"))
                        .map(|a| (a.value * f4).normalize());
                    // Within one unit of the coarser print (tbx_001 prints 表5 in whole 元).
                    if let (Some(gb), Some(first)) = (gb, sqlite.first()) {
                        if (gb - *first).abs() >= f4.max(Decimal::ONE) {
                            problems.push(format!("{name}: table 5 total {first} ≠ table 4 {gb}"));
                        }
                    }
                }
            }
        }
    }
    // Every measure the corpus gives is in the dictionary, and `other` stays rare.
    let tsv = std::fs::read_to_string(root().join("schema/measures.tsv")).expect("measures.tsv");
    let dictionary: BTreeSet<(String, String)> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect();
    let conn = Connection::open(&db).expect("open");
    let seen: Vec<(String, String)> = conn
        .prepare("SELECT DISTINCT table_kind, measure FROM facts")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for m in &seen {
        if !dictionary.contains(m) {
            problems.push(format!("measure {m:?} is not in schema/measures.tsv"));
        }
    }
    let (other, all) = (
        conn.query_row("SELECT count(*) FROM facts WHERE measure = 'other'", [], |r| {
            r.get::<_, i64>(0)
        }),
        conn.query_row("SELECT count(*) FROM facts", [], |r| r.get::<_, i64>(0)),
    );
    let (other, all) = (other.expect("count"), all.expect("count"));
    eprintln!("measures: {} distinct (kind, measure); other: {other} of {all} figures", seen.len());
    assert!(other * 100 < all * 3, "other is {other} of {all} figures (README says 2.6 %)");
    eprintln!("documents answered by the contract query, by table: {answered:?}");
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

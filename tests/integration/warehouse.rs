//! The warehouse outputs read back: SQLite opened and queried, Parquet files read with
//! arrow-rs, CSV rows for a known cell.

use std::path::Path;

#[cfg(feature = "parquet")]
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use rusqlite::Connection;

use crate::support::{root, sample, scratch, yusuan};

fn run(args: &[&str]) {
    let out = yusuan(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or("")
}

/// The README's query: every 一般公共预算 支出 total by department and year.
pub const README_QUERY: &str = "
SELECT d.department, d.year, r.value, t.unit
FROM records r
JOIN documents d ON d.id = r.document_id
JOIN tables t ON t.document_id = r.document_id AND t.table_index = r.table_index
WHERE r.kind = 'general_budget_expenditure' AND r.row_type = 'total' AND r.key = 'total'
ORDER BY d.department, d.year";

/// Every row of every table, ids left out, in insertion order: equal dumps, equal content.
pub fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).expect("open");
    let mut rows = Vec::new();
    for (table, columns) in [
        ("documents", "file, sha256, title, department, year, error_code, warnings"),
        ("tables", "table_index, kind, number, title, unit, columns"),
        ("cells", "table_index, row, col, code, name, column_path, text, value"),
        ("records", "table_index, kind, row, row_type, code, name, key, value, value_real"),
        ("checks", "rule, ok, detail, table_number, row"),
    ] {
        let sql = format!("SELECT {columns} FROM {table} ORDER BY rowid");
        let mut stmt = conn.prepare(&sql).expect("prepare");
        let n = stmt.column_count();
        let mut q = stmt.query([]).expect("query");
        while let Some(r) = q.next().expect("row") {
            let cells: Vec<String> =
                (0..n).map(|i| format!("{:?}", r.get_ref(i).expect("cell"))).collect();
            rows.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    rows
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
}

#[test]
fn sqlite_holds_every_relation_and_answers_the_readme_query() {
    let dir = scratch("warehouse-sqlite");
    let db = dir.join("budget.db");
    let input = sample("lingbao-gxj-2025.txt");
    run(&["extract", s(&input), "--sqlite", s(&db)]);
    let doc = yusuan::extract_path(&input, s(&input));
    let cells: usize =
        doc.tables.iter().flat_map(|t| &t.rows).flatten().filter(|c| !c.is_empty()).count();
    let amounts: usize = doc
        .tables
        .iter()
        .flat_map(|t| &t.records)
        .flat_map(|r| &r.amounts)
        .filter(|(_, a)| a.is_some())
        .count();
    let expected = [
        ("documents", 1),
        ("tables", 12),
        ("cells", cells),
        ("records", amounts),
        ("checks", doc.checks.len()),
    ];
    let counts = |conn: &Connection| -> Vec<(&str, usize)> {
        expected.iter().map(|(t, _)| (*t, usize::try_from(count(conn, t)).unwrap_or(0))).collect()
    };
    let conn = Connection::open(&db).expect("open");
    assert_eq!(counts(&conn), expected);
    let answer: Vec<(String, i64, String, String)> = conn
        .prepare(README_QUERY)
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        answer,
        [("灵宝市工业和信息化局".to_string(), 2025, "876.00".to_string(), "万元".to_string())]
    );
    drop(conn);

    // Rerunning (kept), forcing (replaced) and the same bytes under another name (replaced
    // by sha256) never duplicate the document.
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

#[cfg(feature = "parquet")]
#[test]
fn parquet_files_read_back_with_arrow() {
    let dir = scratch("warehouse-parquet");
    let pq = dir.join("pq");
    let input = sample("lingbao-gxj-2025.txt");
    run(&["extract", s(&input), "--parquet", s(&pq)]);
    let read = |name: &str| {
        let file = std::fs::File::open(pq.join(name)).expect("open");
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("parquet")
            .build()
            .expect("reader");
        reader.map(|b| b.expect("batch")).collect::<Vec<_>>()
    };
    let rows = |name: &str| read(name).iter().map(|b| b.num_rows()).sum::<usize>();
    let doc = yusuan::extract_path(&input, "x");
    assert_eq!(rows("documents.parquet"), 1);
    assert_eq!(rows("checks.parquet"), doc.checks.len());
    let cells = doc.tables.iter().flat_map(|t| &t.rows).flatten().filter(|c| !c.is_empty()).count();
    assert_eq!(rows("cells.parquet"), cells);
    // Table 3's 机关事业单位基本养老保险缴费支出 total, exactly as printed.
    let mut found = Vec::new();
    for batch in read("records.parquet") {
        let col = |n: &str| {
            batch
                .column_by_name(n)
                .and_then(|c| c.as_any().downcast_ref::<arrow_array::StringArray>())
                .cloned()
                .expect("string column")
        };
        let (kind, code, key, value) = (col("table_kind"), col("code"), col("key"), col("value"));
        for i in 0..batch.num_rows() {
            if kind.value(i) == "expenditure_summary"
                && code.value(i) == "2080505"
                && key.value(i) == "total"
            {
                found.push(value.value(i).to_string());
            }
        }
    }
    assert_eq!(found, ["49.33"]);
    let leftovers: Vec<_> = std::fs::read_dir(&pq)
        .expect("pq")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn csv_has_one_row_per_cell_with_its_exact_value() {
    let dir = scratch("warehouse-csv");
    let csv = dir.join("cells.csv");
    run(&["extract", "samples/lingbao-gxj-2025.txt", "--csv", s(&csv)]);
    let text = std::fs::read_to_string(&csv).expect("csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file,sha256,table_index,table_kind,table_number,row,col,code,name,column,text,value,unit")
    );
    let hits: Vec<&str> = lines
        .filter(|l| l.contains(",expenditure_summary,3,") && l.contains(",2080505,"))
        .filter(|l| l.contains(",合计,"))
        .collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    let fields: Vec<&str> = hits[0].split(',').collect();
    assert_eq!(fields[0], "samples/lingbao-gxj-2025.txt");
    assert_eq!(fields[8], "机关事业单位基本养老保险缴费支出");
    assert_eq!(&fields[9..], ["合计", "49.33", "49.33", "万元"]);
    assert!(root().join("samples").exists());
}

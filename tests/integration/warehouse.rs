//! The warehouse outputs read back: SQLite opened and queried, Parquet files read with
//! arrow-rs, CSV rows for a known cell; the side-by-side blocks of a 决算 表6
//! (`tests/fixtures/blocks/final-accounts-blocks.txt`) told apart in each, and the levels of
//! a hierarchy printed by indentation alone carried by each.

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
        ("cells", "table_index, row, col, code, name, column_path, text, value, block, level"),
        (
            "records",
            "table_index, kind, row, row_type, code, name, key, value, value_real, block, level",
        ),
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
        Some(
            "file,sha256,table_index,table_kind,table_number,row,col,code,name,column,text,value,\
             unit,block,level"
        )
    );
    let hits: Vec<&str> = lines
        .filter(|l| l.contains(",expenditure_summary,3,") && l.contains(",2080505,"))
        .filter(|l| l.contains(",合计,"))
        .collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    let fields: Vec<&str> = hits[0].split(',').collect();
    assert_eq!(fields[0], "samples/lingbao-gxj-2025.txt");
    assert_eq!(fields[8], "机关事业单位基本养老保险缴费支出");
    assert_eq!(&fields[9..], ["合计", "49.33", "49.33", "万元", "", ""], "no block, no level");
    assert!(root().join("samples").exists());
}

/// A 决算 表6 printing 301/303 (block 0) beside 302/310 (block 1): row 0 holds 301
/// 工资福利支出 95.36 on the left and 302 商品和服务支出 10.23 on the right.
fn blocks_fixture() -> std::path::PathBuf {
    root().join("tests/fixtures/blocks/final-accounts-blocks.txt")
}

/// (block, code, value) of the records in row 0 of the fixture's table, as the JSON has them.
fn row0_in_json() -> Vec<(i64, String, String)> {
    let path = blocks_fixture();
    let doc = yusuan::extract_path(&path, "x");
    assert!(doc.error.is_none(), "{:?}", doc.error);
    let table = &doc.tables[0];
    assert_eq!(table.kind.as_str(), "general_budget_basic_expenditure");
    table
        .records
        .iter()
        .filter(|r| r.row == 0)
        .map(|r| {
            let value = r.amounts[0].1.as_ref().map(|a| a.as_str().to_string());
            let block = r.block.and_then(|b| i64::try_from(b).ok()).unwrap_or(-1);
            (block, r.code.clone().unwrap_or_default(), value.unwrap_or_default())
        })
        .collect()
}

#[test]
fn sqlite_tells_side_by_side_blocks_apart() {
    let dir = scratch("warehouse-sqlite-blocks");
    let db = dir.join("budget.db");
    let input = blocks_fixture();
    let reference = sample("lingbao-gxj-2025.txt");
    run(&["extract", s(&input), s(&reference), "-o", s(&dir.join("out")), "--sqlite", s(&db)]);
    let row0 = |conn: &Connection| -> Vec<(i64, String, String)> {
        conn.prepare(
            "SELECT r.block, r.code, r.value FROM records r JOIN documents d \
             ON d.id = r.document_id WHERE d.file LIKE '%final-accounts-blocks.txt' \
             AND r.row = 0 ORDER BY r.block",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    };
    let conn = Connection::open(&db).expect("open");
    let expected = [(0, "301".to_string(), "95.36".to_string()), (1, "302".into(), "10.23".into())];
    assert_eq!(row0(&conn), expected);
    assert_eq!(row0_in_json(), expected);
    // Each cell has its column's block and the code of that block's record.
    let cells: Vec<(i64, i64, String)> = conn
        .prepare(
            "SELECT c.col, c.block, c.code FROM cells c JOIN documents d \
             ON d.id = c.document_id WHERE d.file LIKE '%final-accounts-blocks.txt' \
             AND c.row = 0 ORDER BY c.col",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let (left, right) = ("301".to_string(), "302".to_string());
    assert_eq!(
        cells,
        [
            (0, 0, left.clone()),
            (1, 0, left.clone()),
            (2, 0, left),
            (3, 1, right.clone()),
            (4, 1, right.clone()),
            (5, 1, right)
        ]
    );
    // Ordinary tables have no block.
    let blocked: i64 = conn
        .query_row(
            "SELECT count(*) FROM records r JOIN documents d ON d.id = r.document_id \
             WHERE d.file LIKE '%lingbao-gxj-2025.txt' AND r.block IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(blocked, 0);
    // A database written before the columns existed gets them when yusuan opens it again.
    for table in ["cells", "records"] {
        for column in ["level", "block"] {
            conn.execute_batch(&format!("ALTER TABLE {table} DROP COLUMN {column}")).expect("drop");
        }
    }
    drop(conn);
    run(&["extract", s(&input), "--sqlite", s(&db), "--force"]);
    let conn = Connection::open(&db).expect("open");
    assert_eq!(row0(&conn), expected);
    assert_eq!(count(&conn, "documents"), 2);
}

#[test]
fn csv_tells_side_by_side_blocks_apart() {
    let dir = scratch("warehouse-csv-blocks");
    let csv = dir.join("cells.csv");
    run(&["extract", s(&blocks_fixture()), "--csv", s(&csv)]);
    let text = std::fs::read_to_string(&csv).expect("csv");
    let row0: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[5] == "0")
        .collect();
    // col, code, name, text, block
    let got: Vec<[&str; 5]> = row0.iter().map(|f| [f[6], f[7], f[8], f[10], f[13]]).collect();
    assert_eq!(
        got,
        [
            ["0", "301", "工资福利支出", "301", "0"],
            ["1", "301", "工资福利支出", "工资福利支出", "0"],
            ["2", "301", "工资福利支出", "95.36", "0"],
            ["3", "302", "商品和服务支出", "302", "1"],
            ["4", "302", "商品和服务支出", "商品和服务支出", "1"],
            ["5", "302", "商品和服务支出", "10.23", "1"],
        ]
    );
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_tells_side_by_side_blocks_apart() {
    use arrow_array::{Array, Int64Array, StringArray};

    let dir = scratch("warehouse-parquet-blocks");
    let pq = dir.join("pq");
    run(&["extract", s(&blocks_fixture()), "--parquet", s(&pq)]);
    let read = |name: &str| {
        let file = std::fs::File::open(pq.join(name)).expect("open");
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("parquet")
            .build()
            .expect("reader");
        reader.map(|b| b.expect("batch")).collect::<Vec<_>>()
    };
    // (block, code, value) of row 0's records; (col, block) of row 0's cells.
    let mut records = Vec::new();
    for batch in read("records.parquet") {
        let int = |n: &str| {
            batch.column_by_name(n).and_then(|c| c.as_any().downcast_ref::<Int64Array>()).cloned()
        };
        let text = |n: &str| {
            batch.column_by_name(n).and_then(|c| c.as_any().downcast_ref::<StringArray>()).cloned()
        };
        let (row, block) = (int("row").expect("row"), int("block").expect("block"));
        let (code, value) = (text("code").expect("code"), text("value").expect("value"));
        for i in (0..batch.num_rows()).filter(|&i| row.value(i) == 0) {
            assert!(!block.is_null(i));
            records.push((block.value(i), code.value(i).to_string(), value.value(i).to_string()));
        }
    }
    assert_eq!(records, row0_in_json());
    let mut cells = Vec::new();
    for batch in read("cells.parquet") {
        let int = |n: &str| {
            batch
                .column_by_name(n)
                .and_then(|c| c.as_any().downcast_ref::<Int64Array>())
                .cloned()
                .expect("int column")
        };
        let (row, col, block) = (int("row"), int("col"), int("block"));
        for i in (0..batch.num_rows()).filter(|&i| row.value(i) == 0) {
            cells.push((col.value(i), block.value(i)));
        }
    }
    assert_eq!(cells, [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1), (5, 1)]);
}

/// A 收支总表 whose two sides indent their labels (levels come only from a PDF's layout, so
/// the table is assembled from its grid and the indents the layout would measure, in font
/// sizes): 收入 一、一般公共预算 (1) › 财政拨款 (2), 二、事业收入 (1); 支出 一般公共服务支出 (1) ›
/// 人大事务 (2) › 行政运行 (3), 教育支出 (1). Body row 2 holds 二、事业收入 2.00 (income level
/// 1) beside 行政运行 7.00 (expenditure level 3).
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
    let t = &doc.tables[0];
    let row2 = |key: &str| t.records.iter().find(|r| r.row == 2).and_then(|r| r.level(key));
    assert_eq!((row2("income_level"), row2("expenditure_level")), (Some(1), Some(3)));
    doc
}

/// (key, value, level) of body row 2's amounts, and (col, text, level) of its cells.
type Row2 = (Vec<(String, String, Option<i64>)>, Vec<(i64, String, Option<i64>)>);

fn row2_expected() -> Row2 {
    let amount = |key: &str, value: &str, level| (key.to_string(), value.to_string(), Some(level));
    let cell = |col, text: &str, level| (col, text.to_string(), Some(level));
    (
        vec![amount("income.amount", "2.00", 1), amount("expenditure.amount", "7.00", 3)],
        vec![
            cell(0, "二、事业收入", 1),
            cell(1, "2.00", 1),
            cell(2, "行政运行", 3),
            cell(3, "7.00", 3),
        ],
    )
}

#[test]
fn sqlite_carries_each_sides_level() {
    use yusuan::write::{Sink, SqliteSink};

    let dir = scratch("warehouse-sqlite-levels");
    let db = dir.join("budget.db");
    let mut sink = SqliteSink::open(&db).expect("open");
    sink.write(0, &levelled_document()).expect("write");
    sink.finish().expect("finish");
    drop(sink);
    let conn = Connection::open(&db).expect("open");
    let amounts: Vec<(String, String, Option<i64>)> = conn
        .prepare("SELECT key, value, level FROM records WHERE row = 2 ORDER BY rowid")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let cells: Vec<(i64, String, Option<i64>)> = conn
        .prepare("SELECT col, text, level FROM cells WHERE row = 2 ORDER BY col")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!((amounts, cells), row2_expected());
    let totals: Vec<Option<i64>> = conn
        .prepare("SELECT level FROM records WHERE row_type = 'total'")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(totals, [None, None], "合计 lines have no level");
}

#[test]
fn csv_carries_each_sides_level() {
    use yusuan::write::{CsvSink, Sink};

    let dir = scratch("warehouse-csv-levels");
    let csv = dir.join("cells.csv");
    let mut sink = CsvSink::create(&csv).expect("create");
    sink.write(0, &levelled_document()).expect("write");
    sink.finish().expect("finish");
    let text = std::fs::read_to_string(&csv).expect("csv");
    let cells: Vec<(i64, String, Option<i64>)> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[5] == "2")
        .map(|f| (f[6].parse().unwrap_or(-1), f[10].to_string(), f[14].parse().ok()))
        .collect();
    assert_eq!(cells, row2_expected().1);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_carries_each_sides_level() {
    use arrow_array::{Array, Int64Array, StringArray};
    use yusuan::write::{ParquetSink, Sink};

    let dir = scratch("warehouse-parquet-levels");
    let pq = dir.join("pq");
    let mut sink = ParquetSink::create(&pq).expect("create");
    sink.write(0, &levelled_document()).expect("write");
    sink.finish().expect("finish");
    let read = |name: &str| {
        let file = std::fs::File::open(pq.join(name)).expect("open");
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("parquet")
            .build()
            .expect("reader");
        reader.map(|b| b.expect("batch")).collect::<Vec<_>>()
    };
    let mut rows: Vec<Row2> = Vec::new();
    for (file, label) in [("records.parquet", "key"), ("cells.parquet", "text")] {
        let mut amounts = Vec::new();
        let mut cells = Vec::new();
        for batch in read(file) {
            let int = |n: &str| {
                batch
                    .column_by_name(n)
                    .and_then(|c| c.as_any().downcast_ref::<Int64Array>())
                    .cloned()
                    .expect("int column")
            };
            let text = |n: &str| {
                batch
                    .column_by_name(n)
                    .and_then(|c| c.as_any().downcast_ref::<StringArray>())
                    .cloned()
                    .expect("string column")
            };
            let (row, level, label, value) = (int("row"), int("level"), text(label), text("value"));
            for i in (0..batch.num_rows()).filter(|&i| row.value(i) == 2) {
                let level = (!level.is_null(i)).then(|| level.value(i));
                if file == "records.parquet" {
                    amounts.push((label.value(i).to_string(), value.value(i).to_string(), level));
                } else {
                    cells.push((int("col").value(i), label.value(i).to_string(), level));
                }
            }
        }
        rows.push((amounts, cells));
    }
    let (amounts, cells) = row2_expected();
    assert_eq!(rows, [(amounts, Vec::new()), (Vec::new(), cells)]);
}

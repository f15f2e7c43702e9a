//! `--sqlite FILE`: documents, tables, cells, records and checks in one SQLite database
//! (rusqlite's bundled SQLite, so no system library is needed).
//!
//! Each document is written in one transaction that first deletes any earlier copy of it
//! (same `file`, or same non-empty `sha256`): rerunning into the same database replaces
//! documents instead of duplicating them, and a killed run leaves every document either
//! whole or absent. Amounts are `TEXT` exact decimals (`876.00`) with a `REAL` copy for
//! quick sums. `cells.block` / `records.block` tell apart the side-by-side blocks of a 决算
//! 表6 (NULL for ordinary tables); `cells.level` / `records.level` the indentation level of
//! the row's label, on the value's side in tables 1 and 4 (NULL where the table prints no
//! such hierarchy). A database written before such a column existed gets it added when it
//! is opened. `records` repeats the table's `kind`, so "every 一般公共预算 支出
//! total by department and year" is one indexed join (see the README).

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use rusqlite::{params, Connection, Transaction};

use super::flat::{for_each_amount, for_each_cell, index};
use super::Sink;
use crate::batch::Done;
use crate::model::{DocumentKind, DocumentOutput, RowType, SourceFormat};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    pages INTEGER,
    title TEXT,
    department TEXT,
    year INTEGER,
    kind TEXT,
    date TEXT,
    unit TEXT,
    error_code TEXT,
    error_message TEXT,
    warnings TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_department_year ON documents(department, year);
CREATE TABLE IF NOT EXISTS tables (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    table_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    number INTEGER,
    title TEXT NOT NULL,
    org TEXT,
    unit TEXT,
    pages TEXT NOT NULL,
    columns TEXT NOT NULL,
    notes TEXT NOT NULL,
    PRIMARY KEY (document_id, table_index)
);
CREATE INDEX IF NOT EXISTS tables_kind ON tables(kind);
CREATE TABLE IF NOT EXISTS cells (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    table_index INTEGER NOT NULL,
    row INTEGER NOT NULL,
    col INTEGER NOT NULL,
    code TEXT,
    name TEXT,
    column_path TEXT NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    block INTEGER,
    level INTEGER
);
CREATE INDEX IF NOT EXISTS cells_document ON cells(document_id, table_index);
CREATE TABLE IF NOT EXISTS records (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    table_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    row INTEGER NOT NULL,
    row_type TEXT NOT NULL,
    code TEXT,
    name TEXT,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    value_real REAL,
    block INTEGER,
    level INTEGER
);
CREATE INDEX IF NOT EXISTS records_kind_key ON records(kind, key, row_type);
CREATE INDEX IF NOT EXISTS records_document ON records(document_id, table_index);
CREATE INDEX IF NOT EXISTS records_code ON records(code);
CREATE TABLE IF NOT EXISTS checks (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    rule TEXT NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT NOT NULL,
    table_number INTEGER,
    row INTEGER
);
CREATE INDEX IF NOT EXISTS checks_document ON checks(document_id);
CREATE INDEX IF NOT EXISTS checks_rule ON checks(rule, ok);
";

/// Writes documents into a SQLite database.
pub struct SqliteSink {
    conn: Connection,
}

fn sql_err(e: rusqlite::Error) -> io::Error {
    io::Error::other(format!("SQLite: {e}"))
}

impl SqliteSink {
    /// Opens (or creates) the database at `path` and its tables.
    pub fn open(path: &Path) -> io::Result<SqliteSink> {
        let named = |e: rusqlite::Error| io::Error::other(format!("{}: {e}", path.display()));
        let conn = Connection::open(path).map_err(named)?;
        // WAL: readers (a dashboard, DuckDB) are not blocked while a long run writes.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(named)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(named)?;
        conn.execute_batch(SCHEMA).map_err(named)?;
        add_missing_columns(&conn).map_err(named)?;
        Ok(SqliteSink { conn })
    }

    /// Every document already in the database by its input hash, for `Resume`.
    pub fn done(&self) -> io::Result<BTreeMap<String, Done>> {
        let mut stmt = self
            .conn
            .prepare("SELECT sha256, error_code FROM documents WHERE sha256 <> ''")
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([], |r| Ok(Done { sha256: r.get(0)?, error: r.get(1)? }))
            .map_err(sql_err)?;
        let mut done = BTreeMap::new();
        for row in rows {
            let row = row.map_err(sql_err)?;
            done.insert(row.sha256.clone(), row);
        }
        Ok(done)
    }

    fn insert(&mut self, doc: &DocumentOutput) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        delete_earlier(&tx, doc)?;
        let id = insert_document(&tx, doc)?;
        insert_tables(&tx, id, doc)?;
        insert_cells(&tx, id, doc)?;
        insert_records(&tx, id, doc)?;
        insert_checks(&tx, id, doc)?;
        tx.commit()
    }
}

impl Sink for SqliteSink {
    fn write(&mut self, _index: usize, doc: &DocumentOutput) -> io::Result<()> {
        self.insert(doc)
            .map_err(|e| io::Error::other(format!("SQLite, writing {}: {e}", doc.source.file)))
    }

    fn finish(&mut self) -> io::Result<()> {
        // Folds the WAL back into the database file, so it is one file to copy.
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").map_err(sql_err)
    }
}

/// Columns added to the schema after databases were first written with it, each at the end
/// of its table (where `ALTER TABLE … ADD COLUMN` puts it, so a new and an upgraded
/// database have the same column order). `CREATE TABLE IF NOT EXISTS` leaves an older
/// database's tables as they were; these are added to it, NULL in the rows already there.
const ADDED_COLUMNS: [(&str, &str, &str); 4] = [
    ("cells", "block", "INTEGER"),
    ("records", "block", "INTEGER"),
    ("cells", "level", "INTEGER"),
    ("records", "level", "INTEGER"),
];

fn add_missing_columns(conn: &Connection) -> rusqlite::Result<()> {
    for (table, column, ty) in ADDED_COLUMNS {
        let present: i64 = conn.query_row(
            "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
            params![table, column],
            |r| r.get(0),
        )?;
        if present == 0 {
            conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {ty};"))?;
        }
    }
    Ok(())
}

fn delete_earlier(tx: &Transaction, doc: &DocumentOutput) -> rusqlite::Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id FROM documents WHERE file = ?1 OR (sha256 = ?2 AND ?2 <> '')",
        )?;
        let rows = stmt.query_map(params![doc.source.file, doc.source.sha256], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        for table in ["cells", "records", "checks", "tables"] {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE document_id = ?1"))?
                .execute([id])?;
        }
        tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?.execute([id])?;
    }
    Ok(())
}

fn insert_document(tx: &Transaction, doc: &DocumentOutput) -> rusqlite::Result<i64> {
    let warnings = serde_json::to_string(&doc.warnings).unwrap_or_else(|_| "[]".into());
    let d = &doc.document;
    tx.prepare_cached(
        "INSERT INTO documents (file, sha256, format, pages, title, department, year, kind, \
         date, unit, error_code, error_message, warnings) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        doc.source.file,
        doc.source.sha256,
        match doc.source.format {
            SourceFormat::Pdf => "pdf",
            SourceFormat::Text => "text",
        },
        doc.source.pages,
        d.title,
        d.department,
        d.year,
        d.kind.map(|k| match k {
            DocumentKind::Budget => "budget",
            DocumentKind::FinalAccounts => "final_accounts",
        }),
        d.date,
        d.unit,
        doc.error.as_ref().map(|e| &e.code),
        doc.error.as_ref().map(|e| &e.message),
        warnings,
    ])?;
    Ok(tx.last_insert_rowid())
}

fn insert_tables(tx: &Transaction, id: i64, doc: &DocumentOutput) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO tables (document_id, table_index, kind, number, title, org, unit, pages, \
         columns, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, t) in doc.tables.iter().enumerate() {
        stmt.execute(params![
            id,
            index(i),
            t.kind.as_str(),
            t.number,
            t.title,
            t.org,
            t.unit,
            json(&t.pages),
            json(&t.columns),
            json(&t.notes),
        ])?;
    }
    Ok(())
}

fn insert_cells(tx: &Transaction, id: i64, doc: &DocumentOutput) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO cells (document_id, table_index, row, col, code, name, column_path, text, \
         value, block, level) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut result = Ok(());
    for_each_cell(doc, |c| {
        if result.is_ok() {
            result = stmt
                .execute(params![
                    id,
                    index(c.table_index),
                    index(c.row),
                    index(c.col),
                    c.code,
                    c.name,
                    c.column,
                    c.text,
                    c.value,
                    c.block.map(index),
                    c.level,
                ])
                .map(drop);
        }
    });
    result
}

fn insert_records(tx: &Transaction, id: i64, doc: &DocumentOutput) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO records (document_id, table_index, kind, row, row_type, code, name, key, \
         value, value_real, block, level) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut result = Ok(());
    for_each_amount(doc, |a| {
        if result.is_ok() {
            result = stmt
                .execute(params![
                    id,
                    index(a.table_index),
                    a.table.kind.as_str(),
                    index(a.record.row),
                    row_type(a.record.row_type),
                    a.record.code,
                    a.record.name,
                    a.key,
                    a.value(),
                    a.value_f64(),
                    a.record.block.map(index),
                    a.level,
                ])
                .map(drop);
        }
    });
    result
}

fn insert_checks(tx: &Transaction, id: i64, doc: &DocumentOutput) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO checks (document_id, rule, ok, detail, table_number, row) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for c in &doc.checks {
        stmt.execute(params![id, c.rule, c.ok, c.detail, c.table, c.row.map(index)])?;
    }
    Ok(())
}

/// `total` / `org` / `item`, as in the JSON.
pub fn row_type(t: RowType) -> &'static str {
    match t {
        RowType::Total => "total",
        RowType::Org => "org",
        RowType::Item => "item",
    }
}

/// JSON text of a list-valued table field (`pages`, `columns`, `notes`).
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

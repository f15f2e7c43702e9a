//! `--sqlite FILE`: the contract's warehouse relations (`documents`, `tables`, `facts`,
//! `checks`, and the `cells` extension) in one SQLite database, with the columns
//! [`relations`] defines (rusqlite's bundled SQLite: no system library).
//!
//! Each document is written in one transaction that first deletes any earlier copy of it
//! (same `doc_id`, or same `file`): rerunning into the same database replaces documents
//! instead of duplicating them, and a killed run leaves every document either whole or
//! absent. `amount` and `amount_yuan` are `TEXT` exact decimals; the README says how to sum
//! them exactly. A database written by a yusuan older than these relations (tables
//! `cells`/`records` keyed by a numeric `document_id`) is refused with an error that says
//! to rebuild it.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use rusqlite::{params, params_from_iter, Connection, Transaction};

use super::relations::{self, Value};
use super::Sink;
use crate::batch::Done;
use crate::model::DocumentOutput;

/// Writes documents into a SQLite database.
pub struct SqliteSink {
    conn: Connection,
    path: PathBuf,
}

fn sql_err(e: rusqlite::Error) -> io::Error {
    io::Error::other(format!("SQLite: {e}"))
}

impl SqliteSink {
    /// Opens (or creates) the database at `path` and its relations; refuses a database an
    /// older yusuan wrote.
    pub fn open(path: &Path) -> io::Result<SqliteSink> {
        let named = |e: rusqlite::Error| io::Error::other(format!("{}: {e}", path.display()));
        let conn = Connection::open(path).map_err(named)?;
        if let Some(why) = older_schema(&conn).map_err(named)? {
            return Err(io::Error::other(format!(
                "{}: written by an older yusuan ({why}); its relations have other columns and \
                 ids. Rebuild it: delete the file (or give another --sqlite path) and run the \
                 extraction again",
                path.display()
            )));
        }
        // WAL: readers (a dashboard, DuckDB) are not blocked while a long run writes.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(named)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(named)?;
        conn.execute_batch(&relations::sqlite_ddl()).map_err(named)?;
        Ok(SqliteSink { conn, path: path.to_path_buf() })
    }

    /// Every document already in the database by its input hash, for `Resume`.
    pub fn done(&self) -> io::Result<BTreeMap<String, Done>> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc_id, error_code FROM documents WHERE doc_id NOT LIKE 'unread:%'")
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
        let mut result = Ok(());
        relations::for_each_row(doc, |relation, values| {
            if result.is_err() {
                return;
            }
            result = tx
                .prepare_cached(&relations::sqlite_insert(relation))
                .and_then(|mut stmt| stmt.execute(params_from_iter(values.iter().map(sql))))
                .map(drop);
        });
        result?;
        tx.commit()
    }

    /// Folds the WAL back into the database file and leaves WAL mode, so the database is
    /// one file (no `-wal`/`-shm` beside it) as soon as the run ends, interrupted or not.
    pub fn close(&mut self) -> io::Result<()> {
        let named = |e: rusqlite::Error| io::Error::other(format!("{}: {e}", self.path.display()));
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").map_err(named)?;
        self.conn.pragma_update(None, "journal_mode", "DELETE").map_err(named)
    }
}

/// A value as SQLite stores it: decimals as their exact text.
fn sql(v: &Value<'_>) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Int(Some(i)) => V::Integer(*i),
        Value::Bool(b) => V::Integer(i64::from(*b)),
        other => other.text().map_or(V::Null, V::Text),
    }
}

impl Sink for SqliteSink {
    fn write(&mut self, _index: usize, doc: &DocumentOutput) -> io::Result<()> {
        self.insert(doc)
            .map_err(|e| io::Error::other(format!("SQLite, writing {}: {e}", doc.source.file)))
    }

    fn finish(&mut self) -> io::Result<()> {
        self.close()
    }
}

/// Why the database is an older yusuan's, if it is one: it has the relations of before
/// (`records`, or `documents` without `doc_id`).
fn older_schema(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let has = |table: &str, column: &str| -> rusqlite::Result<bool> {
        conn.query_row(
            "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
            params![table, column],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
    };
    if has("records", "key")? {
        return Ok(Some("it has a `records` table".into()));
    }
    if has("documents", "id")? && !has("documents", "doc_id")? {
        return Ok(Some("its `documents` have numeric ids".into()));
    }
    if has("cells", "document_id")? {
        return Ok(Some("its `cells` have numeric document ids".into()));
    }
    Ok(None)
}

fn delete_earlier(tx: &Transaction, doc: &DocumentOutput) -> rusqlite::Result<()> {
    let id = relations::doc_id(doc);
    let ids: Vec<String> = {
        let mut stmt =
            tx.prepare_cached("SELECT doc_id FROM documents WHERE doc_id = ?1 OR file = ?2")?;
        let rows = stmt.query_map(params![id, doc.source.file], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        for r in relations::ALL.iter().rev() {
            tx.prepare_cached(&format!("DELETE FROM {} WHERE doc_id = ?1", r.name))?
                .execute([&id])?;
        }
    }
    Ok(())
}

#!/usr/bin/env python3
"""The contract's warehouse query, run on a SQLite database (Python's sqlite3) and on a
Parquet directory (DuckDB), as a user would: prints one JSON object

    {"sqlite": {"5": [[doc_id, department, year, amount_yuan], ...], "3": ..., "2": ...},
     "duckdb": {...}}

Usage: warehouse_query.py DB PARQUET_DIR. Needs the `duckdb` Python package
(scripts/ensure_duckdb.sh installs it). tests/integration/warehouse.rs runs it.
"""
import json
import sqlite3
import sys

QUERY = """
SELECT f.doc_id, d.department, d.year, f.amount_yuan
FROM facts f JOIN documents d USING (doc_id)
WHERE f.table_number = {n} AND f.row_type = 'total' AND f.measure = 'total'
ORDER BY f.doc_id, f.table_id, f.row
"""


def run(execute):
    return {str(n): [[r[0], r[1], r[2], str(r[3])] for r in execute(QUERY.format(n=n))]
            for n in (5, 3, 2)}


def main():
    db, pq = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(db)
    lite = run(lambda q: conn.execute(q).fetchall())
    import duckdb  # noqa: E402 (only needed here)

    duck = duckdb.connect()
    for rel in ("documents", "facts"):
        duck.execute(f"CREATE VIEW {rel} AS SELECT * FROM read_parquet('{pq}/{rel}.parquet')")
    # DECIMAL(38, 6) prints its six places; the exact value is what is compared.
    dk = run(lambda q: [(a, b, c, format(d.normalize(), "f") if d is not None else None)
                        for a, b, c, d in duck.execute(q).fetchall()])
    json.dump({"sqlite": lite, "duckdb": dk}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

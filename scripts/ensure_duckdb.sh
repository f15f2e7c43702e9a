#!/usr/bin/env bash
# Installs the duckdb Python package when missing: tests/integration/warehouse.rs reads the
# Parquet output through it, as the README tells users to.
set -euo pipefail
if ! python3 -c "import duckdb" >/dev/null 2>&1; then
  python3 -m pip install --quiet duckdb
fi

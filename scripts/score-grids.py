#!/usr/bin/env python3
"""How close yusuan's grids are to the generated samples' expected JSON, per style.

  scripts/score-grids.py [--bin target/release/yusuan] [samples/pdf/NAME.pdf ...]

For every `<name>.pdf` with a `<name>.expected.json` beside it (default: all of
samples/pdf/), runs `yusuan extract` and prints per document: tables found (an expected
table counts when one with its number and kind comes out; tables sharing both pair up in
order), header paths equal / total
(expected leaf columns whose path is equal at the same position), cells equal / total
(expected cells equal at the same row and column; a missing table's count as wrong), and
the number of warnings. Exit status 0; this measures, the golden test asserts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def score(expected: dict, actual: dict) -> dict:
    # Tables sharing a number and kind (one 自评表 form per project) pair up in order.
    got: dict = {}
    for t in actual.get("tables", []):
        got.setdefault((t.get("number"), t.get("kind")), []).append(t)
    found = paths = paths_ok = cells = cells_ok = 0
    missed = []
    for t in expected["tables"]:
        same = got.get((t["number"], t["kind"]))
        a = same.pop(0) if same else None
        paths += len(t["columns"])
        cells += sum(len(r) for r in t["rows"])
        if a is None:
            missed.append(t["number"])
            continue
        found += 1
        ac = a.get("columns", [])
        paths_ok += sum(1 for j, p in enumerate(t["columns"]) if j < len(ac) and ac[j] == p)
        ar = a.get("rows", [])
        for i, r in enumerate(t["rows"]):
            for j, v in enumerate(r):
                if i < len(ar) and j < len(ar[i]) and ar[i][j] == v:
                    cells_ok += 1
    return {
        "tables": f"{found}/{len(expected['tables'])}",
        "paths": (paths_ok, paths),
        "cells": (cells_ok, cells),
        "missed": missed,
        "warnings": len(actual.get("warnings", [])),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "yusuan"))
    ap.add_argument("pdfs", nargs="*", type=Path)
    args = ap.parse_args()
    pdfs = args.pdfs or sorted((ROOT / "samples" / "pdf").glob("**/*.pdf"))
    for pdf in pdfs:
        exp_path = pdf.with_name(pdf.stem + ".expected.json")
        if not exp_path.exists():
            continue
        out = subprocess.run([args.bin, "extract", str(pdf), "--quiet"], capture_output=True, text=True)
        if out.returncode != 0 or not out.stdout.strip():
            print(f"{pdf.stem:24} extract failed: {out.stderr.strip()[:200]}")
            continue
        s = score(json.loads(exp_path.read_text(encoding="utf-8")), json.loads(out.stdout))
        (po, pt), (co, ct) = s["paths"], s["cells"]
        missed = f"  missed {s['missed']}" if s["missed"] else ""
        print(
            f"{pdf.stem:24} tables {s['tables']:>6}  header paths {po:4}/{pt:<4} {po / max(pt, 1):.3f}"
            f"  cells {co:5}/{ct:<5} {co / max(ct, 1):.3f}  warnings {s['warnings']}{missed}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

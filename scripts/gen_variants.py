#!/usr/bin/env python3
"""Layout variants of the fpdf2 styles, to see how the unruled reader holds up beyond the
committed samples: each variant is one of the styles in scripts/gen_samples_fpdf.py with
another font size and another gutter (the room between neighbouring columns' text), with
its expected JSON, written outside the repository.

  target/genvenv/bin/python scripts/gen_variants.py [--seed N] [--count K] [--out DIR]
  python3 scripts/score-grids.py DIR/*.pdf

The venv is the one scripts/gen_samples_fpdf.sh installs. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_samples_fpdf as fpdf_styles  # noqa: E402

SIZES = [7.5, 8.0, 8.5, 9.0, 10.0, 10.5]
GUTTERS = [6.0, 8.0, 10.0, 12.0, 16.0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--out", type=Path, default=Path("target/variants"))
    args = ap.parse_args()
    ref = json.loads(Path(fpdf_styles.DEFAULT_REFERENCE).read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    names = list(fpdf_styles.STYLES)
    for k in range(args.count):
        base = fpdf_styles.STYLES[rng.choice(names)]
        size, gutter = rng.choice(SIZES), rng.choice(GUTTERS)
        style = dataclasses.replace(base, name=f"v{k}-{base.name}-s{size:g}-g{gutter:g}", size=size)
        fpdf_styles.GUTTER = gutter  # read by the layout at run time
        res = fpdf_styles.build(style, ref, args.out)
        print(f"{res['pdf'].name}: {res['pages']} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())

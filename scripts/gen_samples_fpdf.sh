#!/usr/bin/env bash
# Regenerate the fpdf2 styles (samples/pdf/fpdf-*.pdf and their *.expected.json), the
# second, independent producer beside scripts/gen_samples.sh:
#   scripts/gen_samples_fpdf.sh [--reference PATH] [--style NAME ...]
# Installs what it needs: Debian AR PL fonts, poppler-data (UniGB-UCS2-H, for the
# fpdf-stsong style's font rewrite, scripts/pdf_stsong.py), a venv under target/genvenv
# with scripts/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/gen_env.sh
gen_env fonts-arphic-ukai fonts-arphic-uming poppler-data
exec "$venv/bin/python" scripts/gen_samples_fpdf.py "$@"

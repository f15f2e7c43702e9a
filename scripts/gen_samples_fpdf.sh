#!/usr/bin/env bash
# Regenerate the fpdf2 styles (samples/pdf/fpdf-*.pdf and their *.expected.json), the
# second, independent producer beside scripts/gen_samples.sh:
#   scripts/gen_samples_fpdf.sh [--reference PATH] [--style NAME ...]
# Installs what it needs: Debian AR PL fonts, a venv under target/genvenv with
# scripts/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/gen_env.sh
gen_env fonts-arphic-ukai fonts-arphic-uming
exec "$venv/bin/python" scripts/gen_samples_fpdf.py "$@"

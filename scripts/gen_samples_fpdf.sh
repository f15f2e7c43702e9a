#!/usr/bin/env bash
# Regenerate the fpdf2 styles (samples/pdf/fpdf-*.pdf and their *.expected.json), the
# second, independent producer beside scripts/gen_samples.sh:
#   scripts/gen_samples_fpdf.sh [--reference PATH] [--style NAME ...]
# Installs what it needs: Debian AR PL fonts, a venv under target/genvenv with
# scripts/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
for p in fonts-arphic-ukai fonts-arphic-uming; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

venv=target/genvenv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q -r scripts/requirements.txt
exec "$venv/bin/python" scripts/gen_samples_fpdf.py "$@"

#!/usr/bin/env bash
# Regenerate samples/pdf/*.pdf and their *.expected.json from the reference expected JSON.
#   scripts/gen_samples.sh [--reference PATH] [--style NAME ...]
# Installs what it needs: Debian fonts + poppler (+ LibreOffice Calc for the xlsx style,
# skip with WITH_XLSX=0), a venv under target/genvenv with scripts/requirements.txt.
# Every PDF is read back and checked against its expected JSON (--verify).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
debs=(fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming poppler-utils poppler-data)
missing=()
for p in "${debs[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "${WITH_XLSX:-1}" = 1 ] && ! command -v soffice >/dev/null 2>&1; then
    missing+=(libreoffice-calc)
fi
if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

venv=target/genvenv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q -r scripts/requirements.txt
extra=()
if [ "${WITH_XLSX:-1}" != 1 ]; then extra+=(--no-xlsx); fi
exec "$venv/bin/python" scripts/gen_samples.py --verify ${extra[@]+"${extra[@]}"} "$@"

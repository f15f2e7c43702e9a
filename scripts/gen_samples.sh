#!/usr/bin/env bash
# Regenerate samples/pdf/*.pdf and their *.expected.json from the reference expected JSON.
#   scripts/gen_samples.sh [--reference PATH] [--style NAME ...]
# Installs what it needs: Debian fonts + poppler (+ LibreOffice Calc for the xlsx style,
# skip with WITH_XLSX=0), a venv under target/genvenv with scripts/requirements.txt.
# Every PDF is read back and checked against its expected JSON (--verify).
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming poppler-utils poppler-data)
if [ "${WITH_XLSX:-1}" = 1 ] && ! command -v soffice >/dev/null 2>&1; then
    debs+=(libreoffice-calc)
fi
. scripts/gen_env.sh
gen_env "${debs[@]}"
extra=()
if [ "${WITH_XLSX:-1}" != 1 ]; then extra+=(--no-xlsx); fi
exec "$venv/bin/python" scripts/gen_samples.py --verify ${extra[@]+"${extra[@]}"} "$@"

# Sourced by the sample generators (scripts/gen_samples.sh, scripts/gen_samples_fpdf.sh):
# installs the Debian packages given (and python3-venv when missing), then makes the venv
# target/genvenv with scripts/requirements.txt. Sets $venv.
#   gen_env fonts-arphic-ukai fonts-arphic-uming ...
gen_env() {
    local sudo="" missing=() p
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
    if [ ${#missing[@]} -gt 0 ]; then
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
    venv=target/genvenv
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
    fi
    # Through the venv's python: a venv copied from another checkout keeps that checkout's
    # path in bin/pip's first line and would install there.
    "$venv/bin/python" -m pip install -q -r scripts/requirements.txt
}

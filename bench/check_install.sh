#!/usr/bin/env bash
# Install coach from this checkout with pipx and with uv, each into its own throw-away place,
# and run the installed command outside the checkout, as a person would on a new machine.
#
#     bash bench/check_install.sh          # about a minute; needs the package index
#
# pipx and uv themselves come from the package index into a temporary venv; nothing is left
# behind. Not run in CI (it downloads every dependency twice).
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install -q pipx uv

try_coach() {  # $1: the installed coach; runs from / with an empty home
    local coach="$1" home="$work/home-$2"
    mkdir -p "$home"
    (
        cd /
        export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
            XDG_CACHE_HOME="$home/cache"
        unset PYTHONPATH
        "$coach" --version
        "$coach" check >/dev/null
        "$coach" --content pelvic-floor check >/dev/null
        "$coach" init --example pelvic-floor "$home/pf" >/dev/null
        "$coach" --content "$home/pf" check >/dev/null
        "$coach" status --format json >/dev/null
        "$coach" completion bash | grep -q _shtab_coach
        "$coach" plan --ics "$home/plan.ics" --days mon,thu --time 19:30 >/dev/null
        "$coach" pack export "$home/pack.zip" >/dev/null
        "$coach" pack install --dir "$home/installed" "$home/pack.zip" >/dev/null
        "$coach" settings | python3 -c "import sys, tomllib; tomllib.loads(sys.stdin.read())"
    )
    echo "$2: ok ($coach)"
}

echo "== pipx install $checkout"
PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx-bin" \
    "$work/tools/bin/pipx" install --quiet "$checkout"
try_coach "$work/pipx-bin/coach" pipx

echo "== uv tool install $checkout"
UV_TOOL_DIR="$work/uv" UV_TOOL_BIN_DIR="$work/uv-bin" UV_CACHE_DIR="$work/uv-cache" \
    "$work/tools/bin/uv" tool install --quiet "$checkout"
try_coach "$work/uv-bin/coach" uv
echo "both installs work"

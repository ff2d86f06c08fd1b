#!/usr/bin/env bash
# `make lint`: ruff and OCA's pylint-odoo over the module, in a venv of their own.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${QC_CACHE:-$HOME/.cache/quality_complaint}
req_hash=$(sha256sum "$here/requirements-lint.txt" | cut -c1-12)
venv=$cache/lint-venv-$req_hash
python=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -f "$venv/.complete" ]; then
    echo "[lint] creating $venv" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q -r "$here/requirements-lint.txt" >&2
    touch "$venv/.complete"
fi
cd "$here"
"$venv/bin/ruff" check quality_complaint scripts bench
"$venv/bin/ruff" format --check quality_complaint bench
"$venv/bin/pylint" --rcfile=.pylintrc quality_complaint
# README.rst is generated from readme/*.md: refuse a stale one.
"$python" scripts/gen_readme.py --check
echo "[lint] ruff and pylint-odoo: clean" >&2

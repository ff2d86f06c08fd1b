#!/usr/bin/env bash
# `make bench-duplicates`: precision and recall of the duplicate warning on a
# generated labelled set, in a throwaway database (bench/duplicates.py).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$(bash "$here/scripts/bootstrap.sh")"
db=qc_bench_duplicates_$$
data_dir=$(mktemp -d -t qc_bench_dup_XXXX)
cleanup() { dropdb --if-exists "$db" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT
echo "[bench] installing quality_complaint into $db" >&2
"$ODOO_BIN" --addons-path="$ODOO_ADDONS" --db_host= -d "$db" --data-dir="$data_dir" \
    -i quality_complaint --stop-after-init --max-cron-threads=0 --http-interface=127.0.0.1 --log-level=warn
ODOO_ROOT=$ODOO_ROOT "$VENV/bin/python" "$here/bench/duplicates.py" --db "$db" --addons-path "$ODOO_ADDONS" \
    2> >(grep -v -e DeprecationWarning -e '^ ' -e Traceback >&2)

#!/usr/bin/env bash
# `make bench`: seeds throwaway databases with quality_complaint and its peer,
# OCA helpdesk_mgmt (+ helpdesk_mgmt_sla), side by side, measures both server
# side and writes bench/results/latest.{md,json}.
#
#   BENCH_SIZES=10000,100000   cases (and as many tickets) per database
#   BENCH_REPEATS=5            timed runs per measure, after one warm-up
#   BENCH_KEEP=1               keep the seeded databases (and reuse them next run)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$(bash "$here/scripts/bootstrap.sh")"
cache=${QC_CACHE:-$HOME/.cache/quality_complaint}

# The peer goes into a folder of its own, never into the project's venv.
peer=$cache/bench-peer/site
peer_addons=$peer/odoo/addons
if [ ! -f "$peer_addons/helpdesk_mgmt_sla/__manifest__.py" ]; then
    echo "[bench] installing OCA helpdesk_mgmt and helpdesk_mgmt_sla into $peer" >&2
    "$VENV/bin/pip" install -q --no-deps --target "$peer" \
        odoo-addon-helpdesk_mgmt==19.0.1.3.2 odoo-addon-helpdesk_mgmt_sla==19.0.1.0.0.4 >&2
fi

sizes=${BENCH_SIZES:-10000,100000}
keep=${BENCH_KEEP:-0}
addons="$ODOO_ADDONS,$peer_addons"
data_dir=$(mktemp -d -t qc_bench_data_XXXX)
dbs=()
cleanup() {
    rm -rf "$data_dir"
    if [ "$keep" != 1 ]; then
        for db in "${dbs[@]}"; do dropdb --if-exists "$db" 2>/dev/null || true; done
    fi
}
trap cleanup EXIT

for size in ${sizes//,/ }; do
    db=qc_bench_$size
    dbs+=("$db")
    if [ "$keep" = 1 ] && psql -d "$db" -tAc "SELECT 1 FROM quality_complaint LIMIT 1" 2>/dev/null | grep -q 1; then
        # A kept database measures the code of this tree: its indexes and views.
        echo "[bench] reusing $db (BENCH_KEEP=1), updating quality_complaint" >&2
        "$ODOO_BIN" --addons-path="$addons" --db_host= -d "$db" --data-dir="$data_dir" \
            -u quality_complaint --stop-after-init --max-cron-threads=0 \
            --http-interface=127.0.0.1 --log-level=warn
        continue
    fi
    dropdb --if-exists "$db"
    echo "[bench] installing quality_complaint and helpdesk_mgmt_sla into $db" >&2
    "$ODOO_BIN" --addons-path="$addons" --db_host= -d "$db" --data-dir="$data_dir" \
        -i quality_complaint,helpdesk_mgmt_sla --stop-after-init --max-cron-threads=0 \
        --http-interface=127.0.0.1 --log-level=warn
done

ODOO_ROOT=$ODOO_ROOT exec "$VENV/bin/python" "$here/bench/run.py" \
    --addons-path "$addons" --data-dir "$data_dir" --sizes "$sizes" \
    --repeats "${BENCH_REPEATS:-5}" --out "$here/bench/results"

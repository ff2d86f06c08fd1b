#!/usr/bin/env bash
# `make bench-load`: Odoo in multi-worker mode on loopback, 8 concurrent
# clients submit 500 public complaint forms, then 500 helpdesk_mgmt portal
# tickets; writes bench/results/load.{json,md}.
#
#   BENCH_LOAD_TOTAL=500  BENCH_LOAD_CLIENTS=8  BENCH_LOAD_WORKERS=4  BENCH_LOAD_ROUNDS=5  BENCH_KEEP=1
#   BENCH_LOAD_LOG=<file> (keep the server's log)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$(bash "$here/scripts/bootstrap.sh")"
cache=${QC_CACHE:-$HOME/.cache/quality_complaint}
peer_addons=$cache/bench-peer/site/odoo/addons
[ -f "$peer_addons/helpdesk_mgmt/__manifest__.py" ] || { echo "[load] run make bench first (it installs the peer)" >&2; exit 1; }
db=qc_bench_load
total=${BENCH_LOAD_TOTAL:-500}
clients=${BENCH_LOAD_CLIENTS:-8}
port=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d -t qc_load_data_XXXX)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    # BENCH_LOAD_LOG=<file> keeps the server's log (retries, warnings).
    [ -n "${BENCH_LOAD_LOG:-}" ] && cp "$data_dir/server.log" "$BENCH_LOAD_LOG"
    rm -rf "$data_dir"
    [ "${BENCH_KEEP:-0}" = 1 ] || dropdb --if-exists "$db" 2>/dev/null || true
}
trap cleanup EXIT

common=(--addons-path="$ODOO_ADDONS,$peer_addons" --db_host= -d "$db" --db-filter="^$db\$" --data-dir="$data_dir"
        --http-interface=127.0.0.1 --http-port="$port" --log-level=warn)
if ! psql -d "$db" -tAc "SELECT 1" >/dev/null 2>&1; then
    echo "[load] installing quality_complaint and helpdesk_mgmt_sla into $db" >&2
    "$ODOO_BIN" "${common[@]}" --max-cron-threads=0 -i quality_complaint,helpdesk_mgmt_sla --stop-after-init
else
    # A kept database measures the tree: its schema and data files first.
    "$ODOO_BIN" "${common[@]}" --max-cron-threads=0 -u quality_complaint --stop-after-init
fi
# The scheduler runs, as on a lab's server: the intake job, due the minute
# after a registration, finishes the cases (duplicate check, notices,
# receipts), and each of our rounds waits for it; its work is counted in the
# server's CPU per submission. The other jobs are put off for the length of
# the test: their hourly and daily runs would fall on one round and not the
# other.
psql -d "$db" -qc "UPDATE ir_cron SET nextcall = now() + interval '1 day'
                    WHERE id NOT IN (SELECT res_id FROM ir_model_data
                                      WHERE module = 'quality_complaint' AND name = 'ir_cron_finish_intake')"
"$ODOO_BIN" "${common[@]}" --max-cron-threads=1 --workers="${BENCH_LOAD_WORKERS:-4}" --proxy-mode \
    >"$data_dir/server.log" 2>&1 &
server=$!
for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$port/web/health" >/dev/null 2>&1 && break
    sleep 1
done
# Rounds alternate the targets (ours, peer; then peer, ours; ...) so that
# the machine's noise and the databases' growth fall on both alike.
rounds=${BENCH_LOAD_ROUNDS:-5}
per_round=$(( (total + rounds - 1) / rounds ))
# A warm-up round of each, not measured: every worker compiles the
# templates and fills the caches of what it serves first, which would
# otherwise fall on whichever target runs first.
for target in ours peer; do
    echo "[load] warm-up: $((2 * clients)) submissions by $clients clients: $target" >&2
    "$VENV/bin/python" "$here/bench/load.py" --url "http://127.0.0.1:$port" --db "$db" --target "$target" \
        --total "$((2 * clients))" --clients "$clients" --first "$((rounds * per_round))" >/dev/null
done
results=()
for round in $(seq "$rounds"); do
    order="ours peer"
    [ $((round % 2)) = 0 ] && order="peer ours"
    for target in $order; do
        echo "[load] round $round of $rounds: $per_round submissions by $clients clients: $target" >&2
        results+=("$("$VENV/bin/python" "$here/bench/load.py" --url "http://127.0.0.1:$port" --db "$db" \
            --target "$target" --total "$per_round" --clients "$clients" --first "$(( (round - 1) * per_round ))" \
            --server-pid "$server")")
    done
done
out=$here/bench/results
mkdir -p "$out"
printf '%s\n' "${results[@]}" | "$VENV/bin/python" "$here/bench/load.py" --report "$out"

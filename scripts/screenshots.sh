#!/usr/bin/env bash
# `make screenshots`: the README's pictures, taken from a new demo database.
# Creates the database qc_screenshots_<pid> with the demo data, serves it on a
# free port, takes the pictures into quality_complaint/static/description/screenshots/<lang>/
# (scripts/screenshots.py), then stops the server and drops the database.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$(bash "$here/scripts/bootstrap.sh")"
db=qc_screenshots_$$
port=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
out=$here/quality_complaint/static/description/screenshots
log=$(mktemp -t qc_screenshots_XXXX.log)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "${QC_CACHE:-$HOME/.cache/quality_complaint}/filestore/filestore/$db"
}
trap cleanup EXIT

echo "[screenshots] serving a new demo database $db on port $port (log: $log)" >&2
ODOO_DB=$db ODOO_PORT=$port ODOO_ARGS="--max-cron-threads=0" bash "$here/scripts/run.sh" >"$log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/web/login" && break
    kill -0 "$server" 2>/dev/null || { echo "[screenshots] the server stopped: see $log" >&2; exit 1; }
    sleep 1
done
"$VENV/bin/python" "$here/scripts/screenshots.py" "http://127.0.0.1:$port" "$db" "$out"

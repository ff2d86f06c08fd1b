#!/usr/bin/env bash
# `make test`: installs quality_complaint with its tests into a throwaway
# database, prints "N passed, N failed" and exits non-zero when a test failed,
# errored or was skipped, when no test ran, or when the install failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$(bash "$here/scripts/bootstrap.sh")" || exit 1

# Browser tours are skipped, not failed, without these: refuse to run blind.
command -v chromium >/dev/null || { echo "[test] ERROR: chromium is missing (apt-get install chromium)" >&2; exit 1; }
"$VENV/bin/python" -c 'import websocket' 2>/dev/null \
    || { echo "[test] ERROR: websocket-client is missing from $VENV" >&2; exit 1; }

db=qc_test_$$_$(date +%s)
log=${QC_TEST_LOG:-$(mktemp -t qc_test_XXXX.log)}
tags=${TEST_TAGS:-/quality_complaint}
cleanup() { dropdb --if-exists "$db" 2>/dev/null; rm -rf "${data_dir:-}"; }
trap cleanup EXIT
data_dir=$(mktemp -d -t qc_test_data_XXXX)
# A free port, so test runs of several work trees can share the machine.
port=${QC_TEST_PORT:-$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

echo "[test] installing quality_complaint into $db with --test-tags $tags (log: $log)" >&2
"$ODOO_BIN" --addons-path="$ODOO_ADDONS" --db_host= -d "$db" --data-dir="$data_dir" \
    -i quality_complaint --with-demo --test-enable --test-tags "$tags" \
    --stop-after-init --max-cron-threads=0 --http-port="$port" \
    --http-interface=127.0.0.1 --log-level=test 2>&1 | tee "$log" | grep -E --line-buffered \
    ' (ERROR|CRITICAL) |odoo\.tests\.result|FAIL:|ERROR:' >&2
rc=${PIPESTATUS[0]}

summary=$(grep -E 'odoo\.tests\.result: .* failed, .* error\(s\) of .* tests' "$log" | tail -1)
if [[ $summary =~ ([0-9]+)\ failed,\ ([0-9]+)\ error\(s\)\ of\ ([0-9]+)\ tests ]]; then
    failed=${BASH_REMATCH[1]} errors=${BASH_REMATCH[2]} total=${BASH_REMATCH[3]}
else
    failed=0 errors=0 total=0
fi
skipped=$(grep -cE 'INFO .*: skipped .*quality_complaint' "$log")
# Our module's own files must load without a warning or error: anything that
# names the module or its models, except the test results counted above and
# paths under the cache (Odoo's own deprecation warnings).
cache=${QC_CACHE:-$HOME/.cache/quality_complaint}
own_warnings_list=$(grep -E ' (WARNING|ERROR|CRITICAL) ' "$log" | grep -F -v "$cache" \
    | grep -v 'odoo.addons.quality_complaint.tests' | grep -v 'odoo.tests.result' | grep -E 'quality[._]complaint' || true)
own_warnings=$(printf '%s' "$own_warnings_list" | grep -c . || true)
bad=$((failed + errors + skipped))
passed=$((total - bad))
[ "$passed" -ge 0 ] || passed=0

status=0
if [ "$rc" -ne 0 ]; then echo "[test] Odoo exited with status $rc" >&2; status=1; fi
if [ "$total" -eq 0 ]; then echo "[test] no test ran" >&2; status=1; fi
if [ "$skipped" -gt 0 ]; then echo "[test] $skipped test(s) were skipped: counted as failed" >&2; fi
if [ "$bad" -gt 0 ]; then status=1; fi
if [ "$own_warnings" -gt 0 ]; then
    echo "[test] $own_warnings WARNING/ERROR line(s) mention quality_complaint:" >&2
    printf '%s\n' "$own_warnings_list" | head -20 >&2
    status=1
fi
echo "$passed passed, $bad failed"
exit $status

#!/usr/bin/env bash
# `make run`: a local Odoo with quality_complaint at http://127.0.0.1:$ODOO_PORT.
# The database is created once; later runs only start the server.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$(bash "$here/scripts/bootstrap.sh")"

db=${ODOO_DB:-quality_complaint_demo}
port=${ODOO_PORT:-8069}
demo=${ODOO_DEMO:-1}
case "$demo" in 0|1) ;; *) echo "ODOO_DEMO must be 0 or 1, not '$demo'" >&2; exit 2;; esac
read -r -a extra_args <<< "${ODOO_ARGS:-}"
common=(--addons-path="$ODOO_ADDONS" --http-interface=127.0.0.1 --db_host= --db-filter="^${db}\$" --data-dir="${QC_CACHE:-$HOME/.cache/quality_complaint}/filestore")

if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    echo "[run] creating database $db with quality_complaint (demo data: $demo)" >&2
    demo_args=(); [ "$demo" = 1 ] && demo_args=(--with-demo)
    if ! "$ODOO_BIN" "${common[@]}" -d "$db" -i quality_complaint "${demo_args[@]}" \
            --stop-after-init --log-level=warn; then
        dropdb --if-exists "$db"
        echo "[run] ERROR: installing quality_complaint into $db failed (see the log above)" >&2
        exit 1
    fi
fi

# Reports fetch their styles from report.url, else web.base.url: both must be
# the address this server answers on, or PDFs come out unstyled.
url="http://127.0.0.1:$port"
psql -q -d "$db" -v ON_ERROR_STOP=1 <<SQL
INSERT INTO ir_config_parameter (key, value, create_date, write_date)
VALUES ('web.base.url', '$url', now(), now()),
       ('web.base.url.freeze', 'True', now(), now()),
       ('report.url', '$url', now(), now())
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = now();
SQL

echo "[run] serving $db at $url (login admin / admin)" >&2
exec "$ODOO_BIN" "${common[@]}" -d "$db" --http-port="$port" "${extra_args[@]}"

#!/usr/bin/env bash
# `make pot`: regenerate i18n/quality_complaint.pot from a throwaway database and
# merge it into every .po of the module (new terms appear untranslated).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval "$(bash "$here/scripts/bootstrap.sh")"
db=qc_pot_$$
trap 'dropdb --if-exists "$db" 2>/dev/null' EXIT
"$ODOO_BIN" --addons-path="$ODOO_ADDONS" --http-interface=127.0.0.1 --db_host= -d "$db" \
    -i quality_complaint --stop-after-init --log-level=warn
"$ODOO_BIN" --addons-path="$ODOO_ADDONS" i18n export -d "$db" quality_complaint -l pot
i18n=$here/quality_complaint/i18n
for po in "$i18n"/*.po; do
    [ -f "$po" ] || continue
    msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$i18n/quality_complaint.pot"
    msgattrib --no-obsolete --output-file="$po" "$po"
done
echo "[pot] $(grep -c '^msgid ' "$i18n/quality_complaint.pot") terms in quality_complaint.pot" >&2

#!/usr/bin/env bash
# Installs whatever is missing to run Odoo 19 with quality_complaint, and
# prints the shell variables the other scripts need (ODOO_BIN, ODOO_ADDONS,
# VENV). Idempotent: every step checks before it acts, so a rerun takes
# seconds. Downloads and the venv live under $QC_CACHE, never in the work tree.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${QC_CACHE:-$HOME/.cache/quality_complaint}
mkdir -p "$cache"

say() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "'$*' needs root: run it as root or install sudo"; fi
}

# --- Debian packages from the system's own suite (bookworm) ---------------
# CJK fonts: without one, wkhtmltopdf drops every Chinese glyph from PDFs.
# The reports list Noto CJK first; the page header and footer are drawn with
# reportlab, which refuses CFF fonts such as Noto CJK: WenQuanYi Zen Hei is
# TrueType. poppler-utils (pdftotext) lets the tests read the PDFs back.
# chromium-l10n: the browser's own widgets (file and date inputs) in the
# language of `make screenshots`.
debian_packages=(
    postgresql wkhtmltopdf chromium chromium-l10n
    fonts-font-awesome fonts-roboto-unhinted fonts-ocr-b fonts-inconsolata
    fonts-noto-cjk fonts-wqy-zenhei poppler-utils
    libjs-jquery libjs-jquery-form libjs-underscore
    gettext ca-certificates
)
missing=()
# npm and psql may come from elsewhere (NodeSource, PGDG): any will do.
command -v npm >/dev/null || missing+=(npm)
command -v psql >/dev/null || missing+=(postgresql-client)
for pkg in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq || die "apt-get update failed: check the network and /etc/apt/sources.list.d"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install ${missing[*]} failed"
fi

# --- PostgreSQL: a running cluster and a role for the current user ---------
if ! pg_lsclusters -h 2>/dev/null | awk '$4 == "online"' | grep -q .; then
    cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
    if [ -z "$cluster" ]; then
        version=$(ls /usr/lib/postgresql | sort -V | tail -1)
        say "creating PostgreSQL cluster $version/main"
        as_root pg_createcluster "$version" main >&2 || die "pg_createcluster failed"
        cluster="$version main"
    fi
    say "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster $cluster start >&2 || die "could not start PostgreSQL ($cluster): see /var/log/postgresql"
fi
db_user=$(id -un)
[ "$db_user" != postgres ] || die "do not run Odoo as the postgres superuser; use an ordinary account"
if ! as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$db_user'\"" 2>/dev/null | grep -q 1; then
    say "creating database role $db_user (CREATEDB, not superuser)"
    as_root su postgres -c "createuser --createdb '$db_user'" >&2 || die "could not create role $db_user"
fi

# --- Odoo 19 sources ----------------------------------------------------------
sid_apt() {  # apt-get|apt-cache, then its arguments
    # A private apt configuration that knows only sid: the system's own
    # sources are never touched.
    local root=$cache/apt-sid
    mkdir -p "$root/lists/partial" "$root/archives/partial" "$root/sources.list.d"
    cat > "$root/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
SRC
    local tool=$1; shift
    "$tool" -q \
        -o Dir::Etc::SourceList="$root/sources.list" \
        -o Dir::Etc::SourceParts="$root/sources.list.d" \
        -o Dir::State::Lists="$root/lists" \
        -o Dir::Cache="$root" \
        -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= \
        -o APT::Sandbox::User=root \
        "$@"
}

fetch_sid_package() {  # name -> path of the .deb in the cache
    local name=$1 debs=$cache/debs
    mkdir -p "$debs"
    if [ ! -f "$cache/apt-sid/lists/.updated" ] || [ -n "$(find "$cache/apt-sid/lists/.updated" -mtime +7)" ]; then
        say "reading the sid package index (private apt configuration)"
        sid_apt apt-get update >&2 || return 1
        touch "$cache/apt-sid/lists/.updated"
    fi
    local version
    version=$(sid_apt apt-cache policy "$name" 2>/dev/null | awk '/Candidate:/ {print $2}')
    [ -n "$version" ] && [ "$version" != "(none)" ] || return 1
    local deb
    deb=$(find "$debs" -maxdepth 1 -name "${name}_${version//:/%3a}_*.deb" | head -1)
    if [ -z "$deb" ]; then
        say "downloading $name $version from sid"
        (cd "$debs" && sid_apt apt-get download "$name" >&2) || return 1
        deb=$(find "$debs" -maxdepth 1 -name "${name}_${version//:/%3a}_*.deb" | head -1)
    fi
    [ -n "$deb" ] && printf '%s\n' "$deb"
}

unpack_deb() {  # deb -> folder it was unpacked into (cached by file name)
    local deb=$1 dest
    dest=$cache/unpacked/$(basename "$deb" .deb)
    if [ ! -f "$dest/.complete" ]; then
        rm -rf "$dest"; mkdir -p "$dest"
        dpkg-deb -x "$deb" "$dest" || return 1
        touch "$dest/.complete"
    fi
    printf '%s\n' "$dest"
}

if [ -n "${ODOO_SRC:-}" ]; then
    grep -qs "^version_info = (19," "$ODOO_SRC/odoo/release.py" \
        || die "ODOO_SRC=$ODOO_SRC is not an Odoo 19 source tree (no odoo/release.py of version 19)"
    odoo_root=$ODOO_SRC
else
    odoo_deb=$(fetch_sid_package odoo-19) || die "could not fetch Debian's odoo-19 package from sid.
  Either give the machine access to deb.debian.org, or point ODOO_SRC at an
  Odoo 19 source tree (git checkout or unpacked nightly): ODOO_SRC=/path make run"
    odoo_pkg=$(unpack_deb "$odoo_deb") || die "dpkg-deb -x $odoo_deb failed"
    odoo_root=$odoo_pkg/usr/lib/python3/dist-packages
    [ -d "$odoo_root/odoo" ] || die "unexpected layout in $odoo_deb: no odoo/ under usr/lib/python3/dist-packages"

    # Fonts and JavaScript the package links to in other Debian packages.
    # bookworm has all but fonts-montserrat, which comes from sid.
    montserrat_deb=$(fetch_sid_package fonts-montserrat) || die "could not fetch fonts-montserrat from sid"
    montserrat_root=$(unpack_deb "$montserrat_deb") || die "dpkg-deb -x $montserrat_deb failed"
    if [ ! -f "$odoo_pkg/.links-repointed" ]; then
        dangling=0
        while IFS= read -r -d '' link; do
            [ -e "$link" ] && continue
            # The links are relative to where dpkg would install the package
            # (/usr/lib/python3/dist-packages/...): resolve them from there.
            target=$(readlink "$link")
            installed=${link#"$odoo_pkg"}
            case "$target" in
                /*) wanted=$target ;;
                *) wanted=$(realpath -m "$(dirname "$installed")/$target") ;;
            esac
            for candidate in "$montserrat_root$wanted" "$wanted"; do
                if [ -e "$candidate" ]; then ln -sfn "$candidate" "$link"; continue 2; fi
            done
            say "WARNING: $link points to $wanted, which no installed package provides"
            dangling=$((dangling + 1))
        done < <(find "$odoo_pkg" -type l -print0)
        [ "$dangling" -eq 0 ] || die "$dangling links of the odoo-19 package point nowhere (see above)"
        touch "$odoo_pkg/.links-repointed"
    fi
fi

# The one web asset Debian strips; without it every browser test fails.
# Debian's tree has mail under odoo/addons; a git checkout under addons.
if [ -f "$odoo_root/odoo/addons/mail/__manifest__.py" ]; then mail_dir=$odoo_root/odoo/addons/mail
else mail_dir=$odoo_root/addons/mail; fi
selfie_dir=$mail_dir/static/lib/selfie_segmentation
if [ ! -f "$selfie_dir/selfie_segmentation.js" ]; then
    npm_dir=$cache/npm
    mkdir -p "$npm_dir"
    tarball=$npm_dir/mediapipe-selfie_segmentation-0.1.1675465747.tgz
    if [ ! -f "$tarball" ]; then
        say "fetching @mediapipe/selfie_segmentation 0.1.1675465747 with npm pack"
        (cd "$npm_dir" && npm pack --silent @mediapipe/selfie_segmentation@0.1.1675465747 >&2) \
            || die "npm pack @mediapipe/selfie_segmentation failed"
    fi
    mkdir -p "$selfie_dir"
    tar -xzf "$tarball" -C "$npm_dir" package/selfie_segmentation.js
    install -m 0644 "$npm_dir/package/selfie_segmentation.js" "$selfie_dir/"
fi

# --- Python venv ----------------------------------------------------------------
python=${PYTHON:-$(command -v python3.11 || true)}
[ -n "$python" ] || die "Python 3.11 is required (python3.11 not found; set PYTHON=/path/to/python3.11)"
"$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
    || die "$python is not Python 3.11"
req_hash=$(cat "$here/requirements.txt" | sha256sum | cut -c1-12)
venv=$cache/venv-$req_hash
if [ ! -f "$venv/.complete" ]; then
    say "creating the Python venv $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv" || die "python -m venv failed (on Debian: apt-get install python3.11-venv)"
    "$venv/bin/pip" install -q --upgrade pip wheel >&2
    "$venv/bin/pip" install -q -r "$here/requirements.txt" >&2 \
        || die "pip install -r requirements.txt failed (see above)"
    touch "$venv/.complete"
fi

# Always through the venv's Python, whatever the source tree's own odoo-bin says.
odoo_bin=$cache/odoo-bin-$(printf '%s %s' "$odoo_root" "$venv" | sha256sum | cut -c1-12)
if [ ! -f "$odoo_bin" ]; then
    cat > "$odoo_bin" <<PY
#!$venv/bin/python
import sys
sys.path.insert(0, "$odoo_root")
import odoo.cli
sys.exit(odoo.cli.main())
PY
    chmod +x "$odoo_bin"
fi
# A git checkout keeps most addons in addons/; Debian's tree has them all in
# odoo/addons (its addons/ folder holds only test copies).
if [ -f "$odoo_root/odoo-bin" ] && [ -d "$odoo_root/addons" ]; then
    core_addons=$odoo_root/odoo/addons,$odoo_root/addons
else
    core_addons=$odoo_root/odoo/addons
fi

printf 'ODOO_BIN=%q\nODOO_ROOT=%q\nODOO_ADDONS=%q\nVENV=%q\n' \
    "$odoo_bin" "$odoo_root" "$here,$core_addons" "$venv"

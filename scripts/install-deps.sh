#!/usr/bin/env bash
# install-deps.sh - install the Debian 12 packages Tillit needs to build and test.
#
# Usage: scripts/install-deps.sh [--no-browser] [--bench]
#
# Only missing packages are installed (checked with dpkg-query), so a second
# run is a quiet no-op that prints one line. `apt-get update` runs only when
# something is missing. Without --no-browser the browser-test tools are added:
# chromium, and nodejs/npm unless `node`/`npm` are already on PATH (a Node
# from elsewhere is fine; Debian's Node 18 runs the npm packages that
# tests/browser/run.sh installs: playwright-core, axe-core, oidc-provider),
# and LibreOffice Writer without a GUI, which the document tests use to open
# the DOCX files Tillit writes (about 20 s and 260 MB). --bench adds what the
# benchmarks in bench/ use (wrk drives the load, nginx serves the same bytes
# for comparison); `make check` needs them only for its short benchmark run,
# which installs them itself. When not root, sudo is used if present;
# otherwise the script fails and names the packages to install.
set -euo pipefail

browser=1
bench=0
for arg in "$@"; do
	case "$arg" in
	--no-browser) browser=0 ;;
	--bench) bench=1 ;;
	-h | --help)
		sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "install-deps: unknown argument: $arg" >&2
		exit 2
		;;
	esac
done

packages=(build-essential cmake pkg-config gettext libmicrohttpd-dev libsqlite3-dev sqlite3
	libpq-dev postgresql libjansson-dev libsodium-dev libcmocka-dev libxlsxwriter-dev
	libcsv-dev libzip-dev libical-dev libcmark-dev libxml2-dev libcurl4-openssl-dev libcjose-dev
	liboath-dev libqrencode-dev tidy curl jq ca-certificates clang-format
	clang libclang-rt-14-dev iso-codes)
if [ "$browser" = 1 ]; then
	packages+=(chromium libreoffice-writer-nogui)
	command -v node >/dev/null 2>&1 || packages+=(nodejs)
	command -v npm >/dev/null 2>&1 || packages+=(npm)
fi
if [ "$bench" = 1 ]; then
	packages+=(wrk nginx)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "install-deps: dpkg-query not found; this script supports Debian 12 only" >&2
	exit 1
fi

# Print those of the named packages that are not installed (one dpkg-query call).
not_installed() {
	local installed
	# dpkg-query exits 1 when it does not know a name: that name is simply missing.
	installed=" $({ dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true; } |
		awk '$2 == "installed" { printf "%s ", $1 }')"
	for p in "$@"; do
		case "$installed" in
		*" $p "*) ;;
		*) echo "$p" ;;
		esac
	done
}

mapfile -t missing < <(not_installed "${packages[@]}")

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-deps: all ${#packages[@]} packages present"
	exit 0
fi

echo "install-deps: missing: ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo=(sudo)
	else
		echo "install-deps: not root and sudo is not available; as root, run:" >&2
		echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
fi

"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

# Verify: a package that apt could not install must not pass silently.
mapfile -t still < <(not_installed "${missing[@]}")
if [ "${#still[@]}" -ne 0 ]; then
	echo "install-deps: still missing after apt-get: ${still[*]}" >&2
	exit 1
fi
echo "install-deps: done"

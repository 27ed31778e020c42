#!/usr/bin/env bash
# run.sh - run the browser tests: tests/browser/*.test.mjs, one file at a time.
#
# Usage: TILLIT_BIN=build/tillit tests/browser/run.sh [FILE.test.mjs...]
#
# Installs the npm packages first (npm ci from package-lock.json; npm install
# when there is no lock), then runs each file with node. Every file starts
# its own servers (see lib.mjs) and prints "ok - ..." / "not ok - ..." lines;
# this script adds them up, counts a file that fails without such a line as
# one failure, prints "N passed, N failed" and exits 1 if anything failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export TILLIT_BIN=${TILLIT_BIN:-$root/build/tillit}
case "$TILLIT_BIN" in
/*) ;;
*) TILLIT_BIN=$PWD/$TILLIT_BIN ;;
esac
if [ ! -x "$TILLIT_BIN" ]; then
	echo "browser tests: TILLIT_BIN=$TILLIT_BIN is not an executable (run make first)" >&2
	exit 1
fi
for tool in node npm; do
	command -v "$tool" >/dev/null || { echo "browser tests: $tool not found (scripts/install-deps.sh)" >&2; exit 1; }
done

# npm ci, unless node_modules is already newer than the package files.
(
	cd "$here"
	stamp=node_modules/.package-lock.json
	if [ ! -f package-lock.json ]; then
		npm install --no-audit --no-fund --loglevel=error >/dev/null
	elif [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
		npm ci --no-audit --no-fund --loglevel=error >/dev/null
	fi
)

if [ "$#" -gt 0 ]; then
	files=("$@")
else
	shopt -s nullglob
	files=("$here"/*.test.mjs)
fi

passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for f in "${files[@]}"; do
	echo "# $(basename "$f")"
	rc=0
	node "$f" 2>&1 | tee "$out" || rc=$?
	p=$(grep -c '^ok ' "$out" || true)
	n=$(grep -c '^not ok ' "$out" || true)
	if [ "$rc" -ne 0 ] && [ "$n" -eq 0 ]; then
		echo "not ok - $(basename "$f") exited with status $rc"
		n=1
	fi
	passed=$((passed + p))
	failed=$((failed + n))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$((passed + failed))" -gt 0 ]

#!/usr/bin/env bash
# check-hardening.sh - the defences the compiler and linker give the tillit
# binary (CMakeLists.txt sets them for every build but the sanitizer, fuzz and
# Debug builds): position-independent (address space layout randomisation),
# relocations read-only after start (RELRO with BIND_NOW), a stack that is not
# executable, stack canaries, and libc calls checked against the sizes the
# compiler knows (_FORTIFY_SOURCE). Prints each check; exits 1 if one fails.
#
# Usage: scripts/check-hardening.sh BINARY   (run by ctest as `hardening`)
set -euo pipefail
bin=${1:?usage: check-hardening.sh BINARY}
fails=0
check() {
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok: $what"
	else
		echo "MISSING: $what"
		fails=$((fails + 1))
	fi
}
header=$(readelf -h "$bin")
segments=$(readelf -lW "$bin")
dynamic=$(readelf -dW "$bin")
symbols=$(readelf --dyn-syms -W "$bin")
check "position-independent executable (ELF type DYN)" grep -q 'Type:[[:space:]]*DYN' <<<"$header"
check "read-only relocations (GNU_RELRO)" grep -q 'GNU_RELRO' <<<"$segments"
check "bound at start (BIND_NOW)" grep -qE 'BIND_NOW|FLAGS_1.*NOW' <<<"$dynamic"
check "stack not executable (GNU_STACK RW)" grep -qE 'GNU_STACK.* RW ' <<<"$segments"
check "stack canaries (__stack_chk_fail)" grep -q '__stack_chk_fail' <<<"$symbols"
check "checked libc calls (_FORTIFY_SOURCE: __*_chk)" grep -qE '__[a-z]+_chk' <<<"$symbols"
if [ "$fails" -gt 0 ]; then
	echo "hardening: $fails check(s) failed for $bin"
	exit 1
fi
echo "hardening: ok"

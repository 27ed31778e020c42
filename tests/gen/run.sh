#!/usr/bin/env bash
# tests/gen/run.sh GEN TILLIT - the benchmark generator keeps what it reads
# between its transactions, and writes a register that the audit trail
# accounts for.
#
# tillit-gen (bench/gen.c) commits every so many events and renews its
# scratch memory with each transaction; what a loop keeps across them (an
# analysis its risks are added to, an audit its responses are added to)
# must live elsewhere. Here every event is its own transaction (--batch 1),
# over a few small organisations, so that every such loop crosses a commit
# (under AddressSanitizer, in make check, a read of renewed memory fails
# the run); then `tillit audit verify --records` must find the tables as
# the trail says they are.
set -euo pipefail
gen=${1:?usage: run.sh TILLIT-GEN TILLIT}
tillit=${2:?usage: run.sh TILLIT-GEN TILLIT}
dir=$(mktemp -d "${TMPDIR:-/tmp}/tillit-gen-test.XXXXXX")
trap 'rm -rf "$dir"' EXIT
db="sqlite:$dir/gen.db"
"$gen" --db "$db" --size national --orgs 3 --units 30 --assets 300 --activities 60 --batch 1 --seed 3 \
	--password tillit-gen-test-2026 >"$dir/gen.out" 2>"$dir/gen.err" || {
	tail -n 40 "$dir/gen.err" >&2
	echo "not ok: tillit-gen failed" >&2
	exit 1
}
grep -q "done in" "$dir/gen.err" || { echo "not ok: tillit-gen did not finish" >&2; exit 1; }
echo "ok: tillit-gen with a transaction per event: $(grep -o '[0-9]* audit entries' "$dir/gen.err")"
out=$(TILLIT_AUDIT_KEY_FILE="$dir/gen.db.auditkey" "$tillit" audit verify --records --db "$db" 2>&1) || {
	printf '%s\n' "$out" >&2
	echo "not ok: audit verify --records" >&2
	exit 1
}
grep -q "records match the audit trail" <<<"$out" || { printf '%s\n' "$out" >&2; exit 1; }
echo "ok: $(grep 'records match' <<<"$out")"

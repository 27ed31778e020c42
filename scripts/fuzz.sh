#!/usr/bin/env bash
# fuzz.sh - run the libFuzzer harnesses of tests/fuzz, one after another.
#
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS [--keep] [NAME...]
#
# Each harness BUILD_DIR/fuzz/fuzz_NAME runs for SECONDS on its seed corpus
# tests/fuzz/corpus/NAME (read only). What it finds on the way goes to a
# working corpus: BUILD_DIR/fuzz-corpus/NAME with --keep (make fuzz, so long
# runs build on each other), otherwise a fresh directory removed afterwards
# (make check-fuzz, so its time stays bounded). A crash, a sanitizer report
# or an input over its time budget stops that harness and saves the input
# as BUILD_DIR/fuzz-artifacts/NAME-*; the script then goes on with the next
# and exits 1 at the end, naming the failures. Without NAME, every harness.
set -euo pipefail

if [ $# -lt 2 ]; then
	sed -n '4,14p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi
build=$1
seconds=$2
shift 2
keep=0
if [ "${1:-}" = --keep ]; then
	keep=1
	shift
fi
root=$(cd "$(dirname "$0")/.." && pwd)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$root"/tests/fuzz/fuzz_*.c; do
		n=$(basename "$f" .c)
		names+=("${n#fuzz_}")
	done
fi

mkdir -p "$build/fuzz-artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/tillit-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=()
for n in "${names[@]}"; do
	bin="$build/fuzz/fuzz_$n"
	seeds="$root/tests/fuzz/corpus/$n"
	if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
		echo "fuzz: no harness or no seed corpus for $n ($bin, $seeds)" >&2
		failed+=("$n")
		continue
	fi
	if [ "$keep" = 1 ]; then
		corpus="$build/fuzz-corpus/$n"
	else
		corpus="$work/$n"
	fi
	mkdir -p "$corpus"
	log="$work/$n.log"
	rc=0
	# -rss_limit_mb: the server harnesses hold a database and a thread pool.
	"$bin" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix="$build/fuzz-artifacts/$n-" "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz: $n: ${runs:-?} inputs in ${seconds} s, no failure"
	else
		echo "fuzz: $n: FAILED (exit $rc); the input is in $build/fuzz-artifacts/$n-*" >&2
		grep -E '^(fuzz: |==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 20 >&2 || tail -n 30 "$log" >&2
		failed+=("$n")
	fi
done
if [ ${#failed[@]} -ne 0 ]; then
	echo "fuzz: failed: ${failed[*]}" >&2
	exit 1
fi

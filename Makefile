# Makefile - the entry points around the CMake build.
#
#   make            build build/tillit and the test binaries (configures build/ if needed)
#   make run        install missing Debian packages, build, migrate var/tillit.db,
#                   load the demo data once, serve on http://127.0.0.1:8080/
#   make check      everything CI runs: SQLite tests, the db tests again on a throwaway
#                   PostgreSQL cluster, an ASan+UBSan build and its tests, every fuzz
#                   harness for a short while, a short benchmark run, the browser tests;
#                   prints one summary line and fails if any step failed
#   make check-format | test | check-pg | check-asan | check-fuzz | check-bench | check-browser
#                   one step of `make check`
#   make fuzz       every libFuzzer harness of tests/fuzz for FUZZ_SECONDS each (default 600),
#                   in build-fuzz/ (clang); FUZZERS="form json" picks some
#   make durability the kill -9 durability test, long version (DURABILITY_ROUNDS, default 20)
#   make format     clang-format -i the C sources;  make check-format  only check them
#   make clean | distclean
#
# CMake does the real work; this file only orders the steps. JOBS sets the
# parallelism of the build and of ctest (2 by default).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.NOTPARALLEL:
.DEFAULT_GOAL := all

JOBS ?= 2
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_CHECK_SECONDS ?= 12
FUZZERS ?=
DURABILITY_ROUNDS ?= 20
BUILD_TYPE ?= RelWithDebInfo
DB ?= sqlite:var/tillit.db
LISTEN ?= 127.0.0.1:8080
CTEST_FLAGS ?= --output-on-failure --timeout 300

TILLIT := $(BUILD)/tillit
# cmake --build runs its own make: keep this make's flags and jobserver out of it.
CMAKE_BUILD := env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL cmake --build
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: all deps deps-build tillit run test check check-pg check-asan check-fuzz check-bench check-browser \
	check-format format fuzz fuzz-build durability clean distclean

# --- set-up ----------------------------------------------------------------

# deps: everything, browser tools included; deps-build: the C tool chain only.
# SKIP_DEPS=1 (set by `make check` for its sub-steps) skips both.
deps:
	@[ -n "$(SKIP_DEPS)" ] || bash scripts/install-deps.sh

deps-build:
	@[ -n "$(SKIP_DEPS)" ] || bash scripts/install-deps.sh --no-browser

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DTILLIT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug

$(FUZZ_BUILD)/CMakeCache.txt:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DTILLIT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo

all: $(BUILD)/CMakeCache.txt
	$(CMAKE_BUILD) $(BUILD) -j$(JOBS)

# Only the server binary, for `make run`.
tillit: $(BUILD)/CMakeCache.txt
	$(CMAKE_BUILD) $(BUILD) -j$(JOBS) --target tillit

# --- run -------------------------------------------------------------------

run: deps-build tillit
	mkdir -p var
	$(TILLIT) migrate --db $(DB)
	$(TILLIT) demo --if-empty --db $(DB)
	exec $(TILLIT) serve --db $(DB) --listen $(LISTEN)

# --- tests -----------------------------------------------------------------

# Unit, http, e2e and source-rule tests on SQLite.
test: deps-build all
	cd $(BUILD)
	env -u TEST_DB_URL ctest $(CTEST_FLAGS) -j$(JOBS)

# The tests labelled "db" again, on a throwaway PostgreSQL cluster that is
# stopped and removed however the run ends. They share one database, so they
# run one at a time.
check-pg: deps-build all
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/tillit-pg.XXXXXX")
	cleanup() {
		bash "$(CURDIR)/scripts/pg-cluster.sh" stop "$$dir" >/dev/null || echo "check-pg: could not stop the cluster in $$dir" >&2
		rm -rf "$$dir"
	}
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	url=$$(bash "$(CURDIR)/scripts/pg-cluster.sh" start "$$dir" | tail -n 1)
	case "$$url" in
	postgres://* | postgresql://*) ;;
	*) echo "check-pg: scripts/pg-cluster.sh start printed no URL" >&2; exit 1 ;;
	esac
	echo "check-pg: PostgreSQL at $$url"
	cd $(BUILD)
	TEST_DB_URL="$$url" ctest $(CTEST_FLAGS) -L db -j1

# AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/, SQLite.
check-asan: deps-build $(ASAN_BUILD)/CMakeCache.txt
	$(CMAKE_BUILD) $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD)
	env -u TEST_DB_URL $(ASAN_ENV) ctest $(CTEST_FLAGS) -j$(JOBS)

# libFuzzer harnesses (tests/fuzz), built with clang, ASan and UBSan in build-fuzz/.
fuzz-build: deps-build $(FUZZ_BUILD)/CMakeCache.txt
	$(CMAKE_BUILD) $(FUZZ_BUILD) -j$(JOBS)

# Each harness for FUZZ_CHECK_SECONDS from its seed corpus; nothing is kept.
check-fuzz: fuzz-build
	bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_CHECK_SECONDS) $(FUZZERS)

# Each harness for FUZZ_SECONDS; the corpus grows in build-fuzz/fuzz-corpus.
fuzz: fuzz-build
	bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) --keep $(FUZZERS)

# The kill -9 test at length, on SQLite (tests/durability/run.sh; TEST_DB_URL for PostgreSQL).
durability: deps-build tillit
	TILLIT_BIN="$(CURDIR)/$(TILLIT)" bash tests/durability/run.sh --rounds $(DURABILITY_ROUNDS)

# A short benchmark run (bench/run --quick): the municipality register, one
# second per page. It prints the table and asserts nothing about time; it
# fails only when a page answers other than 2xx. Installs wrk and nginx
# when they are missing.
check-bench: deps-build all
	bash bench/run --quick

# Chromium through playwright-core, with axe-core accessibility checks; the
# sign-in flow against a real OpenID provider (oidc-provider). run.sh installs
# the npm packages pinned in tests/browser/package-lock.json.
check-browser: deps all
	TILLIT_BIN="$(CURDIR)/$(TILLIT)" bash tests/browser/run.sh

# Every step runs even when an earlier one fails (except after failed set-up
# or build); the last line says what failed, and the exit status is non-zero.
check:
	@start=$$(date +%s)
	summary=""
	failed=""
	step() {
		local t0=$$(date +%s) rc=0 name=$$1
		[ "$$name" = all ] && name=build
		echo "=== make $$1"
		if [ "$$1" = deps ]; then
			$(MAKE) --no-print-directory deps || rc=$$?
		else
			$(MAKE) --no-print-directory SKIP_DEPS=1 "$$1" || rc=$$?
		fi
		if [ "$$rc" -eq 0 ]; then
			summary="$$summary $$name ok ($$(( $$(date +%s) - t0 ))s),"
		else
			summary="$$summary $$name FAILED,"
			failed="$$failed $$name"
		fi
		return $$rc
	}
	if step deps && step all; then
		for t in check-format test check-pg check-asan check-fuzz check-bench check-browser; do
			step "$$t" || true
		done
	fi
	summary="$${summary%,}; $$(( $$(date +%s) - start ))s in all"
	if [ -n "$$failed" ]; then
		echo "make check: FAILED:$$failed --$$summary"
		exit 1
	fi
	echo "make check: all passed --$$summary"

# --- housekeeping ----------------------------------------------------------

C_SOURCES = find src tests bench -path tests/browser/node_modules -prune -o -type f -name '*.[ch]' -print0

format:
	@command -v clang-format >/dev/null || { echo "format: clang-format is not installed (apt-get install clang-format)" >&2; exit 1; }
	$(C_SOURCES) | xargs -0 clang-format -i

# Every C file as .clang-format wants it; names the files that are not.
check-format: deps-build
	@$(C_SOURCES) | xargs -0 clang-format --dry-run --Werror 2>&1 | grep -o '^[^:]*\.[ch]' | sort -u > "$${TMPDIR:-/tmp}/tillit-format.$$$$" || true
	if [ -s "$${TMPDIR:-/tmp}/tillit-format.$$$$" ]; then
		echo "check-format: not formatted (run make format):"; sed 's/^/  /' "$${TMPDIR:-/tmp}/tillit-format.$$$$"
		rm -f "$${TMPDIR:-/tmp}/tillit-format.$$$$"; exit 1
	fi
	rm -f "$${TMPDIR:-/tmp}/tillit-format.$$$$"
	echo "check-format: every C file is formatted"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

distclean: clean
	rm -rf var tests/browser/node_modules

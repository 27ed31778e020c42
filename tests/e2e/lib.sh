# tests/e2e/lib.sh - helpers for end-to-end tests that run the real binary.
#
# A test script sources this file, calls e2e_start, then talks HTTP to the
# server with curl and reports each check as a TAP line:
#
#	. "$(dirname "$0")/lib.sh"
#	e2e_start
#	e2e_request /healthz
#	e2e_check "healthz answers 200" [ "$E2E_STATUS" = 200 ]
#	e2e_done
#
# Environment: TILLIT_BIN (the binary; ctest sets it), TILLIT_SRC (the source
# tree), TEST_DB_URL (optional PostgreSQL URL; otherwise each test gets its
# own SQLite file). With PostgreSQL each test gets its own schema, named in
# the connection's search_path, so tests sharing one database do not see each
# other's rows.
#
# Variables set by e2e_start: E2E_DIR (temporary directory, removed at exit),
# E2E_PORT, E2E_URL (http://127.0.0.1:PORT), E2E_DB (the --db argument;
# on PostgreSQL also TILLIT_AUDIT_KEY_FILE, exported),
# E2E_PID (the server), E2E_LOG (its log). PASS is the password e2e_user_add
# gives new accounts. e2e_request sets E2E_STATUS, E2E_CTYPE, E2E_BODY (file
# with the body) and E2E_HEADERS (file with the response headers); e2e_api
# makes the same request to the JSON API with the token a script puts in
# E2E_TOKEN, and e2e_last_id reads the id of the record in its answer.

: "${TILLIT_BIN:?TILLIT_BIN must name the tillit binary}"
: "${TILLIT_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
PASS=${PASS:-e2e-correct-horse-battery-staple}

E2E_DIR=
E2E_PID=
E2E_PORT=
E2E_URL=
E2E_DB=
E2E_LOG=
E2E_SCHEMA=
e2e_n=0
e2e_failed=0

# e2e_ok MSG: report a passed check.
e2e_ok()
{
	e2e_n=$((e2e_n + 1))
	echo "ok $e2e_n - $*"
}

# e2e_fail MSG: report a failed check (the script goes on; the exit status
# will be 1).
e2e_fail()
{
	e2e_n=$((e2e_n + 1))
	e2e_failed=$((e2e_failed + 1))
	echo "not ok $e2e_n - $*"
}

# e2e_check MSG COMMAND...: run COMMAND; ok if it succeeds, fail otherwise.
e2e_check()
{
	local msg=$1
	shift
	if "$@"; then
		e2e_ok "$msg"
	else
		e2e_fail "$msg"
	fi
}

# e2e_bail MSG: a failure after which the test cannot go on.
e2e_bail()
{
	e2e_fail "$*"
	echo "Bail out! $*"
	exit 1
}

# e2e_curl ARGS...: curl with the test's cookie jar and a 10 s limit. A last
# argument starting with "/" is a path on the test server.
e2e_curl()
{
	local args=("$@")
	local n=${#args[@]}
	if [ "$n" -gt 0 ] && [ "${args[n - 1]:0:1}" = / ]; then
		args[n - 1]="$E2E_URL${args[n - 1]}"
	fi
	curl -sS --max-time 10 -b "$E2E_DIR/cookies" -c "$E2E_DIR/cookies" "${args[@]}"
}

# e2e_request [CURL ARGS...] PATH: make one request; set E2E_STATUS (000 when
# no response came), E2E_CTYPE and the files E2E_BODY and E2E_HEADERS.
e2e_request()
{
	E2E_BODY=$E2E_DIR/body
	E2E_HEADERS=$E2E_DIR/headers
	: >"$E2E_BODY"
	: >"$E2E_HEADERS"
	E2E_STATUS=$(e2e_curl -o "$E2E_BODY" -D "$E2E_HEADERS" -w '%{http_code}' "$@") || E2E_STATUS=${E2E_STATUS:-000}
	E2E_CTYPE=$(sed -n 's/^[Cc]ontent-[Tt]ype:[[:space:]]*//p' "$E2E_HEADERS" | tr -d '\r' | tail -n 1)
}

# e2e_api METHOD PATH [JSON]: a call of the JSON API with the token in
# E2E_TOKEN (set it from `tillit token create`), the JSON as its body.
E2E_TOKEN=
e2e_api()
{
	if [ $# -ge 3 ]; then
		e2e_request -X "$1" -H "Authorization: Bearer $E2E_TOKEN" -H 'Content-Type: application/json' \
			--data-binary "$3" "$2"
	else
		e2e_request -X "$1" -H "Authorization: Bearer $E2E_TOKEN" "$2"
	fi
}

# e2e_last_id: the first "id" of the last answer (the record it made or shows).
e2e_last_id()
{
	grep -o '"id":[0-9]*' "$E2E_BODY" | head -n 1 | cut -d: -f2
}

# e2e_tillit ARGS...: run a command of the binary against the test database.
e2e_tillit()
{
	"$TILLIT_BIN" "$@" --db "$E2E_DB"
}

# e2e_user_add NAME ROLE: create an account whose password is $PASS.
e2e_user_add()
{
	printf '%s\n' "$PASS" | "$TILLIT_BIN" user add "$1" --role "$2" --password-stdin --db "$E2E_DB"
}

e2e_now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# Is something listening on 127.0.0.1:$1?
e2e_port_busy()
{
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

e2e_free_port()
{
	local p i
	for i in $(seq 1 50); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if ! e2e_port_busy "$p"; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# PostgreSQL runs: a schema of our own, named in the URL's search_path.
e2e_pg_setup()
{
	E2E_DB=$TEST_DB_URL
	command -v psql >/dev/null 2>&1 || return 0
	E2E_SCHEMA="e2e_$$_${RANDOM}"
	if psql -qAtX -v ON_ERROR_STOP=1 "$TEST_DB_URL" -c "CREATE SCHEMA $E2E_SCHEMA" >/dev/null; then
		case "$TEST_DB_URL" in
		*\?*) E2E_DB="$TEST_DB_URL&options=-csearch_path%3D$E2E_SCHEMA" ;;
		*) E2E_DB="$TEST_DB_URL?options=-csearch_path%3D$E2E_SCHEMA" ;;
		esac
	else
		E2E_SCHEMA=
	fi
}

# Stop the server if it runs, drop the PostgreSQL schema, remove the
# directory; on failure show the end of the server log first.
e2e_cleanup()
{
	local rc=$?
	if [ -n "$E2E_PID" ]; then
		e2e_stop 5 >/dev/null 2>&1 || true
	fi
	if [ "$e2e_failed" -gt 0 ] || [ "$rc" -ne 0 ]; then
		if [ -n "$E2E_LOG" ] && [ -s "$E2E_LOG" ]; then
			echo "# server log (last 40 lines):"
			tail -n 40 "$E2E_LOG" | sed 's/^/#   /'
		fi
	fi
	if [ -n "$E2E_SCHEMA" ]; then
		psql -qAtX "$TEST_DB_URL" -c "DROP SCHEMA IF EXISTS $E2E_SCHEMA CASCADE" >/dev/null 2>&1 || true
	fi
	[ -n "$E2E_DIR" ] && rm -rf "$E2E_DIR"
	echo "1..$e2e_n"
	if [ "$rc" -eq 0 ] && [ "$e2e_failed" -gt 0 ]; then
		rc=1
	fi
	exit "$rc"
}

# e2e_serve: start the server on a free port and wait (at most 10 s) until
# GET /healthz answers 200. Retries with another port if the first is taken.
e2e_serve()
{
	local attempt code deadline
	for attempt in 1 2 3; do
		E2E_PORT=$(e2e_free_port) || e2e_bail "no free port on 127.0.0.1"
		E2E_URL="http://127.0.0.1:$E2E_PORT"
		"$TILLIT_BIN" serve --db "$E2E_DB" --listen "127.0.0.1:$E2E_PORT" >>"$E2E_LOG" 2>&1 &
		E2E_PID=$!
		deadline=$(($(e2e_now_ms) + 10000))
		while [ "$(e2e_now_ms)" -lt "$deadline" ]; do
			code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$E2E_URL/healthz" 2>/dev/null) || true
			[ "$code" = 200 ] && return 0
			kill -0 "$E2E_PID" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$E2E_PID" 2>/dev/null; then
			e2e_bail "server on port $E2E_PORT did not answer GET /healthz with 200 within 10 s"
		fi
		wait "$E2E_PID" 2>/dev/null || true
		E2E_PID=
		echo "# server exited at start-up (attempt $attempt, port $E2E_PORT)"
	done
	e2e_bail "server did not start"
}

# e2e_start: temporary directory and database, `tillit migrate`, then
# `tillit serve` in the background. The EXIT trap cleans everything up.
e2e_start()
{
	E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tillit-e2e.XXXXXX")
	E2E_LOG=$E2E_DIR/server.log
	trap e2e_cleanup EXIT
	trap 'exit 130' INT TERM
	[ -x "$TILLIT_BIN" ] || e2e_bail "TILLIT_BIN=$TILLIT_BIN is not an executable"
	if [ -n "${TEST_DB_URL:-}" ]; then
		e2e_pg_setup
		# PostgreSQL has no file to put the audit key beside: name one.
		export TILLIT_AUDIT_KEY_FILE=$E2E_DIR/audit.key
	else
		E2E_DB="sqlite:$E2E_DIR/t.db"
	fi
	"$TILLIT_BIN" migrate --db "$E2E_DB" >>"$E2E_LOG" 2>&1 || e2e_bail "tillit migrate failed"
	e2e_serve
}

# e2e_stop [TIMEOUT]: SIGTERM the server and wait up to TIMEOUT seconds (5)
# for it to exit; SIGKILL after that. Returns the server's exit status
# (137 when it had to be killed).
e2e_stop()
{
	local t=${1:-5} rc=0 deadline
	[ -n "$E2E_PID" ] || return 0
	kill -TERM "$E2E_PID" 2>/dev/null || true
	# bash reaps its finished children itself, so kill -0 fails once the
	# server has exited; wait then returns its saved status.
	deadline=$(($(e2e_now_ms) + t * 1000))
	while kill -0 "$E2E_PID" 2>/dev/null && [ "$(e2e_now_ms)" -lt "$deadline" ]; do
		sleep 0.05
	done
	kill -KILL "$E2E_PID" 2>/dev/null || true
	wait "$E2E_PID" || rc=$?
	E2E_PID=
	return "$rc"
}

# e2e_done: the end of a test script (the EXIT trap prints the plan and sets
# the exit status).
e2e_done()
{
	exit 0
}

#!/usr/bin/env bash
# t0001-basics.sh - the server starts, answers its health check, maps unknown
# paths to 404 in HTML and in JSON, serves a valid login page, and stops
# cleanly on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
e2e_ok "server started on port $E2E_PORT"

# 0001.1: GET /healthz -> 200, JSON with "ok".
e2e_request /healthz
e2e_check "0001.1 /healthz status 200 (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "0001.1 /healthz is JSON ($E2E_CTYPE)" grep -qi '^application/json' <<<"$E2E_CTYPE"
e2e_check '0001.1 /healthz body contains "ok"' grep -q '"ok"' "$E2E_BODY"

# 0001.2: an unknown path -> 404 as an HTML page for browsers.
e2e_request -H 'Accept: text/html' /no/such/page
e2e_check "0001.2 unknown path, HTML: 404 (got $E2E_STATUS)" [ "$E2E_STATUS" = 404 ]
e2e_check "0001.2 unknown path, HTML: text/html ($E2E_CTYPE)" grep -qi '^text/html' <<<"$E2E_CTYPE"
e2e_check "0001.2 unknown path, HTML: a document" grep -qi '<html' "$E2E_BODY"

# 0001.3: the same path -> 404 as a JSON error object for API clients.
e2e_request -H 'Accept: application/json' /no/such/page
e2e_check "0001.3 unknown path, JSON: 404 (got $E2E_STATUS)" [ "$E2E_STATUS" = 404 ]
e2e_check "0001.3 unknown path, JSON: application/json ($E2E_CTYPE)" grep -qi '^application/json' <<<"$E2E_CTYPE"
e2e_check '0001.3 unknown path, JSON: has "error"' grep -q '"error"' "$E2E_BODY"

# 0001.4: the login page is valid HTML (tidy reports no errors; warnings are
# printed but allowed).
e2e_request -H 'Accept: text/html' /login
e2e_check "0001.4 /login status 200 (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "0001.4 /login is text/html ($E2E_CTYPE)" grep -qi '^text/html' <<<"$E2E_CTYPE"
tidy_rc=0
tidy -q -e "$E2E_BODY" >"$E2E_DIR/tidy.out" 2>&1 || tidy_rc=$?
if [ "$tidy_rc" -le 1 ]; then
	e2e_ok "0001.4 /login passes tidy -q -e"
else
	e2e_fail "0001.4 /login passes tidy -q -e (tidy exit $tidy_rc)"
fi
sed 's/^/# tidy: /' "$E2E_DIR/tidy.out"

# 0001.5: SIGTERM -> exit status 0 within 5 seconds.
t0=$(date +%s)
stop_rc=0
e2e_stop 5 || stop_rc=$?
e2e_check "0001.5 SIGTERM: exit status 0 (got $stop_rc) after $(($(date +%s) - t0)) s" [ "$stop_rc" = 0 ]

e2e_done

#!/usr/bin/env bash
# t9001-cli.sh - the command line as a script uses it: help, accounts with the
# password on standard input, API tokens, the audit check (which must find a
# change made behind Tillit's back), backups and the demo data; every exit
# code as documented (0 ok, 1 failure, 2 usage, 3 damaged audit trail).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start

# Run SQL on the test database directly, as an intruder with file access would.
raw_sql()
{
	if [ -n "${E2E_SCHEMA:-}" ]; then
		psql -qAtX -v ON_ERROR_STOP=1 "$TEST_DB_URL" -c "SET search_path=$E2E_SCHEMA; $1"
	else
		sqlite3 "${E2E_DB#sqlite:}" "$1"
	fi
}

# 9001.1 help and usage errors
out=$("$TILLIT_BIN" --help)
e2e_check "9001.1 --help lists the commands" grep -q "token create --user NAME" <<<"$out"
rc=0; "$TILLIT_BIN" frobnicate 2>/dev/null || rc=$?
e2e_check "9001.1 unknown command exits 2 (got $rc)" [ "$rc" = 2 ]
rc=0; "$TILLIT_BIN" user add 2>/dev/null || rc=$?
e2e_check "9001.1 user add without a name exits 2 (got $rc)" [ "$rc" = 2 ]

# 9001.14 serve's numbers are checked: a malformed or out-of-range value, as
# a flag or in the environment, is a usage error naming it, and nothing starts.
never="sqlite:$E2E_DIR/never.db"
for bad in "--threads abc" "--threads -1" "--threads 99999" "--session-idle 10x" "--session-idle ''" \
	"--session-max 99999999999" "--max-body 12" "--max-body 1e6" "--header-timeout 0" \
	"--header-timeout 3601" "--header-timeout 5s" "--request-timeout 0" "--request-timeout 1.5"; do
	eval "set -- $bad"
	rc=0; err=$("$TILLIT_BIN" serve "$@" --db "$never" --listen 127.0.0.1:0 2>&1) || rc=$?
	e2e_check "9001.14 serve $bad exits 2 (got $rc)" [ "$rc" = 2 ]
	e2e_check "9001.14 and names $1" grep -q -- "$1 takes a whole number" <<<"$err"
done
rc=0; err=$(TILLIT_SESSION_MAX=12h "$TILLIT_BIN" serve --db "$never" --listen 127.0.0.1:0 2>&1) || rc=$?
e2e_check "9001.14 TILLIT_SESSION_MAX=12h exits 2 (got $rc)" [ "$rc" = 2 ]
e2e_check "9001.14 and names the variable" grep -q "TILLIT_SESSION_MAX takes a whole number" <<<"$err"
rc=0; err=$(TILLIT_THREADS=2000 "$TILLIT_BIN" serve --db "$never" --listen 127.0.0.1:0 2>&1) || rc=$?
e2e_check "9001.14 TILLIT_THREADS=2000 exits 2 (got $rc)" [ "$rc" = 2 ]
e2e_check "9001.14 and names the variable" grep -q "TILLIT_THREADS takes a whole number from 0 to 1024" <<<"$err"
rc=0; err=$(TILLIT_HEADER_TIMEOUT=-1 "$TILLIT_BIN" serve --db "$never" --listen 127.0.0.1:0 2>&1) || rc=$?
e2e_check "9001.14 TILLIT_HEADER_TIMEOUT=-1 exits 2 (got $rc)" [ "$rc" = 2 ]
e2e_check "9001.14 and names the variable" grep -q "TILLIT_HEADER_TIMEOUT takes a whole number from 1 to 3600" <<<"$err"
rc=0; err=$(TILLIT_REQUEST_TIMEOUT=4000 "$TILLIT_BIN" serve --db "$never" --listen 127.0.0.1:0 2>&1) || rc=$?
e2e_check "9001.14 TILLIT_REQUEST_TIMEOUT=4000 exits 2 (got $rc)" [ "$rc" = 2 ]
e2e_check "9001.14 and names the variable" grep -q "TILLIT_REQUEST_TIMEOUT takes a whole number from 1 to 3600" <<<"$err"
e2e_check "9001.14 no database was made" [ ! -e "$E2E_DIR/never.db" ]

# 9001.2 user add, with the password on standard input
id=$(printf '%s\n' "$PASS" | "$TILLIT_BIN" user add anna --name "Anna Andersson" --email anna@example.se \
	--role administrator --password-stdin --db "$E2E_DB")
e2e_check "9001.2 user add prints the new id ($id)" grep -qE '^[0-9]+$' <<<"$id"
rc=0; err=$(printf '%s\n' "$PASS" | "$TILLIT_BIN" user add anna --password-stdin --db "$E2E_DB" 2>&1) || rc=$?
e2e_check "9001.2 a taken user name exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9001.2 and names the field" grep -q "username" <<<"$err"
rc=0; err=$(printf 'short\n' | "$TILLIT_BIN" user add bertil --password-stdin --db "$E2E_DB" 2>&1) || rc=$?
e2e_check "9001.2 a short password exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9001.2 and says why" grep -q "10 characters" <<<"$err"

# 9001.3 user list
out=$(e2e_tillit user list)
e2e_check "9001.3 user list shows anna" grep -qP "^$id\tanna\tactive\tAnna Andersson$" <<<"$out"
out=$(e2e_tillit user list --json)
e2e_check "9001.3 user list --json" grep -q '"username":"anna"' <<<"$out"
e2e_check "9001.3 user list --json has no password hash" bash -c '! grep -q argon2 <<<"$0"' "$out"

# 9001.4 user passwd, then sign in over HTTP with the new password
printf 'ett helt nytt lösenord\n' | e2e_tillit user passwd anna --password-stdin
e2e_request /login
pre=$(sed -n 's/.*name="pre" value="\([^"]*\)".*/\1/p' "$E2E_BODY" | head -n 1)
e2e_request --data-urlencode username=anna --data-urlencode "password=inte mitt lösenord alls" \
	--data-urlencode "pre=$pre" /login
e2e_check "9001.4 a wrong password: 401 (got $E2E_STATUS)" [ "$E2E_STATUS" = 401 ]
e2e_request /login
pre=$(sed -n 's/.*name="pre" value="\([^"]*\)".*/\1/p' "$E2E_BODY" | head -n 1)
e2e_request --data-urlencode username=anna --data-urlencode "password=ett helt nytt lösenord" \
	--data-urlencode "pre=$pre" /login
e2e_check "9001.4 sign-in with the new password: 303 (got $E2E_STATUS)" [ "$E2E_STATUS" = 303 ]
e2e_check "9001.4 the session cookie is HttpOnly" grep -qi 'Set-Cookie: tillit_session=.*HttpOnly' "$E2E_HEADERS"

# 9001.5 token create, used against the API
token=$(e2e_tillit token create --user anna --name "ci")
e2e_check "9001.5 token create prints a token" grep -qE '^tlt_[A-Za-z0-9_-]{40,}$' <<<"$token"
e2e_request -H "Authorization: Bearer $token" /api/v1/me
e2e_check "9001.5 the token signs in to the API (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "9001.5 as anna" grep -q '"username":"anna"' "$E2E_BODY"
e2e_request -H "Authorization: Bearer tlt_not-a-real-token" /api/v1/me
e2e_check "9001.5 a wrong token gets 401 (got $E2E_STATUS)" [ "$E2E_STATUS" = 401 ]
rc=0; e2e_tillit token create --user nobody >/dev/null 2>&1 || rc=$?
e2e_check "9001.5 token for an unknown user exits 1 (got $rc)" [ "$rc" = 1 ]

# 9001.6 demo data goes only into an empty database
out=$(e2e_tillit demo --if-empty)
e2e_check "9001.6 demo --if-empty on an empty tree adds Ekdala kommun" grep -q "Ekdala kommun" <<<"$out"
e2e_check "9001.6 and prints one account per role" [ "$(grep -cE '^  (admin|samordnare|dso|agare|lasare|revisor) ' <<<"$out")" = 6 ]
out=$(e2e_tillit demo --if-empty)
e2e_check "9001.6 a second demo --if-empty adds nothing" grep -q "no demo data was added" <<<"$out"
rc=0; e2e_tillit demo >/dev/null 2>&1 || rc=$?
e2e_check "9001.6 demo without --if-empty on data exits 1 (got $rc)" [ "$rc" = 1 ]

# 9001.11 the audit key: made at first start beside the database (or where
# TILLIT_AUDIT_KEY_FILE says), readable by its owner only, required.
keyfile=${TILLIT_AUDIT_KEY_FILE:-${E2E_DB#sqlite:}.auditkey}
e2e_check "9001.11 the audit key file exists ($keyfile)" [ -s "$keyfile" ]
e2e_check "9001.11 with mode 600" [ "$(stat -c %a "$keyfile")" = 600 ]
e2e_check "9001.11 and holds 64 hex digits" grep -qE '^[0-9a-f]{64}$' "$keyfile"
rc=0; err=$(env -u TILLIT_AUDIT_KEY_FILE "$TILLIT_BIN" token create --user anna \
	--db "postgresql://nobody@127.0.0.1:1/none" 2>&1) || rc=$?
e2e_check "9001.11 PostgreSQL without a key file given: exit 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9001.11 and says to give --audit-key" grep -q -- "--audit-key" <<<"$err"
chmod 644 "$keyfile"
rc=0; err=$(e2e_tillit token create --user anna 2>&1) || rc=$?
e2e_check "9001.11 a key file others can read is refused (exit $rc)" [ "$rc" = 1 ]
e2e_check "9001.11 and says chmod 600" grep -q "chmod 600" <<<"$err"
chmod 600 "$keyfile"
mv "$keyfile" "$keyfile.away"
rc=0; err=$(e2e_tillit token create --user anna 2>&1) || rc=$?
e2e_check "9001.11 a keyed trail without its key file: writing exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9001.11 and asks for the file back" grep -q "restore it from the backup" <<<"$err"
rc=0; err=$(e2e_tillit audit verify 2>&1) || rc=$?
e2e_check "9001.11 and checking exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9001.11 no new key was made in its place" [ ! -e "$keyfile" ]
mv "$keyfile.away" "$keyfile"

# 9001.13 audit verify --records: the tables against the trail's snapshots.
out=$(e2e_tillit audit verify --records)
e2e_check "9001.13 the demo data matches its trail" grep -q "records match the audit trail" <<<"$out"
asset=$(raw_sql "SELECT min(id) FROM assets")
grant=$(raw_sql "SELECT min(id) FROM role_assignments WHERE unit_id IS NOT NULL")
raw_sql "UPDATE assets SET name = 'Ändrat bakom ryggen' WHERE id = $asset"
raw_sql "UPDATE role_assignments SET role = 'administrator' WHERE id = $grant"
rc=0; err=$(e2e_tillit audit verify --records 2>&1) || rc=$?
e2e_check "9001.13 silent edits: exit 3 (got $rc)" [ "$rc" = 3 ]
e2e_check "9001.13 names the asset's name" grep -q "^asset $asset: name is \"Ändrat bakom ryggen\" in the table" <<<"$err"
e2e_check "9001.13 names the grant's role" grep -q "^role_assignment $grant: role is \"administrator\"" <<<"$err"
e2e_check "9001.13 while the chain itself is intact" grep -q "audit trail intact" <<<"$err"

# 9001.12 anchors: the head printed for a record elsewhere, and proven later;
# an older copy put back passes verify but not the anchor taken after it.
anchor1=$(e2e_tillit audit anchor)
e2e_check "9001.12 audit anchor prints SEQ:MAC ($anchor1)" grep -qE '^[0-9]+:[0-9a-f]{64}$' <<<"$anchor1"
head1=$(raw_sql "SELECT last_id || '|' || last_hash || '|' || head_mac FROM audit_head")
e2e_tillit token create --user anna --name "after the anchor" --days 7 >/dev/null
anchor2=$(e2e_tillit audit anchor)
out=$(e2e_tillit audit verify --anchor "$anchor1")
e2e_check "9001.12 verify --anchor on the intact trail: exit 0" grep -q "the anchor included" <<<"$out"
rc=0; e2e_tillit audit verify --anchor "12:nothex" >/dev/null 2>&1 || rc=$?
e2e_check "9001.12 a malformed anchor is a usage error (got $rc)" [ "$rc" = 2 ]
IFS='|' read -r old_id old_hash old_mac <<<"$head1"
raw_sql "DELETE FROM audit_log WHERE id > $old_id"
raw_sql "UPDATE audit_head SET last_id = $old_id, last_hash = '$old_hash', head_mac = '$old_mac'"
rc=0; e2e_tillit audit verify >/dev/null 2>&1 || rc=$?
e2e_check "9001.12 the put-back older head alone verifies (got $rc)" [ "$rc" = 0 ]
rc=0; err=$(e2e_tillit audit verify --anchor "$anchor2" 2>&1) || rc=$?
e2e_check "9001.12 but not against the later anchor: exit 3 (got $rc)" [ "$rc" = 3 ]
e2e_check "9001.12 which says it was cut" grep -q "no longer holds the anchored entry ${anchor2%%:*}" <<<"$err"

# 9001.7 audit verify: intact, then altered behind Tillit's back
out=$(e2e_tillit audit verify)
e2e_check "9001.7 audit verify on an intact trail exits 0" grep -q "audit trail intact" <<<"$out"
raw_sql "UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE id = 4"
rc=0; err=$(e2e_tillit audit verify 2>&1) || rc=$?
e2e_check "9001.7 an altered entry: exit 3 (got $rc)" [ "$rc" = 3 ]
e2e_check "9001.7 and the first bad entry is named" grep -q "first bad entry: 4" <<<"$err"
raw_sql "DELETE FROM audit_log WHERE id = 4"
rc=0; err=$(e2e_tillit audit verify 2>&1) || rc=$?
e2e_check "9001.7 a removed entry: exit 3 (got $rc)" [ "$rc" = 3 ]
e2e_check "9001.7 names the missing entry" grep -q "first bad entry: 4" <<<"$err"

# 9001.8 backup (SQLite): online, consistent, never overwriting
if [ -z "${E2E_SCHEMA:-}" ] && [ -z "${TEST_DB_URL:-}" ]; then
	out=$(e2e_tillit backup "$E2E_DIR/copy.db")
	e2e_check "9001.8 backup writes the file" [ -s "$E2E_DIR/copy.db" ]
	e2e_check "9001.8 the copy holds the accounts" [ "$(sqlite3 "$E2E_DIR/copy.db" 'SELECT count(*) FROM users')" -ge 7 ]
	e2e_check "9001.8 the copy passes an integrity check" [ "$(sqlite3 "$E2E_DIR/copy.db" 'PRAGMA integrity_check')" = ok ]
	before=$(sha256sum "$E2E_DIR/copy.db")
	rc=0; e2e_tillit backup "$E2E_DIR/copy.db" >/dev/null 2>&1 || rc=$?
	e2e_check "9001.8 backup onto an existing file exits 1 (got $rc)" [ "$rc" = 1 ]
	e2e_check "9001.8 and leaves that file as it was" [ "$(sha256sum "$E2E_DIR/copy.db")" = "$before" ]
	rc=0; "$TILLIT_BIN" backup 2>/dev/null || rc=$?
	e2e_check "9001.8 backup without a file name exits 2 (got $rc)" [ "$rc" = 2 ]
else
	rc=0; e2e_tillit backup "$E2E_DIR/copy.db" >/dev/null 2>&1 || rc=$?
	e2e_check "9001.8 backup on PostgreSQL refuses and points to pg_dump (exit $rc)" [ "$rc" = 1 ]
fi

# 9001.9 migrate is idempotent
out=$(e2e_tillit migrate)
e2e_check "9001.9 migrate reports the schema version" grep -qE '^schema version [0-9]+$' <<<"$out"

# 9001.10 the access log: one structured line per request, never a secret
e2e_request "/units?token=$token"
e2e_check "9001.10 access lines are written" grep -q '"type":"access"' "$E2E_LOG"
e2e_check "9001.10 each has status, duration and user" grep -q '"status":200,"ms":[0-9.]*,"user":[0-9]*' "$E2E_LOG"
e2e_check "9001.10 no API token in the log" bash -c '! grep -qF "$0" "$1"' "$token" "$E2E_LOG"
e2e_check "9001.10 no password in the log" bash -c '! grep -qF "ett helt nytt" "$0"' "$E2E_LOG"
e2e_check "9001.10 no session cookie in the log" bash -c '! grep -q "tillit_session" "$0"' "$E2E_LOG"
e2e_check "9001.10 the refused password is logged: name and address" \
	grep -q 'password refused for user name \\"anna\\" from 127.0.0.1 (field username)' "$E2E_LOG"
e2e_check "9001.10 but not the password tried" bash -c '! grep -qF "inte mitt lösenord" "$0"' "$E2E_LOG"
# Refusals are lines too: a wrong token (9001.5) and a role that does not reach.
e2e_user_add lasa10 reader >/dev/null
rtoken=$(e2e_tillit token create --user lasa10 --name "ci")
e2e_request -H "Authorization: Bearer $rtoken" /api/v1/users
e2e_check "9001.10 a reader asking for the users: 403 (got $E2E_STATUS)" [ "$E2E_STATUS" = 403 ]
e2e_check "9001.10 the refusal is logged with path, user and address" \
	grep -qE '"path":"/api/v1/users","status":403,"ms":[0-9.]*,"user":[0-9]+,"remote":"127.0.0.1"' "$E2E_LOG"
e2e_check "9001.10 so is the wrong token" grep -qE '"path":"/api/v1/me","status":401,"ms":[0-9.]*,"user":null' "$E2E_LOG"

e2e_done

#!/usr/bin/env bash
# t2003-import-killed.sh - a large asset import whose server is killed in the
# middle leaves nothing behind: its rows, saved in several transactions and
# visible while it ran, are removed when the server starts again, each with
# an audit entry, so `audit verify --records` passes; the same file then
# imports whole.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Enough rows that the import commits more than once even alone on a quick machine (a journaled save
# holds one transaction for up to a second when nobody waits): the kill must land between two commits.
N=100000
export TILLIT_MAX_BODY=67108864 TILLIT_REQUEST_TIMEOUT=600
e2e_start

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)


# How many assets the API lists (exact up to 10,000).
total()
{
	e2e_api GET "/api/v1/assets?limit=1${1:+&q=$1}"
	grep -o '"total":[0-9]*' "$E2E_BODY" | head -n 1 | cut -d: -f2
}

e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun","code":"EK"}'
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the organisation: $E2E_STATUS $(cat "$E2E_BODY")"
e2e_api POST /api/v1/assets '{"unit_id":1,"kind":"system","name":"Lönesystem"}'
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating an asset: $E2E_STATUS $(cat "$E2E_BODY")"
before=$(total)

csv=$E2E_DIR/import.csv
{
	printf 'Namn;Typ;Enhet;Beskrivning\r\n'
	seq 1 "$N" | awk '{ printf "Importerat system %06d;Informationssystem;EK;Rad %d av filen\r\n", $1, $1 }'
} >"$csv"

# 2003.1 the import runs (rows visible) when the server is killed
curl -s --max-time 600 -o "$E2E_DIR/import.out" -H "Authorization: Bearer $E2E_TOKEN" -H 'Content-Type: text/csv' \
	--data-binary @"$csv" "$E2E_URL/api/v1/assets/import" &
client=$!
seen=0
for _ in $(seq 1 2000); do
	n=$(total)
	if [ -n "$n" ] && [ "$n" -gt "$before" ]; then
		seen=$n
		break
	fi
	sleep 0.01
done
kill -KILL "$E2E_PID"
wait "$E2E_PID" 2>/dev/null || true
E2E_PID=
wait "$client" 2>/dev/null || true
e2e_check "2003.1 rows of the import were visible before the kill (saw $seen, before $before)" [ "$seen" -gt "$before" ]

# 2003.2 the next start undoes it (a later clock: on PostgreSQL only an import not heard of for a minute is undone)
TILLIT_NOW=$(($(date +%s) + 120)) e2e_serve
n=$(total)
e2e_check "2003.2 after the restart the register is as before the import ($n, before $before)" [ "$n" = "$before" ]
e2e_check "2003.2 the log says the import was undone" grep -q "stopped before its end: undoing it" "$E2E_LOG"
e2e_check "2003.2 and that it was" grep -q '"asset import [0-9]* undone"' "$E2E_LOG"
# audit verify --records, what it says kept (and shown when it fails)
verified()
{
	e2e_tillit audit verify --records >"$E2E_DIR/verify.out" 2>&1 || {
		sed 's/^/#   /' "$E2E_DIR/verify.out" | tail -n 20
		return 1
	}
}
e2e_check "2003.2 audit verify --records passes" verified
e2e_stop

# 2003.3 the same file imports whole
e2e_serve
curl -s --max-time 600 -o "$E2E_DIR/import.out" -w '%{http_code}' -H "Authorization: Bearer $E2E_TOKEN" \
	-H 'Content-Type: text/csv' --data-binary @"$csv" "$E2E_URL/api/v1/assets/import" >"$E2E_DIR/status"
e2e_check "2003.3 the import answers 201 ($(cat "$E2E_DIR/status"))" [ "$(cat "$E2E_DIR/status")" = 201 ]
e2e_check "2003.3 its last row is there" [ "$(total 'system%20100000')" = 1 ]
e2e_check "2003.3 audit verify --records passes" verified

e2e_done

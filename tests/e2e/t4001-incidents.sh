#!/usr/bin/env bash
# t4001-incidents.sh - incidents through the real binary: a report and its
# triage through the API with times given with their offsets, the public
# form off and on, `tillit export incidents` with the list's filters and its
# exit codes, and the incident pages through tidy.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=sv

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)

# 4001.1 a report and its triage
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
org=$(e2e_last_id)
e2e_api POST /api/v1/incidents "{\"unit_id\":$org,\"title\":\"Mejl till fel mottagare\",\"occurred_at\":\"2026-10-25T02:10:00+02:00\"}"
e2e_check "4001.1 a report is made (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
inc=$(e2e_last_id)
e2e_api POST "/api/v1/incidents/$inc/triage" '{"decision":"incident","kinds":["breach","significant"],"version":1}'
e2e_check "4001.1 it is made an incident (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "4001.1 its time is stored in UTC" grep -q '"occurred_at":"2026-10-25T00:10:00Z"' "$E2E_BODY"
e2e_check "4001.1 with the duties to IMY, the data subjects and the CSIRT" \
	grep -q '"regime":"gdpr33".*"regime":"gdpr34".*"regime":"csirt"' "$E2E_BODY"
e2e_api PATCH "/api/v1/incidents/$inc" '{"aware_at":"2026-10-25T02:30:00+01:00","version":2}'
e2e_check "4001.1 the second 02:30 of 25 October is taken by its offset (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "4001.1 the early warning is due 24 hours later" grep -q '"stage":"early_warning","due":"2026-10-26T01:30:00Z"' "$E2E_BODY"
e2e_api PATCH "/api/v1/incidents/$inc" '{"aware_at":"2026-10-25T00:00:00+02:00","version":3}'
e2e_check "4001.1 awareness before occurrence: 400 (got $E2E_STATUS)" [ "$E2E_STATUS" = 400 ]
e2e_check "4001.1 naming aware_at" grep -q '"field":"aware_at"' "$E2E_BODY"

# 4001.2 the public form: off by default, on after the setting
e2e_request "/report/$org"
e2e_check "4001.2 the public form is off by default (got $E2E_STATUS)" [ "$E2E_STATUS" = 404 ]
e2e_api PATCH "/api/v1/organisations/$org/incident-settings" '{"public_intake":true,"version":0}'
e2e_check "4001.2 it is turned on (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_request "/report/$org"
e2e_check "4001.2 and shows the organisation (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "4001.2 by its name" grep -q "Ekdala kommun" "$E2E_BODY"
e2e_request -X POST --data-urlencode "description=En pärm på en parkbänk" "/report/$org"
e2e_check "4001.2 a report through it gets a receipt (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "4001.2 shown to the reporter" grep -q "kvittensnummer" "$E2E_BODY"

# 4001.3 the export on the command line, with the list's filters
out=$("$TILLIT_BIN" --help)
e2e_check "4001.3 --help lists export incidents" grep -q "export incidents --format" <<<"$out"
for bad in "export incidents" "export incidents --format pdf" "export incidents --format xlsx" \
	"export incidents --format csv --kind meteor" "export incidents --format csv --from 2026-13-01"; do
	rc=0
	# shellcheck disable=SC2086
	"$TILLIT_BIN" $bad --db "$E2E_DB" >/dev/null 2>&1 || rc=$?
	e2e_check "4001.3 tillit $bad exits 2 (got $rc)" [ "$rc" = 2 ]
done
csv=$(e2e_tillit export incidents --format csv --kind breach)
e2e_check "4001.3 the breach is exported" grep -q "Mejl till fel mottagare" <<<"$csv"
e2e_check "4001.3 with its time in Swedish time" grep -q "2026-10-25 02:10" <<<"$csv"
e2e_check "4001.3 but not the report in triage" bash -c '! grep -q "parkbänk" <<<"$0"' "$csv"
json=$(e2e_tillit export incidents --format json --state triage)
e2e_check "4001.3 the state filter finds the public report" grep -q '"source":"public"' <<<"$json"
e2e_tillit export incidents --format xlsx --output "$E2E_DIR/i.xlsx"
e2e_check "4001.3 XLSX is a zip" bash -c '[ "$(head -c 2 "$0")" = PK ]' "$E2E_DIR/i.xlsx"

# 4001.4 the pages are valid HTML (tidy reports no errors; warnings are printed but allowed)
e2e_request /login
pre=$(sed -n 's/.*name="pre" value="\([^"]*\)".*/\1/p' "$E2E_BODY" | head -n 1)
e2e_request --data-urlencode username=anna --data-urlencode "password=$PASS" --data-urlencode "pre=$pre" /login
e2e_check "4001.4 signed in (got $E2E_STATUS)" [ "$E2E_STATUS" = 303 ]
for path in /incidents "/incidents/$inc" "/incidents/$inc/edit" "/incidents/$inc/texts/imy" \
	"/incidents/$inc/texts/csirt" /incidents/stats /incidents/report /incidents/mine "/report/$org"; do
	e2e_request -H 'Accept: text/html' "$path"
	e2e_check "4001.4 GET $path (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
	tidy_rc=0
	tidy -q -e "$E2E_BODY" >"$E2E_DIR/tidy.out" 2>&1 || tidy_rc=$?
	e2e_check "4001.4 $path passes tidy -q -e (tidy exit $tidy_rc)" [ "$tidy_rc" -le 1 ]
	sed 's/^/# tidy: /' "$E2E_DIR/tidy.out"
done

e2e_done

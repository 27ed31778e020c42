#!/usr/bin/env bash
# t5001-training.sh - training and governing documents through the real
# binary: `tillit training import` (a dry run listing every bad row with
# exit 1 and nothing saved, then the good file), a governing document's
# file uploaded as a real multipart form and downloaded as an attachment.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=en

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)

e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun","code":"EK"}'
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the organisation: $E2E_STATUS $(cat "$E2E_BODY")"
org=$(e2e_last_id)
e2e_api POST /api/v1/courses '{"title":"Grundkurs i informationssäkerhet","provider":"MSB","validity_months":24}'
e2e_check "5001.1 a course through the API (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]

# 5001.2 the import: bad rows first, nothing saved
printf 'Kurs;Person;Datum;Enhet\nOkänd kurs;anna;2026-01-10;EK\nGrundkurs i informationssäkerhet;anna;2999-01-01;EK\n' >"$E2E_DIR/bad.csv"
if out=$(e2e_tillit training import "$E2E_DIR/bad.csv" 2>&1); then
	e2e_fail "5001.2 a file with bad rows is refused"
else
	e2e_ok "5001.2 a file with bad rows is refused"
fi
e2e_check "5001.2 each bad row named with its line" grep -q "bad.csv:3: Datum:" <<<"$out"
printf 'Kurs;Person;Datum;Enhet\nGrundkurs i informationssäkerhet;anna;2026-01-10;EK\n' >"$E2E_DIR/good.csv"
out=$(e2e_tillit training import "$E2E_DIR/good.csv" --dry-run)
e2e_check "5001.2 a dry run imports nothing" grep -q "nothing imported" <<<"$out"
e2e_api GET /api/v1/training-completions
e2e_check "5001.2 no completion yet" grep -q '"total":0' "$E2E_BODY"
out=$(e2e_tillit training import "$E2E_DIR/good.csv")
e2e_check "5001.2 the good file imported" grep -q "1 rows imported" <<<"$out"
e2e_api GET /api/v1/training-completions
e2e_check "5001.2 one completion" grep -q '"total":1' "$E2E_BODY"

# 5001.3 a governing document's file over HTTP
e2e_api POST /api/v1/governing-documents "{\"unit_id\":$org,\"kind\":\"routine\",\"title\":\"Incidentrutin\",\"review_months\":12}"
e2e_check "5001.3 a routine (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
doc=$(e2e_last_id)
printf '%%PDF-1.4\n%%%%EOF\n' >"$E2E_DIR/rutin.pdf"
e2e_request -X POST -H "Authorization: Bearer $E2E_TOKEN" -H 'If-Match: "1"' -H 'Content-Type: application/pdf' \
	--data-binary "@$E2E_DIR/rutin.pdf" "/api/v1/governing-documents/$doc/file?name=rutin.pdf"
e2e_check "5001.3 the file attached (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
sum=$(sha256sum "$E2E_DIR/rutin.pdf" | cut -d' ' -f1)
e2e_check "5001.3 its SHA-256 stored" grep -q "\"sha256\":\"$sum\"" "$E2E_BODY"
e2e_request -H "Authorization: Bearer $E2E_TOKEN" "/api/v1/governing-documents/$doc/file"
e2e_check "5001.3 downloaded as an attachment" grep -qi '^content-disposition: attachment; filename="rutin.pdf"' "$E2E_HEADERS"
e2e_check "5001.3 the same bytes" cmp -s "$E2E_BODY" "$E2E_DIR/rutin.pdf"
out=$(e2e_tillit audit verify --records)
e2e_check "5001.3 the audit trail and the tables agree" grep -q "intact" <<<"$out"

e2e_done

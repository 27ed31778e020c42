#!/usr/bin/env bash
# t3001-risk-export.sh - risks and continuity plans out of the real binary:
# an analysis, a risk and two plans made through the API, then
# `tillit export risks` and `tillit export continuity` in every format
# (documents read back as DOCX and Markdown), the documented usage errors,
# and the HTTP downloads.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=sv

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)


# 3001.1 an analysis with one risk, and two plans, one flagged by its dependency
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
org=$(e2e_last_id)
e2e_api POST /api/v1/assets "{\"unit_id\":$org,\"kind\":\"system\",\"name\":\"Ärendesystem\",\"business_critical\":true}"
sys=$(e2e_last_id)
e2e_api POST /api/v1/assets "{\"unit_id\":$org,\"kind\":\"system\",\"name\":\"Stadsnät\"}"
net=$(e2e_last_id)
e2e_api POST "/api/v1/assets/$sys/links" "{\"to_id\":$net,\"kind\":\"depends_on\"}"
e2e_api POST /api/v1/risk-analyses "{\"unit_id\":$org,\"title\":\"Riskanalys 2026\",\"analysis_date\":\"2026-03-01\"}"
e2e_check "3001.1 an analysis is created (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
analysis=$(e2e_last_id)
e2e_api POST "/api/v1/risk-analyses/$analysis/risks" '{"threat":"Utpressningsvirus","likelihood":3,"consequence":4,"vulnerability":"=HYPERLINK(\"x\")"}'
e2e_check "3001.1 a risk is added (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
e2e_api POST /api/v1/continuity-plans "{\"unit_id\":$org,\"asset_id\":$net,\"title\":\"Nätet\",\"mto_hours\":96,\"rto_hours\":72,\"rpo_hours\":24}"
e2e_api POST /api/v1/continuity-plans "{\"unit_id\":$org,\"asset_id\":$sys,\"title\":\"Ärenden\",\"mto_hours\":24,\"rto_hours\":8,\"rpo_hours\":4}"
e2e_check "3001.1 the second plan is flagged" grep -q '"dependency_slower":true' "$E2E_BODY"

# 3001.2 usage errors exit 2
for bad in "export risks" "export risks --format pdf" "export risks --format docx" "export continuity --format xlsx" \
	"export continuity --format csv --analysis 1" "export risks --format csv --unit x"; do
	rc=0
	# shellcheck disable=SC2086
	"$TILLIT_BIN" $bad --db "$E2E_DB" >/dev/null 2>&1 || rc=$?
	e2e_check "3001.2 tillit $bad exits 2 (got $rc)" [ "$rc" = 2 ]
done

# 3001.3 every format
out=$(e2e_tillit export risks --format csv)
e2e_check "3001.3 the CSV has Swedish headers" grep -q "^.*Id;Analys;Verksamhet / enhet;Hot;Sårbarhet" <<<"$out"
e2e_check "3001.3 and the risk, its formula guarded" grep -q "Utpressningsvirus;\"'=HYPERLINK" <<<"$out"
out=$(e2e_tillit export risks --format json --analysis "$analysis")
e2e_check "3001.3 JSON of one analysis" grep -q '"band":"very_high".*"total":1}$' <<<"$out"
out=$(e2e_tillit export risks --format md)
e2e_check "3001.3 Markdown with the matrix" grep -q "^## Riskmatris" <<<"$out"
e2e_tillit export risks --format docx --output "$E2E_DIR/r.docx"
e2e_check "3001.3 DOCX is a zip with a document" bash -c "unzip -p '$E2E_DIR/r.docx' word/document.xml | grep -q Utpressningsvirus"
e2e_tillit export risks --format xlsx --output "$E2E_DIR/r.xlsx"
e2e_check "3001.3 XLSX is a zip" bash -c "unzip -l '$E2E_DIR/r.xlsx' | grep -q xl/worksheets/sheet1.xml"
out=$(e2e_tillit export continuity --format csv)
e2e_check "3001.3 plans as CSV, flagged" grep -q "Ärenden;Ärendesystem.*Beroende av en tillgång som återställs långsammare" <<<"$out"
e2e_tillit export continuity --format docx --output "$E2E_DIR/c.docx"
e2e_check "3001.3 plans as DOCX" bash -c "unzip -p '$E2E_DIR/c.docx' word/document.xml | grep -q 'Ärendesystem → Stadsnät'"

# 3001.4 the downloads over HTTP
e2e_request -H "Authorization: Bearer $E2E_TOKEN" "/api/v1/continuity-plans/export?format=xlsx"
e2e_check "3001.4 plans as XLSX over HTTP (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
out=$(e2e_tillit audit verify)
e2e_check "3001.4 the audit trail is intact" grep -q "audit trail intact" <<<"$out"

e2e_done

#!/usr/bin/env bash
# t3010-audit-response.sh - a board's response to an audit out of the real
# binary: the audit, a recommendation, a response with an action area and
# two measures made through the API, then `tillit report audit-response` as
# HTML, Markdown and DOCX (to a file and to standard output), and the usage
# errors (exit 2) and an unknown response (exit 1).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=sv

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)

# 3010.1 an audit, its recommendation and a response with an area and two measures
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
org=$(e2e_last_id)
e2e_api POST /api/v1/units "{\"parent_id\":$org,\"kind\":\"board\",\"name\":\"Kommunstyrelsen\"}"
ks=$(e2e_last_id)
e2e_api POST /api/v1/inspections "{\"unit_id\":$org,\"auditor_kind\":\"municipal\",\"title\":\"Granskning av IT-säkerhet\",\"report_date\":\"2021-01-10\",\"board_ids\":[$ks]}"
e2e_check "3010.1 the audit is registered (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
audit=$(e2e_last_id)
e2e_api POST "/api/v1/inspections/$audit/recommendations" "{\"number\":1,\"text\":\"Etablera en organisation.\",\"board_ids\":[$ks]}"
rec=$(e2e_last_id)
e2e_api POST "/api/v1/inspections/$audit/responses" "{\"unit_id\":$ks,\"response_date\":\"2021-04-07\",\"title\":\"Yttrande över granskning av IT-säkerhet\",\"addressee\":\"Revisorskollegiet\"}"
e2e_check "3010.1 the response is written (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
resp=$(e2e_last_id)
e2e_api POST "/api/v1/responses/$resp/areas" "{\"number\":1,\"heading\":\"Etablera en organisation.\",\"recommendation_ids\":[$rec],\"actions_taken\":\"- Ny riktlinje framtagen.\"}"
e2e_api POST "/api/v1/responses/$resp/measures" "{\"title\":\"Ny riktlinje för informationssäkerhet\",\"unit_id\":$ks,\"status\":\"ongoing\",\"comment\":\"Ärende STK-2021-1717\"}"
e2e_api POST "/api/v1/responses/$resp/measures" "{\"title\":\"Nulägesuppföljning\",\"unit_id\":$ks,\"status\":\"done\"}"
e2e_check "3010.1 the measures are added (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]

# 3010.2 the document on the command line, in every format
for fmt in html md docx; do
	rc=0; e2e_tillit report audit-response --response "$resp" --format "$fmt" --output "$E2E_DIR/y.$fmt" || rc=$?
	e2e_check "3010.2 report as $fmt exits 0 (got $rc)" [ "$rc" = 0 ]
done
e2e_check "3010.2 the HTML names the response" grep -q "<title>Yttrande över granskning av IT-säkerhet</title>" "$E2E_DIR/y.html"
e2e_check "3010.2 the Markdown has the action area" grep -q "^### Åtgärdsområde 1" "$E2E_DIR/y.md"
e2e_check "3010.2 the Markdown has the measure with its comment" grep -q "Ny riktlinje för informationssäkerhet.*Ärende STK-2021-1717" "$E2E_DIR/y.md"
e2e_check "3010.2 the DOCX is a zip" [ "$(head -c 2 "$E2E_DIR/y.docx")" = "PK" ]
doc=$(unzip -p "$E2E_DIR/y.docx" word/document.xml)
for t in "Yttrande" "Åtgärdsområde 1" "Nulägesuppföljning" "Ny riktlinje framtagen."; do
	e2e_check "3010.2 the DOCX holds $t" grep -q "$t" <<<"$doc"
done
out=$(e2e_tillit report audit-response --response "$resp" --format md)
e2e_check "3010.2 without --output it writes to standard output" grep -q "Hittills vidtagna åtgärder" <<<"$out"

# 3010.3 usage errors exit 2; an unknown response exits 1
for bad in "report audit-response --response $resp --format pdf" "report audit-response --format md" \
	"report audit-response --response x --format md"; do
	rc=0; "$TILLIT_BIN" $bad --db "$E2E_DB" >/dev/null 2>&1 || rc=$?
	e2e_check "3010.3 tillit $bad exits 2 (got $rc)" [ "$rc" = 2 ]
done
rc=0; e2e_tillit report audit-response --response 999 --format md >/dev/null 2>&1 || rc=$?
e2e_check "3010.3 an unknown response exits 1 (got $rc)" [ "$rc" = 1 ]

e2e_done

#!/usr/bin/env bash
# t3001-action-plan.sh - an action plan out of the real binary: a plan with
# areas and activities made through the API, then `tillit report
# action-plan` as HTML, Markdown and DOCX (the DOCX a zip whose document
# holds every activity), the same report over HTTP as a download, and the
# documented exit codes (2 for usage errors, 1 when the unit has no plan for
# the year).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=sv

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)

# 3001.1 a plan for 2022 with two areas and three activities
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the organisation: $E2E_STATUS $(cat "$E2E_BODY")"
org=$(e2e_last_id)
e2e_api POST /api/v1/plans "{\"unit_id\":$org,\"year\":2022,\"areas\":[\"Nätverk\",\"IT-säkerhet\"]}"
e2e_check "3001.1 the plan is created (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
plan=$(e2e_last_id)
areas=($(grep -o '"areas":.*' "$E2E_BODY" | grep -o '"id":[0-9]*' | cut -d: -f2))
e2e_api POST "/api/v1/plans/$plan/activities" \
	"{\"area_id\":${areas[0]},\"title\":\"Riskanalys\",\"purpose\":\"Analyser *per* verksamhet.\",\"quarters\":[\"Q1\",\"Q2\"],\"status\":\"done\",\"status_comment\":\"De flesta har analyserat.\"}"
e2e_check "3001.1 an activity (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
e2e_api POST "/api/v1/plans/$plan/activities" \
	"{\"area_id\":${areas[0]},\"title\":\"Informationsklassning\",\"quarters\":[\"Q3\",\"Q4\"],\"status\":\"not_started\",\"status_comment\":\"Flyttas till 2023.\"}"
e2e_api POST "/api/v1/plans/$plan/activities" \
	"{\"area_id\":${areas[1]},\"title\":\"Tvåfaktorsautentisering\",\"quarters\":[\"Q2\",\"Q3\",\"Q4\"],\"status\":\"ongoing\"}"
e2e_check "3001.1 three activities (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]

# 3001.2 the report on the command line, in every format
for fmt in html md docx; do
	rc=0; e2e_tillit report action-plan --unit "$org" --year 2022 --format "$fmt" --output "$E2E_DIR/r.$fmt" || rc=$?
	e2e_check "3001.2 report as $fmt exits 0 (got $rc)" [ "$rc" = 0 ]
done
e2e_check "3001.2 the HTML names the plan" grep -q "<title>Uppföljning Handlingsplan Ekdala kommun 2022</title>" "$E2E_DIR/r.html"
e2e_check "3001.2 the HTML has the status paragraph" grep -q "Genomförd. De flesta har analyserat." "$E2E_DIR/r.html"
e2e_check "3001.2 the Markdown has the title" grep -q "^# Uppföljning Handlingsplan Ekdala kommun 2022" "$E2E_DIR/r.md"
e2e_check "3001.2 the Markdown has the areas as headings" grep -q "^## IT-säkerhet" "$E2E_DIR/r.md"
e2e_check "3001.2 the DOCX is a zip" [ "$(head -c 2 "$E2E_DIR/r.docx")" = "PK" ]
doc=$(unzip -p "$E2E_DIR/r.docx" word/document.xml)
for t in Riskanalys Informationsklassning Tvåfaktorsautentisering "Flyttas till 2023."; do
	e2e_check "3001.2 the DOCX holds $t" grep -q "$t" <<<"$doc"
done

# 3001.3 usage errors exit 2; a unit without a plan that year exits 1
for bad in "report" "report frobs" "report action-plan --unit $org --year 2022 --format pdf --output x" \
	"report action-plan --unit $org --year 1999 --format md --output x" \
	"report action-plan --year 2022 --format md --output x" "report action-plan --unit $org --year 2022 --format md"; do
	rc=0; "$TILLIT_BIN" $bad --db "$E2E_DB" 2>/dev/null || rc=$?
	e2e_check "3001.3 tillit $bad exits 2 (got $rc)" [ "$rc" = 2 ]
done
rc=0; err=$(e2e_tillit report action-plan --unit "$org" --year 2023 --format md --output "$E2E_DIR/none.md" 2>&1) || rc=$?
e2e_check "3001.3 no plan for 2023 exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "3001.3 and says so" grep -q "ingen handlingsplan" <<<"$err"
e2e_check "3001.3 and writes nothing" [ ! -e "$E2E_DIR/none.md" ]

# 3001.4 the same report over HTTP, as a download
e2e_api GET "/api/v1/plans/$plan/report?format=docx"
e2e_check "3001.4 the API answers the DOCX (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "3001.4 as the same document" cmp -s <(unzip -p "$E2E_BODY" word/document.xml) <(unzip -p "$E2E_DIR/r.docx" word/document.xml)

e2e_done

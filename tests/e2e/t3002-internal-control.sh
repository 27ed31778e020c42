#!/usr/bin/env bash
# t3002-internal-control.sh - internal control out of the real binary: a
# board's plan for 2026 with a control point, a result and a deviation made
# through the API, then `tillit report internal-control` in every format
# (the DOCX a zip whose document holds the analysis, the control point and
# the deviation), and the documented exit codes (2 for usage errors, 1 when
# the unit has no plan for the year).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=sv

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)

id_after()
{
	grep -o "\"$1\":{\"id\":[0-9]*" "$E2E_BODY" | head -n 1 | grep -o '[0-9]*$'
}
# 3002.1 a plan, a process, a control point, a result and a deviation
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
org=$(e2e_last_id)
e2e_api POST /api/v1/internal-control/plans "{\"unit_id\":$org,\"year\":2026}"
e2e_check "3002.1 the plan is created (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
plan=$(id_after plan)
e2e_api POST "/api/v1/internal-control/plans/$plan/processes" \
	'{"name":"Behörighetshantering","probability":3,"consequence":4,"decision":"selected"}'
process=$(e2e_last_id)
e2e_api POST "/api/v1/internal-control/plans/$plan/points" \
	"{\"process_id\":$process,\"title\":\"Behörigheter stäms av\",\"check_method\":\"sample\",\"sample_size\":2,\"population\":80}"
e2e_check "3002.1 the control point (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
point=$(e2e_last_id)
e2e_api POST "/api/v1/internal-control/points/$point/results" \
	'{"period":"2026-T1","checked_on":"2026-04-30","samples":[{"reference":"Användare 1"},{"reference":"Användare 2","ok":false}]}'
e2e_check "3002.1 the result (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
result=$(e2e_last_id)
e2e_api POST "/api/v1/internal-control/results/$result/deviations" \
	'{"description":"Konto kvar efter avslut","remedy":"Avslutsrutin"}'
e2e_check "3002.1 the deviation (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]

# 3002.2 the yearly report on the command line, in every format
for fmt in html md docx xlsx; do
	rc=0; e2e_tillit report internal-control --unit "$org" --year 2026 --format "$fmt" --output "$E2E_DIR/ik.$fmt" || rc=$?
	e2e_check "3002.2 report as $fmt exits 0 (got $rc)" [ "$rc" = 0 ]
done
e2e_check "3002.2 the HTML names the report" grep -q "<title>Uppföljning av intern kontroll 2026 – Ekdala kommun</title>" "$E2E_DIR/ik.html"
e2e_check "3002.2 the Markdown has the analysis" grep -q "Väsentlighets- och riskanalys" "$E2E_DIR/ik.md"
e2e_check "3002.2 the DOCX is a zip" [ "$(head -c 2 "$E2E_DIR/ik.docx")" = "PK" ]
doc=$(unzip -p "$E2E_DIR/ik.docx" word/document.xml)
for t in "Systematiskt informationssäkerhetsarbete" "Behörigheter stäms av" "Stickprov: 2 av 80" "Konto kvar efter avslut"; do
	e2e_check "3002.2 the DOCX holds $t" grep -q "$t" <<<"$doc"
done
e2e_check "3002.2 the XLSX is a workbook" unzip -l "$E2E_DIR/ik.xlsx" xl/workbook.xml
rc=0; e2e_tillit report internal-control --unit "$org" --year 2026 --format md --document plan --output "$E2E_DIR/plan.md" || rc=$?
e2e_check "3002.2 the plan alone exits 0 (got $rc)" [ "$rc" = 0 ]
e2e_check "3002.2 the plan alone has no deviations" bash -c "! grep -q 'Konto kvar efter avslut' '$E2E_DIR/plan.md'"

# 3002.3 usage errors exit 2; a unit without a plan that year exits 1
for bad in "report internal-control --unit $org --year 2026 --format pdf --output x" \
	"report internal-control --unit $org --year 1999 --format md --output x" \
	"report internal-control --unit $org --year 2026 --format md --document memo --output x" \
	"report internal-control --unit $org --year 2026 --format md"; do
	rc=0; "$TILLIT_BIN" $bad --db "$E2E_DB" 2>/dev/null || rc=$?
	e2e_check "3002.3 tillit $bad exits 2 (got $rc)" [ "$rc" = 2 ]
done
rc=0; e2e_tillit report internal-control --unit "$org" --year 2027 --format md --output "$E2E_DIR/none.md" 2>/dev/null || rc=$?
e2e_check "3002.3 no plan for 2027 exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "3002.3 and writes nothing" [ ! -e "$E2E_DIR/none.md" ]

e2e_done

#!/usr/bin/env bash
# t3101-management-review.sh - a management review out of the real binary:
# a review with a text and a prioritised action made through the API and
# approved, then `tillit report management-review` as HTML, Markdown and
# DOCX (the DOCX a zip whose document has its table-of-contents field and
# its sections), and the exit codes (2 for usage errors, 1 when the unit has
# no review of the year).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=sv

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)

# 3101.1 a review of 2024 written and approved
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the organisation: $E2E_STATUS $(cat "$E2E_BODY")"
org=$(e2e_last_id)
year=$(date -u +%Y)
e2e_api POST /api/v1/reviews "{\"unit_id\":$org,\"year\":$year,\"contact\":\"Linnea Kleiner\",\"texts\":{\"background\":\"Rapporten ges till *förvaltningschefen*.\"}}"
e2e_check "3101.1 the review is created (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
review=$(e2e_last_id)
e2e_api POST "/api/v1/reviews/$review/priorities" "{\"year\":$year,\"text\":\"Översyn av incidentrutiner\",\"version\":1}"
e2e_check "3101.1 a priority (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
e2e_api POST "/api/v1/reviews/$review/approve" "{\"approved_by\":\"Anders Carstorp\",\"approved_on\":\"$(date -u +%F)\",\"case_ref\":\"EK 2024/1\",\"version\":2}"
e2e_check "3101.1 approved (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]

# 3101.2 the report on the command line, in every format
for fmt in html md docx; do
	rc=0; e2e_tillit report management-review --unit "$org" --year "$year" --format "$fmt" --output "$E2E_DIR/r.$fmt" || rc=$?
	e2e_check "3101.2 report as $fmt exits 0 (got $rc)" [ "$rc" = 0 ]
done
e2e_check "3101.2 the HTML names the review" grep -q "<title>Ledningens genomgång år $year</title>" "$E2E_DIR/r.html"
e2e_check "3101.2 the Markdown has section 5.1" grep -q "^### 5.* Prioritering av åtgärder" "$E2E_DIR/r.md"
e2e_check "3101.2 the DOCX is a zip" [ "$(head -c 2 "$E2E_DIR/r.docx")" = "PK" ]
doc=$(unzip -p "$E2E_DIR/r.docx" word/document.xml)
for t in "TOC \\\\o" "Översyn av incidentrutiner" "Fastställd av Anders Carstorp" "Dnr: EK 2024/1"; do
	e2e_check "3101.2 the DOCX holds $t" grep -q "$t" <<<"$doc"
done

# 3101.3 usage errors exit 2; a unit without a review that year exits 1
for bad in "report management-review --unit $org --year $year --format pdf --output x" \
	"report management-review --year $year --format md --output x"; do
	rc=0; "$TILLIT_BIN" $bad --db "$E2E_DB" 2>/dev/null || rc=$?
	e2e_check "3101.3 tillit $bad exits 2 (got $rc)" [ "$rc" = 2 ]
done
rc=0; err=$(e2e_tillit report management-review --unit "$org" --year 2001 --format md --output "$E2E_DIR/none.md" 2>&1) || rc=$?
e2e_check "3101.3 no review of 2001 exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "3101.3 and says so" grep -q "ingen ledningens genomgång" <<<"$err"
e2e_check "3101.3 and writes nothing" [ ! -e "$E2E_DIR/none.md" ]

e2e_done

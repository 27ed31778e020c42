#!/usr/bin/env bash
# t4001-gdpr-register.sh - the register of processing activities out of the
# real binary: an activity recorded through the API, `tillit export
# register` in every format (one controller's subtree and the whole
# installation, with the documented exit codes), and the downloads of the
# web page.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)


# 4001.1 an activity through the API
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
org=$(e2e_last_id)
e2e_api POST /api/v1/units "{\"parent_id\":$org,\"kind\":\"board\",\"name\":\"Socialnämnden\"}"
soc=$(e2e_last_id)
e2e_api POST /api/v1/units "{\"parent_id\":$org,\"kind\":\"board\",\"name\":\"Kulturnämnden\"}"
kn=$(e2e_last_id)
e2e_api POST "/api/v1/organisations/$org/gdpr-categories" '{"kind":"subject","name":"Klienter"}'
subj=$(e2e_last_id)
e2e_api POST "/api/v1/organisations/$org/gdpr-categories" '{"kind":"data","name":"Kontaktuppgifter"}'
data=$(e2e_last_id)
e2e_api POST /api/v1/processing-activities "{\"unit_id\":$soc,\"name\":\"Ekonomiskt bistånd\",\"recipients\":\"Försäkringskassan\",\"purposes\":[{\"purpose\":\"Handläggning\",\"legal_basis\":\"e\",\"statute\":\"SoL\"}],\"data_subject_ids\":[$subj],\"personal_data\":[{\"category_id\":$data,\"retention\":\"5 år\"}]}"
e2e_check "4001.1 an activity is created through the API (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
e2e_api POST /api/v1/processing-activities "{\"unit_id\":$kn,\"name\":\"Bibliotekslån\"}"
e2e_check "4001.1 and another in another board (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
e2e_api POST /api/v1/processing-activities "{\"unit_id\":$soc,\"name\":\"Fel\",\"purposes\":[{\"purpose\":\"X\",\"legal_basis\":\"g\"}]}"
e2e_check "4001.1 an Art. 6(1) point outside (a)-(f) is refused (got $E2E_STATUS)" [ "$E2E_STATUS" = 400 ]
e2e_check "4001.1 naming the field" grep -q '"field":"legal_basis_1"' "$E2E_BODY"

# 4001.2 usage errors exit 2
out=$("$TILLIT_BIN" --help)
e2e_check "4001.2 --help lists export register" grep -q "export register --format" <<<"$out"
for bad in "export register" "export register --format pdf" "export register --format docx" \
	"export register --format csv --unit x" "export register --format csv extra" \
	"export register --format csv --lang de"; do
	rc=0
	# shellcheck disable=SC2086
	"$TILLIT_BIN" $bad --db "$E2E_DB" >/dev/null 2>&1 || rc=$?
	e2e_check "4001.2 tillit $bad exits 2 (got $rc)" [ "$rc" = 2 ]
done

# 4001.3 every format; --unit keeps to the controller's subtree
e2e_tillit export register --format csv --unit "$soc" >"$E2E_DIR/soc.csv"
e2e_check "4001.3 CSV holds the board's activity" grep -q "Ekonomiskt bistånd" "$E2E_DIR/soc.csv"
e2e_check "4001.3 with Swedish headers, the installation's language" grep -q "Gallringsfrister (artikel 30.1 f)" "$E2E_DIR/soc.csv"
e2e_tillit export register --format csv --unit "$soc" --lang en >"$E2E_DIR/soc-en.csv"
e2e_check "4001.3 or English with --lang en" grep -q "Time limits for erasure (Art. 30(1)(f))" "$E2E_DIR/soc-en.csv"
e2e_check "4001.3 and not the other board's" bash -c '! grep -q "Bibliotekslån" "$0"' "$E2E_DIR/soc.csv"
e2e_tillit export register --format json >"$E2E_DIR/all.json"
e2e_check "4001.3 JSON of the installation holds both" bash -c 'grep -q "Bibliotekslån" "$0" && grep -q "Ekonomiskt bistånd" "$0"' "$E2E_DIR/all.json"
for fmt in html md; do
	e2e_tillit export register --format "$fmt" --unit "$soc" >"$E2E_DIR/soc.$fmt"
	e2e_check "4001.3 $fmt holds the activity" grep -q "Ekonomiskt bistånd" "$E2E_DIR/soc.$fmt"
done
for fmt in xlsx docx; do
	e2e_tillit export register --format "$fmt" --unit "$soc" --output "$E2E_DIR/soc.$fmt"
	e2e_check "4001.3 $fmt is a zip file" [ "$(head -c 2 "$E2E_DIR/soc.$fmt")" = PK ]
done

# 4001.4 the API's export
e2e_api GET "/api/v1/processing-register?format=csv&unit_id=$soc"
e2e_check "4001.4 the API exports CSV (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "4001.4 as an attachment" grep -qi "^content-disposition: attachment" "$E2E_HEADERS"
e2e_check "4001.4 the streamed CSV holds the activity" grep -q "Ekonomiskt bistånd" "$E2E_BODY"
e2e_check "4001.4 and is sent in chunks" grep -qi "^transfer-encoding: chunked" "$E2E_HEADERS"
e2e_api GET "/api/v1/processing-register?format=json"
e2e_check "4001.4 the API exports JSON (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
if command -v python3 >/dev/null 2>&1; then
	n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["items"]), d["total"])' "$E2E_BODY")
	e2e_check "4001.4 the streamed JSON is whole: its items and its total agree (got $n)" [ "$n" = "2 2" ]
fi

e2e_done

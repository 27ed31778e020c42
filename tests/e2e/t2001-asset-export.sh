#!/usr/bin/env bash
# t2001-asset-export.sh - the asset register out of and into the real binary:
# `tillit export assets` as CSV, JSON and XLSX (all assets and one unit's
# subtree, with the documented exit codes), the HTTP downloads, and a CSV
# uploaded as a real multipart form and as an API body.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=sv

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)


# 2001.1 a small register through the API
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the organisation: $E2E_STATUS $(cat "$E2E_BODY")"
org=$(e2e_last_id)
e2e_api POST /api/v1/units "{\"parent_id\":$org,\"kind\":\"board\",\"name\":\"Kommunstyrelsen\",\"code\":\"KS\"}"
ks=$(e2e_last_id)
e2e_api POST /api/v1/units "{\"parent_id\":$org,\"kind\":\"board\",\"name\":\"Socialnämnden\",\"code\":\"SOC\"}"
soc=$(e2e_last_id)
e2e_api POST /api/v1/assets "{\"unit_id\":$ks,\"kind\":\"system\",\"name\":\"Lönesystem\",\"business_critical\":true,\"description\":\"Löner; och \\\"arvoden\\\"\\nför alla\"}"
e2e_check "2001.1 an asset is created through the API (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
e2e_api POST /api/v1/assets "{\"unit_id\":$ks,\"kind\":\"information_set\",\"name\":\"=SUMMA(A1)\",\"personal_data\":true}"
e2e_api POST /api/v1/assets "{\"unit_id\":$soc,\"kind\":\"system\",\"name\":\"Socialsystem\",\"nis2\":true}"
e2e_check "2001.1 three assets (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]

# 2001.2 --help and usage errors
out=$("$TILLIT_BIN" --help)
e2e_check "2001.2 --help lists export assets" grep -q "export assets --format xlsx|csv|json" <<<"$out"
for bad in "export" "export frobs --format csv" "export assets" "export assets --format pdf" \
	"export assets --format xlsx" "export assets --format csv --unit x" "export assets --format csv extra"; do
	rc=0
	# shellcheck disable=SC2086
	"$TILLIT_BIN" $bad --db "$E2E_DB" >/dev/null 2>&1 || rc=$?
	e2e_check "2001.2 tillit $bad exits 2 (got $rc)" [ "$rc" = 2 ]
done
rc=0; e2e_tillit export assets --format csv --unit 999999 >/dev/null 2>"$E2E_DIR/err" || rc=$?
e2e_check "2001.2 an unknown unit exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "2001.2 and names it" grep -q "unit_id" "$E2E_DIR/err"

# 2001.3 CSV on standard output
e2e_tillit export assets --format csv >"$E2E_DIR/all.csv"
e2e_check "2001.3 CSV starts with a UTF-8 byte-order mark" [ "$(head -c 3 "$E2E_DIR/all.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
e2e_check "2001.3 Swedish header, semicolons" grep -q "^.*Id;Namn;Typ;Enhet;Beskrivning;" "$E2E_DIR/all.csv"
e2e_check "2001.3 CRLF line ends" grep -q $'\r$' "$E2E_DIR/all.csv"
e2e_check "2001.3 every asset" [ "$(grep -c -e 'Lönesystem' -e 'SUMMA' -e 'Socialsystem' "$E2E_DIR/all.csv")" = 3 ]
e2e_check "2001.3 quoting per RFC 4180" grep -qF ';"Löner; och ""arvoden""' "$E2E_DIR/all.csv"
e2e_check "2001.3 no formula can run" grep -qF ";'=SUMMA(A1);" "$E2E_DIR/all.csv"
e2e_check "2001.3 booleans as Ja/Nej" grep -qF "'=SUMMA(A1);Informationsmängd;Kommunstyrelsen;;;;;;Ja;Nej;Nej;" "$E2E_DIR/all.csv"

# 2001.4 one unit's subtree, to a file
e2e_tillit export assets --format csv --unit "$soc" --output "$E2E_DIR/soc.csv"
e2e_check "2001.4 --unit keeps the subtree" grep -q "Socialsystem" "$E2E_DIR/soc.csv"
e2e_check "2001.4 and nothing else" bash -c '! grep -q Lönesystem "$0"' "$E2E_DIR/soc.csv"

# 2001.5 JSON
e2e_tillit export assets --format json >"$E2E_DIR/all.json"
e2e_check "2001.5 JSON has the total" grep -q '"total":3}$' "$E2E_DIR/all.json"
if command -v python3 >/dev/null 2>&1; then
	n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["items"]))' "$E2E_DIR/all.json")
	e2e_check "2001.5 JSON parses, three items (got $n)" [ "$n" = 3 ]
fi

# 2001.6 XLSX to a file
e2e_tillit export assets --format xlsx --output "$E2E_DIR/all.xlsx"
e2e_check "2001.6 XLSX is a zip file" [ "$(head -c 2 "$E2E_DIR/all.xlsx")" = PK ]
if command -v unzip >/dev/null 2>&1; then
	e2e_check "2001.6 with one worksheet" unzip -l "$E2E_DIR/all.xlsx" xl/worksheets/sheet1.xml
	e2e_check "2001.6 named Informationstillgångar" bash -c 'unzip -p "$0" xl/workbook.xml | grep -q "Informationstillgångar"' "$E2E_DIR/all.xlsx"
	e2e_check "2001.6 with an autofilter" bash -c 'unzip -p "$0" xl/worksheets/sheet1.xml | grep -q "<autoFilter"' "$E2E_DIR/all.xlsx"
	e2e_check "2001.6 and a frozen header row" bash -c 'unzip -p "$0" xl/worksheets/sheet1.xml | grep -q "state=\"frozen\""' "$E2E_DIR/all.xlsx"
	e2e_check "2001.6 holding the assets" bash -c 'unzip -p "$0" xl/sharedStrings.xml | grep -q "Socialsystem"' "$E2E_DIR/all.xlsx"
fi

# 2001.7 the same over HTTP
e2e_request -H "Authorization: Bearer $E2E_TOKEN" "/api/v1/assets/export?format=xlsx&unit_id=$ks"
e2e_check "2001.7 API export xlsx: 200 (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "2001.7 as an attachment" grep -qi 'Content-Disposition: attachment; filename="informationstillgangar-[0-9-]*\.xlsx"' "$E2E_HEADERS"
e2e_check "2001.7 a zip file" [ "$(head -c 2 "$E2E_BODY")" = PK ]
e2e_request -H "Authorization: Bearer $E2E_TOKEN" "/api/v1/assets/export?format=csv&nis2=true"
e2e_check "2001.7 API export csv, filtered" grep -q "Socialsystem" "$E2E_BODY"
e2e_check "2001.7 only what matches" bash -c '! grep -q Lönesystem "$0"' "$E2E_BODY"

# 2001.8 import: an API body, then a real multipart upload from the form
printf 'namn;typ;enhet;personuppgifter\r\nDiarium;Informationssystem;KS;ja\r\n' >"$E2E_DIR/in.csv"
e2e_request -H "Authorization: Bearer $E2E_TOKEN" -H 'Content-Type: text/csv' --data-binary @"$E2E_DIR/in.csv" \
	"/api/v1/assets/import?dry_run=true"
e2e_check "2001.8 API dry run: 200 (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "2001.8 valid, one row" grep -q '"valid":true,"rows":1' "$E2E_BODY"
printf 'namn;typ;enhet\r\nL\xf6nelista;manual;KS\r\n' >"$E2E_DIR/win.csv"
e2e_request -H "Authorization: Bearer $E2E_TOKEN" -H 'Content-Type: text/csv' --data-binary @"$E2E_DIR/win.csv" \
	/api/v1/assets/import
e2e_check "2001.8 API import of Windows-1252: 201 (got $E2E_STATUS)" [ "$E2E_STATUS" = 201 ]
e2e_tillit export assets --format csv >"$E2E_DIR/after.csv"
e2e_check "2001.8 converted to UTF-8" grep -q "Lönelista" "$E2E_DIR/after.csv"

e2e_request /login
pre=$(sed -n 's/.*name="pre" value="\([^"]*\)".*/\1/p' "$E2E_BODY" | head -n 1)
e2e_request --data-urlencode username=anna --data-urlencode "password=$PASS" --data-urlencode "pre=$pre" /login
e2e_request /assets/import
e2e_check "2001.8 the import form: 200 (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$E2E_BODY" | head -n 1)
e2e_request -F "csrf=$csrf" -F dry_run=1 -F "file=@$E2E_DIR/in.csv;type=text/csv" /assets/import
e2e_check "2001.8 a multipart dry run: 200 (got $E2E_STATUS)" [ "$E2E_STATUS" = 200 ]
e2e_check "2001.8 offers to import the row" grep -q 'Diarium;Informationssystem;KS;ja' "$E2E_BODY"
e2e_request -F "csrf=$csrf" -F "file=@$E2E_DIR/in.csv;type=text/csv" /assets/import
e2e_check "2001.8 the multipart import: 303 (got $E2E_STATUS)" [ "$E2E_STATUS" = 303 ]
e2e_tillit export assets --format json >"$E2E_DIR/after.json"
e2e_check "2001.8 five assets now" grep -q '"total":5}$' "$E2E_DIR/after.json"
e2e_request -F "csrf=$csrf" -F "file=@$E2E_DIR/in.csv;type=text/csv" /assets/import
e2e_check "2001.8 the same file again is refused: 400 (got $E2E_STATUS)" [ "$E2E_STATUS" = 400 ]
e2e_tillit export assets --format json >"$E2E_DIR/after.json"
e2e_check "2001.8 and nothing more was imported" grep -q '"total":5}$' "$E2E_DIR/after.json"
out=$(e2e_tillit audit verify)
e2e_check "2001.8 the audit trail is intact" grep -q "audit trail intact" <<<"$out"

# 2001.9 the installation's language, not the shell's: Swedish unless --lang or TILLIT_LANG says en
env -u TILLIT_LANG LANG=C "$TILLIT_BIN" export assets --format csv --db "$E2E_DB" >"$E2E_DIR/c.csv"
e2e_check "2001.9 Swedish headers under LANG=C" grep -q "Id;Namn;Typ;Enhet;" "$E2E_DIR/c.csv"
env -u TILLIT_LANG LANG=C "$TILLIT_BIN" export assets --format csv --lang en --db "$E2E_DB" >"$E2E_DIR/en.csv"
e2e_check "2001.9 English with --lang en" grep -q "Id;Name;Kind;Unit;" "$E2E_DIR/en.csv"
env -u TILLIT_LANG LANG=C "$TILLIT_BIN" export assets --format xlsx --output "$E2E_DIR/c.xlsx" --db "$E2E_DB"
if command -v unzip >/dev/null 2>&1; then
	e2e_check "2001.9 the workbook in Swedish" bash -c 'unzip -p "$0" xl/workbook.xml | grep -q "Informationstillgångar"' "$E2E_DIR/c.xlsx"
fi
rc=0; "$TILLIT_BIN" export assets --format csv --lang de --db "$E2E_DB" >/dev/null 2>"$E2E_DIR/err" || rc=$?
e2e_check "2001.9 --lang de is a usage error (got $rc)" [ "$rc" = 2 ]
e2e_check "2001.9 naming --lang" grep -q -- "--lang" "$E2E_DIR/err"

e2e_done

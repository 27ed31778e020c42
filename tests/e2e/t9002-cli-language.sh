#!/usr/bin/env bash
# t9002-cli-language.sh - every export and report of the command line is
# written in Swedish, the installation's language, whatever the shell's
# locale (LANG=C, no TILLIT_LANG), in English with --lang en or
# TILLIT_LANG=en, and --lang of anything else is a usage error (exit 2)
# naming --lang.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
unset TILLIT_LANG

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)

# cli ARGS...: the command line as a shell with the C locale runs it.
cli()
{
	env -u TILLIT_LANG LANG=C LC_ALL=C "$TILLIT_BIN" "$@" --db "$E2E_DB"
}

# A plan, an internal control plan, a management review and an audit response to report on.
e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun"}'
org=$(e2e_last_id)
e2e_api POST /api/v1/units "{\"parent_id\":$org,\"kind\":\"board\",\"name\":\"Kommunstyrelsen\"}"
ks=$(e2e_last_id)
e2e_api POST /api/v1/plans "{\"unit_id\":$org,\"year\":2022,\"areas\":[\"Nätverk\"]}"
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the plan: $E2E_STATUS $(cat "$E2E_BODY")"
e2e_api POST /api/v1/internal-control/plans "{\"unit_id\":$org,\"year\":2026}"
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the internal control plan: $E2E_STATUS $(cat "$E2E_BODY")"
year=$(date -u +%Y)
e2e_api POST /api/v1/reviews "{\"unit_id\":$org,\"year\":$year,\"contact\":\"Linnea Kleiner\"}"
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the review: $E2E_STATUS $(cat "$E2E_BODY")"
e2e_api POST /api/v1/inspections "{\"unit_id\":$org,\"auditor_kind\":\"municipal\",\"title\":\"Granskning av IT-säkerhet\",\"report_date\":\"2021-01-10\",\"board_ids\":[$ks]}"
audit=$(e2e_last_id)
e2e_api POST "/api/v1/inspections/$audit/responses" "{\"unit_id\":$ks,\"response_date\":\"2021-04-07\",\"title\":\"Svar till revisorerna\",\"addressee\":\"Revisorerna\"}"
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the response: $E2E_STATUS $(cat "$E2E_BODY")"
resp=$(e2e_last_id)

# check NAME SWEDISH ENGLISH ARGS...: ARGS write Swedish text by default, English with --lang en
# and with TILLIT_LANG=en; --lang de is refused. ARGS end where --output FILE would go.
check()
{
	local name=$1 sv=$2 en=$3 rc
	shift 3
	rc=0; cli "$@" --output "$E2E_DIR/sv.out" 2>"$E2E_DIR/err" || rc=$?
	e2e_check "9002 $name exits 0 (got $rc: $(cat "$E2E_DIR/err"))" [ "$rc" = 0 ]
	e2e_check "9002 $name is Swedish under LANG=C" grep -q -- "$sv" "$E2E_DIR/sv.out"
	rc=0; cli "$@" --output "$E2E_DIR/en.out" --lang en 2>/dev/null || rc=$?
	e2e_check "9002 $name --lang en is English" grep -q -- "$en" "$E2E_DIR/en.out"
	rc=0; env -u LANG TILLIT_LANG=en "$TILLIT_BIN" "$@" --output "$E2E_DIR/env.out" --db "$E2E_DB" 2>/dev/null || rc=$?
	e2e_check "9002 $name TILLIT_LANG=en is English" grep -q -- "$en" "$E2E_DIR/env.out"
	rc=0; cli "$@" --output "$E2E_DIR/de.out" --lang de 2>"$E2E_DIR/err" || rc=$?
	e2e_check "9002 $name --lang de exits 2 (got $rc)" [ "$rc" = 2 ]
	e2e_check "9002 $name --lang de names --lang" grep -q -- "--lang is sv or en" "$E2E_DIR/err"
}

check "export assets" "Id;Namn;Typ" "Id;Name;Kind" export assets --format csv
check "export incidents" "Referens;Kvittens;Rubrik" "Reference;Receipt;Title" export incidents --format csv
check "export risks" "Id;Analys;Verksamhet" "Id;Analysis;Unit" export risks --format csv
check "export continuity" "Tillgång eller process" "Asset or process" export continuity --format csv
check "export register" "Gallringsfrister" "Time limits for erasure" export register --format csv
check "report action-plan" "Uppföljning Handlingsplan" "Follow-up" \
	report action-plan --unit "$org" --year 2022 --format md
check "report internal-control" "Internkontroll" "Internal control" \
	report internal-control --unit "$org" --year 2026 --format md --document plan
check "report management-review" "Ledningens genomgång" "Management review" \
	report management-review --unit "$org" --year "$year" --format md
check "report audit-response" "# Yttrande" "# Audit response" report audit-response --response "$resp" --format md

e2e_done

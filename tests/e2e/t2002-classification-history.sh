#!/usr/bin/env bash
# t2002-classification-history.sh - classifications from earlier records
# through the real binary: `tillit classification import` (a file with bad
# rows refused with each named and nothing saved, a dry run saving nothing,
# then the history imported), the asset's classifications through the API
# naming the records' signer, and the share classified at the end of 2022
# counting a system registered today but signed then.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=en

e2e_user_add anna administrator >/dev/null
E2E_TOKEN=$(e2e_tillit token create --user anna --name e2e)

e2e_api POST /api/v1/units '{"parent_id":null,"kind":"organisation","name":"Ekdala kommun","code":"EK"}'
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the organisation: $E2E_STATUS $(cat "$E2E_BODY")"
org=$(e2e_last_id)
e2e_api POST /api/v1/assets "{\"unit_id\":$org,\"kind\":\"system\",\"name\":\"Ekonomisystem Raindance\"}"
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the system: $E2E_STATUS $(cat "$E2E_BODY")"
sys=$(e2e_last_id)
e2e_api POST /api/v1/assets "{\"unit_id\":$org,\"kind\":\"system\",\"name\":\"Procapita\"}"
[ "$E2E_STATUS" = 201 ] || e2e_bail "creating the second system: $E2E_STATUS"

# 2002.1 bad rows: each named with its line and column, nothing saved
printf 'Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet\nEkonomisystem Raindance;2022-03-01;Eva Lind;1;2;2\nOkänt system;2022-03-01;Eva Lind;1;2;2\nProcapita;2999-01-01;Eva Lind;1;2;2\n' >"$E2E_DIR/bad.csv"
if out=$(e2e_tillit classification import "$E2E_DIR/bad.csv" 2>&1); then
	e2e_fail "2002.1 a file with bad rows is refused"
else
	e2e_ok "2002.1 a file with bad rows is refused"
fi
e2e_check "2002.1 the unknown asset named with its line" grep -q "bad.csv:3: Tillgång:" <<<"$out"
e2e_check "2002.1 the date named with its line" grep -q "bad.csv:4: Signerad:" <<<"$out"
e2e_api GET "/api/v1/assets/$sys/classifications"
e2e_check "2002.1 nothing saved" grep -q '^\[\]$\|"items":\[\]\|"total":0' "$E2E_BODY"

# 2002.2 a dry run, then the history
printf 'Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet\nEkonomisystem Raindance;2023-04-01;Eva Lind;2;2;3\nEkonomisystem Raindance;2022-03-01;Eva Lind;1;2;2\n' >"$E2E_DIR/good.csv"
out=$(e2e_tillit classification import "$E2E_DIR/good.csv" --dry-run)
e2e_check "2002.2 a dry run imports nothing" grep -q "nothing imported" <<<"$out"
out=$(e2e_tillit classification import "$E2E_DIR/good.csv")
e2e_check "2002.2 the history imported" grep -q "2 rows imported; assets: 1" <<<"$out"
e2e_api GET "/api/v1/assets/$sys/classifications"
e2e_check "2002.2 two versions, signed by the records' name" grep -q '"imported_signer":"Eva Lind"' "$E2E_BODY"
e2e_check "2002.2 signed on the records' day" grep -q '"signed_at":"2023-04-01' "$E2E_BODY"

# 2002.3 the share classified at the end of 2022: Raindance (signed then), not Procapita
e2e_api GET "/api/v1/figures/classified?unit_id=$org&date=2022-12-31"
e2e_check "2002.3 one system of one classified at the end of 2022 (got $E2E_STATUS)" \
	grep -q '"classified":1,"total":1' "$E2E_BODY"
e2e_api GET "/api/v1/figures/classified?unit_id=$org"
e2e_check "2002.3 one of two today" grep -q '"classified":1,"total":2' "$E2E_BODY"

e2e_done

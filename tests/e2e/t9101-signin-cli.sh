#!/usr/bin/env bash
# t9101-signin-cli.sh - the sign-in settings and the staff-directory import
# from the command line: adding an identity provider (the secret only by
# reference), the groups that suggest roles, switching who may use a
# password, the roles that need a second factor, the reset that gives
# everyone their password back, and `tillit user import` with a dry run and
# with bad rows named by line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

e2e_start
export TILLIT_LANG=en
t() { "$TILLIT_BIN" "$@" --db "$E2E_DB"; }

# 9101.1 providers
rc=0; out=$(t signin provider add --slug entra --name "Ekdala kommun" \
	--issuer https://login.example/tenant/v2.0 --client-id abc --secret env:ENTRA_SECRET --claim-id oid 2>&1) || rc=$?
e2e_check "9101.1 provider add exits 0 (got $rc: $out)" [ "$rc" = 0 ]
rc=0; err=$(t signin provider add --slug entra --name X --issuer https://x.example --client-id y 2>&1) || rc=$?
e2e_check "9101.1 the same short name again exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9101.1 and names the short name" grep -q "slug" <<<"$err"
rc=0; err=$(t signin provider add --slug other --name X --issuer https://x.example --client-id y --secret s3cret 2>&1) ||
	rc=$?
e2e_check "9101.1 a secret on the command line is refused (got $rc)" [ "$rc" = 1 ]
e2e_check "9101.1 saying where it is read from" grep -q "env:NAME" <<<"$err"
rc=0; t signin provider add --slug plain --name X --issuer http://idp.example --client-id y 2>/dev/null || rc=$?
e2e_check "9101.1 an http:// issuer elsewhere is refused (got $rc)" [ "$rc" = 1 ]
out=$(t signin list)
e2e_check "9101.1 list shows the provider, on, with its claim" grep -qP "^entra\ton\tEkdala kommun\t.*claim=oid\tenv:ENTRA_SECRET" <<<"$out"

# 9101.4 groups that suggest roles
rc=0; t signin group claim entra groups || rc=$?
e2e_check "9101.4 group claim exits 0 (got $rc)" [ "$rc" = 0 ]
rc=0; t signin group add entra 5f1c-dataskydd dpo || rc=$?
e2e_check "9101.4 group add exits 0 (got $rc)" [ "$rc" = 0 ]
rc=0; err=$(t signin group add entra 5f1c-it coordinator --unit NOPE 2>&1) || rc=$?
e2e_check "9101.4 an unknown unit exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9101.4 naming the unit" grep -q "unit: No unit has the short code NOPE" <<<"$err"
rc=0; err=$(t signin group add entra 5f1c-it emperor 2>&1) || rc=$?
e2e_check "9101.4 an unknown role exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9101.4 naming the role" grep -q "^tillit: role:" <<<"$err"
out=$(t signin list)
e2e_check "9101.4 list shows the groups claim" grep -qP "^entra\ton\t.*\tgroups=groups" <<<"$out"
e2e_check "9101.4 and the group's suggested role" grep -qP "^group\tentra\t5f1c-dataskydd\tsuggests dpo\t\(installation\)" <<<"$out"
rc=0; t signin group remove entra 5f1c-dataskydd dpo || rc=$?
e2e_check "9101.4 group remove exits 0 (got $rc)" [ "$rc" = 0 ]
e2e_check "9101.4 and the group is gone" bash -c '! "$0" signin list --db "$1" | grep -q "^group"' "$TILLIT_BIN" "$E2E_DB"

# 9101.2 passwords, second factor, reset
t signin password admins
t signin second-factor administrator,dpo
out=$(t signin list)
e2e_check "9101.2 only administrators use a password" grep -q "password sign-in: admins" <<<"$out"
e2e_check "9101.2 second factor for administrators and DPOs" grep -q "required for: administrator dpo" <<<"$out"
rc=0; t signin second-factor frobnicator 2>/dev/null || rc=$?
e2e_check "9101.2 an unknown role exits 1 (got $rc)" [ "$rc" = 1 ]
out=$(t signin reset)
e2e_check "9101.2 reset switches the provider off" grep -q "^1 provider" <<<"$out"
out=$(t signin list)
e2e_check "9101.2 after reset: provider off" grep -qP "^entra\toff" <<<"$out"
e2e_check "9101.2 after reset: everyone uses a password" grep -q "password sign-in: all" <<<"$out"

# 9101.3 the staff directory
printf 'identifier;name;email;unit;active\nAA01;Anna Andersson;anna@ekdala.se;;ja\nBB02;Bertil Berg;;;ja\nCC03;Cecilia Ceder;;;nej\n' \
	>"$E2E_DIR/personal.csv"
out=$(t user import "$E2E_DIR/personal.csv" --dry-run)
e2e_check "9101.3 the dry run says what would change" grep -q "Changes that would be made: 2" <<<"$out"
e2e_check "9101.3 and changes nothing" bash -c '! "$0" user list --db "$1" | grep -q aa01' "$TILLIT_BIN" "$E2E_DB"
out=$(t user import "$E2E_DIR/personal.csv")
e2e_check "9101.3 the import makes the accounts" grep -q "Changes made: 2" <<<"$out"
e2e_check "9101.3 aa01 exists" bash -c '"$0" user list --db "$1" | grep -q aa01' "$TILLIT_BIN" "$E2E_DB"
printf 'identifier,name,email,unit,active\nAA01,Anna Andersson,anna@ekdala.se,NOPE,ja\n' >"$E2E_DIR/bad.csv"
rc=0; err=$(t user import "$E2E_DIR/bad.csv" 2>&1) || rc=$?
e2e_check "9101.3 a bad row exits 1 (got $rc)" [ "$rc" = 1 ]
e2e_check "9101.3 naming its line and column" grep -q "line 2, unit: No unit has the short code NOPE" <<<"$err"
rc=0; t user second-factor-off aa01 || rc=$?
e2e_check "9101.3 second-factor-off exits 0 (got $rc)" [ "$rc" = 0 ]

e2e_done

#!/usr/bin/env bash
# tests/durability/run.sh - every acknowledged write survives kill -9.
#
# Usage: run.sh [--rounds N] [--writers W] [--max-ms MS]
#
# Each round starts `tillit serve` on 127.0.0.1, lets W writer processes
# create and change units and assets through the JSON API with an API
# token, and kills the server with SIGKILL at a random moment between 0.5 s
# and MS ms (default 3000) into the round. Then, with the server stopped:
# on SQLite `PRAGMA integrity_check` and `PRAGMA foreign_key_check` must be
# clean; `tillit audit verify` must pass. The server is started again and
# every write any writer saw acknowledged (a 2xx answer) in any round so
# far must be there: each record created exists, and each record holds the
# value of its last acknowledged change or of a later change that was sent
# but not answered (it may have committed just before the kill).
#
# Rounds default to 3 (make check, on SQLite and again on PostgreSQL when
# TEST_DB_URL is set); `make durability` runs 20. Bounded: W writers, at
# most MS ms of writing per round, each request limited to 5 s. TAP output
# through tests/e2e/lib.sh. Needs curl and jq.
set -euo pipefail
. "$(dirname "$0")/../e2e/lib.sh"

rounds=3
writers=4
max_ms=3000
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) rounds=$2; shift 2 ;;
	--writers) writers=$2; shift 2 ;;
	--max-ms) max_ms=$2; shift 2 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
command -v jq >/dev/null || { echo "run.sh: jq is needed (scripts/install-deps.sh installs it)" >&2; exit 2; }

e2e_start
e2e_user_add dur administrator >/dev/null
TOKEN=$("$TILLIT_BIN" token create --user dur --db "$E2E_DB" | tail -n 1)
[ -n "$TOKEN" ] || e2e_bail "no API token"

# api METHOD PATH [BODY [IF-MATCH]]: one request; prints "STATUS" and leaves the body in $1's file.
api()
{
	local out=$1 method=$2 path=$3 body=${4:-} match=${5:-}
	local args=(-sS --max-time 5 -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $TOKEN")
	[ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
	[ -n "$match" ] && args+=(-H "If-Match: \"$match\"")
	curl "${args[@]}" "$E2E_URL$path" 2>/dev/null || true # -w prints 000 when no answer came
}

api "$E2E_DIR/org.json" POST /api/v1/units '{"kind":"organisation","name":"Hållbarhetskommun"}' >"$E2E_DIR/st"
ORG=$(jq -r .id "$E2E_DIR/org.json")
[ "$(cat "$E2E_DIR/st")" = 201 ] && [ "$ORG" -gt 0 ] || e2e_bail "could not create the organisation"

# writer W ROUND: create and change records until the stop file appears. Logs
# (one line each, appended): attempts "KIND ID VALUE" before sending, acks
# "KIND ID VALUE VERSION" after a 2xx.
writer()
{
	local w=$1 r=$2 n=0 st tmp="$E2E_DIR/w$w.json" kind id value version
	local mine="$E2E_DIR/mine.$w" att="$E2E_DIR/attempts.$w" ack="$E2E_DIR/acks.$w"
	set +e # a failed request is expected here, and counted, not fatal
	touch "$mine" "$att" "$ack" "$E2E_DIR/seen.$w"
	while [ ! -e "$E2E_DIR/stop" ]; do
		n=$((n + 1))
		if [ $((RANDOM % 3)) = 0 ] || [ ! -s "$mine" ]; then
			# Create: a unit or an asset, named after writer, round and number.
			value="w$w-r$r-n$n"
			if [ $((RANDOM % 2)) = 0 ]; then
				kind=units
				st=$(api "$tmp" POST /api/v1/units "{\"parent_id\":$ORG,\"kind\":\"unit\",\"name\":\"$value\",\"contact\":\"$value\"}")
			else
				kind=assets
				st=$(api "$tmp" POST /api/v1/assets "{\"unit_id\":$ORG,\"kind\":\"system\",\"name\":\"$value\",\"description\":\"$value\"}")
			fi
			echo "$st create $kind" >>"$E2E_DIR/status.$w"
			if [ "${st:0:1}" = 2 ]; then
				id=$(jq -r .id "$tmp")
				echo "$kind $id $value 1" >>"$ack"
				# Also an attempt: a change sent after it and saved but not answered is not lost.
				echo "$kind $id $value" >>"$att"
				echo "$kind $id" >>"$mine"
			fi
		else
			# Change one of this writer's records: the contact of a unit, the description of an asset.
			read -r kind id < <(shuf -n 1 "$mine")
			version=$(awk -v k="$kind" -v i="$id" '$1 == k && $2 == i { v = $4 } END { print v + 0 }' "$ack" "$E2E_DIR/seen.$w")
			value="w$w-r$r-c$n"
			echo "$kind $id $value" >>"$att"
			if [ "$kind" = units ]; then
				st=$(api "$tmp" PATCH "/api/v1/units/$id" "{\"contact\":\"$value\"}" "$version")
			else
				st=$(api "$tmp" PATCH "/api/v1/assets/$id" "{\"description\":\"$value\"}" "$version")
			fi
			echo "$st change $kind" >>"$E2E_DIR/status.$w"
			if [ "${st:0:1}" = 2 ]; then
				echo "$kind $id $value $(jq -r .version "$tmp")" >>"$ack"
			elif [ "$st" = 409 ]; then
				# An earlier change was saved but not answered: go on from the stored version.
				echo "$kind $id - $(jq -r .current.version "$tmp")" >>"$E2E_DIR/seen.$w"
			fi
		fi
	done
}

# verify: every acknowledged write is in the database (the server is running).
verify()
{
	local kind page offset total field out=$E2E_DIR/stored bad=0
	: >"$out"
	for kind in units assets; do
		[ "$kind" = units ] && field=contact || field=description
		offset=0
		while :; do
			page=$E2E_DIR/page.json
			[ "$(api "$page" GET "/api/v1/$kind?limit=500&offset=$offset")" = 200 ] || return 1
			jq -r --arg k "$kind" --arg f "$field" '.items[] | "\($k) \(.id) \(.[$f] // "") \(.version)"' "$page" >>"$out"
			total=$(jq -r .total "$page")
			offset=$((offset + 500))
			[ "$offset" -lt "$total" ] || break
		done
	done
	# For each record: the last acknowledged value and version, and every value sent after it.
	cat "$E2E_DIR"/acks.* 2>/dev/null | sort -s -k1,2 >"$E2E_DIR/all-acks" || true
	awk '
		FILENAME == ARGV[1] { stored[$1 " " $2] = $3; sver[$1 " " $2] = $4; next }
		FILENAME == ARGV[2] { n = ++nacks[$1 " " $2]; aval[$1 " " $2, n] = $3; aver[$1 " " $2, n] = $4; next }
		{ natt[$1 " " $2]++; att[$1 " " $2, natt[$1 " " $2]] = $3 }
		END {
			for (k in nacks) {
				last = nacks[k]
				if (!(k in stored)) { print "missing " k; bad++; continue }
				if (sver[k] + 0 < aver[k, last] + 0) { print "version " k ": " sver[k] " < " aver[k, last]; bad++ }
				if (stored[k] == aval[k, last]) continue
				# a later change, sent but not answered, may have been saved
				ok = 0; after = 0
				for (i = 1; i <= natt[k]; i++) {
					if (att[k, i] == aval[k, last]) after = 1
					else if (after && att[k, i] == stored[k]) ok = 1
				}
				if (!ok) { print "lost " k ": stored " stored[k] ", acknowledged " aval[k, last]; bad++ }
			}
			exit (bad > 0)
		}' "$out" "$E2E_DIR/all-acks" <(cat "$E2E_DIR"/attempts.* 2>/dev/null || true) >"$E2E_DIR/verify.out" || bad=1
	return "$bad"
}

for r in $(seq 1 "$rounds"); do
	rm -f "$E2E_DIR/stop"
	pids=()
	for w in $(seq 1 "$writers"); do
		writer "$w" "$r" &
		pids+=($!)
	done
	kill_ms=$((500 + RANDOM % (max_ms - 500 + 1)))
	sleep "$(printf '%d.%03d' $((kill_ms / 1000)) $((kill_ms % 1000)))"
	kill -KILL "$E2E_PID"
	wait "$E2E_PID" 2>/dev/null || true
	E2E_PID=
	touch "$E2E_DIR/stop"
	for p in "${pids[@]}"; do wait "$p" || true; done
	acked=$(cat "$E2E_DIR"/acks.* 2>/dev/null | wc -l)

	if [ -z "${TEST_DB_URL:-}" ]; then
		db=${E2E_DB#sqlite:}
		integrity=$(sqlite3 "$db" 'PRAGMA integrity_check;' 2>&1 | tr '\n' ' ')
		e2e_check "round $r: integrity_check after kill -9 at $kill_ms ms ($integrity)" [ "$integrity" = "ok " ]
		fk=$(sqlite3 "$db" 'PRAGMA foreign_key_check;' 2>&1 | head -n 3 | tr '\n' ' ')
		e2e_check "round $r: foreign_key_check clean ($fk)" [ -z "$fk" ]
	fi
	audit=$("$TILLIT_BIN" audit verify --db "$E2E_DB" 2>&1) && arc=0 || arc=$?
	e2e_check "round $r: audit verify ($audit)" [ "$arc" = 0 ]

	e2e_serve
	if verify; then
		e2e_ok "round $r: all $acked acknowledged writes present"
	else
		e2e_fail "round $r: acknowledged writes lost"
		sed 's/^/#   /' "$E2E_DIR/verify.out" | head -n 20
	fi
done
# What the writers got: 000 is no answer (the server was killed meanwhile).
cat "$E2E_DIR"/status.* | awk '{ n[$2 " " $1]++ } END { for (k in n) print "# " k ": " n[k] }' | sort
e2e_check "writers were acknowledged at all" [ "$(cat "$E2E_DIR"/acks.* 2>/dev/null | wc -l)" -gt 0 ]
e2e_done

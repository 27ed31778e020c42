#!/usr/bin/env bash
# bench/http.sh - request rate, latency and memory of `tillit serve`.
#
# Starts the server on 127.0.0.1 with the demo municipality in a temporary
# SQLite database, signs in as the administrator, and runs wrk (Debian
# package wrk) against a few pages for a fixed time each, with a bounded
# number of connections. Prints a Markdown table for docs/performance.md.
#
# Given a city register made by tillit-gen (`tillit-gen --size city`, 300
# units), it then measures the organisation-wide picture on a copy of it
# (the original is left as it was; starting migrates the copy), signed in
# as its administrator ($BENCH_PASSWORD or tillit-gen's default): the median
# of seven requests alone, and wrk's rate and latencies, against the 50 ms
# a page of the picture may take alone.
#
# Usage: bench/http.sh [SECONDS per page, default 10] [CONNECTIONS, default 16] [CITY.db]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TILLIT_BIN:-$root/build/tillit}
secs=${1:-10}
conns=${2:-16}
city=${3:-}
[ -z "$city" ] || [ -f "$city" ] || { echo "bench: no such database: $city" >&2; exit 2; }
[ "$secs" -le 60 ] || { echo "at most 60 seconds per page" >&2; exit 2; }
[ "$conns" -le 64 ] || { echo "at most 64 connections" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }

dir=$(mktemp -d)
pid=
cleanup()
{
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

db="sqlite:$dir/bench.db"
"$bin" migrate --db "$db" >/dev/null
pw=$("$bin" demo --db "$db" | awk '$1 == "admin" { print $2 }')
port=$(( 20000 + RANDOM % 20000 ))
TILLIT_SESSION_IDLE=86400 "$bin" serve --db "$db" --listen "127.0.0.1:$port" 2>"$dir/server.log" &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

jar=$dir/jar
pre=$(curl -s -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="pre" value="\([^"]*\)".*/\1/p' | head -n1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode username=admin --data-urlencode "password=$pw" \
	--data-urlencode "pre=$pre" "http://127.0.0.1:$port/login"
cookie=$(awk '$6 == "tillit_session" { print $7 }' "$jar")
token=$(TILLIT_DB=$db "$bin" token create --user admin --name bench)

# A register of 2000 assets, imported in one all-or-nothing CSV import.
csv=$dir/assets.csv
{
	echo "namn;typ;enhet;ägare;personuppgifter;verksamhetskritisk"
	for i in $(seq 1 2000); do
		case $((i % 4)) in 0) u=IT ;; 1) u=SOC ;; 2) u=IFO ;; *) u=BUF ;; esac
		echo "System $i;Informationssystem;$u;agare;ja;nej"
	done
} >"$csv"
t0=$(date +%s%N)
curl -s -o "$dir/import.json" -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
	--data-binary @"$csv" "http://127.0.0.1:$port/api/v1/assets/import" >"$dir/import.status"
t1=$(date +%s%N)
echo "Import of 2000 assets from CSV (one request, one transaction): HTTP $(cat "$dir/import.status"), $(( (t1 - t0) / 1000000 )) ms."
echo

echo "| request | requests/s | mean latency | p99 latency |"
echo "|---|---:|---:|---:|"
run() {
	local name=$1 url=$2; shift 2
	local out
	out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" "$url")
	local rps mean p99
	rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
	mean=$(awk '$1 == "Latency" { print $2; exit }' <<<"$out")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	echo "| $name | $rps | $mean | $p99 |"
}
run "GET /healthz (database ping)" "http://127.0.0.1:$port/healthz"
run "GET /login (anonymous page)" "http://127.0.0.1:$port/login"
run "GET /units (tree of 18 units, signed in)" "http://127.0.0.1:$port/units" -H "Cookie: tillit_session=$cookie"
run "GET /units/3 (unit page with its figures)" "http://127.0.0.1:$port/units/3" -H "Cookie: tillit_session=$cookie"
run "GET /api/v1/units (JSON, token)" "http://127.0.0.1:$port/api/v1/units" -H "Authorization: Bearer $token"
run "GET /assets (register of 2006, page of 50, filters)" "http://127.0.0.1:$port/assets?personal_data=true&sort=unit" -H "Cookie: tillit_session=$cookie"
run "GET /api/v1/assets?limit=500 (JSON)" "http://127.0.0.1:$port/api/v1/assets?limit=500" -H "Authorization: Bearer $token"
run "GET /risks/matrix?unit_id=1 (organisation's risk matrix)" "http://127.0.0.1:$port/risks/matrix?unit_id=1" -H "Cookie: tillit_session=$cookie"
run "GET /assets/export.csv (all 2006 rows)" "http://127.0.0.1:$port/assets/export.csv" -H "Cookie: tillit_session=$cookie"
run "GET /situation?unit_id=1 (organisation-wide picture)" "http://127.0.0.1:$port/situation?unit_id=1" -H "Cookie: tillit_session=$cookie"
run "GET /gdpr (register of processing activities)" "http://127.0.0.1:$port/gdpr" -H "Cookie: tillit_session=$cookie"
run "GET /gdpr/register.csv (the whole register)" "http://127.0.0.1:$port/gdpr/register.csv" -H "Cookie: tillit_session=$cookie"
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
echo
echo "Peak resident memory of the server after the runs: $((rss / 1024)) MiB ($rss kB)."

[ -n "$city" ] || exit 0
# The organisation-wide picture of a city: a second server, on a copy of the city register.
kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
cp "$city" "$dir/city.db"
[ ! -f "$city.auditkey" ] || cp "$city.auditkey" "$dir/city.db.auditkey"
db="sqlite:$dir/city.db"
port=$((20000 + RANDOM % 20000))
TILLIT_SESSION_IDLE=86400 "$bin" serve --db "$db" --listen "127.0.0.1:$port" 2>>"$dir/server.log" &
pid=$!
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
rm -f "$jar"
pre=$(curl -s -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="pre" value="\([^"]*\)".*/\1/p' | head -n1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode username=admin \
	--data-urlencode "password=${BENCH_PASSWORD:-tillit-bench-2026}" --data-urlencode "pre=$pre" \
	"http://127.0.0.1:$port/login"
cookie=$(awk '$6 == "tillit_session" { print $7 }' "$jar")
[ -n "$cookie" ] || { echo "bench: could not sign in to the city register as admin" >&2; exit 1; }
echo
echo "The organisation-wide picture of the city register $(basename "$city") (load average before:" \
	"$(cut -d' ' -f1-3 /proc/loadavg)):"
echo
echo "| request | alone, median of 7 (ms) | requests/s | mean latency | p99 latency |"
echo "|---|---:|---:|---:|---:|"
for path in "/situation?unit_id=1" "/api/v1/situation?unit_id=1"; do
	url="http://127.0.0.1:$port$path"
	code=$(curl -s --max-time 60 -H "Cookie: tillit_session=$cookie" -o /dev/null -w '%{http_code}' "$url")
	[ "$code" = 200 ] || { echo "bench: $path answered $code" >&2; exit 1; }
	alone=$(for _ in 1 2 3 4 5 6 7; do
		curl -s --max-time 60 -H "Cookie: tillit_session=$cookie" -o /dev/null -w '%{time_total}\n' "$url"
	done | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", v[4] * 1000 }')
	line=$(run "GET $path" "$url" -H "Cookie: tillit_session=$cookie")
	echo "$line" | awk -v a="$alone" -F' [|] ' '{ printf "| %s | %s | %s | %s | %s\n", substr($1, 3), a, $2, $3, $4 }'
done
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg); a page of the picture may take 50 ms alone."

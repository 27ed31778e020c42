#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests.
#
#   scripts/pg-cluster.sh start DIR   create and start a cluster in DIR (which
#                                     must not exist yet, or be empty) and print
#                                     its URL: postgresql://tillit@127.0.0.1:PORT/tillit
#   scripts/pg-cluster.sh stop DIR    stop it (fast mode) and remove DIR
#
# The cluster runs as the `postgres` user (the script itself may run as root,
# as in CI, or as postgres), listens only on 127.0.0.1 on the first free port
# from 54320 upward, keeps its unix socket inside DIR, trusts every local
# connection and runs with fsync=off: it is for tests only. The role and
# database `tillit` (a superuser, so the tests may create databases) are
# created. Only the URL goes to stdout; progress and errors go to stderr and
# DIR/log.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
PGUSER_OS=postgres

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

# Run a command as the postgres user (directly when we already are it).
as_pg() {
	if [ "$(id -un)" = "$PGUSER_OS" ]; then
		"$@"
	else
		runuser -u "$PGUSER_OS" -- "$@"
	fi
}

port_in_use() {
	# ss is in iproute2; fall back to bash's /dev/tcp probe when it is missing.
	if command -v ss >/dev/null 2>&1; then
		ss -Htln "sport = :$1" 2>/dev/null | grep -q .
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

# free_port [FROM]: the first port from FROM (default 54320) that nothing listens on.
free_port() {
	local port=${1:-54320}
	while port_in_use "$port"; do
		port=$((port + 1))
		if [ "$port" -gt 54999 ]; then
			echo "pg-cluster: no free port in 54320-54999" >&2
			exit 1
		fi
	done
	echo "$port"
}

start() {
	local dir=$1 port data sock tries
	if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
		echo "pg-cluster: $dir exists and is not empty" >&2
		exit 1
	fi
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	data=$dir/data
	sock=$dir/sock
	mkdir -p "$sock"
	if [ "$(id -u)" = 0 ]; then
		chown -R "$PGUSER_OS": "$dir"
	fi
	chmod 700 "$dir"
	# The postgres user must be able to reach DIR through its parents.
	if ! as_pg test -x "$dir"; then
		echo "pg-cluster: user $PGUSER_OS cannot enter $dir (check its parent directories)" >&2
		exit 1
	fi

	as_pg "$PGBIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}

	# Pick a port and start; if the port turns out taken (another process took it in between, or
	# holds it where ss does not see it), go on from the port after it.
	local from=54320
	for tries in 1 2 3 4 5; do
		port=$(free_port "$from")
		from=$((port + 1))
		if as_pg "$PGBIN/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 -s \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
			start >&2; then
			break
		fi
		port=
		sleep 1
	done
	if [ -z "$port" ]; then
		echo "pg-cluster: could not start PostgreSQL; see $dir/log" >&2
		tail -n 20 "$dir/log" >&2 || true
		exit 1
	fi
	echo "$port" >"$dir/port"

	# Wait until it accepts connections (pg_ctl -w already waited; be sure).
	for tries in $(seq 1 60); do
		if as_pg "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
			break
		fi
		sleep 0.5
	done

	as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres -d postgres \
		-c "CREATE ROLE tillit LOGIN SUPERUSER" -c "CREATE DATABASE tillit OWNER tillit" >&2

	echo "postgresql://tillit@127.0.0.1:$port/tillit"
}

stop() {
	local dir=$1
	if [ ! -d "$dir" ]; then
		echo "pg-cluster: $dir does not exist" >&2
		exit 1
	fi
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -s stop >&2 || true
	fi
	rm -rf -- "$dir"
}

[ $# -eq 2 ] || usage
case $1 in
start) start "$2" ;;
stop) stop "$2" ;;
*) usage ;;
esac

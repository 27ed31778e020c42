#!/usr/bin/env bash
# check-source.sh - enforce the source rules of docs/style: layering, SQL in
# one place, one file that sees libmicrohttpd, and no unsafe libc calls.
#
# Usage: scripts/check-source.sh [ROOT]   (ROOT defaults to the repository)
#
# Run by ctest as the test `source_rules`. Every violation is printed as
# file:line: rule: text, and the script exits 1 if there is any; otherwise it
# prints "source rules: ok". Only src/ is checked. The rules:
#
#  1. <sqlite3.h> / <libpq-fe.h> only in src/db/db_*.c;
#     <microhttpd.h> only in src/http/server_mhd.c;
#     <csv.h> / <xlsxwriter.h> only in src/io/ (file formats have one home).
#  2. No SQL (a string literal with SELECT, INSERT INTO, UPDATE, DELETE FROM)
#     outside src/db/.
#  3. No printf-style SQL anywhere: a string literal holding an SQL verb and a
#     %s or %d conversion. Values are bound as $n parameters.
#  4. `#include "dir/file.h"` only points downward:
#        core   -> core
#        io     -> core, io            (file formats: CSV, XLSX, ...)
#        db     -> core, db
#        domain -> core, db, io, domain
#        http   -> core, db, domain, http
#        web, api -> core, domain, http, io, and their own directory
#        cli    -> core, domain, http, io, db/db.h (opening, migrating and
#                  backing up the database), and its own directory
#     src/main.c and src/routes.c wire everything and are exempt.
#  5. No sprintf, vsprintf, strcpy, strcat, gets, strtok, localtime, gmtime
#     (use snprintf/buf, memcpy with lengths, strtok_r, localtime_r, gmtime_r).
set -uo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
if [ ! -d src ]; then
	echo "check-source: no src/ under $root" >&2
	exit 2
fi

export LC_ALL=C
fails=0

# report RULE: read "file:line:text" lines on stdin and print them as violations.
report() {
	local rule=$1 line
	while IFS= read -r line; do
		printf '%s:%s: %s: %s\n' "${line%%:*}" "$(echo "$line" | cut -d: -f2)" "$rule" \
			"$(echo "$line" | cut -d: -f3- | sed 's/^[[:space:]]*//')"
		fails=$((fails + 1))
	done
}

# grep -rn over src for C files, dropping comment-only lines (those starting
# with /*, * or //), so prose about a rule does not trip it.
src_grep() {
	grep -rnE --include='*.c' --include='*.h' "$@" src |
		grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)'
}

# 1. Library headers confined to their adapter files.
report "sqlite3.h/libpq-fe.h outside src/db/db_*.c" < <(
	src_grep '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](sqlite3|libpq-fe)\.h[>"]' |
		grep -vE '^src/db/db_[^/:]*\.c:')
report "microhttpd.h outside src/http/server_mhd.c" < <(
	src_grep '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]microhttpd\.h[>"]' |
		grep -vE '^src/http/server_mhd\.c:')
report "csv.h/xlsxwriter.h outside src/io/" < <(
	src_grep '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](csv|xlsxwriter)\.h[>"]' |
		grep -vE '^src/io/')

# 2. SQL text only in src/db/.
report "SQL outside src/db/" < <(
	src_grep '"[^"]*\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b' | grep -vE '^src/db/')

# 3. printf-style SQL, anywhere.
report "printf-style SQL (bind \$n parameters instead)" < <(
	src_grep '"[^"]*\b(SELECT|INSERT|UPDATE|DELETE)\b[^"]*%[-+ #0-9.*]*(l|ll|z|j)?[sdiu]|"[^"]*%[-+ #0-9.*]*(l|ll|z|j)?[sdiu][^"]*\b(SELECT|INSERT|UPDATE|DELETE)\b')

# 4. Layering of quoted includes.
report "layering" < <(
	src_grep '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' |
		awk -F: '
		{
			file = $1
			n = split(file, part, "/")
			if (n < 3) next            # src/main.c, src/routes.c: exempt
			layer = part[2]
			if (!match($0, /#[[:space:]]*include[[:space:]]*"[^"]+"/)) next
			inc = substr($0, RSTART, RLENGTH)
			sub(/^#[[:space:]]*include[[:space:]]*"/, "", inc)
			sub(/"$/, "", inc)
			if (index(inc, "/") == 0) next  # same directory
			dir = inc
			sub(/\/.*/, "", dir)
			ok = 0
			if (dir == layer) ok = 1
			else if (layer == "io") ok = (dir == "core")
			else if (layer == "db") ok = (dir == "core")
			else if (layer == "domain") ok = (dir == "core" || dir == "db" || dir == "io")
			else if (layer == "http") ok = (dir == "core" || dir == "db" || dir == "domain")
			else if (layer == "web" || layer == "api")
				ok = (dir == "core" || dir == "domain" || dir == "http" || dir == "io")
			else if (layer == "cli")
				ok = (dir == "core" || dir == "domain" || dir == "http" || dir == "io" || inc == "db/db.h")
			if (!ok) print $0 "  [" layer " may not include " inc "]"
		}')

# 5. Unsafe libc calls.
report "unsafe call" < <(
	src_grep '(^|[^A-Za-z0-9_])(sprintf|vsprintf|strcpy|strcat|gets|strtok|localtime|gmtime)[[:space:]]*\(')

if [ "$fails" -ne 0 ]; then
	echo "source rules: $fails violation(s)"
	exit 1
fi
echo "source rules: ok"

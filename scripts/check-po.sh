#!/usr/bin/env bash
# Every user-facing message in src/ must have a Swedish translation in
# po/sv.po (Swedish is the default language). Lists the ones that do not.
# And one concept keeps one term: two message ids may share a Swedish text
# only when po/sv-same.txt lists it (Swedish singular and plural alike, ...).
set -euo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root"
. scripts/i18n-keywords.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
xgettext --language=C --from-code=UTF-8 --no-wrap $KEYWORDS --msgid-bugs-address=none \
  -o "$tmp/t.pot" src/*.c src/*/*.c 2>/dev/null
msgmerge --quiet --no-wrap --no-fuzzy-matching -o "$tmp/sv.po" po/sv.po "$tmp/t.pot"
missing=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/sv.po" | grep '^msgid "' | grep -v '^msgid ""$' || true)
if [ -n "$missing" ]; then
  echo "Messages without a Swedish translation in po/sv.po (run scripts/update-po.sh, then translate):"
  echo "$missing"
  exit 1
fi
same=$(awk -v allow=po/sv-same.txt '
  BEGIN { while ((getline l < allow) > 0) if (l !~ /^#/ && l != "") ok[l] = 1 }
  /^msgid "/ { id = substr($0, 8, length($0) - 8) }
  /^msgstr "/ {
    t = substr($0, 9, length($0) - 9)
    if (id != "" && t != "" && !(t in ok)) { if (t in seen) print "\"" t "\": \"" seen[t] "\" and \"" id "\""; else seen[t] = id }
  }' "$tmp/sv.po")
if [ -n "$same" ]; then
  echo "Swedish texts given to two message ids (use one term per concept, or list the text in po/sv-same.txt):"
  echo "$same"
  exit 1
fi
echo "po/sv.po: every message translated, one Swedish text per message"

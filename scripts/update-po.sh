#!/usr/bin/env bash
# Extract every message id from src/ into po/tillit.pot and merge it into
# po/sv.po and po/en.po (new messages arrive untranslated; translate them in
# po/sv.po). Run after adding or changing user-facing text.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/i18n-keywords.sh
# shellcheck disable=SC2086
xgettext --language=C --from-code=UTF-8 --no-wrap --no-location --sort-output $KEYWORDS \
  --package-name=tillit --msgid-bugs-address=none -o po/tillit.pot src/*.c src/*/*.c
for lang in sv en; do
  msgmerge --quiet --no-wrap --no-location --sort-output --no-fuzzy-matching --update --backup=none "po/$lang.po" po/tillit.pot
done
echo "po/tillit.pot: $(grep -c '^msgid ' po/tillit.pot) messages"

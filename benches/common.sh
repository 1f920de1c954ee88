# What the corpus benchmarks share; sourced by build.sh and search.sh from the repository root.
# Sizes come from the arguments (default 10000 100000); GEN_CORPUS names gen_corpus.py
# (default ../shared/bench/gen_corpus.py); corpora are cached in $BENCH_DIR (default
# /tmp/annals-bench); RUNS (default 3) timed runs.
sizes=("${@:-10000 100000}")
read -r -a sizes <<< "${sizes[*]}"
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
dir=${BENCH_DIR:-/tmp/annals-bench}
runs=${RUNS:-3}
mkdir -p "$dir"
cargo build --release --quiet
bin=$PWD/target/release/annals

measure() { # label command… → "label wall_s peak_MiB user_cpu_s"
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %M %U' -o "$log" "$@" >/dev/null 2>&1
  read -r wall kb user < "$log"; rm -f "$log"
  echo "$label $wall $((kb / 1024)) $user"
}

corpus_of() { # size → the corpus folder, generated on first use
  local corpus=$dir/c$1
  if [ ! -f "$corpus/manifest.json" ]; then
    python3 "$gen" -n "$1" --seed 42 -o "$corpus" --force >/dev/null
  fi
  echo "$corpus"
}

#!/usr/bin/env bash
# Times `annals import` on one large dump built by concatenating the sample dumps in sources/
# again and again, each copy varied (long lines get the copy's number after their first word)
# so that copies are not
# merged as repeats. Reports MB/s for a dry run (cut, describe, report) and a full import
# (also writing every statement file). The dump is declared a newsletter in sources.toml, as
# one channel's dump would be, so it is cut as one. The site is the repo's archive's topics and
# people, which import matches every statement against.
#
# The statement files are deleted when the script ends, not only before the next: ext4 without a
# journal (as on the machine of BENCHMARKS.md) will not reuse an inode freed in the last five
# minutes and scans past each one when it makes a file, so a full import right after the
# previous run's 63k files were deleted spends a minute in the kernel (measured: 7 s -> 37 s).
# Leave five minutes between two runs on such a file system.
#
#   benches/import.sh [SIZE_MB]      default 100
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-100}
dir=${BENCH_DIR:-/tmp/annals-bench}/import
rm -rf "$dir" && mkdir -p "$dir/sources"
trap 'rm -rf "$dir/content"' EXIT
printf 'title = "Import benchmark"\nbase_url = "https://example.org/"\n' > "$dir/site.toml"
sed -n '/^\[\[topics\]\]/,$p' site.toml >> "$dir/site.toml"
printf '[[source]]\nfile = "big.txt"\nformat = "newsletter"\n' > "$dir/sources/sources.toml"
python3 - "$dir/sources/big.txt" "$size_mb" sources/*.txt <<'PY'
import sys
out, size_mb, samples = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
texts = [open(p, encoding="utf-8").read() for p in samples]
limit = size_mb * 1_000_000
written, k = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while written < limit:
        text = texts[k % len(texts)]
        lines = [l.replace(" ", f" {k} ", 1) if len(l) > 40 else l for l in text.split("\n")]
        chunk = "\n".join(lines) + "\n\n\n"
        f.write(chunk)
        written += len(chunk.encode("utf-8"))
        k += 1
PY
cargo build --release --quiet
bytes=$(stat -c %s "$dir/sources/big.txt")
run() { # label args…
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" target/release/annals --root "$dir" import "$@" >/dev/null
  read -r wall kb < "$log"; rm -f "$log"
  python3 -c "print(f'$label: {$bytes/1e6:.0f} MB in {$wall:.2f} s = {$bytes/1e6/max($wall,0.01):.1f} MB/s, peak {$kb/1024:.0f} MiB')"
}
run "dry run + report" --dry-run --report "$dir/report.json"
run "full import (writes files)"
echo "statements: $(find "$dir/content/statements" -name '*.md' | wc -l)"
run "re-import (all unchanged)"

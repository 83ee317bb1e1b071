#!/usr/bin/env bash
# Load/save figures for issue 2: criterion times for load (parse + validate + build),
# serialize and save of generated maps, then peak memory of `argmap validate` on each
# size, measured by /usr/bin/time. Prints a table; docs/benchmarks.md records it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh >/dev/null

cargo bench -p argmap-core --bench file -- --noplot >/dev/null 2>&1
scripts/criterion-table.py file/

cargo build --release -q -p argmap-cli
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '\n%-8s %12s %16s %14s\n' nodes "file (MB)" "validate (s)" "peak RSS (MB)"
for n in 1000 10000 100000; do
  target/release/argmap gen --nodes "$n" --seed 1 -o "$dir/$n.map"
  size=$(stat -c %s "$dir/$n.map")
  read -r secs kb < <( { /usr/bin/time -f '%e %M' target/release/argmap validate "$dir/$n.map" >/dev/null; } 2>&1 )
  printf '%-8s %12.1f %16s %14.1f\n' "$n" "$(echo "$size/1048576" | bc -l)" "$secs" "$(echo "$kb/1024" | bc -l)"
done

#!/usr/bin/env bash
# Layout and export figures for issue 3: criterion times for layout, SVG, PNG and PDF
# of generated maps, peak memory of `argmap export`, and Graphviz's dot laying out the
# same graphs (DOT written by `argmap convert`) with the ratio. Prints tables;
# docs/benchmarks.md records them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh >/dev/null

cargo bench -p argmap-render --bench render -- --noplot >/dev/null 2>&1
scripts/criterion-table.py render/
scripts/criterion-table.py edit/

cargo build --release -q -p argmap-cli
bin=target/release/argmap
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Wall time of one command, in milliseconds, best of $2 runs.
best_ms() {
  local cmd=$1 runs=$2 best=""
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    eval "$cmd" >/dev/null 2>&1
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

printf '\n%-7s %18s %18s %16s %16s %10s\n' nodes "argmap →svg (ms)" "argmap →pdf (ms)" "peak RSS (MB)" "dot -Tsvg (ms)" "dot/argmap"
for n in 100 1000 10000; do
  $bin gen --nodes "$n" --seed 1 -o "$dir/$n.map"
  $bin convert "$dir/$n.map" -o "$dir/$n.dot"
  svg=$(best_ms "$bin export $dir/$n.map -o $dir/$n.svg" 3)
  pdf=$(best_ms "$bin export $dir/$n.map -o $dir/$n.pdf" 3)
  kb=$( { /usr/bin/time -f '%M' $bin export "$dir/$n.map" -o "$dir/m.svg" >/dev/null; } 2>&1 | tail -1)
  # The whole `argmap export` to SVG (load, layout, write) against the whole `dot -Tsvg`.
  if [ "$n" -le 1000 ]; then
    dot=$(best_ms "dot -Tsvg $dir/$n.dot -o $dir/$n.dot.svg" 1)
    ratio=$(echo "scale=0; $dot / ($svg + 0.5)" | bc -l)
  else
    # dot needs many minutes at 10k nodes; give it five.
    t0=$(date +%s%N)
    if timeout 300 dot -Tsvg "$dir/$n.dot" -o "$dir/$n.dot.svg" 2>/dev/null; then
      dot=$(( ($(date +%s%N) - t0) / 1000000 )); ratio=$(echo "scale=0; $dot / ($svg + 0.5)" | bc -l)
    else
      dot="> 300000"; ratio="-"
    fi
  fi
  printf '%-7s %18s %18s %16.1f %16s %10s\n' "$n" "$svg" "$pdf" "$(echo "$kb/1024" | bc -l)" "$dot" "$ratio"
done

# The same comparison in CPU time, which leaves out the atomic save's fsyncs (argmap
# waits for the disk, dot does not) and is steadier on a shared machine: both commands
# in turns, median and minimum of 15 runs each.
n=1000
echo
echo "CPU time at $n nodes, median / min of 15 runs in turns (scripts/cpu-time.py):"
out=$(scripts/cpu-time.py 15 "$bin export $dir/$n.map -o $dir/cpu.svg" "dot -Tsvg $dir/$n.dot -o $dir/cpu.dot.svg")
read -r a_med a_min _ <<<"$(sed -n 1p <<<"$out")"
read -r d_med d_min _ <<<"$(sed -n 2p <<<"$out")"
printf '  argmap export %s / %s ms, dot -Tsvg %s / %s ms: dot / argmap %s (median), %s (min)\n' \
  "$a_med" "$a_min" "$d_med" "$d_min" "$(echo "scale=1; $d_med / $a_med" | bc -l)" "$(echo "scale=1; $d_min / $a_min" | bc -l)"

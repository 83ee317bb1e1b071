#!/usr/bin/env bash
# Launch to first paint of the sample map, release build, under Xvfb: the app prints the
# time from its process start to the page's first painted frame, then quits
# (ARGMAP_REPORT_FIRST_PAINT). MAP=file opens that file instead. Each run starts from a fresh data folder, so the sample
# map opens as on a first launch. Prints each run and the median.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-7}"
APP="${ARGMAP_APP:-target/release/argmap-app}"
[ -x "$APP" ] || { echo "build it first: ui/node_modules/.bin/tauri build --no-bundle (or make deb)" >&2; exit 1; }
times=()
for i in $(seq "$RUNS"); do
  data=$(mktemp -d)
  line=$(XDG_DATA_HOME="$data" XDG_CONFIG_HOME="$data" ARGMAP_REPORT_FIRST_PAINT=1 \
    timeout 60 xvfb-run -a --server-args="-screen 0 1280x800x24 -noreset" "$APP" ${MAP:+"$MAP"} 2>/dev/null | grep -m1 "first paint" || true)
  rm -rf "$data"
  ms=$(echo "$line" | grep -o '[0-9]\+ ms' | grep -o '[0-9]\+' || echo "")
  echo "run $i: ${ms:-no paint} ms"
  [ -n "$ms" ] && times+=("$ms")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {if (NR) print "median: " a[int((NR+1)/2)] " ms over " NR " runs"}'

#!/usr/bin/env bash
# CPU time (perf's task clock, which counts exactly, where getrusage counts in ticks) of
# whole commands, in turns so that a shared machine's changing speed falls on all of
# them alike: ROUNDS rounds of `perf stat -r 5` per command. Prints the median and the
# minimum of the rounds' means, in milliseconds.
#
#     ROUNDS=15 scripts/task-clock.sh 'cmd one' 'cmd two' ...
#
# Needs perf (Debian: linux-perf).
set -euo pipefail
rounds=${ROUNDS:-12}
declare -A spent
for _ in $(seq "$rounds"); do
  for c in "$@"; do
    # shellcheck disable=SC2086 # each command is split into its words on purpose
    v=$(perf stat -r 5 -x, -e task-clock $c 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}')
    spent["$c"]+="$v "
  done
done
for c in "$@"; do
  echo "${spent["$c"]}" | tr ' ' '\n' | grep . | sort -g |
    awk -v c="$c" '{a[NR] = $1} END {printf "%.1f %.1f %s\n", a[int((NR + 1) / 2)], a[1], c}'
done

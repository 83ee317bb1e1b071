#!/usr/bin/env python3
"""CPU time (user + system) of whole commands, run in turns so that a shared machine's
changing speed falls on all of them alike. Prints the median and the minimum per
command, in milliseconds.

    scripts/cpu-time.py RUNS 'cmd one' 'cmd two' ...
"""
import resource
import shlex
import statistics
import subprocess
import sys

runs = int(sys.argv[1])
commands = sys.argv[2:]
spent = {c: [] for c in commands}
for _ in range(runs):
    for c in commands:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(shlex.split(c), check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent[c].append(1000 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
for c, ms in spent.items():
    print(f"{statistics.median(ms):.1f} {min(ms):.1f} {c}")

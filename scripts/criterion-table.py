#!/usr/bin/env python3
"""Prints criterion's medians for benchmark ids matching a prefix, from the JSON it
leaves in target/criterion (more robust than scraping its terminal output)."""
import json, pathlib, sys

prefix = sys.argv[1] if len(sys.argv) > 1 else ""
root = pathlib.Path("target/criterion")
rows = []
for est in root.glob("**/new/estimates.json"):
    bench = json.loads((est.parent / "benchmark.json").read_text())
    name = bench["full_id"]
    if not name.startswith(prefix):
        continue
    median = json.loads(est.read_text())["median"]["point_estimate"]  # nanoseconds
    rows.append((name, median))

def key(row):
    parts = row[0].split("/")
    return (parts[:-1], int(parts[-1]) if parts[-1].isdigit() else parts[-1])

for name, ns in sorted(rows, key=key):
    value = f"{ns / 1e6:.2f} ms" if ns < 1e9 else f"{ns / 1e9:.2f} s"
    print(f"{name:32} {value:>12}")

import { describe, expect, it } from "vitest";
import { rounded } from "../src/route";
import type { Point } from "../src/types";
// Written by crates/argmap-render/tests/corners.rs, which holds the layout's `rounded` to
// the same pairs: routed lines of real maps and a few that take each branch.
import pairs from "./fixtures/corners.json";

describe("rounded", () => {
  it("gives the curve the layout gives for the same corners", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(10);
    for (const [k, pair] of pairs.entries()) {
      const ours = rounded(pair.corners as Point[]);
      expect(ours.length, `pair ${k}`).toBe(pair.path.length);
      ours.forEach(([x, y], i) => {
        const [px, py] = pair.path[i];
        expect(Math.abs(x - px) < 1e-9 && Math.abs(y - py) < 1e-9, `pair ${k}, point ${i}: ${x},${y} against ${px},${py}`).toBe(true);
      });
    }
  });

  it("makes every point an array of its own, the corners untouched", () => {
    const corners: Point[] = [[0, 0], [100, 0], [100, 80], [0, 80]];
    const path = rounded(corners);
    expect(new Set(path).size).toBe(path.length);
    for (const p of path) expect(corners).not.toContain(p);
    for (const p of path) p[0] += 1;
    expect(corners).toEqual([[0, 0], [100, 0], [100, 80], [0, 80]]);
    const dot = rounded([[5, 5]]);
    expect(dot).toEqual([[5, 5], [5, 5], [5, 5], [5, 5]]);
    expect(new Set(dot).size).toBe(4);
    expect(rounded([])).toEqual([]);
  });
});

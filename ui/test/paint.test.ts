import { describe, expect, it } from "vitest";
import { clip, dashBase, lengths } from "../src/paint";
import type { EdgeLine } from "../src/types";

const line = (): EdgeLine => ({
  from: "a", to: "b", relation: "objects", primary: true, group: null,
  path: [[0, 0], [0, 0], [0, 0], [0, 0]],
});

describe("dash offset", () => {
  it("ends every dashed line on a whole dash at its arrow", () => {
    for (const length of [0, 7.5, 8, 100, 123.456, 1e4 + 0.3]) {
      const off = dashBase(length, [5, 3]);
      expect(off).toBeGreaterThanOrEqual(0);
      expect(off).toBeLessThan(8);
      // Where the line ends, the pattern is back at its start.
      expect(((length + off) % 8 + 8) % 8).toBeCloseTo(0, 9);
    }
  });

  it("repeats an odd pattern twice, as canvas and SVG do", () => {
    const off = dashBase(10, [4]);
    expect((10 + off) % 8).toBeCloseTo(0, 9);
  });

  it("leaves solid lines alone", () => {
    expect(dashBase(42, [])).toBe(0);
  });
});

describe("clipping a line to the view", () => {
  it("keeps the part inside and nothing of a line outside", () => {
    expect(clip([0, 0], [100, 0], [25, -5, 75, 5])).toEqual([0.25, 0.75]);
    expect(clip([0, 50], [100, 50], [25, -5, 75, 5])).toBeNull();
    expect(clip([50, -1000], [50, 1000], [0, 0, 100, 100])).toEqual([0.5, 0.55]);
  });

  it("measures straight segments exactly", () => {
    const e: EdgeLine = { ...line(), path: [[0, 0], [10, 0], [20, 0], [30, 0], [30, 10], [30, 20], [30, 40]] };
    expect(lengths(e)).toEqual([30, 40]);
  });
});

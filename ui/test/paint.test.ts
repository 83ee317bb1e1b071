import { describe, expect, it } from "vitest";
import { dashOffset } from "../src/paint";
import type { EdgeLine } from "../src/types";

const line = (length: number): EdgeLine => ({
  from: "a", to: "b", relation: "objects", primary: true, group: null,
  path: [[0, 0], [0, 0], [0, 0], [0, 0]], length,
});

describe("dash offset", () => {
  it("ends every dashed line on a whole dash at its arrow", () => {
    for (const length of [0, 7.5, 8, 100, 123.456, 1e4 + 0.3]) {
      const off = dashOffset(line(length), [5, 3]);
      expect(off).toBeGreaterThanOrEqual(0);
      expect(off).toBeLessThan(8);
      // Where the line ends, the pattern is back at its start.
      expect(((length + off) % 8 + 8) % 8).toBeCloseTo(0, 9);
    }
  });

  it("repeats an odd pattern twice, as canvas and SVG do", () => {
    const off = dashOffset(line(10), [4]);
    expect((10 + off) % 8).toBeCloseTo(0, 9);
  });

  it("leaves solid lines alone", () => {
    expect(dashOffset(line(42), [])).toBe(0);
  });
});

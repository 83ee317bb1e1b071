import { describe, expect, it } from "vitest";
import { clip, dashBase, lengths, shiftBetween, uncovered, type Region } from "../src/paint";
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

describe("panning by shifting the painted layer", () => {
  const vp = { w: 800, h: 600, dpr: 2 };
  const area = (rs: Region[]) => rs.reduce((a, r) => a + r.w * r.h, 0);

  it("shifts by whole device pixels only, and only when the zoom is the same", () => {
    const at = { x: 100, y: 50, zoom: 0.5 };
    expect(shiftBetween(at, { ...at, x: 100 + 18 / 0.5 / 2 }, vp)).toEqual([-18, 0]);
    expect(shiftBetween(at, { ...at, y: 50 - 7 }, vp)).toEqual([0, 7]);
    expect(shiftBetween(at, at, vp)).toEqual([0, 0]);
    expect(shiftBetween(at, { ...at, x: 100.3 }, vp)).toBeUndefined(); // part of a pixel
    expect(shiftBetween(at, { ...at, zoom: 0.6 }, vp)).toBeUndefined();
    expect(shiftBetween(at, { ...at, x: 100 + 1599 }, vp)).toEqual([-1599, 0]);
    expect(shiftBetween(at, { ...at, x: 100 + 1600 }, vp)).toBeUndefined(); // nothing left in view
  });

  it("paints exactly what the shift uncovers", () => {
    for (const [dx, dy] of [[0, 0], [30, 0], [-30, 0], [0, 40], [0, -40], [30, 40], [-30, -40], [30, -40], [-1598, 1198]]) {
      const rs = uncovered(vp, dx, dy);
      // Device pixels still holding the old picture, and the bands: together the
      // canvas, without overlap.
      const kept = (vp.w - Math.abs(dx) / vp.dpr) * (vp.h - Math.abs(dy) / vp.dpr);
      expect(area(rs) + kept).toBeCloseTo(vp.w * vp.h, 6);
      for (const r of rs) {
        expect(r.x).toBeGreaterThanOrEqual(0);
        expect(r.y).toBeGreaterThanOrEqual(0);
        expect(r.x + r.w).toBeLessThanOrEqual(vp.w);
        expect(r.y + r.h).toBeLessThanOrEqual(vp.h);
        // No band overlaps what the shifted picture covers: [dx, dx + W) × [dy, dy + H).
        const ox = Math.max(0, Math.min(r.x + r.w, dx / vp.dpr + vp.w) - Math.max(r.x, dx / vp.dpr));
        const oy = Math.max(0, Math.min(r.y + r.h, dy / vp.dpr + vp.h) - Math.max(r.y, dy / vp.dpr));
        expect(ox * oy).toBe(0);
      }
    }
  });
});

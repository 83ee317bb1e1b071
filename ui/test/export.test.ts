import { describe, expect, it } from "vitest";
import { pngSize } from "../src/export";

describe("the export dialog's stated size", () => {
  it("is the layout's bounds with the chosen margin in place of the layout's, times the scale, rounded up", () => {
    const b = { x: 0, y: 0, w: 1000, h: 500 }; // the layout's 24-unit margin included
    expect(pngSize(b, 24, 2)).toEqual([2000, 1000]);
    expect(pngSize(b, 60, 1)).toEqual([1072, 572]);
    expect(pngSize(b, 0, 0.5)).toEqual([476, 226]);
    expect(pngSize({ x: 0, y: 0, w: 10.2, h: 3 }, 24, 3)).toEqual([31, 9]);
  });
  it("never goes below a pixel", () => {
    expect(pngSize({ x: 0, y: 0, w: 10, h: 10 }, 0, 1)).toEqual([1, 1]);
  });
});

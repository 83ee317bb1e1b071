import { describe, expect, it } from "vitest";
import { largestFitting, pngSize } from "../src/export";

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

describe("the size that fits", () => {
  const scales = [0.5, 1, 2, 3, 4];
  it("is the largest offered whose PNG stays within 100 megapixels", () => {
    // The generated 1k map: 19,083 x 16,211 at 1x (309 megapixels); 1/2x is 77.
    const b = { x: 0, y: 0, w: 19083, h: 16211 };
    expect(largestFitting(b, 24, scales)).toBe(0.5);
    expect(largestFitting({ x: 0, y: 0, w: 3585, h: 2356 }, 24, scales)).toBe(3);
  });
  it("is none when even the smallest is over", () => {
    expect(largestFitting({ x: 0, y: 0, w: 55167, h: 46841 }, 24, scales)).toBeNull();
  });
});

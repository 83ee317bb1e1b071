import { describe, expect, it } from "vitest";
import { sizeNote, type PngSizes } from "../src/export";

// The sizes come from the PNG painter (argmap_render::raster::png_sizes, tested in
// crates/argmap-render/tests/export.rs); here, what the dialog says of them.
const label = (k: number) => (k === 0.5 ? "½×" : `${k}×`);
const offered = (fits: boolean[]): PngSizes => ({
  limit_megapixels: 100,
  clipboard_megapixels: 25,
  sizes: [0.5, 1, 2, 3, 4].map((scale, i) => ({ scale, width: 3585 * scale, height: 2356 * scale, fits: fits[i] })),
});

describe("the export dialog's size", () => {
  it("is the painter's size at the chosen scale, in pixels", () => {
    expect(sizeNote(offered([true, true, true, true, true]), 1, label)).toEqual({
      text: "3,585 × 2,356 pixels", size: "3585x2356", over: false, copyable: true,
    });
  });
  it("over the clipboard's budget, says so and names the largest size that copies", () => {
    expect(sizeNote(offered([true, true, true, true, true]), 2, label)).toEqual({
      text: "7,170 × 4,712 pixels — too big to copy; 1× copies", size: "7170x4712", over: false, copyable: false,
    });
    const huge = { ...offered([true, true, true, true, true]), clipboard_megapixels: 1 };
    expect(sizeNote(huge, 0.5, label)?.text).toMatch(/ — too big to copy at any size$/);
  });
  it("over the budget, names the largest size offered that fits", () => {
    const note = sizeNote(offered([true, true, true, true, false]), 4, label);
    expect(note?.over).toBe(true);
    expect(note?.copyable).toBe(false);
    expect(note?.text).toBe("14,340 × 9,424 pixels — over the 100-megapixel limit; 3× fits");
    expect(sizeNote(offered([true, false, false, false, false]), 2, label)?.text).toMatch(/; ½× fits$/);
  });
  it("says when no size fits, and that SVG or PDF keep the whole map", () => {
    const note = sizeNote(offered([false, false, false, false, false]), 0.5, label);
    expect(note?.over).toBe(true);
    expect(note?.text).toMatch(/over the 100-megapixel limit at every size; SVG or PDF keep the whole map$/);
  });
  it("says nothing of a scale the painter gave no size for", () => {
    expect(sizeNote(offered([true, true, true, true, true]), 8, label)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { readsRightToLeft } from "../src/caret";

describe("which way a paragraph reads", () => {
  // The same paragraphs as argmap-render's font.rs test, which the layout sets by.
  it("by its first letter that has a direction", () => {
    expect(readsRightToLeft("הטענה היא שהגדלת מודלים כבר לא מספיקה")).toBe(true);
    expect(readsRightToLeft("2024: قال GPT-4 إن التوسع انتهى")).toBe(true);
    expect(readsRightToLeft("Scaling is over, said \"הטענה\"")).toBe(false);
    expect(readsRightToLeft("« ܫܠܡܐ »")).toBe(true); // Syriac
    expect(readsRightToLeft("Ελληνικά και עברית")).toBe(false);
  });

  it("with no letters, left to right; a right-to-left mark counts as one", () => {
    expect(readsRightToLeft("— 1, 2, 3")).toBe(false);
    expect(readsRightToLeft("")).toBe(false);
    expect(readsRightToLeft("\u200f(1) Scaling")).toBe(true);
    expect(readsRightToLeft("\u200e(1) שלום")).toBe(false);
  });
});

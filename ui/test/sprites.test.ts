import { describe, expect, it } from "vitest";
import { onPixels } from "../src/paint";
import { MAX_SPRITE_PIXELS, Sprites, type Look, type SpriteCanvas } from "../src/sprites";
import type { NodeBox, TextRun, Theme } from "../src/types";

// What the cache decides (when a box is painted into a sprite, where the copy goes,
// what is dropped) is checked here against canvases that record what is done to them;
// that the copies look like boxes painted directly is checked on real canvases in the
// app (e2e/app.e2e.ts).

/** A context that records the calls the cache makes. */
function recorder() {
  const calls: unknown[][] = [];
  const ctx = {
    setTransform: (...a: number[]) => calls.push(["setTransform", ...a]),
    clearRect: (...a: number[]) => calls.push(["clearRect", ...a]),
    drawImage: (img: unknown, x: number, y: number) => calls.push(["drawImage", img, x, y]),
  } as unknown as CanvasRenderingContext2D;
  return { ctx, calls };
}

function harness(budget?: number) {
  const made: SpriteCanvas[] = [];
  const sprites = new Sprites(budget, (w, h) => {
    const { ctx } = recorder();
    const c = { width: w, height: h, getContext: () => ctx };
    made.push(c);
    return c;
  });
  const painted: NodeBox[] = [];
  const paint = (_: CanvasRenderingContext2D, n: NodeBox) => void painted.push(n);
  return { sprites, made, painted, paint };
}

const theme = {} as Theme;
const look: Look = { theme, alpha: 1, dashed: false };
const run = (text: string): TextRun => ({ x: 10, y: 20, size: 13, bold: false, tone: "body", text, w: 80 });
const box = (id: string, x = 10, y = 20, runs = [run("a claim")]): NodeBox => ({
  id, role: "support", x, y, w: 100, h: 40, runs, hidden: 0, pinned: false,
});

describe("boxes in the middle of device pixels", () => {
  it("moves a box by at most half a pixel, to the middle of a pixel of the view", () => {
    // x * 0.94 - 3.3: 10.25 lands on 6.335, moved to 6.5; y * 0.94 + 0.7: 20.5 lands
    // on 19.97, moved to 19.5.
    const n = onPixels(box("a", 10.25, 20.5), 0.94, -3.3, 0.7);
    expect(n.x * 0.94 - 3.3).toBeCloseTo(6.5, 9);
    expect(n.y * 0.94 + 0.7).toBeCloseTo(19.5, 9);
    expect(Math.abs(n.x - 10.25) * 0.94).toBeLessThanOrEqual(0.5);
    expect(Math.abs(n.y - 20.5) * 0.94).toBeLessThanOrEqual(0.5);
    // Already there: the same box, not a copy.
    const b = box("b", 5.25, 7.25);
    expect(onPixels(b, 2, 0, 0)).toBe(b);
  });
});

describe("box sprites", () => {
  it("leaves a box without a sprite to the caller, makes its sprite after, and copies it", () => {
    const { sprites, made, painted, paint } = harness();
    const view = recorder();
    // At scale 2, its corner on device pixel (16, 34).
    const b = box("a", 0, 0);
    expect(sprites.draw(view.ctx, b, look, 2, 16, 34, paint)).toBe(false);
    expect(view.calls).toEqual([]);
    expect(painted.length).toBe(0);
    expect(sprites.pending).toBe(true);
    expect(sprites.prepare()).toBe(false);
    expect(sprites.pending).toBe(false);
    expect(painted.length).toBe(1);
    expect(made.length).toBe(1);
    // Room for the outline: 3 pixels each side, one more for the far edge's pixel.
    expect([made[0].width, made[0].height]).toEqual([200 + 7, 80 + 7]);
    expect(sprites.draw(view.ctx, b, look, 2, 16, 34, paint)).toBe(true);
    expect(sprites.draw(view.ctx, b, look, 2, 16, 34, paint)).toBe(true);
    expect([sprites.painted, sprites.copied]).toEqual([1, 2]);
    expect(painted.length).toBe(1);
    const draws = view.calls.filter((c) => c[0] === "drawImage");
    expect(draws.map((c) => [c[2], c[3]])).toEqual([[13, 31], [13, 31]]);
    // Copied with no transform, pixel for pixel.
    expect(view.calls.at(-2)).toEqual(["setTransform", 1, 0, 0, 1, 0, 0]);
  });

  it("makes sprites a slice of time at a time", () => {
    const { sprites, painted, paint } = harness();
    const { ctx } = recorder();
    for (const id of ["a", "b", "c", "d", "e"]) sprites.draw(ctx, box(id), look, 1, 0, 0, paint);
    // A clock that moves a millisecond with each sprite: two per 2 ms slice.
    let t = 0;
    const clock = () => t++;
    expect(sprites.prepare(2, clock)).toBe(true);
    expect(painted.map((n) => n.id)).toEqual(["a", "b"]);
    expect(sprites.prepare(2, clock)).toBe(true);
    expect(sprites.prepare(2, clock)).toBe(false);
    expect(painted.length).toBe(5);
  });

  it("copies a box that moved, or was sent again unchanged, to its new place", () => {
    const { sprites, painted, paint } = harness();
    const view = recorder();
    sprites.draw(view.ctx, box("a"), look, 1, 10, 20, paint);
    sprites.prepare();
    sprites.draw(view.ctx, box("a"), look, 1, 10, 20, paint);
    // Moved by an edit, panned, and sent again by Rust with new but equal lines.
    sprites.draw(view.ctx, box("a"), look, 1, 310, 20, paint);
    sprites.draw(view.ctx, box("a"), look, 1, 303, 32, paint);
    sprites.draw(view.ctx, box("a", 0, 0, [run("a claim")]), look, 1, 303, 32, paint);
    expect(sprites.pending).toBe(false);
    expect(painted.length).toBe(1);
    const draws = view.calls.filter((c) => c[0] === "drawImage").map((c) => [c[2], c[3]]);
    expect(draws).toEqual([[8, 18], [308, 18], [301, 30], [301, 30]]);
  });

  it("paints again when the text, the size, the kind, the look or the scale changes", () => {
    const { sprites, painted, paint } = harness();
    const { ctx } = recorder();
    const b = box("a");
    sprites.draw(ctx, b, look, 1, 0, 0, paint);
    sprites.prepare();
    const changes: [NodeBox, Look, number][] = [
      [{ ...b, runs: [run("a claim, edited")] }, look, 1],
      [{ ...b, runs: [{ ...run("a claim, edited"), bold: true }] }, look, 1],
      // The same letters set in other pieces (a font installed, say).
      [{ ...b, runs: [{ ...run("a claim, edited"), bold: true, pieces: [{ x: 0, text: "a claim, edited" }] }] }, look, 1],
      [{ ...b, runs: [{ ...run("a claim, edited"), bold: true, pieces: [{ x: 0, text: "a claim, edited", font: "DejaVu Sans" }] }] }, look, 1],
      [{ ...b, w: 120 }, look, 1],
      [{ ...b, w: 120, role: "objection" }, look, 1],
      [{ ...b, w: 120, role: "objection" }, { ...look, alpha: 0.55, dashed: true }, 1], // defeated
      [{ ...b, w: 120, role: "objection" }, { ...look, alpha: 0.55, dashed: true }, 2], // zoomed
      [{ ...b, w: 120, role: "objection" }, { ...look, alpha: 0.55, dashed: true, theme: { ...theme } as Theme }, 2],
    ];
    let n = 1;
    for (const [next, l, scale] of changes) {
      expect(sprites.draw(ctx, next, l, scale, 0, 0, paint)).toBe(false);
      sprites.prepare();
      expect(painted.length).toBe(++n);
      // And copied when drawn again as it is now.
      expect(sprites.draw(ctx, next, l, scale, 0, 0, paint)).toBe(true);
    }
  });

  it("keeps to its budget, dropping the least recently used", () => {
    // Each sprite here is (100 + 2 * 2 + 1) x (40 + 2 * 2 + 1) pixels, 4 bytes each.
    const one = 105 * 45 * 4;
    const { sprites, painted, paint } = harness(3 * one);
    const { ctx } = recorder();
    const show = (id: string) => {
      const copied = sprites.draw(ctx, box(id), look, 1, 0, 0, paint);
      sprites.prepare();
      return copied;
    };
    for (const id of ["a", "b", "c"]) show(id);
    expect(show("a")).toBe(true); // a used again
    show("d"); // b goes
    expect(sprites.size).toEqual([3, 3 * one]);
    expect(painted.length).toBe(4);
    expect(show("a")).toBe(true);
    expect(show("c")).toBe(true);
    expect(show("b")).toBe(false);
    expect(painted.length).toBe(5);
    // A zoom starts afresh, and forgets the sprites wanted at the old one.
    sprites.draw(ctx, box("e"), look, 1, 0, 0, paint);
    sprites.draw(ctx, box("b"), look, 1.5, 0, 0, paint);
    expect(sprites.size[0]).toBe(0);
    sprites.prepare();
    expect(painted.slice(5).map((n) => n.id)).toEqual(["b"]);
  });

  it("leaves boxes too big for a sprite, and everything when turned off, to the caller", () => {
    const { sprites, painted, paint } = harness();
    const { ctx, calls } = recorder();
    const scale = Math.sqrt(MAX_SPRITE_PIXELS / (100 * 40)) * 1.01;
    expect(sprites.draw(ctx, box("a"), look, scale, 0, 0, paint)).toBe(false);
    sprites.enabled = false;
    expect(sprites.draw(ctx, box("b"), look, 1, 0, 0, paint)).toBe(false);
    expect(sprites.pending).toBe(false);
    sprites.prepare();
    expect(painted.length).toBe(0);
    expect(calls.length).toBe(0);
  });
});

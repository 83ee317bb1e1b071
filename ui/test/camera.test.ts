import { describe, expect, it } from "vitest";
import { fit, follow, MAX_ZOOM, MIN_ZOOM, reveal, toScreen, toWorld, zoomAt } from "../src/camera";

describe("camera", () => {
  it("toWorld and toScreen are inverses", () => {
    const c = { x: 120, y: -40, zoom: 1.7 };
    const [wx, wy] = toWorld(c, 333, 212);
    const [sx, sy] = toScreen(c, wx, wy);
    expect(sx).toBeCloseTo(333);
    expect(sy).toBeCloseTo(212);
  });

  it("zooming keeps the point under the cursor fixed", () => {
    const c = { x: 10, y: 20, zoom: 1 };
    const before = toWorld(c, 400, 300);
    const z = zoomAt(c, 400, 300, 1.5);
    expect(z.zoom).toBeCloseTo(1.5);
    const after = toWorld(z, 400, 300);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
  });

  it("follow keeps a moved point where it was on screen, at any zoom", () => {
    const c = { x: 120, y: -40, zoom: 0.8 };
    const before: [number, number] = [500, 300];
    const after: [number, number] = [620, 260];
    const f = follow(c, before, after);
    expect(f.zoom).toBe(c.zoom);
    expect(toScreen(f, ...after)).toEqual(toScreen(c, ...before));
    // Everything else moves on screen by the point's move, scaled by the zoom.
    const [sx, sy] = toScreen(f, 0, 0);
    const [ox, oy] = toScreen(c, 0, 0);
    expect(sx - ox).toBeCloseTo(-120 * 0.8);
    expect(sy - oy).toBeCloseTo(40 * 0.8);
  });

  it("zoom is clamped", () => {
    expect(zoomAt({ x: 0, y: 0, zoom: 1 }, 0, 0, 1e6).zoom).toBe(MAX_ZOOM);
    expect(zoomAt({ x: 0, y: 0, zoom: 1 }, 0, 0, 1e-6).zoom).toBe(MIN_ZOOM);
  });

  it("fit shows the whole rectangle, centred, never above 100%", () => {
    const r = { x: 100, y: 50, w: 2000, h: 500 };
    const c = fit(r, 1000, 800);
    expect(c.zoom).toBeCloseTo(0.5);
    const [x0, y0] = toScreen(c, r.x, r.y);
    const [x1, y1] = toScreen(c, r.x + r.w, r.y + r.h);
    expect(x0).toBeCloseTo(0);
    expect(x1).toBeCloseTo(1000);
    expect((y0 + y1) / 2).toBeCloseTo(400);
    expect(fit({ x: 0, y: 0, w: 10, h: 10 }, 1000, 800).zoom).toBe(1);
  });

  it("reveal scrolls a box just out of view in only as far as it needs, and centres one far away", () => {
    const c = { x: 100, y: 200, zoom: 0.5 };
    // The view is 800 × 600 pixels: 1600 × 1200 in the map at this zoom; 40 pixels of
    // margin are 80 in the map.
    const inView = { x: 300, y: 400, w: 200, h: 100 };
    expect(reveal(c, inView, 800, 600, 40)).toBeNull();
    // Just below the bottom: the box's bottom comes to rest 40 pixels above the edge,
    // and the view does not move sideways.
    const below = { x: 300, y: 1300, w: 200, h: 100 };
    const down = reveal(c, below, 800, 600, 40)!;
    expect(down.zoom).toBe(c.zoom);
    expect(down.x).toBe(c.x);
    expect(toScreen(down, below.x, below.y + below.h)[1]).toBeCloseTo(600 - 40);
    // Just past the left: the box's left edge rests 40 pixels in.
    const left = { x: 0, y: 400, w: 200, h: 100 };
    const across = reveal(c, left, 800, 600, 40)!;
    expect(across.y).toBe(c.y);
    expect(toScreen(across, left.x, left.y)[0]).toBeCloseTo(40);
    // Far away (more than half a view): centred.
    const far = { x: 9000, y: 7000, w: 200, h: 100 };
    const centred = reveal(c, far, 800, 600, 40)!;
    const [sx, sy] = toScreen(centred, far.x + far.w / 2, far.y + far.h / 2);
    expect(sx).toBeCloseTo(400);
    expect(sy).toBeCloseTo(300);
    // Taller than the view: centred too.
    const tall = { x: 300, y: 0, w: 200, h: 5000 };
    const [, ty] = toScreen(reveal(c, tall, 800, 600, 40)!, 0, tall.y + tall.h / 2);
    expect(ty).toBeCloseTo(300);
  });
});

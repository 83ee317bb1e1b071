import { describe, expect, it, vi } from "vitest";
import { addFlattened, around, clip, dashBase, lengths, paintMap, paintNode, scaledBetween, shiftBetween, sizeCanvas, TEXT_SCALE, uncovered, type Region } from "../src/paint";
import { toScreen, zoomAt } from "../src/camera";
import type { EdgeLine, Layout, LineStyle, NodeBox, Theme } from "../src/types";

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

/** A 2D context that keeps what is set on it and records, for each stroke, its colour
 *  and the dash pattern in force, and for each text drawn what, where (the translation
 *  in force) and in which font; every other call does nothing. */
function recordingContext() {
  const strokes: { colour: string; dash: number[] }[] = [];
  const texts: { text: string; x: number; y: number; font: string; align: string }[] = [];
  let dash: number[] = [];
  let at = [0, 0];
  const saved: { at: number[]; align: unknown }[] = [];
  const state: Record<string | symbol, unknown> = { textAlign: "start" };
  const ctx = new Proxy(state, {
    get(t, k) {
      if (k === "setLineDash") return (d: number[]) => { dash = [...d]; };
      if (k === "getLineDash") return () => [...dash];
      if (k === "stroke") return () => strokes.push({ colour: String(t.strokeStyle), dash: [...dash] });
      if (k === "save") return () => saved.push({ at, align: t.textAlign });
      if (k === "restore") return () => { const s = saved.pop()!; at = s.at; t.textAlign = s.align; };
      if (k === "translate") return (x: number, y: number) => { at = [at[0] + x, at[1] + y]; };
      if (k === "fillText") return (text: string) => texts.push({ text, x: at[0], y: at[1], font: String(t.font), align: String(t.textAlign) });
      if (k in t) return t[k];
      return () => {};
    },
    set(t, k, v) {
      t[k] = v;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, strokes, texts };
}

describe("painting lines", () => {
  // The light theme's line styles (argmap-render's theme.rs).
  const style = (colour: string, dash: number[], width: number): LineStyle => ({ colour, dash, width });
  const theme = {
    name: "light", background: "#ffffff", group: "#64748b",
    supports: style("#059669", [], 1.75), objects: style("#dc2626", [7, 4], 1.75),
    contradicts: style("#9333ea", [2, 3], 2), annotates: style("#94a3b8", [1, 3], 1.25),
  } as unknown as Theme;
  const down = (x: number): EdgeLine["path"] => [[x, 0], [x, 30], [x, 60], [x, 100]];

  it("strokes each line with its relation's dash pattern, a support solid after a dashed co-premise frame", () => {
    const layout: Layout = {
      orientation: "tb", bounds: { x: 0, y: 0, w: 300, h: 100 }, nodes: [],
      groups: [{ group: "g", relation: "supports", x: -10, y: -10, w: 120, h: 40 }],
      edges: (["supports", "objects", "supports", "contradicts", "annotates"] as const).map((relation, k) => ({
        ...line(), from: `n${k}`, relation, path: down(20 + 50 * k),
      })),
    };
    const { ctx, strokes } = recordingContext();
    // Node has no Path2D; the lines' pieces only need somewhere to go.
    vi.stubGlobal("Path2D", class { moveTo() {} lineTo() {} });
    paintMap(ctx, layout, theme, { x: -100, y: -100, zoom: 1 }, { w: 800, h: 600, dpr: 1 });
    expect(strokes[0]).toEqual({ colour: theme.group, dash: [5, 3] });
    const lines = strokes.slice(1);
    for (const relation of ["supports", "objects", "contradicts", "annotates"] as const) {
      const mine = lines.filter((s) => s.colour === theme[relation].colour);
      expect(mine.length, relation).toBeGreaterThan(0);
      for (const s of mine) expect(s.dash, relation).toEqual(theme[relation].dash);
    }
    vi.unstubAllGlobals();
  });

  it("draws a curve as straight pieces within a tenth of a device pixel of it", () => {
    const bezier = (q: EdgeLine["path"], t: number) => [0, 1].map((k) => {
      const u = 1 - t;
      return u * u * u * q[0][k] + 3 * u * u * t * q[1][k] + 3 * u * t * t * q[2][k] + t * t * t * q[3][k];
    });
    for (const scale of [0.25, 1, 3]) {
      for (const q of [[[0, 0], [100, 0], [100, 100], [200, 100]], [[0, 0], [0, 400], [30, -200], [5, 60]]] as EdgeLine["path"][]) {
        const pts: number[][] = [];
        const sink = { moveTo: (x: number, y: number) => pts.push([x, y]), lineTo: (x: number, y: number) => pts.push([x, y]) };
        addFlattened(sink as unknown as Path2D, q, scale);
        const n = pts.length - 1;
        expect(n).toBeGreaterThan(1);
        expect(pts[n]).toEqual(q[3]);
        let worst = 0;
        for (let i = 0; i < n; i++) {
          // The curve halfway between two pieces' ends, against the chord's middle.
          const [cx, cy] = bezier(q, (i + 0.5) / n);
          worst = Math.max(worst, Math.hypot(cx - (pts[i][0] + pts[i + 1][0]) / 2, cy - (pts[i][1] + pts[i + 1][1]) / 2));
        }
        expect(worst * scale).toBeLessThan(0.1);
      }
    }
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

describe("zooming by scaling the painted layer", () => {
  const vp = { w: 800, h: 600, dpr: 2 };
  const at = { x: 100, y: 50, zoom: 0.5 };

  it("puts every world point where the new camera shows it", () => {
    for (const factor of [0.8, 1.25, 0.5]) {
      const to = zoomAt(at, 300, 200, factor);
      const [x, y, w, h] = scaledBetween(at, to, vp);
      for (const [wx, wy] of [[100, 50], [900, 700], [430, 260]]) {
        // Device pixel of the point in the old picture, carried by the scaling...
        const [ox, oy] = toScreen(at, wx, wy).map((v) => v * vp.dpr);
        const carried = [x + (ox / (vp.w * vp.dpr)) * w, y + (oy / (vp.h * vp.dpr)) * h];
        // ...is where the new camera draws it.
        const [nx, ny] = toScreen(to, wx, wy).map((v) => v * vp.dpr);
        expect(carried[0]).toBeCloseTo(nx, 6);
        expect(carried[1]).toBeCloseTo(ny, 6);
      }
    }
    // The point under the cursor stays put.
    const to = zoomAt(at, 300, 200, 0.8);
    const [x, y, w] = scaledBetween(at, to, vp);
    const k = w / (vp.w * vp.dpr);
    expect(x + 600 * k).toBeCloseTo(600, 6);
    expect(y + 400 * k).toBeCloseTo(400, 6);
  });

  it("paints afresh only the ring a smaller picture leaves bare, overlapping its edge", () => {
    const to = zoomAt(at, 400, 300, 0.5); // half size, centred: a ring a quarter wide
    const rect = scaledBetween(at, to, vp);
    const rs = around(vp, rect);
    const covered = (px: number, py: number) =>
      rs.some((r) => px >= r.x && px < r.x + r.w && py >= r.y && py < r.y + r.h);
    const inPicture = (px: number, py: number) =>
      px * 2 >= rect[0] + 2 && px * 2 < rect[0] + rect[2] - 2 && py * 2 >= rect[1] + 2 && py * 2 < rect[1] + rect[3] - 2;
    for (let px = 0; px < vp.w; px += 7) {
      for (let py = 0; py < vp.h; py += 7) {
        // Every pixel is either in the scaled picture or painted afresh.
        expect(covered(px, py) || inPicture(px, py)).toBe(true);
      }
    }
    // Nothing is painted twice over the middle of the picture.
    expect(covered(400, 300)).toBe(false);
    const area = rs.reduce((a, r) => a + r.w * r.h, 0);
    expect(area).toBeLessThan(800 * 600 * 0.8);
    expect(area).toBeGreaterThan(800 * 600 * 0.7);
    // Zooming in, the picture covers the whole view: nothing to paint.
    expect(around(vp, scaledBetween(at, zoomAt(at, 400, 300, 1.3), vp))).toEqual([]);
  });
});

describe("sizing the canvases", () => {
  /** A canvas's size as the page sees it: every set clears the picture, as a real one does. */
  class Canvas {
    cleared = 0;
    constructor(private w: number, private h: number) {}
    get width() { return this.w; }
    set width(v: number) { this.w = v; this.cleared++; }
    get height() { return this.h; }
    set height(v: number) { this.h = v; this.cleared++; }
  }
  const canvas = (width: number, height: number) => new Canvas(width, height);

  it("sets the bitmap in device pixels when the size changes", () => {
    const c = canvas(300, 150);
    expect(sizeCanvas(c, { w: 689.4, h: 734, dpr: 2 })).toBe(true);
    expect([c.width, c.height]).toEqual([1379, 1468]);
    expect(c.cleared).toBe(2);
  });

  it("leaves a canvas of the right size alone, so its picture stays", () => {
    const c = canvas(689, 734);
    // Reported again at the size it has (a resize observer's first report), or by a
    // fraction of a pixel that rounds to the same bitmap.
    expect(sizeCanvas(c, { w: 689, h: 734, dpr: 1 })).toBe(false);
    expect(sizeCanvas(c, { w: 689.2, h: 733.8, dpr: 1 })).toBe(false);
    expect(c.cleared).toBe(0);
  });
});

describe("painting text", () => {
  const theme = {
    thesis: { fill: "#eef", stroke: "#44f", caption: "#44f" }, text: "#000", muted: "#666",
  } as unknown as Theme;

  it("draws a line of letters from several fonts piece by piece, where the layout put each", () => {
    // WebKit's canvas, given the whole line, put the emoji on the wrong side of the
    // number; the layout orders the pieces by Unicode's bidi algorithm, as the SVG.
    const { ctx, texts } = recordingContext();
    const n: NodeBox = {
      id: "a", role: "thesis", x: 100, y: 50, w: 200, h: 40, hidden: 0, pinned: false,
      runs: [{
        x: 12, y: 30, size: 14, bold: false, tone: "body", text: "מספיקה 🚀 2024", w: 120, rtl: true,
        pieces: [
          { x: 0, text: "2024" }, { x: 30, text: " ", rtl: true },
          { x: 34, text: "🚀", rtl: true, font: "Noto Color Emoji" }, { x: 52, text: " ", rtl: true },
          { x: 56, text: "מספיקה", rtl: true, font: "DejaVu Sans" },
        ],
      }],
    };
    paintNode(ctx, n, theme);
    const size = 14 * TEXT_SCALE;
    expect(texts).toEqual([
      { text: "2024", x: 112, y: 80, font: `400 ${size}px "Noto Sans", sans-serif`, align: "start" },
      { text: "\u202e \u200f\u202c", x: 142, y: 80, font: `400 ${size}px "Noto Sans", sans-serif`, align: "start" },
      { text: "\u202e🚀\u200f\u202c", x: 146, y: 80, font: `400 ${size}px "Noto Color Emoji", "Noto Sans", sans-serif`, align: "start" },
      { text: "\u202e \u200f\u202c", x: 164, y: 80, font: `400 ${size}px "Noto Sans", sans-serif`, align: "start" },
      { text: "\u202eמספיקה\u200f\u202c", x: 168, y: 80, font: `400 ${size}px "DejaVu Sans", "Noto Sans", sans-serif`, align: "start" },
    ]);
  });
});

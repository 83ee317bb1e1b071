// Draws a Layout from argmap-render onto a canvas with the bundled font: the same
// boxes, line breaks, colours and dash patterns as the SVG painter in Rust. Only what
// is in the viewport is drawn; when text would be too small to read it is drawn as
// grey bars, which is what the eye sees at that size anyway.

import type { Camera } from "./camera";
import { edgeBox } from "./scene";
import type { Sprites } from "./sprites";
import type { EdgeLine, Layout, NodeBox, StatusRow, Theme, TextRun } from "./types";

export const FONT_FAMILY = '"Noto Sans", sans-serif';

/** A run's CSS font, set TEXT_SCALE times larger: the bundled font, or first the
 *  system font the layout set the whole line in (a line in Hebrew or Arabic, where
 *  the export draws its spaces, digits and Latin in that font too). */
export function font(run: Pick<TextRun, "size" | "bold" | "font">): string {
  const family = run.font ? `${JSON.stringify(run.font)}, ${FONT_FAMILY}` : FONT_FAMILY;
  return `${run.bold ? 700 : 400} ${run.size * TEXT_SCALE}px ${family}`;
}

/** Text is set TEXT_SCALE times larger and drawn scaled back down. At a box's sizes
 *  (10-14 px) WebKit rounds each glyph's advance to whole pixels (hinting), which made
 *  a 14 px line up to 9 px wider on screen than the layout measured it and the export
 *  draws it; ten times larger the rounding is a tenth, and the lines end where the
 *  export's do. */
export const TEXT_SCALE = 10;

export interface Viewport { w: number; h: number; dpr: number }

/** Sizes a canvas's bitmap for the viewport, in device pixels. Setting a canvas's width
 *  or height clears its picture even when the value is the one it has, and the page is
 *  told its size more often than it changes (the first report of a resize observer
 *  always comes, sometimes after the first frame was painted, which then flashed
 *  blank until the next): only a size that changed is set. True when it was. */
export function sizeCanvas(c: { width: number; height: number }, vp: Viewport): boolean {
  const w = Math.round(vp.w * vp.dpr), h = Math.round(vp.h * vp.dpr);
  if (c.width === w && c.height === h) return false;
  c.width = w;
  c.height = h;
  return true;
}

/** A part of the canvas, in CSS pixels. */
export interface Region { x: number; y: number; w: number; h: number }

/** The map coordinates a part of the canvas shows: [x0, y0, x1, y1]. */
function worldOf(cam: Camera, r: Region): Rect4 {
  return [cam.x + r.x / cam.zoom, cam.y + r.y / cam.zoom, cam.x + (r.x + r.w) / cam.zoom, cam.y + (r.y + r.h) / cam.zoom];
}

function meets([x0, y0, x1, y1]: Rect4, x: number, y: number, w: number, h: number): boolean {
  return x + w >= x0 && x <= x1 && y + h >= y0 && y <= y1;
}

function setView(ctx: CanvasRenderingContext2D, cam: Camera, vp: Viewport) {
  const s = vp.dpr * cam.zoom;
  ctx.setTransform(s, 0, 0, s, -cam.x * s, -cam.y * s);
}

/** The mirror computes each edge's box once per delta; this covers a bare layout. */
const boxOfEdge = (e: EdgeLine) => e.bbox ?? edgeBox(e);

type Rect4 = [number, number, number, number];

/** A rectangle grown by `m` on every side. */
const grown = ([x0, y0, x1, y1]: Rect4, m: number): Rect4 => [x0 - m, y0 - m, x1 + m, y1 + m];

type P = [number, number];
const straight = (a: P, c1: P, c2: P, b: P) =>
  Math.abs((b[0] - a[0]) * (c1[1] - a[1]) - (b[1] - a[1]) * (c1[0] - a[0])) < 1e-6 &&
  Math.abs((b[0] - a[0]) * (c2[1] - a[1]) - (b[1] - a[1]) * (c2[0] - a[0])) < 1e-6;
const dist = (a: P, b: P) => Math.hypot(b[0] - a[0], b[1] - a[1]);

/** Adds a line's cubic segments to the path as straight pieces within a tenth of a
 *  device pixel of the curve (`scale`: device pixels per world unit). The canvas cuts
 *  a curve where it crosses the edge of the part being painted and draws the pieces a
 *  little differently from the whole (seen as a pan's band against a full repaint:
 *  hundreds of values a few levels apart along long curves); straight pieces it cuts
 *  along the same line. */
export function addFlattened(ctx: CanvasRenderingContext2D | Path2D, p: P[], scale: number) {
  ctx.moveTo(p[0][0], p[0][1]);
  for (let k = 1; k + 2 < p.length; k += 3) {
    const [a, b, c, d] = [p[k - 1], p[k], p[k + 1], p[k + 2]];
    if (straight(a, b, c, d)) {
      ctx.lineTo(d[0], d[1]);
      continue;
    }
    // A cubic cut into n even steps of t is within 3/4 * max |second difference| / n²
    // of the curve.
    const ddx = Math.max(Math.abs(a[0] - 2 * b[0] + c[0]), Math.abs(b[0] - 2 * c[0] + d[0]));
    const ddy = Math.max(Math.abs(a[1] - 2 * b[1] + c[1]), Math.abs(b[1] - 2 * c[1] + d[1]));
    const n = Math.min(256, Math.max(1, Math.ceil(Math.sqrt((0.75 * Math.hypot(ddx, ddy) * scale) / 0.1))));
    for (let i = 1; i <= n; i++) {
      const t = i / n, u = 1 - t;
      const w0 = u * u * u, w1 = 3 * u * u * t, w2 = 3 * u * t * t, w3 = t * t * t;
      ctx.lineTo(w0 * a[0] + w1 * b[0] + w2 * c[0] + w3 * d[0], w0 * a[1] + w1 * b[1] + w2 * c[1] + w3 * d[1]);
    }
  }
}

/** Each solid line's straight pieces as last painted: panning and edits elsewhere paint
 *  the same lines again at the same zoom. The page's mirror moves a line by moving all
 *  its points alike (scene.ts), so a line whose first point and zoom are the same has
 *  the same pieces; a line sent again is a new object. */
const flatLines = new WeakMap<EdgeLine, { scale: number; x: number; y: number; path: Path2D }>();

function flattened(e: EdgeLine, scale: number): Path2D {
  const p = e.path, hit = flatLines.get(e);
  if (hit && hit.scale === scale && hit.x === p[0][0] && hit.y === p[0][1]) return hit.path;
  const path = new Path2D();
  addFlattened(path, p, scale);
  flatLines.set(e, { scale, x: p[0][0], y: p[0][1], path });
  return path;
}

/** Each segment's length: straight ones exactly, curves along 12 chords (as the layout
 *  measures them), kept per edge object. */
const segmentLengths = new WeakMap<EdgeLine, number[]>();
export function lengths(e: EdgeLine): number[] {
  let ls = segmentLengths.get(e);
  if (ls) return ls;
  ls = [];
  const p = e.path;
  for (let k = 1; k + 2 < p.length; k += 3) {
    const [a, c1, c2, b] = [p[k - 1], p[k], p[k + 1], p[k + 2]];
    if (straight(a, c1, c2, b)) { ls.push(dist(a, b)); continue; }
    let len = 0, prev = a;
    for (let i = 1; i <= 12; i++) {
      const t = i / 12, u = 1 - t;
      const q: P = [
        u * u * u * a[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * b[0],
        u * u * u * a[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * b[1],
      ];
      len += dist(prev, q);
      prev = q;
    }
    ls.push(len);
  }
  segmentLengths.set(e, ls);
  return ls;
}

/** The part [t0, t1] of the line a→b inside `r` (Liang–Barsky), or null. */
export function clip(a: P, b: P, r: Rect4): [number, number] | null {
  let t0 = 0, t1 = 1;
  const d = [b[0] - a[0], b[1] - a[1]];
  const tests: [number, number][] = [
    [-d[0], a[0] - r[0]], [d[0], r[2] - a[0]], [-d[1], a[1] - r[1]], [d[1], r[3] - a[1]],
  ];
  for (const [q, w] of tests) {
    if (q === 0) { if (w < 0) return null; continue; }
    const t = w / q;
    if (q < 0) t0 = Math.max(t0, t); else t1 = Math.min(t1, t);
  }
  return t0 <= t1 ? [t0, t1] : null;
}

/** Strokes a dashed line segment by segment, only where it is in view: a canvas walks
 *  every dash of a path, seen or not, and a routed line can cross the whole map. Each
 *  piece starts its pattern where the whole line would have it, anchored at the arrow. */
function strokeDashed(ctx: CanvasRenderingContext2D, e: EdgeLine, dash: number[], r: Rect4, scale: number) {
  const p = e.path;
  const ls = lengths(e);
  const base = dashBase(ls.reduce((s, l) => s + l, 0), dash);
  let along = 0;
  for (let k = 1, s = 0; k + 2 < p.length; k += 3, s++) {
    const [a, c1, c2, b] = [p[k - 1], p[k], p[k + 1], p[k + 2]];
    const len = ls[s];
    const x0 = Math.min(a[0], c1[0], c2[0], b[0]), x1 = Math.max(a[0], c1[0], c2[0], b[0]);
    const y0 = Math.min(a[1], c1[1], c2[1], b[1]), y1 = Math.max(a[1], c1[1], c2[1], b[1]);
    if (x1 >= r[0] && x0 <= r[2] && y1 >= r[1] && y0 <= r[3]) {
      ctx.beginPath();
      if (straight(a, c1, c2, b)) {
        const part = clip(a, b, r);
        if (part) {
          const [t0, t1] = part;
          ctx.lineDashOffset = base + along + len * t0;
          ctx.moveTo(a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0);
          ctx.lineTo(a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1);
          ctx.stroke();
        }
      } else {
        ctx.lineDashOffset = base + along;
        addFlattened(ctx, [a, c1, c2, b], scale);
        ctx.stroke();
      }
    }
    along += len;
  }
}

/** The offset into the dash pattern that ends a line `total` long with a whole dash at
 *  its arrow, as the SVG painter does (a canvas repeats an odd-length pattern twice). */
export function dashBase(total: number, dash: number[]): number {
  const period = dash.reduce((s, d) => s + d, 0) * (dash.length % 2 === 1 ? 2 : 1);
  if (period <= 0) return 0;
  const r = ((total % period) + period) % period;
  return (period - r) % period;
}

function arrow(ctx: CanvasRenderingContext2D, tip: [number, number], from: [number, number], size: number) {
  const a = Math.atan2(tip[1] - from[1], tip[0] - from[0]);
  ctx.beginPath();
  ctx.moveTo(tip[0], tip[1]);
  ctx.lineTo(tip[0] - size * Math.cos(a - 0.45), tip[1] - size * Math.sin(a - 0.45));
  ctx.lineTo(tip[0] - size * Math.cos(a + 0.45), tip[1] - size * Math.sin(a + 0.45));
  ctx.closePath();
  ctx.fill();
}

export function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/** Paints the map layer (background, co-premise frames, edges, boxes and text): all of
 *  it, or only `region` of the canvas, leaving the rest as it is. What is outside the
 *  part painted is not drawn at all. */
export function paintMap(
  ctx: CanvasRenderingContext2D, layout: Layout, theme: Theme, cam: Camera, vp: Viewport,
  status?: Map<string, StatusRow>, region: Region | Region[] = { x: 0, y: 0, w: vp.w, h: vp.h },
  sprites?: Sprites,
) {
  // Several parts are painted in one pass over the map: what meets any of them.
  const regions = Array.isArray(region) ? region : [region];
  if (!regions.length) return;
  lastFont.delete(ctx);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const d = vp.dpr;
  ctx.beginPath();
  for (const r of regions) ctx.rect(r.x * d, r.y * d, r.w * d, r.h * d);
  ctx.clip();
  ctx.fillStyle = theme.background;
  for (const r of regions) ctx.fillRect(r.x * d, r.y * d, r.w * d, r.h * d);
  setView(ctx, cam, vp);
  const parts = regions.map((r) => worldOf(cam, r));
  const part: Rect4 = [
    Math.min(...parts.map((q) => q[0])), Math.min(...parts.map((q) => q[1])),
    Math.max(...parts.map((q) => q[2])), Math.max(...parts.map((q) => q[3])),
  ];
  const inView = parts.length === 1
    ? (x: number, y: number, w: number, h: number) => meets(part, x, y, w, h)
    : (x: number, y: number, w: number, h: number) => meets(part, x, y, w, h) && parts.some((q) => meets(q, x, y, w, h));

  ctx.lineWidth = 1.25;
  ctx.strokeStyle = theme.group;
  ctx.setLineDash([5, 3]);
  for (const g of layout.groups) {
    if (!inView(g.x, g.y, g.w, g.h)) continue;
    roundRect(ctx, g.x, g.y, g.w, g.h, 12);
    ctx.stroke();
  }
  // The frames' dashes end here: a line stroked next with no pattern of its own (a
  // support) would take theirs.
  ctx.setLineDash([]);

  const near = layout.within?.(part) ?? layout;
  // Device pixels per world unit.
  const s = vp.dpr * cam.zoom;
  for (const e of near.edges) {
    const [bx, by, bw, bh] = boxOfEdge(e);
    if (!inView(bx, by, bw, bh)) continue;
    const line = theme[e.relation];
    ctx.strokeStyle = line.colour;
    ctx.fillStyle = line.colour;
    ctx.lineWidth = line.width;
    const p = e.path;
    if (line.dash.length) {
      ctx.setLineDash(line.dash);
      strokeDashed(ctx, e, line.dash, grown(part, 20 / cam.zoom), s);
      ctx.setLineDash([]);
      ctx.lineDashOffset = 0;
    } else {
      ctx.stroke(flattened(e, s));
    }
    const n = p.length;
    if (e.relation !== "annotates") arrow(ctx, p[n - 1], p[n - 2], 9);
    if (e.relation === "contradicts") arrow(ctx, p[0], p[1], 9);
  }
  ctx.setLineDash([]);
  const readable = readableAt(cam.zoom);
  const e = -cam.x * s, f = -cam.y * s;
  for (const box of near.nodes) {
    if (!inView(box.x, box.y, box.w, box.h)) continue;
    const st = status?.get(box.id);
    const alpha = st?.label === "out" ? DEFEATED_OPACITY : 1, dashed = st?.label === "out";
    // Readable, the box's corner goes in the middle of the device pixel its place
    // falls in, and the box is painted from there, as its sprite is (sprites.ts): a box
    // shows the same pixels wherever it is, so its sprite can be copied, and a copy is
    // the box a direct paint gives.
    const x = pixelOf(box.x * s + e), y = pixelOf(box.y * s + f);
    const n = readable ? { ...box, x: 0, y: 0 } : box;
    const copied = readable && sprites?.draw(ctx, n, { theme, alpha, dashed }, s, x, y, (c) => {
      lastFont.delete(c);
      paintNode(c, n, theme, true, alpha, dashed);
    });
    if (readable) ctx.setTransform(s, 0, 0, s, x + 0.5, y + 0.5);
    if (!copied) paintNode(ctx, n, theme, readable, alpha, dashed);
    if (st) paintStatus(ctx, n, st, theme);
    if (readable) ctx.setTransform(s, 0, 0, s, e, f);
  }
  ctx.restore();
}

/** The parts of the canvas a shift by (dx, dy) device pixels uncovers, in CSS pixels:
 *  a band along the side the picture moved away from, and one along the top or bottom. */
export function uncovered(vp: Viewport, dx: number, dy: number): Region[] {
  const w = vp.w, h = vp.h, sx = dx / vp.dpr, sy = dy / vp.dpr;
  const out: Region[] = [];
  if (sx > 0) out.push({ x: 0, y: 0, w: sx, h });
  if (sx < 0) out.push({ x: w + sx, y: 0, w: -sx, h });
  // The corner both bands would cover is in the first one already.
  const x = Math.max(0, sx), xw = w - Math.abs(sx);
  if (sy > 0) out.push({ x, y: 0, w: xw, h: sy });
  if (sy < 0) out.push({ x, y: h + sy, w: xw, h: -sy });
  return out;
}

/** The shift, in whole device pixels, that takes the map layer painted for `from` to
 *  what `to` shows; undefined when the two differ by more than a shift (a zoom, a shift
 *  by part of a pixel, or one that leaves nothing of the old picture in view). */
export function shiftBetween(from: Camera, to: Camera, vp: Viewport): [number, number] | undefined {
  if (from.zoom !== to.zoom) return undefined;
  const s = to.zoom * vp.dpr;
  const dx = (from.x - to.x) * s, dy = (from.y - to.y) * s;
  const rx = Math.round(dx), ry = Math.round(dy);
  if (Math.abs(dx - rx) > 1e-3 || Math.abs(dy - ry) > 1e-3) return undefined;
  if (Math.abs(rx) >= vp.w * vp.dpr || Math.abs(ry) >= vp.h * vp.dpr) return undefined;
  return [rx, ry];
}

/** Brings a map layer painted for camera `from` to camera `to` when only the camera
 *  moved: the pixels already there are shifted and only what the shift uncovers is
 *  painted. Returns false, painting nothing, when a shift cannot do it. */
export function panMap(
  ctx: CanvasRenderingContext2D, layout: Layout, theme: Theme, from: Camera, to: Camera, vp: Viewport,
  status?: Map<string, StatusRow>, sprites?: Sprites,
): boolean {
  const shift = shiftBetween(from, to, vp);
  if (!shift) return false;
  const [dx, dy] = shift;
  if (dx || dy) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = "copy";
    ctx.imageSmoothingEnabled = false; // a copy, pixel for pixel
    ctx.drawImage(ctx.canvas, dx, dy);
    ctx.restore();
  }
  paintMap(ctx, layout, theme, to, vp, status, uncovered(vp, dx, dy), sprites);
  return true;
}

/** Where the map layer painted for camera `from` lands, scaled, in the view of camera
 *  `to`, in device pixels: [x, y, w, h]. */
export function scaledBetween(from: Camera, to: Camera, vp: Viewport): [number, number, number, number] {
  const k = to.zoom / from.zoom;
  return [(from.x - to.x) * to.zoom * vp.dpr, (from.y - to.y) * to.zoom * vp.dpr, vp.w * vp.dpr * k, vp.h * vp.dpr * k];
}

/** The parts of the view that a picture scaled to `rect` (device pixels) leaves bare, in
 *  CSS pixels, each grown to whole pixels so no seam shows at the picture's edge. */
export function around(vp: Viewport, [x, y, w, h]: [number, number, number, number]): Region[] {
  const d = vp.dpr;
  const left = Math.max(0, Math.min(vp.w, Math.ceil(x / d) + 1));
  const top = Math.max(0, Math.min(vp.h, Math.ceil(y / d) + 1));
  const right = Math.max(left, Math.min(vp.w, Math.floor((x + w) / d) - 1));
  const bottom = Math.max(top, Math.min(vp.h, Math.floor((y + h) / d) - 1));
  const out: Region[] = [];
  if (left > 0) out.push({ x: 0, y: 0, w: left, h: vp.h });
  if (right < vp.w) out.push({ x: right, y: 0, w: vp.w - right, h: vp.h });
  if (top > 0) out.push({ x: left, y: 0, w: right - left, h: top });
  if (bottom < vp.h) out.push({ x: left, y: bottom, w: right - left, h: vp.h - bottom });
  return out.filter((r) => r.w > 0 && r.h > 0);
}

/** Brings a map layer painted for camera `from` to camera `to` while the zoom changes:
 *  the picture already there is scaled (a little soft when zooming in) and only what it
 *  no longer covers is painted. The caller paints the layer afresh once the zoom stops.
 *  Returns false, painting nothing, when the zoom did not change or so little of the old
 *  picture would remain that painting afresh is as cheap. */
export function zoomMap(
  ctx: CanvasRenderingContext2D, layout: Layout, theme: Theme, from: Camera, to: Camera, vp: Viewport,
  status?: Map<string, StatusRow>,
): boolean {
  if (from.zoom === to.zoom) return false;
  const rect = scaledBetween(from, to, vp);
  const [x, y, w, h] = rect;
  const W = vp.w * vp.dpr, H = vp.h * vp.dpr;
  const kept = Math.max(0, Math.min(W, x + w) - Math.max(0, x)) * Math.max(0, Math.min(H, y + h) - Math.max(0, y));
  if (kept < W * H / 4) return false;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalCompositeOperation = "copy";
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(ctx.canvas, x, y, w, h);
  ctx.restore();
  paintMap(ctx, layout, theme, to, vp, status, around(vp, rect));
  return true;
}

const lastFont = new WeakMap<CanvasRenderingContext2D, string>();

/** Setting ctx.font parses the string every time: only do it when it changes. */
function setFont(ctx: CanvasRenderingContext2D, f: string) {
  if (f !== lastFont.get(ctx)) {
    ctx.font = f;
    lastFont.set(ctx, f);
  }
}

/** The device pixel a coordinate in device pixels falls in: a readable box's corner
 *  goes in its middle. */
const pixelOf = (v: number) => Math.floor(v);

/** Whether text is drawn at `zoom`; further out, its lines are grey bars. */
const readableAt = (zoom: number) => zoom * 10 >= 4;

/** Box `n` moved by at most half a device pixel, so that its corner falls in the middle
 *  of a device pixel, in a view that maps x to x * `s` + `e` and y to y * `s` + `f`: as
 *  the map layer paints readable boxes (paintMap). There, a box's outline, 1.5 units
 *  wide, is as sharp as a line that wide can be (one full pixel at 100%, not two
 *  half-covered ones), wherever the layout put the box. */
export function onPixels<T extends { x: number; y: number }>(n: T, s: number, e: number, f: number): T {
  const x = (pixelOf(n.x * s + e) + 0.5 - e) / s, y = (pixelOf(n.y * s + f) + 0.5 - f) / s;
  return x === n.x && y === n.y ? n : { ...n, x, y };
}

export function paintNode(ctx: CanvasRenderingContext2D, n: NodeBox, theme: Theme, readable = true, alpha = 1, dashed = false) {
  const k = theme[n.role];
  ctx.globalAlpha = alpha;
  roundRect(ctx, n.x, n.y, n.w, n.h, 8);
  ctx.fillStyle = k.fill;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = k.stroke;
  if (dashed) ctx.setLineDash(DEFEATED_DASH);
  ctx.stroke();
  if (dashed) ctx.setLineDash([]);
  for (const r of n.runs) {
    const colour = r.tone === "caption" ? k.caption : r.tone === "source" ? theme.muted : r.tone === "badge" ? theme.badge_text : theme.text;
    if (r.tone === "badge") {
      ctx.fillStyle = theme.badge_fill;
      roundRect(ctx, n.x + r.x - 5, n.y + r.y - r.size, r.w + 10, r.size + 4, 7);
      ctx.fill();
    }
    if (readable) {
      ctx.fillStyle = colour;
      if (r.pieces) {
        paintPieces(ctx, n.x + r.x, n.y + r.y, r);
        continue;
      }
      setFont(ctx, font(r));
      ctx.save();
      // A right-to-left line as the SVG painter writes it (svg.rs): anchored at its
      // right end and embedded right to left.
      ctx.translate(n.x + r.x + (r.rtl ? r.w : 0), n.y + r.y);
      ctx.scale(1 / TEXT_SCALE, 1 / TEXT_SCALE);
      if (r.rtl) ctx.textAlign = "right";
      ctx.fillText(r.rtl ? `\u202b${r.text}\u202c` : r.text, 0, 0);
      ctx.restore();
    } else {
      ctx.fillStyle = colour;
      ctx.globalAlpha = alpha * 0.35;
      ctx.fillRect(n.x + r.x, n.y + r.y - r.size * 0.7, r.w, r.size * 0.7);
      ctx.globalAlpha = alpha;
    }
  }
  ctx.globalAlpha = 1;
}

/** A line whose letters come from several fonts, piece by piece where the layout put
 *  each piece, as the SVG painter writes it (svg.rs): each in its font, a right-to-left
 *  piece overridden right to left. WebKit's canvas ordered such a line itself and put
 *  an emoji beside a number on the wrong side of it in Hebrew. */
function paintPieces(ctx: CanvasRenderingContext2D, x: number, y: number, r: TextRun) {
  for (const p of r.pieces ?? []) {
    setFont(ctx, font({ size: r.size, bold: r.bold, font: p.font }));
    ctx.save();
    ctx.translate(x + p.x, y);
    ctx.scale(1 / TEXT_SCALE, 1 / TEXT_SCALE);
    ctx.fillText(p.rtl ? `\u202e${p.text}\u200f\u202c` : p.text, 0, 0);
    ctx.restore();
  }
}

// The evaluation badges, drawn as argmap-render's status.rs draws them in exports:
// same places, sizes and shapes (a square for a status the user settled), the check
// and cross as strokes so no font needs the glyphs.
const RADIUS = 8, STEP = 20, DEFEATED_OPACITY = 0.55, DEFEATED_DASH = [5, 3];

/** The evaluation badge: ✓ stands, ✗ defeated, ? undecided on the box's top-right
 *  corner, and ! beside it for an unsupported thesis. Told apart by the mark and the
 *  shape, not only by colour. */
function paintStatus(ctx: CanvasRenderingContext2D, n: NodeBox, st: StatusRow, theme: Theme) {
  const s = theme.status;
  const marks: [string, string, boolean][] = [
    st.label === "in" ? ["check", s.stands, st.assumed] : st.label === "out" ? ["cross", s.defeated, st.assumed] : ["?", s.undecided, st.assumed],
  ];
  if (st.unsupported) marks.push(["!", s.unsupported, false]);
  marks.forEach(([mark, colour, square], i) => {
    const cx = n.x + n.w - 2 - i * STEP, cy = n.y + 2;
    ctx.beginPath();
    if (square) roundRect(ctx, cx - RADIUS, cy - RADIUS, 2 * RADIUS, 2 * RADIUS, 2);
    else ctx.arc(cx, cy, RADIUS, 0, Math.PI * 2);
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = theme.background;
    ctx.stroke();
    ctx.strokeStyle = ctx.fillStyle = s.mark;
    ctx.lineWidth = 2;
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.beginPath();
    if (mark === "check") {
      ctx.moveTo(cx - 4, cy); ctx.lineTo(cx - 1, cy + 3); ctx.lineTo(cx + 4, cy - 3.5);
      ctx.stroke();
    } else if (mark === "cross") {
      ctx.moveTo(cx - 3.5, cy - 3.5); ctx.lineTo(cx + 3.5, cy + 3.5);
      ctx.moveTo(cx + 3.5, cy - 3.5); ctx.lineTo(cx - 3.5, cy + 3.5);
      ctx.stroke();
    } else {
      ctx.font = `700 11px ${FONT_FAMILY}`;
      lastFont.delete(ctx);
      ctx.textAlign = "center";
      ctx.fillText(mark, cx, cy + 4);
      ctx.textAlign = "start";
    }
    ctx.lineCap = "butt";
    ctx.lineJoin = "miter";
  });
}

/** What the interactive layer shows besides the selection and find matches. */
export interface Overlay {
  drag?: { id: string; dx: number; dy: number };
  box?: { x: number; y: number; w: number; h: number };
  connect?: { from: string; x: number; y: number };
  /** The connection handle of the selected node: [id, x, y]. */
  handle?: [string, number, number];
}

/** The interactive layer: selection, find matches, dragging, box select, connecting. */
export function paintOverlay(
  ctx: CanvasRenderingContext2D, layout: Layout, theme: Theme, cam: Camera, vp: Viewport,
  selected: Set<string>, matches: Set<string>, o: Overlay,
) {
  lastFont.delete(ctx);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, vp.w * vp.dpr, vp.h * vp.dpr);
  setView(ctx, cam, vp);
  const px = 1 / cam.zoom;
  const inView = worldOf(cam, { x: 0, y: 0, w: vp.w, h: vp.h });
  const s = vp.dpr * cam.zoom, readable = readableAt(cam.zoom);
  for (const box of (layout.within?.(grown(inView, 8)) ?? layout).nodes) {
    if (!selected.has(box.id) && !matches.has(box.id)) continue;
    if (!meets(inView, box.x - 8, box.y - 8, box.w + 16, box.h + 16)) continue;
    const n = readable ? onPixels(box, s, -cam.x * s, -cam.y * s) : box;
    ctx.lineWidth = 3 * Math.max(px, 1);
    ctx.strokeStyle = selected.has(n.id) ? theme.selection : theme.match;
    // Find matches are dashed, the selection solid: not told apart by colour alone.
    ctx.setLineDash(selected.has(n.id) ? [] : [6 * px, 4 * px]);
    roundRect(ctx, n.x - 4, n.y - 4, n.w + 8, n.h + 8, 11);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  if (o.handle && !o.drag) {
    const [, x, y] = o.handle;
    ctx.beginPath();
    ctx.arc(x, y, 6 * px, 0, Math.PI * 2);
    ctx.fillStyle = theme.background;
    ctx.fill();
    ctx.lineWidth = 2 * px;
    ctx.strokeStyle = theme.selection;
    ctx.stroke();
  }
  if (o.connect && o.handle) {
    ctx.strokeStyle = theme.selection;
    ctx.lineWidth = 2 * px;
    ctx.setLineDash([6 * px, 4 * px]);
    ctx.beginPath();
    ctx.moveTo(o.handle[1], o.handle[2]);
    ctx.lineTo(o.connect.x, o.connect.y);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (o.box) {
    ctx.fillStyle = theme.selection + "22";
    ctx.strokeStyle = theme.selection;
    ctx.lineWidth = px;
    ctx.fillRect(o.box.x, o.box.y, o.box.w, o.box.h);
    ctx.strokeRect(o.box.x, o.box.y, o.box.w, o.box.h);
  }
  if (o.drag) {
    const n = layout.nodes.find((b) => b.id === o.drag!.id);
    if (n) paintNode(ctx, { ...n, x: n.x + o.drag.dx, y: n.y + o.drag.dy }, theme, true, 0.75);
  }
}

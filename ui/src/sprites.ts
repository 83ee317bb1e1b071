// Boxes painted once and copied after. A box's text is most of what painting the map
// costs (in WebKitGTK some 50 µs a line of text: 5-6 ms for a view of twenty boxes,
// against under 1 ms to copy twenty small pictures), and most frames show boxes the
// frame before showed too: after an edit, the boxes around it; while panning, the
// boxes that come back into view.
//
// The painter puts every readable box's corner in the middle of a device pixel
// (paint.ts), so a box that moved, or a view that moved, by any amount shows the same
// pixels: its sprite is painted again only when the box's text, size, kind or look
// changes, or the zoom does. A frame paints the boxes that have no sprite directly, as
// it would without sprites, and their sprites are made after it, while the page is
// idle.

import type { NodeBox, TextRun, Theme } from "./types";

/** Stands in for a canvas where there is none (unit tests); the page uses real ones. */
export interface SpriteCanvas {
  width: number;
  height: number;
  getContext(kind: "2d"): CanvasRenderingContext2D | null;
}

/** Paints a box into `ctx` with its corner at the origin (paint.ts's paintNode). */
export type PaintBox = (ctx: CanvasRenderingContext2D, n: NodeBox) => void;

/** How a box is drawn besides its text and size. */
export interface Look {
  theme: Theme;
  alpha: number;
  dashed: boolean;
}

interface Sprite extends Look {
  canvas: SpriteCanvas;
  runs: NodeBox["runs"];
  role: NodeBox["role"];
  w: number;
  h: number;
  bytes: number;
}

/** Boxes larger than this many device pixels are painted directly: at a high zoom the
 *  view holds few of them, and a sprite would be megabytes. */
export const MAX_SPRITE_PIXELS = 512 * 512;

/** Whether two boxes' lines of text are the same (a box sent again has new arrays). */
function sameRuns(a: NodeBox["runs"], b: NodeBox["runs"]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i], q = b[i];
    if (p.text !== q.text || p.x !== q.x || p.y !== q.y || p.w !== q.w || p.size !== q.size
      || p.bold !== q.bold || p.tone !== q.tone || p.rtl !== q.rtl || p.font !== q.font
      || !samePieces(p.pieces, q.pieces)) return false;
  }
  return true;
}

function samePieces(a: TextRun["pieces"], b: TextRun["pieces"]): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((p, i) => p.x === b[i].x && p.text === b[i].text && p.rtl === b[i].rtl && p.font === b[i].font);
}

export class Sprites {
  /** By box id, least recently used first. */
  private entries = new Map<string, Sprite>();
  /** Boxes drawn without a sprite since `prepare` last ran, by id. */
  private wanted = new Map<string, { n: NodeBox; look: Look; paint: PaintBox }>();
  private bytes = 0;
  private scale = 0;
  /** Sprites painted, and boxes copied from one kept, for tests and benchmarks. */
  painted = 0;
  copied = 0;
  /** Off, every box is painted directly (for tests comparing the two). */
  enabled = true;

  constructor(
    private budget = 48 << 20,
    private make: (w: number, h: number) => SpriteCanvas = (w, h) => {
      const c = document.createElement("canvas");
      c.width = w;
      c.height = h;
      return c;
    },
  ) {}

  /** How many sprites are kept, and their bytes. */
  get size(): [number, number] {
    return [this.entries.size, this.bytes];
  }

  clear() {
    this.entries.clear();
    this.wanted.clear();
    this.bytes = 0;
  }

  /** Whether boxes drawn without a sprite wait for one (see `prepare`). */
  get pending(): boolean {
    return this.wanted.size > 0;
  }

  /** Puts box `n` on `ctx` by copying its sprite, painted at `scale`, so that the box's
   *  corner lands in the middle of device pixel (`x`, `y`), as paint.ts places readable
   *  boxes; the box's own x and y are not read. Leaves `ctx` with no transform after a
   *  copy. False, having drawn nothing, when there is no sprite that fits (the caller paints the box, and `prepare` makes one for the next
   *  frame), the box is too big for one, or sprites are off. `paint` paints the box
   *  with its corner at the origin of the context it is given. */
  draw(
    ctx: CanvasRenderingContext2D, n: NodeBox, look: Look, scale: number, x: number, y: number, paint: PaintBox,
  ): boolean {
    const [w, h, pad] = this.frame(n, scale);
    if (!this.enabled || w * h > MAX_SPRITE_PIXELS) return false;
    if (scale !== this.scale) {
      // Sprites of another zoom will not be shown again soon: make room at once.
      this.clear();
      this.scale = scale;
    }
    const s = this.entries.get(n.id);
    if (!s || !sameRuns(s.runs, n.runs) || s.role !== n.role || s.w !== n.w || s.h !== n.h
      || s.theme !== look.theme || s.alpha !== look.alpha || s.dashed !== look.dashed) {
      // Painting a sprite and copying it costs more than painting the box: this frame
      // paints it, and the sprite is made after the frame.
      this.wanted.set(n.id, { n, look, paint });
      return false;
    }
    this.entries.delete(n.id);
    this.entries.set(n.id, s); // the most recently used last
    this.copied++;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(s.canvas as CanvasImageSource, x - pad, y - pad);
    return true;
  }

  /** Makes sprites for the boxes last drawn without one, for as long as `budgetMs`
   *  allows; true while some are left (the page calls again after other work). */
  prepare(budgetMs = 3, now = () => performance.now()): boolean {
    const t0 = now();
    for (const [id, { n, look, paint }] of this.wanted) {
      this.wanted.delete(id);
      const [w, h, pad] = this.frame(n, this.scale);
      const old = this.entries.get(id);
      if (old) {
        this.entries.delete(id);
        this.bytes -= old.bytes;
      }
      const canvas = old && old.canvas.width === w && old.canvas.height === h ? old.canvas : this.make(w, h);
      const sx = canvas.getContext("2d");
      if (!sx) continue;
      sx.setTransform(1, 0, 0, 1, 0, 0);
      sx.clearRect(0, 0, w, h);
      sx.setTransform(this.scale, 0, 0, this.scale, pad + 0.5, pad + 0.5);
      paint(sx, n);
      this.painted++;
      const s: Sprite = { ...look, canvas, runs: n.runs, role: n.role, w: n.w, h: n.h, bytes: w * h * 4 };
      this.entries.set(id, s);
      this.bytes += s.bytes;
      this.evict();
      if (now() - t0 >= budgetMs) break;
    }
    return this.wanted.size > 0;
  }

  /** A sprite's width and height for box `n` at `scale`, and the room left around the
   *  box for its outline (1.5 map units wide, centred on the edge) and the pixel its
   *  anti-aliasing touches. */
  private frame(n: NodeBox, scale: number): [number, number, number] {
    const pad = Math.ceil(scale) + 1;
    return [Math.ceil(n.w * scale) + 2 * pad + 1, Math.ceil(n.h * scale) + 2 * pad + 1, pad];
  }

  /** Drops the least recently used sprites until the rest fit the budget. */
  private evict() {
    for (const [id, s] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(id);
      this.bytes -= s.bytes;
    }
  }
}

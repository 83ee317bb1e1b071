// The view onto the map: a translation and a zoom. World coordinates are layout units;
// screen coordinates are CSS pixels in the canvas.

export interface Camera { x: number; y: number; zoom: number }

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;

export function toWorld(c: Camera, sx: number, sy: number): [number, number] {
  return [sx / c.zoom + c.x, sy / c.zoom + c.y];
}

export function toScreen(c: Camera, wx: number, wy: number): [number, number] {
  return [(wx - c.x) * c.zoom, (wy - c.y) * c.zoom];
}

/** Zooms by `factor` keeping the world point under (sx, sy) fixed on screen. */
export function zoomAt(c: Camera, sx: number, sy: number, factor: number): Camera {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, c.zoom * factor));
  const [wx, wy] = toWorld(c, sx, sy);
  return { zoom, x: wx - sx / zoom, y: wy - sy / zoom };
}

/** The camera that shows `r` whole and centred in a viewport of w × h. */
export function fit(r: { x: number; y: number; w: number; h: number }, w: number, h: number, max = 1): Camera {
  const zoom = Math.min(max, Math.max(MIN_ZOOM, Math.min(w / r.w, h / r.h)));
  return { zoom, x: r.x + r.w / 2 - w / (2 * zoom), y: r.y + r.h / 2 - h / (2 * zoom) };
}

/** The camera that keeps a world point that moved from `before` to `after` where it was
 *  on screen: an edit that makes the layout move the node being worked on moves the
 *  view with it. */
export function follow(c: Camera, before: [number, number], after: [number, number]): Camera {
  return { ...c, x: c.x + after[0] - before[0], y: c.y + after[1] - before[1] };
}

/** The camera that brings `r` into a viewport of w × h with `margin` pixels to spare,
 *  or null when it is in view already. A box just outside the view (the next statement
 *  down, one just added below the last) is scrolled in only as far as it needs, so what
 *  was on screen stays there as context; one far away, or too big to fit, is centred. */
export function reveal(c: Camera, r: { x: number; y: number; w: number; h: number }, w: number, h: number, margin: number): Camera | null {
  const [x0, y0] = toWorld(c, margin, margin);
  const [x1, y1] = toWorld(c, w - margin, h - margin);
  /** How far to move along one axis to bring [a, b] within [lo, hi]; null if it cannot. */
  const by = (a: number, b: number, lo: number, hi: number) => (b - a > hi - lo ? null : a < lo ? a - lo : b > hi ? b - hi : 0);
  const dx = by(r.x, r.x + r.w, x0, x1), dy = by(r.y, r.y + r.h, y0, y1);
  if (dx === 0 && dy === 0) return null;
  if (dx === null || dy === null || Math.abs(dx) > (x1 - x0) / 2 || Math.abs(dy) > (y1 - y0) / 2) {
    return { ...c, x: r.x + r.w / 2 - w / (2 * c.zoom), y: r.y + r.h / 2 - h / (2 * c.zoom) };
  }
  return { ...c, x: c.x + dx, y: c.y + dy };
}

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

// Routed lines cross IPC as the corners of their polyline; the page rounds them here,
// with the arithmetic of `rounded` in crates/argmap-render/src/layout.rs, step for step,
// so that the canvas draws the curve the exported picture has. A test checks both
// against the same pairs (ui/test/fixtures/corners.json, checked by Rust too).

import type { Point } from "./types";

/** The radius of a rounded corner (`CORNER` in layout.rs). */
const CORNER = 8;

/** A polyline with its corners rounded, as cubic segments (start point, then three
 *  points a segment). Repeated points and straight-through corners are dropped. Every
 *  point is an array of its own: the page moves them in place. */
export function rounded(points: Point[]): Point[] {
  const pts: Point[] = [];
  for (const p of points) {
    const last = pts[pts.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    if (pts.length >= 2) {
      const a = pts[pts.length - 2], b = pts[pts.length - 1];
      const cross = (b[0] - a[0]) * (p[1] - b[1]) - (b[1] - a[1]) * (p[0] - b[0]);
      const dot = (b[0] - a[0]) * (p[0] - b[0]) + (b[1] - a[1]) * (p[1] - b[1]);
      if (Math.abs(cross) < 1e-9 && dot > 0) pts.pop();
    }
    pts.push(p);
  }
  if (!pts.length) return [];
  const out: Point[] = [[pts[0][0], pts[0][1]]];
  const line = (a: Point, b: Point) => {
    if (a[0] !== b[0] || a[1] !== b[1]) {
      out.push([a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3]);
      out.push([a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3]);
      out.push([b[0], b[1]]);
    }
  };
  let at = pts[0];
  for (let k = 1; k < pts.length - 1; k++) {
    const p = pts[k - 1], q = pts[k], r = pts[k + 1];
    const [d1x, d1y, d2x, d2y] = [q[0] - p[0], q[1] - p[1], r[0] - q[0], r[1] - q[1]];
    const l1 = Math.sqrt(d1x * d1x + d1y * d1y);
    const l2 = Math.sqrt(d2x * d2x + d2y * d2y);
    const rad = Math.min(CORNER, l1 / 2, l2 / 2);
    const a: Point = [q[0] - (q[0] - p[0]) / l1 * rad, q[1] - (q[1] - p[1]) / l1 * rad];
    const b: Point = [q[0] + (r[0] - q[0]) / l2 * rad, q[1] + (r[1] - q[1]) / l2 * rad];
    line(at, a);
    // A quarter circle is close to a cubic with its controls 0.55 of the way in.
    const c = 0.552;
    out.push([a[0] + (q[0] - a[0]) * c, a[1] + (q[1] - a[1]) * c]);
    out.push([b[0] + (q[0] - b[0]) * c, b[1] + (q[1] - b[1]) * c]);
    out.push(b);
    at = b;
  }
  if (pts.length >= 2) line(at, pts[pts.length - 1]);
  // A single point: a zero-length segment keeps the path well formed.
  else for (let k = 0; k < 3; k++) out.push([pts[0][0], pts[0][1]]);
  return out;
}

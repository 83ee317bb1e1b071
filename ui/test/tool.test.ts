// The canvas's pointer states, driven without a DOM: the same SelectTool the page uses,
// fed the points a real gesture would produce.
import { describe, expect, it } from "vitest";
import { DRAG_THRESHOLD, SelectTool, type PointerInput } from "../src/tool";
import type { NodeBox } from "../src/types";

const box = (id: string, x: number, y: number): NodeBox => ({
  id, role: "support", x, y, w: 100, h: 50, runs: [], hidden: 0, pinned: false,
});
const boxes = [box("a", 0, 0), box("b", 200, 0)];
const hit = (x: number, y: number) => boxes.find((n) => x >= n.x && x <= n.x + n.w && y >= n.y && y <= n.y + n.h);

// Zoom 2: a screen point (sx, sy) is world (sx / 2, sy / 2).
const at = (sx: number, sy: number, extra: Partial<PointerInput> = {}): PointerInput => ({
  screen: [sx, sy], world: [sx / 2, sy / 2], ...extra,
});

describe("SelectTool", () => {
  it("pointer down on a node selects it and is pointing, not dragging", () => {
    const t = new SelectTool(hit);
    expect(t.pointerDown(at(20, 20))).toEqual([{ type: "select", ids: ["a"] }]);
    expect(t.state.name).toBe("pointing_node");
  });

  it("a small wobble stays a click: no drag, no move sent", () => {
    const t = new SelectTool(hit);
    t.pointerDown(at(20, 20));
    expect(t.pointerMove(at(20 + DRAG_THRESHOLD - 1, 20))).toEqual([]);
    expect(t.state.name).toBe("pointing_node");
    expect(t.pointerUp(at(21, 20))).toEqual([]);
    expect(t.state.name).toBe("idle");
  });

  it("down, move, up on a node: dragging with previews, then exactly one move", () => {
    const t = new SelectTool(hit);
    t.pointerDown(at(20, 20));
    const previews = [at(40, 20), at(60, 40), at(80, 60)].flatMap((p) => t.pointerMove(p));
    expect(t.state.name).toBe("dragging_node");
    expect(previews.every((e) => e.type === "drag_preview")).toBe(true);
    expect(previews.at(-1)).toEqual({ type: "drag_preview", id: "a", dx: 30, dy: 20 });
    const up = t.pointerUp(at(80, 60));
    const moves = up.filter((e) => e.type === "move");
    // The box's origin (0, 0) plus the world distance dragged (60 / 2, 40 / 2).
    expect(moves).toEqual([{ type: "move", id: "a", x: 30, y: 20 }]);
    expect(t.state.name).toBe("idle");
  });

  it("shift-click toggles instead of replacing the selection", () => {
    const t = new SelectTool(hit);
    expect(t.pointerDown(at(420, 20, { shift: true }))).toEqual([{ type: "toggle_select", id: "b" }]);
  });

  it("a click on empty canvas clears the selection; a drag there pans", () => {
    const t = new SelectTool(hit);
    t.pointerDown(at(1000, 1000));
    expect(t.state.name).toBe("pointing_canvas");
    expect(t.pointerUp(at(1000, 1000))).toEqual([{ type: "select", ids: [] }]);

    t.pointerDown(at(1000, 1000));
    const pans = [at(1010, 1000), at(1030, 990)].flatMap((p) => t.pointerMove(p));
    expect(t.state.name).toBe("panning");
    // Screen deltas, summed, are the whole gesture.
    const total = pans.reduce((s, e) => (e.type === "pan" ? [s[0] + e.dx, s[1] + e.dy] : s), [0, 0]);
    expect(total).toEqual([30, -10]);
    expect(t.pointerUp(at(1030, 990))).toEqual([]);
  });

  it("space-drag over a node pans instead of dragging it", () => {
    const t = new SelectTool(hit);
    expect(t.pointerDown(at(20, 20, { pan: true }))).toEqual([]);
    expect(t.state.name).toBe("panning");
    expect(t.pointerMove(at(50, 20, { pan: true }))).toEqual([{ type: "pan", dx: 30, dy: 0 }]);
  });

  it("Escape during a drag puts the node back and sends nothing", () => {
    const t = new SelectTool(hit);
    t.pointerDown(at(20, 20));
    t.pointerMove(at(60, 60));
    expect(t.cancel()).toEqual([{ type: "redraw_overlay" }]);
    expect(t.pointerUp(at(60, 60))).toEqual([]);
  });

  it("double-click on a node edits its text; on empty canvas it does nothing", () => {
    const t = new SelectTool(hit);
    expect(t.doubleClick(at(420, 20))).toEqual([{ type: "edit_text", id: "b" }]);
    expect(t.doubleClick(at(1000, 1000))).toEqual([]);
  });
});

describe("SelectTool: box select and connect", () => {
  it("Shift+drag on empty canvas boxes, and releasing selects what the box touches", () => {
    const t = new SelectTool(hit);
    expect(t.pointerDown(at(-40, -40, { shift: true }))).toEqual([]);
    expect(t.state.name).toBe("boxing");
    expect(t.pointerMove(at(500, 60, { shift: true }))).toEqual([{ type: "box_preview", rect: { x: -20, y: -20, w: 270, h: 50 } }]);
    expect(t.pointerUp(at(500, 60, { shift: true }))[0]).toEqual({ type: "box_select", rect: { x: -20, y: -20, w: 270, h: 50 }, additive: true });
    expect(t.state.name).toBe("idle");
  });

  it("a drag from a node's handle to another node connects them", () => {
    const t = new SelectTool(hit, (x, y) => (Math.hypot(x - 100, y - 25) < 6 ? "a" : undefined));
    t.pointerDown(at(200, 50)); // world (100, 25): a's handle
    expect(t.state.name).toBe("connecting");
    expect(t.pointerMove(at(300, 60))).toEqual([{ type: "connect_preview", from: "a", x: 150, y: 30 }]);
    const up = t.pointerUp(at(420, 20)); // over b
    expect(up[0]).toEqual({ type: "connect", from: "a", to: "b", screen: [420, 20] });
  });

  it("dropping the connection on nothing or on itself connects nothing", () => {
    const t = new SelectTool(hit, (x, y) => (Math.hypot(x - 100, y - 25) < 6 ? "a" : undefined));
    t.pointerDown(at(200, 50));
    expect(t.pointerUp(at(1000, 1000))).toEqual([{ type: "redraw_overlay" }]);
    t.pointerDown(at(200, 50));
    expect(t.pointerUp(at(20, 20))).toEqual([{ type: "redraw_overlay" }]);
  });
});

// Pointer input as named states, after tldraw's select tool: Idle, PointingNode,
// DraggingNode, PointingCanvas, Panning, Boxing (Shift+drag on empty canvas selects
// what the box touches) and Connecting (drag from a node's handle to another node). No DOM here: the canvas feeds it events with
// world and screen points, and it answers with effects for the app to carry out. While
// a node is dragged nothing crosses IPC; on release exactly one move is sent.

import type { NodeBox, NodeId } from "./types";

export type State =
  | { name: "idle" }
  | { name: "pointing_node"; id: NodeId; startScreen: [number, number]; startWorld: [number, number] }
  | { name: "dragging_node"; id: NodeId; startWorld: [number, number]; dx: number; dy: number; origin: [number, number] }
  | { name: "pointing_canvas"; startScreen: [number, number] }
  | { name: "panning"; lastScreen: [number, number] }
  | { name: "boxing"; startWorld: [number, number]; world: [number, number] }
  | { name: "connecting"; from: NodeId; world: [number, number] };

export interface Rect { x: number; y: number; w: number; h: number }

export type Effect =
  | { type: "select"; ids: NodeId[] }
  | { type: "toggle_select"; id: NodeId }
  | { type: "pan"; dx: number; dy: number }
  | { type: "move"; id: NodeId; x: number; y: number }
  | { type: "drag_preview"; id: NodeId; dx: number; dy: number }
  | { type: "edit_text"; id: NodeId }
  | { type: "box_preview"; rect: Rect }
  | { type: "box_select"; rect: Rect; additive: boolean }
  | { type: "connect_preview"; from: NodeId; x: number; y: number }
  | { type: "connect"; from: NodeId; to: NodeId; screen: [number, number] }
  | { type: "redraw_overlay" };

function rectOf(a: [number, number], b: [number, number]): Rect {
  return { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), w: Math.abs(a[0] - b[0]), h: Math.abs(a[1] - b[1]) };
}

/** Screen pixels a pointer may wander before a press becomes a drag. */
export const DRAG_THRESHOLD = 4;

export interface PointerInput {
  world: [number, number];
  screen: [number, number];
  shift?: boolean;
  /** Space held, or the middle button: drag pans even over a node. */
  pan?: boolean;
}

export class SelectTool {
  state: State = { name: "idle" };

  constructor(
    private hit: (x: number, y: number) => NodeBox | undefined,
    /** The node whose connection handle is under a world point, if any. */
    private handle: (x: number, y: number) => NodeId | undefined = () => undefined,
  ) {}

  pointerDown(p: PointerInput): Effect[] {
    const from = p.pan ? undefined : this.handle(p.world[0], p.world[1]);
    if (from) {
      this.state = { name: "connecting", from, world: p.world };
      return [];
    }
    const node = p.pan ? undefined : this.hit(p.world[0], p.world[1]);
    if (node) {
      this.state = { name: "pointing_node", id: node.id, startScreen: p.screen, startWorld: p.world };
      return [p.shift ? { type: "toggle_select", id: node.id } : { type: "select", ids: [node.id] }];
    }
    if (p.pan) {
      this.state = { name: "panning", lastScreen: p.screen };
      return [];
    }
    if (p.shift) {
      this.state = { name: "boxing", startWorld: p.world, world: p.world };
      return [];
    }
    this.state = { name: "pointing_canvas", startScreen: p.screen };
    return [];
  }

  pointerMove(p: PointerInput): Effect[] {
    const s = this.state;
    switch (s.name) {
      case "pointing_node": {
        const moved = Math.hypot(p.screen[0] - s.startScreen[0], p.screen[1] - s.startScreen[1]);
        if (moved < DRAG_THRESHOLD) return [];
        const box = this.hit(s.startWorld[0], s.startWorld[1]);
        const origin: [number, number] = box ? [box.x, box.y] : [s.startWorld[0], s.startWorld[1]];
        this.state = { name: "dragging_node", id: s.id, startWorld: s.startWorld, dx: 0, dy: 0, origin };
        return this.pointerMove(p);
      }
      case "dragging_node": {
        s.dx = p.world[0] - s.startWorld[0];
        s.dy = p.world[1] - s.startWorld[1];
        return [{ type: "drag_preview", id: s.id, dx: s.dx, dy: s.dy }];
      }
      case "pointing_canvas": {
        const moved = Math.hypot(p.screen[0] - s.startScreen[0], p.screen[1] - s.startScreen[1]);
        if (moved < DRAG_THRESHOLD) return [];
        this.state = { name: "panning", lastScreen: s.startScreen };
        return this.pointerMove(p);
      }
      case "panning": {
        const dx = p.screen[0] - s.lastScreen[0];
        const dy = p.screen[1] - s.lastScreen[1];
        s.lastScreen = p.screen;
        return [{ type: "pan", dx, dy }];
      }
      case "boxing":
        s.world = p.world;
        return [{ type: "box_preview", rect: rectOf(s.startWorld, p.world) }];
      case "connecting":
        s.world = p.world;
        return [{ type: "connect_preview", from: s.from, x: p.world[0], y: p.world[1] }];
      default:
        return [];
    }
  }

  pointerUp(p: PointerInput): Effect[] {
    const s = this.state;
    this.state = { name: "idle" };
    switch (s.name) {
      case "boxing":
        return [{ type: "box_select", rect: rectOf(s.startWorld, p.world), additive: true }, { type: "redraw_overlay" }];
      case "connecting": {
        const to = this.hit(p.world[0], p.world[1]);
        if (!to || to.id === s.from) return [{ type: "redraw_overlay" }];
        return [{ type: "connect", from: s.from, to: to.id, screen: p.screen }, { type: "redraw_overlay" }];
      }
      case "dragging_node":
        // Dropping a node pins it where it was put: one command, sent now.
        return [{ type: "move", id: s.id, x: s.origin[0] + s.dx, y: s.origin[1] + s.dy }, { type: "redraw_overlay" }];
      case "pointing_canvas":
        return [{ type: "select", ids: [] }];
      default:
        return [];
    }
  }

  doubleClick(p: PointerInput): Effect[] {
    const node = this.hit(p.world[0], p.world[1]);
    return node ? [{ type: "edit_text", id: node.id }] : [];
  }

  /** Escape during a drag puts the node back. */
  cancel(): Effect[] {
    const was = this.state.name;
    this.state = { name: "idle" };
    return was === "dragging_node" || was === "boxing" || was === "connecting" ? [{ type: "redraw_overlay" }] : [];
  }
}

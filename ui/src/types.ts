// The shapes that cross IPC, as argmap-core and argmap-render serialize them.

export type NodeId = string;
export type Kind = "thesis" | "support" | "objection" | "evidence" | "question" | "note";
export type Role = Kind | "rebuttal";
export type Relation = "supports" | "objects" | "contradicts" | "annotates";
export type Tone = "caption" | "label" | "body" | "source" | "badge";

/** A line of a box's text; the measured line runs from x to x + w. One that reads right
 *  to left (`rtl`) is anchored at its right end, where it starts. `font` names the
 *  system font that sets the whole line, when the bundled one lacks its letters.
 *  A line whose letters come from several fonts comes in `pieces`, left to right. */
export interface TextRun {
  x: number; y: number; size: number; bold: boolean; tone: Tone; text: string; w: number; rtl?: boolean; font?: string;
  pieces?: TextPiece[];
}
/** Part of a line set on its own, `x` from the line's left end: one font (`font`, or
 *  the bundled one), one direction (`rtl`: its letters stand from its right end). */
export interface TextPiece { x: number; text: string; rtl?: boolean; font?: string }
export interface NodeBox { id: NodeId; role: Role; x: number; y: number; w: number; h: number; runs: TextRun[]; hidden: number; pinned: boolean }
export type Point = [number, number];
export interface EdgeLine {
  from: NodeId; to: NodeId; relation: Relation; primary: boolean; group: string | null;
  /** Cubic segments end to end: a start point, then two controls and an end per segment. */
  path: Point[];
  /** Filled in on the page: x, y, w, h around the curve. */
  bbox?: [number, number, number, number];
}
/** A line as Rust sends it: its path, or for a routed line the corners of the polyline
 *  the path rounds (ui/src/route.ts), a fifth of the bytes. */
export type WireLine = Omit<EdgeLine, "path" | "bbox"> & ({ path: Point[]; corners?: undefined } | { corners: Point[]; path?: undefined });
export interface GroupBox { group: string; relation: Relation; x: number; y: number; w: number; h: number }
export interface Rect { x: number; y: number; w: number; h: number }
export interface Layout {
  orientation: string; bounds: Rect; nodes: NodeBox[]; edges: EdgeLine[]; groups: GroupBox[];
  /** The boxes and lines that may meet a world rectangle [x0, y0, x1, y1], in list
   *  order (the page's mirror keeps a spatial index); without it painters test all. */
  within?: (r: [number, number, number, number]) => { nodes: NodeBox[]; edges: EdgeLine[] };
}

export interface KindStyle { fill: string; stroke: string; caption: string }
export interface LineStyle { colour: string; dash: number[]; width: number }
export interface Theme {
  name: string; background: string; text: string; muted: string; group: string; badge_fill: string; badge_text: string;
  selection: string; match: string;
  thesis: KindStyle; support: KindStyle; objection: KindStyle; rebuttal: KindStyle; evidence: KindStyle; question: KindStyle; note: KindStyle;
  supports: LineStyle; objects: LineStyle; contradicts: LineStyle; annotates: LineStyle;
  status: { stands: string; defeated: string; undecided: string; unsupported: string; mark: string };
}

export interface Source { title?: string; author?: string; url?: string; date?: string; quote?: string }
export interface Node {
  id: NodeId; kind: Kind; text: string; label?: string; notes?: string; tags?: string[];
  position?: { x: number; y: number }; collapsed?: boolean; assume?: Assumption; source?: Source;
}
export type Assumption = "accepted" | "rejected";

/** A node as argmap-render's scene sends it: the statement, its tree place, its box. */
export interface SceneNode extends Node {
  parent: NodeId | null; relation: Relation | null; rank: number; box: NodeBox | null;
}

export interface SceneDelta {
  reset: boolean;
  nodes: SceneNode[]; moved: [NodeId, number, number][]; removed_nodes: NodeId[];
  edges: WireLine[]; removed_edges: [NodeId, NodeId][];
  /** Edges that only moved, as a whole: (from, to, dx, dy). */
  shifted: [NodeId, NodeId, number, number][];
  /** Whole trees that only moved: (root, dx, dy), for every box beneath the root and
   *  every line from one of them to its parent. Applied before the rest of the delta. */
  moved_trees: [NodeId, number, number][];
  groups: GroupBox[]; bounds: Rect; orientation: string;
}

export interface View {
  /** The map's own title, description and authors (the map form edits them). */
  title: string; description: string; authors: string[];
  /** What the map is called: its title, else its file's name, else "Untitled map". */
  name: string;
  /** What the window's title bar says. */
  window_title: string;
  file_name: string | null; dirty: boolean; can_undo: boolean; can_redo: boolean;
  scene: SceneDelta;
  /** Nodes to select: what was just pasted. */
  select: NodeId[];
  /** Claims whose evaluation changed (all of them after an open). */
  statuses: StatusRow[];
  /** Nodes that had a status and have none now (no longer claims, or gone). */
  statuses_gone: NodeId[];
  /** Something the user should know, such as an autosave that failed. */
  notice: string | null;
  /** Something to say that is not a problem (what an import carried over). */
  info: string | null;
  /** Milliseconds the command took in Rust (0 where not measured). */
  spent_ms: number;
  /** When the command finished, in milliseconds since the Unix epoch (0 where not measured). */
  finished_at_ms: number;
  /** Where spent_ms went: the change, the library, the layout, the wait for the
   *  evaluation beside it, the scene diff and statuses. */
  steps_ms: [number, number, number, number, number];
}

/** What the page is told when the open map's file was changed by another program. */
export interface FileNews {
  /** The map read again (it had no unsaved work), with what to say in its info. */
  view: View | null;
  /** Else why it was not: unsaved work at stake, or a file that cannot be read. */
  message: string;
}

export type Label = "in" | "out" | "undecided";
export type Acceptance = "sceptical" | "credulous" | "rejected";
export interface StatusRow {
  id: NodeId; label: Label; unsupported: boolean;
  /** Settled by the user, not computed. */
  assumed: boolean;
  /** An objection that stands and that nothing objects to. */
  unanswered: boolean;
  /** Under preferred semantics; null where the search gave up. */
  preferred: Acceptance | null;
}

export interface Failure { code: string; message: string }

export type NodeFields = { text?: string; label?: string; notes?: string; tags?: string[]; source?: Source };

// Edits, as argmap_core::Edit deserializes them.
export type Edit =
  | { op: "add_node"; node: { id: NodeId; kind: Kind; text: string }; target?: NodeId; relation?: Relation; after?: NodeId }
  | ({ op: "update_node"; id: NodeId } & NodeFields)
  | { op: "move"; id: NodeId; position: { x: number; y: number } | null }
  | { op: "set_collapsed"; id: NodeId; collapsed: boolean }
  | { op: "assume"; id: NodeId; assume: Assumption | null }
  | { op: "reattach"; id: NodeId; target: NodeId }
  | { op: "delete_node"; id: NodeId }
  | { op: "delete_subtree"; id: NodeId }
  | { op: "change_kind"; id: NodeId; kind: Kind }
  | { op: "connect"; from: NodeId; to: NodeId; relation: Relation }
  | { op: "disconnect"; from: NodeId; to: NodeId }
  | { op: "group_premises"; target: NodeId; premises: NodeId[] }
  | { op: "ungroup"; group: string }
  | { op: "edit_meta"; title?: string; description?: string; authors?: string[] };

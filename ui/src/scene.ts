// The page's copy of the scene Rust computed: nodes with their boxes, edges, co-premise
// frames. It is filled once when a map opens and then only patched by deltas, so an
// edit to a large map moves a few records across IPC, not the whole map.

import type { EdgeLine, Label, Layout, NodeBox, NodeId, SceneDelta, SceneNode, StatusRow } from "./types";

const edgeKey = (from: NodeId, to: NodeId) => `${from}>${to}`;

/** The box around an edge's curve (its control points bound it), for culling. */
export function edgeBox(e: EdgeLine): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of e.path) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

/** World pixels a cell of the spatial index spans: a screenful at zoom 1 is a few cells. */
const CELL = 2048;
/** A value over more cells than this (a long cross-link) is not filed in cells: every
 *  query looks at it. */
const MANY_CELLS = 16;
const cellKey = (cx: number, cy: number) => (cx + 2 ** 20) * 2 ** 21 + (cy + 2 ** 20);

/** Values in an array the painters walk, found by key, and filed by where they are so a
 *  painter can skip what is out of view. Setting and deleting one costs the same however
 *  many there are (a deleted value's place goes to the last one). */
export class Slots<K, V> {
  readonly list: V[] = [];
  private at = new Map<K, number>();
  private cells = new Map<number, Set<K>>();
  /** The cells each value is filed in, as [cx0, cy0, cx1, cy1]; none for wide ones. */
  private filed = new Map<K, [number, number, number, number]>();
  private wide = new Set<K>();

  /** `offset` moves a value in place by (dx, dy), so that `rectOf` then reads where it
   *  went (see moveBy). */
  constructor(
    private keyOf: (v: V) => K,
    private rectOf: (v: V) => [number, number, number, number],
    private offset: (v: V, dx: number, dy: number) => void = () => {},
  ) {}

  get(key: K): V | undefined {
    const i = this.at.get(key);
    return i === undefined ? undefined : this.list[i];
  }

  set(value: V) {
    const key = this.keyOf(value);
    const i = this.at.get(key);
    if (i !== undefined) this.list[i] = value;
    else this.at.set(key, this.list.push(value) - 1);
    this.refile(key, value);
  }

  /** Moves the value under `key` in place by (dx, dy), with the `offset` it was made
   *  with, and files it where it is now. */
  moveBy(key: K, dx: number, dy: number) {
    const i = this.at.get(key);
    if (i === undefined) return;
    this.offset(this.list[i], dx, dy);
    this.refile(key, this.list[i]);
  }

  delete(key: K) {
    const i = this.at.get(key);
    if (i === undefined) return;
    this.at.delete(key);
    this.unfile(key);
    const last = this.list.pop()!;
    if (i < this.list.length) {
      this.list[i] = last;
      this.at.set(this.keyOf(last), i);
    }
  }

  clear() {
    this.list.length = 0;
    this.at.clear();
    this.cells.clear();
    this.filed.clear();
    this.wide.clear();
  }

  /** The values whose rectangles may meet `[x0, y0, x1, y1]`, in list order (so every
   *  part of the view paints overlapping lines in the same order). More may come back
   *  than meet it: the caller tests each. */
  within([x0, y0, x1, y1]: [number, number, number, number]): V[] {
    const cx0 = Math.floor(x0 / CELL), cx1 = Math.floor(x1 / CELL);
    const cy0 = Math.floor(y0 / CELL), cy1 = Math.floor(y1 / CELL);
    const span = (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
    // Zoomed far out, the view holds most cells: everything is quicker.
    if (!(span <= this.cells.size)) return this.list;
    const found: number[] = [];
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        for (const key of this.cells.get(cellKey(cx, cy)) ?? []) found.push(this.at.get(key)!);
      }
    }
    for (const key of this.wide) found.push(this.at.get(key)!);
    found.sort((a, b) => a - b);
    const out: V[] = [];
    for (let k = 0; k < found.length; k++) if (k === 0 || found[k] !== found[k - 1]) out.push(this.list[found[k]]);
    return out;
  }

  /** Files a value under the cells its rectangle meets now. One that moved within its
   *  cells (most moves are small) stays filed as it is. */
  private refile(key: K, value: V) {
    const [x, y, w, h] = this.rectOf(value);
    const span: [number, number, number, number] = [
      Math.floor(x / CELL), Math.floor(y / CELL), Math.floor((x + w) / CELL), Math.floor((y + h) / CELL),
    ];
    const was = this.filed.get(key);
    if (was && was[0] === span[0] && was[1] === span[1] && was[2] === span[2] && was[3] === span[3]) return;
    this.unfile(key);
    this.file(key, span);
  }

  private file(key: K, [cx0, cy0, cx1, cy1]: [number, number, number, number]) {
    if (!((cx1 - cx0 + 1) * (cy1 - cy0 + 1) <= MANY_CELLS)) {
      this.wide.add(key);
      return;
    }
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const c = cellKey(cx, cy);
        const cell = this.cells.get(c);
        if (cell) cell.add(key);
        else this.cells.set(c, new Set([key]));
      }
    }
    this.filed.set(key, [cx0, cy0, cx1, cy1]);
  }

  private unfile(key: K) {
    this.wide.delete(key);
    const span = this.filed.get(key);
    if (!span) return;
    this.filed.delete(key);
    const [cx0, cy0, cx1, cy1] = span;
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const c = cellKey(cx, cy);
        const cell = this.cells.get(c)!;
        cell.delete(key);
        if (!cell.size) this.cells.delete(c);
      }
    }
  }
}

export class SceneMirror {
  readonly nodes = new Map<NodeId, SceneNode>();
  /** What the painters draw, brought up to date after each delta (the same arrays,
   *  changed in place: an edit costs what it changed, not what the map holds). */
  layout: Layout = { orientation: "top_down", bounds: { x: 0, y: 0, w: 1, h: 1 }, nodes: [], edges: [], groups: [] };
  /** Children of each node (and of null, the top level) in their order. */
  children = new Map<NodeId | null, NodeId[]>();
  private boxes = new Slots<NodeId, NodeBox>((b) => b.id, (b) => [b.x, b.y, b.w, b.h], (b, dx, dy) => {
    b.x += dx;
    b.y += dy;
  });
  private edges = new Slots<string, EdgeLine>((e) => edgeKey(e.from, e.to), (e) => e.bbox ?? edgeBox(e), (e, dx, dy) => {
    const b = e.bbox ?? edgeBox(e);
    const path = e.path;
    for (let k = 0; k < path.length; k++) {
      path[k][0] += dx;
      path[k][1] += dy;
    }
    e.bbox = [b[0] + dx, b[1] + dy, b[2], b[3]];
  });

  /** Applies a delta. A reset rebuilds everything; any other delta touches only what it
   *  names (and the sibling lists those nodes join or leave), so an edit to a large map
   *  costs the page what the edit changed, not what the map holds. */
  apply(d: SceneDelta) {
    if (d.reset) {
      this.nodes.clear();
      this.edges.clear();
      this.boxes.clear();
      this.children.clear();
    }
    // Whole trees first, found from their roots by the children this copy knows: a tree
    // that only moved kept its nodes, so the lists from before the delta still hold.
    for (const [root, dx, dy] of d.moved_trees) this.moveTree(root, dx, dy);
    // Sibling lists whose order may have changed.
    const reorder = new Set<NodeId | null>();
    for (const id of d.removed_nodes) {
      const n = this.nodes.get(id);
      if (!n) continue;
      this.nodes.delete(id);
      this.boxes.delete(id);
      this.detach(id, n.parent);
    }
    for (const [from, to] of d.removed_edges) this.edges.delete(edgeKey(from, to));
    for (const n of d.nodes) {
      const old = this.nodes.get(n.id);
      if (!old || old.parent !== n.parent) {
        if (old) this.detach(n.id, old.parent);
        const siblings = this.children.get(n.parent);
        if (siblings) siblings.push(n.id);
        else this.children.set(n.parent, [n.id]);
        reorder.add(n.parent);
      } else if (old.rank !== n.rank) {
        reorder.add(n.parent);
      }
      this.nodes.set(n.id, n);
      if (n.box) this.boxes.set(n.box);
      else this.boxes.delete(n.id);
    }
    // Moves change boxes and lines in place: a delta can move thousands, nothing holds
    // one across frames by identity, and the page runs this too rarely for the engine
    // to make a loop that copies each one quick.
    for (const [id, x, y] of d.moved) {
      const b = this.boxes.get(id);
      if (!b) continue;
      b.x = x;
      b.y = y;
      this.boxes.set(b);
    }
    for (const e of d.edges) {
      e.bbox = edgeBox(e);
      this.edges.set(e);
    }
    for (const [from, to, dx, dy] of d.shifted) this.edges.moveBy(edgeKey(from, to), dx, dy);
    for (const parent of d.reset ? this.children.keys() : reorder) {
      this.children.get(parent)?.sort((a, b) => this.nodes.get(a)!.rank - this.nodes.get(b)!.rank);
    }
    this.layout = {
      orientation: d.orientation, bounds: d.bounds, nodes: this.boxes.list, edges: this.edges.list, groups: d.groups,
      within: (r) => ({ nodes: this.boxes.within(r), edges: this.edges.within(r) }),
    };
  }

  /** Moves every box beneath `root` (which heads a tree: Rust sends no other) and each
   *  of their lines to its parent by (dx, dy). Thousands of boxes can move at once and
   *  this runs once per edit, in the engine's slow tiers: no lookup or allocation
   *  beyond what each box needs. */
  private moveTree(root: NodeId, dx: number, dy: number) {
    const stack = [root];
    // Beneath a root no node comes twice (each has one parent, and the root none); the
    // count only guards against a page whose lists disagree, which must not hang.
    for (let left = this.nodes.size; stack.length && left > 0; left--) {
      const id = stack.pop()!;
      this.boxes.moveBy(id, dx, dy);
      const kids = this.children.get(id);
      if (!kids) continue;
      for (let k = 0; k < kids.length; k++) {
        this.edges.moveBy(edgeKey(kids[k], id), dx, dy);
        stack.push(kids[k]);
      }
    }
  }

  /** Takes `id` out of its parent's list of children. */
  private detach(id: NodeId, parent: NodeId | null) {
    const siblings = this.children.get(parent);
    const at = siblings?.indexOf(id) ?? -1;
    if (at >= 0) siblings!.splice(at, 1);
  }

  box(id: NodeId): NodeBox | undefined {
    return this.boxes.get(id);
  }

  node(id: NodeId): SceneNode | undefined {
    return this.nodes.get(id);
  }
}

/** Ids of the nodes whose text, label, notes, tags or source contain every word of `query`. */
export function findMatches(nodes: Iterable<SceneNode>, query: string): NodeId[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const out: NodeId[] = [];
  for (const n of nodes) {
    const s = n.source;
    const hay = [n.text, n.label, n.notes, ...(n.tags ?? []), s?.title, s?.author, s?.quote]
      .filter(Boolean).join("\n").toLocaleLowerCase();
    if (words.every((w) => hay.includes(w))) out.push(n.id);
  }
  return out;
}

/** The claims' statuses as Rust last sent them, with how many carry each label: kept up
 *  to date as rows come and go, so an edit does not count every claim again. */
export class Statuses extends Map<NodeId, StatusRow> {
  readonly counts: Record<Label, number> = { in: 0, out: 0, undecided: 0 };

  override set(id: NodeId, row: StatusRow): this {
    const old = this.get(id);
    if (old) this.counts[old.label]--;
    this.counts[row.label]++;
    return super.set(id, row);
  }

  override delete(id: NodeId): boolean {
    const old = this.get(id);
    if (old) this.counts[old.label]--;
    return super.delete(id);
  }

  override clear() {
    this.counts.in = this.counts.out = this.counts.undecided = 0;
    super.clear();
  }
}

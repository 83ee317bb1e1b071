// The page's copy of the scene Rust computed: nodes with their boxes, edges, co-premise
// frames. It is filled once when a map opens and then only patched by deltas, so an
// edit to a large map moves a few records across IPC, not the whole map.

import { rounded } from "./route";
import type { EdgeLine, Label, Layout, NodeBox, NodeId, Point, SceneDelta, SceneNode, StatusRow, WireLine } from "./types";

const edgeKey = (from: NodeId, to: NodeId) => `${from}>${to}`;

/** The box around an edge's curve (its control points bound it), for culling. */
export function edgeBox(e: EdgeLine | Point[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of Array.isArray(e) ? e : e.path) {
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

/** A tree of the map on the page: the boxes beneath one root and the lines from each of
 *  them to its parent, each kept less the tree's offset, and filed in the tree's own
 *  spatial index by those coordinates. A tree that only moved (most of what an edit to
 *  a large map moves) is moved by changing its offset: the same cost whether it holds
 *  ten boxes or a thousand, where moving each box and refiling it took milliseconds. */
class Grove {
  /** How far the tree moved since its boxes and lines were set. */
  ox = 0;
  oy = 0;
  /** Around everything it ever held, less the offset (grown, never shrunk: a box that
   *  left only makes the tree looked at a little more often). */
  private x0 = Infinity;
  private y0 = Infinity;
  private x1 = -Infinity;
  private y1 = -Infinity;
  readonly boxes = new Slots<NodeId, Box>((b) => b.id, (b) => [b.lx, b.ly, b.w, b.h]);
  readonly lines = new Slots<string, Line>((e) => edgeKey(e.from, e.to), (e) => e.localRect());
  constructor(readonly root: NodeId) {}

  /** Where it is now, for the index of trees. */
  rect(): [number, number, number, number] {
    if (this.x0 > this.x1) return [this.ox, this.oy, 0, 0];
    return [this.x0 + this.ox, this.y0 + this.oy, this.x1 - this.x0, this.y1 - this.y0];
  }

  /** Takes in a rectangle in the tree's coordinates; says whether the tree grew. */
  grow([x, y, w, h]: [number, number, number, number]): boolean {
    if (x >= this.x0 && y >= this.y0 && x + w <= this.x1 && y + h <= this.y1) return false;
    this.x0 = Math.min(this.x0, x);
    this.y0 = Math.min(this.y0, y);
    this.x1 = Math.max(this.x1, x + w);
    this.y1 = Math.max(this.y1, y + h);
    return true;
  }
}

/** Lines between trees, and between nodes of one tree other than a child's to its
 *  parent: Rust sends them whole when they change, and they never move with a tree. */
const NOWHERE = new Grove("");

/** A box as the painters and the rest of the page read it: `x` and `y` are where it is
 *  now, its tree's offset added to what is kept. */
class Box implements NodeBox {
  id: NodeId;
  role: NodeBox["role"];
  w: number;
  h: number;
  runs: NodeBox["runs"];
  hidden: number;
  pinned: boolean;
  lx: number;
  ly: number;
  constructor(b: NodeBox, public grove: Grove) {
    this.id = b.id;
    this.role = b.role;
    this.w = b.w;
    this.h = b.h;
    this.runs = b.runs;
    this.hidden = b.hidden;
    this.pinned = b.pinned;
    this.lx = b.x - grove.ox;
    this.ly = b.y - grove.oy;
  }
  get x() { return this.lx + this.grove.ox; }
  set x(v: number) { this.lx = v - this.grove.ox; }
  get y() { return this.ly + this.grove.oy; }
  set y(v: number) { this.ly = v - this.grove.oy; }
}

/** A line as the painters read it: its points (and the box around them) are brought to
 *  where its tree is now when first read after the tree moved, so a moved tree's lines
 *  out of view cost nothing. The same object throughout, so what a painter caches for
 *  it stays good. */
class Line implements EdgeLine {
  from: NodeId;
  to: NodeId;
  relation: EdgeLine["relation"];
  primary: boolean;
  group: string | null;
  private points: Point[];
  private box: [number, number, number, number];
  /** The tree's offset when `points` and `box` were last brought up to date. */
  private ax: number;
  private ay: number;
  constructor(e: WireLine, public grove: Grove) {
    this.from = e.from;
    this.to = e.to;
    this.relation = e.relation;
    this.primary = e.primary;
    this.group = e.group;
    this.points = e.corners ? rounded(e.corners) : e.path;
    this.box = edgeBox(this.points);
    this.ax = grove.ox;
    this.ay = grove.oy;
  }
  get path(): Point[] {
    this.follow();
    return this.points;
  }
  get bbox(): [number, number, number, number] {
    this.follow();
    return this.box;
  }
  /** Where it lies in its tree's coordinates. */
  localRect(): [number, number, number, number] {
    const b = this.box;
    return [b[0] - this.ax, b[1] - this.ay, b[2], b[3]];
  }
  /** Moves it by (dx, dy) within its tree. */
  shift(dx: number, dy: number) {
    this.follow();
    this.offset(dx, dy);
  }
  /** Joins another tree, staying where it is. */
  moveTo(grove: Grove) {
    this.follow();
    this.grove = grove;
    this.ax = grove.ox;
    this.ay = grove.oy;
  }
  private follow() {
    const g = this.grove;
    if (g.ox !== this.ax || g.oy !== this.ay) {
      this.offset(g.ox - this.ax, g.oy - this.ay);
      this.ax = g.ox;
      this.ay = g.oy;
    }
  }
  private offset(dx: number, dy: number) {
    const p = this.points;
    for (let k = 0; k < p.length; k++) {
      p[k][0] += dx;
      p[k][1] += dy;
    }
    const b = this.box;
    this.box = [b[0] + dx, b[1] + dy, b[2], b[3]];
  }
}

export class SceneMirror {
  readonly nodes = new Map<NodeId, SceneNode>();
  /** What the painters draw, brought up to date after each delta. */
  layout: Layout = { orientation: "top-down", bounds: { x: 0, y: 0, w: 1, h: 1 }, nodes: [], edges: [], groups: [] };
  /** Children of each node (and of null, the top level) in their order. */
  children = new Map<NodeId | null, NodeId[]>();
  /** The trees, by root, filed by where they are now. */
  private groves = new Slots<NodeId, Grove>((g) => g.root, (g) => g.rect(), (g, dx, dy) => {
    g.ox += dx;
    g.oy += dy;
  });
  private links = new Slots<string, Line>((e) => edgeKey(e.from, e.to), (e) => e.localRect());
  private boxAt = new Map<NodeId, Box>();
  private lineAt = new Map<string, Line>();
  /** Every box and every line in the order the painters draw them, made when first
   *  asked for after a delta. */
  private allBoxes: Box[] | null = null;
  private allLines: Line[] | null = null;
  /** Each node's tree as found during this delta (once every parent is known, a
   *  node's tree stays the same to its end): a reset walks each path to a root once. */
  private groveAt = new Map<NodeId, Grove>();
  /** Trees whose extent grew during this delta, to refile once at its end. */
  private grown = new Set<Grove>();

  /** Applies a delta. A reset rebuilds everything; any other delta touches only what it
   *  names (and the sibling lists those nodes join or leave), so an edit to a large map
   *  costs the page what the edit changed, not what the map holds. */
  apply(d: SceneDelta) {
    if (d.reset) {
      this.nodes.clear();
      this.children.clear();
      this.groves.clear();
      this.links.clear();
      this.boxAt.clear();
      this.lineAt.clear();
    }
    // Whole trees first: a tree that only moved kept its nodes, so the trees from
    // before the delta still hold.
    for (const [root, dx, dy] of d.moved_trees) this.groves.moveBy(root, dx, dy);
    // Sibling lists whose order may have changed.
    const reorder = new Set<NodeId | null>();
    for (const id of d.removed_nodes) {
      const n = this.nodes.get(id);
      if (!n) continue;
      this.nodes.delete(id);
      this.dropBox(id);
      this.groves.delete(id);
      this.detach(id, n.parent);
    }
    for (const [from, to] of d.removed_edges) this.dropLine(edgeKey(from, to));
    // Nodes given another parent: they and what is beneath them may be in another tree.
    const rehome: NodeId[] = [];
    for (const n of d.nodes) {
      const old = this.nodes.get(n.id);
      if (!old || old.parent !== n.parent) {
        if (old) this.detach(n.id, old.parent);
        const siblings = this.children.get(n.parent);
        if (siblings) siblings.push(n.id);
        else this.children.set(n.parent, [n.id]);
        reorder.add(n.parent);
        if (old) rehome.push(n.id);
      } else if (old.rank !== n.rank) {
        reorder.add(n.parent);
      }
      this.nodes.set(n.id, n);
    }
    // Every parent is known now: each goes to the tree of its root, with what is
    // beneath it. (A new node's box is made in its tree below.)
    for (const id of rehome) this.home(id, this.groveOf(id));
    for (const n of d.nodes) {
      this.dropBox(n.id);
      if (!n.box) continue;
      const b = new Box(n.box, this.groveOf(n.id));
      n.box = b;
      this.putBox(b);
    }
    for (const [id, x, y] of d.moved) {
      const b = this.boxAt.get(id);
      if (!b) continue;
      b.x = x;
      b.y = y;
      this.putBox(b);
    }
    for (const e of d.edges) {
      const key = edgeKey(e.from, e.to);
      const grove = this.nodes.get(e.from)?.parent === e.to ? this.groveOf(e.from) : NOWHERE;
      // A line sent again in the same tree takes the old one's place in its index,
      // refiled only if it left its cells.
      if (this.lineAt.get(key)?.grove !== grove) this.dropLine(key);
      this.putLine(key, new Line(e, grove));
    }
    for (const [from, to, dx, dy] of d.shifted) {
      const key = edgeKey(from, to);
      const line = this.lineAt.get(key);
      if (!line) continue;
      line.shift(dx, dy);
      this.putLine(key, line);
    }
    for (const g of this.grown) if (this.groves.get(g.root) === g) this.groves.set(g);
    this.grown.clear();
    this.groveAt.clear();
    for (const parent of d.reset ? this.children.keys() : reorder) {
      this.children.get(parent)?.sort((a, b) => this.nodes.get(a)!.rank - this.nodes.get(b)!.rank);
    }
    this.allBoxes = this.allLines = null;
    const everyBox = () => this.everyBox(), everyLine = () => this.everyLine();
    this.layout = {
      orientation: d.orientation, bounds: d.bounds, groups: d.groups,
      // The whole lists are only for what walks every box (a click, a box selection):
      // made when first asked for.
      get nodes() { return everyBox(); },
      get edges() { return everyLine(); },
      within: (r) => this.within(r),
    };
  }

  /** The boxes and lines that may meet `[x0, y0, x1, y1]`: those of the trees that
   *  meet it, each looked up in its tree's coordinates, and the lines between trees. */
  private within(r: [number, number, number, number]): { nodes: NodeBox[]; edges: EdgeLine[] } {
    const nodes: NodeBox[] = [];
    const edges: EdgeLine[] = [];
    for (const g of this.groves.within(r)) {
      const local: [number, number, number, number] = [r[0] - g.ox, r[1] - g.oy, r[2] - g.ox, r[3] - g.oy];
      for (const b of g.boxes.within(local)) nodes.push(b);
      for (const e of g.lines.within(local)) edges.push(e);
    }
    for (const e of this.links.within(r)) edges.push(e);
    return { nodes, edges };
  }

  private everyBox(): Box[] {
    if (!this.allBoxes) {
      this.allBoxes = [];
      for (const g of this.groves.list) for (const b of g.boxes.list) this.allBoxes.push(b);
    }
    return this.allBoxes;
  }

  private everyLine(): Line[] {
    if (!this.allLines) {
      this.allLines = [];
      for (const g of this.groves.list) for (const e of g.lines.list) this.allLines.push(e);
      for (const e of this.links.list) this.allLines.push(e);
    }
    return this.allLines;
  }

  /** The tree `id` is in: its root's, made when the root is new. */
  private groveOf(id: NodeId): Grove {
    const known = this.groveAt.get(id);
    if (known) return known;
    // Each node has one parent and a root none; the count only guards against a page
    // whose lists disagree, which must not hang.
    let root = id;
    let g: Grove | undefined;
    for (let left = this.nodes.size; left > 0 && !g; left--) {
      const p = this.nodes.get(root)?.parent;
      if (p == null) break;
      root = p;
      g = this.groveAt.get(root);
    }
    g ??= this.groves.get(root);
    if (!g) {
      g = new Grove(root);
      this.groves.set(g);
    }
    this.groveAt.set(id, g);
    return g;
  }

  /** Moves `id`, what is beneath it and their lines to their parents into `grove`,
   *  each staying where it is. */
  private home(id: NodeId, grove: Grove) {
    const stack = [id];
    for (let left = this.nodes.size; stack.length && left > 0; left--) {
      const at = stack.pop()!;
      const b = this.boxAt.get(at);
      if (b && b.grove !== grove) {
        const [x, y] = [b.x, b.y];
        b.grove.boxes.delete(at);
        b.grove = grove;
        b.x = x;
        b.y = y;
        this.putBox(b);
      }
      const parent = this.nodes.get(at)?.parent;
      const line = parent == null ? undefined : this.lineAt.get(edgeKey(at, parent));
      if (line && line.grove !== grove) {
        line.grove.lines.delete(edgeKey(at, parent!));
        line.moveTo(grove);
        this.putLine(edgeKey(at, parent!), line);
      }
      for (const kid of this.children.get(at) ?? []) stack.push(kid);
    }
    // A root given a parent leaves its tree empty behind it.
    if (this.nodes.get(id)?.parent != null) this.groves.delete(id);
  }

  private putBox(b: Box) {
    this.boxAt.set(b.id, b);
    b.grove.boxes.set(b);
    if (b.grove.grow([b.lx, b.ly, b.w, b.h])) this.grown.add(b.grove);
  }

  private dropBox(id: NodeId) {
    const b = this.boxAt.get(id);
    if (!b) return;
    this.boxAt.delete(id);
    b.grove.boxes.delete(id);
  }

  private putLine(key: string, e: Line) {
    this.lineAt.set(key, e);
    if (e.grove === NOWHERE) {
      this.links.set(e);
      return;
    }
    e.grove.lines.set(e);
    if (e.grove.grow(e.localRect())) this.grown.add(e.grove);
  }

  private dropLine(key: string) {
    const e = this.lineAt.get(key);
    if (!e) return;
    this.lineAt.delete(key);
    (e.grove === NOWHERE ? this.links : e.grove.lines).delete(key);
  }

  /** Takes `id` out of its parent's list of children. */
  private detach(id: NodeId, parent: NodeId | null) {
    const siblings = this.children.get(parent);
    const at = siblings?.indexOf(id) ?? -1;
    if (at >= 0) siblings!.splice(at, 1);
  }

  box(id: NodeId): NodeBox | undefined {
    return this.boxAt.get(id);
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

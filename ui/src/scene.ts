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

export class SceneMirror {
  readonly nodes = new Map<NodeId, SceneNode>();
  readonly edges = new Map<string, EdgeLine>();
  /** What the painters draw, brought up to date after each delta. */
  layout: Layout = { orientation: "top_down", bounds: { x: 0, y: 0, w: 1, h: 1 }, nodes: [], edges: [], groups: [] };
  /** Children of each node (and of null, the top level) in their order. */
  children = new Map<NodeId | null, NodeId[]>();
  private boxIndex = new Map<NodeId, NodeBox>();

  /** Applies a delta. A reset rebuilds everything; any other delta touches only what it
   *  names (and the sibling lists those nodes join or leave), so an edit to a large map
   *  costs the page what the edit changed, not what the map holds. */
  apply(d: SceneDelta) {
    if (d.reset) {
      this.nodes.clear();
      this.edges.clear();
      this.boxIndex.clear();
      this.children.clear();
    }
    // Sibling lists whose order may have changed.
    const reorder = new Set<NodeId | null>();
    for (const id of d.removed_nodes) {
      const n = this.nodes.get(id);
      if (!n) continue;
      this.nodes.delete(id);
      this.boxIndex.delete(id);
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
      if (n.box) this.boxIndex.set(n.id, n.box);
      else this.boxIndex.delete(n.id);
    }
    for (const [id, x, y] of d.moved) {
      const n = this.nodes.get(id);
      if (!n?.box) continue;
      // A new box object: the painters may hold the old one for a frame.
      n.box = { ...n.box, x, y };
      this.boxIndex.set(id, n.box);
    }
    for (const e of d.edges) {
      e.bbox = edgeBox(e);
      this.edges.set(edgeKey(e.from, e.to), e);
    }
    for (const [from, to, dx, dy] of d.shifted) {
      const key = edgeKey(from, to);
      const e = this.edges.get(key);
      if (!e) continue;
      const [x, y, w, h] = e.bbox ?? edgeBox(e);
      this.edges.set(key, { ...e, path: e.path.map(([px, py]) => [px + dx, py + dy]), bbox: [x + dx, y + dy, w, h] });
    }
    for (const parent of d.reset ? this.children.keys() : reorder) {
      this.children.get(parent)?.sort((a, b) => this.nodes.get(a)!.rank - this.nodes.get(b)!.rank);
    }
    this.layout = { orientation: d.orientation, bounds: d.bounds, nodes: [...this.boxIndex.values()], edges: [...this.edges.values()], groups: d.groups };
  }

  /** Takes `id` out of its parent's list of children. */
  private detach(id: NodeId, parent: NodeId | null) {
    const siblings = this.children.get(parent);
    const at = siblings?.indexOf(id) ?? -1;
    if (at >= 0) siblings!.splice(at, 1);
  }

  box(id: NodeId): NodeBox | undefined {
    return this.boxIndex.get(id);
  }

  node(id: NodeId): SceneNode | undefined {
    return this.nodes.get(id);
  }

  /** The node and everything beneath it in the tree. */
  subtree(id: NodeId): NodeId[] {
    const out: NodeId[] = [];
    const stack = [id];
    while (stack.length) {
      const n = stack.pop()!;
      out.push(n);
      for (const c of this.children.get(n) ?? []) stack.push(c);
    }
    return out;
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

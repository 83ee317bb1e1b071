import { describe, expect, it } from "vitest";
import { rounded } from "../src/route";
import { edgeBox, findMatches, SceneMirror, Slots, Statuses } from "../src/scene";
import type { EdgeLine, SceneDelta, SceneNode, StatusRow } from "../src/types";

const node = (id: string, parent: string | null, rank: number, text = id, extra: Partial<SceneNode> = {}): SceneNode => ({
  id, kind: parent ? "support" : "thesis", text, parent, relation: parent ? "supports" : null, rank,
  box: { id, role: parent ? "support" : "thesis", x: rank * 10, y: 0, w: 5, h: 5, runs: [], hidden: 0, pinned: false }, ...extra,
});
const delta = (d: Partial<SceneDelta>): SceneDelta => ({
  reset: false, nodes: [], moved: [], removed_nodes: [], edges: [], removed_edges: [], shifted: [], moved_trees: [], groups: [],
  bounds: { x: 0, y: 0, w: 100, h: 100 }, orientation: "top_down", ...d,
});
const edge = (from: string, to: string) => ({ from, to, relation: "supports" as const, primary: true, group: null, path: [[0, 0], [0, 0], [0, 0], [0, 0]] as [number, number][] });

describe("SceneMirror", () => {
  it("a reset fills it; deltas patch it; children keep their rank order", () => {
    const m = new SceneMirror();
    m.apply(delta({ reset: true, nodes: [node("t", null, 0), node("b", "t", 1), node("a", "t", 0)], edges: [edge("a", "t"), edge("b", "t")] }));
    expect(m.children.get("t")).toEqual(["a", "b"]);
    expect(m.layout.nodes).toHaveLength(3);
    expect(m.layout.edges).toHaveLength(2);

    m.apply(delta({ nodes: [node("a", "t", 0, "changed")], removed_nodes: ["b"], removed_edges: [["b", "t"]] }));
    expect(m.node("a")!.text).toBe("changed");
    expect(m.node("b")).toBeUndefined();
    expect(m.children.get("t")).toEqual(["a"]);
    expect(m.layout.edges.map((e) => e.from)).toEqual(["a"]);

    m.apply(delta({ reset: true, nodes: [node("x", null, 0)] }));
    expect([...m.nodes.keys()]).toEqual(["x"]);
    expect(m.layout.edges).toHaveLength(0);
  });

  it("moves a box that only moved, and keeps each parent's children in order", () => {
    const m = new SceneMirror();
    m.apply(delta({ reset: true, nodes: [node("t", null, 0), node("a", "t", 0), node("u", null, 1)] }));
    m.apply(delta({ moved: [["a", 99, 7]] }));
    expect([m.box("a")!.x, m.box("a")!.y]).toEqual([99, 7]);
    // Added under t before a, and a moved from t to u.
    m.apply(delta({ nodes: [node("b", "t", 0), node("a", "u", 0, "new text")] }));
    expect(m.children.get("t")).toEqual(["b"]);
    expect(m.children.get("u")).toEqual(["a"]);
    expect(m.node("a")!.text).toBe("new text");
    m.apply(delta({ removed_nodes: ["b"] }));
    expect(m.children.get("t") ?? []).toEqual([]);
  });

  it("moves a line that only moved, with its box for culling", () => {
    const m = new SceneMirror();
    const e = { ...edge("a", "t"), path: [[0, 0], [10, 0], [10, 20], [20, 20]] as [number, number][] };
    m.apply(delta({ reset: true, nodes: [node("t", null, 0), node("a", "t", 0)], edges: [e] }));
    const before = m.layout.edges[0];
    m.apply(delta({ shifted: [["a", "t", 5, -2]] }));
    const after = m.layout.edges[0];
    expect(after.path).toEqual([[5, -2], [15, -2], [15, 18], [25, 18]]);
    expect(after.bbox).toEqual([5, -2, 20, 20]);
    // Moved in place: the same line, so what is cached for it (its dash lengths, which
    // a move does not change) stays good.
    expect(after).toBe(before);
    expect(m.layout.edges).toHaveLength(1);
  });

  it("rounds a line sent as corners into the curve it draws", () => {
    const m = new SceneMirror();
    const corners: [number, number][] = [[0, 0], [0, 50], [90, 50]];
    const { path: _, ...link } = { ...edge("a", "t"), primary: false };
    m.apply(delta({ reset: true, nodes: [node("t", null, 0), node("a", null, 1)], edges: [{ ...link, corners }] }));
    const line = m.layout.edges[0];
    expect(line.path).toEqual(rounded(corners));
    expect(line.bbox).toEqual([0, 0, 90, 50]);
  });

  it("moves a whole tree by one offset: its boxes and its lines, nothing else", () => {
    const m = new SceneMirror();
    const line = (from: string, to: string) => ({ ...edge(from, to), path: [[0, 0], [1, 1], [2, 2], [3, 3]] as [number, number][] });
    m.apply(delta({
      reset: true,
      nodes: [node("t", null, 0), node("a", "t", 0), node("b", "a", 0), node("u", null, 1), node("c", "u", 0)],
      edges: [line("a", "t"), line("b", "a"), line("c", "u"), { ...line("b", "c"), primary: false }],
    }));
    const at = (id: string) => [m.box(id)!.x, m.box(id)!.y];
    const before = { t: at("t"), a: at("a"), b: at("b"), u: at("u"), c: at("c") };
    const lineOf = (from: string, to: string) => m.layout.edges.find((e) => e.from === from && e.to === to)!;
    // b is also resent, with the box it has now: that wins over the tree's offset.
    const b = node("b", "a", 0, "b, edited");
    b.box!.x = 500;
    m.apply(delta({ moved_trees: [["t", 5000, 10]], nodes: [b] }));
    expect(at("t")).toEqual([before.t[0] + 5000, before.t[1] + 10]);
    expect(at("a")).toEqual([before.a[0] + 5000, before.a[1] + 10]);
    expect(at("b")).toEqual([500, 0]);
    expect(at("u")).toEqual(before.u);
    expect(at("c")).toEqual(before.c);
    expect(lineOf("a", "t").path[0]).toEqual([5000, 10]);
    expect(lineOf("a", "t").bbox).toEqual([5000, 10, 3, 3]);
    expect(lineOf("b", "a").path[3]).toEqual([5003, 13]);
    // Another tree's line, and a cross-link (which Rust sends on its own), stay.
    expect(lineOf("c", "u").path[0]).toEqual([0, 0]);
    expect(lineOf("b", "c").path[0]).toEqual([0, 0]);
    // The spatial index follows the boxes: the tree is found where it went, a cell
    // away from the other tree.
    // (It may give more than meets the rectangle; painters test each.)
    const r: [number, number, number, number] = [4990, 0, 5100, 30];
    const meets = ([x, y, w, h]: number[]) => x + w >= r[0] && x <= r[2] && y + h >= r[1] && y <= r[3];
    const near = m.layout.within!(r);
    expect(near.nodes.filter((n) => meets([n.x, n.y, n.w, n.h])).map((n) => n.id).sort()).toEqual(["a", "t"]);
    expect(near.edges.filter((e) => meets(e.bbox!)).map((e) => e.from).sort()).toEqual(["a", "b"]);
    // Nothing is filed where nothing is.
    expect(m.layout.within!([90000, 90000, 90100, 90030])).toEqual({ nodes: [], edges: [] });
  });

  it("patched by deltas, it holds what a fresh copy of the same scene holds", () => {
    // Random edits to a random forest, applied as deltas the way Rust sends them (a
    // node resent when its parent or rank changed), against a reset with the result.
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const m = new SceneMirror();
    let truth = new Map<string, SceneNode>();
    const ranked = (all: Map<string, SceneNode>) => {
      // Ranks are places among siblings, 0..k-1 in a stable order.
      const byParent = new Map<string | null, SceneNode[]>();
      for (const n of all.values()) byParent.set(n.parent, [...(byParent.get(n.parent) ?? []), n]);
      const out = new Map<string, SceneNode>();
      for (const list of byParent.values()) list.forEach((n, i) => out.set(n.id, { ...n, rank: i }));
      return out;
    };
    m.apply(delta({ reset: true }));
    for (let step = 0; step < 300; step++) {
      let next = new Map(truth);
      const ids = [...next.keys()];
      const op = rand(6);
      if (op < 3 || ids.length < 3) {
        const id = `n${step}`;
        const parent = ids.length && rand(4) ? ids[rand(ids.length)] : null;
        next.set(id, node(id, parent, 0));
      } else if (op === 3) {
        // Delete a leaf.
        const leaves = ids.filter((id) => ![...next.values()].some((n) => n.parent === id));
        next.delete(leaves[rand(leaves.length)]);
      } else if (op === 4) {
        // Put a node first among its siblings: only ranks change.
        const id = ids[rand(ids.length)];
        next = new Map([[id, next.get(id)!], ...[...next].filter(([k]) => k !== id)]);
      } else {
        // Move a node under a node outside its subtree (or to the top).
        const id = ids[rand(ids.length)];
        const below = new Set([id]);
        for (let grew = true; grew; ) {
          grew = false;
          for (const n of next.values()) if (n.parent && below.has(n.parent) && !below.has(n.id)) { below.add(n.id); grew = true; }
        }
        const outside = ids.filter((x) => !below.has(x));
        const parent = outside.length && rand(3) ? outside[rand(outside.length)] : null;
        next.set(id, { ...next.get(id)!, parent });
      }
      const after = ranked(next);
      const resent = [...after.values()].filter((n) => {
        const old = truth.get(n.id);
        return !old || old.parent !== n.parent || old.rank !== n.rank;
      });
      m.apply(delta({ nodes: resent, removed_nodes: [...truth.keys()].filter((id) => !after.has(id)) }));
      truth = after;
      if (step % 25 === 24) {
        const fresh = new SceneMirror();
        fresh.apply(delta({ reset: true, nodes: [...truth.values()] }));
        expect(new Map([...m.children].filter(([, l]) => l.length))).toEqual(fresh.children);
        expect(new Set(m.layout.nodes.map((b) => b.id))).toEqual(new Set(fresh.layout.nodes.map((b) => b.id)));
      }
    }
    expect(m.nodes.size).toBeGreaterThan(40);
  });

  it("boxes and lines are where Rust put them through tree moves, reparenting and deletes", () => {
    // Random deltas of every kind against a plain model of where each box and line is:
    // a tree moved by one offset must take along exactly the boxes beneath its root now,
    // including those that came to it from another tree without being resent.
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    type Truth = { parent: string | null; x: number; y: number };
    const truth = new Map<string, Truth>();
    const paths = new Map<string, [number, number][]>();
    const key = (from: string, to: string) => `${from}>${to}`;
    const box = (id: string, t: Truth) => ({ id, role: "support" as const, x: t.x, y: t.y, w: 40, h: 20, runs: [], hidden: 0, pinned: false });
    const sceneNode = (id: string, t: Truth, rank: number): SceneNode => ({
      id, kind: t.parent ? "support" : "thesis", text: id, parent: t.parent, relation: t.parent ? "supports" : null, rank, box: box(id, t),
    });
    const lineFor = (from: string, to: string) => {
      const t = truth.get(from)!;
      const path: [number, number][] = [[t.x, t.y], [t.x + 30, t.y - 200], [t.x + 60, t.y - 300], [t.x + 90, t.y - 400]];
      paths.set(key(from, to), path.map(([x, y]) => [x, y]));
      return { from, to, relation: "supports" as const, primary: true, group: null, path };
    };
    const beneath = (id: string) => {
      const out = new Set([id]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [k, t] of truth) if (t.parent && out.has(t.parent) && !out.has(k)) { out.add(k); grew = true; }
      }
      return out;
    };
    const m = new SceneMirror();
    m.apply(delta({ reset: true }));
    const far = () => ((rand(2) ? 1 : -1) * rand(9000)) || 0;
    for (let step = 0; step < 400; step++) {
      const ids = [...truth.keys()];
      const pick = rand(10);
      const op = ids.length < 4 || pick < 3 ? 0 : pick - 2;
      if (op === 0) {
        const id = `n${step}`;
        const parent = ids.length && rand(5) ? ids[rand(ids.length)] : null;
        const t = { parent, x: far(), y: far() };
        truth.set(id, t);
        m.apply(delta({ nodes: [sceneNode(id, t, 0)], edges: parent ? [lineFor(id, parent)] : [] }));
      } else if (op === 1) {
        const leaves = ids.filter((id) => ![...truth.values()].some((t) => t.parent === id));
        const id = leaves[rand(leaves.length)];
        const parent = truth.get(id)!.parent;
        truth.delete(id);
        paths.delete(key(id, parent ?? ""));
        m.apply(delta({ removed_nodes: [id], removed_edges: parent ? [[id, parent]] : [] }));
      } else if (op === 2) {
        // Another parent (or none), nothing beneath it resent: it keeps its place.
        const id = ids[rand(ids.length)];
        const below = beneath(id);
        const outside = ids.filter((x) => !below.has(x));
        const t = truth.get(id)!;
        const old = t.parent;
        t.parent = outside.length && rand(4) ? outside[rand(outside.length)] : null;
        if (old) paths.delete(key(id, old));
        m.apply(delta({
          nodes: [sceneNode(id, t, 0)],
          removed_edges: old ? [[id, old]] : [],
          edges: t.parent ? [lineFor(id, t.parent)] : [],
        }));
      } else if (op === 3 || op === 4) {
        const roots = ids.filter((id) => truth.get(id)!.parent === null);
        const root = roots[rand(roots.length)];
        const [dx, dy] = [far(), far()];
        for (const id of beneath(root)) {
          const t = truth.get(id)!;
          t.x += dx;
          t.y += dy;
          const p = t.parent && paths.get(key(id, t.parent));
          if (p) for (const q of p) { q[0] += dx; q[1] += dy; }
        }
        m.apply(delta({ moved_trees: [[root, dx, dy]] }));
      } else if (op === 5) {
        const id = ids[rand(ids.length)];
        const t = truth.get(id)!;
        t.x = far();
        t.y = far();
        m.apply(delta({ moved: [[id, t.x, t.y]] }));
      } else if (op === 6) {
        const lines = [...paths.keys()];
        if (!lines.length) continue;
        const k = lines[rand(lines.length)];
        const [from, to] = k.split(">");
        const [dx, dy] = [far(), far()];
        for (const q of paths.get(k)!) { q[0] += dx; q[1] += dy; }
        m.apply(delta({ shifted: [[from, to, dx, dy]] }));
      } else {
        // A line sent again whole, somewhere else (routed again): it takes the old
        // one's place, filed where it is now.
        const lines = [...paths.keys()];
        if (!lines.length) continue;
        const [from, to] = lines[rand(lines.length)].split(">");
        const t = truth.get(from)!;
        const [x, y] = [t.x, t.y];
        [t.x, t.y] = [far(), far()];
        const again = lineFor(from, to);
        [t.x, t.y] = [x, y];
        m.apply(delta({ edges: [again] }));
      }
      for (const [id, t] of truth) expect([id, m.box(id)!.x, m.box(id)!.y]).toEqual([id, t.x, t.y]);
      const drawn = new Map(m.layout.edges.map((e) => [key(e.from, e.to), e.path]));
      expect(drawn).toEqual(paths);
      expect(m.layout.nodes.map((b) => b.id).sort()).toEqual([...truth.keys()].sort());
      // What the spatial index finds in a random part of the map is what is there.
      const x = far(), y = far();
      const r: [number, number, number, number] = [x, y, x + rand(6000), y + rand(6000)];
      const meets = ([bx, by, bw, bh]: number[]) => bx + bw >= r[0] && bx <= r[2] && by + bh >= r[1] && by <= r[3];
      const near = m.layout.within!(r);
      expect(near.nodes.filter((b) => meets([b.x, b.y, b.w, b.h])).map((b) => b.id).sort())
        .toEqual([...truth].filter(([, t]) => meets([t.x, t.y, 40, 20])).map(([id]) => id).sort());
      expect(near.edges.filter((e) => meets(e.bbox!)).map((e) => key(e.from, e.to)).sort())
        .toEqual([...paths].filter(([, p]) => meets(edgeBox({ path: p } as EdgeLine))).map(([k]) => k).sort());
    }
    expect(truth.size).toBeGreaterThan(30);
  });

  it("nodes hidden in a collapsed subtree are in the outline but not drawn", () => {
    const m = new SceneMirror();
    m.apply(delta({ reset: true, nodes: [node("t", null, 0), { ...node("h", "t", 0), box: null }] }));
    expect(m.children.get("t")).toEqual(["h"]);
    expect(m.layout.nodes.map((n) => n.id)).toEqual(["t"]);
  });
});

describe("findMatches", () => {
  const nodes = [
    node("1", null, 0, "The age of scaling is over"),
    node("2", "1", 0, "There is only one internet", { notes: "Sutskever's phrase" }),
    node("3", "1", 1, "Labs spend on RL", { source: { title: "Thoughts on AI progress", author: "Dwarkesh Patel" } }),
  ];
  it("matches every word, in any field, ignoring case", () => {
    expect(findMatches(nodes, "SCALING over")).toEqual(["1"]);
    expect(findMatches(nodes, "sutskever")).toEqual(["2"]);
    expect(findMatches(nodes, "dwarkesh progress")).toEqual(["3"]);
    expect(findMatches(nodes, "scaling internet")).toEqual([]);
    expect(findMatches(nodes, "   ")).toEqual([]);
  });
});

describe("Statuses", () => {
  const row = (id: string, label: StatusRow["label"]): StatusRow =>
    ({ id, label, unsupported: false, assumed: false, unanswered: false, preferred: null });
  it("counts each label as rows are set, replaced, deleted and cleared", () => {
    const s = new Statuses();
    s.set("a", row("a", "in"));
    s.set("b", row("b", "in"));
    s.set("c", row("c", "out"));
    expect(s.counts).toEqual({ in: 2, out: 1, undecided: 0 });
    s.set("a", row("a", "undecided"));
    expect(s.counts).toEqual({ in: 1, out: 1, undecided: 1 });
    expect(s.delete("c")).toBe(true);
    expect(s.delete("c")).toBe(false);
    expect(s.counts).toEqual({ in: 1, out: 0, undecided: 1 });
    s.clear();
    expect(s.counts).toEqual({ in: 0, out: 0, undecided: 0 });
    s.set("d", row("d", "out"));
    expect(s.counts).toEqual({ in: 0, out: 1, undecided: 0 });
    expect(s.size).toBe(1);
  });
});

describe("Slots", () => {
  type V = { k: string; x: number; y: number; w: number; h: number };
  const slots = () => new Slots<string, V>((v) => v.k, (v) => [v.x, v.y, v.w, v.h]);
  const at = (k: string, x = 0, y = 0, w = 10, h = 10): V => ({ k, x, y, w, h });

  it("keeps every value once in its list, found by key, through sets and deletes", () => {
    const s = slots();
    for (const k of ["a", "b", "c", "d"]) s.set(at(k));
    s.set(at("b", 5));
    s.delete("a"); // "d" takes its place
    s.delete("zz");
    expect(s.list.map((x) => x.k).sort()).toEqual(["b", "c", "d"]);
    expect(s.get("b")).toEqual(at("b", 5));
    expect(s.get("a")).toBeUndefined();
    s.delete("d");
    s.delete("c"); // the last one
    expect(s.list).toEqual([at("b", 5)]);
    s.set(at("e"));
    expect(s.list.map((x) => x.k)).toEqual(["b", "e"]);
    s.clear();
    expect(s.list).toEqual([]);
    expect(s.get("b")).toBeUndefined();
    expect(s.within([0, 0, 100, 100])).toEqual([]);
  });

  it("finds, in list order and once each, every value that meets a rectangle, through moves and deletes", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const s = slots();
    const keys = Array.from({ length: 300 }, (_, i) => `n${i}`);
    const meets = (v: V, [x0, y0, x1, y1]: number[]) => v.x + v.w >= x0 && v.x <= x1 && v.y + v.h >= y0 && v.y <= y1;
    for (let round = 0; round < 400; round++) {
      const k = keys[Math.floor(rnd() * keys.length)];
      if (rnd() < 0.2) s.delete(k);
      else {
        // Mostly boxes; now and then a line across the whole map.
        const long = rnd() < 0.05;
        s.set(at(k, (rnd() - 0.5) * 20000, (rnd() - 0.5) * 20000, long ? 30000 : 50 + rnd() * 300, long ? 20000 : 40 + rnd() * 200));
      }
      const x = (rnd() - 0.5) * 24000, y = (rnd() - 0.5) * 24000;
      const r = [x, y, x + rnd() * (round % 10 === 0 ? 30000 : 3000), y + rnd() * 2000] as [number, number, number, number];
      const got = s.within(r);
      const want = s.list.filter((v) => meets(v, r));
      expect(got.filter((v) => meets(v, r))).toEqual(want);
      expect(new Set(got).size).toBe(got.length);
      const order = got.map((v) => s.list.indexOf(v));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });
});

import { describe, expect, it } from "vitest";
import { findMatches, SceneMirror } from "../src/scene";
import type { SceneDelta, SceneNode } from "../src/types";

const node = (id: string, parent: string | null, rank: number, text = id, extra: Partial<SceneNode> = {}): SceneNode => ({
  id, kind: parent ? "support" : "thesis", text, parent, relation: parent ? "supports" : null, rank,
  box: { id, role: parent ? "support" : "thesis", x: rank * 10, y: 0, w: 5, h: 5, runs: [], hidden: 0, pinned: false }, ...extra,
});
const delta = (d: Partial<SceneDelta>): SceneDelta => ({
  reset: false, nodes: [], moved: [], removed_nodes: [], edges: [], removed_edges: [], groups: [],
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
    expect(m.subtree("t").sort()).toEqual(["a", "t"]);

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

// The app's page: it draws the layout Rust computes, turns keys and pointer gestures
// into edits, and shows what Rust answers. It keeps no map of its own beyond the last
// layout; every change goes to Rust as one command and comes back as a new view.
// User text reaches the page only through canvas fillText and textarea.value: never
// through innerHTML.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { type Camera, fit, toWorld, zoomAt } from "./camera";
import { paintMap, paintOverlay, type Viewport } from "./paint";
import { SelectTool, type Effect } from "./tool";
import type { Edit, Failure, Kind, Layout, NodeBox, Theme, View } from "./types";

const stage = document.getElementById("stage") as HTMLDivElement;
const mapCanvas = document.getElementById("map") as HTMLCanvasElement;
const overlayCanvas = document.getElementById("overlay") as HTMLCanvasElement;
const editor = document.getElementById("editor") as HTMLTextAreaElement;
const statusBar = document.getElementById("status") as HTMLElement;
const help = document.getElementById("help") as HTMLElement;
const mapCtx = mapCanvas.getContext("2d")!;
const overlayCtx = overlayCanvas.getContext("2d")!;

let view: View | null = null;
let theme: Theme;
let camera: Camera = { x: 0, y: 0, zoom: 1 };
let vp: Viewport = { w: 1, h: 1, dpr: 1 };
let selected = new Set<string>();
let drag: { id: string; dx: number; dy: number } | null = null;
let editing: { id: string; isNew: boolean; original: string } | null = null;
let spaceHeld = false;
let needBase = true;
let needOverlay = true;

const layout = (): Layout => view!.layout;
const boxOf = (id: string): NodeBox | undefined => layout().nodes.find((n) => n.id === id);
const hit = (x: number, y: number) => {
  const nodes = layout().nodes;
  // Topmost first: later boxes are drawn over earlier ones.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (x >= n.x && x <= n.x + n.w && y >= n.y && y <= n.y + n.h) return n;
  }
  return undefined;
};
const tool = new SelectTool(hit);

function say(message: string, error = false) {
  statusBar.textContent = message;
  statusBar.classList.toggle("error", error);
}

function schedule(base = true) {
  needBase ||= base;
  needOverlay = true;
  requestAnimationFrame(frame);
}

function frame() {
  if (!view) return;
  if (needBase) paintMap(mapCtx, layout(), theme, camera, vp);
  if (needOverlay || needBase) paintOverlay(overlayCtx, layout(), theme, camera, vp, selected, drag, new Set());
  needBase = needOverlay = false;
}

function resize() {
  const r = stage.getBoundingClientRect();
  vp = { w: Math.max(1, r.width), h: Math.max(1, r.height), dpr: window.devicePixelRatio || 1 };
  for (const c of [mapCanvas, overlayCanvas]) {
    c.width = Math.round(vp.w * vp.dpr);
    c.height = Math.round(vp.h * vp.dpr);
  }
  schedule();
}

function show(next: View, refit = false) {
  view = next;
  for (const id of [...selected]) if (!boxOf(id)) selected.delete(id);
  if (refit) camera = fit(next.layout.bounds, vp.w, vp.h);
  (document.querySelector('[data-action="undo"]') as HTMLButtonElement).disabled = !next.can_undo;
  (document.querySelector('[data-action="redo"]') as HTMLButtonElement).disabled = !next.can_redo;
  document.body.dataset.dirty = String(next.dirty);
  document.body.dataset.nodes = String(next.layout.nodes.length);
  schedule();
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T | null> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    const f = e as Failure;
    say(f?.message ?? String(e), true);
    return null;
  }
}

async function apply(edits: Edit[]): Promise<View | null> {
  const v = await call<View>("edit", { edits });
  if (v) show(v);
  return v;
}

// ---- adding and editing -------------------------------------------------------------

function parentOf(id: string): string | undefined {
  return layout().edges.find((e) => e.from === id && e.primary)?.to;
}

function kindOf(id: string): Kind | undefined {
  const role = boxOf(id)?.role;
  return role === "rebuttal" ? "objection" : role;
}

async function addNode(kind: Kind, target?: string, after?: string) {
  if (kind !== "thesis" && !target) {
    say("Select the node to attach it to first.", true);
    return;
  }
  const id = crypto.randomUUID();
  const edit: Edit = { op: "add_node", node: { id, kind, text: "" }, ...(target ? { target } : {}), ...(after ? { after } : {}) };
  const v = await apply([edit]);
  if (!v) return;
  selected = new Set([id]);
  startEditing(id, true);
}

function placeEditor(n: NodeBox) {
  const [sx, sy] = [(n.x - camera.x) * camera.zoom, (n.y - camera.y) * camera.zoom];
  const body = n.runs.find((r) => r.tone === "body");
  const top = body ? body.y - body.size - 3 : 20;
  editor.style.left = `${sx + 8 * camera.zoom}px`;
  editor.style.top = `${sy + top * camera.zoom}px`;
  editor.style.width = `${Math.max(180, n.w - 16) * camera.zoom}px`;
  editor.style.height = `${Math.max(28, n.h - top - 6) * camera.zoom}px`;
  editor.style.fontSize = `${14 * camera.zoom}px`;
  editor.style.lineHeight = `${20 * camera.zoom}px`;
}

function startEditing(id: string, isNew = false) {
  const n = boxOf(id);
  if (!n) return;
  const text = n.runs.filter((r) => r.tone === "body").map((r) => r.text).join(" ");
  editing = { id, isNew, original: text };
  editor.value = text;
  editor.hidden = false;
  placeEditor(n);
  editor.focus();
  editor.select();
}

async function finishEditing(commit: boolean): Promise<string | null> {
  if (!editing) return null;
  const { id, isNew, original } = editing;
  editing = null;
  editor.hidden = true;
  stage.focus();
  const text = editor.value.trim();
  if (!commit && isNew) {
    // Cancelling the text of a node just added takes the node back out.
    const v = await call<View>("undo");
    if (v) show(v);
    return null;
  }
  if (commit && text !== original) await apply([{ op: "update_node", id, text }]);
  return id;
}

editor.addEventListener("keydown", async (ev) => {
  ev.stopPropagation();
  if (ev.key === "Escape") {
    ev.preventDefault();
    await finishEditing(false);
  } else if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
    ev.preventDefault();
    await finishEditing(true);
  } else if (ev.key === "Enter" && !ev.shiftKey) {
    // Outliner habit: Enter finishes this one and starts a sibling.
    ev.preventDefault();
    const id = await finishEditing(true);
    if (id) {
      const parent = parentOf(id);
      await addNode(parent ? kindOf(id)! : "thesis", parent, parent ? id : undefined);
    }
  } else if (ev.key === "Tab") {
    ev.preventDefault();
    const id = await finishEditing(true);
    if (id) await addNode(kindOf(id) === "question" || kindOf(id) === "note" ? "note" : "support", id);
  }
});
editor.addEventListener("blur", () => void finishEditing(true));

// ---- keyboard -----------------------------------------------------------------------

function only(): string | undefined {
  return selected.size === 1 ? [...selected][0] : undefined;
}

function moveSelection(dx: number, dy: number) {
  const current = only() ? boxOf(only()!) : undefined;
  if (!current) {
    const first = layout().nodes[0];
    if (first) selected = new Set([first.id]);
    schedule(false);
    return;
  }
  const cx = current.x + current.w / 2, cy = current.y + current.h / 2;
  let best: NodeBox | undefined, bestScore = Infinity;
  for (const n of layout().nodes) {
    if (n.id === current.id) continue;
    const vx = n.x + n.w / 2 - cx, vy = n.y + n.h / 2 - cy;
    const along = vx * dx + vy * dy;
    if (along <= 0) continue;
    const across = Math.abs(vx * dy - vy * dx);
    const score = along + 2 * across;
    if (score < bestScore) [best, bestScore] = [n, score];
  }
  if (best) {
    selected = new Set([best.id]);
    revealNode(best);
    schedule(false);
  }
}

function revealNode(n: NodeBox) {
  const [x0, y0] = toWorld(camera, 40, 40);
  const [x1, y1] = toWorld(camera, vp.w - 40, vp.h - 40);
  if (n.x >= x0 && n.y >= y0 && n.x + n.w <= x1 && n.y + n.h <= y1) return;
  camera = { ...camera, x: n.x + n.w / 2 - vp.w / (2 * camera.zoom), y: n.y + n.h / 2 - vp.h / (2 * camera.zoom) };
  schedule();
}

async function run(action: string) {
  const sel = only();
  switch (action) {
    case "new": { const v = await call<View | null>("new_map"); if (v) { selected.clear(); show(v, true); } break; }
    case "open": { const v = await call<View | null>("open_map"); if (v) { selected.clear(); show(v, true); say(`Opened ${v.file_name ?? v.title}`); } break; }
    case "save": { const v = await call<View | null>("save_map"); if (v) { show(v); say(`Saved ${v.file_name}`); } break; }
    case "save-as": { const v = await call<View | null>("save_map_as"); if (v) { show(v); say(`Saved ${v.file_name}`); } break; }
    case "export":
    case "export-svg": {
      const format = action === "export" ? "png" : "svg";
      const name = await call<string | null>("export_image", { options: { format, scale: 2, theme: theme.name, transparent: false, embed: true } });
      if (name) say(`Exported ${name}`);
      break;
    }
    case "undo": { const v = await call<View>("undo"); if (v) show(v); break; }
    case "redo": { const v = await call<View>("redo"); if (v) show(v); break; }
    case "fit": camera = fit(layout().bounds, vp.w, vp.h); schedule(); break;
    case "help": help.hidden = !help.hidden; break;
    case "thesis": await addNode("thesis"); break;
    case "support": case "objection": case "evidence": case "question": case "note":
      await addNode(action as Kind, sel);
      break;
    case "edit": if (sel) startEditing(sel); break;
    case "collapse": {
      const n = sel ? boxOf(sel) : undefined;
      if (n) await apply([{ op: "set_collapsed", id: n.id, collapsed: n.hidden === 0 }]);
      break;
    }
    case "delete": {
      if (selected.size === 0) break;
      const before = layout().nodes.length;
      const v = await apply([...selected].map((id) => ({ op: "delete_subtree", id }) as Edit));
      if (v) {
        selected.clear();
        say(`Deleted ${before - v.layout.nodes.length} node(s). Ctrl+Z brings them back.`);
      }
      break;
    }
  }
}

const KEYS: Record<string, string> = { t: "thesis", s: "support", o: "objection", e: "evidence", q: "question", n: "note", c: "collapse", "?": "help", "0": "fit", F2: "edit", Enter: "edit", Delete: "delete", Backspace: "delete" };

window.addEventListener("keydown", async (ev) => {
  if (editing) return;
  const ctrl = ev.ctrlKey || ev.metaKey;
  if (ev.key === " ") { spaceHeld = true; return; }
  if (ev.key === "Escape") { help.hidden = true; for (const e of tool.cancel()) effect(e); drag = null; schedule(false); return; }
  if (ctrl) {
    const k = ev.key.toLowerCase();
    const action = k === "z" ? (ev.shiftKey ? "redo" : "undo") : k === "y" ? "redo" : k === "s" ? (ev.shiftKey ? "save-as" : "save")
      : k === "o" ? "open" : k === "n" ? "new" : k === "e" ? (ev.shiftKey ? "export-svg" : "export") : k === "f" ? "fit" : "";
    if (action) { ev.preventDefault(); await run(action); }
    else if (k === "=" || k === "+") { ev.preventDefault(); zoomBy(1.25); }
    else if (k === "-") { ev.preventDefault(); zoomBy(0.8); }
    return;
  }
  if (ev.key === "Tab") { ev.preventDefault(); await run(only() ? "support" : "thesis"); return; }
  if (ev.key === "+" || ev.key === "=") { zoomBy(1.25); return; }
  if (ev.key === "-") { zoomBy(0.8); return; }
  const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  if (arrows[ev.key]) { ev.preventDefault(); moveSelection(...arrows[ev.key]); return; }
  const action = KEYS[ev.key] ?? KEYS[ev.key.toLowerCase()];
  if (action) { ev.preventDefault(); await run(action); }
});
window.addEventListener("keyup", (ev) => { if (ev.key === " ") spaceHeld = false; });

function zoomBy(f: number) {
  camera = zoomAt(camera, vp.w / 2, vp.h / 2, f);
  schedule();
}

// ---- pointer ------------------------------------------------------------------------

function input(ev: PointerEvent | MouseEvent) {
  const r = stage.getBoundingClientRect();
  const screen: [number, number] = [ev.clientX - r.left, ev.clientY - r.top];
  return { screen, world: toWorld(camera, screen[0], screen[1]), shift: ev.shiftKey, pan: spaceHeld || ev.button === 1 };
}

function effect(e: Effect) {
  switch (e.type) {
    case "select": selected = new Set(e.ids); schedule(false); break;
    case "toggle_select": selected.has(e.id) ? selected.delete(e.id) : selected.add(e.id); schedule(false); break;
    case "pan": camera = { ...camera, x: camera.x - e.dx / camera.zoom, y: camera.y - e.dy / camera.zoom }; schedule(); break;
    case "drag_preview": drag = { id: e.id, dx: e.dx, dy: e.dy }; schedule(false); break;
    case "move": drag = null; void apply([{ op: "move", id: e.id, position: { x: e.x, y: e.y } }]); break;
    case "edit_text": startEditing(e.id); break;
    case "redraw_overlay": drag = null; schedule(false); break;
  }
}

stage.addEventListener("pointerdown", (ev) => {
  if (editing) return;
  stage.setPointerCapture(ev.pointerId);
  stage.focus();
  tool.pointerDown(input(ev)).forEach(effect);
});
stage.addEventListener("pointermove", (ev) => {
  tool.pointerMove(input(ev)).forEach(effect);
  stage.classList.toggle("panning", tool.state.name === "panning");
});
stage.addEventListener("pointerup", (ev) => {
  tool.pointerUp(input(ev)).forEach(effect);
  stage.classList.remove("panning");
});
stage.addEventListener("dblclick", (ev) => tool.doubleClick(input(ev)).forEach(effect));
stage.addEventListener("wheel", (ev) => {
  ev.preventDefault();
  const { screen } = input(ev);
  if (ev.ctrlKey || ev.metaKey) {
    // Pinch gestures arrive as ctrl+wheel too.
    camera = zoomAt(camera, screen[0], screen[1], Math.exp(-ev.deltaY * 0.0025));
  } else {
    camera = { ...camera, x: camera.x + ev.deltaX / camera.zoom, y: camera.y + ev.deltaY / camera.zoom };
  }
  if (editing) { const n = boxOf(editing.id); if (n) placeEditor(n); }
  schedule();
}, { passive: false });

for (const b of document.querySelectorAll<HTMLButtonElement>("[data-action]")) {
  b.addEventListener("click", () => void run(b.dataset.action!));
}

// ---- start --------------------------------------------------------------------------

async function start() {
  // Draw nothing until the bundled font is in: the layout's line breaks assume it.
  await Promise.all([document.fonts.load('400 14px "Noto Sans"'), document.fonts.load('700 14px "Noto Sans"')]);
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  theme = (await call<Theme>("theme", { name: dark.matches ? "dark" : "light" }))!;
  dark.addEventListener("change", async (e) => {
    theme = (await call<Theme>("theme", { name: e.matches ? "dark" : "light" })) ?? theme;
    schedule();
  });
  new ResizeObserver(resize).observe(stage);
  resize();
  const v = await call<View>("current");
  if (v) show(v, true);
  await listen<View>("map-opened", (e) => { selected.clear(); show(e.payload, true); say(`Opened ${e.payload.file_name ?? e.payload.title}`); });
  stage.focus();
  document.body.dataset.ready = "true";
}

void start();

// The app's page: it draws the scene Rust computes, turns keys and pointer gestures
// into edits, and shows what Rust answers. Its only copy of the map is the scene
// mirror, filled when a map opens and patched by the delta each edit returns.
// User text reaches the page only through canvas fillText, textContent and .value:
// never through innerHTML.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { type Camera, fit, follow, reveal, toScreen, toWorld, zoomAt } from "./camera";
import { Caret } from "./caret";
import { Inspector, fileShortcut } from "./inspector";
import { type MenuItem, Menu } from "./menu";
import { LibraryPanel } from "./library";
import { ExportDialog, type PngSizes } from "./export";
import { CAPTION, Outline } from "./outline";
import { FONT_FAMILY, paintMap, paintOverlay, panMap, sizeCanvas, TEXT_SCALE, zoomMap, type Overlay, type Viewport } from "./paint";
import { findMatches, SceneMirror, Statuses } from "./scene";
import { Sprites } from "./sprites";
import { SelectTool, type Effect, type Rect } from "./tool";
import type { Assumption, Edit, Failure, FileNews, Kind, Label, NodeBox, NodeId, Relation, Theme, View } from "./types";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const stage = $<HTMLDivElement>("stage");
const mapCanvas = $<HTMLCanvasElement>("map");
const overlayCanvas = $<HTMLCanvasElement>("overlay");
const editor = $<HTMLTextAreaElement>("editor");
const statusBar = $<HTMLElement>("status");
const help = $<HTMLElement>("help");
const findInput = $<HTMLInputElement>("find");
const findCount = $<HTMLElement>("find-count");
const mapCtx = mapCanvas.getContext("2d")!;
const overlayCtx = overlayCanvas.getContext("2d")!;

const mirror = new SceneMirror();
/** Pictures of the boxes last painted, copied while they still fit. */
const sprites = new Sprites();
/** Which claims stand, from Rust's evaluation; shown while `evaluating`. */
const statuses = new Statuses();
let evaluating = true;
let view: View | null = null;
let theme: Theme;
let camera: Camera = { x: 0, y: 0, zoom: 1 };
let vp: Viewport = { w: 1, h: 1, dpr: 1 };
let selected = new Set<NodeId>();
let overlay: Overlay = {};
let editing: { id: NodeId; isNew: boolean; original: string } | null = null;
let find: { matches: NodeId[]; index: number } = { matches: [], index: -1 };
let spaceHeld = false;
let needBase = true;
let needOverlay = true;
let framePending = false;
/** Since the map layer was last painted only the camera moved: it may be shifted. */
let cameraOnly = false;
/** The camera the map layer was last painted for. */
let paintedFor: Camera | null = null;
/** The map layer holds a scaled picture (drawn while zooming), not a sharp one. */
let soft = false;
let sharpen: ReturnType<typeof setTimeout> | undefined;
/** How long the zoom must rest before the scaled picture is painted sharp again. */
const SHARPEN_AFTER_MS = 120;
let outlineStale = true;

const layout = () => mirror.layout;
const boxOf = (id: NodeId): NodeBox | undefined => mirror.box(id);
const hit = (x: number, y: number) => {
  const nodes = layout().nodes;
  // Topmost first: later boxes are drawn over earlier ones.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (x >= n.x && x <= n.x + n.w && y >= n.y && y <= n.y + n.h) return n;
  }
  return undefined;
};

/** The connection handle: a ring on the right edge of the one selected node. */
function handlePoint(): [NodeId, number, number] | undefined {
  const id = only();
  const b = id ? boxOf(id) : undefined;
  return b && id ? [id, b.x + b.w, b.y + b.h / 2] : undefined;
}
const handleAt = (x: number, y: number) => {
  const h = handlePoint();
  return h && Math.hypot(x - h[1], y - h[2]) <= 9 / camera.zoom ? h[0] : undefined;
};
const tool = new SelectTool(hit, handleAt);

function say(message: string, error = false) {
  statusBar.textContent = message;
  statusBar.classList.toggle("error", error);
}

// ---- drawing ------------------------------------------------------------------------

function schedule(base = true) {
  if (base) cameraOnly = false;
  needBase ||= base;
  needOverlay = true;
  if (framePending) return;
  framePending = true;
  requestAnimationFrame(frame);
}

/** `next`, at the same zoom as the camera, put a whole number of device pixels from
 *  it: the next frame can shift the map layer and paint only what comes into view,
 *  instead of painting the whole view again. */
function byWholePixels(next: Camera): Camera {
  if (next.zoom !== camera.zoom) return next;
  const s = next.zoom * vp.dpr;
  return { ...next, x: camera.x + Math.round((next.x - camera.x) * s) / s, y: camera.y + Math.round((next.y - camera.y) * s) / s };
}

/** Moves the view. Only the camera changes, so unless something else is waiting to be
 *  drawn the next frame shifts the map layer instead of painting it all again. */
function look(next: Camera) {
  camera = next;
  if (!needBase) cameraOnly = true;
  needBase = true;
  schedule(false);
}

function frame() {
  framePending = false;
  if (!view) return;
  const t0 = performance.now();
  if (needBase) {
    const status = evaluating ? statuses : undefined;
    const from = cameraOnly ? paintedFor : null;
    if (from && panMap(mapCtx, layout(), theme, from, camera, vp, status, sprites)) {
      document.body.dataset.shiftedFrames = String(Number(document.body.dataset.shiftedFrames ?? 0) + 1);
    } else if (from && zoomMap(mapCtx, layout(), theme, from, camera, vp, status)) {
      // Sharp again once the zoom has stopped for a moment.
      soft = true;
      clearTimeout(sharpen);
      sharpen = setTimeout(() => { if (soft) schedule(); }, SHARPEN_AFTER_MS);
      document.body.dataset.scaledFrames = String(Number(document.body.dataset.scaledFrames ?? 0) + 1);
    } else {
      paintMap(mapCtx, layout(), theme, camera, vp, status, undefined, sprites);
      soft = false;
    }
    document.body.dataset.soft = String(soft);
    paintedFor = camera;
    cameraOnly = false;
    prepareSprites();
  }
  if (needOverlay || needBase) {
    paintOverlay(overlayCtx, layout(), theme, camera, vp, selected, new Set(find.matches), { ...overlay, handle: handlePoint() });
  }
  needBase = needOverlay = false;
  frameTimes.push(performance.now() - t0);
  if (frameTimes.length > 600) frameTimes.shift();
  document.body.dataset.frames = String(Number(document.body.dataset.frames ?? 0) + 1);
  // For the benchmarks: how many nodes the last frame showed, and when it ended.
  document.body.dataset.painted = document.body.dataset.nodes ?? "";
  document.body.dataset.paintedAt = String(performance.now());
  document.body.dataset.zoom = String(camera.zoom);
  // For the end-to-end tests: where the one selected box is, in the map and on screen,
  // and the camera that painted it.
  const one = selected.size === 1 ? boxOf([...selected][0]) : undefined;
  document.body.dataset.selectedAt = one ? `${one.x},${one.y} ${toScreen(camera, one.x, one.y).join(",")}` : "";
  document.body.dataset.selectedLines = one ? String(one.runs.filter((r) => r.tone === "body").length) : "";
  document.body.dataset.camera = `${camera.x},${camera.y},${camera.zoom}`;
  if (document.body.dataset.frames === "1") {
    document.body.dataset.fontsAtFirstPaint = fontsLoaded();
    void invoke("first_paint");
  }
}

let preparing = false;
/** Makes the sprites of the boxes the last frame painted without one, a couple of
 *  milliseconds at a time, between frames and input. */
function prepareSprites() {
  if (preparing || !sprites.pending) return;
  preparing = true;
  const step = () => {
    preparing = sprites.prepare(2);
    if (preparing) setTimeout(step, 0);
  };
  setTimeout(step, 0);
}

/** Paint times of recent frames, read by the frame-time benchmark. */
const frameTimes: number[] = [];
(window as unknown as { argmapFrameTimes: number[] }).argmapFrameTimes = frameTimes;
// For the end-to-end tests, which compare boxes copied from sprites with boxes painted
// directly.
(window as unknown as { argmapSprites: Sprites }).argmapSprites = sprites;

function resize() {
  const r = stage.getBoundingClientRect();
  vp = { w: Math.max(1, r.width), h: Math.max(1, r.height), dpr: window.devicePixelRatio || 1 };
  let cleared = false;
  for (const c of [mapCanvas, overlayCanvas]) cleared = sizeCanvas(c, vp) || cleared;
  if (cleared && view) {
    // A canvas given a new size is blank. Resize observers report after the page's
    // layout and before the frame is shown: painted now, the new size never shows
    // blank (waiting for the next frame showed one blank frame).
    needBase = needOverlay = true;
    cameraOnly = false;
    frame();
  } else {
    schedule();
  }
}

/** The first view of a map: all of it if that is readable, else its top, readable. */
function overview(): Camera {
  const b = layout().bounds;
  const whole = fit(b, vp.w, vp.h);
  if (whole.zoom >= 0.6) return whole;
  const zoom = 0.75;
  const first = (mirror.children.get(null) ?? []).map(boxOf).find(Boolean);
  const cx = first ? first.x + first.w / 2 : b.x + b.w / 2;
  return { zoom, x: cx - vp.w / (2 * zoom), y: b.y };
}

/** Where the time of recent edits went, read by the edit benchmark: milliseconds in
 *  IPC (command sent to reply parsed), of them in Rust, before Rust started (`to`) and
 *  after it finished (`back`, the reply's way to the page, parsed), then in the mirror,
 *  the statuses, the outline and the rest of show(). */
const editTimings: { ipc: number; to: number; rust: number; back: number; mirror: number; statuses: number; outline: number; rest: number; steps: number[] }[] = [];
(window as unknown as { argmapEditTimings: typeof editTimings }).argmapEditTimings = editTimings;
let ipcMs = 0;
let receivedAt = 0;
const now = () => performance.timeOrigin + performance.now();

/** Where the nodes the user is working on are before a view lands: the selection (after
 *  a delete, the claim the deleted statements answered), then what the view selects. */
function anchors(next: View): { id: NodeId; at: [number, number] }[] {
  const out: { id: NodeId; at: [number, number] }[] = [];
  for (const id of [...selected, ...(next.select ?? [])]) {
    const b = boxOf(id);
    if (b) out.push({ id, at: [b.x, b.y] });
  }
  return out;
}

/** Shows a view from Rust. Unless `keepInPlace` is off (a node dragged or sent back to
 *  the automatic layout, whose move the user is to see), the node being worked on stays
 *  where it was on screen: when an edit makes the layout move it (a thesis centred over
 *  a new objection, a box whose side changed), the view moves with it. */
function show(next: View, reset = false, keepInPlace = true) {
  view = next;
  const t0 = performance.now();
  const before = keepInPlace && !reset && !next.scene.reset ? anchors(next) : [];
  mirror.apply(next.scene);
  const tm = performance.now();
  if (next.scene.reset) {
    statuses.clear();
    sprites.clear();
  }
  for (const id of next.scene.removed_nodes) statuses.delete(id);
  for (const id of next.statuses_gone ?? []) statuses.delete(id);
  for (const row of next.statuses ?? []) statuses.set(row.id, row);
  const counts = statuses.counts;
  document.body.dataset.statusCounts = `in:${counts.in},out:${counts.out},undecided:${counts.undecided}`;
  const t1 = performance.now();
  for (const id of [...selected]) if (!mirror.node(id)) selected.delete(id);
  if (next.select?.length) selected = new Set(next.select);
  if (reset || next.scene.reset) camera = overview();
  else {
    const kept = before.map((a) => ({ a, b: boxOf(a.id) })).find((k) => k.b);
    if (kept?.b) camera = follow(camera, kept.a.at, [kept.b.x, kept.b.y]);
  }
  $<HTMLButtonElement>("undo-button").disabled = !next.can_undo;
  $<HTMLButtonElement>("redo-button").disabled = !next.can_redo;
  document.body.dataset.dirty = String(next.dirty);
  document.body.dataset.nodes = String(mirror.nodes.size);
  document.body.dataset.orientation = layout().orientation;
  document.body.dataset.file = next.file_name ?? "";
  if (document.title !== next.window_title) document.title = next.window_title;
  inspector.showMap(next);
  if (findInput.value) refreshFind(false);
  for (const row of next.statuses ?? []) outlineStatuses.add(row.id);
  for (const id of next.statuses_gone ?? []) outlineStatuses.add(id);
  panelsAfterFrame();
  const t2 = performance.now();
  selectionChanged();
  schedule();
  if (next.notice) say(next.notice, true);
  else if (next.info) say(next.info);
  const back = receivedAt - next.finished_at_ms;
  editTimings.push({
    ipc: ipcMs, to: ipcMs - next.spent_ms - back, rust: next.spent_ms, back,
    mirror: tm - t0, statuses: t1 - tm, outline: t2 - t1, rest: performance.now() - t2,
    steps: next.steps_ms ?? [],
  });
  if (editTimings.length > 100) editTimings.shift();
}

// ---- talking to Rust -----------------------------------------------------------------

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T | null> {
  try {
    const t = performance.now();
    const reply = await invoke<T>(command, args);
    receivedAt = now();
    ipcMs = performance.now() - t;
    return reply;
  } catch (e) {
    const f = e as Failure;
    say(f?.message ?? String(e), true);
    return null;
  }
}

/** Edits sent and not yet answered. A save or an export waits for them, so that what
 *  was typed into a field right before Ctrl+S is in the file. */
let inflight: Promise<unknown> = Promise.resolve();

async function apply(edits: Edit[], amend = false): Promise<View | null> {
  const reply = call<View>("edit", { edits, amend });
  // Resolves to nothing: holding the replies would keep every edit's delta alive.
  inflight = Promise.all([inflight, reply]).then(() => undefined);
  const v = await reply;
  if (v) show(v, false, !edits.some((e) => e.op === "move"));
  return v;
}

// ---- selection, outline, inspector ----------------------------------------------------

function only(): NodeId | undefined {
  return selected.size === 1 ? [...selected][0] : undefined;
}

function roleOf(id: NodeId): string {
  const b = boxOf(id);
  if (b) return b.role;
  const n = mirror.node(id);
  if (n?.kind === "objection" && n.parent && mirror.node(n.parent)?.kind === "objection") return "rebuttal";
  return n?.kind ?? "note";
}

const outline = new Outline($<HTMLUListElement>("outline"), {
  select: (id, additive) => select(id, additive, true),
  expand: (id) => void apply([{ op: "set_collapsed", id, collapsed: false }]),
  commitText: (id, text) => void apply([{ op: "update_node", id, text }]),
  roleOf,
  statusOf: (id) => (evaluating ? statuses.get(id) : undefined),
});

const inspector = new Inspector($<HTMLElement>("inspector"), {
  update: (id, fields) => void apply([{ op: "update_node", id, ...fields }]).then(() => keepInView(id)),
  changeKind: (id, kind) => void changeKind(id, kind),
  unpin: (id) => void apply([{ op: "move", id, position: null }]),
  setCollapsed: (id, collapsed) => void apply([{ op: "set_collapsed", id, collapsed }]),
  assume: (id, assume) => void apply([{ op: "assume", id, assume }]),
  openLink: (id) => void call("open_link", { id }),
  editMap: (fields) => void apply([{ op: "edit_meta", ...fields }]),
});

function select(id: NodeId | null, additive = false, reveal = true) {
  if (!id) selected = new Set();
  else if (additive) selected.has(id) ? selected.delete(id) : selected.add(id);
  else selected = new Set([id]);
  if (id && reveal) {
    const b = boxOf(id);
    if (b) revealNode(b);
    else void unfoldTo(id);
  }
  selectionChanged();
  schedule(false);
}

/** Shows a statement hidden under collapsed ones (a match of Find, a search hit) by
 *  expanding them, in one step Ctrl+Z takes back, and brings it into view. */
async function unfoldTo(id: NodeId) {
  const edits: Edit[] = [];
  for (let p = mirror.node(id)?.parent ?? null; p != null; p = mirror.node(p)?.parent ?? null) {
    if (mirror.node(p)?.collapsed) edits.push({ op: "set_collapsed", id: p, collapsed: false });
  }
  if (!edits.length || !(await apply(edits))) return;
  const b = boxOf(id);
  if (b && only() === id) revealNode(b);
}

/** Statuses the outline has yet to show. */
const outlineStatuses = new Set<NodeId>();
/** The panels waiting for the next frame, by the page's data attribute that says so. */
const queued = new Set<"panelsPending" | "inspectorPending">();

/** Runs `run` once after the next frame is painted, however often asked before then;
 *  the body's data attribute `name` says it is waiting (the end-to-end tests wait for
 *  it to go). */
function afterFrame(name: "panelsPending" | "inspectorPending", run: () => void) {
  if (queued.has(name)) return;
  queued.add(name);
  document.body.dataset[name] = "true";
  requestAnimationFrame(() => setTimeout(() => {
    queued.delete(name);
    document.body.dataset[name] = "false";
    run();
  }));
}

/** Brings the outline and the summary up to date after the next frame is painted: the
 *  outline's rebuild walks every row (about 10 ms at 10,000 nodes in WebKitGTK), the
 *  summary's lists are a few hundred buttons (about 4 ms), and the canvas, where the
 *  key was pressed, should not wait for them. They follow a frame later. A hidden
 *  outline is only marked stale. */
function panelsAfterFrame() {
  outlineStale = true;
  afterFrame("panelsPending", () => {
    renderOutline();
    renderSummary(statuses.counts);
  });
}

function renderOutline() {
  if (!outlineStale || $<HTMLElement>("outline-panel").hidden) return;
  outlineStale = false;
  outline.render(mirror, selected);
  for (const id of outlineStatuses) outline.refreshStatus(id);
  outlineStatuses.clear();
}

/** "1 statement", "2 statements": a count with the word that goes with it. */
function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function selectionChanged() {
  document.body.dataset.selected = String(selected.size);
  // A queued render shows the selection as it is then.
  if (!queued.has("panelsPending")) {
    if (outlineStale) renderOutline();
    else outline.setSelected(selected);
  }
  inspectorAfterFrame();
  const id = only();
  const n = id ? mirror.node(id) : undefined;
  if (n) say(`${CAPTION[roleOf(n.id)] ?? n.kind}${n.parent ? ` · ${relationWord(n.relation)} “${clip(mirror.node(n.parent)?.text ?? "")}”` : ""}`);
}

/** Shows the selection in the inspector, with Rust's word on why it stands or falls,
 *  after the next frame is painted, as the outline is (panelsAfterFrame): an edit
 *  changes the selection or the selected node and the canvas should not wait for the
 *  panel; several changes in one frame (an add reshows the old selection, then selects
 *  the new node) make one update and ask Rust once. */
function inspectorAfterFrame() {
  afterFrame("inspectorPending", () => {
    const id = only();
    inspector.show(id ? mirror.node(id) ?? null : null);
    void showExplanation(id);
  });
}

const LABEL_WORD = { in: "Stands", out: "Defeated", undecided: "Undecided" };

/** The inspector's line on why the selected claim stands or falls (asked of Rust). */
async function showExplanation(id: NodeId | undefined) {
  const el = $<HTMLElement>("explanation");
  const st = id ? statuses.get(id) : undefined;
  el.hidden = !st || !evaluating;
  if (!st || !id || !evaluating) return;
  const why = await call<string | null>("explain", { id });
  if (only() !== id) return; // the selection moved on meanwhile
  // Rust's explanation starts with the status ("stands: ...", "defeated by ...").
  el.textContent = why ? why[0].toUpperCase() + why.slice(1) : LABEL_WORD[st.label];
}

/** The summary panel: how many claims stand, fall and are undecided, and the lists a
 *  user works through next: objections no one has answered, theses nothing supports. */
const SUMMARY_LIMIT = 200;
let summaryKey = "";
function renderSummary(counts: Record<Label, number>) {
  const panel = $<HTMLElement>("summary");
  panel.hidden = !evaluating || statuses.size === 0;
  if (panel.hidden) return;
  const unanswered: NodeId[] = [], unsupported: NodeId[] = [];
  let open = 0, lost = 0;
  for (const st of statuses.values()) {
    if (st.unanswered) unanswered.push(st.id);
    if (st.unsupported) unsupported.push(st.id);
    if (st.label === "undecided") st.preferred === "credulous" || st.preferred === "sceptical" ? open++ : st.preferred === null && lost++;
  }
  $<HTMLElement>("summary-counts").textContent =
    `${plural(counts.in, "stands", "stand")} · ${counts.out} defeated · ${counts.undecided} undecided`;
  const preferred = [
    open ? `${plural(open, "undecided statement could stand", "undecided statements could stand")} on some resolution of the conflicts (preferred semantics).` : "",
    lost ? `${plural(lost, "statement is", "statements are")} in conflicts too tangled to resolve exactly.` : "",
  ].join(" ").trim();
  $<HTMLElement>("summary-preferred").textContent = preferred;
  const text = (id: NodeId) => {
    const n = mirror.node(id);
    return clip((n?.label?.trim() || n?.text.trim() || "(empty)").replace(/\s+/g, " "), 90);
  };
  // Only what the lists show decides whether they are rebuilt: the counts and the
  // first SUMMARY_LIMIT items of each, with their texts.
  const shown = [...unanswered.slice(0, SUMMARY_LIMIT), "|", ...unsupported.slice(0, SUMMARY_LIMIT)];
  const key = `${unanswered.length}/${unsupported.length}:${shown.map((id) => (id === "|" ? id : id + text(id))).join("\u0000")}`;
  if (key === summaryKey) return;
  summaryKey = key;
  for (const [id, list] of [["summary-unanswered", unanswered], ["summary-unsupported", unsupported]] as const) {
    const box = $<HTMLElement>(id);
    box.querySelector(".count")!.textContent = `(${list.length})`;
    const items = list.slice(0, SUMMARY_LIMIT).map((node) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = text(node);
      b.dataset.id = node;
      b.addEventListener("click", () => select(node));
      li.append(b);
      return li;
    });
    if (list.length > SUMMARY_LIMIT) {
      const li = document.createElement("li");
      li.textContent = `and ${list.length - SUMMARY_LIMIT} more`;
      items.push(li);
    }
    box.querySelector("ul")!.replaceChildren(...items);
  }
}

const relationWord = (r: Relation | null) => (r === "objects" ? "against" : r === "annotates" ? "about" : "for");
const clip = (s: string, n = 48) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// ---- adding and editing -------------------------------------------------------------

async function addNode(kind: Kind, target?: NodeId, after?: NodeId) {
  if (kind !== "thesis" && !target) {
    say("Select the node to attach it to first (or press T for a new thesis).", true);
    return;
  }
  if (target && kind !== "question" && kind !== "note") {
    const t = mirror.node(target)?.kind;
    if (t === "question" || t === "note") kind = "note";
  }
  const id = crypto.randomUUID();
  const edit: Edit = { op: "add_node", node: { id, kind, text: "" }, ...(target ? { target } : {}), ...(after ? { after } : {}) };
  const v = await apply([edit]);
  if (!v) return;
  select(id);
  startEditing(id, true);
}

/** The widest line of a box's text (argmap-render's layout::TEXT_MAX), the editor's
 *  border and padding on each side, and its border, at 100%. */
const TEXT_MAX = 236, EDITOR_INSET = 4, EDITOR_BORDER = 2;

function placeEditor(n: NodeBox) {
  const [sx, sy] = [(n.x - camera.x) * camera.zoom, (n.y - camera.y) * camera.zoom];
  const body = n.runs.find((r) => r.tone === "body");
  const top = body ? body.y - body.size - 3 : 20;
  // The editor's text starts where the box's does: at its left, or for a statement
  // that reads right to left, at its right.
  const left = body?.rtl ? body.x + body.w + EDITOR_INSET - (TEXT_MAX + 2 * EDITOR_INSET) : (body?.x ?? 12) - EDITOR_INSET;
  editor.style.left = `${sx + left * camera.zoom}px`;
  editor.style.top = `${sy + top * camera.zoom}px`;
  // The editor wraps the text where the box will once it is in: it is as wide as a
  // box's text can be, whatever the box's width now, and its text is set TEXT_SCALE
  // times larger and scaled back down, as the canvas sets a box's (paint.ts; at 14 px,
  // WebKit's lines came out longer than the layout's, and the editor wrapped 7 of the
  // sample's 62 statements onto a line more).
  const k = TEXT_SCALE * camera.zoom;
  editor.style.width = `${(TEXT_MAX + 2 * EDITOR_INSET) * k}px`;
  editorMinHeight = Math.max(28, n.h - top - 6) * k;
  editor.style.fontSize = `${14 * k}px`;
  // In the system font the box's text is set in, if it is (paint.ts's font()).
  editor.style.fontFamily = body?.font ? `${JSON.stringify(body.font)}, ${FONT_FAMILY}` : "";
  editor.style.lineHeight = `${20 * k}px`;
  editor.style.borderWidth = `${EDITOR_BORDER * k}px`;
  editor.style.padding = `0 ${(EDITOR_INSET - EDITOR_BORDER) * k}px`;
  editor.style.borderRadius = `${6 * k}px`;
  editor.style.transform = `scale(${1 / TEXT_SCALE})`;
  fitEditor();
  caret.update();
}
const caret = new Caret(editor, TEXT_SCALE);

/** The editor's height for the box it edits, at the zoom it was placed at. */
let editorMinHeight = 0;

/** The editor grows with what is typed, as the box will once it is in: no line of it
 *  scrolls out of sight. */
function fitEditor() {
  editor.style.height = "auto";
  // The border is inside the height (border-box) and outside scrollHeight.
  const border = editor.offsetHeight - editor.clientHeight;
  editor.style.height = `${Math.max(editorMinHeight, editor.scrollHeight + border)}px`;
}
editor.addEventListener("input", () => {
  fitEditor();
  // Lines added at the bottom of the view scroll it up: what is typed stays in sight.
  const over = editor.offsetTop + editor.offsetHeight / TEXT_SCALE - (vp.h - 8);
  const b = editing && boxOf(editing.id);
  if (over > 0 && b) {
    look(byWholePixels({ ...camera, y: camera.y + over / camera.zoom }));
    placeEditor(b);
  }
});

function startEditing(id: NodeId, isNew = false) {
  const b = boxOf(id);
  const n = mirror.node(id);
  if (!b || !n) return;
  if (camera.zoom < 0.6) {
    camera = zoomAt(camera, vp.w / 2, vp.h / 2, 0.9 / camera.zoom);
  }
  revealNode(b);
  editing = { id, isNew, original: n.text };
  editor.value = n.text;
  editor.hidden = false;
  placeEditor(b);
  editor.focus();
  editor.select();
  schedule();
}

async function finishEditing(commit: boolean): Promise<NodeId | null> {
  if (!editing) return null;
  const { id, isNew, original } = editing;
  editing = null;
  editor.hidden = true;
  stage.focus();
  const text = editor.value.trim();
  if (isNew && (!commit || !text)) {
    // Cancelling (or leaving empty) a node just added takes it back out.
    const v = await call<View>("undo");
    if (v) show(v);
    return null;
  }
  // The text of a node just added joins its undo step: one Ctrl+Z takes back both.
  if (commit && text !== original) await apply([{ op: "update_node", id, text }], isNew);
  keepInView(id);
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
      const n = mirror.node(id);
      await addNode(n?.parent ? n.kind : "thesis", n?.parent ?? undefined, n?.parent ? id : undefined);
    }
  } else if (ev.key === "Tab") {
    ev.preventDefault();
    const id = await finishEditing(true);
    if (id) await addNode(mirror.node(id)?.kind === "question" || mirror.node(id)?.kind === "note" ? "note" : "support", id);
  }
});
editor.addEventListener("blur", () => void finishEditing(true));

async function changeKind(id: NodeId, kind: Kind) {
  if (mirror.node(id)?.kind === kind) return;
  await apply([{ op: "change_kind", id, kind }]);
}

async function connect(from: NodeId, to: NodeId, relation: Relation) {
  const v = await apply([{ op: "connect", from, to, relation }]);
  if (v) say(`Connected: “${clip(mirror.node(from)?.text ?? "")}” ${relation === "objects" ? "objects to" : relation} “${clip(mirror.node(to)?.text ?? "")}”.`);
}

function relationsFor(from: NodeId, to: NodeId): MenuItem[] {
  const a = mirror.node(from)?.kind, b = mirror.node(to)?.kind;
  const claim = (k?: Kind) => k !== "question" && k !== "note";
  const items: MenuItem[] = [];
  if (claim(a) && claim(b)) {
    items.push({ label: "Supports", run: () => connect(from, to, "supports") });
    items.push({ label: "Objects to", run: () => connect(from, to, "objects") });
    if (a === "thesis" && b === "thesis") items.push({ label: "Contradicts", run: () => connect(from, to, "contradicts") });
  } else if (!claim(a)) {
    items.push({ label: "Is about", run: () => connect(from, to, "annotates") });
  }
  return items;
}

function kindItems(id: NodeId): MenuItem[] {
  const kinds: Kind[] = ["thesis", "support", "objection", "evidence", "question", "note"];
  return kinds.map((k) => ({ label: CAPTION[k], checked: mirror.node(id)?.kind === k, run: () => changeKind(id, k) }));
}

// ---- menus --------------------------------------------------------------------------

const exportDialog = new ExportDialog($<HTMLElement>("export-dialog"), {
  sizes: (padding, scales, only) => call<PngSizes>("png_sizes", { padding, scales, only: only ? [...selected] : null }),
  export: ({ only, ...choices }) => void (async () => {
    const options = { ...choices, only: only ? [...selected] : [] };
    const name = await call<string | null>("export_image", { options });
    if (name) say(`Exported ${name}`);
  })(),
  copy: (c) => void copyPicture(c.only, { theme: c.theme, badges: c.badges, scale: c.scale, transparent: c.transparent, padding: c.padding }),
  closed: () => stage.focus(),
});

const library = new LibraryPanel($<HTMLElement>("library"), {
  call,
  opened: (v, message) => { selected.clear(); show(v, !v.select?.length); if (v.select?.length) select(v.select[0]); if (!v.notice) say(message); stage.focus(); },
  closed: () => stage.focus(),
});

const menu = new Menu($<HTMLElement>("menu"), () => stage.focus());

function nodeMenu(id: NodeId): MenuItem[] {
  const n = mirror.node(id);
  const claim = n && n.kind !== "question" && n.kind !== "note";
  const items: MenuItem[] = [];
  if (claim) {
    items.push({ label: "Add support", key: "S", run: () => addNode("support", id) });
    items.push({ label: n.kind === "objection" ? "Add rebuttal" : "Add objection", key: "O", run: () => addNode("objection", id) });
    items.push({ label: "Add evidence", key: "E", run: () => addNode("evidence", id) });
  }
  items.push({ label: "Add question", key: "Q", run: () => addNode("question", id) });
  items.push({ label: "Add note", key: "N", run: () => addNode("note", id) });
  items.push({ separator: true });
  items.push({ label: "Edit text", key: "Enter", run: () => startEditing(id) });
  items.push({ label: "Change kind", key: "K", submenu: kindItems(id) });
  if (claim) {
    const set = (assume: Assumption | null) => () => void apply([{ op: "assume", id, assume }]);
    items.push({
      label: "Status", key: "A", submenu: [
        { label: "As the map decides", checked: !n.assume, run: set(null) },
        { label: "Accepted, by my assumption", checked: n.assume === "accepted", run: set("accepted") },
        { label: "Rejected, by my assumption", checked: n.assume === "rejected", run: set("rejected") },
      ],
    });
  }
  if (mirror.children.get(id)?.length || n?.collapsed) items.push({ label: n?.collapsed ? "Expand" : "Collapse", key: "C", run: () => run("collapse") });
  if (n?.position) items.push({ label: "Return to automatic layout", run: () => apply([{ op: "move", id, position: null }]) });
  if (selected.size > 1) items.push({ label: "Group as co-premises", key: "G", run: () => run("group") });
  if (edgeOf(id)?.group) items.push({ label: "Ungroup co-premises", key: "U", run: () => run("ungroup") });
  // A picture of the selection: the statements, what hangs from them, the claims above.
  items.push({ label: "Export a picture of this…", run: () => exportDialog.open("png", { theme: theme.name, badges: evaluating, selected: selected.size, only: true }) });
  items.push({ label: "Copy a picture of this", key: "Ctrl+Shift+C", run: () => run("copy-picture") });
  items.push({ label: "Export this for other tools", submenu: TEXT_FORMATS.map(([format, label]) => ({ label, run: () => exportText(format, [...selected]) })) });
  items.push({ separator: true });
  items.push({ label: "Copy", key: "Ctrl+C", run: () => run("copy") });
  items.push({ label: "Cut", key: "Ctrl+X", run: () => run("cut") });
  items.push({ label: "Paste under it", key: "Ctrl+V", run: () => run("paste") });
  items.push({ label: "Delete", key: "Delete", run: () => run("delete") });
  return items;
}

function canvasMenu(): MenuItem[] {
  return [
    { label: "New thesis", key: "T", run: () => addNode("thesis") },
    { label: "Paste", key: "Ctrl+V", run: () => run("paste") },
    { separator: true },
    { label: "Zoom to fit", key: "0", run: () => run("fit") },
    { label: "Lay out left to right", key: "L", checked: leftToRight(), run: () => run("direction") },
  ];
}

/** Whether the map is laid out with its theses on the left (the user's choice, kept by
 *  Rust for every map and for the exports). */
const leftToRight = () => layout().orientation === "left-right";

function menuAtSelection(items: MenuItem[]) {
  const id = only();
  const b = id ? boxOf(id) : undefined;
  const r = stage.getBoundingClientRect();
  const [x, y] = b ? [(b.x + b.w / 2 - camera.x) * camera.zoom, (b.y + b.h - camera.y) * camera.zoom] : [vp.w / 2, vp.h / 2];
  menu.open(items, r.left + Math.max(0, x), r.top + Math.max(0, Math.min(vp.h - 10, y)));
}

const edgeOf = (id: NodeId) => layout().edges.find((e) => e.from === id && e.primary);

// ---- keyboard -----------------------------------------------------------------------

function moveSelection(dx: number, dy: number) {
  const current = only() ? boxOf(only()!) : undefined;
  if (!current) {
    const first = (mirror.children.get(null) ?? [])[0] ?? layout().nodes[0]?.id;
    if (first) select(first);
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
  if (best) select(best.id);
}

function revealNode(n: NodeBox) {
  const next = reveal(camera, n, vp.w, vp.h, 40);
  if (next) look(byWholePixels(next));
}

/** After an edit of a selected box's text or source: it may have grown past the edge of
 *  the view. */
function keepInView(id: NodeId) {
  const b = boxOf(id);
  if (b && selected.has(id)) revealNode(b);
}

function zoomToSelection() {
  const boxes = [...selected].map(boxOf).filter((b): b is NodeBox => !!b);
  if (!boxes.length) return;
  const x0 = Math.min(...boxes.map((b) => b.x)), y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w)), y1 = Math.max(...boxes.map((b) => b.y + b.h));
  camera = fit({ x: x0 - 40, y: y0 - 40, w: x1 - x0 + 80, h: y1 - y0 + 80 }, vp.w, vp.h, 1.5);
  schedule();
}

/** Another program (a sync client, a second window, an editor) may have changed the
 *  map's file while the window was away. A map with no unsaved work is read again, the
 *  view kept where it was; with unsaved work, the user is told that saving will ask. */
async function checkFile() {
  // Not under text being typed (a statement's editor, a field of the inspector): reading
  // the map again would take what is not yet committed. Saving asks anyway.
  if (editing || document.activeElement?.closest("input, textarea")) return;
  await inflight;
  const news = await call<FileNews | null>("check_file");
  if (!news) return;
  if (news.view) {
    const kept = camera;
    show(news.view);
    camera = kept;
    schedule();
  } else say(news.message, true);
}
window.addEventListener("focus", () => void checkFile());

/** Puts a picture of the selection's part (`part`) or of the map on the clipboard, drawn
 *  as an export draws it; the scale, background and margin are Rust's choice unless
 *  given (the export dialog gives them). */
async function copyPicture(part: boolean, options: { theme: string; badges: boolean; scale?: number; transparent?: boolean; padding?: number }) {
  const what = part ? "the selection" : "the map";
  say(`Drawing a picture of ${what}…`);
  const copied = await call<{ width: number; height: number }>("copy_picture", { ...options, only: part ? [...selected] : null });
  if (copied) say(`Copied a picture of ${what} (${copied.width.toLocaleString("en")} × ${copied.height.toLocaleString("en")} pixels): paste it into a slide or a document.`);
}

/** The forms of the map for other tools, as export_text names them. */
const TEXT_FORMATS = [["argdown", "Argdown"], ["aif", "AIF JSON (AIFdb, OVA)"], ["kialo", "Kialo discussion"], ["graphml", "GraphML (yEd)"], ["outline", "Markdown outline"], ["dot", "Graphviz DOT"]] as const;

/** Writes the map, or the part `only` picks out (the statements, what hangs from them
 *  and the claims above them), in another tool's form. */
async function exportText(format: string, only?: NodeId[]) {
  await inflight;
  const name = await call<string | null>("export_text", { format, only: only ?? null });
  if (name) say(`Exported ${name}`);
}

/** What saves, exports, replaces or lays out again the whole map, or quits: it waits for
 *  the edits still in flight (a reply to one must not land on the scene that follows). */
const FILE_ACTIONS = new Set(["new", "open", "save", "save-as", "export", "export-svg", "export-pdf", "quit", "direction"]);

async function run(action: string) {
  // The library is the start screen: doing anything else leaves it for the map.
  if (library.isOpen && action !== "library" && action !== "library-search") library.close();
  if (FILE_ACTIONS.has(action)) await inflight;
  const sel = only();
  switch (action) {
    case "library": if (library.isOpen) library.close(); else await library.open(); break;
    case "library-search": await library.open(true); break;
    case "new": { const v = await call<View | null>("new_map"); if (v) { selected.clear(); show(v, true); say("New map. Press T to write its first thesis."); } break; }
    case "open": { const v = await call<View | null>("open_map"); if (v) { selected.clear(); show(v, true); if (!v.info && !v.notice) say(`Opened ${v.file_name ?? v.title}`); } break; }
    // As the window's close button: unsaved changes are asked about first.
    case "quit": await call("close_window"); break;
    case "save": { const v = await call<View | null>("save_map"); if (v) { show(v); say(`Saved ${v.file_name}`); } break; }
    case "save-as": { const v = await call<View | null>("save_map_as"); if (v) { show(v); say(`Saved ${v.file_name}`); } break; }
    case "export": case "export-svg": case "export-pdf": {
      const format = action === "export" ? "png" : action === "export-svg" ? "svg" : "pdf";
      exportDialog.open(format, { theme: theme.name, badges: evaluating, selected: selected.size });
      break;
    }
    case "export-menu": {
      const button = document.querySelector<HTMLElement>('[data-action="export-menu"]')!;
      if (menu.openedBy(button)) { menu.close(); break; }
      const b = button.getBoundingClientRect();
      menu.open([
        { label: "PNG picture", key: "Ctrl+E", run: () => run("export") },
        { label: "SVG drawing", key: "Ctrl+Shift+E", run: () => run("export-svg") },
        { label: "PDF document", key: "Ctrl+P", run: () => run("export-pdf") },
        { label: selected.size ? "Copy a picture of the selection" : "Copy a picture of the map", key: "Ctrl+Shift+C", run: () => run("copy-picture") },
        { separator: true },
        ...TEXT_FORMATS.map(([format, label]) => ({ label, run: () => exportText(format) })),
      ], b.left, b.bottom + 2, "Export", button);
      break;
    }
    case "undo": { const v = await call<View>("undo"); if (v) show(v); break; }
    case "redo": { const v = await call<View>("redo"); if (v) show(v); break; }
    case "fit": camera = fit(layout().bounds, vp.w, vp.h); schedule(); break;
    case "zoom-selection": zoomToSelection(); break;
    case "direction": {
      const v = await call<View>("set_orientation", { orientation: leftToRight() ? "top-down" : "left-right" });
      if (v) { show(v, true); say(leftToRight() ? "Laid out left to right, theses on the left." : "Laid out top down, theses on top."); }
      break;
    }
    case "help": help.hidden = !help.hidden; break;
    case "evaluate":
      evaluating = !evaluating;
      document.querySelector('[data-action="evaluate"]')?.setAttribute("aria-pressed", String(evaluating));
      summaryKey = "";
      renderSummary(statuses.counts);
      for (const id of statuses.keys()) outline.refreshStatus(id);
      say(evaluating ? "Showing which statements stand (✓), fall (✗) or are undecided (?)." : "Evaluation hidden.");
      selectionChanged();
      schedule();
      break;
    case "find": findInput.focus(); findInput.select(); break;
    case "outline": case "inspector": {
      const panel = $<HTMLElement>(action === "outline" ? "outline-panel" : "inspector");
      panel.hidden = !panel.hidden;
      document.querySelector(`[data-action="${action}"]`)?.setAttribute("aria-pressed", String(!panel.hidden));
      if (!panel.hidden && action === "outline") { outlineStale = true; selectionChanged(); }
      break;
    }
    case "thesis": await addNode("thesis"); break;
    case "support": case "objection": case "evidence": case "question": case "note":
      await addNode(action as Kind, sel);
      break;
    case "edit": if (sel) startEditing(sel); break;
    case "kind": if (sel) menuAtSelection(kindItems(sel)); break;
    case "menu": menuAtSelection(sel ? nodeMenu(sel) : canvasMenu()); break;
    case "assume": {
      const n = sel ? mirror.node(sel) : undefined;
      if (!n || n.kind === "question" || n.kind === "note") {
        say("Select a statement to accept or reject it.", true);
        break;
      }
      const next = !n.assume ? "accepted" : n.assume === "accepted" ? "rejected" : null;
      if (await apply([{ op: "assume", id: n.id, assume: next }])) {
        say(next ? `${next === "accepted" ? "Accepted" : "Rejected"} by your assumption; the evaluation works out the rest. A again: ${next === "accepted" ? "reject" : "let the map decide"}.` : "Left to the map to decide again.");
      }
      break;
    }
    case "collapse": {
      const n = sel ? mirror.node(sel) : undefined;
      if (n) await apply([{ op: "set_collapsed", id: n.id, collapsed: !n.collapsed }]);
      break;
    }
    case "group": {
      const ids = [...selected];
      const target = mirror.node(ids[0])?.parent;
      if (ids.length < 2 || !target || ids.some((id) => mirror.node(id)?.parent !== target)) {
        say("Select two or more reasons for the same statement to group them.", true);
        break;
      }
      await apply([{ op: "group_premises", target, premises: ids }]);
      break;
    }
    case "ungroup": {
      const group = sel ? edgeOf(sel)?.group : undefined;
      if (group) await apply([{ op: "ungroup", group }]);
      break;
    }
    // The selection's part if something is selected (as Ctrl+C copies it), else the map.
    case "copy-picture": await copyPicture(selected.size > 0, { theme: theme.name, badges: evaluating }); break;
    case "copy": case "cut": {
      if (!selected.size) break;
      const count = await call<number>("copy", { ids: [...selected] });
      if (count == null) break;
      if (action === "cut") await run("delete");
      else say(`Copied ${count} statement${count === 1 ? "" : "s"}.`);
      break;
    }
    case "paste": {
      const v = await call<View>("paste", { target: sel ?? null });
      if (v) { show(v); say(`Pasted ${v.select.length} statement${v.select.length === 1 ? "" : "s"}${sel ? " under the selection" : ""}.`); }
      break;
    }
    case "delete": {
      if (selected.size === 0) break;
      const before = mirror.nodes.size;
      const gone = [...selected];
      // The selection moves to the claim the first deleted statement answered (the
      // nearest one left), as a tree view's does: the keyboard carries on from there,
      // and that claim is kept where it is on screen while the layout closes the gap.
      let parent = mirror.node(gone[0])?.parent ?? null;
      while (parent != null && selected.has(parent)) parent = mirror.node(parent)?.parent ?? null;
      selected = new Set(parent == null ? [] : [parent]);
      const v = await apply(gone.map((id) => ({ op: "delete_subtree", id }) as Edit));
      if (v) say(`Deleted ${plural(before - mirror.nodes.size, "statement", "statements")}. Ctrl+Z brings them back.`);
      else {
        selected = new Set(gone.filter((id) => mirror.node(id)));
        selectionChanged();
      }
      break;
    }
  }
}

const KEYS: Record<string, string> = {
  t: "thesis", s: "support", o: "objection", e: "evidence", q: "question", n: "note", c: "collapse", k: "kind",
  a: "assume", g: "group", u: "ungroup", z: "zoom-selection", l: "direction", v: "evaluate", "?": "help", "0": "fit", F2: "edit", Enter: "edit",
  Delete: "delete", Backspace: "delete", ContextMenu: "menu",
};

window.addEventListener("keydown", async (ev) => {
  if (library.isOpen && !menu.isOpen && !exportDialog.isOpen) {
    // What the library's own keys leave: the file shortcuts (Ctrl+O from the start
    // screen), its own (Ctrl+L closes it, Ctrl+Shift+F goes to its search), and Escape
    // when nothing in it has the focus.
    const k = (ev.ctrlKey || ev.metaKey) && !ev.altKey ? ev.key.toLowerCase() : "";
    const action = fileShortcut(ev) ?? (k === "l" ? "library" : k === "f" && ev.shiftKey ? "library-search" : null);
    if (action) {
      ev.preventDefault();
      await run(action);
    } else if (ev.key === "Escape") library.close();
    return;
  }
  if (editing || menu.isOpen || exportDialog.isOpen) return;
  const target = ev.target as HTMLElement;
  const fileAction = fileShortcut(ev);
  if (fileAction && target.closest("#inspector")) {
    // From a field of the inspector: commit what was typed (leaving the field commits
    // it), then save, open or export once that edit is in.
    ev.preventDefault();
    target.blur();
    await run(fileAction);
    return;
  }
  if (target.closest("input, textarea, select") && target !== stage) return;
  const ctrl = ev.ctrlKey || ev.metaKey;
  if (ev.key === " " && target === stage) { spaceHeld = true; ev.preventDefault(); return; }
  if (ev.key === "Escape") {
    help.hidden = true;
    for (const e of tool.cancel()) effect(e);
    overlay = {};
    schedule(false);
    return;
  }
  if (ev.key === "F10" && ev.shiftKey) { ev.preventDefault(); await run("menu"); return; }
  if (ctrl) {
    const k = ev.key.toLowerCase();
    const map: Record<string, string> = {
      z: ev.shiftKey ? "redo" : "undo", y: "redo", f: ev.shiftKey ? "library-search" : "find", c: ev.shiftKey ? "copy-picture" : "copy", x: "cut", v: "paste", l: "library",
      "1": "outline", "2": "inspector",
    };
    const action = fileAction ?? map[k];
    if (action) { ev.preventDefault(); await run(action); }
    else if (k === "=" || k === "+") { ev.preventDefault(); zoomBy(1.25); }
    else if (k === "-") { ev.preventDefault(); zoomBy(0.8); }
    return;
  }
  if (ev.altKey) return;
  if (ev.key === "Tab" && target === stage) { ev.preventDefault(); await run(only() ? "support" : "thesis"); return; }
  if (ev.key === "+" || ev.key === "=") { zoomBy(1.25); return; }
  if (ev.key === "-") { zoomBy(0.8); return; }
  const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  if (arrows[ev.key] && target === stage) { ev.preventDefault(); moveSelection(...arrows[ev.key]); return; }
  const action = KEYS[ev.key] ?? KEYS[ev.key.toLowerCase()];
  if (action) { ev.preventDefault(); await run(action); }
});
window.addEventListener("keyup", (ev) => { if (ev.key === " ") spaceHeld = false; });

function zoomBy(f: number) {
  look(zoomAt(camera, vp.w / 2, vp.h / 2, f));
}

// ---- find ---------------------------------------------------------------------------

/** Nodes in outline order: top to bottom as a reader would meet them. */
function preorder(): NodeId[] {
  const out: NodeId[] = [];
  const walk = (p: NodeId | null) => { for (const c of mirror.children.get(p) ?? []) { out.push(c); walk(c); } };
  walk(null);
  return out;
}

function refreshFind(jump: boolean) {
  const hits = new Set(findMatches(mirror.nodes.values(), findInput.value));
  find = { matches: preorder().filter((id) => hits.has(id)), index: jump ? 0 : Math.min(find.index, hits.size - 1) };
  findCount.textContent = findInput.value.trim() ? (find.matches.length ? `${find.index + 1} of ${find.matches.length}` : "no match") : "";
  if (jump && find.matches.length) select(find.matches[0]);
  schedule(false);
}

function stepFind(by: number) {
  if (!find.matches.length) return;
  find.index = (find.index + by + find.matches.length) % find.matches.length;
  findCount.textContent = `${find.index + 1} of ${find.matches.length}`;
  select(find.matches[find.index]);
}

findInput.addEventListener("input", () => refreshFind(true));
findInput.addEventListener("keydown", (ev) => {
  ev.stopPropagation();
  if (ev.key === "Enter") { ev.preventDefault(); stepFind(ev.shiftKey ? -1 : 1); }
  else if (ev.key === "F3") { ev.preventDefault(); stepFind(ev.shiftKey ? -1 : 1); }
  else if (ev.key === "Escape") { findInput.value = ""; refreshFind(false); stage.focus(); }
});

// ---- pointer ------------------------------------------------------------------------

function input(ev: PointerEvent | MouseEvent) {
  const r = stage.getBoundingClientRect();
  const screen: [number, number] = [ev.clientX - r.left, ev.clientY - r.top];
  return { screen, world: toWorld(camera, screen[0], screen[1]), shift: ev.shiftKey, pan: spaceHeld || ev.button === 1 };
}

const touches = (b: NodeBox, r: Rect) => b.x <= r.x + r.w && b.x + b.w >= r.x && b.y <= r.y + r.h && b.y + b.h >= r.y;

function effect(e: Effect) {
  switch (e.type) {
    case "select":
      if (e.ids.length) select(e.ids[0], false, false);
      else select(null);
      break;
    case "toggle_select": select(e.id, true, false); break;
    case "pan": look({ ...camera, x: camera.x - e.dx / camera.zoom, y: camera.y - e.dy / camera.zoom }); break;
    case "drag_preview": overlay = { drag: { id: e.id, dx: e.dx, dy: e.dy } }; schedule(false); break;
    case "move": overlay = {}; void apply([{ op: "move", id: e.id, position: { x: e.x, y: e.y } }]); break;
    case "edit_text": startEditing(e.id); break;
    case "box_preview": overlay = { box: e.rect }; schedule(false); break;
    case "box_select":
      for (const b of layout().nodes) if (touches(b, e.rect)) selected.add(b.id);
      selectionChanged();
      break;
    case "connect_preview": overlay = { connect: { from: e.from, x: e.x, y: e.y } }; schedule(false); break;
    case "connect": {
      const items = relationsFor(e.from, e.to);
      const r = stage.getBoundingClientRect();
      if (items.length) menu.open(items, r.left + e.screen[0], r.top + e.screen[1], "Connect as");
      else say("A question or a note cannot be argued for or against.", true);
      break;
    }
    case "redraw_overlay": overlay = {}; schedule(false); break;
  }
}

stage.addEventListener("pointerdown", (ev) => {
  if (editing || ev.button === 2) return;
  menu.close();
  stage.setPointerCapture(ev.pointerId);
  stage.focus();
  tool.pointerDown(input(ev)).forEach(effect);
});
stage.addEventListener("pointermove", (ev) => {
  tool.pointerMove(input(ev)).forEach(effect);
  stage.classList.toggle("panning", tool.state.name === "panning");
  const w = input(ev).world;
  stage.classList.toggle("on-handle", !!handleAt(w[0], w[1]));
});
stage.addEventListener("pointerup", (ev) => {
  tool.pointerUp(input(ev)).forEach(effect);
  stage.classList.remove("panning");
});
stage.addEventListener("dblclick", (ev) => tool.doubleClick(input(ev)).forEach(effect));
stage.addEventListener("contextmenu", (ev) => {
  ev.preventDefault();
  if (editing) return;
  const { world } = input(ev);
  const n = hit(world[0], world[1]);
  if (n && !selected.has(n.id)) select(n.id, false, false);
  menu.open(n ? nodeMenu(n.id) : canvasMenu(), ev.clientX, ev.clientY);
});
stage.addEventListener("wheel", (ev) => {
  ev.preventDefault();
  const { screen } = input(ev);
  if (ev.ctrlKey || ev.metaKey) {
    // Pinch gestures arrive as ctrl+wheel too.
    look(zoomAt(camera, screen[0], screen[1], Math.exp(-ev.deltaY * 0.0025)));
  } else {
    look({ ...camera, x: camera.x + ev.deltaX / camera.zoom, y: camera.y + ev.deltaY / camera.zoom });
  }
  if (editing) { const n = boxOf(editing.id); if (n) placeEditor(n); }
}, { passive: false });

for (const b of document.querySelectorAll<HTMLButtonElement>("[data-action]")) {
  b.addEventListener("click", () => void run(b.dataset.action!));
}
for (const form of document.querySelectorAll("#inspector form")) form.addEventListener("submit", (ev) => ev.preventDefault());

// ---- start --------------------------------------------------------------------------

/** The bundled font's two faces (the files argmap-render measures with), added to the
 *  page's fonts and loaded. Added here, not declared in the style sheet: a face the
 *  sheet declares is not among `document.fonts` until the sheet is applied, which can
 *  come after this script starts; `document.fonts.load` then finds no face and waits
 *  for nothing, and the first frame drew bold text in a stand-in (1 launch in 6). */
async function loadFonts(): Promise<boolean> {
  const faces = ([["400", "/NotoSans-Regular.ttf"], ["700", "/NotoSans-Bold.ttf"]] as const)
    .map(([weight, url]) => new FontFace("Noto Sans", `url("${url}") format("truetype")`, { weight }));
  for (const f of faces) document.fonts.add(f);
  return Promise.all(faces.map((f) => f.load())).then(() => true, () => false);
}

/** The weights of the bundled font loaded now, for the tests: "400,700" once both are. */
const fontsLoaded = () => [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Noto Sans" && f.status === "loaded")
  .map((f) => f.weight).sort().join(",");

async function start() {
  // Draw nothing until the bundled font is in: the layout's line breaks assume it.
  const fonts = await loadFonts();
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
  const notice = await call<string | null>("library_notice");
  if (notice) say(notice, true);
  else if (!fonts) say("The bundled font did not load: text is drawn in a stand-in and may not fit its boxes.", true);
  // Work left unsaved by a crash is offered back at once, never restored silently.
  const recovery = await call<unknown[]>("recoverable");
  document.body.dataset.recoverable = String(recovery?.length ?? 0);
  if (recovery?.length) await library.open();
  document.body.dataset.ready = "true";
}

void start();

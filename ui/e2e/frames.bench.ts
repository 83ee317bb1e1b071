// Frame-time benchmark: the real app under Xvfb with a large generated map, panned and
// zoomed by a script for a few hundred frames. Prints p50/p95/max of the time each
// frame spent painting and of the interval between frames. Run: make bench-frames
// (NODES=5000 by default; ARGMAP_APP to pick a release build; SPRITES=off to paint every
// box directly).

import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, it } from "vitest";
import { Driver, type Session, removeFolder, scratchFolder } from "./webdriver";

const root = resolve(__dirname, "../..");
const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
const app = process.env.ARGMAP_APP ?? join(target, "debug/argmap-app");
const nodes = Number(process.env.NODES ?? 5000);
const dir = scratchFolder("frames");
const map = join(dir, `gen-${nodes}.map`);

let driver: Driver;
let s: Session;

let launchMs = 0;

beforeAll(async () => {
  execFileSync(join(target, "debug/argmap"), ["gen", "--nodes", String(nodes), "--seed", "1", "-o", map]);
  driver = await Driver.start({ XDG_DATA_HOME: join(dir, "data"), XDG_CONFIG_HOME: join(dir, "config") });
  const t0 = Date.now();
  s = await driver.session(app, [map]);
  await s.until(`return document.body.dataset.ready === 'true' && document.body.dataset.nodes === '${nodes}' && Number(document.body.dataset.frames) > 0`, "the map", 60000);
  launchMs = Date.now() - t0;
  // SPRITES=off: every box painted directly, to see what the sprites (ui/src/sprites.ts) save.
  if (process.env.SPRITES === "off") await s.exec("window.argmapSprites.enabled = false");
});

afterAll(async () => {
  await s?.close();
  driver?.stop();
  removeFolder(dir);
});

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

it("animation frames with nothing to draw: the floor this display sets", async () => {
  const idle = await s.execAsync<number[]>(`
    const done = arguments[arguments.length - 1];
    const stamps = [];
    const step = (t) => { stamps.push(t); if (stamps.length > 120) done(stamps.slice(1).map((x, i) => x - stamps[i])); else requestAnimationFrame(step); };
    requestAnimationFrame(step);
  `);
  console.log(`\nidle frame interval     n=${String(idle.length).padStart(4)}  p50 ${pct(idle, 50).toFixed(2)} ms  p95 ${pct(idle, 95).toFixed(2)} ms\n`);
}, 60_000);

it(`pans and zooms a ${nodes}-node map`, async () => {
  // Zoom to a readable scale first (text drawn, not greeked), then pan across and
  // zoom in and out, one wheel event per animation frame.
  const result = await s.execAsync<{ paint: number[]; interval: number[]; ua: string }>(`
    const done = arguments[arguments.length - 1];
    const stage = document.getElementById('stage');
    const r = stage.getBoundingClientRect();
    const wheel = (dx, dy, ctrl) => stage.dispatchEvent(new WheelEvent('wheel', {
      deltaX: dx, deltaY: dy, ctrlKey: ctrl, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
    for (let i = 0; i < 12; i++) wheel(0, -120, true);
    const times = window.argmapFrameTimes;
    const start = times.length;
    const stamps = [];
    let frame = 0;
    const step = (t) => {
      stamps.push(t);
      if (frame < 150) wheel(18, 6, false);
      else if (frame < 225) wheel(0, 40, true);
      else if (frame < 300) wheel(0, -40, true);
      else { done({ paint: times.slice(start), interval: stamps.slice(1).map((x, i) => x - stamps[i]), ua: navigator.userAgent }); return; }
      frame++;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  `);
  const line = (name: string, xs: number[]) =>
    `${name.padEnd(22)} n=${String(xs.length).padStart(4)}  p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  max ${Math.max(...xs).toFixed(2)} ms`;
  // The first 150 frames pan, the rest zoom (out, then in).
  const half = Math.floor(result.paint.length / 2);
  console.log(`\nframes, ${nodes}-node map, ${app}\n${line("paint per frame", result.paint)}\n${line("  while panning", result.paint.slice(0, half))}\n${line("  while zooming", result.paint.slice(half))}\n${line("frame interval", result.interval)}`);
  console.log(`launch to first paint of the map (WebDriver session start included): ${launchMs} ms\n`);
}, 180_000);

it(`edit round trip on a ${nodes}-node map: keystroke to repaint`, async () => {
  // Select a node, then press O (add an objection) and Escape (which takes it back out)
  // twenty times. Each O is timed from the key event to the end of the first frame
  // that shows the new node (the app stamps each frame with its node count and end time).
  type Part = "ipc" | "to" | "rust" | "back" | "mirror" | "statuses" | "outline" | "rest" | "paint";
  const run = await s.execAsync<{ times: number[]; parts: (Record<Part, number> & { steps: number[] })[]; zoom: number; sprites: number[] } | { error: string }>(`
    const done = arguments[arguments.length - 1];
    const select = () => document.querySelector('#outline li[role=treeitem] .text').click();
    select();
    if (document.body.dataset.selected !== '1') { done({ error: 'nothing selected' }); return; }
    const key = (target, k) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    const out = [], parts = [];
    const nodes = () => Number(document.body.dataset.nodes);
    // The app marks each frame with the node count it showed and the time it ended: the
    // round trip ends at the first frame that shows the new node. (Waiting for "the next
    // frame after the count changed" raced with that very frame.)
    const once = (n) => new Promise((resolve) => {
      const t0 = performance.now();
      key(document.getElementById('stage'), 'o');
      const wait = () => {
        if (document.body.dataset.painted === String(n + 1)) resolve(Number(document.body.dataset.paintedAt) - t0);
        else setTimeout(wait, 1);
      };
      wait();
    });
    // A person selects, then presses the key a moment later: the key is pressed once
    // the selection's frame is on screen and the page is idle, not in the same task as
    // the click (whose repaint would then be counted in the edit's time).
    const settle = async () => {
      for (let k = 0; k < 2; k++) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => setTimeout(r, 100));
    };
    const sp = window.argmapSprites, s0 = [sp.painted, sp.copied];
    (async () => {
      const n = nodes();
      const started = performance.now();
      // At 100% or near it, as people edit (the pan and zoom run leaves the view far
      // in or out): one step of + or - at a time.
      const zoom = () => Number(document.body.dataset.zoom);
      for (let i = 0; i < 40 && (zoom() > 1.2 || zoom() < 0.85); i++) {
        key(document.getElementById('stage'), zoom() > 1.2 ? '-' : '+');
        await settle();
      }
      select();
      await settle();
      for (let i = 0; i < 20 && performance.now() - started < 90000; i++) {
        out.push(await once(n));
        // Where the add's time went (the last reply shown was the add's).
        parts.push({ ...window.argmapEditTimings.at(-1), paint: window.argmapFrameTimes.at(-1) });
        key(document.getElementById('editor'), 'Escape');
        while (nodes() !== n || document.body.dataset.painted !== String(n)) await new Promise((r) => setTimeout(r, 5));
        select();
        await settle();
      }
      done({ times: out, parts, zoom: zoom(), sprites: [sp.painted - s0[0], sp.copied - s0[1]] });
    })();
  `);
  if ("error" in run) throw new Error(run.error);
  const { times, parts, zoom: zoomed, sprites } = run;
  const med = (k: Part) => pct(parts.map((p) => p[k]), 50).toFixed(1);
  console.log(`  of which (medians over the adds): IPC round trip ${med("ipc")} ms (to Rust ${med("to")}, in Rust ${med("rust")}, reply to page ${med("back")}), mirror ${med("mirror")} ms, statuses ${med("statuses")} ms, outline ${med("outline")} ms, selection and inspector ${med("rest")} ms; the frame that shows it painted in ${med("paint")} ms`);
  const step = (k: number) => pct(parts.map((p) => p.steps?.[k] ?? 0), 50).toFixed(1);
  console.log(`  in Rust (medians): the change ${step(0)} ms, library ${step(1)}, layout ${step(2)}, then waiting for the evaluation ${step(3)}, scene diff and statuses ${step(4)}`);
  console.log(`  at zoom ${zoomed.toFixed(2)}; boxes painted into sprites over the adds and undos ${sprites[0]}, copied from them ${sprites[1]}`);
  console.log(`  each add in order (ms): ${times.join(" ")}; the frames that showed them (ms): ${parts.map((p) => p.paint).join(" ")}; IPC: ${parts.map((p) => Math.round(p.ipc)).join(" ")}; in Rust: ${parts.map((p) => p.rust.toFixed(1)).join(" ")}; to Rust: ${parts.map((p) => p.to.toFixed(1)).join(" ")}; mirror: ${parts.map((p) => p.mirror.toFixed(0)).join(" ")}`);
  console.log(`\nedit round trip, ${nodes}-node map: n=${times.length}  p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  max ${Math.max(...times).toFixed(1)} ms\n`);
}, 180_000);

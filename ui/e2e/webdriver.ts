// A minimal W3C WebDriver client over fetch: enough to drive the app through
// tauri-driver (which starts WebKitWebDriver and the app). No dependency needed.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** A new folder for a run's files and the app's data, under the system's temporary one. */
export const scratchFolder = (name: string) => mkdtempSync(join(tmpdir(), `argmap-${name}-`));

/** Removes a scratch folder. The app may still be writing its autosave as it quits:
 *  retried until the folder goes. */
export const removeFolder = (dir: string) => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });

export const Key = { Enter: "\uE007", Escape: "\uE00C", Tab: "\uE004", Control: "\uE009", Shift: "\uE008", Delete: "\uE017", ArrowLeft: "\uE012", ArrowRight: "\uE014" };

/** The app's top-level window in the X server's tree (its title ends "— Argmap"). */
function windowLine(): string | undefined {
  return xwininfo(["-root", "-tree"]).split("\n").find((l) => /^\s*0x[0-9a-f]+ ".* — Argmap":/.test(l));
}

/** xwininfo's answer. The display can refuse a connection for a moment as a client
 *  leaves (the tests run Xvfb with -noreset for that reason): asked again for up to a
 *  second before the failure counts. */
function xwininfo(args: string[]): string {
  for (let tries = 1; ; tries++) {
    try {
      return execFileSync("xwininfo", args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
    } catch (e) {
      if (tries >= 10) throw e;
      execFileSync("sleep", ["0.1"]);
    }
  }
}

export class Session {
  constructor(private base: string, readonly id: string) {}

  private async req<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.base}/session/${this.id}${path}`, {
      method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as { value: T & { error?: string; message?: string } };
    if (!r.ok) throw new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }

  /** Runs a script in the page and returns its value. */
  exec<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.req<T>("POST", "/execute/sync", { script, args });
  }

  /** Runs an async script: it calls its last argument with the result. */
  execAsync<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.req<T>("POST", "/execute/async", { script, args });
  }

  /** A PNG of the app's window as the display shows it, taken from the X server
   *  (xwininfo finds the window by its title, ImageMagick's import reads it). Not
   *  WebDriver's screenshot: that asks WebKitGTK for a snapshot of the page, which never
   *  comes back when the page is not composited, and the app turns compositing off on
   *  a display without a GPU (src-tauri/main.rs), such as the Xvfb the tests run on. */
  async screenshot(): Promise<Buffer> {
    // Let the frame the last input asked for reach the screen.
    await this.execAsync("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
    const window = windowLine();
    if (!window) throw new Error(`no Argmap window on the display:\n${xwininfo(["-root", "-tree"])}`);
    return execFileSync("import", ["-window", window.trim().split(" ")[0], "png:-"], { maxBuffer: 64 << 20 });
  }

  /** The title of the app's window as the X server has it (what a title bar shows). */
  windowTitle(): string {
    return windowLine()?.match(/"(.*)":/)?.[1] ?? "";
  }

  /** The size of the app's window as the X server has it, or null while there is none
   *  (read from the same listing that finds it: the window can go between two calls). */
  windowSize(): [number, number] | null {
    const size = windowLine()?.match(/\)\s+(\d+)x(\d+)[+-]/);
    return size ? [Number(size[1]), Number(size[2])] : null;
  }

  /** Asks for the app's window to be this size (WebDriver's Set Window Rect). */
  async setWindowSize(width: number, height: number) {
    await this.req("POST", "/window/rect", { width, height });
  }

  async find(css: string): Promise<string> {
    const v = await this.req<Record<string, string>>("POST", "/element", { using: "css selector", value: css });
    return v[ELEMENT];
  }

  async click(css: string) {
    await this.req("POST", `/element/${await this.find(css)}/click`, {});
  }

  /** Types into whatever has focus, as a user would: key down and up for each key.
   *  Modifiers (Control, Shift) stay down until the end of `keys`. */
  async keys(keys: string) {
    const actions: { type: string; value: string }[] = [];
    const held: string[] = [];
    for (const k of keys) {
      if (k === Key.Control || k === Key.Shift) {
        actions.push({ type: "keyDown", value: k });
        held.push(k);
        continue;
      }
      actions.push({ type: "keyDown", value: k }, { type: "keyUp", value: k });
    }
    for (const k of held.reverse()) actions.push({ type: "keyUp", value: k });
    await this.req("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.req("DELETE", "/actions");
  }

  /** Polls `script` until it returns a truthy value; a read right after a change can
   *  still see the old page. */
  async until<T>(script: string, what: string, timeoutMs = 15000): Promise<T> {
    const end = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < end) {
      last = await this.exec<T>(script);
      if (last) return last as T;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
  }

  async close() {
    await fetch(`${this.base}/session/${this.id}`, { method: "DELETE" }).catch(() => undefined);
  }
}

export class Driver {
  private constructor(private proc: ChildProcess, readonly base: string) {}

  /** Starts tauri-driver with `env` (the app inherits it) and waits until it answers.
   *  It and the WebKitWebDriver it starts listen on ports free at the time: with fixed
   *  ones (4444 and 4445 by default), two runs at once (the tests and a screenshot or a
   *  benchmark) would share one WebKitWebDriver and drive each other's app. */
  static async start(env: Record<string, string>): Promise<Driver> {
    const [port, native] = await freePorts(2);
    const proc = spawn("tauri-driver", ["--port", String(port), "--native-port", String(native)], { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
    const base = `http://127.0.0.1:${port}`;
    const end = Date.now() + 20000;
    while (Date.now() < end) {
      try {
        const r = await fetch(`${base}/status`);
        if (r.ok) return new Driver(proc, base);
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    proc.kill();
    throw new Error("tauri-driver did not start");
  }

  async session(application: string, args: string[] = []): Promise<Session> {
    const r = await fetch(`${this.base}/session`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch: { browserName: "wry", timeouts: { script: 120000 }, "tauri:options": { application, args } } } }),
    });
    const json = (await r.json()) as { value: { sessionId: string; message?: string } };
    if (!r.ok) throw new Error(`new session: ${json.value.message}`);
    return new Session(this.base, json.value.sessionId);
  }

  stop() {
    this.proc.kill();
  }
}

/** `n` different TCP ports on the loopback that nothing listens on now: each held open
 *  until all are found, so the same one cannot come back twice. */
async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  try {
    return await Promise.all(servers.map((server) => new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        if (typeof address === "object" && address) resolve(address.port);
        else reject(new Error("no port"));
      });
    })));
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
}

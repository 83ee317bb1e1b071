// The library panel (the start screen): work to recover from a crash, recent maps with
// thumbnails and pins, and search across every map. All text is set with textContent;
// thumbnails are PNG bytes drawn into canvases (no URLs, so the CSP stays strict).

import type { NodeId, View } from "./types";

// Each row's title is what the map is called: its title, else its file's name (Rust's
// format::display_name, as the title bar says).
export interface RecoveryRow {
  draft: number; title: string; file_name: string | null; path: string | null;
  saved_at: number | null; changed_at: number;
  changes: { added: number; edited: number; deleted: number; details: boolean };
}
export interface RecentRow {
  id: number; title: string; file_name: string | null; path: string | null; nodes: number;
  opened_at: number; pinned: boolean; missing: boolean; thumbnail: string | null;
  /** The thumbnail is out of date or missing and can be drawn again (refresh_thumbnail). */
  stale: boolean;
}
export interface Hit { map: number; path: string | null; title: string; node: NodeId; kind: string; snippet: [string, boolean][]; rank: number }

export interface LibraryHost {
  call<T>(command: string, args?: Record<string, unknown>): Promise<T | null>;
  opened(view: View, message: string): void;
  closed(): void;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export class LibraryPanel {
  private searchTimer = 0;
  private searchSeq = 0;
  private thumbnailGeneration = 0;

  constructor(private root: HTMLElement, private host: LibraryHost) {
    const input = root.querySelector<HTMLInputElement>("#library-search")!;
    input.addEventListener("input", () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => void this.search(input.value), 120);
    });
    root.addEventListener("keydown", (ev) => {
      // Ctrl and ⌘ shortcuts go on to the window's: opening, saving, quitting.
      if (ev.ctrlKey || ev.metaKey) return;
      ev.stopPropagation();
      if (ev.key === "Escape") this.close();
    });
    root.querySelector("[data-close]")!.addEventListener("click", () => this.close());
  }

  get isOpen() { return !this.root.hidden; }

  async open(focusSearch = false) {
    this.root.hidden = false;
    await this.refresh();
    const target = focusSearch ? this.root.querySelector<HTMLElement>("#library-search") : this.root.querySelector<HTMLElement>("button, input");
    target?.focus();
  }

  close() {
    this.root.hidden = true;
    this.host.closed();
  }

  async refresh() {
    const [recovery, recent] = await Promise.all([
      this.host.call<RecoveryRow[]>("recoverable"),
      this.host.call<RecentRow[]>("recent"),
    ]);
    this.renderRecovery(recovery ?? []);
    this.renderRecent(recent ?? []);
    document.body.dataset.recoverable = String(recovery?.length ?? 0);
  }

  private renderRecovery(rows: RecoveryRow[]) {
    const section = this.root.querySelector<HTMLElement>("#recovery")!;
    section.hidden = rows.length === 0;
    const list = section.querySelector("ul")!;
    list.replaceChildren(...rows.map((r) => {
      const li = el("li", "recovery-item");
      const name = r.file_name ?? `${r.title} (never saved)`;
      li.append(el("strong", undefined, name));
      const c = r.changes;
      const counts = [plural(c.added, "statement") + " added", `${c.edited} edited`, `${c.deleted} deleted`];
      // Only the map's title, description or authors: say that, not three zeros.
      const what = c.details && !c.added && !c.edited && !c.deleted ? "The map's title, description or authors changed"
        : counts.join(", ") + (c.details ? ", and the map's details" : "");
      // A file opened and never saved from Argmap has no save time: its changes are
      // since it was opened.
      const since = r.saved_at ? `since it was saved ${when(r.saved_at)}` : r.path ? "since it was opened" : "since it was created";
      li.append(el("p", undefined, `${what} ${since}; last change ${when(r.changed_at)}.`));
      const restore = el("button", undefined, "Restore");
      restore.type = "button";
      restore.addEventListener("click", async () => {
        const v = await this.host.call<View | null>("restore", { draft: r.draft });
        if (v) {
          this.close();
          this.host.opened(v, `Restored ${name}. Save it to keep it.`);
        }
      });
      const discard = el("button", undefined, "Discard");
      discard.type = "button";
      discard.addEventListener("click", async () => {
        if (await this.host.call<boolean>("discard_draft", { draft: r.draft, name })) {
          await this.refresh();
          // The button went with its row: the focus goes to the panel's first control,
          // where Escape and the arrow keys still work.
          this.root.querySelector<HTMLElement>("button, input")?.focus();
        }
      });
      li.append(restore, discard);
      return li;
    }));
  }

  private renderRecent(rows: RecentRow[]) {
    const grid = this.root.querySelector<HTMLElement>("#recent")!;
    const stale: [number, HTMLCanvasElement][] = [];
    grid.replaceChildren(...rows.map((r) => {
      const card = el("li", `recent-card${r.missing ? " missing" : ""}`);
      const open = el("button", "recent-open");
      open.type = "button";
      open.title = r.path ?? "";
      const canvas = el("canvas", "thumb");
      canvas.width = 240;
      canvas.height = 150;
      if (r.thumbnail) void drawThumbnail(canvas, r.thumbnail);
      if (r.stale) stale.push([r.id, canvas]);
      open.append(canvas, el("span", "recent-title", r.title));
      open.append(el("span", "recent-meta", r.missing ? `Missing: ${r.path}` : `${r.file_name} · ${plural(r.nodes, "statement")} · ${when(r.opened_at)}`));
      open.disabled = r.missing;
      open.addEventListener("click", async () => {
        const v = await this.host.call<View | null>("open_from_library", { id: r.id, node: null });
        if (v) {
          this.close();
          this.host.opened(v, `Opened ${v.file_name ?? v.title}`);
        }
      });
      const pin = el("button", "pin", r.pinned ? "★" : "☆");
      pin.type = "button";
      pin.setAttribute("aria-pressed", String(r.pinned));
      pin.setAttribute("aria-label", r.pinned ? "Unpin" : "Pin to the top");
      pin.title = pin.getAttribute("aria-label")!;
      pin.addEventListener("click", async () => {
        await this.host.call("pin", { id: r.id, pinned: !r.pinned });
        await this.refresh();
      });
      card.append(open, pin);
      return card;
    }));
    this.root.querySelector<HTMLElement>("#recent-empty")!.hidden = rows.length > 0;
    void this.redrawThumbnails(stale);
  }

  /** Thumbnails drawn by an older Argmap or before their file changed are drawn again,
   *  one map at a time, each replacing the old picture when it arrives. */
  private async redrawThumbnails(stale: [number, HTMLCanvasElement][]) {
    const generation = ++this.thumbnailGeneration;
    let drawn = 0;
    for (const [id, canvas] of stale) {
      if (generation !== this.thumbnailGeneration || this.root.hidden) return;
      const png = await this.host.call<string | null>("refresh_thumbnail", { id });
      if (png && canvas.isConnected && await drawThumbnail(canvas, png)) drawn++;
    }
    document.body.dataset.thumbnailsRedrawn = String(drawn);
  }

  private async search(query: string) {
    const seq = ++this.searchSeq;
    const list = this.root.querySelector<HTMLElement>("#library-hits")!;
    if (!query.trim()) {
      list.replaceChildren();
      return;
    }
    const hits = (await this.host.call<Hit[]>("search_library", { query })) ?? [];
    if (seq !== this.searchSeq) return; // a later search is on its way
    list.replaceChildren(...hits.map((h) => {
      const li = el("li");
      const b = el("button", "hit");
      b.type = "button";
      const text = el("span", "hit-text");
      for (const [run, hot] of h.snippet) text.append(hot ? el("mark", undefined, run) : document.createTextNode(run));
      // The kind is capitalised, the map's name is shown as it is.
      const where = el("span", "hit-where");
      where.append(el("span", "hit-kind", h.kind), ` · ${h.title}${h.path ? "" : " (unsaved)"}`);
      b.append(text, where);
      b.addEventListener("click", async () => {
        const v = await this.host.call<View | null>("open_from_library", { id: h.map, node: h.node });
        if (v) {
          this.close();
          this.host.opened(v, `Found in ${v.file_name ?? v.title}`);
        }
      });
      li.append(b);
      return li;
    }));
    if (!hits.length) list.append(el("li", "hint", "Nothing in the library matches."));
    document.body.dataset.libraryHits = String(hits.length);
  }
}

/** The latest picture asked of each canvas: a decode that finishes after a newer one
 *  was asked for draws nothing. */
const latest = new WeakMap<HTMLCanvasElement, string>();

async function drawThumbnail(canvas: HTMLCanvasElement, base64: string): Promise<boolean> {
  latest.set(canvas, base64);
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  try {
    const img = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    if (latest.get(canvas) !== base64) return false;
    const ctx = canvas.getContext("2d")!;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const s = Math.min(canvas.width / img.width, canvas.height / img.height, 1);
    ctx.drawImage(img, (canvas.width - img.width * s) / 2, (canvas.height - img.height * s) / 2, img.width * s, img.height * s);
    canvas.dataset.drawn = "true";
    return true;
  } catch {
    // A thumbnail that does not decode is simply not shown.
    return false;
  }
}

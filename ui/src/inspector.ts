// The inspector: every field of the selected statement as a form. A field commits when
// it loses focus (or on Enter in a one-line field) as one update_node edit; values are
// set through .value and textContent, never as markup.

import type { Assumption, Kind, NodeFields, NodeId, SceneNode, Source } from "./types";

/** The map's own details, shown when no statement is selected. */
export interface MapDetails { title: string; description: string; authors: string[]; name: string }
export type MapFields = { title?: string; description?: string; authors?: string[] };

/** The file shortcuts (save, save as, open, new, export, quit), which work from a text
 *  field as in any editor: the action they name, or null for any other key. */
export function fileShortcut(ev: KeyboardEvent): string | null {
  if (!(ev.ctrlKey || ev.metaKey) || ev.altKey) return null;
  const k = ev.key.toLowerCase();
  if (k === "s") return ev.shiftKey ? "save-as" : "save";
  if (k === "e") return ev.shiftKey ? "export-svg" : "export";
  // Ctrl+Q quits and Ctrl+W closes the window, which is the app's one window.
  return ({ o: "open", n: "new", p: "export-pdf", q: "quit", w: "quit" } as Record<string, string>)[k] ?? null;
}

export interface InspectorHost {
  update(id: NodeId, fields: NodeFields): void;
  changeKind(id: NodeId, kind: Kind): void;
  unpin(id: NodeId): void;
  setCollapsed(id: NodeId, collapsed: boolean): void;
  /** Settles a claim as accepted or rejected for the evaluation, or unsettles it. */
  assume(id: NodeId, assume: Assumption | null): void;
  /** Opens the evidence's link in the system browser (Rust checks and opens it). */
  openLink(id: NodeId): void;
  /** Changes the map's title, description or authors (one undoable edit). */
  editMap(fields: MapFields): void;
}

const SOURCE_FIELDS: (keyof Source)[] = ["title", "author", "url", "date", "quote"];

export class Inspector {
  private node: SceneNode | null = null;
  /** Escape in a field: it is put back as shown, and leaving it commits nothing. */
  private cancelling = false;
  private readonly el: Record<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | HTMLButtonElement>;
  private map: MapDetails = { title: "", description: "", authors: [], name: "Untitled map" };
  private readonly mapEl: Record<"title" | "description" | "authors", HTMLInputElement | HTMLTextAreaElement>;

  constructor(private root: HTMLElement, private host: InspectorHost) {
    const q = (name: string) => root.querySelector(`[name="${name}"]`) as HTMLInputElement;
    this.el = Object.fromEntries(
      ["kind", "label", "text", "notes", "tags", ...SOURCE_FIELDS.map((f) => `source.${f}`), "open-link", "unpin", "collapsed", "assume"]
        .map((n) => [n, q(n)]),
    );
    const commit = (name: string) => () => this.commit(name);
    for (const name of ["label", "text", "notes", "tags", ...SOURCE_FIELDS.map((f) => `source.${f}`)]) {
      const input = this.el[name];
      input.addEventListener("change", commit(name));
      input.addEventListener("keydown", (ev) => {
        const k = ev as KeyboardEvent;
        if (fileShortcut(k)) return; // the window's handler commits the field, then saves
        k.stopPropagation(); // typing here is not a canvas shortcut
        if (k.key === "Escape") this.cancel(input, () => this.show(this.node, true));
        if (k.key === "Enter" && input.tagName === "INPUT") this.commit(name);
      });
    }
    this.el.kind.addEventListener("change", () => {
      if (this.node) this.host.changeKind(this.node.id, (this.el.kind as HTMLSelectElement).value as Kind);
    });
    this.el["open-link"].addEventListener("click", () => this.node && this.host.openLink(this.node.id));
    this.el.unpin.addEventListener("click", () => this.node && this.host.unpin(this.node.id));
    this.el.assume.addEventListener("change", () => {
      const v = (this.el.assume as HTMLSelectElement).value;
      if (this.node) this.host.assume(this.node.id, v ? (v as Assumption) : null);
    });
    this.el.assume.addEventListener("keydown", (ev) => ev.stopPropagation());
    this.el.collapsed.addEventListener("change", () => {
      if (this.node) this.host.setCollapsed(this.node.id, (this.el.collapsed as HTMLInputElement).checked);
    });
    const field = (name: string) => root.querySelector(`#map-form [name="map.${name}"]`) as HTMLInputElement;
    this.mapEl = { title: field("title"), description: field("description"), authors: field("authors") };
    for (const [name, input] of Object.entries(this.mapEl) as [keyof MapDetails & keyof MapFields, HTMLInputElement][]) {
      input.addEventListener("change", () => this.commitMap(name));
      input.addEventListener("keydown", (k) => {
        if (fileShortcut(k)) return; // the window's handler commits the field, then saves
        k.stopPropagation(); // typing here is not a canvas shortcut
        if (k.key === "Escape") this.cancel(input, () => this.showMap(this.map, true));
        if (k.key === "Enter" && input.tagName === "INPUT") this.commitMap(name);
      });
    }
  }

  /** Shows the map's details in the map form (a field being typed in is left alone).
   *  Called with every reply, before the frame: it touches the page only for what
   *  changed. */
  showMap(m: MapDetails, evenFocused = false) {
    this.map = m;
    const set = (e: HTMLInputElement | HTMLTextAreaElement, v: string) => {
      if ((evenFocused || document.activeElement !== e) && e.value !== v) e.value = v;
    };
    set(this.mapEl.title, m.title);
    set(this.mapEl.description, m.description);
    set(this.mapEl.authors, m.authors.join(", "));
    // An untitled map shows what it goes by (its file's name) as the hint.
    if (this.mapEl.title.placeholder !== m.name) this.mapEl.title.placeholder = m.name;
  }

  /** Puts a field back as shown (`restore`) and leaves it without committing it. */
  private cancel(input: HTMLElement, restore: () => void) {
    this.cancelling = true;
    try {
      restore();
      input.blur(); // its change event, if any, comes now and is ignored
    } finally {
      this.cancelling = false;
    }
  }

  private commitMap(name: "title" | "description" | "authors") {
    if (this.cancelling) return;
    const value = this.mapEl[name].value;
    const m = this.map;
    let fields: MapFields | null = null;
    if (name === "title" && value.trim() !== m.title) fields = { title: value.trim() };
    else if (name === "description" && value !== m.description) fields = { description: value };
    else if (name === "authors") {
      const authors = value.split(",").map((a) => a.trim()).filter(Boolean);
      if (authors.join("\u0000") !== m.authors.join("\u0000")) fields = { authors };
    }
    if (!fields) return;
    // Enter commits, and the change event that follows must not commit it again.
    this.map = { ...m, ...fields };
    this.host.editMap(fields);
  }

  show(n: SceneNode | null, evenFocused = false) {
    this.node = n;
    this.root.classList.toggle("empty", !n);
    const form = this.root.querySelector("form") as HTMLFormElement;
    form.hidden = !n;
    if (!n) return;
    const set = (name: string, v: string) => {
      const e = this.el[name] as HTMLInputElement;
      if (evenFocused || document.activeElement !== e) e.value = v;
    };
    set("kind", n.kind);
    set("label", n.label ?? "");
    set("text", n.text);
    set("notes", n.notes ?? "");
    set("tags", (n.tags ?? []).join(", "));
    for (const f of SOURCE_FIELDS) set(`source.${f}`, n.source?.[f] ?? "");
    (this.root.querySelector(".source") as HTMLElement).hidden = n.kind !== "evidence" && !n.source;
    const url = n.source?.url ?? "";
    (this.el["open-link"] as HTMLButtonElement).disabled = !/^https?:\/\//i.test(url);
    (this.el.unpin as HTMLButtonElement).hidden = !n.position;
    (this.el.collapsed as HTMLInputElement).checked = !!n.collapsed;
    (this.el.assume as HTMLSelectElement).value = n.assume ?? "";
    (this.root.querySelector(".assume") as HTMLElement).hidden = n.kind === "question" || n.kind === "note";
  }

  private commit(name: string) {
    const n = this.node;
    if (!n || this.cancelling) return;
    const value = (this.el[name] as HTMLInputElement).value;
    let fields: NodeFields | null = null;
    if (name === "text" && value.trim() !== n.text) fields = { text: value.trim() };
    else if (name === "label" && value.trim() !== (n.label ?? "")) fields = { label: value.trim() };
    else if (name === "notes" && value !== (n.notes ?? "")) fields = { notes: value };
    else if (name === "tags") {
      const tags = value.split(",").map((t) => t.trim()).filter(Boolean);
      if (tags.join("\u0000") !== (n.tags ?? []).join("\u0000")) fields = { tags };
    } else if (name.startsWith("source.")) {
      const key = name.slice(7) as keyof Source;
      if (value.trim() !== (n.source?.[key] ?? "")) {
        // Spread what came in, so fields this build does not know survive the edit.
        const source: Source = { ...n.source };
        if (value.trim()) source[key] = value.trim();
        else delete source[key];
        fields = { source };
      }
    }
    if (fields) this.host.update(n.id, fields);
  }
}

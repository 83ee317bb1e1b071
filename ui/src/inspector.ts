// The inspector: every field of the selected statement as a form. A field commits when
// it loses focus (or on Enter in a one-line field) as one update_node edit; values are
// set through .value and textContent, never as markup.

import type { Assumption, Kind, NodeFields, NodeId, SceneNode, Source } from "./types";

export interface InspectorHost {
  update(id: NodeId, fields: NodeFields): void;
  changeKind(id: NodeId, kind: Kind): void;
  unpin(id: NodeId): void;
  setCollapsed(id: NodeId, collapsed: boolean): void;
  /** Settles a claim as accepted or rejected for the evaluation, or unsettles it. */
  assume(id: NodeId, assume: Assumption | null): void;
  /** Opens the evidence's link in the system browser (Rust checks and opens it). */
  openLink(id: NodeId): void;
}

const SOURCE_FIELDS: (keyof Source)[] = ["title", "author", "url", "date", "quote"];

export class Inspector {
  private node: SceneNode | null = null;
  private readonly el: Record<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | HTMLButtonElement>;

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
        k.stopPropagation(); // typing here is not a canvas shortcut
        if (k.key === "Escape") { this.show(this.node); (input as HTMLElement).blur(); }
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
  }

  show(n: SceneNode | null) {
    this.node = n;
    this.root.classList.toggle("empty", !n);
    const form = this.root.querySelector("form") as HTMLFormElement;
    form.hidden = !n;
    if (!n) return;
    const set = (name: string, v: string) => {
      const e = this.el[name] as HTMLInputElement;
      if (document.activeElement !== e) e.value = v;
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
    if (!n) return;
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

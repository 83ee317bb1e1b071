// The outline: the same map as a tree of statements, for the keyboard and for screen
// readers (the WAI-ARIA tree pattern: role tree / treeitem / group, aria-level,
// aria-expanded, aria-selected, one tabbable item). Text is set with textContent only.

import type { SceneMirror } from "./scene";
import type { NodeId, SceneNode, StatusRow } from "./types";

export const CAPTION: Record<string, string> = {
  thesis: "Thesis", support: "Support", objection: "Objection", rebuttal: "Rebuttal",
  evidence: "Evidence", question: "Question", note: "Note",
};

export interface OutlineHost {
  select(id: NodeId, additive: boolean): void;
  commitText(id: NodeId, text: string): void;
  /** Rebuttals are objections to objections: the caption the canvas shows. */
  roleOf(id: NodeId): string;
  /** The claim's evaluation while it is shown, else undefined. */
  statusOf(id: NodeId): StatusRow | undefined;
}

const STATUS_WORDS = { in: ["✓", "stands"], out: ["✗", "defeated"], undecided: ["?", "undecided"] } as const;

export class Outline {
  private items = new Map<NodeId, HTMLLIElement>();
  private folded = new Set<NodeId>();
  private focusId: NodeId | null = null;
  private editing: NodeId | null = null;
  private mirror: SceneMirror | null = null;
  private selected = new Set<NodeId>();
  /** The items whose aria-selected is "true". */
  private marked = new Set<NodeId>();

  constructor(private root: HTMLUListElement, private host: OutlineHost) {
    root.setAttribute("role", "tree");
    root.addEventListener("keydown", (ev) => this.key(ev));
    root.addEventListener("click", (ev) => {
      const li = (ev.target as HTMLElement).closest("li[role=treeitem]") as HTMLLIElement | null;
      if (!li) return;
      const id = li.dataset.id!;
      if ((ev.target as HTMLElement).classList.contains("twisty")) {
        this.toggle(id);
        return;
      }
      this.focus(id);
      this.host.select(id, ev.shiftKey);
    });
    root.addEventListener("dblclick", (ev) => {
      const li = (ev.target as HTMLElement).closest("li[role=treeitem]") as HTMLLIElement | null;
      if (li) this.edit(li.dataset.id!);
    });
  }

  /** Builds the tree again from the mirror. */
  render(mirror: SceneMirror, selected: Set<NodeId>) {
    this.mirror = mirror;
    this.selected = selected;
    if (this.editing) return; // do not pull the text box out from under the user
    const hadFocus = this.root.contains(document.activeElement);
    this.items.clear();
    const frag = document.createDocumentFragment();
    for (const id of mirror.children.get(null) ?? []) frag.append(this.item(mirror, id, 1));
    this.root.replaceChildren(frag);
    if (!this.focusId || !this.items.has(this.focusId)) this.focusId = (mirror.children.get(null) ?? [])[0] ?? null;
    this.setSelected(selected);
    if (hadFocus && this.focusId) this.items.get(this.focusId)?.focus();
  }

  /** Brings the tree up to date after a delta without rebuilding all of it: the
   *  children of each `touched` parent are regrouped (reusing the items that stay), and
   *  the rows of `changed` nodes are rewritten in place. */
  update(mirror: SceneMirror, selected: Set<NodeId>, touched: Set<NodeId | null> | "all", changed: NodeId[], removed: NodeId[]) {
    if (touched === "all" || this.editing || !this.mirror || touched.size > 50) {
      this.render(mirror, selected);
      return;
    }
    this.mirror = mirror;
    const hadFocus = this.root.contains(document.activeElement);
    for (const id of removed) this.items.delete(id);
    for (const p of touched) {
      if (p !== null && !this.items.has(p)) continue; // under a folded node: built when unfolded
      if (p !== null && this.folded.has(p)) {
        this.refreshRow(mirror, p);
        continue;
      }
      const level = p === null ? 1 : Number(this.items.get(p)!.getAttribute("aria-level")) + 1;
      const kids = (mirror.children.get(p) ?? []).map((id) => {
        const li = this.items.get(id);
        return li && Number(li.getAttribute("aria-level")) === level ? li : this.item(mirror, id, level);
      });
      if (p === null) {
        this.root.replaceChildren(...kids);
        continue;
      }
      const li = this.items.get(p)!;
      let group = li.querySelector(":scope > ul") as HTMLUListElement | null;
      if (!kids.length) {
        group?.remove();
        li.removeAttribute("aria-expanded");
      } else {
        if (!group) {
          group = document.createElement("ul");
          group.setAttribute("role", "group");
          li.append(group);
        }
        group.replaceChildren(...kids);
        li.setAttribute("aria-expanded", "true");
      }
      this.refreshRow(mirror, p);
    }
    for (const id of changed) if (!touched.has(id)) this.refreshRow(mirror, id);
    this.setSelected(selected);
    if (hadFocus && this.focusId) this.items.get(this.focusId)?.focus();
  }

  /** Rewrites one item's caption, text and twisty from the mirror. */
  private refreshRow(mirror: SceneMirror, id: NodeId) {
    const li = this.items.get(id);
    const n = mirror.node(id);
    if (!li || !n) return;
    const caption = li.querySelector(":scope > .row > .caption") as HTMLElement;
    const role = this.host.roleOf(id);
    caption.className = `caption ${role}`;
    caption.textContent = CAPTION[role] ?? n.kind;
    (li.querySelector(":scope > .row > .text") as HTMLElement).textContent = label(n);
    const twisty = li.querySelector(":scope > .row > .twisty") as HTMLElement;
    const hasKids = (mirror.children.get(id) ?? []).length > 0;
    twisty.textContent = hasKids ? (this.folded.has(id) ? "▸" : "▾") : "";
    if (hasKids) li.setAttribute("aria-expanded", String(!this.folded.has(id)));
    else li.removeAttribute("aria-expanded");
  }

  private item(mirror: SceneMirror, id: NodeId, level: number): HTMLLIElement {
    const n = mirror.node(id)!;
    const li = document.createElement("li");
    li.setAttribute("role", "treeitem");
    li.setAttribute("aria-level", String(level));
    li.dataset.id = id;
    li.tabIndex = -1;
    li.setAttribute("aria-selected", String(this.selected.has(id)));
    const row = document.createElement("div");
    row.className = "row";
    row.style.paddingLeft = `${(level - 1) * 14 + 6}px`;
    const twisty = document.createElement("span");
    twisty.className = "twisty";
    twisty.setAttribute("aria-hidden", "true");
    const caption = document.createElement("span");
    caption.className = `caption ${this.host.roleOf(id)}`;
    caption.textContent = CAPTION[this.host.roleOf(id)] ?? n.kind;
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = label(n);
    const status = document.createElement("span");
    status.className = "status";
    row.append(twisty, caption, status, text);
    this.paintStatus(status, id);
    li.append(row);
    const kids = mirror.children.get(id) ?? [];
    if (kids.length) {
      const open = !this.folded.has(id);
      li.setAttribute("aria-expanded", String(open));
      twisty.textContent = open ? "▾" : "▸";
      if (open) {
        const ul = document.createElement("ul");
        ul.setAttribute("role", "group");
        for (const k of kids) ul.append(this.item(mirror, k, level + 1));
        li.append(ul);
      }
    }
    this.items.set(id, li);
    return li;
  }

  /** Shows the claim's status (after an edit changed it, or the evaluation was toggled):
   *  a mark, and words for screen readers, so it is not told by colour alone. */
  refreshStatus(id: NodeId) {
    const span = this.items.get(id)?.querySelector(":scope > .row > .status");
    if (span) this.paintStatus(span as HTMLElement, id);
  }

  private paintStatus(span: HTMLElement, id: NodeId) {
    const st = this.host.statusOf(id);
    if (!st) {
      span.textContent = "";
      span.removeAttribute("aria-label");
      span.className = "status";
      return;
    }
    const [mark, word] = STATUS_WORDS[st.label];
    span.textContent = st.unsupported ? `${mark}!` : mark;
    span.className = `status ${st.label}`;
    span.setAttribute("role", "img");
    span.setAttribute(
      "aria-label",
      `${st.assumed ? `${word} by your assumption` : word}${st.unsupported ? ", unsupported" : ""}${st.unanswered ? ", unanswered" : ""}`,
    );
    span.title = span.getAttribute("aria-label")!;
  }

  setSelected(selected: Set<NodeId>) {
    this.selected = selected;
    // Only the items whose state changes are touched: on a large map, setting every
    // item's attribute after each edit costs more than the edit.
    for (const id of this.marked) if (!selected.has(id)) this.items.get(id)?.setAttribute("aria-selected", "false");
    this.marked = new Set();
    for (const id of selected) {
      const li = this.items.get(id);
      if (!li) continue;
      li.setAttribute("aria-selected", "true");
      this.marked.add(id);
    }
    if (selected.size === 1) {
      const id = [...selected][0];
      this.reveal(id);
      this.setFocusId(id);
    }
  }

  /** Unfolds the ancestors of `id` so it can be seen. */
  private reveal(id: NodeId) {
    let p = this.mirror?.node(id)?.parent ?? null;
    let changed = false;
    while (p) {
      if (this.folded.delete(p)) changed = true;
      p = this.mirror?.node(p)?.parent ?? null;
    }
    if (changed && this.mirror) this.render(this.mirror, this.selected);
    this.items.get(id)?.scrollIntoView({ block: "nearest" });
  }

  private setFocusId(id: NodeId) {
    if (this.focusId) this.items.get(this.focusId)?.setAttribute("tabindex", "-1");
    this.focusId = id;
    this.items.get(id)?.setAttribute("tabindex", "0");
  }

  focus(id: NodeId) {
    this.setFocusId(id);
    this.items.get(id)?.focus();
  }

  private toggle(id: NodeId) {
    if (this.folded.has(id)) this.folded.delete(id);
    else this.folded.add(id);
    if (this.mirror) this.render(this.mirror, this.selected);
    this.focus(id);
  }

  /** The items a reader can reach, top to bottom. */
  private visible(): NodeId[] {
    return [...this.root.querySelectorAll<HTMLLIElement>("li[role=treeitem]")].map((li) => li.dataset.id!);
  }

  private key(ev: KeyboardEvent) {
    if (this.editing || !this.focusId || !this.mirror) return;
    const id = this.focusId;
    const list = this.visible();
    const i = list.indexOf(id);
    const kids = this.mirror.children.get(id) ?? [];
    const go = (next: NodeId | undefined) => {
      if (!next) return;
      this.focus(next);
      this.host.select(next, false);
    };
    switch (ev.key) {
      case "ArrowDown": go(list[i + 1]); break;
      case "ArrowUp": go(list[i - 1]); break;
      case "Home": go(list[0]); break;
      case "End": go(list[list.length - 1]); break;
      case "ArrowRight":
        if (kids.length && this.folded.has(id)) this.toggle(id);
        else go(kids[0]);
        break;
      case "ArrowLeft":
        if (kids.length && !this.folded.has(id)) this.toggle(id);
        else go(this.mirror.node(id)?.parent ?? undefined);
        break;
      case "Enter":
      case "F2":
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
        this.edit(id);
        break;
      default:
        return; // everything else (add, delete, undo...) is the app's, on the selection
    }
    ev.preventDefault();
    ev.stopPropagation();
  }

  /** Edits a statement in place in the outline. */
  edit(id: NodeId) {
    const li = this.items.get(id);
    const n = this.mirror?.node(id);
    if (!li || !n) return;
    this.editing = id;
    const span = li.querySelector(":scope > .row > .text") as HTMLElement;
    const box = document.createElement("textarea");
    box.className = "outline-editor";
    box.value = n.text;
    box.setAttribute("aria-label", "Statement text");
    span.replaceWith(box);
    box.focus();
    box.select();
    const done = (commit: boolean) => {
      if (this.editing !== id) return;
      this.editing = null;
      const text = box.value.trim();
      box.replaceWith(span);
      if (commit && text !== n.text) this.host.commitText(id, text);
      else if (this.mirror) this.render(this.mirror, this.selected);
      this.focus(id);
    };
    box.addEventListener("keydown", (ev) => {
      ev.stopPropagation();
      if (ev.key === "Escape") { ev.preventDefault(); done(false); }
      else if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); done(true); }
    });
    box.addEventListener("blur", () => done(true));
  }

  get isEditing(): boolean {
    return this.editing !== null;
  }
}

export function label(n: SceneNode): string {
  const text = n.text.trim() || "(empty)";
  return n.label ? `${n.label}: ${text}` : text;
}

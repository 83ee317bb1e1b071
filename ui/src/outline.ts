// The outline: the same map as a tree of statements, for the keyboard and for screen
// readers (the WAI-ARIA tree pattern: role tree / treeitem with aria-level, aria-setsize,
// aria-posinset, aria-expanded, aria-selected; one tabbable item). Text is set with
// textContent only. It is virtual: the tree is kept as a flat list of the rows a reader
// can reach, and only the rows in view (and a few either side) are in the page, so a
// 10,000-statement map costs the page what a screenful does.

import type { SceneMirror } from "./scene";
import type { NodeId, SceneNode, StatusRow } from "./types";

export const CAPTION: Record<string, string> = {
  thesis: "Thesis", support: "Support", objection: "Objection", rebuttal: "Rebuttal",
  evidence: "Evidence", question: "Question", note: "Note",
};

export interface OutlineHost {
  select(id: NodeId, additive: boolean): void;
  /** Expands a statement collapsed in the map, on the canvas too. */
  expand(id: NodeId): void;
  commitText(id: NodeId, text: string): void;
  /** Rebuttals are objections to objections: the caption the canvas shows. */
  roleOf(id: NodeId): string;
  /** The claim's evaluation while it is shown, else undefined. */
  statusOf(id: NodeId): StatusRow | undefined;
}

const STATUS_WORDS = { in: ["✓", "stands"], out: ["✗", "defeated"], undecided: ["?", "undecided"] } as const;

/** One row a reader can reach: a node whose ancestors are all unfolded. A statement
 *  collapsed in the map is folded here too (the canvas hides what hangs from it), and
 *  unfolding it here expands it in the map; folding a row here is the reader's own, as
 *  in any tree view, and changes nothing in the map. */
interface Row { id: NodeId; level: number; setsize: number; posinset: number; kids: number }

/** Every row is this tall (one line of text; the full text is in the title and the
 *  inspector). Fixed, so where a row is follows from its number. */
export const ROW_HEIGHT = 24;
/** Rows kept in the page beyond each edge of the view. */
const OVERSCAN = 12;

export class Outline {
  /** The rows now in the page, by node. */
  private items = new Map<NodeId, HTMLLIElement>();
  private rows: Row[] = [];
  private index = new Map<NodeId, number>();
  /** Rows the reader folded here (not collapsed in the map). */
  private closed = new Set<NodeId>();
  private focusId: NodeId | null = null;
  private editing: NodeId | null = null;
  private mirror: SceneMirror | null = null;
  private selected = new Set<NodeId>();
  private top = document.createElement("li");
  private bottom = document.createElement("li");
  private scroller: HTMLElement;
  private pending = false;
  /** The panel's height, where the first row starts in it and how far it is scrolled, as
   *  last read. Reading them after the page changed makes the browser lay the whole page
   *  out there and then (every edit changes the page); kept here, they are read again
   *  only when they can have changed: on a scroll, or when the panel is resized. */
  private geometry: { height: number; origin: number; top: number } | null = null;

  constructor(private root: HTMLUListElement, private host: OutlineHost) {
    root.setAttribute("role", "tree");
    root.setAttribute("aria-multiselectable", "true");
    for (const spacer of [this.top, this.bottom]) spacer.setAttribute("role", "none");
    this.scroller = root.parentElement ?? root;
    new ResizeObserver(() => (this.geometry = null)).observe(this.scroller);
    this.scroller.addEventListener("scroll", () => {
      if (this.geometry) this.geometry.top = this.scroller.scrollTop;
      if (this.pending) return;
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.paint();
      });
    });
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

  /** Builds the list of rows again from the mirror and shows the ones in view: on
   *  opening and after every delta. Only a screenful of rows is redrawn, but the walk
   *  over the mirror takes about 10 ms at 10,000 nodes in WebKitGTK, so the page runs
   *  this after the frame that shows an edit. */
  render(mirror: SceneMirror, selected: Set<NodeId>) {
    this.mirror = mirror;
    this.selected = selected;
    if (this.editing) return; // do not pull the text box out from under the user
    this.flatten();
    if (!this.focusId || !this.index.has(this.focusId)) this.focusId = this.rows[0]?.id ?? null;
    this.items.clear(); // rows are rebuilt: a changed caption or text shows
    this.paint();
    this.setSelected(selected);
  }

  /** The rows a reader can reach, in order: a walk of the tree that skips what is
   *  under folded nodes (iterative, so a chain of any depth is fine). */
  private flatten() {
    const m = this.mirror!;
    this.rows = [];
    this.index.clear();
    const stack: Row[] = [];
    const push = (list: NodeId[], level: number) => {
      for (let k = list.length - 1; k >= 0; k--) {
        stack.push({ id: list[k], level, setsize: list.length, posinset: k + 1, kids: 0 });
      }
    };
    push(m.children.get(null) ?? [], 1);
    while (stack.length) {
      const row = stack.pop()!;
      const kids = m.children.get(row.id) ?? [];
      row.kids = kids.length;
      this.index.set(row.id, this.rows.length);
      this.rows.push(row);
      if (kids.length && !this.folded(row.id)) push(kids, row.level + 1);
    }
  }

  /** Puts the rows in view into the page, reusing those already there. */
  private paint() {
    if (!this.mirror || this.editing) return;
    const g = this.measured();
    const view = g.height || 800;
    const offset = Math.max(0, g.top - g.origin);
    const first = Math.max(0, Math.floor(offset / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((offset + view) / ROW_HEIGHT) + OVERSCAN);
    const active = document.activeElement as HTMLElement | null;
    const hadFocus = !!active && this.root.contains(active);
    const shown = new Map<NodeId, HTMLLIElement>();
    const lis: HTMLLIElement[] = [];
    for (let i = first; i < last; i++) {
      const row = this.rows[i];
      const li = this.items.get(row.id) ?? this.item(row);
      this.place(li, row);
      shown.set(row.id, li);
      lis.push(li);
    }
    this.items = shown;
    this.top.style.height = `${first * ROW_HEIGHT}px`;
    this.bottom.style.height = `${(this.rows.length - last) * ROW_HEIGHT}px`;
    this.root.replaceChildren(this.top, ...lis, this.bottom);
    if (hadFocus && this.focusId) this.items.get(this.focusId)?.focus({ preventScroll: true });
  }

  /** The panel's geometry, read from the page the first time it is needed after a
   *  resize (or while the panel is hidden, when there is none to read). */
  private measured(): { height: number; origin: number; top: number } {
    if (this.geometry?.height) return this.geometry;
    const s = this.scroller;
    const padding = parseFloat(getComputedStyle(this.root).paddingTop) || 0;
    // Where the first row starts in the scrolled panel (after the list's padding).
    const origin = this.root.getBoundingClientRect().top - s.getBoundingClientRect().top + s.scrollTop + padding;
    this.geometry = { height: s.clientHeight, origin, top: s.scrollTop };
    return this.geometry;
  }

  /** Scrolls the panel, keeping the geometry in step (if the browser stops short of
   *  `top`, its scroll event says where). */
  private scrollPanel(top: number) {
    this.scroller.scrollTop = top;
    this.geometry = { ...this.measured(), top: Math.max(0, top) };
  }

  /** Sets what a row's place in the tree decides. */
  private place(li: HTMLLIElement, row: Row) {
    li.setAttribute("aria-level", String(row.level));
    li.setAttribute("aria-setsize", String(row.setsize));
    li.setAttribute("aria-posinset", String(row.posinset));
    li.setAttribute("aria-selected", String(this.selected.has(row.id)));
    li.tabIndex = row.id === this.focusId ? 0 : -1;
    (li.firstElementChild as HTMLElement).style.paddingLeft = `${(row.level - 1) * 14 + 6}px`;
    const twisty = li.querySelector(":scope > .row > .twisty") as HTMLElement;
    if (row.kids) {
      const open = !this.folded(row.id);
      li.setAttribute("aria-expanded", String(open));
      twisty.textContent = open ? "▾" : "▸";
    } else {
      li.removeAttribute("aria-expanded");
      twisty.textContent = "";
    }
  }

  private item(row: Row): HTMLLIElement {
    const n = this.mirror!.node(row.id)!;
    const li = document.createElement("li");
    li.setAttribute("role", "treeitem");
    li.dataset.id = row.id;
    const div = document.createElement("div");
    div.className = "row";
    const twisty = document.createElement("span");
    twisty.className = "twisty";
    twisty.setAttribute("aria-hidden", "true");
    const role = this.host.roleOf(row.id);
    const caption = document.createElement("span");
    caption.className = `caption ${role}`;
    caption.textContent = CAPTION[role] ?? n.kind;
    const text = document.createElement("span");
    text.className = "text";
    // Its own direction, from its first letter: a Hebrew or Arabic statement starts at
    // the right and is cut short at the left.
    text.dir = "auto";
    text.textContent = label(n);
    div.title = label(n);
    const status = document.createElement("span");
    status.className = "status";
    div.append(twisty, caption, status, text);
    this.paintStatus(status, row.id);
    li.append(div);
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
      span.removeAttribute("role");
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
    for (const [id, li] of this.items) li.setAttribute("aria-selected", String(selected.has(id)));
    if (selected.size === 1) {
      const id = [...selected][0];
      this.reveal(id);
      this.setFocusId(id);
    }
  }

  /** Unfolds the rows the reader folded above `id` and scrolls its row into view (a
   *  statement under one collapsed in the map has no row until the page expands it). */
  private reveal(id: NodeId) {
    let p = this.mirror?.node(id)?.parent ?? null;
    let changed = false;
    while (p) {
      if (this.closed.delete(p)) changed = true;
      p = this.mirror?.node(p)?.parent ?? null;
    }
    if (changed && this.mirror) this.flatten();
    this.scrollTo(id, changed);
  }

  private collapsed(id: NodeId): boolean {
    return !!this.mirror?.node(id)?.collapsed;
  }

  private folded(id: NodeId): boolean {
    return this.closed.has(id) || this.collapsed(id);
  }

  /** Scrolls the least that shows the row, and puts the rows now in view in the page. */
  private scrollTo(id: NodeId, repaint = false) {
    const i = this.index.get(id);
    if (i === undefined) return;
    const g = this.measured();
    const y = g.origin + i * ROW_HEIGHT;
    if (y < g.top) this.scrollPanel(y);
    else if (y + ROW_HEIGHT > g.top + g.height) this.scrollPanel(y + ROW_HEIGHT - g.height);
    else if (!repaint && this.items.has(id)) return;
    this.paint();
  }

  private setFocusId(id: NodeId) {
    if (this.focusId) this.items.get(this.focusId)?.setAttribute("tabindex", "-1");
    this.focusId = id;
    this.items.get(id)?.setAttribute("tabindex", "0");
  }

  focus(id: NodeId) {
    this.setFocusId(id);
    this.scrollTo(id);
    this.items.get(id)?.focus({ preventScroll: true });
  }

  /** Folds or unfolds `id`'s row. Unfolding a statement collapsed in the map expands
   *  it there (an edit, whose delta brings the rows); the rest is the outline's own. */
  private toggle(id: NodeId) {
    if (this.folded(id)) {
      this.closed.delete(id);
      if (this.collapsed(id)) this.host.expand(id);
    } else {
      this.closed.add(id);
    }
    if (this.mirror) {
      this.flatten();
      this.paint();
    }
    this.focus(id);
  }

  private key(ev: KeyboardEvent) {
    if (this.editing || !this.focusId || !this.mirror) return;
    const id = this.focusId;
    const i = this.index.get(id) ?? 0;
    const kids = this.mirror.children.get(id) ?? [];
    const go = (next: NodeId | undefined) => {
      if (!next) return;
      this.focus(next);
      this.host.select(next, false);
    };
    switch (ev.key) {
      case "ArrowDown": go(this.rows[i + 1]?.id); break;
      case "ArrowUp": go(this.rows[i - 1]?.id); break;
      case "Home": go(this.rows[0]?.id); break;
      case "End": go(this.rows[this.rows.length - 1]?.id); break;
      case "ArrowRight":
        if (kids.length && this.folded(id)) this.toggle(id);
        else go(kids[0]);
        break;
      case "ArrowLeft":
        if (kids.length && !this.folded(id)) this.toggle(id);
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
    this.scrollTo(id);
    const li = this.items.get(id);
    const n = this.mirror?.node(id);
    if (!li || !n) return;
    this.editing = id;
    li.classList.add("editing");
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
      li.classList.remove("editing");
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

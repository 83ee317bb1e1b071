// A small popup menu (WAI-ARIA menu pattern) for the context menu, kinds and relations.
// Labels are set with textContent. Arrow keys move, Enter or Space chooses, Right opens
// a submenu, Left or Escape goes back.

export type MenuItem =
  | { label: string; key?: string; checked?: boolean; run: () => unknown; submenu?: undefined; separator?: undefined }
  | { label: string; key?: string; submenu: MenuItem[]; run?: undefined; checked?: undefined; separator?: undefined }
  | { separator: true; label?: undefined; key?: undefined; run?: undefined; submenu?: undefined; checked?: undefined };

export class Menu {
  private stack: { items: MenuItem[]; x: number; y: number; title?: string }[] = [];
  /** The button that opened the menu, if a button did. */
  private opener: HTMLElement | null = null;

  constructor(private root: HTMLElement, private onClose: () => void) {
    root.addEventListener("keydown", (ev) => this.key(ev));
    document.addEventListener("pointerdown", (ev) => {
      // A press on the opening button is left to it: it closes the menu.
      const t = ev.target as Node;
      if (this.isOpen && !root.contains(t) && !this.opener?.contains(t)) this.close();
    }, true);
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  /** Whether the menu is open from this button. */
  openedBy(button: HTMLElement): boolean {
    return this.isOpen && this.opener === button;
  }

  open(items: MenuItem[], x: number, y: number, title?: string, opener?: HTMLElement) {
    this.release();
    if (opener) {
      this.opener = opener;
      opener.setAttribute("aria-expanded", "true");
    }
    this.stack = [{ items, x, y, title }];
    this.draw();
  }

  close() {
    if (!this.isOpen) return;
    this.root.hidden = true;
    this.stack = [];
    this.release();
    this.onClose();
  }

  private release() {
    this.opener?.setAttribute("aria-expanded", "false");
    this.opener = null;
  }

  private draw(focus = 0) {
    const top = this.stack[this.stack.length - 1];
    const list = document.createElement("div");
    list.className = "menu-list";
    if (top.title) {
      const h = document.createElement("div");
      h.className = "menu-title";
      h.textContent = top.title;
      list.append(h);
    }
    top.items.forEach((item) => {
      if (item.separator) {
        const hr = document.createElement("div");
        hr.setAttribute("role", "separator");
        hr.className = "menu-sep";
        list.append(hr);
        return;
      }
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("role", item.checked === undefined ? "menuitem" : "menuitemradio");
      if (item.checked !== undefined) b.setAttribute("aria-checked", String(item.checked));
      if (item.submenu) b.setAttribute("aria-haspopup", "menu");
      b.tabIndex = -1;
      const label = document.createElement("span");
      label.textContent = (item.checked ? "✓ " : "") + item.label + (item.submenu ? " ▸" : "");
      const key = document.createElement("kbd");
      key.textContent = item.key ?? "";
      b.append(label, key);
      b.addEventListener("click", () => this.choose(item));
      list.append(b);
    });
    this.root.replaceChildren(list);
    this.root.hidden = false;
    // Keep it on screen.
    const r = this.root.getBoundingClientRect();
    this.root.style.left = `${Math.max(4, Math.min(top.x, window.innerWidth - r.width - 4))}px`;
    this.root.style.top = `${Math.max(4, Math.min(top.y, window.innerHeight - r.height - 4))}px`;
    this.buttons()[focus]?.focus();
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.root.querySelectorAll<HTMLButtonElement>("button")];
  }

  private choose(item: MenuItem) {
    if (item.submenu) {
      const top = this.stack[this.stack.length - 1];
      this.stack.push({ items: item.submenu, x: top.x + 12, y: top.y + 12, title: item.label });
      this.draw();
      return;
    }
    this.close();
    void item.run?.();
  }

  private key(ev: KeyboardEvent) {
    ev.stopPropagation();
    const bs = this.buttons();
    const i = bs.indexOf(document.activeElement as HTMLButtonElement);
    const items = this.stack[this.stack.length - 1].items.filter((it) => !it.separator);
    switch (ev.key) {
      case "ArrowDown": bs[(i + 1) % bs.length]?.focus(); break;
      case "ArrowUp": bs[(i - 1 + bs.length) % bs.length]?.focus(); break;
      case "Home": bs[0]?.focus(); break;
      case "End": bs[bs.length - 1]?.focus(); break;
      case "ArrowRight": if (items[i]?.submenu) this.choose(items[i]); break;
      case "ArrowLeft":
      case "Escape":
        if (this.stack.length > 1) { this.stack.pop(); this.draw(); }
        else this.close();
        break;
      case "Enter": case " ": if (items[i]) this.choose(items[i]); break;
      default: return;
    }
    ev.preventDefault();
  }
}

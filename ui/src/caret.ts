// The statement editor's caret. The editor sets its text TEXT_SCALE times larger and is
// scaled back down (as the canvas draws text, paint.ts), so that it wraps where the box
// will; its own caret, one pixel wide before the scaling, would be a tenth of a pixel
// after it. This one is drawn beside the editor instead, where a copy of the editor's
// text up to the caret ends.

export class Caret {
  private readonly bar: HTMLElement;
  /** Lays out the text before the caret as the editor does, to find where it ends. */
  private readonly copy: HTMLElement;

  constructor(private readonly editor: HTMLTextAreaElement, private readonly scale: number) {
    this.bar = document.createElement("div");
    this.bar.id = "caret";
    this.bar.hidden = true;
    this.copy = document.createElement("div");
    this.copy.setAttribute("aria-hidden", "true");
    this.copy.className = "caret-copy";
    editor.after(this.bar, this.copy);
    const update = () => this.update();
    for (const e of ["input", "focus", "select", "keyup", "mouseup"]) editor.addEventListener(e, update);
    // The caret moves after keydown's default action: arrows, Home, End.
    editor.addEventListener("keydown", () => requestAnimationFrame(update));
    document.addEventListener("selectionchange", update);
    editor.addEventListener("blur", () => this.hide());
  }

  /** Puts the caret where the editor's selection ends, or hides it while a range is
   *  selected (the selection shows instead) or the editor is away. */
  update() {
    const e = this.editor;
    if (e.hidden || document.activeElement !== e || e.selectionStart !== e.selectionEnd) {
      this.hide();
      return;
    }
    const style = getComputedStyle(e);
    const c = this.copy.style;
    c.font = style.font;
    c.lineHeight = style.lineHeight;
    c.letterSpacing = style.letterSpacing;
    c.width = style.width;
    c.padding = style.padding;
    c.borderWidth = style.borderWidth;
    c.boxSizing = style.boxSizing;
    c.direction = style.direction;
    c.unicodeBidi = style.unicodeBidi;
    const at = e.selectionEnd;
    this.copy.textContent = e.value.slice(0, at);
    const mark = document.createElement("span");
    // Something to measure, on the line the next character would start.
    mark.textContent = e.value.slice(at, at + 1).replace("\n", "") || "\u200b";
    this.copy.append(mark);
    // The whole line the mark is on (an inline box is shorter than its line).
    const lineHeight = parseFloat(style.lineHeight);
    const top = Math.floor((mark.offsetTop + mark.offsetHeight / 2) / lineHeight) * lineHeight;
    // The editor's scaling leaves its offsets alone and shrinks what is inside it.
    const k = this.scale;
    // In a paragraph read right to left, the next letter is set to the left of the
    // caret.
    const start = e.value.lastIndexOf("\n", at - 1) + 1;
    const end = e.value.indexOf("\n", at);
    const rtl = readsRightToLeft(e.value.slice(start, end < 0 ? undefined : end));
    const x = mark.offsetLeft + (rtl ? mark.offsetWidth : 0);
    const b = this.bar.style;
    b.left = `${e.offsetLeft + (parseFloat(style.borderLeftWidth) + x - e.scrollLeft) / k}px`;
    b.top = `${e.offsetTop + (parseFloat(style.borderTopWidth) + top - e.scrollTop) / k}px`;
    b.height = `${lineHeight / k}px`;
    // Solid while it moves; blinking again from the start.
    this.bar.hidden = false;
    this.bar.classList.remove("blink");
    void this.bar.offsetWidth;
    this.bar.classList.add("blink");
  }

  hide() {
    this.bar.hidden = true;
  }
}

/** The first letter that has a direction, and the marks that have one (LRM, RLM, ALM). */
const STRONG = /[\p{L}\u200e\u200f\u061c]/u;
/** Hebrew, Arabic, Syriac, Thaana, N'Ko and the other right-to-left scripts, RLM. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** Whether a paragraph reads right to left, as the layout decides it (argmap-render's
 *  font.rs, after Unicode's rules P2 and P3): by its first letter that has a direction.
 *  The editor (`unicode-bidi: plaintext`) sets each paragraph the same way. */
export function readsRightToLeft(paragraph: string): boolean {
  const first = STRONG.exec(paragraph);
  return first !== null && RIGHT_TO_LEFT.test(first[0]);
}

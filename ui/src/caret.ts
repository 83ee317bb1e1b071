// The statement editor's caret. The editor sets its text TEXT_SCALE times larger and is
// scaled back down (as the canvas draws text, paint.ts), so that it wraps where the box
// will; its own caret, one pixel wide before the scaling, would be a tenth of a pixel
// after it. This one is drawn beside the editor instead, at the side of the letter next
// to the caret in a copy of the editor's text laid out as the editor lays it out.

export class Caret {
  private readonly bar: HTMLElement;
  /** Lays out the editor's text as the editor does, the letter beside the caret in a
   *  span of its own. */
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
    const text = e.value;
    const start = text.lastIndexOf("\n", at - 1) + 1;
    const stop = text.indexOf("\n", at);
    const end = stop < 0 ? text.length : stop;
    const rtl = readsRightToLeft(text.slice(start, end));
    // Something to measure on the caret's line: the next letter, whose start side the
    // caret stands at; at the end of a paragraph the letter before, at its end side;
    // in an empty paragraph, a zero-width space.
    let [from, to, after] = [at, at, false];
    if (at < end) to = at + codePointLength(text, at);
    else if (at > start) [from, after] = [at - codePointLengthBefore(text, at), true];
    const letter = text.slice(from, to);
    this.copy.textContent = text.slice(0, from);
    const mark = document.createElement("span");
    mark.textContent = letter || "\u200b";
    // The text after it too: it decides where the mark's line breaks, and which way a
    // paragraph reads whose first letter comes after the caret.
    this.copy.append(mark, text.slice(to));
    // The whole line the mark is on (an inline box is shorter than its line).
    const lineHeight = parseFloat(style.lineHeight);
    const top = Math.floor((mark.offsetTop + mark.offsetHeight / 2) / lineHeight) * lineHeight;
    // A letter that reads right to left starts at its right side.
    const x = mark.offsetLeft + (readsRightToLeftAt(letter, rtl) !== after ? mark.offsetWidth : 0);
    // The editor's scaling leaves its offsets alone and shrinks what is inside it.
    const k = this.scale;
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

/** Whether a letter is set right to left: a letter with a direction by its own, a digit
 *  left to right, anything else (a space, a mark) as its paragraph reads. */
function readsRightToLeftAt(letter: string, paragraph: boolean): boolean {
  if (STRONG.test(letter)) return RIGHT_TO_LEFT.test(letter);
  return /\p{Nd}/u.test(letter) ? false : paragraph;
}

/** How many UTF-16 units the character at `i` takes (two for one beyond the BMP). */
function codePointLength(text: string, i: number): number {
  return (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/** How many UTF-16 units the character that ends at `i` takes. */
function codePointLengthBefore(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  return i >= 2 && low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

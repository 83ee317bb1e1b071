// The export dialog: the options of a picture (size, theme, background, margin, the
// evaluation's marks, the map inside, text as outlines), asked before the native save
// dialog. The choices are kept for the next export. Text is set with textContent only.

export type PictureFormat = "png" | "svg" | "pdf";

export interface ExportChoices {
  /** Only the selection, what hangs from it and the claims above it (not kept for
   *  the next export: it is about what is selected now). */
  only: boolean;
  scale: number;
  theme: string;
  transparent: boolean;
  padding: number;
  badges: boolean;
  embed: boolean;
  text_as_paths: boolean;
}

/** A PNG's size at one scale, as the PNG painter decides it (argmap_render::raster). */
export interface PngSize { scale: number; width: number; height: number; fits: boolean }
export interface PngSizes { sizes: PngSize[]; limit_megapixels: number; clipboard_megapixels: number }

export interface ExportHost {
  /** The PNG's size at each scale with this margin, of the whole map or `only` the
   *  selection's part, from the painter; null on failure. */
  sizes(padding: number, scales: number[], only: boolean): Promise<PngSizes | null>;
  /** Exports with these choices (the native save dialog follows). */
  export(options: ExportChoices & { format: PictureFormat }): void;
  /** Puts the PNG these choices draw on the clipboard. */
  copy(options: ExportChoices): void;
  closed(): void;
}

/** The margin a picture has unless the user chooses another: the layout's own
 *  (argmap_render::layout::MARGIN), which the export uses when given none. */
const DEFAULT_MARGIN = 24;
const STORE = "argmap.export";

/** What the dialog says of the PNG's size at the chosen scale, and whether Export and
 *  Copy are offered: the painter refuses a PNG over its budget, and the clipboard one
 *  over its own, smaller one, so the dialog names the largest size offered that fits
 *  (or copies), or says that none does. */
export function sizeNote(offered: PngSizes, scale: number, labelOf: (scale: number) => string):
  { text: string; size: string; over: boolean; copyable: boolean } | null {
  const at = offered.sizes.find((s) => s.scale === scale);
  if (!at) return null;
  const fmt = (n: number) => n.toLocaleString("en-US");
  const copies = (s: PngSize) => s.width * s.height <= offered.clipboard_megapixels * 1e6;
  let text = `${fmt(at.width)} × ${fmt(at.height)} pixels`;
  if (!at.fits) {
    const fitting = offered.sizes.filter((s) => s.fits).map((s) => s.scale);
    const limit = `over the ${fmt(offered.limit_megapixels)}-megapixel limit`;
    text += fitting.length
      ? ` — ${limit}; ${labelOf(Math.max(...fitting))} fits`
      : ` — ${limit} at every size; SVG or PDF keep the whole map`;
  } else if (!copies(at)) {
    const copying = offered.sizes.filter(copies).map((s) => s.scale);
    text += copying.length
      ? ` — too big to copy; ${labelOf(Math.max(...copying))} copies`
      : " — too big to copy at any size";
  }
  return { text, size: `${at.width}x${at.height}`, over: !at.fits, copyable: copies(at) };
}

const NAMES: Record<PictureFormat, string> = { png: "PNG picture", svg: "SVG drawing", pdf: "PDF document" };

export class ExportDialog {
  private format: PictureFormat = "png";
  /** The number of the last question about sizes. */
  private asked = 0;
  private readonly form: HTMLFormElement;

  constructor(private root: HTMLElement, private host: ExportHost) {
    this.form = root.querySelector("form")!;
    this.form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.host.export({ ...this.done(), format: this.format });
    });
    this.copyButton.addEventListener("click", () => this.host.copy(this.done()));
    this.form.addEventListener("input", () => this.showSize());
    root.addEventListener("keydown", (ev) => {
      ev.stopPropagation(); // no canvas shortcut while the dialog is open
      if (ev.key === "Escape") { ev.preventDefault(); this.close(); }
      // Shift+Tab can come as key "Unidentified" (GTK's ISO_Left_Tab); its code is Tab.
      if (ev.key === "Tab" || ev.code === "Tab") this.keepFocus(ev);
    });
    root.querySelector("[data-close]")!.addEventListener("click", () => this.close());
  }

  get isOpen() { return !this.root.hidden; }

  private get copyButton() { return this.root.querySelector<HTMLButtonElement>("[data-copy]")!; }

  /** The choices made, kept for next time (all but `only`), with the dialog closed. */
  private done(): ExportChoices {
    const choices = this.read();
    const { only: _, ...kept } = choices;
    try { localStorage.setItem(STORE, JSON.stringify(kept)); } catch { /* private mode: not kept */ }
    this.close();
    return choices;
  }

  /** Opens the dialog for `format`, with the last choices (the theme as the canvas
   *  shows it, if none was chosen yet); `selected` statements may be exported alone,
   *  and are to begin with if `only` (the selection's menu asks for a picture of it). */
  open(format: PictureFormat, defaults: { theme: string; badges: boolean; selected: number; only?: boolean }) {
    this.format = format;
    // The marks follow the canvas each time (what is on screen is what is exported);
    // the rest is as last chosen.
    const c: ExportChoices = {
      scale: 2, padding: DEFAULT_MARGIN, transparent: false, embed: true, text_as_paths: false,
      theme: defaults.theme, ...this.kept(), badges: defaults.badges, only: false,
    };
    const f = this.form.elements;
    const only = f.namedItem("only") as HTMLInputElement;
    only.disabled = defaults.selected === 0;
    only.checked = !only.disabled && !!defaults.only;
    this.root.querySelector(".only-what")!.textContent = defaults.selected === 0
      ? "Only the selection (nothing is selected)"
      : `Only the selection: ${defaults.selected === 1 ? "the statement" : `${defaults.selected} statements`}, what hangs from ${defaults.selected === 1 ? "it" : "them"} and the claims above`;
    (f.namedItem("theme") as HTMLSelectElement).value = c.theme;
    (f.namedItem("padding") as HTMLInputElement).value = String(c.padding);
    for (const name of ["transparent", "badges", "embed", "text_as_paths"] as const) (f.namedItem(name) as HTMLInputElement).checked = c[name];
    for (const r of this.form.querySelectorAll<HTMLInputElement>('input[name="scale"]')) r.checked = Number(r.value) === c.scale;
    this.root.querySelector("#export-heading")!.textContent = `Export as ${NAMES[format]}`;
    this.root.dataset.format = format;
    this.showSize();
    this.root.hidden = false;
    this.form.querySelector<HTMLButtonElement>('button[type="submit"]')!.focus();
  }

  /** Tab and Shift+Tab go round the dialog's controls, not out to the window behind it. */
  private keepFocus(ev: KeyboardEvent) {
    // In tab order: what is shown and enabled, and of the size buttons the chosen one.
    const stops = [...this.root.querySelectorAll<HTMLInputElement>("input, select, button")]
      .filter((e) => e.offsetParent !== null && !e.disabled && (e.type !== "radio" || e.checked));
    const [first, last] = [stops[0], stops[stops.length - 1]];
    if (!first) return;
    if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
    else if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
  }

  close() {
    if (this.root.hidden) return;
    this.root.hidden = true;
    this.host.closed();
  }

  private kept(): Partial<ExportChoices> {
    try {
      const v = JSON.parse(localStorage.getItem(STORE) ?? "{}") as Partial<ExportChoices>;
      return typeof v === "object" && v ? v : {};
    } catch {
      return {};
    }
  }

  private read(): ExportChoices {
    const f = this.form.elements;
    const checked = (name: string) => (f.namedItem(name) as HTMLInputElement).checked;
    const scale = Number(this.form.querySelector<HTMLInputElement>('input[name="scale"]:checked')?.value ?? 2);
    const padding = Number((f.namedItem("padding") as HTMLInputElement).value);
    return {
      only: checked("only"),
      scale,
      theme: (f.namedItem("theme") as HTMLSelectElement).value,
      padding: Number.isFinite(padding) ? Math.min(Math.max(padding, 0), 1000) : DEFAULT_MARGIN,
      transparent: checked("transparent"),
      badges: checked("badges"),
      embed: checked("embed"),
      text_as_paths: checked("text_as_paths"),
    };
  }

  /** The PNG's size in pixels, and a word when it is over the painter's budget. The
   *  painter says the sizes; a reply to an older question is dropped. */
  private showSize() {
    const c = this.read();
    const radios = [...this.form.querySelectorAll<HTMLInputElement>('input[name="scale"]')];
    const out = this.root.querySelector<HTMLElement>(".export-size")!;
    const asked = ++this.asked;
    out.dataset.pending = "true";
    void this.host.sizes(c.padding, radios.map((r) => Number(r.value)), c.only).then((offered) => {
      if (asked !== this.asked) return;
      delete out.dataset.pending;
      if (!offered) return;
      const labelOf = (k: number) => radios.find((r) => Number(r.value) === k)?.parentElement?.textContent?.trim() ?? `${k}×`;
      const note = sizeNote(offered, c.scale, labelOf);
      out.textContent = note?.text ?? "";
      out.dataset.size = note?.size ?? "";
      out.classList.toggle("over", note?.over ?? false);
      const submit = this.form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      const active = document.activeElement;
      submit.disabled = this.format === "png" && (note?.over ?? false);
      // The clipboard takes a smaller picture than a file.
      this.copyButton.disabled = !note?.copyable;
      // Focus leaves a button that is turned off: keep it in the dialog, on the size,
      // where the arrow keys choose one that fits.
      // (Only a PNG's buttons are ever off; the size is shown for a PNG only.)
      const stranded = [submit, this.copyButton].some((b) => b.disabled && (active === b || active === document.body));
      if (this.format === "png" && stranded && !this.root.hidden) this.form.querySelector<HTMLInputElement>('input[name="scale"]:checked')?.focus();
    });
  }
}

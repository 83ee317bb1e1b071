// The export dialog: the options of a picture (size, theme, background, margin, the
// evaluation's marks, the map inside, text as outlines), asked before the native save
// dialog. The choices are kept for the next export. Text is set with textContent only.

import type { Rect } from "./types";

export type PictureFormat = "png" | "svg" | "pdf";

export interface ExportChoices {
  scale: number;
  theme: string;
  transparent: boolean;
  padding: number;
  badges: boolean;
  embed: boolean;
  text_as_paths: boolean;
}

export interface ExportHost {
  /** The map's bounds as the layout gives them (its margin included). */
  bounds(): Rect;
  /** Exports with these choices (the native save dialog follows). */
  export(options: ExportChoices & { format: PictureFormat }): void;
  closed(): void;
}

/** The layout's margin around the boxes (argmap_render::layout::MARGIN): a picture's
 *  margin replaces it. */
const LAYOUT_MARGIN = 24;
/** The PNG painter's budget (argmap_render::raster::MAX_PIXELS). */
const MAX_PIXELS = 100e6;
const STORE = "argmap.export";

/** The size in pixels of a PNG of a map with these bounds, as the PNG painter makes it. */
export function pngSize(bounds: Rect, padding: number, scale: number): [number, number] {
  const grow = padding - LAYOUT_MARGIN;
  const w = Math.max(bounds.w + 2 * grow, 1);
  const h = Math.max(bounds.h + 2 * grow, 1);
  return [Math.ceil(w * scale), Math.ceil(h * scale)];
}

/** Of `scales`, the largest whose PNG stays within the painter's budget, or null. */
export function largestFitting(bounds: Rect, padding: number, scales: number[]): number | null {
  const fit = scales.filter((k) => { const [w, h] = pngSize(bounds, padding, k); return w * h <= MAX_PIXELS; });
  return fit.length ? Math.max(...fit) : null;
}

const NAMES: Record<PictureFormat, string> = { png: "PNG picture", svg: "SVG drawing", pdf: "PDF document" };

export class ExportDialog {
  private format: PictureFormat = "png";
  private readonly form: HTMLFormElement;

  constructor(private root: HTMLElement, private host: ExportHost) {
    this.form = root.querySelector("form")!;
    this.form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const choices = this.read();
      try { localStorage.setItem(STORE, JSON.stringify(choices)); } catch { /* private mode: not kept */ }
      this.close();
      this.host.export({ ...choices, format: this.format });
    });
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

  /** Opens the dialog for `format`, with the last choices (the theme as the canvas
   *  shows it, if none was chosen yet). */
  open(format: PictureFormat, defaults: { theme: string; badges: boolean }) {
    this.format = format;
    // The marks follow the canvas each time (what is on screen is what is exported);
    // the rest is as last chosen.
    const c: ExportChoices = {
      scale: 2, padding: LAYOUT_MARGIN, transparent: false, embed: true, text_as_paths: false,
      theme: defaults.theme, ...this.kept(), badges: defaults.badges,
    };
    const f = this.form.elements;
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
      scale,
      theme: (f.namedItem("theme") as HTMLSelectElement).value,
      padding: Number.isFinite(padding) ? Math.min(Math.max(padding, 0), 1000) : LAYOUT_MARGIN,
      transparent: checked("transparent"),
      badges: checked("badges"),
      embed: checked("embed"),
      text_as_paths: checked("text_as_paths"),
    };
  }

  /** The PNG's size in pixels, and a word when it is over the painter's budget. */
  private showSize() {
    const out = this.root.querySelector<HTMLElement>(".export-size")!;
    const c = this.read();
    const [w, h] = pngSize(this.host.bounds(), c.padding, c.scale);
    const fmt = (n: number) => n.toLocaleString("en-US");
    out.textContent = `${fmt(w)} × ${fmt(h)} pixels`;
    out.dataset.size = `${w}x${h}`;
    const over = w * h > MAX_PIXELS;
    out.classList.toggle("over", over);
    if (over) {
      // Name the largest size offered that fits, or say that none does.
      const radios = [...this.form.querySelectorAll<HTMLInputElement>('input[name="scale"]')];
      const fits = largestFitting(this.host.bounds(), c.padding, radios.map((r) => Number(r.value)));
      const label = radios.find((r) => Number(r.value) === fits)?.parentElement?.textContent?.trim();
      out.textContent += fits !== null
        ? ` — over the 100-megapixel limit; ${label ?? fits} fits`
        : " — over the 100-megapixel limit at every size; SVG or PDF keep the whole map";
    }
    const submit = this.form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = this.format === "png" && over;
  }
}

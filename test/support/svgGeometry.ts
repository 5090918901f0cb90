/**
 * Reads an SVG's text boxes and boxes back from its markup and checks that the drawing is readable:
 * - no text leaves its container (the first `<rect>` of the innermost `<g>` around it, else the canvas);
 * - no two texts overlap;
 * - no text runs into a box it is not inside (a neighbouring block, a label's background).
 * A text's box is its width at its size and weight, both from the conservative table the drawings are laid out
 * with and, when a font is installed, as resvg draws it (the larger wins); its height is DejaVu Sans' ascent
 * and descent around the baseline.
 */
import { Resvg } from "@resvg/resvg-js";
import * as fs from "fs";
import { ASCENT, DESCENT } from "../../scripts/diagrams/textBox";
import { FONT_FAMILY, textWidth } from "../../scripts/diagrams/textWidth";

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface TextItem {
  readonly text: string;
  readonly box: Box;
  /** Index into `rects` of its container, or -1 for the canvas. */
  readonly container: number;
  /** Every container around it (its own and those of the groups further out). */
  readonly allowed: ReadonlySet<number>;
  /** The width resvg drew it at, when a font was found. */
  readonly drawnWidth?: number;
}

export interface Geometry {
  readonly width: number;
  readonly height: number;
  readonly rects: Box[];
  readonly texts: TextItem[];
}

const DEJAVU = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
];
const FONT_OPTIONS = DEJAVU.every((f) => fs.existsSync(f))
  ? { loadSystemFonts: false, fontFiles: DEJAVU, defaultFontFamily: "DejaVu Sans" }
  : { loadSystemFonts: true };

function attrsOf(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

const unescape = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/** The width resvg draws one text at, or undefined when no font is available to it. */
export function drawnWidth(content: string, size: number, bold: boolean): number | undefined {
  const esc = content.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="100" font-family="${FONT_FAMILY}">` +
    `<text x="10" y="50" font-size="${size}"${bold ? ' font-weight="bold"' : ""}>${esc}</text></svg>`;
  const bbox = new Resvg(svg, { font: FONT_OPTIONS }).getBBox();
  return bbox && bbox.width > 0 ? bbox.width : undefined;
}

export function geometry(svg: string, options: { measureDrawn?: boolean } = {}): Geometry {
  const root = attrsOf(/<svg\b([^>]*)>/.exec(svg)?.[1] ?? "");
  const rects: Box[] = [];
  const texts: TextItem[] = [];
  // Open groups: the index of their container rect once seen (-2: none yet).
  const groups: { container: number }[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)([^>]*?)(\/?)>/g;
  let pendingText: { attrs: Record<string, string>; start: number } | undefined;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const [, closing, name, rawAttrs, self] = m;
    if (name === "g" && !closing) groups.push({ container: -2 });
    else if (name === "g" && closing) groups.pop();
    else if (name === "rect" && !closing) {
      const a = attrsOf(rawAttrs);
      rects.push({ x: +a.x || 0, y: +a.y || 0, w: +a.width, h: +a.height });
      const g = groups[groups.length - 1];
      if (g && g.container === -2) g.container = rects.length - 1;
    } else if (name === "text" && !closing && !self)
      pendingText = { attrs: attrsOf(rawAttrs), start: tag.lastIndex };
    else if (name === "text" && closing && pendingText) {
      const a = pendingText.attrs;
      const content = unescape(svg.slice(pendingText.start, m.index));
      const size = +a["font-size"];
      const bold = a["font-weight"] === "bold";
      const drawn = options.measureDrawn === false ? undefined : drawnWidth(content, size, bold);
      const w = Math.max(textWidth(content, size, bold), drawn ?? 0);
      const anchor = a["text-anchor"] ?? "start";
      const x = anchor === "middle" ? +a.x - w / 2 : anchor === "end" ? +a.x - w : +a.x;
      const allowed = new Set(groups.map((g) => g.container).filter((c) => c >= 0));
      const own = [...groups].reverse().find((g) => g.container >= 0)?.container ?? -1;
      const box = { x, y: +a.y - ASCENT * size, w, h: (ASCENT + DESCENT) * size };
      texts.push({ text: content, box, container: own, allowed, drawnWidth: drawn });
      pendingText = undefined;
    }
  }
  // The canvas background is the first rect, outside every group: every text may sit on it.
  return { width: +root.width, height: +root.height, rects, texts };
}

const EPS = 0.5;
const inside = (a: Box, b: Box) =>
  a.x >= b.x - EPS &&
  a.y >= b.y - EPS &&
  a.x + a.w <= b.x + b.w + EPS &&
  a.y + a.h <= b.y + b.h + EPS;
const intersects = (a: Box, b: Box) =>
  a.x + EPS < b.x + b.w && b.x + EPS < a.x + a.w && a.y + EPS < b.y + b.h && b.y + EPS < a.y + a.h;

/** Every readability problem, as one line each (empty when the drawing is clean). */
export function readabilityProblems(g: Geometry): string[] {
  const problems: string[] = [];
  const canvas = { x: 0, y: 0, w: g.width, h: g.height };
  const describe = (t: TextItem) => `"${t.text}" at (${t.box.x.toFixed(0)}, ${t.box.y.toFixed(0)})`;
  for (const t of g.texts) {
    const c = t.container >= 0 ? g.rects[t.container] : canvas;
    if (!inside(t.box, c) || !inside(t.box, canvas)) problems.push(`${describe(t)} leaves its box`);
    g.rects.forEach((r, i) => {
      if (i === 0 || t.allowed.has(i)) return;
      if (intersects(t.box, r))
        problems.push(`${describe(t)} runs into a box at (${r.x.toFixed(0)}, ${r.y.toFixed(0)})`);
    });
  }
  for (let i = 0; i < g.texts.length; i++) {
    for (let j = i + 1; j < g.texts.length; j++) {
      if (intersects(g.texts[i].box, g.texts[j].box))
        problems.push(`${describe(g.texts[i])} overlaps ${describe(g.texts[j])}`);
    }
  }
  return problems;
}

/** The SVG as a PNG, drawn by resvg (the test writes it where a person can look at it). */
export function toPng(svg: string): Buffer {
  return new Resvg(svg, { font: FONT_OPTIONS, background: "#ffffff" }).render().asPng();
}

/**
 * The few SVG elements the diagrams and the drill's timeline are drawn with. Every text is one line with an
 * explicit size, weight and anchor, and every box is a `<g>` whose first child is its `<rect>`: that keeps the
 * geometry checkable (test/support/svgGeometry.ts reads text boxes and their containers back from the markup).
 */
import { FONT_FAMILY, textWidth } from "./textWidth";

export interface TextStyle {
  readonly size: number;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly color?: string;
  readonly anchor?: "start" | "middle" | "end";
}

export const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const n = (v: number) => String(Math.round(v * 10) / 10);

/** One line of text; `y` is the baseline. */
export function text(x: number, y: number, s: string, style: TextStyle): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${style.size}"`,
    ...(style.bold ? [`font-weight="bold"`] : []),
    ...(style.italic ? [`font-style="italic"`] : []),
    ...(style.anchor && style.anchor !== "start" ? [`text-anchor="${style.anchor}"`] : []),
    `fill="${style.color ?? "#1f2328"}"`,
  ];
  return `<text ${attrs.join(" ")}>${esc(s)}</text>`;
}

export interface RectStyle {
  readonly fill: string;
  readonly stroke?: string;
  readonly strokeWidth?: number;
  readonly dashed?: boolean;
  readonly radius?: number;
}

export function rect(x: number, y: number, w: number, h: number, style: RectStyle): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `width="${n(w)}"`,
    `height="${n(h)}"`,
    ...(style.radius ? [`rx="${style.radius}"`] : []),
    `fill="${style.fill}"`,
    ...(style.stroke
      ? [`stroke="${style.stroke}"`, `stroke-width="${style.strokeWidth ?? 1}"`]
      : []),
    ...(style.dashed ? [`stroke-dasharray="5 3"`] : []),
  ];
  return `<rect ${attrs.join(" ")}/>`;
}

/** A box (`<g>` + its rect) around `children`; `kind` names it for readers of the markup. */
export function group(kind: string, box: string, children: string[]): string {
  return [`<g class="${kind}">`, box, ...children, "</g>"].join("\n");
}

export interface LineStyle {
  readonly color: string;
  readonly width: number;
  readonly dash?: string;
  readonly markerEnd?: string;
  readonly markerStart?: string;
}

export function polyline(points: readonly [number, number][], style: LineStyle): string {
  const attrs = [
    `points="${points.map(([x, y]) => `${n(x)},${n(y)}`).join(" ")}"`,
    `fill="none"`,
    `stroke="${style.color}"`,
    `stroke-width="${style.width}"`,
    ...(style.dash ? [`stroke-dasharray="${style.dash}"`] : []),
    ...(style.markerEnd ? [`marker-end="url(#${style.markerEnd})"`] : []),
    ...(style.markerStart ? [`marker-start="url(#${style.markerStart})"`] : []),
  ];
  return `<polyline ${attrs.join(" ")}/>`;
}

/** An arrowhead per colour, referenced as `arrow-<hex>`; `auto-start-reverse` points a start marker backwards. */
export function arrowMarkers(colors: Iterable<string>): string {
  const defs = [...new Set(colors)]
    .sort()
    .map(
      (c) =>
        `<marker id="${markerId(c)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ` +
        `orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`,
    );
  return `<defs>${defs.join("")}</defs>`;
}

export const markerId = (color: string) => `arrow-${color.replace(/[^0-9a-zA-Z]/g, "")}`;

/** The document: an opaque background (readable on GitHub's dark theme) and one font stack for every text. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  const [w, h] = [Math.ceil(width), Math.ceil(height)];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${FONT_FAMILY}">`,
    `<title>${esc(title)}</title>`,
    rect(0, 0, w, h, { fill: "#ffffff" }),
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/** Greedy word wrap to `max` px; a single word longer than `max` stays on its own line (and is caught by the tests). */
export function wrap(s: string, max: number, style: TextStyle): string[] {
  const words = s.split(" ");
  const lines: string[] = [];
  let cur = "";
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (cur && textWidth(next, style.size, style.bold) > max) {
      lines.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

export { textWidth };

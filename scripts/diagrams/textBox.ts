/**
 * A box sized to the lines it holds: the unit every diagram block, legend and label is built from. Sizes come
 * from the conservative widths of ./textWidth.ts, so the text fits whichever sans-serif draws it.
 */
import { group, rect, RectStyle, text, TextStyle, textWidth } from "./svgWriter";

export interface Line {
  readonly text: string;
  readonly style: TextStyle;
}

/** DejaVu Sans' ascent and descent (hhea, per em): where a line's ink reaches around its baseline. */
export const ASCENT = 0.93;
export const DESCENT = 0.24;
/** Baseline-to-baseline distance, per em: a little air between one line's descent and the next one's ascent. */
const LEADING = 1.3;

export interface Padding {
  readonly x: number;
  readonly y: number;
}

export const linesHeight = (lines: readonly Line[]) =>
  lines.reduce(
    (h, l, i) => h + (i === 0 ? (ASCENT + DESCENT) * l.style.size : LEADING * l.style.size),
    0,
  );

export function measureLines(
  lines: readonly Line[],
  pad: Padding,
): { width: number; height: number } {
  const width = Math.max(0, ...lines.map((l) => textWidth(l.text, l.style.size, l.style.bold)));
  return { width: Math.ceil(width + 2 * pad.x), height: Math.ceil(linesHeight(lines) + 2 * pad.y) };
}

/** The text elements of `lines`, top-left at (x, y) inside a box of width `w` (centred lines use its middle). */
export function drawLines(
  lines: readonly Line[],
  x: number,
  y: number,
  w: number,
  pad: Padding,
): string[] {
  let baseline = y + pad.y;
  return lines.map((l, i) => {
    baseline += (i === 0 ? ASCENT : LEADING) * l.style.size;
    const anchor = l.style.anchor ?? "start";
    const tx = anchor === "middle" ? x + w / 2 : anchor === "end" ? x + w - pad.x : x + pad.x;
    return text(tx, baseline, l.text, l.style);
  });
}

export interface Placed {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A `<g>` with its rect and lines. */
export function drawTextBox(
  kind: string,
  at: Placed,
  lines: readonly Line[],
  style: RectStyle,
  pad: Padding,
): string {
  return group(kind, rect(at.x, at.y, at.w, at.h, style), drawLines(lines, at.x, at.y, at.w, pad));
}

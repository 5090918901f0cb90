/** A diagram node as a box of lines: bold label, smaller details, grey and dashed when idle. */
import { IDLE, NODE_BORDER, TEXT } from "./style";
import { drawTextBox, Line, measureLines, Padding, Placed } from "./textBox";
import type { DiagramNode } from "./types";

export const NODE_PAD: Padding = { x: 10, y: 7 };

export function nodeLines(n: DiagramNode): Line[] {
  const color = n.idle ? IDLE.text : TEXT;
  const lines: Line[] = [
    { text: n.label, style: { size: 12, bold: true, color } },
    ...n.details.map((d) => ({ text: d, style: { size: 10, color } })),
  ];
  // Say "idle" in words too: grey and dashed alone is lost on a reader who cannot tell the colours apart.
  if (n.idle && !n.details.some((d) => /idle|headless/.test(d)))
    lines.push({ text: "idle", style: { size: 10, italic: true, color } });
  return lines;
}

export const nodeSize = (n: DiagramNode) => measureLines(nodeLines(n), NODE_PAD);

export function drawNode(n: DiagramNode, at: Placed): string {
  const style = n.idle
    ? { fill: IDLE.fill, stroke: IDLE.border, strokeWidth: 1.4, dashed: true, radius: 6 }
    : { fill: "#ffffff", stroke: NODE_BORDER[n.kind], strokeWidth: 1.6, radius: 6 };
  return drawTextBox(`node ${n.kind}`, at, nodeLines(n), style, NODE_PAD);
}

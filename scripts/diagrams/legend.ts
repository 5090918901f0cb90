/**
 * The legend of a tier diagram: the DR contract (RPO, RTO, cost per region, the recovery share against the
 * tier's target) in the plan's number format, then a sample of each line style drawn, and the idle style.
 */
import { formatMinutes, formatPercent, formatUsd } from "../plan/format";
import { EDGE_STYLE, IDLE, MUTED, TRAFFIC } from "./style";
import { group, markerId, polyline, rect, text } from "./svgWriter";
import { drawLines, Line, measureLines, Padding } from "./textBox";
import { textWidth } from "./svgWriter";
import type { DiagramModel } from "./types";

const PAD: Padding = { x: 10, y: 8 };
const SAMPLE_W = 34;
const ROW = 15;
const SMALL = { size: 10 };

function contractLines(model: DiagramModel): Line[] {
  const l = model.legend;
  const label = (region: string, role: string) =>
    model.regions.find((r) => r.region === region)?.label ?? role;
  const target = l.targetShare !== null ? ` (target ≤ ${formatPercent(l.targetShare)})` : "";
  return [
    { text: `${l.tier} · DR contract`, style: { size: 12, bold: true } },
    {
      text: `RPO ${formatMinutes(l.rpoMinutes)} · RTO ${formatMinutes(l.rtoMinutes)}`,
      style: SMALL,
    },
    ...l.costs.map((c) => ({
      text: `${c.region} (${label(c.region, c.role)}): ${formatUsd(c.monthlyUsd)}/month`,
      style: SMALL,
    })),
    { text: `recovery cost share ${formatPercent(l.recoveryShare)}${target}`, style: SMALL },
  ];
}

/**
 * The styles the drawing uses: `drawn` link kinds in EDGE_STYLE order, `traffic` for the front door's arrows,
 * `idle` when a block is drawn idle.
 */
function samples(
  drawn: ReadonlySet<string>,
): { kind: keyof typeof EDGE_STYLE | "idle" | "traffic"; text: string }[] {
  const kinds = Object.keys(EDGE_STYLE).filter((k) => drawn.has(k)) as (keyof typeof EDGE_STYLE)[];
  return [
    ...(drawn.has("idle")
      ? [{ kind: "idle" as const, text: "idle: defined at zero capacity" }]
      : []),
    ...(drawn.has("traffic")
      ? [{ kind: "traffic" as const, text: "shoppers' traffic from the front door" }]
      : []),
    ...kinds.map((k) => ({ kind: k, text: EDGE_STYLE[k].key })),
  ];
}

export function legendSize(
  model: DiagramModel,
  drawn: ReadonlySet<string>,
): { width: number; height: number } {
  const top = measureLines(contractLines(model), PAD);
  const rows = samples(drawn);
  const width = Math.max(
    top.width,
    SAMPLE_W + 8 + Math.max(...rows.map((r) => textWidth(r.text, SMALL.size))) + 2 * PAD.x,
  );
  return { width: Math.ceil(width), height: top.height + rows.length * ROW + PAD.y };
}

export function drawLegend(
  model: DiagramModel,
  drawn: ReadonlySet<string>,
  x: number,
  y: number,
): string {
  const { width, height } = legendSize(model, drawn);
  const lines = contractLines(model);
  const top = measureLines(lines, PAD).height;
  const parts = drawLines(lines, x, y, width, PAD);
  samples(drawn).forEach((s, i) => {
    const mid = y + top + i * ROW + ROW / 2;
    const sx = x + PAD.x;
    if (s.kind === "idle") {
      parts.push(
        rect(sx, mid - 5, SAMPLE_W, 10, {
          fill: IDLE.fill,
          stroke: IDLE.border,
          dashed: true,
          radius: 2,
        }),
      );
    } else if (s.kind === "traffic") {
      parts.push(
        polyline(
          [
            [sx, mid],
            [sx + SAMPLE_W - 4, mid],
          ],
          { color: TRAFFIC, width: 1.6, markerEnd: markerId(TRAFFIC) },
        ),
      );
    } else {
      const st = EDGE_STYLE[s.kind];
      const dash = st.style === "dashed" ? "6 3" : st.style === "dotted" ? "2 3" : undefined;
      parts.push(
        polyline(
          [
            [sx, mid],
            [sx + SAMPLE_W, mid],
          ],
          { color: st.color, width: st.penwidth, dash },
        ),
      );
    }
    parts.push(text(sx + SAMPLE_W + 8, mid + 3.5, s.text, { ...SMALL, color: MUTED }));
  });
  return group(
    "legend",
    rect(x, y, width, height, { fill: "#ffffff", stroke: MUTED, radius: 4 }),
    parts,
  );
}

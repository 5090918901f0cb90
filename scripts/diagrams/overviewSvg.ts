/**
 * The four tiers side by side (docs/diagrams/tiers.svg): per tier a column of its contract, its front door, the
 * primary region's blocks, what replicates between the regions, and the recovery region's blocks (idle ones
 * grey). Built from the same models as the per-tier diagrams, so the two never disagree.
 */
import { formatMinutes, formatPercent, formatUsd } from "../plan/format";
import { EDGE_STYLE, IDLE, MUTED, REGION_STYLE } from "./style";
import { group, rect, svgDocument, text } from "./svgWriter";
import { ASCENT, DESCENT, drawLines, Line, measureLines, Padding } from "./textBox";
import { trafficInto } from "./traffic";
import type { DiagramModel, DiagramNode, NodeKind, RegionBox } from "./types";

const MARGIN = 20;
const COLUMN_GAP = 18;
const GAP = 10;
const PAD: Padding = { x: 8, y: 6 };
const ROW_H = 15;
const ORDER: readonly NodeKind[] = [
  "alb",
  "nlb",
  "ecs",
  "asg",
  "lambda",
  "aurora",
  "rds",
  "dynamodb",
  "cache",
  "s3",
  "ecr",
  "vault",
  "tgw",
];
const SMALL = { size: 10 };

interface Section {
  readonly kind: string;
  readonly lines: Line[];
  /** Rows drawn grey and dashed (idle blocks), by index into `lines`. */
  readonly idle: ReadonlySet<number>;
  readonly fill: string;
  readonly stroke: string;
}

function header(m: DiagramModel): Line[] {
  const l = m.legend;
  const costs = l.costs.map(
    (c) =>
      `${m.regions.find((r) => r.region === c.region)?.label ?? c.role} ${formatUsd(c.monthlyUsd)}`,
  );
  const target = l.targetShare === null ? "" : ` (target ≤ ${formatPercent(l.targetShare)})`;
  return [
    { text: m.tier, style: { size: 14, bold: true } },
    {
      text: `RPO ${formatMinutes(l.rpoMinutes)} · RTO ${formatMinutes(l.rtoMinutes)}`,
      style: SMALL,
    },
    { text: `${costs.join(" · ")} per month`, style: SMALL },
    { text: `recovery share ${formatPercent(l.recoveryShare)}${target}`, style: SMALL },
  ];
}

function frontDoor(m: DiagramModel): Section {
  const counts = new Map<string, number>();
  for (const n of [...m.global].sort((a, b) => (a.id < b.id ? -1 : 1)))
    counts.set(n.summary, (counts.get(n.summary) ?? 0) + 1);
  const served = [...trafficInto(m)].filter(([, t]) => t.length).map(([r]) => r);
  const lines: Line[] = [
    { text: "Global", style: { size: 11, bold: true } },
    ...[...counts].map(([s, c]) => ({ text: c > 1 ? `${c} × ${s}` : s, style: SMALL })),
    {
      text: `traffic to ${served.length ? served.join(" and ") : "no region"}`,
      style: { size: 10, color: MUTED },
    },
  ];
  return { kind: "front-door", lines, idle: new Set(), fill: "#ffffff", stroke: "#24292f" };
}

function region(box: RegionBox): Section {
  const style = REGION_STYLE[box.role];
  const nodes = [...box.nodes].sort(
    (a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.id < b.id ? -1 : 1),
  );
  const idle = new Set<number>();
  const lines: Line[] = [{ text: `${box.region} · ${box.label}`, style: { size: 11, bold: true } }];
  // Blocks that read alike (three Lambdas) are counted on one line.
  const rows = new Map<string, { n: DiagramNode; count: number }>();
  for (const n of nodes) {
    const key = `${n.summary}|${n.idle}`;
    rows.set(key, { n, count: (rows.get(key)?.count ?? 0) + 1 });
  }
  for (const { n, count } of rows.values()) {
    if (n.idle) idle.add(lines.length);
    const what = count > 1 ? `${count} × ${n.summary}` : n.summary;
    lines.push({
      text: n.idle ? `${what} · idle` : what,
      style: n.idle ? { size: 10, italic: true, color: IDLE.text } : SMALL,
    });
  }
  if (box.azs.length)
    lines.push({ text: `${box.azs.length} AZs`, style: { size: 10, color: MUTED } });
  if (box.note)
    lines.push({ text: box.note.replace(/:.*/, ""), style: { size: 10, color: MUTED } });
  return { kind: `region ${box.role}`, lines, idle, fill: "#ffffff", stroke: style.border };
}

function replication(m: DiagramModel): Section {
  const [first] = m.regions;
  const firstIds = new Set(first?.nodes.map((n) => n.id) ?? []);
  const edges = m.edges.filter((e) => e.replication);
  const lines: Line[] = edges.length
    ? edges.map((e) => ({
        text: `${firstIds.has(e.from) ? "↓" : "↑"} ${e.label}`,
        style: { size: 10, color: EDGE_STYLE[e.kind].color },
      }))
    : [{ text: "no replication", style: { size: 10, color: MUTED } }];
  return { kind: "replication", lines, idle: new Set(), fill: "#f6f8fa", stroke: MUTED };
}

/** Row layout inside a section: every line its own row of ROW_H, so idle rows can carry their own grey box. */
const sectionHeight = (s: Section) => s.lines.length * ROW_H + 2 * PAD.y;
const sectionWidth = (s: Section) => measureLines(s.lines, { x: PAD.x + 4, y: 0 }).width;

function drawSection(s: Section, x: number, y: number, w: number): string {
  const parts: string[] = [];
  s.lines.forEach((l, i) => {
    const top = y + PAD.y + i * ROW_H;
    // Centre the ink (ascent + descent) in the row.
    const baseline = top + (ROW_H - (ASCENT + DESCENT) * l.style.size) / 2 + ASCENT * l.style.size;
    const t = text(x + PAD.x + 2, baseline, l.text, l.style);
    if (s.idle.has(i)) {
      const grey = { fill: IDLE.fill, stroke: IDLE.border, dashed: true, radius: 3 };
      parts.push(group("idle", rect(x + PAD.x - 2, top, w - 2 * PAD.x + 4, ROW_H, grey), [t]));
    } else parts.push(t);
  });
  return group(
    s.kind,
    rect(x, y, w, sectionHeight(s), {
      fill: s.fill,
      stroke: s.stroke,
      strokeWidth: 1.5,
      radius: 6,
    }),
    parts,
  );
}

export function overviewSvg(models: DiagramModel[]): string {
  const title: Line[] = [
    { text: "SecureCart DR tiers side by side", style: { size: 18, bold: true } },
    {
      text: "generated from the offline plan (npm run diagrams) · grey dashed = idle (defined at zero)",
      style: { size: 11, color: MUTED },
    },
  ];
  const titleSize = measureLines(title, { x: 0, y: 0 });
  const columns = models.map((m) => {
    const sections = [
      frontDoor(m),
      ...(m.regions[0] ? [region(m.regions[0])] : []),
      replication(m),
      ...m.regions.slice(1).map(region),
    ];
    const head = header(m);
    const w = Math.max(measureLines(head, PAD).width, ...sections.map(sectionWidth));
    return { m, head, sections, w };
  });
  const body: string[] = [...drawLines(title, MARGIN, MARGIN, titleSize.width, { x: 0, y: 0 })];
  const top = MARGIN + titleSize.height + GAP + 4;
  let x = MARGIN;
  let bottom = top;
  for (const c of columns) {
    const headH = measureLines(c.head, PAD).height;
    const inner: string[] = [...drawLines(c.head, x, top, c.w, PAD)];
    let y = top + headH;
    for (const s of c.sections) {
      inner.push(drawSection(s, x + PAD.x, y, c.w));
      y += sectionHeight(s) + GAP;
    }
    const h = y - top + PAD.y - GAP + 4;
    const g = REGION_STYLE.global;
    const frame = rect(x, top, c.w + 2 * PAD.x, h, {
      fill: g.fill,
      stroke: g.border,
      strokeWidth: 1.5,
      radius: 10,
    });
    body.push(group(`tier ${c.m.tier}`, frame, inner));
    bottom = Math.max(bottom, top + h);
    x += c.w + 2 * PAD.x + COLUMN_GAP;
  }
  const width = Math.max(x - COLUMN_GAP + MARGIN, titleSize.width + 2 * MARGIN);
  return svgDocument(width, bottom + MARGIN, "SecureCart DR tiers side by side", body);
}

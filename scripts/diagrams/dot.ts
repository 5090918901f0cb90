/**
 * Diagram model → DOT. Pure and deterministic: nodes and edges are emitted in a fixed order.
 *
 * Layout: a "Global" box on top, then one box per region side by side (primary left), each with rows
 * entry → compute → data → storage/backup → AZs. Rows are held by invisible edges; the replication edges
 * between regions are `constraint=false`, so they never reshape the rows.
 */
import type { DiagramEdge, DiagramModel, DiagramNode, Legend, NodeKind, RegionBox } from "./types";
import {
  BACKGROUND, EDGE_STYLE, escapeHtml, FONT, formatMinutes, formatShare, formatUsd, IDLE, MUTED, NODE_BORDER,
  REGION_STYLE, TEXT,
} from "./style";

/** Rows inside a region, top to bottom; within a row, blocks that replicate come last (nearest the next box). */
const ROWS: readonly (readonly NodeKind[])[] = [
  ["alb", "nlb"],
  ["ecs", "asg", "lambda"],
  ["cache", "dynamodb", "aurora", "rds"],
  ["tgw", "vault", "ecr", "s3"],
];

const GLOBAL_ORDER: readonly NodeKind[] = ["record", "health-check", "accelerator", "endpoint-group", "region-switch", "resilience-hub"];

/** Global pieces of the primary's stack first, so they sit above the primary box on the left. */
function globalOrder(model: DiagramModel): DiagramNode[] {
  const stacks = model.regions.map((r) => r.stack);
  const rank = (n: DiagramNode) => (stacks.includes(n.stack) ? stacks.indexOf(n.stack) : stacks.length);
  return [...model.global].sort(
    (a, b) => rank(a) - rank(b) || GLOBAL_ORDER.indexOf(a.kind) - GLOBAL_ORDER.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

const q = (id: string) => `"${id.replace(/"/g, '\\"')}"`;

function attrs(a: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (typeof v === "string" && v.startsWith("<") && v.endsWith(">") ? `${k}=${v}` : `${k}=${typeof v === "string" ? q(v) : v}`));
  return `[${parts.join(", ")}]`;
}

function nodeLabel(n: DiagramNode): string {
  const lines = n.details.map(escapeHtml);
  if (n.idle) lines.push("<i>idle</i>");
  const small = lines.length ? `<br/><font point-size="10">${lines.join("<br/>")}</font>` : "";
  return `<<b>${escapeHtml(n.label)}</b>${small}>`;
}

function nodeLine(n: DiagramNode): string {
  const idle = n.idle;
  return `${q(n.id)} ${attrs({
    label: nodeLabel(n),
    shape: "box",
    style: idle ? "rounded,filled,dashed" : "rounded,filled",
    fillcolor: idle ? IDLE.fill : "#ffffff",
    color: idle ? IDLE.border : NODE_BORDER[n.kind],
    fontcolor: idle ? IDLE.text : TEXT,
    penwidth: idle ? 1.4 : 1.6,
  })};`;
}

function sortKinds(nodes: DiagramNode[], order: readonly NodeKind[]): DiagramNode[] {
  return [...nodes].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Row i of a region, ordered so that (for side-by-side regions) replicated blocks face each other. */
function rowNodes(box: RegionBox, row: readonly NodeKind[], mirror: boolean): DiagramNode[] {
  const order = mirror ? [...row].reverse() : row;
  return sortKinds(box.nodes.filter((n) => row.includes(n.kind)), order);
}

/** A region's box; returns its DOT lines and its rows (ids, left to right), empty rows kept as []. */
function regionLines(box: RegionBox, index: number): { lines: string[]; rows: string[][] } {
  const style = REGION_STYLE[box.role];
  const sub = [box.stack ? `stack ${box.stack}` : "", box.note ?? ""].filter(Boolean).map(escapeHtml).join("<br/>");
  const out = [
    `subgraph ${q(`cluster_${box.id}`)} {`,
    `label=<<b>${escapeHtml(box.region)} · ${box.role}</b>${sub ? `<br/><font point-size="10">${sub}</font>` : ""}>;`,
    `style="filled,rounded"; fillcolor=${q(style.fill)}; color=${q(style.border)}; penwidth=2; fontcolor=${q(TEXT)}; fontsize=14;`,
  ];
  // ROWS put replicated blocks last (facing right); boxes after the first are mirrored to face left, so
  // the flat replication edges between them nest instead of crossing.
  const rows = ROWS.map((row) => rowNodes(box, row, index > 0));
  for (const row of rows) for (const n of row) out.push(nodeLine(n));
  const azRow: string[] = [];
  if (box.azs.length) {
    out.push(`subgraph ${q(`cluster_${box.id}_azs`)} {`);
    out.push(`label=<<font point-size="11">Availability Zones (${box.azs.length})</font>>; style="dashed,rounded,filled"; fillcolor="#ffffff"; color=${q(MUTED)}; fontcolor=${q(TEXT)};`);
    for (const az of box.azs) {
      const id = `${box.id}__${az.id}`;
      const lines = [`${az.subnets} subnets${az.natGateways ? ` · ${az.natGateways} NAT` : ""}`, ...az.dbInstances].map(escapeHtml);
      out.push(`${q(id)} ${attrs({ label: `<<b>${escapeHtml(az.name)}</b><br/><font point-size="9">${lines.join("<br/>")}</font>>`, shape: "box", style: "rounded,filled", fillcolor: "#f6f8fa", color: MUTED, fontcolor: TEXT, fontsize: 11 })};`);
      azRow.push(id);
    }
    out.push("}");
  }
  out.push("}");
  return { lines: out, rows: [...rows.map((r) => r.map((n) => n.id)), azRow] };
}

/**
 * Invisible edges and rank groups: rows stack under the global box (through one anchor per region, kept in
 * order by flat edges between them, which dot honours outside clusters), and row k of every
 * region shares one rank, so replication edges between regions run level. Left-to-right order inside a row
 * is left to dot's crossing minimisation, which the replication edges pull into place.
 */
function layoutLines(regionRows: string[][][], anchors: string[]): string[] {
  const out: string[] = [];
  regionRows.forEach((rows, i) => {
    let previous = anchors[i];
    for (const row of rows.filter((r) => r.length)) {
      for (const id of row) out.push(`${q(previous)} -> ${q(id)} [style=invis];`);
      previous = row[0];
    }
  });
  const rowCount = Math.max(0, ...regionRows.map((r) => r.length));
  for (let k = 0; k < rowCount; k++) {
    const row = regionRows.flatMap((rows) => rows[k] ?? []);
    if (row.length > 1) out.push(`{ rank=same; ${row.map(q).join("; ")}; }`);
  }
  return out;
}

function legendLabel(legend: Legend, model: DiagramModel): string {
  const row = (k: string, v: string, color = TEXT) =>
    `<tr><td align="left">${escapeHtml(k)}</td><td align="left"><font color="${color}">${escapeHtml(v)}</font></td></tr>`;
  const rows = [
    `<tr><td colspan="2" align="left"><b>${escapeHtml(legend.tier)}</b> · DR contract</td></tr>`,
    row("RPO", formatMinutes(legend.rpoMinutes)),
    row("RTO", formatMinutes(legend.rtoMinutes)),
    ...legend.costs.map((c) => row(`${c.region} (${c.role}) / month`, formatUsd(c.monthlyUsd))),
    row("recovery cost share", `${formatShare(legend.recoveryShare)}${legend.targetShare !== null ? ` (target ≤ ${formatShare(legend.targetShare)})` : ""}`),
    `<tr><td align="left" bgcolor="${IDLE.fill}" style="dashed" border="1" color="${IDLE.border}"><font color="${IDLE.text}">grey, dashed</font></td><td align="left">idle: defined at zero</td></tr>`,
  ];
  const kinds = [...new Set(model.edges.map((e) => e.kind))].sort((a, b) => Object.keys(EDGE_STYLE).indexOf(a) - Object.keys(EDGE_STYLE).indexOf(b));
  for (const k of kinds) {
    const s = EDGE_STYLE[k];
    const line = s.style === "dashed" ? "- - -" : s.style === "dotted" ? "· · · ·" : "———";
    rows.push(`<tr><td align="left"><font color="${s.color}"><b>${line}▶</b></font></td><td align="left">${escapeHtml(s.key)}</td></tr>`);
  }
  return `<<table border="1" cellborder="0" cellspacing="0" cellpadding="3" bgcolor="#ffffff" color="${MUTED}">${rows.join("")}</table>>`;
}

/**
 * `reversed`: the edge runs from a right-hand box to a left-hand one. It is written left to right with
 * `dir=back`, because dot also treats a flat edge as "tail left of head" and would fight the row order.
 */
function edgeLine(e: DiagramEdge, crossRegion: boolean, reversed: boolean): string {
  const s = EDGE_STYLE[e.kind];
  const [from, to] = reversed ? [e.to, e.from] : [e.from, e.to];
  return `${q(from)} -> ${q(to)} ${attrs({
    label: e.label ? `<<font point-size="10">${escapeHtml(e.label)}</font>>` : undefined,
    color: s.color,
    fontcolor: s.color,
    style: s.style,
    penwidth: s.penwidth,
    dir: e.bidirectional ? "both" : reversed ? "back" : undefined,
    arrowsize: 0.8,
    // Links between the regions must not reorder the rows the invisible edges set up.
    constraint: crossRegion ? false : undefined,
  })};`;
}

export function toDot(model: DiagramModel): string {
  // Box index of each node: -1 for the global box, then the regions left to right.
  const boxOf = new Map<string, number>();
  model.regions.forEach((box, i) => box.nodes.forEach((n) => boxOf.set(n.id, i)));
  for (const n of model.global) boxOf.set(n.id, -1);
  const anchors = model.regions.map((box) => `${box.id}__anchor`);
  const out = [
    "digraph securecart {",
    `graph ${attrs({ bgcolor: BACKGROUND, fontname: FONT, fontcolor: TEXT, fontsize: 18, labelloc: "t", newrank: true, compound: true, nodesep: 0.35, ranksep: 0.45, pad: 0.3, label: `<<b>SecureCart · ${escapeHtml(model.tier)}</b><br/><font point-size="11">generated from the offline plan of both stacks (npm run diagrams)</font>>` })};`,
    `node ${attrs({ fontname: FONT, fontsize: 12, fontcolor: TEXT, margin: "0.2,0.08" })};`,
    `edge ${attrs({ fontname: FONT, fontsize: 10 })};`,
    `subgraph "cluster_global" {`,
    `label=<<b>Global / cross-region</b>>; style="filled,rounded"; fillcolor=${q(REGION_STYLE.global.fill)}; color=${q(REGION_STYLE.global.border)}; penwidth=1.5; fontcolor=${q(TEXT)}; fontsize=14;`,
    ...globalOrder(model).map(nodeLine),
    `"legend" ${attrs({ shape: "plain", label: legendLabel(model.legend, model), fontsize: 11 })};`,
    "}",
    // Points between the global box and the regions: every region starts below every global piece, and the
    // flat edges between the points put the regions left to right in model order (primary first).
    ...anchors.map((a) => `${q(a)} [shape=point, style=invis, width=0, height=0];`),
    ...(anchors.length > 1 ? [`{ rank=same; ${anchors.map(q).join("; ")}; }`] : []),
    ...anchors.slice(1).map((a, i) => `${q(anchors[i])} -> ${q(a)} [style=invis];`),
    ...[...model.global.map((n) => n.id), "legend"].flatMap((id) => anchors.map((a) => `${q(id)} -> ${q(a)} [style=invis];`)),
  ];
  const regionRows: string[][][] = [];
  model.regions.forEach((box, i) => {
    const { lines, rows } = regionLines(box, i);
    out.push(...lines);
    regionRows.push(rows);
  });
  out.push(...layoutLines(regionRows, anchors));
  for (const e of model.edges) {
    const [a, b] = [boxOf.get(e.from) ?? -1, boxOf.get(e.to) ?? -1];
    const cross = a !== b && a >= 0 && b >= 0;
    out.push(edgeLine(e, cross, cross && a > b));
  }
  out.push("}");
  return out.join("\n") + "\n";
}

/**
 * The four tiers side by side (docs/diagrams/tiers.svg): per tier a front-door box, a table per region listing
 * its building blocks (idle ones grey), one edge carrying the replication between them, and the contract.
 * Built from the same models as the per-tier diagrams, so the two can never disagree.
 */
import { EDGE_STYLE, escapeHtml, FONT, formatMinutes, formatShare, formatUsd, IDLE, MUTED, REGION_STYLE, TEXT, BACKGROUND } from "./style";
import type { DiagramModel, DiagramNode, NodeKind, RegionBox } from "./types";

const ORDER: readonly NodeKind[] = ["alb", "nlb", "ecs", "asg", "lambda", "aurora", "rds", "dynamodb", "cache", "s3", "ecr", "vault", "tgw"];

const q = (id: string) => `"${id.replace(/"/g, '\\"')}"`;
const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "_");

function regionTable(box: RegionBox): string {
  const style = REGION_STYLE[box.role];
  const nodes = [...box.nodes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.id < b.id ? -1 : 1));
  const cell = (n: DiagramNode) =>
    n.idle
      ? `<tr><td align="left" bgcolor="${IDLE.fill}" border="1" style="dashed" color="${IDLE.border}"><font color="${IDLE.text}"><i>${escapeHtml(n.summary)} · idle</i></font></td></tr>`
      : `<tr><td align="left">${escapeHtml(n.summary)}</td></tr>`;
  const rows = [
    `<tr><td bgcolor="${style.fill}" align="left"><b>${escapeHtml(box.region)} · ${box.role}</b></td></tr>`,
    ...nodes.map(cell),
    ...(box.azs.length ? [`<tr><td align="left"><font color="${MUTED}">${box.azs.length} AZs</font></td></tr>`] : []),
    ...(box.note ? [`<tr><td align="left"><font color="${MUTED}">${escapeHtml(box.note)}</font></td></tr>`] : []),
  ];
  return `<<table border="1" cellborder="0" cellspacing="2" cellpadding="2" bgcolor="#ffffff" color="${style.border}">${rows.join("")}</table>>`;
}

function frontDoorLabel(model: DiagramModel): string {
  const counts = new Map<string, number>();
  for (const n of [...model.global].sort((a, b) => (a.id < b.id ? -1 : 1))) counts.set(n.summary, (counts.get(n.summary) ?? 0) + 1);
  const lines = [...counts.entries()].map(([s, c]) => escapeHtml(c > 1 ? `${c} × ${s}` : s));
  return `<<b>Global</b><br/><font point-size="10">${lines.join("<br/>")}</font>>`;
}

function tierCluster(model: DiagramModel): string[] {
  const t = slug(model.tier);
  const l = model.legend;
  const costs = l.costs.map((c) => `${c.role} ${formatUsd(c.monthlyUsd)}`).join(" · ");
  const out = [
    `subgraph ${q(`cluster_${t}`)} {`,
    `label=<<b>${escapeHtml(model.tier)}</b><br/><font point-size="10">RPO ${formatMinutes(l.rpoMinutes)} · RTO ${formatMinutes(l.rtoMinutes)}<br/>${escapeHtml(costs)} / month<br/>recovery share ${formatShare(l.recoveryShare)}</font>>;`,
    `style="filled,rounded"; fillcolor=${q(REGION_STYLE.global.fill)}; color=${q(REGION_STYLE.global.border)}; fontcolor=${q(TEXT)}; fontsize=14;`,
    `${q(`${t}__front`)} [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#24292f", label=${frontDoorLabel(model)}];`,
  ];
  const regionOf = new Map<string, string>();
  for (const box of model.regions) {
    out.push(`${q(`${t}__${box.id}`)} [shape=plain, label=${regionTable(box)}];`);
    for (const n of box.nodes) regionOf.set(n.id, box.id);
  }
  // Which regions take traffic: an arrow from the front door wherever an alias or a dial points into it
  // (the front door's box names the routing policy, so the arrows carry no label).
  const global = new Set(model.global.map((n) => n.id));
  for (const box of model.regions) {
    const served = model.edges.some((e) => (e.kind === "dns-alias" || e.kind === "accelerator") && regionOf.get(e.to) === box.id && global.has(e.from));
    out.push(`${q(`${t}__front`)} -> ${q(`${t}__${box.id}`)} [${served ? 'color="#24292f"' : "style=invis"}];`);
  }
  const [first, second] = model.regions;
  if (first && second) {
    const lines = model.edges
      .filter((e) => e.replication)
      .map((e) => {
        const back = regionOf.get(e.from) === second.id;
        const s = EDGE_STYLE[e.kind];
        return `<font color="${s.color}">${back ? "← " : ""}${escapeHtml(e.label)}</font>`;
      });
    const color = lines.length ? "#0550ae" : MUTED;
    out.push(`${q(`${t}__${first.id}`)} -> ${q(`${t}__${second.id}`)} [color=${q(color)}, penwidth=2, label=<<font point-size="9">${lines.join("<br/>") || "no replication"}</font>>];`);
  }
  out.push("}");
  return out;
}

export function overviewDot(models: DiagramModel[]): string {
  const out = [
    "digraph tiers {",
    `graph [bgcolor=${q(BACKGROUND)}, fontname=${q(FONT)}, fontcolor=${q(TEXT)}, fontsize=18, labelloc="t", newrank=true, nodesep=0.4, ranksep=0.5, pad=0.3, label=<<b>SecureCart DR tiers side by side</b><br/><font point-size="11">generated from the offline plan (npm run diagrams) · grey dashed = idle (defined at zero)</font>>];`,
    `node [fontname=${q(FONT)}, fontsize=11, fontcolor=${q(TEXT)}];`,
    `edge [fontname=${q(FONT)}, fontsize=9];`,
    ...models.flatMap((m) => tierCluster(m)),
  ];
  // Same rank and invisible links between the front doors keep the tiers in order, left to right.
  const fronts = models.map((m) => q(`${slug(m.tier)}__front`));
  if (fronts.length > 1) {
    out.push(`{ rank=same; ${fronts.join("; ")}; }`);
    for (let i = 1; i < fronts.length; i++) out.push(`${fronts[i - 1]} -> ${fronts[i]} [style=invis];`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}

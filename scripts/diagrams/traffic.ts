/**
 * What the front door sends into each region, in words on the arrow from the global box: the alias records
 * and their routing policy, the accelerator's dial, and the health checks that probe the region.
 */
import type { DiagramModel, DiagramNode } from "./types";

function describe(n: DiagramNode, edgeLabel: string): string | undefined {
  if (n.kind === "record") return `Route 53 ${n.details[0] ?? ""}`.trim();
  if (n.kind === "endpoint-group")
    return `Global Accelerator ${edgeLabel || n.details[0] || ""}`.trim();
  if (n.kind === "health-check") return `health check ${n.details[0] ?? ""}`.trim();
  if (n.kind === "accelerator") return "Global Accelerator";
  return undefined;
}

/** Region → the phrases of what reaches it (empty when nothing routes there). */
export function trafficInto(model: DiagramModel): Map<string, string[]> {
  const global = new Map(model.global.map((n) => [n.id, n]));
  const regionOf = new Map(
    model.regions.flatMap((r) => r.nodes.map((n) => [n.id, r.region] as const)),
  );
  const out = new Map<string, string[]>(model.regions.map((r) => [r.region, []]));
  for (const e of model.edges) {
    const from = global.get(e.from);
    const region = regionOf.get(e.to);
    if (!from || !region || !["dns-alias", "accelerator", "health-check"].includes(e.kind))
      continue;
    const phrase = describe(from, e.label);
    const list = out.get(region)!;
    if (phrase && !list.includes(phrase)) list.push(phrase);
  }
  for (const list of out.values()) list.sort();
  return out;
}

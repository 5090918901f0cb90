/**
 * Where every block of the region boxes goes. Each region has two columns: the blocks that replicate to the
 * other region (databases, table, buckets, image, vault, TGW) in the column facing it, the rest in the far
 * column. The facing columns share their rows across the regions (row k holds the same kind on both sides, at
 * the same height), so a replication link is one level line across the gap between the boxes.
 */
import { nodeSize } from "./nodeBox";
import { Line, measureLines, Padding } from "./textBox";
import type { AzBox, DiagramEdge, DiagramNode, NodeKind, RegionBox } from "./types";
import { MUTED, TEXT } from "./style";
import { wrap } from "./svgWriter";

/** The facing column, top to bottom. */
export const FACING: readonly NodeKind[] = [
  "aurora",
  "rds",
  "dynamodb",
  "s3",
  "ecr",
  "vault",
  "tgw",
];
/** The far column, top to bottom: the way in, compute, then the cache. */
export const FAR: readonly NodeKind[] = ["alb", "nlb", "ecs", "asg", "lambda", "cache"];

export const REGION_PAD = 14;
const COLUMN_GAP = 24;
const ROW_GAP = 12;
/** Vertical room per link attached to a block, so links (and their labels) on one block stay apart. */
export const LINK_PITCH = 22;
const AZ_GAP = 8;
export const AZ_PAD: Padding = { x: 8, y: 6 };

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RegionPlacement {
  readonly region: RegionBox;
  readonly box: Box;
  readonly header: Line[];
  readonly nodes: Map<string, Box>;
  readonly azFrame?: Box;
  readonly azs: { az: AzBox; box: Box; lines: Line[] }[];
  /** Which side faces the neighbour: the first region's right, the others' left. */
  readonly facingRight: boolean;
}

const byId = (a: DiagramNode, b: DiagramNode) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ofKinds = (r: RegionBox, kinds: readonly NodeKind[]) =>
  r.nodes
    .filter((n) => kinds.includes(n.kind))
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || byId(a, b));

export function azLines(az: AzBox): Line[] {
  const facts = [
    `${az.subnets} subnets${az.natGateways ? ` · ${az.natGateways} NAT` : ""}`,
    ...az.dbInstances,
  ];
  return [
    { text: az.name, style: { size: 11, bold: true } },
    ...facts.map((t) => ({ text: t, style: { size: 9.5, color: TEXT } })),
  ];
}

function headerLines(r: RegionBox, width: number): Line[] {
  const small = { size: 10, color: MUTED };
  const sub = r.stack
    ? `stack ${r.stack} (${r.role === "extra" ? "no home stack" : `${r.role} stack`})`
    : "no home stack";
  return [
    { text: `${r.region} · ${r.label}`, style: { size: 14, bold: true } },
    { text: sub, style: small },
    ...(r.note ? wrap(r.note, width, small).map((t) => ({ text: t, style: small })) : []),
  ];
}

/**
 * Lays the regions out left to right from `left`, top at `top`; `gutter` px between neighbours. Links count
 * per block (`linksOf`) only to give a block with several links the height to keep them apart.
 */
export function layoutRegions(
  regions: RegionBox[],
  edges: DiagramEdge[],
  left: number,
  top: number,
  gutter: number,
): RegionPlacement[] {
  const links = new Map<string, number>();
  for (const e of edges) for (const id of [e.from, e.to]) links.set(id, (links.get(id) ?? 0) + 1);
  const size = (n: DiagramNode) => {
    const s = nodeSize(n);
    return { w: s.width, h: Math.max(s.height, ((links.get(n.id) ?? 0) + 1) * LINK_PITCH) };
  };
  const all = regions.flatMap((r) => r.nodes);
  const facingW = Math.max(0, ...all.filter((n) => FACING.includes(n.kind)).map((n) => size(n).w));
  const farW = Math.max(0, ...all.filter((n) => FAR.includes(n.kind)).map((n) => size(n).w));

  // Facing rows: the j-th block of kind k on every side, one height for the row.
  const rows: { kind: NodeKind; index: number; h: number }[] = [];
  for (const kind of FACING) {
    const count = Math.max(0, ...regions.map((r) => ofKinds(r, [kind]).length));
    for (let j = 0; j < count; j++) {
      const h = Math.max(
        0,
        ...regions
          .map((r) => ofKinds(r, [kind])[j])
          .filter(Boolean)
          .map((n) => size(n!).h),
      );
      rows.push({ kind, index: j, h });
    }
  }

  const azSizes = regions.map((r) => r.azs.map((az) => measureLines(azLines(az), AZ_PAD)));
  const azRowW = (i: number) =>
    azSizes[i].reduce((w, s) => w + s.width, 0) +
    AZ_GAP * Math.max(0, azSizes[i].length - 1) +
    2 * AZ_PAD.x;
  const columnsW = (farW ? farW + COLUMN_GAP : 0) + facingW;
  // The header's first two lines never wrap, so they set a floor under the width; a note wraps to what is left.
  const headerW = (r: RegionBox) =>
    measureLines(headerLines(r, Infinity).slice(0, 2), { x: 0, y: 0 }).width;
  const widths = regions.map(
    (r, i) => Math.max(columnsW, azRowW(i), headerW(r), 220) + 2 * REGION_PAD,
  );
  const headers = regions.map((r, i) => headerLines(r, widths[i] - 2 * REGION_PAD));
  const headerH = Math.max(...headers.map((h) => measureLines(h, { x: 0, y: 0 }).height)) + 12;

  let x = left;
  const placements = regions.map((r, i): RegionPlacement => {
    const facingRight = i === 0;
    const w = widths[i];
    const facingX = facingRight ? x + w - REGION_PAD - facingW : x + REGION_PAD;
    const farX = facingRight ? x + REGION_PAD : x + w - REGION_PAD - farW;
    const nodes = new Map<string, Box>();
    let y = top + REGION_PAD + headerH;
    for (const row of rows) {
      const n = ofKinds(r, [row.kind])[row.index];
      if (n) nodes.set(n.id, { x: facingX, y, w: facingW, h: row.h });
      y += row.h + ROW_GAP;
    }
    const facingBottom = y;
    y = top + REGION_PAD + headerH;
    for (const n of ofKinds(r, FAR)) {
      const s = size(n);
      nodes.set(n.id, { x: farX, y, w: farW, h: s.h });
      y += s.h + ROW_GAP;
    }
    const columnsBottom = Math.max(facingBottom, y);
    const azs: RegionPlacement["azs"] = [];
    let azFrame: Box | undefined;
    let bottom = columnsBottom;
    if (r.azs.length) {
      const labelH = 18;
      const innerH = Math.max(...azSizes[i].map((s) => s.height));
      azFrame = {
        x: x + REGION_PAD,
        y: columnsBottom,
        w: w - 2 * REGION_PAD,
        h: labelH + innerH + 2 * AZ_PAD.y,
      };
      let ax = azFrame.x + AZ_PAD.x;
      r.azs.forEach((az, k) => {
        azs.push({
          az,
          box: { x: ax, y: azFrame!.y + labelH + AZ_PAD.y, w: azSizes[i][k].width, h: innerH },
          lines: azLines(az),
        });
        ax += azSizes[i][k].width + AZ_GAP;
      });
      bottom = azFrame.y + azFrame.h + ROW_GAP;
    }
    const box = { x, y: top, w, h: bottom - top + REGION_PAD - ROW_GAP };
    const placement = { region: r, box, header: headers[i], nodes, azFrame, azs, facingRight };
    x += w + gutter;
    return placement;
  });
  // One height for all: boxes side by side read as peers.
  const h = Math.max(...placements.map((p) => p.box.h));
  for (const p of placements) p.box.h = h;
  return placements;
}

/**
 * The links between two region boxes: each leaves its block on the side facing the other region, at its own
 * height on that block, and crosses the gap between the boxes. Where both ends sit at one height (the facing
 * rows line up, ./regionLayout.ts) the link is one level line with its label just above or below it; a link
 * that must change height runs in its own vertical lane and is numbered, with the label in a key instead.
 */
import type { RegionPlacement, Box } from "./regionLayout";
import { Line } from "./textBox";
import { textWidth } from "./svgWriter";
import { EDGE_STYLE } from "./style";
import type { DiagramEdge } from "./types";

export const LABEL_SIZE = 10;
const LABEL_PAD = 3;
const LANE_PITCH = 16;

export interface LabelBox extends Box {
  readonly lines: Line[];
}

export interface RoutedLink {
  readonly edge: DiagramEdge;
  /** From the edge's `from` block to its `to` block. */
  readonly points: [number, number][];
  label?: LabelBox;
  /** Its number in the key, when the label could not sit on the line. */
  badge?: { n: number; box: Box };
}

export interface Routing {
  readonly links: RoutedLink[];
  /** Numbered key entries, for the links with a badge. */
  readonly key: { n: number; text: string }[];
}

/** The gap the labels need between the boxes: the widest label of a link between two regions, and some air. */
export function gutterWidth(
  edges: readonly DiagramEdge[],
  crossRegion: (e: DiagramEdge) => boolean,
): number {
  const widest = Math.max(
    0,
    ...edges.filter(crossRegion).map((e) => textWidth(`← ${e.label}`, LABEL_SIZE)),
  );
  return Math.ceil(Math.max(90, widest + 2 * LABEL_PAD + 28));
}

const kindOrder = Object.keys(EDGE_STYLE);

export function routeLinks(
  edges: readonly DiagramEdge[],
  placements: readonly RegionPlacement[],
): Routing {
  const where = new Map<string, { p: number; box: Box }>();
  placements.forEach((pl, p) => pl.nodes.forEach((box, id) => where.set(id, { p, box })));
  const cross = edges.filter(
    (e) => where.has(e.from) && where.has(e.to) && where.get(e.from)!.p !== where.get(e.to)!.p,
  );

  // Attachment heights: a block's links in a fixed order (by kind, then by ends), spread evenly down its side.
  const order = (a: DiagramEdge, b: DiagramEdge) =>
    kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
    `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`);
  const attach = new Map<string, number>(); // `${edgeIndex}:${nodeId}` → y
  const byNode = new Map<string, DiagramEdge[]>();
  for (const e of cross)
    for (const id of [e.from, e.to]) byNode.set(id, [...(byNode.get(id) ?? []), e]);
  for (const [id, list] of byNode) {
    const box = where.get(id)!.box;
    [...list]
      .sort(order)
      .forEach((e, i) =>
        attach.set(`${cross.indexOf(e)}:${id}`, box.y + (box.h * (i + 1)) / (list.length + 1)),
      );
  }

  const links: RoutedLink[] = [];
  const key: Routing["key"] = [];
  let lane = 0;
  cross.forEach((e, i) => {
    const [a, b] = [where.get(e.from)!, where.get(e.to)!];
    const [ya, yb] = [attach.get(`${i}:${e.from}`)!, attach.get(`${i}:${e.to}`)!];
    // Each end leaves on the side that faces the other box.
    const xa = a.p < b.p ? a.box.x + a.box.w : a.box.x;
    const xb = a.p < b.p ? b.box.x : b.box.x + b.box.w;
    if (Math.abs(ya - yb) < 0.5) {
      links.push({
        edge: e,
        points: [
          [xa, ya],
          [xb, yb],
        ],
      });
      return;
    }
    const left = placements[Math.min(a.p, b.p)].box;
    const right = placements[Math.max(a.p, b.p)].box;
    const mid = (left.x + left.w + right.x) / 2;
    const lx = mid + (lane % 2 ? 1 : -1) * LANE_PITCH * Math.ceil(lane / 2);
    lane++;
    const n = key.length + 1;
    const bw = textWidth(String(n), LABEL_SIZE, true) + 8;
    const badge = { n, box: { x: lx - bw / 2, y: (ya + yb) / 2 - 8, w: bw, h: 16 } };
    key.push({ n, text: e.label });
    links.push({
      edge: e,
      points: [
        [xa, ya],
        [lx, ya],
        [lx, yb],
        [xb, yb],
      ],
      badge,
    });
  });
  placeLabels(links, key);
  return { links, key };
}

/** The label with the way the data flows, so two links of one kind (backup copies both ways) read apart. */
function labelText(l: RoutedLink): string {
  if (l.edge.bidirectional) return l.edge.label;
  return l.points[0][0] < l.points[l.points.length - 1][0]
    ? `${l.edge.label} →`
    : `← ${l.edge.label}`;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Level links get their label above the line, else below it, else a number in the key. */
function placeLabels(links: RoutedLink[], key: Routing["key"]): void {
  const taken: Box[] = links.flatMap((l) => (l.badge ? [l.badge.box] : []));
  const lines = links.filter((l) => l.points.length === 2).map((l) => l.points[0][1]);
  const level = links
    .filter((l) => l.points.length === 2 && l.edge.label)
    .sort((a, b) => a.points[0][1] - b.points[0][1]);
  for (const l of level) {
    const [[x1, y], [x2]] = l.points;
    const w = textWidth(labelText(l), LABEL_SIZE) + 2 * LABEL_PAD;
    const h = Math.ceil(LABEL_SIZE * 1.17) + 2 * LABEL_PAD;
    const x = (x1 + x2) / 2 - w / 2;
    const [above, below] = [
      { x, y: y - 2 - h, w, h },
      { x, y: y + 2, w, h },
    ];
    // A line just above (the other copy direction) would make a label above read as its label: go below.
    const crowded = lines.some((ly) => ly < y && ly > y - h - 10);
    const candidates = crowded ? [below, above] : [above, below];
    const free = candidates.find(
      (c) => !taken.some((t) => overlaps(t, c)) && !lines.some((ly) => ly > c.y && ly < c.y + c.h),
    );
    if (free) {
      taken.push(free);
      l.label = {
        ...free,
        lines: [
          { text: labelText(l), style: { size: LABEL_SIZE, color: EDGE_STYLE[l.edge.kind].color } },
        ],
      };
    } else {
      const n = key.length + 1;
      const bw = textWidth(String(n), LABEL_SIZE, true) + 8;
      l.badge = { n, box: { x: (x1 + x2) / 2 - bw / 2, y: y - 8, w: bw, h: 16 } };
      key.push({ n, text: l.edge.label });
    }
  }
}

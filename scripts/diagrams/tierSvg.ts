/**
 * Diagram model → SVG of one tier, laid out here rather than by Graphviz, so every text is sized to fit with
 * the conservative widths of ./textWidth.ts and every link and label has a place of its own:
 *   title; the global box (front door, health checks, plans) with the legend on its right; the front door's
 *   arrows into the regions, in words; the region boxes side by side with the links between them; a key.
 * Pure and deterministic: the same model gives the same bytes.
 */
import { drawLegend, legendSize } from "./legend";
import { gutterWidth, LABEL_SIZE, routeLinks, RoutedLink, Routing } from "./linkRouting";
import { drawNode, nodeSize } from "./nodeBox";
import { AZ_PAD, Box, layoutRegions, REGION_PAD, RegionPlacement } from "./regionLayout";
import { EDGE_STYLE, MUTED, REGION_STYLE, TEXT, TRAFFIC } from "./style";
import {
  arrowMarkers,
  group,
  markerId,
  polyline,
  rect,
  svgDocument,
  text,
  wrap,
} from "./svgWriter";
import { drawLines, drawTextBox, Line, measureLines } from "./textBox";
import { trafficInto } from "./traffic";
import type { DiagramModel, DiagramNode, NodeKind } from "./types";

const MARGIN = 20;
const GAP = 12;
const GLOBAL_PAD = 14;
const GLOBAL_ORDER: readonly NodeKind[] = [
  "record",
  "health-check",
  "accelerator",
  "endpoint-group",
  "region-switch",
  "resilience-hub",
];

/** Global pieces of the primary's stack first, then by kind. */
function globalOrder(model: DiagramModel): DiagramNode[] {
  const stacks = model.regions.map((r) => r.stack);
  const rank = (n: DiagramNode) =>
    stacks.includes(n.stack) ? stacks.indexOf(n.stack) : stacks.length;
  return [...model.global].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      GLOBAL_ORDER.indexOf(a.kind) - GLOBAL_ORDER.indexOf(b.kind) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Left-to-right rows within `width`; returns each node's box relative to (0, 0) and the total height. */
function flow(nodes: DiagramNode[], width: number): { boxes: Map<string, Box>; height: number } {
  const boxes = new Map<string, Box>();
  let [x, y, rowH] = [0, 0, 0];
  for (const n of nodes) {
    const s = nodeSize(n);
    if (x > 0 && x + s.width > width) [x, y, rowH] = [0, y + rowH + GAP, 0];
    boxes.set(n.id, { x, y, w: s.width, h: s.height });
    x += s.width + GAP;
    rowH = Math.max(rowH, s.height);
  }
  return { boxes, height: nodes.length ? y + rowH : 0 };
}

const titleLines = (model: DiagramModel): Line[] => [
  { text: `SecureCart · ${model.tier}`, style: { size: 18, bold: true } },
  {
    text: "generated from the offline plan of both stacks (npm run diagrams)",
    style: { size: 11, color: MUTED },
  },
];

function drawLink(l: RoutedLink): string[] {
  const st = EDGE_STYLE[l.edge.kind];
  const dash = st.style === "dashed" ? "7 4" : st.style === "dotted" ? "2 3" : undefined;
  const out = [
    polyline(l.points, {
      color: st.color,
      width: st.penwidth,
      dash,
      markerEnd: markerId(st.color),
      markerStart: l.edge.bidirectional ? markerId(st.color) : undefined,
    }),
  ];
  if (l.label)
    out.push(
      drawTextBox(
        "link-label",
        l.label,
        l.label.lines,
        { fill: "#ffffff", radius: 3 },
        { x: 3, y: 3 },
      ),
    );
  if (l.badge) {
    const b = l.badge.box;
    const lines: Line[] = [
      {
        text: String(l.badge.n),
        style: { size: LABEL_SIZE, bold: true, color: "#ffffff", anchor: "middle" },
      },
    ];
    out.push(drawTextBox("link-badge", b, lines, { fill: st.color, radius: 8 }, { x: 4, y: 2.5 }));
  }
  return out;
}

function drawRegion(p: RegionPlacement): string {
  const style = REGION_STYLE[p.region.role];
  const parts = drawLines(p.header, p.box.x, p.box.y, p.box.w, {
    x: REGION_PAD,
    y: REGION_PAD - 2,
  });
  for (const n of p.region.nodes) {
    const at = p.nodes.get(n.id);
    if (at) parts.push(drawNode(n, at));
  }
  if (p.azFrame) {
    const f = p.azFrame;
    const azParts = [
      text(f.x + AZ_PAD.x, f.y + 14, `Availability Zones (${p.azs.length})`, {
        size: 11,
        color: TEXT,
      }),
    ];
    for (const a of p.azs)
      azParts.push(
        drawTextBox("az", a.box, a.lines, { fill: "#f6f8fa", stroke: MUTED, radius: 4 }, AZ_PAD),
      );
    parts.push(
      group(
        "azs",
        rect(f.x, f.y, f.w, f.h, { fill: "#ffffff", stroke: MUTED, dashed: true, radius: 6 }),
        azParts,
      ),
    );
  }
  const frame = rect(p.box.x, p.box.y, p.box.w, p.box.h, {
    fill: style.fill,
    stroke: style.border,
    strokeWidth: 2,
    radius: 10,
  });
  return group(`region ${p.region.role}`, frame, parts);
}

function drawKey(
  key: Routing["key"],
  x: number,
  y: number,
  width: number,
): { svg: string; height: number } {
  const lines: Line[] = [
    { text: "Numbered links", style: { size: 11, bold: true } },
    ...key.flatMap((k) =>
      wrap(`${k.n}  ${k.text}`, width - 20, { size: 10 }).map((t) => ({
        text: t,
        style: { size: 10 },
      })),
    ),
  ];
  const s = measureLines(lines, { x: 10, y: 8 });
  const svg = drawTextBox(
    "key",
    { x, y, w: width, h: s.height },
    lines,
    { fill: "#ffffff", stroke: MUTED, radius: 4 },
    { x: 10, y: 8 },
  );
  return { svg, height: s.height };
}

export function tierSvg(model: DiagramModel): string {
  const regionOf = new Map(
    model.regions.flatMap((r) => r.nodes.map((n) => [n.id, r.region] as const)),
  );
  const crossRegion = (e: { from: string; to: string }) =>
    regionOf.has(e.from) && regionOf.has(e.to) && regionOf.get(e.from) !== regionOf.get(e.to);
  const gutter = gutterWidth(model.edges, crossRegion);
  // Only the links between regions are drawn as lines (and make a block taller to keep them apart); the global
  // pieces' links are put in words, on the front door's arrows.
  const links = model.edges.filter(crossRegion);
  const drawn = new Set<string>(links.map((e) => e.kind));
  const traffic = trafficInto(model);
  if ([...traffic.values()].some((t) => t.length)) drawn.add("traffic");
  if ([...model.global, ...model.regions.flatMap((r) => r.nodes)].some((n) => n.idle))
    drawn.add("idle");

  // Widths first (the regions set them), then heights top to bottom.
  const trial = layoutRegions(model.regions, links, MARGIN, 0, gutter);
  const legend = legendSize(model, drawn);
  const globals = globalOrder(model);
  const widestGlobal = Math.max(0, ...globals.map((n) => nodeSize(n).width));
  const regionsW = trial.length
    ? trial[trial.length - 1].box.x + trial[trial.length - 1].box.w - MARGIN
    : 0;
  const title = titleLines(model);
  const titleSize = measureLines(title, { x: 0, y: 0 });
  const innerW = Math.max(
    regionsW,
    widestGlobal + GAP + legend.width + 2 * GLOBAL_PAD,
    titleSize.width,
  );
  const width = innerW + 2 * MARGIN;

  let y = MARGIN;
  const body: string[] = [];
  body.push(...drawLines(title, MARGIN, y, innerW, { x: 0, y: 0 }));
  y += titleSize.height + GAP;

  // The global box: its pieces flow on the left, the legend on the right.
  const globalTop = y;
  const header = 22;
  const flowW = innerW - 2 * GLOBAL_PAD - GAP - legend.width;
  const laid = flow(globals, flowW);
  const globalH = header + Math.max(laid.height, legend.height) + 2 * GLOBAL_PAD - 6;
  const gParts = [
    text(MARGIN + GLOBAL_PAD, globalTop + 20, "Global / cross-region", { size: 14, bold: true }),
  ];
  for (const n of globals) {
    const b = laid.boxes.get(n.id)!;
    gParts.push(
      drawNode(n, {
        x: MARGIN + GLOBAL_PAD + b.x,
        y: globalTop + header + GLOBAL_PAD - 6 + b.y,
        w: b.w,
        h: b.h,
      }),
    );
  }
  gParts.push(
    drawLegend(
      model,
      drawn,
      MARGIN + innerW - GLOBAL_PAD - legend.width,
      globalTop + header + GLOBAL_PAD - 6,
    ),
  );
  const g = REGION_STYLE.global;
  const frame = rect(MARGIN, globalTop, innerW, globalH, {
    fill: g.fill,
    stroke: g.border,
    strokeWidth: 1.5,
    radius: 10,
  });
  body.push(group("global", frame, gParts));
  y = globalTop + globalH;

  // The band between the global box and the regions: an arrow into each region, with what it carries.
  const phraseStyle = { size: 10, color: TRAFFIC };
  const bandLines = trial.map((p) =>
    (traffic.get(p.region.region) ?? [])
      .flatMap((t) => wrap(t, p.box.w - 44, phraseStyle))
      .map((t) => ({ text: t, style: phraseStyle })),
  );
  const bandH = Math.max(
    24,
    ...bandLines.map((l) => (l.length ? measureLines(l, { x: 0, y: 0 }).height + 16 : 0)),
  );
  const regionsTop = y + bandH;
  const placements = layoutRegions(model.regions, links, MARGIN, regionsTop, gutter);
  placements.forEach((p, i) => {
    if (!bandLines[i].length) return;
    const ax = p.box.x + 22;
    body.push(
      polyline(
        [
          [ax, y],
          [ax, regionsTop - 1],
        ],
        { color: TRAFFIC, width: 1.6, markerEnd: markerId(TRAFFIC) },
      ),
    );
    body.push(...drawLines(bandLines[i], ax + 8, y + 8, p.box.w, { x: 0, y: 0 }));
  });

  for (const p of placements) body.push(drawRegion(p));
  const routing = routeLinks(model.edges, placements);
  for (const l of routing.links) body.push(...drawLink(l));
  let bottom = Math.max(regionsTop, ...placements.map((p) => p.box.y + p.box.h));
  if (routing.key.length) {
    const k = drawKey(routing.key, MARGIN, bottom + GAP, innerW);
    body.push(k.svg);
    bottom += GAP + k.height;
  }
  const colors = [TRAFFIC, ...Object.values(EDGE_STYLE).map((s) => s.color)];
  return svgDocument(width, bottom + MARGIN, `SecureCart · ${model.tier}`, [
    arrowMarkers(colors),
    ...body,
  ]);
}

/**
 * The drill's SVG timeline of one direction: order attempts per second (acknowledged green, failed red) on a
 * time axis in seconds since the load started, a dashed line at each event of the run, and a legend. Each
 * event's label has a row of its own above the plot, in the order the events happened, so labels never print
 * over each other and a line only ever passes under labels of later events, which start right of it.
 */
import {
  group,
  polyline,
  rect,
  svgDocument,
  text,
  TextStyle,
  textWidth,
  wrap,
} from "../diagrams/svgWriter";
import type { Measurement } from "./measure";

const W = 760;
const L = 76;
const R = 24;
const ROW = 15;
const PLOT_H = 170;
const SMALL: TextStyle = { size: 10 };
const ACK = "#2e7d32";
const FAIL = "#c62828";

/** As the drill's terminal table prints a duration (./report.ts), so the two read alike. */
const seconds = (ms: number | null) => (ms === null ? "never" : `${(ms / 1000).toFixed(2)} s`);

/** A step of 1, 2 or 5 × 10^k giving at most `most` intervals over `span`. */
export function niceStep(span: number, most: number): number {
  for (let p = 1; ; p *= 10) for (const m of [1, 2, 5]) if (span / (m * p) <= most) return m * p;
}

interface Event {
  readonly at: number | null;
  readonly label: string;
  readonly color: string;
  readonly dash: string;
}

/** The run's events, in time order; a planned failback stops its region on purpose, so it is no "fault". */
function events(m: Measurement): Event[] {
  const start = m.faultKind === "kill" ? "fault: region killed" : "planned stop of the old region";
  const recovered = m.rtoMs === null ? null : m.faultAt + m.rtoMs;
  const list: Event[] = [
    { at: m.faultAt, label: start, color: "#000000", dash: "5 3" },
    { at: m.detectedAt, label: "router detected it down", color: "#ef6c00", dash: "5 3" },
    { at: m.promotedAt, label: "database promoted", color: "#1565c0", dash: "5 3" },
    { at: m.firstAckAt, label: "first order acknowledged", color: ACK, dash: "2 3" },
    { at: recovered, label: `recovered: RTO ${seconds(m.rtoMs)}`, color: "#6a1b9a", dash: "8 3" },
  ];
  return list.filter((e) => e.at !== null).sort((a, b) => a.at! - b.at!);
}

export function timelineSvg(m: Measurement, title: string): string {
  const n = Math.max(1, m.series.length);
  const max = Math.max(1, ...m.series.map((b) => b.acks + b.errors));
  const yStep = niceStep(max, 4);
  const yMax = Math.ceil(max / yStep) * yStep;
  const body: string[] = [];

  // Title and what the RTO means, wrapped to the width: never clipped.
  const head = [
    ...wrap(title, W - 2 * 16, { size: 13, bold: true }).map((t) => ({
      t,
      s: { size: 13, bold: true } as TextStyle,
    })),
    ...wrap(
      `${m.rtoMs === null ? "RTO not reached in this run" : `RTO ${seconds(m.rtoMs)}`}: from the ` +
        `${m.faultKind === "kill" ? "fault" : "planned stop"} until ≥ 99% of orders were acknowledged for 3 s; ` +
        `first order acknowledged after ${seconds(m.firstAckMs)}`,
      W - 2 * 16,
      { size: 11 },
    ).map((t) => ({ t, s: { size: 11, color: "#444444" } as TextStyle })),
  ];
  let y = 8;
  for (const h of head) {
    y += h.s.size * 1.35;
    body.push(text(16, y, h.t, h.s));
  }
  y += 10;

  const evs = events(m);
  const rowsTop = y;
  const plotTop = rowsTop + evs.length * ROW + 6;
  const plotBottom = plotTop + PLOT_H;
  const x = (sec: number) => L + (sec / n) * (W - L - R);
  const yOf = (v: number) => plotBottom - (v / yMax) * PLOT_H;
  const bw = Math.max(1, (W - L - R) / n - 1);

  // Grid and bars.
  for (let v = 0; v <= yMax; v += yStep) {
    body.push(
      polyline(
        [
          [L, yOf(v)],
          [W - R, yOf(v)],
        ],
        { color: v === 0 ? "#000000" : "#e0e0e0", width: 1 },
      ),
    );
    body.push(text(L - 6, yOf(v) + 3.5, String(v), { ...SMALL, anchor: "end" }));
  }
  body.push(text(L - 6, plotTop - 12, "attempts/s", { ...SMALL, anchor: "end", color: "#444444" }));
  for (const b of m.series) {
    const bx = x(b.second);
    body.push(rect(bx, yOf(b.acks), bw, plotBottom - yOf(b.acks), { fill: ACK }));
    if (b.errors)
      body.push(
        rect(bx, yOf(b.acks + b.errors), bw, yOf(b.acks) - yOf(b.acks + b.errors), { fill: FAIL }),
      );
  }
  body.push(
    polyline(
      [
        [L, plotTop],
        [L, plotBottom],
      ],
      { color: "#000000", width: 1 },
    ),
  );

  // Time axis: a tick and a label every 1, 2, 5, 10 … s.
  const xStep = niceStep(n, 10);
  for (let s = 0; s <= n; s += xStep) {
    body.push(
      polyline(
        [
          [x(s), plotBottom],
          [x(s), plotBottom + 4],
        ],
        { color: "#000000", width: 1 },
      ),
    );
    body.push(text(x(s), plotBottom + 16, `${s} s`, { ...SMALL, anchor: "middle" }));
  }
  const axisY = plotBottom + 32;
  body.push(
    text((L + W - R) / 2, axisY, "seconds since the load started", {
      ...SMALL,
      anchor: "middle",
      color: "#444444",
    }),
  );

  // Events: a dashed line from the plot's foot up to the event's own label row.
  evs.forEach((e, i) => {
    const px = x((e.at! - m.loadStart) / 1000);
    const rowY = rowsTop + i * ROW;
    const label = `${e.label} (${((e.at! - m.loadStart) / 1000).toFixed(1)} s)`;
    const fitsRight = px + 4 + textWidth(label, SMALL.size) <= W - R;
    body.push(
      polyline(
        [
          [px, rowY + 2],
          [px, plotBottom],
        ],
        { color: e.color, width: 1.2, dash: e.dash },
      ),
    );
    body.push(
      text(fitsRight ? px + 4 : px - 4, rowY + ROW - 4, label, {
        ...SMALL,
        color: e.color,
        anchor: fitsRight ? "start" : "end",
      }),
    );
  });

  // Legend: swatches for the bars, then the events' line styles, flowed left to right.
  const items: { label: string; draw: (x: number, y: number) => string }[] = [
    { label: "acknowledged", draw: (lx, ly) => rect(lx, ly - 8, 14, 10, { fill: ACK }) },
    {
      label: "failed (5xx, timeout, refused)",
      draw: (lx, ly) => rect(lx, ly - 8, 14, 10, { fill: FAIL }),
    },
  ];
  let lx = L;
  let ly = axisY + 24;
  const legend: string[] = [];
  for (const it of items) {
    const w = 20 + textWidth(it.label, SMALL.size) + 18;
    if (lx + w > W - R) [lx, ly] = [L, ly + ROW];
    legend.push(it.draw(lx, ly), text(lx + 20, ly, it.label, SMALL));
    lx += w;
  }
  const note = "dashed lines: the events named above the plot";
  if (lx + textWidth(note, SMALL.size) > W - R) [lx, ly] = [L, ly + ROW];
  legend.push(text(lx, ly, note, { ...SMALL, color: "#444444" }));
  const frame = rect(L - 8, axisY + 10, W - R - L + 16, ly - axisY, {
    fill: "#ffffff",
    stroke: "#cccccc",
    radius: 4,
  });
  body.push(group("legend", frame, legend));
  return svgDocument(W, ly + 20, title, body);
}

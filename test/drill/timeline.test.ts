/**
 * The drill's SVG timeline: its title (with the RTO) is never clipped, event labels never print over each other
 * even when the events are a fraction of a second apart, the time axis has labelled ticks, there is a legend,
 * and a planned failback is not called a fault. Drawn to PNG by resvg, checked from the SVG's geometry.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Measurement } from "../../scripts/drill/measure";
import { niceStep, timelineSvg } from "../../scripts/drill/timeline";
import { geometry, readabilityProblems, toPng } from "../support/svgGeometry";
import { xmlProblems } from "../diagrams/xml";

const PNG_DIR = process.env.DIAGRAM_PNG_DIR ?? path.join(os.tmpdir(), "securecart-diagrams");

/** A 30 s run: the fault at 10 s, detection, promotion and the first ack within 1.2 s of it. */
function measurement(direction: "failover" | "failback"): Measurement {
  const loadStart = 1_000_000;
  const faultAt = loadStart + 10_000;
  const series = Array.from({ length: 30 }, (_, second) => {
    const down = second >= 10 && second < 14;
    return { second, acks: down ? (second === 13 ? 40 : 0) : 100, errors: down ? 60 : 0 };
  });
  return {
    direction,
    from: direction === "failover" ? "us-east-1" : "eu-west-1",
    to: direction === "failover" ? "eu-west-1" : "us-east-1",
    faultKind: direction === "failover" ? "kill" : "planned-stop",
    faultAt,
    detectedAt: faultAt + 300,
    promotedAt: faultAt + 700,
    firstAckAt: faultAt + 1_100,
    firstAckMs: 1_100,
    rtoMs: 4_210,
    series,
    loadStart,
  } as unknown as Measurement;
}

const texts = (svg: string) => geometry(svg, { measureDrawn: false }).texts.map((t) => t.text);

describe("drill: SVG timeline", () => {
  for (const direction of ["failover", "failback"] as const) {
    it(`${direction}: readable, with its RTO in the title, a time axis and a legend; drawn to a PNG`, () => {
      const m = measurement(direction);
      const svg = timelineSvg(m, `warm-standby ${direction} ${m.from} → ${m.to}`);
      assert.deepEqual(xmlProblems(svg), []);
      assert.deepEqual(readabilityProblems(geometry(svg)), []);
      const words = texts(svg);
      assert.ok(
        words.some((w) => w.startsWith("RTO 4.21 s")),
        "the RTO, as the drill's table prints it",
      );
      for (const tick of ["0 s", "5 s", "10 s", "30 s"])
        assert.ok(words.includes(tick), `tick ${tick}`);
      assert.ok(words.includes("seconds since the load started"));
      assert.ok(
        words.includes("acknowledged") && words.some((w) => w.startsWith("failed")),
        "legend",
      );
      const start = words.find((w) => /\(10\.0 s\)$/.test(w))!;
      if (direction === "failback") assert.doesNotMatch(start, /fault/);
      else assert.match(start, /^fault/);
      fs.mkdirSync(PNG_DIR, { recursive: true });
      fs.writeFileSync(path.join(PNG_DIR, `timeline-${direction}.png`), toPng(svg));
    });
  }

  it("picks 1-2-5 steps for the axes", () => {
    assert.deepEqual(
      [niceStep(30, 10), niceStep(8, 10), niceStep(120, 10), niceStep(100, 4)],
      [5, 1, 20, 50],
    );
  });
});

/**
 * The rendered SVGs: well-formed, labelled with the regions, their roles under the tier and the tier, opaque
 * (readable on GitHub's dark theme), byte-identical for the same plan, and readable: each is drawn to a PNG by
 * resvg, and from the SVG's geometry no text leaves its box, runs into another box, or overlaps another text.
 * The PNGs land in $DIAGRAM_PNG_DIR (default: the system temp dir) for a person to look at.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DR_TIERS } from "../../components/tiers/tierProfile";
import { diagramModel, overviewSvg, tierDiagramSvg, tierSvg } from "../../scripts/diagrams";
import { formatMinutes, formatPercent, formatUsd } from "../../scripts/plan/format";
import { planTier } from "../support/plans";
import { geometry, readabilityProblems, toPng } from "../support/svgGeometry";
import { xmlProblems } from "./xml";

const PNG_DIR = process.env.DIAGRAM_PNG_DIR ?? path.join(os.tmpdir(), "securecart-diagrams");
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function rendersToPng(svg: string, name: string): void {
  const png = toPng(svg);
  assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), `${name}: resvg drew a PNG`);
  const { width, height } = geometry(svg, { measureDrawn: false });
  assert.equal(png.readUInt32BE(16), width, `${name}: PNG width`);
  assert.equal(png.readUInt32BE(20), height, `${name}: PNG height`);
  fs.mkdirSync(PNG_DIR, { recursive: true });
  fs.writeFileSync(path.join(PNG_DIR, name.replace(/\.svg$/, ".png")), png);
}

const texts = (svg: string) => geometry(svg, { measureDrawn: false }).texts.map((t) => t.text);

describe("diagrams: SVG", function () {
  this.timeout(180_000);

  it("the well-formedness check itself rejects broken XML", () => {
    assert.deepEqual(xmlProblems(`<svg a="1"><g><text>a &amp; b</text></g></svg>`), []);
    assert.ok(xmlProblems(`<svg><g></svg>`).length > 0);
    assert.ok(xmlProblems(`<svg><text>a & b</text></svg>`).length > 0);
    assert.ok(xmlProblems(`<svg a=1></svg>`).length > 0);
  });

  it("the readability check itself finds overlapping, escaping and colliding text", () => {
    const doc = (inner: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">` +
      `<rect x="0" y="0" width="400" height="200" fill="#fff"/>${inner}</svg>`;
    const box = (x: number, label: string) =>
      `<g><rect x="${x}" y="10" width="120" height="30" fill="#fff"/><text x="${x + 5}" y="30" font-size="12">${label}</text></g>`;
    assert.deepEqual(
      readabilityProblems(geometry(doc(box(10, "fits") + box(200, "fits too")))),
      [],
    );
    assert.match(
      readabilityProblems(geometry(doc(box(10, "a label far too long for its box"))))[0],
      /leaves its box/,
    );
    const twice = doc(
      `<text x="10" y="100" font-size="12">one</text><text x="14" y="102" font-size="12">two</text>`,
    );
    assert.match(readabilityProblems(geometry(twice)).join("\n"), /overlaps/);
    const into = doc(box(10, "x") + `<text x="100" y="30" font-size="12">runs into it</text>`);
    assert.match(readabilityProblems(geometry(into)).join("\n"), /runs into a box/);
  });

  for (const tier of DR_TIERS) {
    it(`${tier}: well-formed, labelled, readable, and drawn to a PNG`, async () => {
      const pair = await planTier(tier);
      const svg = await tierDiagramSvg(pair);
      assert.deepEqual(xmlProblems(svg), []);
      const words = texts(svg);
      const model = diagramModel(pair);
      const [primary, recovery] = model.regions;
      assert.ok(words.includes(`SecureCart · ${tier}`), "tier title");
      assert.ok(
        words.includes(`us-east-1 · ${primary.label}`) &&
          words.includes(`eu-west-1 · ${recovery.label}`),
        "region titles",
      );
      const opaque =
        /^<\?xml[^>]*>\s*<svg[^>]*>\s*<title>[^<]*<\/title>\s*<rect x="0" y="0" width="\d+" height="\d+" fill="#ffffff"\/>/;
      assert.match(svg, opaque, "a white background, not a transparent one");
      const doubled = words.filter((w) =>
        /\b([a-z0-9]+)-\1\b/.test(w.replace(/active-active/g, "")),
      );
      assert.deepEqual(doubled, [], "no doubled name suffixes (alb-alb)");
      assert.deepEqual(readabilityProblems(geometry(svg)), []);
      rendersToPng(svg, `${tier}.svg`);
    });
  }

  it("names each region's part as the tier implies: two active regions in active-active, a standby in between", async () => {
    const labels = async (tier: (typeof DR_TIERS)[number]) =>
      diagramModel(await planTier(tier)).regions.map((r) => r.label);
    assert.deepEqual(await labels("active-active"), ["active", "active"]);
    assert.deepEqual(await labels("warm-standby"), ["primary", "standby"]);
    assert.deepEqual(await labels("pilot-light"), ["primary", "standby"]);
    assert.deepEqual(await labels("backup-restore"), ["primary", "recovery"]);
  });

  it("prints the contract in the number format of --compare-tiers", async () => {
    const pair = await planTier("backup-restore");
    const m = diagramModel(pair);
    const words = texts(tierSvg(m)).join("\n");
    assert.ok(
      words.includes(
        `RPO ${formatMinutes(m.legend.rpoMinutes)} · RTO ${formatMinutes(m.legend.rtoMinutes)}`,
      ),
      words,
    );
    for (const c of m.legend.costs)
      assert.ok(words.includes(`${formatUsd(c.monthlyUsd)}/month`), `${c.region} cost`);
    assert.ok(words.includes(`recovery cost share ${formatPercent(m.legend.recoveryShare)}`));
  });

  it("labels each link between the regions once, on its line or in the numbered key, never two at one place", async () => {
    const svg = tierSvg(diagramModel(await planTier("pilot-light")));
    const labels = geometry(svg, { measureDrawn: false }).texts.filter((t) =>
      /backup copy/.test(t.text),
    );
    assert.equal(labels.length, 2, "one label per copy direction");
    assert.notEqual(labels[0].box.y, labels[1].box.y);
  });

  it("draws idle pieces dashed and grey (pilot-light recovery compute)", async () => {
    const svg = tierSvg(diagramModel(await planTier("pilot-light")));
    const idle = [
      ...svg.matchAll(/<g class="node (\w+)">\n<rect [^>]*fill="#eaeef2"[^>]*stroke-dasharray/g),
    ]
      .map((m) => m[1])
      .sort();
    assert.deepEqual(idle, ["alb", "asg", "ecs", "nlb"]);
  });

  it("the overview shows the four tiers, reads cleanly, and rendering is deterministic", async () => {
    const pairs = await Promise.all(DR_TIERS.map((t) => planTier(t)));
    const svg = await overviewSvg(pairs);
    assert.deepEqual(xmlProblems(svg), []);
    for (const tier of DR_TIERS) assert.ok(svg.includes(`<g class="tier ${tier}">`), tier);
    assert.equal(await overviewSvg(pairs), svg);
    assert.deepEqual(readabilityProblems(geometry(svg)), []);
    rendersToPng(svg, "tiers.svg");
  });
});

/**
 * The rendered SVGs: well-formed XML, labelled with the regions and the tier, opaque (readable on GitHub's
 * dark theme), and byte-identical for the same plan.
 */
import { strict as assert } from "assert";
import { DR_TIERS } from "../../components/tiers/tierProfile";
import { diagramModel, overviewDot, overviewSvg, renderSvg, tierDiagramSvg, toDot } from "../../scripts/diagrams";
import { planTier } from "../support/plans";
import { xmlProblems } from "./xml";

describe("diagrams: SVG", function () {
  this.timeout(180_000);

  it("the well-formedness check itself rejects broken XML", () => {
    assert.deepEqual(xmlProblems(`<svg a="1"><g><text>a &amp; b</text></g></svg>`), []);
    assert.ok(xmlProblems(`<svg><g></svg>`).length > 0);
    assert.ok(xmlProblems(`<svg><text>a & b</text></svg>`).length > 0);
    assert.ok(xmlProblems(`<svg a=1></svg>`).length > 0);
  });

  for (const tier of DR_TIERS) {
    it(`${tier}: well-formed, labelled with both regions and the tier, on an opaque background`, async () => {
      const svg = await tierDiagramSvg(await planTier(tier));
      assert.deepEqual(xmlProblems(svg), []);
      assert.ok(svg.includes("us&#45;east&#45;1 · primary"), "primary region label");
      assert.ok(svg.includes("eu&#45;west&#45;1 · recovery"), "recovery region label");
      assert.ok(svg.includes(`SecureCart · ${tier.replace(/-/g, "&#45;")}`), "tier label");
      assert.match(svg, /<polygon fill="#ffffff" stroke="none"/, "white background, not transparent");
    });
  }

  it("draws idle pieces dashed and grey (pilot-light recovery compute)", async () => {
    const dot = toDot(diagramModel(await planTier("pilot-light")));
    const idleLines = dot.split("\n").filter((l) => l.includes('style="rounded,filled,dashed"'));
    assert.ok(idleLines.some((l) => l.startsWith('"eu_west_1__asg__')), "recovery ASG drawn idle");
    assert.ok(idleLines.some((l) => l.startsWith('"eu_west_1__ecs__')), "recovery ECS service drawn idle");
    assert.ok(idleLines.every((l) => l.includes('fillcolor="#eaeef2"')));
    assert.ok(!idleLines.some((l) => l.startsWith('"us_east_1__')), "nothing idle in the primary");
  });

  it("the overview shows the four tiers, and rendering is deterministic", async () => {
    const pairs = await Promise.all(DR_TIERS.map((t) => planTier(t)));
    const svg = await overviewSvg(pairs);
    assert.deepEqual(xmlProblems(svg), []);
    for (const tier of DR_TIERS) assert.ok(svg.includes(`<title>cluster_${tier.replace(/-/g, "_")}</title>`), tier);
    assert.equal(await overviewSvg(pairs), svg);
    const dot = overviewDot(pairs.map(diagramModel));
    assert.equal(await renderSvg(dot), await renderSvg(dot));
  });
});

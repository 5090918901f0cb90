/**
 * Providers for another region than the stack's own check their credentials in the stack's region
 * (components/tiers/compose/site.ts, regionProvider): a stack is deployed when its own region works, and
 * configuring a provider reaches STS on every run, whatever changes.
 */
import { strict as assert } from "assert";
import { DR_TIERS } from "../components/tiers/tierProfile";
import { planTier } from "./support/plans";
import { stackTags } from "../components/tags";

describe("providers for other regions", function () {
  this.timeout(300_000);
  for (const tier of DR_TIERS) {
    it(`${tier}: every aws provider set up through the stack's own region`, async () => {
      const pair = await planTier(tier);
      for (const s of pair.stacks) {
        const providers = s.resources.filter((r) => r.type === "pulumi:providers:aws");
        const foreign = providers.filter((p) => p.inputs.region !== s.region);
        assert.ok(foreign.length > 0, `${s.stack} reaches another region`);
        for (const p of foreign)
          assert.equal(p.inputs.stsRegion, s.region, `${s.stack}: ${p.name} (${p.inputs.region})`);
        // Tags are applied once, by the providers (DESIGN.md style 12): each one the program creates carries the
        // default provider's `aws:defaultTags`, passed to the provider as JSON as the engine does.
        for (const p of providers)
          assert.deepEqual(
            JSON.parse(p.inputs.defaultTags),
            { tags: stackTags(s.role as "primary" | "recovery") },
            `${s.stack}: ${p.name} applies the stack's tags`,
          );
        assert.deepEqual(
          s.invokes.filter((i) => i.token.startsWith("configure:") && i.region !== s.region),
          [],
          `${s.stack}: no provider's set-up call leaves the stack's region`,
        );
      }
    });
  }
});

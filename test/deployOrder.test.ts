import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { DR_TIERS, DrTier } from "../components/tiers/tierProfile";
import { plan, PairPlan } from "../scripts/plan/planStack";
import { PRIMARY_OUTPUT_KEYS } from "../stacks/outputs";
import { deployOrder } from "../stacks/topology";

/**
 * Plans one tier while recording every key a StackReference reads, by the stack doing the reading. The plan is
 * fresh (not the shared memo), so every read of this run is seen.
 */
async function planRecordingReads(
  tier: DrTier,
): Promise<{ pair: PairPlan; reads: Map<string, Set<string>> }> {
  const reads = new Map<string, Set<string>>();
  const proto = pulumi.StackReference.prototype as any;
  const originals = {
    getOutput: proto.getOutput,
    getOutputDetails: proto.getOutputDetails,
    requireOutput: proto.requireOutput,
    getOutputValue: proto.getOutputValue,
  };
  const note = (key: string) => {
    const stack = pulumi.getStack();
    reads.set(stack, (reads.get(stack) ?? new Set()).add(key));
  };
  for (const [method, original] of Object.entries(originals)) {
    if (typeof original !== "function") continue;
    proto[method] = function (this: unknown, key: string, ...rest: unknown[]) {
      note(key);
      return original.call(this, key, ...rest);
    };
  }
  try {
    return { pair: await plan({ tier }), reads };
  } finally {
    Object.assign(proto, originals);
  }
}

describe("deploy order across the two stacks: the primary's up gives the recovery stack everything it reads", () => {
  const [primaryStack, recoveryStack] = deployOrder();

  for (const tier of DR_TIERS) {
    it(`${tier}: every primary output the recovery stack reads exists, and the primary references nothing`, async () => {
      const { pair, reads } = await planRecordingReads(tier);
      const primary = pair.stacks.find((s) => s.stack === primaryStack)!;
      const recovery = pair.stacks.find((s) => s.stack === recoveryStack)!;

      assert.equal(reads.get(primaryStack), undefined, "the primary reads no stack's outputs");
      assert.deepEqual(
        primary.resources.filter((r) => r.type === "pulumi:pulumi:StackReference"),
        [],
        "the primary has no StackReference",
      );

      const read = [...(reads.get(recoveryStack) ?? [])].sort();
      assert.ok(
        read.includes("drTier") && read.includes("region"),
        `the recovery stack reads at least its primary's tier and region (read: ${read.join(", ")})`,
      );
      const missing = read.filter(
        (k) => !(k in primary.outputs) || primary.outputs[k] === undefined,
      );
      assert.deepEqual(
        missing,
        [],
        `outputs the recovery stack reads that the ${tier} primary does not export`,
      );
      const undeclared = read.filter(
        (k) => !(PRIMARY_OUTPUT_KEYS as readonly string[]).includes(k),
      );
      assert.deepEqual(
        undeclared,
        [],
        "every key read is in stacks/outputs.ts PRIMARY_OUTPUT_KEYS, the hand-over contract",
      );
      // The only reference is the recovery stack's, to its primary.
      const refs = recovery.resources.filter((r) => r.type === "pulumi:pulumi:StackReference");
      assert.deepEqual(
        refs.map((r) => r.inputs.name),
        [`organization/securecart/${primaryStack}`],
      );
    });
  }
});

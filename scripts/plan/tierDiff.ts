/**
 * The tier-switch diff (contract 1, "Diff"): both plans of each stack, matched as the engine would. Kept apart
 * from planStack so a plain plan never loads the diff and its replace table.
 */
import { Change, diffResources } from "./diff";
import { DrTier } from "../../components/tiers/tierProfile";
import { plan, PlanOptions, StackPlan } from "./planStack";

/** A stack's plan under `tier`, with what switching it from `from` would change (contract 1, "Diff"). */
export interface StackDiff {
  readonly plan: StackPlan;
  readonly from: string;
  readonly changes: Change[];
}

/**
 * Plans every stack (or `only`) under `from` and under `to` (each stack's configured tier when undefined), and
 * diffs each stack's two plans as the engine would match them. `config` changes the new plan only: the diff of
 * `pulumi config set` on a deployed stack (e.g. turning `securecart:arcRoutingControl` on).
 */
export async function diffTiers(
  from: DrTier,
  to: DrTier | undefined,
  only?: string,
  config?: PlanOptions["config"],
): Promise<StackDiff[]> {
  const before = await plan({ only, tier: from });
  const after = await plan({ only, tier: to, config });
  return after.stacks.map((p) => {
    const old = before.stacks.find((s) => s.stack === p.stack)!;
    return { plan: p, from: old.tier, changes: diffResources(old.resources, p.resources) };
  });
}

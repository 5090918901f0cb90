/**
 * Plans of the real program under mocks, memoised per tier: every test file shares one plan of each
 * stack × tier instead of paying for it again.
 */
import { DrTier } from "../../components/tiers/tierProfile";
import { PairPlan, plan, StackPlan } from "../../scripts/plan/planStack";
import type { PlannedResource } from "./harness";

const cache = new Map<DrTier, Promise<PairPlan>>();

export function planTier(tier: DrTier): Promise<PairPlan> {
  let p = cache.get(tier);
  if (!p) {
    p = plan({ tier });
    cache.set(tier, p);
  }
  return p;
}

const sized = new Map<string, Promise<PairPlan>>();

/** A tier planned at a primary capacity (`securecart:capacity`), memoised; undefined: the stack file's. */
export function planTierAt(tier: DrTier, capacity?: number): Promise<PairPlan> {
  if (capacity === undefined) return planTier(tier);
  const key = `${tier}@${capacity}`;
  let p = sized.get(key);
  if (!p) {
    p = plan({ tier, config: { "prod-us-east-1": { "securecart:capacity": String(capacity) } } });
    sized.set(key, p);
  }
  return p;
}

export async function stackOf(tier: DrTier, role: "primary" | "recovery"): Promise<StackPlan> {
  const pair = await planTier(tier);
  const s = pair.stacks.find((x) => x.role === role);
  if (!s) throw new Error(`no ${role} stack planned for ${tier}`);
  return s;
}

/** Custom resources only (components and the StackReference left out). */
export function customResources(resources: PlannedResource[]): PlannedResource[] {
  return resources.filter(
    (r) => !r.type.startsWith("securecart:") && !r.type.startsWith("pulumi:"),
  );
}

export function typesOf(resources: PlannedResource[]): Set<string> {
  return new Set(customResources(resources).map((r) => r.type));
}

/**
 * Every planned resource of both stacks, tagged with the stack that owns it and the region it lives in.
 * The region is the explicit provider's, else the stack's: the recovery stack creates the cross-region links
 * (copy plans, replication configs, the peering accepter) through a second provider in the primary region.
 */
import type { PlannedResource } from "../../policy-pack/offline";
import type { PairPlan, StackPlan } from "../plan/planStack";

export type Role = "primary" | "recovery";

export interface Located {
  readonly stack: StackPlan;
  readonly role: Role;
  readonly region: string;
  readonly r: PlannedResource;
}

/** `urn::id` → the provider's URN. */
function providerUrn(ref: string): string {
  return ref.split("::").slice(0, -1).join("::");
}

export function regionOf(
  stack: StackPlan,
  r: PlannedResource,
  byUrn: Map<string, PlannedResource>,
): string {
  if (!r.provider) return stack.region;
  const region = byUrn.get(providerUrn(r.provider))?.inputs.region;
  return typeof region === "string" && region ? region : stack.region;
}

export function stackByRole(pair: PairPlan, role: Role): StackPlan | undefined {
  return pair.stacks.find((s) => s.role === role);
}

/**
 * Sorted by URN, so that the model (and so the SVG) never depends on the order in which the mocks happened to
 * register resources.
 */
export function locateAll(pair: PairPlan): Located[] {
  const out: Located[] = [];
  for (const stack of pair.stacks) {
    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    const role: Role = stack.role === "recovery" ? "recovery" : "primary";
    for (const r of stack.resources)
      out.push({ stack, role, region: regionOf(stack, r, byUrn), r });
  }
  return out.sort((a, b) => (a.r.urn < b.r.urn ? -1 : a.r.urn > b.r.urn ? 1 : 0));
}

/** A number input, or undefined when absent or unknown at plan time (`{__pulumiUnknown: true}`). */
export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The region field of an ARN (`arn:aws:backup:eu-west-1:…`), if it has one. */
export function arnRegion(arn: unknown): string | undefined {
  if (typeof arn !== "string" || !arn.startsWith("arn:")) return undefined;
  return arn.split(":")[3] || undefined;
}

/** The resource name at the end of an ARN (`…:vault/NAME`, `…:table/NAME`, `arn:aws:s3:::NAME`). */
export function arnName(arn: unknown): string | undefined {
  if (typeof arn !== "string" || !arn.startsWith("arn:")) return undefined;
  const rest = arn.split(":").slice(5).join(":");
  return rest.split("/").pop() || undefined;
}

/**
 * `securecart-order-validation-fn` → `order-validation-fn`: the project prefix is noise in a diagram. A child
 * named `${parent}-alb` under a parent already named `…-alb` reads `alb-alb`; the repeated word goes too.
 */
export function shortName(name: string): string {
  return name.replace(/^securecart-/, "").replace(/(^|-)([a-z0-9]+)-\2$/, "$1$2");
}

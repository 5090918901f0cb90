/**
 * The two stacks of SecureCart and how they relate. Shared by the program (index.ts) and the offline plan, so
 * the stack names, regions and deploy order are written down once.
 */

export type RegionRole = "primary" | "recovery";

export interface StackTopology {
  /** Stack name, as in `pulumi stack select`. */
  readonly stack: string;
  readonly region: string;
  readonly role: RegionRole;
  /** The stack this one reads outputs from (recovery → primary). The primary has none: it never looks back. */
  readonly peer?: string;
}

export const PROJECT = "securecart";

export const STACKS: readonly StackTopology[] = [
  { stack: "prod-us-east-1", region: "us-east-1", role: "primary" },
  { stack: "prod-eu-west-1", region: "eu-west-1", role: "recovery", peer: "prod-us-east-1" },
];

/** Global Accelerator's control plane lives in us-west-2, whichever regions it serves. */
export const GLOBAL_ACCELERATOR_REGION = "us-west-2";

/**
 * ARC's recovery-control configuration API (clusters, control panels, routing controls, safety rules) is served
 * from us-west-2 only; routing control *states* go to the cluster's five regional data-plane endpoints instead
 * ("What is recovery control configuration": https://docs.aws.amazon.com/recovery-cluster/latest/api/what-is-recovery-control.html).
 */
export const ARC_CONTROL_PLANE_REGION = "us-west-2";

export function stackNames(): string[] {
  return STACKS.map((s) => s.stack);
}

export function findStack(name: string): StackTopology | undefined {
  return STACKS.find((s) => s.stack === name);
}

/** The stack's peer region: the primary's recovery region, or the recovery's primary region. */
export function peerOf(name: string): StackTopology | undefined {
  const me = findStack(name);
  if (!me) return undefined;
  return me.peer ? findStack(me.peer) : STACKS.find((s) => s.peer === me.stack);
}

/**
 * Deploy order: a stack comes after the stack it references. Throws on a cycle, which would mean two stacks
 * each waiting on the other's outputs (the primary must never reference the recovery stack).
 */
export function deployOrder(stacks: readonly StackTopology[] = STACKS): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (s: StackTopology, path: string[]): void => {
    if (order.includes(s.stack)) return;
    if (visiting.has(s.stack)) {
      throw new Error(`stack references form a cycle: ${[...path, s.stack].join(" -> ")}`);
    }
    visiting.add(s.stack);
    if (s.peer) {
      const peer = stacks.find((p) => p.stack === s.peer);
      if (!peer) throw new Error(`stack ${s.stack} references unknown stack ${s.peer}`);
      visit(peer, [...path, s.stack]);
    }
    visiting.delete(s.stack);
    order.push(s.stack);
  };
  for (const s of stacks) visit(s, []);
  return order;
}

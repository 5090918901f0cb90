/**
 * The two stacks of SecureCart and how they relate. Shared by the program (index.ts) and the offline plan, so
 * the stack names, regions, deploy order and every per-region fact are written down once: code asks this table
 * (topologyOf, peerOf, primaryStack, recoveryStack) instead of assuming which region is which.
 *
 * The program supports exactly one primary and one recovery stack (supportedTopology() says so loudly); README,
 * "Adding a region", lists what a third region would take.
 */

export type RegionRole = "primary" | "recovery";

export interface StackTopology {
  /** Stack name, as in `pulumi stack select`. */
  readonly stack: string;
  readonly region: string;
  readonly role: RegionRole;
  /** The stack this one reads outputs from (recovery → primary). The primary has none: it never looks back. */
  readonly peer?: string;
  /**
   * BGP ASN of the Amazon side of the region's Transit Gateway. Peered gateways need distinct ASNs
   * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html: "use a unique ASN for each transit gateway").
   */
  readonly transitGatewayAsn: number;
  /** When SSM patches the region's hosts (a maintenance-window cron); regions never share a day. */
  readonly patchWindow: string;
}

export const PROJECT = "securecart";

export const STACKS: readonly StackTopology[] = [
  {
    stack: "prod-us-east-1",
    region: "us-east-1",
    role: "primary",
    transitGatewayAsn: 64512,
    patchWindow: "cron(0 4 ? * SUN *)",
  },
  {
    stack: "prod-eu-west-1",
    region: "eu-west-1",
    role: "recovery",
    peer: "prod-us-east-1",
    transitGatewayAsn: 64513,
    patchWindow: "cron(0 4 ? * WED *)",
  },
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

/** The topology entry of a stack the program builds; an unknown stack is an error that names the known ones. */
export function topologyOf(name: string): StackTopology {
  const found = findStack(name);
  if (!found)
    throw new Error(
      `stack ${name} is not in stacks/topology.ts (known stacks: ${stackNames().join(", ")})`,
    );
  return found;
}

/**
 * The shape the program supports: one primary, one recovery stack that reads from it, distinct per-region facts.
 * Anything else fails here, naming what does not fit, rather than half-working: many places pair "the primary"
 * with "the recovery region" (one peer per stack, one StackReference, one peerRegion in the policy config).
 */
export function supportedTopology(stacks: readonly StackTopology[] = STACKS): {
  primary: StackTopology;
  recovery: StackTopology;
} {
  const problems: string[] = [];
  const primaries = stacks.filter((s) => s.role === "primary");
  const recoveries = stacks.filter((s) => s.role === "recovery");
  const names = (xs: readonly StackTopology[]) => xs.map((s) => s.stack).join(", ") || "none";
  if (primaries.length !== 1)
    problems.push(
      `exactly one primary stack is supported (found ${primaries.length}: ${names(primaries)})`,
    );
  if (recoveries.length !== 1)
    problems.push(
      `exactly one recovery stack is supported (found ${recoveries.length}: ${names(recoveries)})`,
    );
  const [primary, recovery] = [primaries[0], recoveries[0]];
  if (primary && recovery && primaries.length === 1 && recoveries.length === 1) {
    if (primary.peer)
      problems.push(
        `the primary stack ${primary.stack} must not read another stack (peer ${primary.peer})`,
      );
    if (recovery.peer !== primary.stack)
      problems.push(
        `the recovery stack ${recovery.stack} must have peer ${primary.stack} (has ${recovery.peer ?? "none"})`,
      );
    if (primary.region === recovery.region)
      problems.push(`the two stacks must be in different regions (both ${primary.region})`);
    if (primary.transitGatewayAsn === recovery.transitGatewayAsn) {
      problems.push(
        `peered Transit Gateways need distinct ASNs (both ${primary.transitGatewayAsn})`,
      );
    }
    if (primary.patchWindow === recovery.patchWindow)
      problems.push(`the two regions must not share a patch window (${primary.patchWindow})`);
  }
  if (problems.length > 0 || !primary || !recovery) {
    throw new Error(`stacks/topology.ts: ${problems.join("; ")}. See README, "Adding a region".`);
  }
  return { primary, recovery };
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

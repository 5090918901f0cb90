/**
 * The args of the four tier components (BackupRestore, PilotLight, WarmStandby, ActiveActive): what a tier needs
 * to build one region of a two-region service, and nothing of this program's stack config. The platform program
 * (components/platform.ts) is one user: it maps its stack config and stacks/topology.ts onto these; examples/ holds
 * another. `resolveDrTierArgs` holds the defaults and the checks, once.
 *
 * The service a tier runs is a container that keeps the storefront's runtime contract (DESIGN.md contract 4:
 * port 8080, `/healthz` and `/health/deep`, its database, catalog and cache from the environment the service
 * component sets), beside the order-validation Lambda, the orders database, the catalog table and the cache.
 */
import * as pulumi from "@pulumi/pulumi";
import { cidrsOverlap, parseCidr } from "../config";
import { Resolved } from "../lib/resolveArgs";
import { PrimaryFacts } from "../../stacks/outputs";
import type { RegionRole } from "../../stacks/topology";
import { TierProfile } from "./tierProfile";

/** The recovery region's view of its primary: its outputs (through a StackReference) and plain facts. */
export interface PrimaryLink {
  readonly reference: pulumi.StackReference;
  /** Values known at plan time (region, CIDR, full-size capacity), read from the primary's outputs. */
  readonly facts: PrimaryFacts;
}

/**
 * The link a recovery region's tier takes, read through a StackReference to its primary; undefined while the
 * primary has no outputs yet (it is deployed first).
 */
export async function primaryLink(
  reference: pulumi.StackReference,
): Promise<PrimaryLink | undefined> {
  const value = async (key: keyof PrimaryFacts) => (await reference.getOutputDetails(key)).value;
  const drTier = await value("drTier");
  if (drTier === undefined) return undefined;
  const facts: PrimaryFacts = {
    drTier,
    region: await value("region"),
    vpcCidr: await value("vpcCidr"),
    hostedZoneId: await value("hostedZoneId"),
    domainName: await value("domainName"),
    capacity: Number(await value("capacity")),
    azCount: Number(await value("azCount")),
    arcRoutingControl: (await value("arcRoutingControl")) === true,
  };
  return { reference, facts };
}

/** Instance sizes of the full-size region; a standby scales them as its tier's profile says. */
export interface TierSizes {
  /** EC2 instance type of the ECS container hosts. Defaults to `m6i.large`. */
  readonly instanceType?: string;
  /** Aurora PostgreSQL instance class. Defaults to `db.r6g.large`. */
  readonly dbInstanceClass?: string;
  /** ElastiCache node type of the cache. Defaults to `cache.r6g.large`. */
  readonly cacheNodeType?: string;
}

/** Where the service's container image is built from (in the primary region; the recovery region replicates it). */
export interface TierImage {
  /** Docker build context. Defaults to this repository's root (the storefront). */
  readonly contextPath?: string;
  /** Dockerfile. Defaults to the storefront's `app/Dockerfile`, or `Dockerfile` at the root of `contextPath`. */
  readonly dockerfilePath?: string;
}

export interface DrTierArgs {
  /** `primary`: the region that serves and owns the data; `recovery`: the tier's standby for `primary`. Required. */
  readonly role: RegionRole;
  /** The region this component builds in: its (default) provider's region. Required. */
  readonly region: string;
  /** The pair's other region: the primary's recovery region, or the recovery region's primary. Required. */
  readonly peerRegion: string;
  /** The AZs to span, 2 or 3: their count decides the subnets and the NAT gateways. Required. */
  readonly availabilityZones: string[];
  /** This region's VPC range, a /16 to /20 not overlapping the peer's (the Transit Gateways are peered). Required. */
  readonly vpcCidr: string;
  /** This region's Transit Gateway ASN: private (64512-65534) and distinct from the peer's. Required. */
  readonly transitGatewayAsn: number;
  /** When SSM patches this region's hosts, an EventBridge cron; not the peer's window. Required. */
  readonly patchWindow: string;
  /** The public name shoppers use, in `hostedZoneId`. Required. */
  readonly domainName: string;
  /** The existing Route 53 hosted zone of `domainName`; the primary validates the certificates in it. Required. */
  readonly hostedZoneId: string;
  /** E-mail address subscribed to the alert topic. Required. */
  readonly alertEmail: string;
  /** Tasks and hosts at full size (a recovery region sizes itself from its primary's). Defaults to `3`. */
  readonly capacity?: number;
  /** Instance sizes at full size. Defaults to `m6i.large`, `db.r6g.large` and `cache.r6g.large`. */
  readonly sizes?: TierSizes;
  /** The service's image. Defaults to the storefront (`app/`). */
  readonly image?: TierImage;
  /** Minutes a human takes to decide on a failover, part of the RTO. Defaults to `2`. */
  readonly approvalMinutes?: number;
  /** Deletion protection on databases, tables and load balancers. Defaults to `true`. */
  readonly deletionProtection?: boolean;
  /** ARC routing controls instead of the S3 switch as the failover records' gate (primary). Defaults to `false`. */
  readonly arcRoutingControl?: boolean;
  /** A recovery region that runs nothing until rebuilt: the cluster snapshot to rebuild it from. Defaults to none. */
  readonly rebuildFromSnapshot?: string;
  /** Concurrency reserved for the order-validation Lambda. Defaults to none (the unreserved pool). */
  readonly orderValidationReservedConcurrency?: number;
  /** Recovery region only: the primary it follows. Required there, refused on a primary. */
  readonly primary?: PrimaryLink;
}

/** The settings the composition reads: every default applied. */
export interface TierSettings {
  readonly role: RegionRole;
  readonly region: string;
  readonly peerRegion: string;
  readonly azCount: number;
  readonly vpcCidr: string;
  readonly transitGatewayAsn: number;
  readonly patchWindow: string;
  readonly domainName: string;
  readonly hostedZoneId: string;
  readonly alertEmail: string;
  readonly capacity: number;
  readonly instanceType: string;
  readonly dbInstanceClass: string;
  readonly cacheNodeType: string;
  readonly image: TierImage;
  readonly approvalMinutes: number;
  readonly deletionProtection: boolean;
  readonly arcRoutingControl: boolean;
  /** Empty: no rebuild. */
  readonly rebuildFromSnapshot: string;
  readonly orderValidationReservedConcurrency: number | null;
}

/** A tier component's args, resolved: what the composition (./composeRegion.ts) works from. */
export interface ResolvedDrTierArgs {
  readonly config: TierSettings;
  readonly availabilityZones: string[];
  readonly primary?: PrimaryLink;
}

/** The defaults, held once; Pulumi.yaml declares the same ones for the stack config (a test compares them). */
export const TIER_DEFAULTS = {
  capacity: 3,
  instanceType: "m6i.large",
  dbInstanceClass: "db.r6g.large",
  cacheNodeType: "cache.r6g.large",
  approvalMinutes: 2,
  deletionProtection: true,
  arcRoutingControl: false,
} as const;

const PRIVATE_ASN = { min: 64512, max: 65534 };

/** Every default applied, and every problem with the args, each naming the property. */
export function resolveDrTierArgs(
  profile: TierProfile,
  args: DrTierArgs,
): Resolved<ResolvedDrTierArgs> {
  const errors: string[] = [];
  const sizes = args.sizes ?? {};
  const config: TierSettings = {
    role: args.role,
    region: args.region,
    peerRegion: args.peerRegion,
    azCount: args.availabilityZones.length,
    vpcCidr: args.vpcCidr,
    transitGatewayAsn: args.transitGatewayAsn,
    patchWindow: args.patchWindow,
    domainName: args.domainName,
    hostedZoneId: args.hostedZoneId,
    alertEmail: args.alertEmail,
    capacity: args.capacity ?? TIER_DEFAULTS.capacity,
    instanceType: sizes.instanceType ?? TIER_DEFAULTS.instanceType,
    dbInstanceClass: sizes.dbInstanceClass ?? TIER_DEFAULTS.dbInstanceClass,
    cacheNodeType: sizes.cacheNodeType ?? TIER_DEFAULTS.cacheNodeType,
    image: args.image ?? {},
    approvalMinutes: args.approvalMinutes ?? TIER_DEFAULTS.approvalMinutes,
    deletionProtection: args.deletionProtection ?? TIER_DEFAULTS.deletionProtection,
    arcRoutingControl: args.arcRoutingControl ?? TIER_DEFAULTS.arcRoutingControl,
    rebuildFromSnapshot: args.rebuildFromSnapshot ?? "",
    orderValidationReservedConcurrency: args.orderValidationReservedConcurrency ?? null,
  };

  if (config.role !== "primary" && config.role !== "recovery")
    errors.push(`role must be primary or recovery (got "${config.role}")`);
  if (config.region === config.peerRegion)
    errors.push(`peerRegion must differ from region (both ${config.region})`);
  if (config.azCount < 2 || config.azCount > 3)
    errors.push(`availabilityZones must hold 2 or 3 zones (got ${config.azCount})`);
  const cidr = parseCidr(config.vpcCidr);
  if (!cidr || cidr.prefix < 16 || cidr.prefix > 20)
    errors.push(
      `vpcCidr must be an IPv4 CIDR from /16 to /20, to hold 9 subnets (got "${config.vpcCidr}")`,
    );
  const asn = config.transitGatewayAsn;
  if (!Number.isInteger(asn) || asn < PRIVATE_ASN.min || asn > PRIVATE_ASN.max)
    errors.push(
      `transitGatewayAsn must be a private ASN from ${PRIVATE_ASN.min} to ${PRIVATE_ASN.max} (got ${asn})`,
    );
  if (!/^cron\(.+\)$/.test(config.patchWindow))
    errors.push(
      `patchWindow must be an EventBridge cron(...) expression (got "${config.patchWindow}")`,
    );
  for (const key of ["domainName", "hostedZoneId", "alertEmail"] as const)
    if (!config[key]) errors.push(`${key} must be set`);
  if (!Number.isInteger(config.capacity) || config.capacity < 1)
    errors.push(`capacity must be a positive integer (got ${config.capacity})`);
  if (!(config.approvalMinutes >= 0))
    errors.push(`approvalMinutes must be 0 or more (got ${config.approvalMinutes})`);

  const primary = args.primary;
  if (config.role === "recovery") {
    if (!primary) errors.push("primary must be given for a recovery region");
    else {
      if (primary.facts.region !== config.peerRegion)
        errors.push(
          `peerRegion must be the primary's region ${primary.facts.region} (got ${config.peerRegion})`,
        );
      if (cidr && cidrsOverlap(config.vpcCidr, primary.facts.vpcCidr))
        errors.push(
          `vpcCidr ${config.vpcCidr} overlaps the primary's ${primary.facts.vpcCidr}: the Transit Gateways are peered`,
        );
    }
  } else if (primary) errors.push("primary must not be given for a primary region");
  if (config.rebuildFromSnapshot && (config.role !== "recovery" || profile.recovery.serves))
    errors.push(
      `rebuildFromSnapshot applies only to a recovery region that runs nothing until rebuilt (${profile.tier}, ${config.role})`,
    );
  return { args: { config, availabilityZones: args.availabilityZones, primary }, errors };
}

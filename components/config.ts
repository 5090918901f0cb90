/**
 * Typed, validated platform config. Everything the program reads from `securecart:*` is parsed here, in pure
 * functions, and every problem is reported at once, naming the key and what it allows.
 */
import { DR_TIERS, DrTier, isDrTier, TIER_PROFILES } from "./tiers/tierProfile";
import { RegionRole } from "../stacks/topology";
import { defaultTagsProblems } from "./defaultTags";
import { PrimaryFacts } from "../stacks/outputs";
import { namespaceProblems } from "./configNamespaces";
import { closest } from "./suggest";

export const CONFIG_NAMESPACE = "securecart";

export interface PlatformConfig {
  readonly stack: string;
  readonly region: string;
  readonly role: RegionRole;
  /** Recovery stacks: the primary stack to reference; empty on the primary. */
  readonly peerStack: string;
  readonly drTier: DrTier;
  readonly azCount: number;
  readonly vpcCidr: string;
  readonly capacity: number;
  readonly instanceType: string;
  readonly dbInstanceClass: string;
  readonly cacheNodeType: string;
  readonly hostedZoneId: string;
  readonly domainName: string;
  readonly alertEmail: string;
  /**
   * Concurrency reserved for the order-validation Lambda, or null for none (the account's unreserved pool). A
   * reservation must leave 100 unreserved, so a fixed default would fail in small accounts.
   */
  readonly orderValidationReservedConcurrency: number | null;
  readonly approvalMinutes: number;
  /**
   * Deletion protection on the stack's databases, tables and load balancers. Lifted (false) only on purpose,
   * before lowering the tier deletes them (DESIGN.md decisions 9 and 13).
   */
  readonly deletionProtection: boolean;
  /**
   * ARC routing controls instead of the S3 routing switch as the failover records' operator switch (DESIGN.md
   * decision 15). Set on the primary stack, which owns the ARC cluster; a recovery stack follows its primary.
   */
  readonly arcRoutingControl: boolean;
  /**
   * Backup-restore's recovery stack only, set during a failover: the DR vault's Aurora recovery point (a cluster
   * snapshot ARN) the rebuilt region's database is restored from. Empty (the default) builds no region; set, the
   * recovery stack builds the whole region around the restored data with what it made ahead of time (DESIGN.md
   * decision 15): the runbook's restore-backups step prints the value.
   */
  readonly rebuildFromSnapshot: string;
}

/** Config as read from the stack file, before the recovery stack has its primary's facts. */
export type LocalConfig = Omit<PlatformConfig, "drTier"> & { readonly drTier?: DrTier };

/** Keys the recovery stack takes from its primary; setting them in its own file is allowed only if they match. */
export const SHARED_KEYS = ["drTier", "hostedZoneId", "domainName"] as const;

/** An RDS cluster snapshot ARN (AWS Backup's Aurora recovery points are these): region in group 1. */
const CLUSTER_SNAPSHOT_ARN =
  /^arn:aws[a-z-]*:rds:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:cluster-snapshot:[A-Za-z0-9:_-]{1,255}$/;

type Parser = (raw: string) => { value?: unknown; error?: string };

const oneOf =
  (allowed: readonly string[]): Parser =>
  (raw) =>
    allowed.includes(raw)
      ? { value: raw }
      : { error: `must be one of ${allowed.join(", ")} (got "${raw}")` };

const integer =
  (min: number, max: number, why = ""): Parser =>
  (raw) => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max
      ? { value: n }
      : { error: `must be an integer from ${min} to ${max}${why} (got "${raw}")` };
  };

const pattern =
  (re: RegExp, what: string): Parser =>
  (raw) =>
    re.test(raw) ? { value: raw } : { error: `must be ${what} (got "${raw}")` };

const cidr: Parser = (raw) => {
  const parsed = parseCidr(raw);
  if (!parsed) return { error: `must be an IPv4 CIDR such as 10.0.0.0/16 (got "${raw}")` };
  if (parsed.prefix < 16 || parsed.prefix > 20) {
    return { error: `must have a prefix from /16 to /20, to hold 9 subnets (got "${raw}")` };
  }
  return { value: raw };
};

/** `none` (null), or an integer from `min`. */
const noneOrInteger =
  (min: number, max: number): Parser =>
  (raw) => {
    if (raw === "none") return { value: null };
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max
      ? { value: n }
      : { error: `must be "none" or an integer from ${min} to ${max} (got "${raw}")` };
  };

const anyString: Parser = (raw) => ({ value: raw });

const boolean: Parser = (raw) =>
  raw === "true" || raw === "false"
    ? { value: raw === "true" }
    : { error: `must be true or false (got "${raw}")` };

/**
 * Every `securecart:*` key. Pulumi.yaml declares the same keys with their defaults (the CLI applies them; the
 * offline plan applies them itself). drTier has no default by design (DESIGN.md, decision 2).
 */
export const CONFIG_SCHEMA: Readonly<
  Record<Exclude<keyof PlatformConfig, "stack" | "region">, Parser>
> = {
  drTier: oneOf(DR_TIERS),
  role: oneOf(["primary", "recovery"]),
  peerStack: anyString,
  azCount: integer(2, 3, ": multi-AZ needs at least 2 Availability Zones"),
  vpcCidr: cidr,
  capacity: integer(2, 100, ": one task per AZ needs at least 2"),
  instanceType: pattern(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as m6i.large"),
  dbInstanceClass: pattern(
    /^db\.[a-z0-9-]+\.[a-z0-9]+$/,
    "an RDS instance class such as db.r6g.large",
  ),
  cacheNodeType: pattern(
    /^cache\.[a-z0-9-]+\.[a-z0-9]+$/,
    "an ElastiCache node type such as cache.r6g.large",
  ),
  hostedZoneId: pattern(/^Z[A-Z0-9]{4,32}$/, "a Route 53 hosted zone id such as Z0123456789ABC"),
  domainName: pattern(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "a DNS name such as shop.example.com",
  ),
  alertEmail: pattern(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "an e-mail address"),
  orderValidationReservedConcurrency: noneOrInteger(1, 100000),
  approvalMinutes: integer(0, 240),
  deletionProtection: boolean,
  arcRoutingControl: boolean,
  rebuildFromSnapshot: (raw) =>
    raw === "" || CLUSTER_SNAPSHOT_ARN.test(raw)
      ? { value: raw }
      : {
          error: `must be empty or an Aurora cluster snapshot ARN such as arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:awsbackup:job-1234 (got "${raw}")`,
        },
};

/**
 * Keys the program once read and no longer does, each with why and what to do: a stack file still setting one gets
 * that, rather than a bare "not a known key".
 */
export const REMOVED_KEYS: Readonly<Record<string, string>> = {
  drsEnabled:
    "was removed with Elastic Disaster Recovery: the ECS hosts are stateless Auto Scaling group members, replaced " +
    "from their launch template, and the shop's state is replicated by Aurora, DynamoDB and S3 (README, " +
    `"Why no Elastic Disaster Recovery"); delete it (pulumi config rm ${CONFIG_NAMESPACE}:drsEnabled)`,
};

export class ConfigError extends Error {
  /** A config error exits 2 from every CLI (DESIGN.md, style point 11). */
  readonly exitCode = 2;
  constructor(readonly problems: readonly string[]) {
    super(`invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export interface ConfigContext {
  readonly stack: string;
  /** Expected region for this stack name, when the topology knows the stack. */
  readonly expectedRegion?: string;
  /** Expected role for this stack name (stacks/topology.ts), when the topology knows the stack. */
  readonly expectedRole?: RegionRole;
}

/**
 * Parses the stack's raw config (`{"aws:region": ..., "securecart:role": ...}`, as `pulumi.runtime.allConfig()`
 * returns it) into a LocalConfig, or throws a ConfigError listing every problem.
 */
export function parseLocalConfig(
  raw: Readonly<Record<string, string>>,
  ctx: ConfigContext,
): LocalConfig {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  const known = Object.keys(CONFIG_SCHEMA);

  problems.push(...namespaceProblems(Object.keys(raw)));
  for (const key of Object.keys(raw)) {
    if (!key.startsWith(prefix)) continue;
    const short = key.slice(prefix.length);
    if (REMOVED_KEYS[short] !== undefined) problems.push(`${key} ${REMOVED_KEYS[short]}`);
    else if (!known.includes(short)) {
      const near = closest(short, known);
      const hint = near
        ? `did you mean ${prefix}${near}?`
        : `known keys: ${known.map((k) => prefix + k).join(", ")}`;
      problems.push(`${key} is not a known key; ${hint}`);
    }
  }

  for (const [short, parse] of Object.entries(CONFIG_SCHEMA)) {
    const raw1 = raw[prefix + short];
    if (raw1 === undefined) continue;
    const { value, error } = parse(raw1.trim());
    if (error) problems.push(`${prefix}${short} ${error}`);
    else values[short] = value;
  }

  const region = raw["aws:region"];
  if (!region)
    problems.push(
      "aws:region is not set: set it in the stack file (pulumi config set aws:region us-east-1)",
    );
  else if (ctx.expectedRegion && region !== ctx.expectedRegion) {
    problems.push(
      `aws:region must be ${ctx.expectedRegion} for stack ${ctx.stack} (got "${region}")`,
    );
  }

  for (const short of known) {
    if (
      short === "drTier" ||
      values[short] !== undefined ||
      problems.some((p) => p.startsWith(prefix + short + " "))
    ) {
      continue;
    }
    problems.push(
      `${prefix}${short} is not set (Pulumi.yaml declares its default; is this the project directory?)`,
    );
  }

  const role = values.role as RegionRole | undefined;
  const peerStack = (values.peerStack as string | undefined) ?? "";
  if (role && ctx.expectedRole && role !== ctx.expectedRole) {
    // The topology decides which stack is which; the role's follow-on checks (peerStack, drTier) would only
    // restate this mistake as problems of other keys.
    problems.push(
      `${prefix}role is "${role}", but stack ${ctx.stack} is the ${ctx.expectedRole} in the topology (stacks/topology.ts): ` +
        `set ${prefix}role: ${ctx.expectedRole} in Pulumi.${ctx.stack}.yaml`,
    );
    throw new ConfigError(problems);
  }
  const taggedRole = role ?? ctx.expectedRole;
  if (taggedRole) problems.push(...defaultTagsProblems(raw, ctx.stack, taggedRole));
  if (role === "primary") {
    if (values.drTier === undefined && !problems.some((p) => p.startsWith(`${prefix}drTier`))) {
      problems.push(
        `${prefix}drTier is not set: the primary stack chooses the DR tier, one of ${DR_TIERS.join(", ")} ` +
          `(pulumi config set ${prefix}drTier warm-standby)`,
      );
    }
    if (peerStack) {
      problems.push(
        `${prefix}peerStack must be empty on the primary stack: the primary never references the recovery stack`,
      );
    }
  }
  const rebuild = values.rebuildFromSnapshot as string | undefined;
  if (rebuild && role === "primary") {
    problems.push(
      `${prefix}rebuildFromSnapshot must be empty on the primary stack: only a backup-restore recovery region is rebuilt`,
    );
  }
  const snapshotRegion = rebuild ? CLUSTER_SNAPSHOT_ARN.exec(rebuild)?.[1] : undefined;
  if (snapshotRegion && region && snapshotRegion !== region) {
    problems.push(
      `${prefix}rebuildFromSnapshot names a snapshot in ${snapshotRegion}, not in this stack's region ${region}: use the copy in this region's DR vault`,
    );
  }
  if (role === "recovery" && !peerStack) {
    problems.push(
      `${prefix}peerStack must name the primary stack (org/${"securecart"}/prod-us-east-1) on a recovery stack`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(values as Omit<LocalConfig, "stack" | "region">),
    stack: ctx.stack,
    region: region!,
  };
}

/**
 * Completes a LocalConfig. The primary's own values stand; a recovery stack takes the shared keys from its
 * primary, and any it sets itself must match. Also checks what only both sides together can: distinct regions
 * and non-overlapping VPC CIDRs (the Transit Gateways are peered).
 */
export function resolveConfig(local: LocalConfig, primary?: PrimaryFacts): PlatformConfig {
  if (local.role === "primary") return { ...local, drTier: local.drTier! };
  const problems: string[] = [];
  if (!primary) {
    throw new ConfigError([
      `the primary stack ${local.peerStack} has no outputs yet: deploy it first (pulumi up --stack ${local.peerStack})`,
    ]);
  }
  if (!isDrTier(primary.drTier)) {
    problems.push(
      `the primary stack ${local.peerStack} exports drTier "${primary.drTier}", not one of ${DR_TIERS.join(", ")}`,
    );
  }
  for (const key of SHARED_KEYS) {
    const mine = local[key];
    if (mine !== undefined && key !== "drTier" && mine !== primary[key]) {
      problems.push(
        `${CONFIG_NAMESPACE}:${key} is "${mine}" here but "${primary[key]}" on the primary ${local.peerStack}: ` +
          `remove it from this stack file, it is taken from the primary`,
      );
    }
  }
  if (local.drTier !== undefined && local.drTier !== primary.drTier) {
    problems.push(
      `${CONFIG_NAMESPACE}:drTier is "${local.drTier}" here but "${primary.drTier}" on the primary ${local.peerStack}: ` +
        `the tier is set on the primary only; remove it from this stack file`,
    );
  }
  // The primary owns the ARC cluster and the routing controls; the recovery stack only follows (Pulumi.yaml's
  // default false is all a recovery stack file should hold, so only a deliberate true can disagree).
  const arcOnPrimary = primary.arcRoutingControl === true;
  if (local.arcRoutingControl && !arcOnPrimary) {
    problems.push(
      `${CONFIG_NAMESPACE}:arcRoutingControl is true here but false on the primary ${local.peerStack}: the primary owns the ` +
        `ARC cluster, so set it there (pulumi config set ${CONFIG_NAMESPACE}:arcRoutingControl true --stack ${local.peerStack}) ` +
        `and remove it from this stack file`,
    );
  }
  if (
    isDrTier(primary.drTier) &&
    local.rebuildFromSnapshot &&
    TIER_PROFILES[primary.drTier].recovery.serves
  ) {
    problems.push(
      `${CONFIG_NAMESPACE}:rebuildFromSnapshot is set, but in the ${primary.drTier} tier the recovery region already runs the ` +
        `platform with live-replicated data: fail over with npm run failover instead, and remove the key`,
    );
  }
  if (primary.region === local.region) {
    problems.push(`aws:region must differ from the primary's region (both are ${local.region})`);
  }
  if (cidrsOverlap(local.vpcCidr, primary.vpcCidr)) {
    problems.push(
      `${CONFIG_NAMESPACE}:vpcCidr ${local.vpcCidr} overlaps the primary's ${primary.vpcCidr}: the peered Transit ` +
        `Gateways need distinct ranges (for example 10.1.0.0/16)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...local,
    drTier: primary.drTier as DrTier,
    hostedZoneId: primary.hostedZoneId,
    domainName: primary.domainName,
    arcRoutingControl: arcOnPrimary,
  };
}

export function parseCidr(text: string): { base: number; prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  if ((base & mask) >>> 0 !== base) return undefined; // host bits set: 10.0.1.0/16 is a typo, not a network
  return { base, prefix };
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const prefix = Math.min(x.prefix, y.prefix);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return (x.base & mask) >>> 0 === (y.base & mask) >>> 0;
}

/** The `index`-th subnet of `newBits` more bits inside `cidrText` (Terraform's cidrsubnet). */
export function cidrSubnet(cidrText: string, newBits: number, index: number): string {
  const c = parseCidr(cidrText);
  if (!c) throw new Error(`invalid CIDR ${cidrText}`);
  const prefix = c.prefix + newBits;
  if (prefix > 32 || index >= 2 ** newBits)
    throw new Error(`${cidrText} has no subnet ${index} of /${prefix}`);
  const base = (c.base + index * 2 ** (32 - prefix)) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (base >>> s) & 255).join(".")}/${prefix}`;
}

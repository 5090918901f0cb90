// Writes the --policy-pack-config JSON for one stack (DESIGN decision 10): each policy gets the stack
// context keys (role, tier, region, peerRegion, and the tier's facts from tierProfile.ts: decision 18) that
// its configSchema declares, and nothing else.
// `--deletion-protection false` (the stack lifted it on purpose, before lowering the tier) makes the
// deletion-protection rules advisory for that stack, through the engine's per-policy `enforcementLevel`.
//   node -r ts-node/register/transpile-only policy-pack/policyConfig.ts \
//     --role primary --tier warm-standby --region us-east-1 --peer-region eu-west-1 --out policy-config.json
import * as fs from "node:fs";
import type * as Policies from "./policies";
import type * as Common from "./rules/common";
import type { StackContext } from "./rules/common";
import { DR_TIERS } from "../components/tiers/tierProfile";
import { tierFacts } from "./tierFacts";
import { parseCli, runCli, UsageError } from "../scripts/cli/args";

/** The rules a stack's `securecart:deletionProtection false` turns advisory. */
export const DELETION_PROTECTION_POLICIES = [
  "rds-cluster-deletion-protection",
  "rds-instance-deletion-protection",
  "dynamodb-deletion-protection",
  "lb-deletion-protection",
  "rds-global-cluster-deletion-protection",
];

export function buildPolicyConfig(
  ctx: Partial<StackContext>,
  options: { deletionProtection?: boolean } = {},
): Record<string, Record<string, string | number | boolean>> {
  // Loaded on first use, as the rules: rules/common loads @pulumi/policy, which --help must not wait for.
  const { CONTEXT_DEFAULTS } = require("./rules/common") as typeof Common;
  const tier = ctx.tier ?? CONTEXT_DEFAULTS.tier;
  const full: StackContext = { ...CONTEXT_DEFAULTS, ...tierFacts(tier), ...ctx } as StackContext;
  const out: Record<string, Record<string, string | number | boolean>> = {};
  // Loaded on first use: the rules load @pulumi/policy, which `--help` and a usage error must not wait for.
  const { policies } = require("./policies") as typeof Policies;
  for (const p of policies) {
    const declared = Object.keys(p.configSchema?.properties ?? {}).filter(
      (k): k is keyof StackContext => k in full,
    );
    const entry: Record<string, string | number | boolean> = Object.fromEntries(
      declared.map((k) => [k, full[k]]),
    );
    if (options.deletionProtection === false && DELETION_PROTECTION_POLICIES.includes(p.name))
      entry.enforcementLevel = "advisory";
    if (Object.keys(entry).length > 0) out[p.name] = entry;
  }
  return out;
}

export const USAGE = `usage: node -r ts-node/register/transpile-only policy-pack/policyConfig.ts [options]

Writes the --policy-pack-config JSON for one stack: each policy gets the stack context keys its configSchema declares.

  --role ROLE                   primary or recovery
  --tier TIER                   ${DR_TIERS.join(", ")}
  --region REGION               the stack's region
  --peer-region REGION          the other stack's region
                                (each one left out takes the policies' schema default: DESIGN.md decision 10)
  --deletion-protection BOOL    false: the stack lifted deletion protection on purpose (those rules turn advisory)
  --out FILE                    write the JSON there instead of stdout
  -h, --help                    print this help

Exit status: 0 written, 2 a usage error.`;

const OPTIONS = {
  role: { type: "string" },
  tier: { type: "string" },
  region: { type: "string" },
  "peer-region": { type: "string" },
  "deletion-protection": { type: "string" },
  out: { type: "string" },
} as const;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function parseArgs(
  argv: string[],
): Partial<StackContext> & { out?: string; deletionProtection?: boolean } {
  const { values: v } = parseCli({ name: "policyConfig", usage: USAGE, options: OPTIONS }, argv);
  if (v.role !== undefined && v.role !== "primary" && v.role !== "recovery") {
    throw new UsageError(`--role must be primary or recovery (got "${v.role}")`);
  }
  if (v.tier !== undefined && !(DR_TIERS as readonly string[]).includes(v.tier)) {
    throw new UsageError(`--tier must be one of ${DR_TIERS.join(", ")} (got "${v.tier}")`);
  }
  for (const flag of ["region", "peer-region"] as const) {
    const region = v[flag];
    if (region !== undefined && region !== "" && !REGION.test(region)) {
      throw new UsageError(`--${flag} must be an AWS region such as us-east-1 (got "${region}")`);
    }
  }
  const deletionProtection = v["deletion-protection"];
  if (
    deletionProtection !== undefined &&
    deletionProtection !== "true" &&
    deletionProtection !== "false"
  ) {
    throw new UsageError(
      `--deletion-protection must be true or false (got "${deletionProtection}")`,
    );
  }
  return {
    role: v.role as StackContext["role"] | undefined,
    tier: v.tier as StackContext["tier"] | undefined,
    region: v.region,
    peerRegion: v["peer-region"],
    out: v.out,
    deletionProtection:
      deletionProtection === undefined ? undefined : deletionProtection === "true",
  };
}

if (require.main === module) {
  runCli("policyConfig", () => {
    const { out, deletionProtection, ...ctx } = parseArgs(process.argv.slice(2));
    const defined = Object.fromEntries(
      Object.entries(ctx).filter(([, v]) => v !== undefined && v !== ""),
    );
    const json = JSON.stringify(buildPolicyConfig(defined, { deletionProtection }), null, 2) + "\n";
    if (out) fs.writeFileSync(out, json);
    else process.stdout.write(json);
    return 0;
  });
}

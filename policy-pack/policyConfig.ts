// Writes the --policy-pack-config JSON for one stack (DESIGN decision 10): each policy gets the stack
// context keys (role, tier, region, peerRegion, and the tier's facts from tierProfile.ts: decision 18) that
// its configSchema declares, and nothing else.
// `--deletion-protection false` (the stack lifted it on purpose, before lowering the tier) makes the
// deletion-protection rules advisory for that stack, through the engine's per-policy `enforcementLevel`.
//   node -r ts-node/register/transpile-only policy-pack/policyConfig.ts \
//     --role primary --tier warm-standby --region us-east-1 --peer-region eu-west-1 --out policy-config.json
import * as fs from "node:fs";
import { policies } from "./policies";
import { CONTEXT_DEFAULTS, StackContext, TIERS } from "./rules/common";
import { tierFacts } from "./tierFacts";

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
    const tier = ctx.tier ?? CONTEXT_DEFAULTS.tier;
    const full: StackContext = { ...CONTEXT_DEFAULTS, ...tierFacts(tier), ...ctx } as StackContext;
    const out: Record<string, Record<string, string | number | boolean>> = {};
    for (const p of policies) {
        const declared = Object.keys(p.configSchema?.properties ?? {}).filter((k): k is keyof StackContext => k in full);
        const entry: Record<string, string | number | boolean> = Object.fromEntries(declared.map((k) => [k, full[k]]));
        if (options.deletionProtection === false && DELETION_PROTECTION_POLICIES.includes(p.name)) entry.enforcementLevel = "advisory";
        if (Object.keys(entry).length > 0) out[p.name] = entry;
    }
    return out;
}

function parseArgs(argv: string[]): Partial<StackContext> & { out?: string; deletionProtection?: boolean } {
    const get = (flag: string) => {
        const i = argv.indexOf(flag);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const role = get("--role");
    const tier = get("--tier");
    if (role !== undefined && role !== "primary" && role !== "recovery") {
        throw new Error(`--role must be primary or recovery, got ${role}`);
    }
    if (tier !== undefined && !(TIERS as string[]).includes(tier)) {
        throw new Error(`--tier must be one of ${TIERS.join(", ")}, got ${tier}`);
    }
    const deletionProtection = get("--deletion-protection");
    if (deletionProtection !== undefined && deletionProtection !== "true" && deletionProtection !== "false") {
        throw new Error(`--deletion-protection must be true or false, got ${deletionProtection}`);
    }
    return {
        role: role as StackContext["role"] | undefined,
        tier: tier as StackContext["tier"] | undefined,
        region: get("--region"),
        peerRegion: get("--peer-region"),
        out: get("--out"),
        deletionProtection: deletionProtection === undefined ? undefined : deletionProtection === "true",
    };
}

if (require.main === module) {
    const { out, deletionProtection, ...ctx } = parseArgs(process.argv.slice(2));
    const defined = Object.fromEntries(Object.entries(ctx).filter(([, v]) => v !== undefined && v !== ""));
    const json = JSON.stringify(buildPolicyConfig(defined, { deletionProtection }), null, 2) + "\n";
    if (out) {
        fs.writeFileSync(out, json);
    } else {
        process.stdout.write(json);
    }
}

// Offline runner: runs the policies over planned resources (from setMocks) exactly as the analyzer would,
// and pairs the two stacks' halves, which no single `pulumi preview` can see (DESIGN contract 2).
import {
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidation,
    ResourceValidationPolicy,
    StackValidationPolicy,
    UnknownValueError,
} from "@pulumi/policy";
import { makeResourceArgs, makeStackArgs, NotApplicable, providerIndex, RawResource, toPolicyResources } from "./args";
import { policies } from "./policies";
import { TierFacts, tierFacts } from "./tierFacts";
import { arnRegion, asArray, BUCKET_TYPES, namesOf, regionOf, T, whenKnown } from "./rules/common";
import { links, ofType, selectionCovers, statefulResources } from "./rules/relations";
import { labelOf, stackCapacity } from "./rules/stack";
import { failoverType, hasHealthCheck } from "./rules/traffic";

export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    inputs: Record<string, any>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider?: string;
    /** Input properties the engine will not update (`ignoreChanges`), as planned. */
    ignoreChanges?: string[];
    /** Resource options as the engine records them (absent in hand-made test fixtures). */
    protect?: boolean;
    retainOnDelete?: boolean;
    deleteBeforeReplace?: boolean;
    /** Every URN the engine would match this resource to, inherited aliases included. */
    aliases?: string[];
}

export interface Violation {
    policy: string;
    level: "mandatory" | "advisory";
    resource: string | null /* URN */;
    message: string;
}

export interface StackPolicyContext extends Partial<TierFacts> {
    role: "primary" | "recovery";
    tier: string;
    region: string;
    peerRegion: string;
}

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;
/** Per-policy config as in a --policy-pack-config file: a level, or an object of values and a level. */
export type PolicyPackConfig = Record<string, string | ({ enforcementLevel?: string } & Record<string, unknown>)>;

function levelOf(p: AnyPolicy, config: PolicyPackConfig): "mandatory" | "advisory" | "disabled" {
    const c = config[p.name];
    const configured = typeof c === "string" ? c : c?.enforcementLevel;
    // The engine's pack-level default is "advisory"; "remediate" validates as "mandatory".
    const level = configured ?? p.enforcementLevel ?? "advisory";
    return level === "disabled" ? "disabled" : level === "advisory" ? "advisory" : "mandatory";
}

function overridesOf(p: AnyPolicy, config: PolicyPackConfig): Record<string, unknown> {
    const c = config[p.name];
    if (!c || typeof c === "string") {
        return {};
    }
    const { enforcementLevel: _ignored, ...rest } = c;
    return rest;
}

function isResourcePolicy(p: AnyPolicy): p is ResourceValidationPolicy {
    const v = (p as ResourceValidationPolicy).validateResource;
    return typeof v === "function" || Array.isArray(v);
}

function isStackPolicy(p: AnyPolicy): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Runs `fn`; a policy that is not applicable or meets an unknown value reports nothing (as in preview). */
function guarded(policy: string, fn: () => unknown): void {
    try {
        const out = fn();
        if (out && typeof (out as Promise<void>).then === "function") {
            throw new Error(`policy ${policy} is asynchronous; use runPoliciesAsync`);
        }
    } catch (e) {
        if (e instanceof NotApplicable || e instanceof UnknownValueError) {
            return;
        }
        throw e;
    }
}

async function guardedAsync(fn: () => unknown): Promise<void> {
    try {
        await fn();
    } catch (e) {
        if (e instanceof NotApplicable || e instanceof UnknownValueError) {
            return;
        }
        throw e;
    }
}

interface Call {
    policy: AnyPolicy;
    run: () => unknown;
}

function plan(
    resources: PlannedResource[],
    ctx: StackPolicyContext,
    policyList: AnyPolicy[],
    config: PolicyPackConfig,
    out: Violation[],
): Call[] {
    const calls: Call[] = [];
    // The tier's facts, as policyConfig.ts writes them for the CLI (DESIGN decision 18), unless given.
    const context = { ...tierFacts(ctx.tier), ...ctx };
    const providerFor = providerIndex(resources as RawResource[]);
    const reporter = (p: AnyPolicy, level: "mandatory" | "advisory", fallbackUrn: string | null) =>
        (message: string, urn?: string) => {
            out.push({ policy: p.name, level, resource: urn ?? fallbackUrn, message: message || p.description });
        };
    for (const p of policyList) {
        const level = levelOf(p, config);
        if (level === "disabled") {
            continue;
        }
        const schema: PolicyConfigSchema | undefined = p.configSchema;
        const overrides = overridesOf(p, config);
        if (isResourcePolicy(p)) {
            const validations: ResourceValidation[] = asArray(p.validateResource);
            for (const r of resources) {
                for (const validation of validations) {
                    // The engine skips a single typed validation when the type differs, before calling it.
                    const pulumiType = (validation as { __pulumiType?: string }).__pulumiType;
                    if (!Array.isArray(p.validateResource) && pulumiType && pulumiType !== r.type) {
                        continue;
                    }
                    calls.push({
                        policy: p,
                        run: () => {
                            const args = makeResourceArgs({
                                type: r.type,
                                props: r.inputs ?? {},
                                urn: r.urn,
                                name: r.name,
                                parent: r.parent,
                                provider: providerFor(r as RawResource),
                                schema,
                                context,
                                config: overrides,
                            });
                            return validation(args, reporter(p, level, r.urn));
                        },
                    });
                }
            }
        } else if (isStackPolicy(p)) {
            calls.push({
                policy: p,
                run: () => {
                    const args = makeStackArgs({ resources: toPolicyResources(resources), schema, context, config: overrides });
                    return p.validateStack(args, reporter(p, level, null));
                },
            });
        }
    }
    return calls;
}

/** Runs every policy over one stack's planned resources. Synchronous policies only (all of ours are). */
export function runPolicies(
    resources: PlannedResource[],
    ctx: StackPolicyContext,
    policyList: AnyPolicy[] = policies,
    config: PolicyPackConfig = {},
): Violation[] {
    const out: Violation[] = [];
    for (const call of plan(resources, ctx, policyList, config, out)) {
        guarded(call.policy.name, call.run);
    }
    return out;
}

/** As runPolicies, awaiting asynchronous validations. */
export async function runPoliciesAsync(
    resources: PlannedResource[],
    ctx: StackPolicyContext,
    policyList: AnyPolicy[] = policies,
    config: PolicyPackConfig = {},
): Promise<Violation[]> {
    const out: Violation[] = [];
    for (const call of plan(resources, ctx, policyList, config, out)) {
        await guardedAsync(call.run);
    }
    return out;
}

// ---- Cross-stack pairing -------------------------------------------------------------------------

export interface CrossStackContext {
    tier: string;
    primaryRegion: string;
    recoveryRegion: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function v(policy: string, resource: string | null, message: string): Violation {
    return { policy, level: "mandatory", resource, message };
}

function pairFailoverRecords(p: PolicyResource[], r: PolicyResource[], ctx: CrossStackContext, out: Violation[]) {
    const policy = "cross-stack-route53-failover";
    const records = (rs: PolicyResource[], type: string) =>
        ofType(rs, T.record).filter((x) => whenKnown(() => failoverType(x.props) === type) ?? false);
    const primaries = records(p, "PRIMARY");
    const secondaries = records(r, "SECONDARY");
    const key = (x: PolicyResource) => whenKnown(() => `${str(x.props.name) ?? x.name}|${str(x.props.zoneId) ?? ""}`);
    const sameRecord = (a: PolicyResource, b: PolicyResource) => {
        const [ka, kb] = [key(a), key(b)];
        if (ka === undefined || kb === undefined) return true;
        const [na, za] = ka.split("|");
        const [nb, zb] = kb.split("|");
        return na.replace(/\.$/, "") === nb.replace(/\.$/, "") && (za === "" || zb === "" || za === zb);
    };
    for (const a of primaries) {
        const name = str(whenKnown(() => a.props.name)) ?? a.name;
        const partner = secondaries.find((b) => sameRecord(a, b));
        if (!partner) {
            out.push(v(policy, a.urn, `Route 53 PRIMARY record ${name} must have a SECONDARY record with the same name and zone in the recovery stack.`));
            continue;
        }
        for (const [half, rec] of [["PRIMARY", a], ["SECONDARY", partner]] as const) {
            if (whenKnown(() => hasHealthCheck(rec.props)) === false) {
                out.push(v(policy, rec.urn, `Route 53 ${half} record ${name} must have a health check.`));
            }
        }
    }
    for (const b of secondaries) {
        if (!primaries.some((a) => sameRecord(a, b))) {
            const name = str(whenKnown(() => b.props.name)) ?? b.name;
            out.push(v(policy, b.urn, `Route 53 SECONDARY record ${name} must have a PRIMARY record with the same name and zone in the primary stack.`));
        }
    }
    if ((ctx.tier === "pilot-light" || ctx.tier === "warm-standby") && primaries.length === 0 && secondaries.length === 0) {
        out.push(v(policy, null, `Route 53 failover records must form a PRIMARY/SECONDARY pair across the stacks in ${ctx.tier}.`));
    }
}

function tableName(t: PolicyResource): string {
    return str(whenKnown(() => t.props.name)) ?? t.name;
}

function replicaTargets(arn: string | undefined, t: PolicyResource): boolean {
    if (!arn) return false;
    const name = tableName(t);
    const arnOfTable = str(whenKnown(() => t.props.arn));
    return arn === arnOfTable || arn.endsWith(`:table/${name}`) || arn === name || (!arn.startsWith("arn:") && arn.includes(name));
}

function pairTableReplicas(p: PolicyResource[], r: PolicyResource[], ctx: CrossStackContext, out: Violation[]) {
    const policy = "cross-stack-dynamodb-replica";
    const tables = ofType(p, T.dynamoTable);
    const replicas = ofType(r, T.dynamoReplica);
    const arnOf = (x: PolicyResource) => str(whenKnown(() => x.props.globalTableArn));
    for (const t of tables) {
        const mine = replicas.filter((x) => replicaTargets(arnOf(x), t));
        if (mine.length === 0) {
            out.push(v(policy, t.urn, `DynamoDB table ${tableName(t)} must have a TableReplica in ${ctx.recoveryRegion} in the recovery stack.`));
            continue;
        }
        for (const x of mine) {
            const source = arnRegion(arnOf(x));
            if (source !== undefined && source !== ctx.primaryRegion) {
                out.push(v(policy, x.urn, `DynamoDB table replica globalTableArn must be the table in ${ctx.primaryRegion}.`));
            }
            const where = whenKnown(() => regionOf(x.props, x.provider, ctx.recoveryRegion));
            if (where !== undefined && where !== ctx.recoveryRegion) {
                out.push(v(policy, x.urn, `DynamoDB table replica region must be ${ctx.recoveryRegion}.`));
            }
        }
    }
    for (const x of replicas) {
        if (!tables.some((t) => replicaTargets(arnOf(x), t))) {
            out.push(v(policy, x.urn, "DynamoDB table replica globalTableArn must be a table of the primary stack."));
        }
    }
}

function pairGlobalDatabase(p: PolicyResource[], r: PolicyResource[], out: Violation[]) {
    const policy = "cross-stack-aurora-secondary";
    const gid = (x: PolicyResource) => str(whenKnown(() => x.props.globalClusterIdentifier));
    const globals = ofType(p, T.rdsGlobalCluster);
    const secondaries = ofType(r, T.rdsCluster).filter((c) => gid(c) !== undefined);
    for (const g of globals) {
        const id = gid(g) ?? g.name;
        if (!secondaries.some((c) => gid(c) === id)) {
            out.push(v(policy, g.urn, `Aurora global cluster ${id} must have a secondary cluster in the recovery stack.`));
        }
    }
    for (const c of secondaries) {
        if (!globals.some((g) => (gid(g) ?? g.name) === gid(c))) {
            out.push(v(policy, c.urn, `RDS cluster globalClusterIdentifier must name the primary stack's global cluster (got ${gid(c)}).`));
        }
    }
}

/** Whether a copy action's destination is one of the recovery stack's vaults. */
function copiesInto(plan: PolicyResource, vault: PolicyResource): boolean {
    const dests =
        whenKnown(() => asArray(plan.props.rules).flatMap((rule) => asArray(rule?.copyActions).map((c) => str(c?.destinationVaultArn)))) ?? [];
    if (dests.length === 0) {
        return false;
    }
    // The vault's ARN is an output: relate through propertyDependencies, else by the vault's name.
    if (plan.propertyDependencies?.rules?.some((d) => d.urn === vault.urn)) {
        return true;
    }
    const names = namesOf(vault);
    return dests.some((d) => d !== undefined && names.some((n) => d === n || d.endsWith(`:backup-vault:${n}`)));
}

function pairBackupCopies(p: PolicyResource[], r: PolicyResource[], ctx: CrossStackContext, out: Violation[]) {
    const policy = "cross-stack-backup-copy";
    const vaults = ofType(r, T.backupVault);
    const copyPlans = ofType(r, T.backupPlan).filter(
        (plan) =>
            whenKnown(() => regionOf(plan.props, plan.provider, ctx.recoveryRegion)) === ctx.primaryRegion &&
            vaults.some((vault) => copiesInto(plan, vault)),
    );
    if (copyPlans.length === 0) {
        out.push(v(policy, null, `The recovery stack must own a backup plan in ${ctx.primaryRegion} whose copyActions copy into its DR vault.`));
        return;
    }
    const selections = ofType(r, T.backupSelection).filter((s) => copyPlans.some((plan) => links(s, "planId", plan)));
    for (const res of statefulResources(p, "primary")) {
        if (!selections.some((s) => selectionCovers(s, res) !== false)) {
            out.push(v(policy, res.urn, `${labelOf(res.type)} ${res.name} must be covered by a backup copy rule into the DR vault.`));
        }
    }
}

function pairBucketReplication(p: PolicyResource[], r: PolicyResource[], out: Violation[]) {
    const policy = "cross-stack-s3-replication";
    const configs = ofType(r, T.bucketReplication);
    const drBuckets = ofType(r, BUCKET_TYPES);
    const targetsDr = (cfg: PolicyResource) =>
        drBuckets.some(
            (b) =>
                cfg.propertyDependencies?.rules?.some((d) => d.urn === b.urn) ||
                (whenKnown(() =>
                    asArray(cfg.props.rules).some((rule) => {
                        const dest = str(rule?.destination?.bucket);
                        return dest !== undefined && namesOf(b, "bucket").some((n) => dest === `arn:aws:s3:::${n}` || dest === n);
                    }),
                ) ?? true),
        );
    for (const b of statefulResources(p, "primary").filter((x) => BUCKET_TYPES.includes(x.type))) {
        const names = namesOf(b, "bucket");
        const mine = configs.filter((c) => {
            const src = str(whenKnown(() => c.props.bucket));
            return src !== undefined && names.some((n) => src === n || src === `arn:aws:s3:::${n}`);
        });
        if (mine.length === 0) {
            out.push(v(policy, b.urn, `S3 bucket ${b.name} must have a BucketReplicationConfig in the recovery stack.`));
        } else if (!mine.some(targetsDr)) {
            out.push(v(policy, mine[0].urn, `S3 replication of bucket ${b.name} must target a bucket of the recovery stack.`));
        }
    }
}

function pairAccelerator(p: PolicyResource[], r: PolicyResource[], ctx: CrossStackContext, out: Violation[]) {
    if (ctx.tier !== "active-active") {
        return;
    }
    const groups = [...ofType(p, T.endpointGroup), ...ofType(r, T.endpointGroup)];
    for (const region of [ctx.primaryRegion, ctx.recoveryRegion]) {
        const found = groups.some((g) => (whenKnown(() => g.props.endpointGroupRegion) ?? region) === region);
        if (!found) {
            out.push(v("cross-stack-global-accelerator", null, `Global Accelerator must have an endpoint group in ${region}.`));
        }
    }
    const [cp, cr] = [stackCapacity(p), stackCapacity(r)];
    if (cp !== cr) {
        out.push(v("cross-stack-capacity", null, `Recovery capacity must equal the primary's in active-active (primary ${cp}, recovery ${cr}).`));
    }
}

/** Pairs each half in the primary stack with its partner in the recovery stack; reports what is missing. */
export function crossStackViolations(
    primary: PlannedResource[],
    recovery: PlannedResource[],
    ctx: CrossStackContext,
): Violation[] {
    const p = toPolicyResources(primary);
    const r = toPolicyResources(recovery);
    const out: Violation[] = [];
    const upFromPilot = ctx.tier !== "backup-restore";
    pairFailoverRecords(p, r, ctx, out);
    if (upFromPilot) {
        pairTableReplicas(p, r, ctx, out);
        pairGlobalDatabase(p, r, out);
    }
    pairBackupCopies(p, r, ctx, out);
    pairBucketReplication(p, r, out);
    pairAccelerator(p, r, ctx, out);
    return out;
}

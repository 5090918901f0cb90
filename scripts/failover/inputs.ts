/**
 * The runbook's inputs (ASG names, cluster ids, listener ARNs, domain) come from the stacks' outputs, never from
 * hand-typed ids: `pulumi stack output --json` where the CLI exists, an `--outputs FILE` for automation and
 * tests, or the offline plan's outputs (same keys, mock ids) for a dry run on a machine without the CLI.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { DrTier, isDrTier, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { PROJECT, RegionRole, STACKS } from "../../stacks/topology";

export type OutputsByStack = Record<string, Record<string, unknown>>;
export type InputsSource = "pulumi" | "file" | "plan";

/** What the runbook needs from one region's stack. Fields are absent where the tier builds nothing there. */
export interface RegionInputs {
  readonly stack: string;
  readonly region: string;
  readonly role: RegionRole;
  readonly asgName?: string;
  readonly ecsClusterArn?: string;
  readonly ecsServiceName?: string;
  readonly albArn?: string;
  /** The ALB's own name: the runbook probes a region's deep health through it (as the shop, by SNI). */
  readonly albDnsName?: string;
  readonly dbClusterArn?: string;
  /** The AWS Backup vault of this region: the primary's own vault, or the DR vault of a backup-restore region. */
  readonly vaultName?: string;
  readonly catalogTableName?: string;
}

/** ARC routing control, used instead of the Route 53 health-check flip when the outputs configure it. */
export interface RoutingControlInputs {
  /** The ARC cluster's regional data-plane endpoints; the runbook tries them in turn. */
  readonly clusterEndpoints: readonly { readonly endpoint: string; readonly region: string }[];
  /** One routing control per region, keyed by region name. */
  readonly routingControlArns: Readonly<Record<string, string>>;
}

/** The routing switch of a failover-record tier: an S3 object in the recovery region (DESIGN.md decision 15). */
export interface RoutingSwitchInputs {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

export interface RunbookInputs {
  readonly tier: DrTier;
  readonly domainName: string;
  /** Full-size capacity (tasks and instances) of the primary: what the new primary is scaled to. */
  readonly capacity: number;
  readonly globalClusterId?: string;
  readonly acceleratorListenerArn?: string;
  readonly routingControl?: RoutingControlInputs;
  readonly routingSwitch?: RoutingSwitchInputs;
  /** Keyed by region name. */
  readonly regions: Readonly<Record<string, RegionInputs>>;
  /** The region whose stack has the primary role in its outputs. */
  readonly primaryRegion: string;
  readonly source: InputsSource;
}

export class InputsError extends Error {}

/** The last `/`- or `:`-separated segment of an ARN (`…:cluster:name` and `…/name` both give `name`). */
export function arnName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const m = /autoScalingGroupName\/(.+)$/.exec(arn);
  if (m) return m[1];
  const parts = arn.split(/[:/]/);
  return parts[parts.length - 1] || undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function parseRoutingControl(outputs: Record<string, unknown>): RoutingControlInputs | undefined {
  const endpoints = outputs.arcClusterEndpoints;
  const arns = outputs.routingControlArns;
  if (!Array.isArray(endpoints) || endpoints.length === 0 || !arns || typeof arns !== "object")
    return undefined;
  return {
    clusterEndpoints: endpoints.map((e: any) => ({
      endpoint: String(e.endpoint ?? e.Endpoint),
      region: String(e.region ?? e.Region),
    })),
    routingControlArns: arns as Record<string, string>,
  };
}

/** Outputs of every stack in stacks/topology.ts → typed inputs. Throws one error naming every missing key. */
export function toRunbookInputs(outputs: OutputsByStack, source: InputsSource): RunbookInputs {
  const missingStacks = STACKS.filter((s) => !outputs[s.stack]).map((s) => s.stack);
  if (missingStacks.length)
    throw new InputsError(`no outputs for stack(s) ${missingStacks.join(", ")}`);

  const regions: Record<string, RegionInputs> = {};
  for (const s of STACKS) {
    const o = outputs[s.stack];
    const role = (str(o.role) ?? s.role) as RegionRole;
    regions[s.region] = {
      stack: s.stack,
      region: str(o.region) ?? s.region,
      role,
      asgName: arnName(str(o.asgArn)),
      ecsClusterArn: str(o.ecsClusterArn),
      ecsServiceName: str(o.ecsServiceName) ?? arnName(str(o.ecsServiceArn)),
      albArn: str(o.albArn),
      albDnsName: str(o.albDnsName),
      dbClusterArn: str(o.dbClusterArn),
      vaultName: str(o.primaryVaultName) ?? arnName(str(o.drVaultArn)),
      catalogTableName: str(o.catalogTableName),
    };
  }
  const primaries = Object.values(regions).filter((r) => r.role === "primary");
  if (primaries.length !== 1) {
    throw new InputsError(
      `expected exactly one stack with role primary in the outputs, found ${primaries.length}`,
    );
  }
  const primary = primaries[0];
  // The tier is set once, on the primary (DESIGN decision 2).
  const p = outputs[primary.stack];
  const tier = p.drTier;
  if (!isDrTier(tier))
    throw new InputsError(
      `stack ${primary.stack}: output drTier is ${JSON.stringify(tier)}, not a DR tier`,
    );

  const inputs: RunbookInputs = {
    tier,
    domainName: str(p.domainName) ?? "",
    capacity: Number(p.capacity ?? 0),
    globalClusterId: str(p.globalClusterId),
    acceleratorListenerArn: str(p.acceleratorListenerArn),
    routingControl: parseRoutingControl(p),
    routingSwitch:
      str(p.routingSwitchBucket) && str(p.routingSwitchKey) && str(p.routingSwitchRegion)
        ? {
            bucket: str(p.routingSwitchBucket)!,
            key: str(p.routingSwitchKey)!,
            region: str(p.routingSwitchRegion)!,
          }
        : undefined,
    regions,
    primaryRegion: primary.region,
    source,
  };
  const missing = missingFor(inputs);
  if (missing.length)
    throw new InputsError(
      `stack outputs lack what the ${tier} runbook needs: ${missing.join(", ")}`,
    );
  return inputs;
}

/** Keys the tier's steps read, reported all at once. */
function missingFor(inputs: RunbookInputs): string[] {
  const missing: string[] = [];
  const need = (ok: unknown, key: string) => {
    if (ok === undefined || ok === "" || (typeof ok === "number" && !(ok > 0))) missing.push(key);
  };
  need(inputs.domainName, "domainName");
  const profile = TIER_PROFILES[inputs.tier];
  for (const r of Object.values(inputs.regions)) {
    const at = (k: string) => `${r.stack}.${k}`;
    if (profile.recovery.serves) {
      need(r.asgName, at("asgArn"));
      need(r.ecsClusterArn, at("ecsClusterArn"));
      need(r.ecsServiceName, at("ecsServiceName"));
      need(r.albArn, at("albArn"));
      need(r.albDnsName, at("albDnsName"));
      need(r.dbClusterArn, at("dbClusterArn"));
    } else {
      need(r.vaultName, at(r.role === "primary" ? "primaryVaultName" : "drVaultArn"));
    }
  }
  if (profile.databaseReplication === "aurora-global")
    need(inputs.globalClusterId, "globalClusterId");
  if (profile.frontDoor === "global-accelerator")
    need(inputs.acceleratorListenerArn, "acceleratorListenerArn");
  if (profile.frontDoor === "failover-records" && !inputs.routingControl) {
    const primary = inputs.regions[inputs.primaryRegion];
    need(inputs.routingSwitch, `${primary.stack}.routingSwitchBucket`);
  }
  if (profile.recovery.serves) need(inputs.capacity, "capacity");
  else {
    // The catalog is restored under the primary's name; the region around it is rebuilt by Pulumi.
    const primary = inputs.regions[inputs.primaryRegion];
    need(primary.catalogTableName, `${primary.stack}.catalogTableName`);
  }
  return missing;
}

/** Whether the Pulumi CLI can be run here (it is absent in the offline environment). */
export function hasPulumiCli(): boolean {
  const r = spawnSync("pulumi", ["version"], { stdio: "ignore" });
  return !r.error && r.status === 0;
}

function pulumiOutputs(): OutputsByStack {
  const out: OutputsByStack = {};
  for (const s of STACKS) {
    const r = spawnSync(
      "pulumi",
      ["stack", "output", "--json", "--show-secrets=false", "--stack", s.stack],
      { encoding: "utf8" },
    );
    if (r.error || r.status !== 0) {
      throw new InputsError(
        `pulumi stack output --stack ${s.stack} failed: ${(r.stderr || String(r.error)).trim().split("\n")[0]}`,
      );
    }
    out[s.stack] = JSON.parse(r.stdout) as Record<string, unknown>;
  }
  return out;
}

export function readOutputsFile(file: string): OutputsByStack {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputsError(`--outputs ${file}: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new InputsError(`--outputs ${file}: expected a JSON object { "<stack>": { outputs… } }`);
  }
  // Accept org-qualified names too (organization/securecart/prod-us-east-1).
  const out: OutputsByStack = {};
  for (const [k, v] of Object.entries(raw as OutputsByStack))
    out[k.replace(new RegExp(`^.*/${PROJECT}/`), "")] = v;
  return out;
}

async function planOutputs(
  tier?: DrTier,
  config: Readonly<Record<string, string>> = {},
): Promise<OutputsByStack> {
  // Imported lazily: the plan loads @pulumi/pulumi and the whole program, which a real run never needs.
  // require, not import(): the CLIs run as CommonJS, where import() would reach for the ESM loader.
  const { plan, PlanError } = require("../plan/planStack") as typeof import("../plan/planStack");
  // Like the plan's --config: the keys are the primary's, and the recovery stack follows them.
  const primary = STACKS.find((s) => s.role === "primary")!.stack;
  const out: OutputsByStack = {};
  try {
    for (const s of (await plan({ tier, config: { [primary]: { ...config } } })).stacks)
      out[s.stack] = s.outputs;
  } catch (e) {
    // A config error (a bad --config value) is an input problem, reported as one line.
    if (e instanceof PlanError) throw new InputsError(`offline plan: ${e.message}`);
    throw e;
  }
  return out;
}

export interface LoadOptions {
  readonly outputsFile?: string;
  readonly dryRun: boolean;
  /** Plan offline under this tier (a dry run without --outputs). */
  readonly tier?: DrTier;
  /** Plan offline with these keys set on the primary stack (a dry run without --outputs). */
  readonly config?: Readonly<Record<string, string>>;
  /** Injectable for tests. */
  readonly cliAvailable?: () => boolean;
}

/**
 * Chooses where the outputs come from: `--outputs FILE`, else the Pulumi CLI, else (dry run only) the offline
 * plan. A real run never uses the plan's outputs: its ids are mock values, and calling AWS with them would act
 * on nothing, or on the wrong thing.
 */
export async function loadInputs(options: LoadOptions): Promise<RunbookInputs> {
  if (options.outputsFile) return toRunbookInputs(readOutputsFile(options.outputsFile), "file");
  const configured = Object.keys(options.config ?? {}).length > 0;
  if (options.tier || configured)
    return toRunbookInputs(await planOutputs(options.tier, options.config), "plan");
  if ((options.cliAvailable ?? hasPulumiCli)()) return toRunbookInputs(pulumiOutputs(), "pulumi");
  if (!options.dryRun) {
    throw new InputsError(
      "the Pulumi CLI is not available: pass --outputs FILE with the stacks' real outputs (the offline plan's ids are mock values)",
    );
  }
  return toRunbookInputs(await planOutputs(undefined, options.config), "plan");
}

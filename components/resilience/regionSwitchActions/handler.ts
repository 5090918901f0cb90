/**
 * The ARC Region Switch plan's custom action: one function per region (ARC requires one in each of the plan's
 * regions), invoked once per Lambda step. Each step does what the runbook's step does
 * (scripts/failover/awsDriver.ts), calling only the target region, the routing switch's region (S3's data plane),
 * Global Accelerator's API (us-west-2) and the shop's public endpoints; never Route 53's API (DESIGN.md decision 15).
 *
 * ARC sends the execution metadata as the event (`InvokedBy`, `PlanArn`, `ExecutionId`, `StepName`:
 * https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Lambdas.html) and "reruns the Lambda function if it
 * does not succeed" every retry interval until the step's timeout
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/custom-action-lambda-block.html). So one invocation is one
 * attempt: a check that does not hold yet, or a write that fails, throws, and ARC tries again a minute later.
 * Plan evaluation's dry run (Lambda `DryRun` invocation type) validates permissions without running this code.
 *
 * Bundled by ../regionSwitchActions.ts with esbuild; the AWS SDK v3 clients come from the Lambda Node.js runtime
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html), so the bundle is this file and the switch words.
 */
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeClustersCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  EndpointGroup,
  GlobalAcceleratorClient,
  ListEndpointGroupsCommand,
  UpdateEndpointGroupCommand,
} from "@aws-sdk/client-global-accelerator";
import {
  DescribeDBClustersCommand,
  DescribeGlobalClustersCommand,
  ModifyDBClusterCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GLOBAL_ACCELERATOR_REGION } from "../../../stacks/topology";
import { SWITCH_OFF, SWITCH_ON } from "../../traffic/switchStates";
import { ActionConfig, ActionStep, configFromEnv, isActionStep, Route, routeOf } from "./config";
import { getJson as fetchJson } from "../../lib/getJson";

/** The HTTP GET of the health steps; injectable so tests need no network. */
export type HttpGet = (
  url: string,
  signal: AbortSignal,
) => Promise<{ status: number; body: unknown }>;

export interface ActionClients {
  elbv2(region: string): ElasticLoadBalancingV2Client;
  ecs(region: string): ECSClient;
  rds(region: string): RDSClient;
  s3(region: string): S3Client;
  globalAccelerator(): GlobalAcceleratorClient;
}

/** Clients per region, made on first use and kept for the warm function's next invocation. */
export function defaultClients(): ActionClients {
  const cache = new Map<string, unknown>();
  const per = <T>(kind: string, region: string, make: () => T): T => {
    const key = `${kind}@${region}`;
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  return {
    elbv2: (region) => per("elbv2", region, () => new ElasticLoadBalancingV2Client({ region })),
    ecs: (region) => per("ecs", region, () => new ECSClient({ region })),
    rds: (region) => per("rds", region, () => new RDSClient({ region })),
    s3: (region) => per("s3", region, () => new S3Client({ region })),
    globalAccelerator: () =>
      per(
        "ga",
        GLOBAL_ACCELERATOR_REGION,
        () => new GlobalAcceleratorClient({ region: GLOBAL_ACCELERATOR_REGION }),
      ),
  };
}

// One probe never waits longer than 10 s, so a black-holed endpoint leaves time for the next attempt.
export const defaultHttpGet: HttpGet = (url, signal) => fetchJson(url, signal, 10_000);

/** The event ARC sends: only `StepName` matters here. */
export interface ActionEvent {
  readonly StepName?: string;
  readonly PlanArn?: string;
  readonly ExecutionId?: string;
}

export interface ActionResult {
  readonly step: ActionStep;
  readonly to: string;
  readonly from: string;
  readonly direction: Route["direction"];
  readonly detail: string;
}

interface StepRun {
  readonly cfg: ActionConfig;
  readonly route: Route;
  readonly clients: ActionClients;
  readonly httpGet: HttpGet;
  readonly signal: AbortSignal;
}

const arnName = (arn: string | undefined) => (arn ?? "").split(/[:/]/).pop() ?? "";

async function checkTargetHealth({ cfg, route, clients, signal }: StepRun): Promise<string> {
  const t = cfg.targets[route.to];
  if (!t) throw new Error(`no targets configured for ${route.to}`);
  const opts = { abortSignal: signal };
  const problems: string[] = [];
  const probe = async (what: string, read: () => Promise<string | undefined>) => {
    try {
      const problem = await read();
      if (problem) problems.push(`${what} ${problem}`);
    } catch (e) {
      problems.push(`${what} unreadable (${(e as Error).message})`);
    }
  };
  await probe(`ALB ${arnName(t.albArn)}`, async () => {
    const r = await clients
      .elbv2(route.to)
      .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [t.albArn] }), opts);
    const code = r.LoadBalancers?.[0]?.State?.Code;
    return code === "active" ? undefined : `is ${code ?? "missing"}`;
  });
  await probe(`ECS cluster ${arnName(t.ecsClusterArn)}`, async () => {
    const r = await clients
      .ecs(route.to)
      .send(new DescribeClustersCommand({ clusters: [t.ecsClusterArn] }), opts);
    const status = r.clusters?.[0]?.status;
    return status === "ACTIVE" ? undefined : `is ${status ?? "missing"}`;
  });
  await probe(`DB cluster ${arnName(t.dbClusterArn)}`, async () => {
    const r = await clients
      .rds(route.to)
      .send(new DescribeDBClustersCommand({ DBClusterIdentifier: t.dbClusterArn }), opts);
    const status = r.DBClusters?.[0]?.Status;
    return status === "available" ? undefined : `is ${status ?? "missing"}`;
  });
  // Failback precondition, as the runbook's: the returning region's cluster has rejoined and caught up, else a
  // switchover to it would fail or lose what the other region wrote meanwhile.
  if (route.direction === "failback" && cfg.globalClusterId && problems.length === 0) {
    await probe(`global cluster ${cfg.globalClusterId}`, async () => {
      const r = await clients
        .rds(route.to)
        .send(
          new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: cfg.globalClusterId }),
          opts,
        );
      const g = r.GlobalClusters?.[0];
      const member = g?.GlobalClusterMembers?.find((m) => m.DBClusterArn === t.dbClusterArn);
      if (!member) return `has no member ${arnName(t.dbClusterArn)} yet`;
      if (member.IsWriter) return undefined;
      const sync = member.SynchronizationStatus;
      if (sync !== "connected") return `member ${arnName(t.dbClusterArn)} is ${sync ?? "unknown"}`;
      return g?.Status === "available" ? undefined : `is ${g?.Status ?? "unknown"}`;
    });
  }
  if (problems.length)
    throw new Error(`target region ${route.to} is not healthy: ${problems.join("; ")}`);
  return `${route.to}: ALB active, ECS cluster ACTIVE, DB cluster available`;
}

/**
 * The same write as the runbook's: `primary=off` when the recovery region takes over, `primary=on` when the
 * primary's region comes back. The PRIMARY record's CALCULATED check needs the deep check and this object, so
 * Route 53 follows within the switch check's interval (components/traffic/routingSwitch.ts).
 */
async function switchRouting({ cfg, route, clients, signal }: StepRun): Promise<string> {
  const s = cfg.routingSwitch;
  if (!s) throw new Error("no routing switch configured (SWITCH_BUCKET)");
  const body = route.to === cfg.primaryRegion ? SWITCH_ON : SWITCH_OFF;
  const s3 = clients.s3(s.region);
  let current: string | undefined;
  try {
    const r = await s3.send(new GetObjectCommand({ Bucket: s.bucket, Key: s.key }), {
      abortSignal: signal,
    });
    current = ((await r.Body?.transformToString()) ?? "").trim();
  } catch {
    current = undefined; // unreadable: write it anyway; the write fails too if S3 there is down
  }
  if (current === body) return `${s.bucket}/${s.key} already says ${body}`;
  await s3.send(
    new PutObjectCommand({
      Bucket: s.bucket,
      Key: s.key,
      Body: body,
      ContentType: "text/plain",
      CacheControl: "no-store",
    }),
    {
      abortSignal: signal,
    },
  );
  return `${s.bucket}/${s.key} (${s.region}): ${body}`;
}

/** The runbook's dials: the target region 100 first, so both are never 0; the other 0 on a failover, 100 on a return. */
async function drainTraffic({ cfg, route, clients, signal }: StepRun): Promise<string> {
  const listener = cfg.acceleratorListenerArn;
  if (!listener) throw new Error("no accelerator listener configured (ACCELERATOR_LISTENER_ARN)");
  const ga = clients.globalAccelerator();
  const groups: EndpointGroup[] = [];
  let token: string | undefined;
  do {
    const r = await ga.send(
      new ListEndpointGroupsCommand({ ListenerArn: listener, NextToken: token }),
      { abortSignal: signal },
    );
    groups.push(...(r.EndpointGroups ?? []));
    token = r.NextToken;
  } while (token);
  const wanted = [
    { region: route.to, dial: 100 },
    { region: route.from, dial: route.direction === "failover" ? 0 : 100 },
  ];
  const changed: string[] = [];
  for (const w of wanted) {
    const g = groups.find((x) => x.EndpointGroupRegion === w.region);
    if (!g?.EndpointGroupArn) throw new Error(`no endpoint group for ${w.region} on ${listener}`);
    if ((g.TrafficDialPercentage ?? 100) === w.dial) continue;
    const update = new UpdateEndpointGroupCommand({
      EndpointGroupArn: g.EndpointGroupArn,
      TrafficDialPercentage: w.dial,
    });
    await ga.send(update, { abortSignal: signal });
    changed.push(`${w.region} ${w.dial}`);
  }
  return changed.length ? `dials: ${changed.join(", ")}` : "dials already set";
}

async function getJson(
  run: StepRun,
  path: string,
): Promise<{ url: string; status: number; body: Record<string, unknown> }> {
  const url = `https://${run.cfg.domainName}${path}`;
  let r: { status: number; body: unknown };
  try {
    r = await run.httpGet(url, run.signal);
  } catch (e) {
    throw new Error(`${url}: ${(e as Error).message}`, { cause: e });
  }
  return { url, status: r.status, body: (r.body ?? {}) as Record<string, unknown> };
}

/**
 * REGION_ROLE=auto follows the promoted database (DESIGN.md decision 4), and the write fence the switch: verify
 * both rather than trust them, as the runbook's set-region-role does.
 */
async function setRegionRole(run: StepRun): Promise<string> {
  if (run.cfg.regionRoleMode !== "auto")
    return `no-op: REGION_ROLE=${run.cfg.regionRoleMode} is set on every task`;
  const { url, status, body } = await getJson(run, "/topology");
  if (status !== 200) throw new Error(`${url} answered ${status}`);
  if (body.region !== run.route.to || body.role !== "primary") {
    throw new Error(
      `${url}: region ${String(body.region)}, role ${String(body.role)}; waiting for ${run.route.to} as primary`,
    );
  }
  if (body.writable === false)
    throw new Error(
      `${url}: ${run.route.to} is primary but fenced (the switch does not name it yet)`,
    );
  return `${url}: ${run.route.to} is primary`;
}

async function verifyHealth(run: StepRun): Promise<string> {
  const { route, cfg } = run;
  // An active/active return ends with both regions serving: either may answer.
  const regions =
    cfg.approach === "activeActive" && route.direction === "failback"
      ? [route.to, route.from]
      : [route.to];
  const { url, status, body } = await getJson(run, "/health/deep");
  if (status !== 200) throw new Error(`${url}: HTTP ${status} (${String(body.status)})`);
  if (body.status !== "ok" && body.status !== "degraded")
    throw new Error(`${url}: status ${String(body.status)}`);
  if (!regions.includes(String(body.region))) {
    throw new Error(
      `${url}: answered from ${String(body.region)}, waiting for ${regions.join(" or ")}`,
    );
  }
  return `${url}: ${String(body.status)} from ${String(body.region)}`;
}

/**
 * As the runbook's scale-database (scripts/failover/scaleDatabase.ts): raise the target cluster's Serverless v2
 * floor, then succeed once it is available at it. One attempt per invocation: after the ModifyDBCluster it throws,
 * and ARC's retry finds the cluster at its new floor. A provisioned target (a failback) has nothing to raise.
 */
async function scaleDatabase({ cfg, route, clients, signal }: StepRun): Promise<string> {
  const arn = cfg.targets[route.to]?.dbClusterArn;
  if (!arn) throw new Error(`no DB cluster configured for ${route.to}`);
  const rds = clients.rds(route.to);
  const opts = { abortSignal: signal };
  const c = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: arn }), opts))
    .DBClusters?.[0];
  if (!c) throw new Error(`DB cluster ${arnName(arn)} not found in ${route.to}`);
  const range = c.ServerlessV2ScalingConfiguration;
  const floor = cfg.databaseFailoverMinAcu!;
  if (range?.MinCapacity === undefined) return `${arnName(arn)} is provisioned: nothing to scale`;
  if (range.MinCapacity >= floor) {
    if (c.Status !== "available")
      throw new Error(
        `${arnName(arn)} is ${c.Status} at ${range.MinCapacity} ACUs, waiting for available`,
      );
    return `${arnName(arn)} at ${range.MinCapacity}–${range.MaxCapacity} ACUs`;
  }
  const MaxCapacity = Math.max(range.MaxCapacity ?? floor, floor);
  await rds.send(
    new ModifyDBClusterCommand({
      DBClusterIdentifier: arnName(arn),
      ServerlessV2ScalingConfiguration: { MinCapacity: floor, MaxCapacity },
      ApplyImmediately: true,
    }),
    opts,
  );
  throw new Error(
    `${arnName(arn)}: floor ${range.MinCapacity} → ${floor} ACUs requested, waiting for available`,
  );
}

const STEPS: Readonly<Record<ActionStep, (run: StepRun) => Promise<string>>> = {
  "check-target-health": checkTargetHealth,
  "scale-database": scaleDatabase,
  "switch-routing": switchRouting,
  "drain-traffic": drainTraffic,
  "set-region-role": setRegionRole,
  "verify-health": verifyHealth,
};

export interface HandlerDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clients?: ActionClients;
  readonly httpGet?: HttpGet;
  /** Where each attempt's outcome goes; Lambda sends stdout to the function's log group. Defaults to `console.log`. */
  readonly log?: (line: string) => void;
}

/** The Lambda handler, with its dependencies injectable for tests. */
export function makeHandler(deps: HandlerDeps = {}) {
  let clients = deps.clients;
  return async (
    event: ActionEvent,
    context?: { getRemainingTimeInMillis?: () => number },
  ): Promise<ActionResult> => {
    const cfg = configFromEnv(deps.env ?? process.env);
    const step = event?.StepName;
    if (!isActionStep(step) || !cfg.steps.includes(step)) {
      throw new Error(
        `step ${String(step)} is not one this function runs (${cfg.steps.join(", ")})`,
      );
    }
    clients ??= defaultClients();
    // Stop every call a little before Lambda's own timeout, so the attempt fails with a message, not a kill.
    const budget = Math.max(1_000, (context?.getRemainingTimeInMillis?.() ?? 60_000) - 2_000);
    const route = routeOf(cfg);
    const detail = await STEPS[step]({
      cfg,
      route,
      clients,
      httpGet: deps.httpGet ?? defaultHttpGet,
      signal: AbortSignal.timeout(budget),
    });
    (deps.log ?? console.log)(JSON.stringify({ step, ...route, detail }));
    return { step, ...route, detail };
  };
}

export const handler = makeHandler();

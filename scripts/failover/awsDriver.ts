/**
 * The runbook's FailoverDriver: each step of TierProfile.failoverSteps carried out with AWS SDK v3.
 *
 * Rules every step follows:
 * - `isDone` reads real state (never the state file), so a re-run after a crash skips what already holds and a
 *   second run makes no write call.
 * - `apply` is safe to repeat: it re-reads state and writes only what still differs, then waits.
 * - Calls go to the target region, to Global Accelerator (us-west-2), to the routing switch in the recovery
 *   region (S3's data plane) or to the ARC data plane. Never to the failing region's control plane, and never to
 *   Route 53's API, which is served from us-east-1 (DESIGN.md decision 15): when failing away from us-east-1, it
 *   is the region most likely to be down, and a hung call there would eat the RTO.
 * - A decision that could lose data is taken only on evidence: `--allow-data-loss`, or the old writer confirmed
 *   unreachable *and* the measured replication lag within the tier's RPO. An error while measuring never counts
 *   as evidence.
 * - Every SDK call and wait honours the step's abort signal, so the executor's timeout really stops the step.
 */
import {
  AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import {
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsCommand,
  RecoveryPointByBackupVault,
  RestoreJobsListMember,
  StartRestoreJobCommand,
} from "@aws-sdk/client-backup";
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  Service,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { DescribeLoadBalancersCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  EndpointGroup,
  ListEndpointGroupsCommand,
  UpdateEndpointGroupCommand,
} from "@aws-sdk/client-global-accelerator";
import {
  CopyDBClusterSnapshotCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  GlobalCluster,
  SwitchoverGlobalClusterCommand,
} from "@aws-sdk/client-rds";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  GetRoutingControlStateCommand,
  UpdateRoutingControlStatesCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { createHash } from "crypto";
import * as https from "https";
import {
  FailoverStep,
  recoveryTakesTraffic,
  TIER_PROFILES,
  TierProfile,
} from "../../components/tiers/tierProfile";
import { OLD_REGION_PROBES } from "../../components/tiers/contract";
import { GLOBAL_ACCELERATOR_REGION } from "../../stacks/topology";
import { SWITCH_OFF, SWITCH_ON } from "../../components/traffic/switchStates";
import { AwsClients } from "./clients";
import { FailoverDriver, StepContext, stepsFor } from "./driver";
import { arnName, RegionInputs, RunbookInputs } from "./inputs";
import { getJson } from "../../components/lib/getJson";
import { failoverFloor, raiseFloor, scaleDatabaseState } from "./scaleDatabase";

/**
 * The HTTP GET the health steps make; injectable so tests need no network. With `via`, the request goes to that
 * host (one region's ALB) while TLS and the Host header name the URL's host, so one region is probed as the shop.
 */
export type HttpGet = (
  url: string,
  signal: AbortSignal,
  via?: string,
) => Promise<{ status: number; body: unknown }>;

export const defaultHttpGet: HttpGet = async (url, signal, via) => {
  // One probe never waits longer than 10 s, so a black-holed region cannot stall a polling step; a probe of
  // one region through its ALB (the old region, before promotion) gets the contract's shorter budget.
  const limitMs = via ? OLD_REGION_PROBES.timeoutSeconds * 1000 : 10_000;
  const perProbe = AbortSignal.any([signal, AbortSignal.timeout(limitMs)]);
  if (via) return getVia(url, via, perProbe);
  return getJson(url, perProbe, limitMs);
};

/** GET `url` from the address of `via`, validating the certificate for the URL's host (SNI). */
function getVia(
  url: string,
  via: string,
  signal: AbortSignal,
): Promise<{ status: number; body: unknown }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: via,
        servername: u.hostname,
        path: u.pathname + u.search,
        headers: { host: u.hostname, accept: "application/json" },
        signal,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("error", reject);
  });
}

export interface AwsDriverOptions {
  readonly inputs: RunbookInputs;
  readonly clients: AwsClients;
  readonly httpGet?: HttpGet;
  /** Interval between state polls while waiting. Defaults to 10 s. */
  readonly pollMs?: number;
  /** Fail the database over with possible data loss without probing the old primary (operator's call). */
  readonly allowDataLoss?: boolean;
}

/**
 * Tries of the old region (fence read and writer check together) before it counts as unreachable, and each
 * one's time limit: the DR contract counts this budget in promote-database's time.
 */
const OLD_WRITER_PROBES = OLD_REGION_PROBES.tries;
/** Reads of the old region's /topology, one poll apart, waiting for its storefront to obey the switch. */
const FENCE_PROBES = 3;
/** Aurora's name for the snapshot of the old primary's volume after a managed failover (see preserveFailoverSnapshot). */
const UNPLANNED_FAILOVER_SNAPSHOT = "rds:unplanned-global-failover-";
/** How far back the replication lag is read. */
const LAG_WINDOW_MINUTES = 5;

/**
 * What backup-restore brings back, with AWS Backup's resource type names. The runbook restores the catalog
 * (DynamoDB) itself; the orders database (Aurora) is restored by the rebuild's `pulumi up`, from the recovery
 * point this step picks (`securecart:rebuildFromSnapshot`), so the stack owns the cluster it creates.
 */
const RESTORED_TYPES = ["DynamoDB"] as const;
type RestoredType = (typeof RESTORED_TYPES)[number] | "Aurora";

const IN_FLIGHT_RESTORE = new Set(["PENDING", "RUNNING", "CREATED"]);

export class AwsFailoverDriver implements FailoverDriver {
  readonly name = "aws";
  private readonly inputs: RunbookInputs;
  private readonly clients: AwsClients;
  private readonly httpGet: HttpGet;
  private readonly pollMs: number;
  private readonly profile: TierProfile;
  /** Backup-restore: the Aurora recovery point the rebuild restores, once restore-backups has looked. */
  rebuildSnapshot?: { readonly arn: string; readonly created?: Date };

  constructor(private readonly options: AwsDriverOptions) {
    this.inputs = options.inputs;
    this.clients = options.clients;
    this.httpGet = options.httpGet ?? defaultHttpGet;
    this.pollMs = options.pollMs ?? 10_000;
    this.profile = TIER_PROFILES[options.inputs.tier];
  }

  async isDone(step: FailoverStep, ctx: StepContext): Promise<boolean> {
    switch (step) {
      // Checks always run: they are read-only, and skipping them would hide a region that went bad since.
      case "check-target-health":
      case "verify-health":
        return false;
      case "restore-backups":
        return (await this.restoreProgress(ctx)).every((p) => p.completed);
      case "scale-compute":
        return (await this.computeState(ctx)).healthy;
      case "scale-database":
        return (await this.databaseScaling(ctx)).done;
      case "promote-database":
        return this.writerIsTarget(await this.globalCluster(ctx), ctx);
      case "switch-routing":
        return (await this.routingMismatches(ctx)).length === 0;
      case "drain-traffic":
        return (await this.dialMismatches(ctx)).length === 0;
      case "set-region-role":
        return (
          this.profile.regionRoleEnv === "auto" && (await this.topologyProblem(ctx)) === undefined
        );
    }
  }

  async apply(step: FailoverStep, ctx: StepContext): Promise<void> {
    switch (step) {
      case "check-target-health":
        return this.checkTargetHealth(ctx);
      case "restore-backups":
        return this.restoreBackups(ctx);
      case "scale-compute":
        return this.scaleCompute(ctx);
      case "scale-database":
        return this.scaleDatabase(ctx);
      case "promote-database":
        return this.promoteDatabase(ctx);
      case "switch-routing":
        return this.switchRouting(ctx);
      case "drain-traffic":
        return this.drainTraffic(ctx);
      case "set-region-role":
        return this.setRegionRole(ctx);
      case "verify-health":
        return this.verifyHealth(ctx);
    }
  }

  describe(step: FailoverStep, ctx: StepContext): string[] {
    const to = this.region(ctx.to);
    const from = this.region(ctx.from);
    const cap = this.inputs.capacity;
    const gid = this.inputs.globalClusterId;
    switch (step) {
      case "check-target-health": {
        // A region rebuilt from backups has these only after the rebuild's `pulumi up`.
        const rebuilt = (id: string | undefined, what: string) => id ?? `<the rebuilt ${what}>`;
        const lines = [
          `elbv2@${ctx.to} DescribeLoadBalancers ${rebuilt(to.albArn, "ALB")} → State active`,
          `ecs@${ctx.to} DescribeClusters ${rebuilt(to.ecsClusterArn, "ECS cluster")} → ACTIVE`,
          `rds@${ctx.to} DescribeDBClusters ${rebuilt(to.dbClusterArn, "DB cluster")} → available`,
        ];
        if (ctx.direction === "failback" && this.profile.databaseReplication === "aurora-global") {
          lines.push(
            `rds@${ctx.to} DescribeGlobalClusters ${gid} → wait until ${to.dbClusterArn} is a connected secondary (re-synchronised)`,
            `rds@${ctx.to} DescribeDBClusterSnapshots ${arnName(to.dbClusterArn)} → CopyDBClusterSnapshot each ` +
              `${UNPLANNED_FAILOVER_SNAPSHOT}* to a manual snapshot (kept for reconciliation beyond the backup retention)`,
          );
        }
        return lines;
      }
      case "restore-backups":
        return [
          `backup@${ctx.to} ListRecoveryPointsByBackupVault ${to.vaultName} (Aurora, DynamoDB) → latest COMPLETED`,
          `backup@${ctx.to} ListRestoreJobs → skip a recovery point already restored`,
          `backup@${ctx.to} GetRecoveryPointRestoreMetadata + StartRestoreJob DynamoDB targetTableName=${this.restoredName("DynamoDB")}`,
          `backup@${ctx.to} DescribeRestoreJob → wait until COMPLETED`,
          `print the rebuild: pulumi config set securecart:rebuildFromSnapshot <latest Aurora recovery point> --stack ${to.stack}; ` +
            `pulumi up --stack ${to.stack} (restores Aurora from it; creates no IAM, ACM or Route 53 resource, nothing in ${ctx.from})`,
        ];
      case "scale-compute":
        return [
          `autoscaling@${ctx.to} DescribeAutoScalingGroups ${to.asgName}`,
          `autoscaling@${ctx.to} UpdateAutoScalingGroup ${to.asgName} DesiredCapacity=${cap} MaxSize≥${cap}`,
          `ecs@${ctx.to} UpdateService ${to.ecsServiceName} desiredCount=${cap}`,
          `autoscaling@${ctx.to} DescribeAutoScalingGroups + ecs@${ctx.to} DescribeServices → wait until ${cap} healthy instances and running tasks`,
        ];
      case "scale-database": {
        const floor = failoverFloor(this.profile.recovery.databaseCapacity);
        return [
          `rds@${ctx.to} DescribeDBClusters ${to.dbClusterArn} → skip if provisioned, or available with MinCapacity ≥ ${floor ?? "-"} ACUs`,
          `rds@${ctx.to} ModifyDBCluster ${arnName(to.dbClusterArn)} ` +
            `ServerlessV2ScalingConfiguration.MinCapacity=${floor ?? "-"} ApplyImmediately=true`,
          `rds@${ctx.to} DescribeDBClusters → wait until available at the new floor`,
        ];
      }
      case "promote-database": {
        const decide = this.options.allowDataLoss
          ? [
              `rds@${ctx.to} FailoverGlobalCluster ${gid} → ${to.dbClusterArn} AllowDataLoss=true (--allow-data-loss)`,
            ]
          : [
              `GET https://${this.inputs.domainName}/health/deep via ${from.albDnsName} (${ctx.from}, ${OLD_WRITER_PROBES} tries of ≤ ${OLD_REGION_PROBES.timeoutSeconds} s, ` +
                `counting an unanswered fence read) → ` +
                `the old writer answers: rds@${ctx.to} SwitchoverGlobalCluster ${gid} → ${to.dbClusterArn} (no data loss)`,
              `cloudwatch@${ctx.to} GetMetricData AWS/RDS AuroraGlobalDBReplicationLag ${arnName(to.dbClusterArn)} (max, last ${LAG_WINDOW_MINUTES} min) → ` +
                `old writer unreachable and lag ≤ the tier's RPO (${this.profile.targets.rpoMinutes} min): rds@${ctx.to} FailoverGlobalCluster AllowDataLoss=true; ` +
                `lag unknown or above it: stop, and leave the data-loss call to --allow-data-loss`,
            ];
        const fence = this.fencedBySwitch(ctx)
          ? [
              `GET https://${this.inputs.domainName}/topology via ${from.albDnsName} (${ctx.from}, up to ${FENCE_PROBES} reads) → ` +
                `wait until the old region refuses writes (its storefront obeys the switch) or does not answer`,
            ]
          : [];
        return [
          `rds@${ctx.to} DescribeGlobalClusters ${gid} → skip if ${to.dbClusterArn} is already the writer`,
          ...fence,
          ...decide,
          `rds@${ctx.to} DescribeGlobalClusters → wait until the writer is ${to.dbClusterArn}`,
        ];
      }
      case "switch-routing": {
        const rc = this.inputs.routingControl;
        const lines: string[] = [];
        if (rc) {
          const want = this.desiredControls(ctx);
          const at = `route53-recovery-cluster@${this.arcEndpoints(ctx)
            .map((e) => e.region)
            .join("|")}`;
          lines.push(
            `${at} GetRoutingControlState ${rc.routingControlArns[ctx.to]} ${rc.routingControlArns[ctx.from]} → skip if already ` +
              `${ctx.to}=${want[ctx.to]} ${ctx.from}=${want[ctx.from]}`,
            `${at} UpdateRoutingControlStates ${rc.routingControlArns[ctx.to]}=${want[ctx.to]} ` +
              `${rc.routingControlArns[ctx.from]}=${want[ctx.from]} (data plane, endpoints tried in turn)`,
          );
        }
        const s = this.routingSwitch();
        const body = this.switchBody(ctx);
        const why = rc
          ? "the storefronts' write fence"
          : "the PRIMARY record's calculated health check and the storefronts' write fence follow";
        lines.push(
          `s3@${s.region} GetObject ${s.bucket}/${s.key} → skip if it already says ${body}`,
          `s3@${s.region} PutObject ${s.bucket}/${s.key} "${body}" (data plane: ${why})`,
        );
        return lines;
      }
      case "drain-traffic":
        return this.desiredDials(ctx).map(
          (d) =>
            `globalaccelerator@${GLOBAL_ACCELERATOR_REGION} UpdateEndpointGroup ${d.region} TrafficDialPercentage=${d.dial}`,
        );
      case "set-region-role":
        return this.profile.regionRoleEnv === "auto"
          ? [
              `GET https://${this.inputs.domainName}/topology → wait until region=${ctx.to} role=primary writable=true (REGION_ROLE=auto follows the global writer's region; the fence follows the switch)`,
            ]
          : [
              `no call: REGION_ROLE=${this.profile.regionRoleEnv} is set on every task of this tier`,
            ];
      case "verify-health":
        return [
          `GET https://${this.inputs.domainName}/health/deep → wait until 200, status ok|degraded, region=${ctx.to}`,
        ];
    }
  }

  // ---------------------------------------------------------------- helpers

  private region(name: string): RegionInputs {
    const r = this.inputs.regions[name];
    if (!r) throw new Error(`no stack outputs for region ${name}`);
    return r;
  }

  private sleep(ctx: StepContext): Promise<void> {
    return new Promise((resolve, reject) => {
      if (ctx.signal.aborted) return reject(ctx.signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(ctx.signal.reason);
      };
      const timer = setTimeout(() => {
        ctx.signal.removeEventListener("abort", onAbort);
        resolve();
      }, this.pollMs);
      ctx.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Polls `check` (undefined = satisfied, else a status line) until it holds; the step's timeout bounds it. */
  private async waitUntil(
    ctx: StepContext,
    what: string,
    check: () => Promise<string | undefined>,
  ): Promise<void> {
    let last: string | undefined;
    for (;;) {
      const status = await check();
      if (status === undefined) return;
      if (status !== last) ctx.log(`  waiting for ${what}: ${status}`);
      last = status;
      await this.sleep(ctx);
    }
  }

  // ---------------------------------------------------------------- check-target-health

  private async checkTargetHealth(ctx: StepContext): Promise<void> {
    const to = this.region(ctx.to);
    if (!to.albArn || !to.ecsClusterArn || !to.dbClusterArn) {
      // Backup-restore: the region exists once the rebuild's `pulumi up` has run (the CLI prints how).
      throw new Error(
        `${ctx.to} runs no platform yet (stack ${to.stack} exports no ALB, ECS cluster or DB cluster): rebuild it with ` +
          `securecart:rebuildFromSnapshot and pulumi up --stack ${to.stack}, then re-run this command`,
      );
    }
    const opts = { abortSignal: ctx.signal };
    const problems: string[] = [];
    const probe = async (what: string, read: () => Promise<string | undefined>) => {
      try {
        const problem = await read();
        if (problem) problems.push(`${what} ${problem}`);
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        problems.push(`${what} unreadable (${(e as Error).message})`);
      }
    };
    await probe(`ALB ${arnName(to.albArn)}`, async () => {
      const r = await this.clients
        .elbv2(ctx.to)
        .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [to.albArn!] }), opts);
      const code = r.LoadBalancers?.[0]?.State?.Code;
      return code === "active" ? undefined : `is ${code ?? "missing"}`;
    });
    await probe(`ECS cluster ${arnName(to.ecsClusterArn)}`, async () => {
      const r = await this.clients
        .ecs(ctx.to)
        .send(new DescribeClustersCommand({ clusters: [to.ecsClusterArn!] }), opts);
      const status = r.clusters?.[0]?.status;
      return status === "ACTIVE" ? undefined : `is ${status ?? "missing"}`;
    });
    await probe(`DB cluster ${arnName(to.dbClusterArn)}`, async () => {
      const r = await this.clients
        .rds(ctx.to)
        .send(new DescribeDBClustersCommand({ DBClusterIdentifier: to.dbClusterArn }), opts);
      const status = r.DBClusters?.[0]?.Status;
      return status === "available" ? undefined : `is ${status ?? "missing"}`;
    });
    if (problems.length)
      throw new Error(`target region ${ctx.to} is not healthy: ${problems.join("; ")}`);

    // Failback precondition: the old primary's cluster has rejoined the global database and caught up. A
    // switchover to a member still re-synchronising would fail, or lose what the recovery region wrote.
    if (ctx.direction === "failback" && this.profile.databaseReplication === "aurora-global") {
      await this.waitUntil(ctx, `${ctx.to} to rejoin as a synchronised secondary`, async () => {
        const g = await this.globalCluster(ctx);
        const member = g.GlobalClusterMembers?.find((m) => m.DBClusterArn === to.dbClusterArn);
        if (!member)
          return `${arnName(to.dbClusterArn)} is not a member of ${this.inputs.globalClusterId} yet`;
        if (member.IsWriter) return undefined; // already promoted: a resumed run
        if (member.SynchronizationStatus !== "connected")
          return `synchronisation ${member.SynchronizationStatus ?? "unknown"}`;
        if (g.Status !== "available") return `global cluster ${g.Status}`;
        return undefined;
      });
      await this.preserveFailoverSnapshot(ctx);
    }
    ctx.log(`  ${ctx.to} is healthy: ALB active, ECS cluster ACTIVE, DB cluster available`);
  }

  // ---------------------------------------------------------------- scale-compute

  private async computeState(
    ctx: StepContext,
  ): Promise<{ asg: AutoScalingGroup; service: Service; healthy: boolean; status: string }> {
    const to = this.region(ctx.to);
    const cap = this.inputs.capacity;
    const opts = { abortSignal: ctx.signal };
    const a = await this.clients
      .autoScaling(ctx.to)
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [to.asgName!] }), opts);
    const asg = a.AutoScalingGroups?.[0];
    if (!asg) throw new Error(`auto scaling group ${to.asgName} not found in ${ctx.to}`);
    const s = await this.clients
      .ecs(ctx.to)
      .send(
        new DescribeServicesCommand({ cluster: to.ecsClusterArn, services: [to.ecsServiceName!] }),
        opts,
      );
    const service = s.services?.[0];
    if (!service) throw new Error(`ECS service ${to.ecsServiceName} not found in ${ctx.to}`);
    const inService = (asg.Instances ?? []).filter(
      (i) => i.LifecycleState === "InService" && i.HealthStatus === "Healthy",
    ).length;
    const running = service.runningCount ?? 0;
    const healthy =
      (asg.DesiredCapacity ?? 0) >= cap &&
      inService >= cap &&
      (service.desiredCount ?? 0) >= cap &&
      running >= cap;
    return {
      asg,
      service,
      healthy,
      status: `${inService}/${cap} instances in service, ${running}/${cap} tasks running`,
    };
  }

  private async scaleCompute(ctx: StepContext): Promise<void> {
    const to = this.region(ctx.to);
    const cap = this.inputs.capacity;
    const opts = { abortSignal: ctx.signal };
    const { asg, service } = await this.computeState(ctx);
    // Instances first: the capacity provider places the new tasks on them.
    if ((asg.DesiredCapacity ?? 0) < cap) {
      await this.clients.autoScaling(ctx.to).send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: to.asgName,
          // Only what `pulumi up` ignores (desiredCapacity); the tier's minSize stays as planned. MaxSize is
          // raised only if the tier's ceiling is below full capacity, which the program never plans.
          MaxSize: Math.max(asg.MaxSize ?? 0, cap),
          DesiredCapacity: cap,
        }),
        opts,
      );
      ctx.log(`  ${to.asgName}: desired ${asg.DesiredCapacity ?? 0} → ${cap}`);
    }
    if ((service.desiredCount ?? 0) < cap) {
      await this.clients.ecs(ctx.to).send(
        new UpdateServiceCommand({
          cluster: to.ecsClusterArn,
          service: to.ecsServiceName,
          desiredCount: cap,
        }),
        opts,
      );
      ctx.log(`  ${to.ecsServiceName}: desired ${service.desiredCount ?? 0} → ${cap}`);
    }
    await this.waitUntil(ctx, `${ctx.to} compute at ${cap}`, async () => {
      const s = await this.computeState(ctx);
      return s.healthy ? undefined : s.status;
    });
  }

  // ---------------------------------------------------------------- scale-database

  private databaseScaling(ctx: StepContext) {
    const arn = this.region(ctx.to).dbClusterArn!;
    return scaleDatabaseState(
      this.clients.rds(ctx.to),
      arn,
      this.profile.recovery.databaseCapacity,
      ctx,
    );
  }

  private async scaleDatabase(ctx: StepContext): Promise<void> {
    const arn = this.region(ctx.to).dbClusterArn!;
    await raiseFloor(this.clients.rds(ctx.to), arn, await this.databaseScaling(ctx), ctx);
    await this.waitUntil(ctx, `${arnName(arn)} at its failover floor`, async () => {
      const s = await this.databaseScaling(ctx);
      return s.done ? undefined : s.status;
    });
  }

  // ---------------------------------------------------------------- promote-database

  private async globalCluster(ctx: StepContext): Promise<GlobalCluster> {
    // Described through the target region's endpoint: every member region answers for the global cluster.
    const r = await this.clients
      .rds(ctx.to)
      .send(
        new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: this.inputs.globalClusterId }),
        { abortSignal: ctx.signal },
      );
    const g = r.GlobalClusters?.[0];
    if (!g)
      throw new Error(`global cluster ${this.inputs.globalClusterId} not found (asked ${ctx.to})`);
    return g;
  }

  private writerIsTarget(g: GlobalCluster, ctx: StepContext): boolean {
    const writer = g.GlobalClusterMembers?.find((m) => m.IsWriter);
    return writer?.DBClusterArn === this.region(ctx.to).dbClusterArn && !g.FailoverState?.Status;
  }

  /**
   * Whether the old writer still answers: its region's /health/deep, reached through that region's ALB, says the
   * orders database is up (DESIGN decision 5). Only a definite answer counts: `true` after one 200 with
   * `checks.orders.ok`, `false` after every try failed to connect or answered that the database is down.
   */
  private async oldWriterAnswers(ctx: StepContext, triedAlready = 0): Promise<boolean> {
    const via = this.region(ctx.from).albDnsName!;
    const url = `https://${this.inputs.domainName}/health/deep`;
    for (let i = triedAlready + 1; i <= OLD_WRITER_PROBES; i++) {
      try {
        const r = await this.httpGet(url, ctx.signal, via);
        const orders = (r.body as { checks?: { orders?: { ok?: boolean } } } | undefined)?.checks
          ?.orders?.ok;
        if (r.status === 200 && orders === true) {
          ctx.log(`  old writer ${ctx.from} answers (try ${i}): switchover, no data loss`);
          return true;
        }
        ctx.log(
          `  old writer ${ctx.from}: HTTP ${r.status}, orders ${orders === false ? "down" : "unknown"} (try ${i})`,
        );
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        ctx.log(`  old writer ${ctx.from}: unreachable (${(e as Error).message}) (try ${i})`);
      }
    }
    return false;
  }

  /**
   * The target cluster's replication lag behind the old writer, from CloudWatch in the target region
   * (AuroraGlobalDBReplicationLag, ms, reported by each secondary cluster: "Monitoring Aurora global databases",
   * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-monitoring.html).
   * `undefined` when it cannot be measured: no datapoint, or the call failed.
   */
  private async measuredLagSeconds(ctx: StepContext): Promise<number | undefined> {
    const to = this.region(ctx.to);
    const end = new Date();
    try {
      const r = await this.clients.cloudWatch(ctx.to).send(
        new GetMetricDataCommand({
          StartTime: new Date(end.getTime() - LAG_WINDOW_MINUTES * 60_000),
          EndTime: end,
          MetricDataQueries: [
            {
              Id: "lag",
              MetricStat: {
                Metric: {
                  Namespace: "AWS/RDS",
                  MetricName: "AuroraGlobalDBReplicationLag",
                  Dimensions: [{ Name: "DBClusterIdentifier", Value: arnName(to.dbClusterArn) }],
                },
                Period: 60,
                Stat: "Maximum",
              },
            },
          ],
        }),
        { abortSignal: ctx.signal },
      );
      const values = r.MetricDataResults?.[0]?.Values ?? [];
      if (values.length === 0) return undefined;
      return Math.max(...values) / 1000;
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      ctx.log(`  replication lag of ${ctx.to} unreadable (${(e as Error).message})`);
      return undefined;
    }
  }

  /** Switchover, data-loss failover, or a refusal that names --allow-data-loss (see the rules at the top). */
  private async chooseFailover(
    ctx: StepContext,
    triedAlready: number,
  ): Promise<"switchover" | "failover"> {
    if (this.options.allowDataLoss) return "failover";
    if (await this.oldWriterAnswers(ctx, triedAlready)) return "switchover";
    const lag = await this.measuredLagSeconds(ctx);
    const rpoSeconds = this.profile.targets.rpoMinutes * 60;
    if (lag !== undefined && lag <= rpoSeconds) {
      ctx.log(
        `  old writer unreachable; ${ctx.to} lags ${lag} s, within the tier's RPO of ${rpoSeconds} s: failover`,
      );
      return "failover";
    }
    throw new Error(
      `the old writer in ${ctx.from} does not answer, and ${ctx.to}'s replication lag is ` +
        `${lag === undefined ? "unknown" : `${lag} s, above the tier's RPO of ${rpoSeconds} s`}: a failover could lose more than the ` +
        `contract allows. Re-run with --allow-data-loss to accept that, or wait for the old region.`,
    );
  }

  /** Whether this tier's switch-routing runs before promotion, so the old region is fenced by the switch by now. */
  private fencedBySwitch(ctx: StepContext): boolean {
    const steps = stepsFor(this.inputs.tier, ctx.direction);
    return (
      steps.includes("switch-routing") &&
      steps.indexOf("switch-routing") < steps.indexOf("promote-database")
    );
  }

  /**
   * The fence before promotion (DESIGN decision 15). switch-routing has told the old region's storefront to stop
   * taking writes (it polls the switch object); this waits, a few polls at most, until that region says so on
   * /topology, so nothing is written there after the point the promotion keeps. A region that does not answer
   * has nothing to fence from here: if its writer is gone, so are its writes; if it is only cut off from us,
   * chooseFailover will not call that a dead writer without evidence. It never blocks the failover: a storefront
   * that still writes (it cannot reach the switch) is demoted by Aurora's switchover, which the decision then picks.
   */
  private async awaitFence(
    ctx: StepContext,
  ): Promise<"fenced" | "unreachable" | "writable" | "no-switch"> {
    if (!this.fencedBySwitch(ctx)) return "no-switch";
    const via = this.region(ctx.from).albDnsName;
    const url = `https://${this.inputs.domainName}/topology`;
    for (let i = 1; i <= FENCE_PROBES; i++) {
      let body: { writable?: unknown; fence?: { state?: unknown } } | undefined;
      try {
        const r = await this.httpGet(url, ctx.signal, via);
        body = r.status === 200 ? (r.body as typeof body) : undefined;
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        ctx.log(
          `  fence: ${ctx.from} does not answer (${(e as Error).message}): nothing to fence from here`,
        );
        return "unreachable";
      }
      if (body?.writable === false) {
        ctx.log(`  fence: ${ctx.from} refuses writes (fence ${String(body.fence?.state ?? "?")})`);
        return "fenced";
      }
      ctx.log(`  fence: ${ctx.from} still takes writes (read ${i} of ${FENCE_PROBES})`);
      if (i < FENCE_PROBES) await this.sleep(ctx);
    }
    ctx.log(
      `  fence: ${ctx.from} still takes writes (its tasks may not reach the switch); promoting anyway, see above`,
    );
    return "writable";
  }

  /**
   * After a managed failover, Aurora rebuilds the old primary's cluster as a secondary once its region is back,
   * and first tries to snapshot the old volume as `rds:unplanned-global-failover-<cluster>-<time>`: the writes
   * the failover lost are in it. It is an automated snapshot, deleted with the cluster's backup retention, so the
   * failback copies it to a manual one for reconciliation ("Recovering an Amazon Aurora global database from an
   * unplanned outage": https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html).
   * Called on failback, against the old primary's region, which is the target and healthy by then.
   */
  private async preserveFailoverSnapshot(ctx: StepContext): Promise<void> {
    const cluster = arnName(this.region(ctx.to).dbClusterArn);
    const rds = this.clients.rds(ctx.to);
    const opts = { abortSignal: ctx.signal };
    const r = await rds.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: cluster }),
      opts,
    );
    const snapshots = r.DBClusterSnapshots ?? [];
    const have = new Set(snapshots.map((s) => s.DBClusterSnapshotIdentifier));
    for (const s of snapshots) {
      const id = s.DBClusterSnapshotIdentifier ?? "";
      if (!id.startsWith(UNPLANNED_FAILOVER_SNAPSHOT) || s.Status !== "available") continue;
      // A manual snapshot's id: letters, digits and hyphens, starting with a letter (no "rds:").
      const copy = id.slice("rds:".length).replace(/[^A-Za-z0-9-]/g, "-");
      if (have.has(copy)) continue;
      await rds.send(
        new CopyDBClusterSnapshotCommand({
          SourceDBClusterSnapshotIdentifier: id,
          TargetDBClusterSnapshotIdentifier: copy,
          CopyTags: true,
        }),
        opts,
      );
      ctx.log(
        `  ${id} copied to manual snapshot ${copy}: the writes the failover lost, for reconciliation`,
      );
    }
  }

  private async promoteDatabase(ctx: StepContext): Promise<void> {
    const target = this.region(ctx.to).dbClusterArn!;
    const gid = this.inputs.globalClusterId!;
    const g = await this.globalCluster(ctx);
    const writer = g.GlobalClusterMembers?.find((m) => m.IsWriter)?.DBClusterArn;
    if (g.FailoverState?.Status) {
      // A switchover or failover is already under way (e.g. started by a run that crashed): wait for it instead.
      ctx.log(
        `  ${g.FailoverState.Status} to ${g.FailoverState.ToDbClusterArn} already in progress`,
      );
    } else if (writer !== target) {
      const rds = this.clients.rds(ctx.to);
      // A fence read that found the region unreachable is the first failed try of the old-writer check.
      const triedAlready = (await this.awaitFence(ctx)) === "unreachable" ? 1 : 0;
      if ((await this.chooseFailover(ctx, triedAlready)) === "switchover") {
        await rds.send(
          new SwitchoverGlobalClusterCommand({
            GlobalClusterIdentifier: gid,
            TargetDbClusterIdentifier: target,
          }),
          {
            abortSignal: ctx.signal,
          },
        );
        ctx.log(`  switchover of ${gid} to ${arnName(target)} started (no data loss)`);
      } else {
        await rds.send(
          new FailoverGlobalClusterCommand({
            GlobalClusterIdentifier: gid,
            TargetDbClusterIdentifier: target,
            AllowDataLoss: true,
          }),
          { abortSignal: ctx.signal },
        );
        ctx.log(`  failover of ${gid} to ${arnName(target)} started (AllowDataLoss)`);
      }
    }
    await this.waitUntil(ctx, `${arnName(target)} to become the writer`, async () => {
      const now = await this.globalCluster(ctx);
      if (this.writerIsTarget(now, ctx)) return undefined;
      return (
        now.FailoverState?.Status ??
        `writer is ${now.GlobalClusterMembers?.find((m) => m.IsWriter)?.DBClusterArn ?? "none"}`
      );
    });
  }

  // ---------------------------------------------------------------- switch-routing

  private routingSwitch() {
    const s = this.inputs.routingSwitch;
    if (!s)
      throw new Error(
        "the stack outputs have no routing switch (routingSwitchBucket): redeploy the primary stack",
      );
    return s;
  }

  /**
   * The switch says `primary=on` while the primary stack's region may serve: failing away from it writes
   * `primary=off`, failing back writes `primary=on`. The PRIMARY record's CALCULATED health check needs both its
   * deep check and the switch, so Route 53 then answers with the SECONDARY (components/traffic/routingSwitch.ts).
   */
  private switchBody(ctx: StepContext): string {
    return ctx.to === this.inputs.primaryRegion ? SWITCH_ON : SWITCH_OFF;
  }

  /**
   * What the ARC routing controls should say. Each gates its own region's failover record
   * (components/traffic/arcRoutingControl.ts). Failing over turns the target On and the old primary Off, so the
   * PRIMARY's gate fails and Route 53 answers with the SECONDARY. Failing back restores the steady state, both On:
   * the PRIMARY answers while healthy, and the SECONDARY stays ready to take over when the PRIMARY's deep check
   * fails. Left Off, it could not: with both records unhealthy Route 53 answers with the PRIMARY ("How health
   * checks work in failover configurations": https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html).
   */
  private desiredControls(ctx: StepContext): Record<string, "On" | "Off"> {
    return { [ctx.to]: "On", [ctx.from]: ctx.direction === "failover" ? "Off" : "On" };
  }

  /** What switch-routing still has to change: ARC routing controls (when on) and the switch object (always: the fence). */
  private async routingMismatches(ctx: StepContext): Promise<string[]> {
    return [...(await this.controlMismatches(ctx)), ...(await this.switchMismatches(ctx))];
  }

  private async controlMismatches(ctx: StepContext): Promise<string[]> {
    const rc = this.inputs.routingControl;
    if (!rc) return [];
    const want = this.desiredControls(ctx);
    const wrong: string[] = [];
    for (const [region, state] of Object.entries(want)) {
      const arn = rc.routingControlArns[region];
      const r = await this.onArcEndpoint(ctx, (c) =>
        c.send(new GetRoutingControlStateCommand({ RoutingControlArn: arn }), {
          abortSignal: ctx.signal,
        }),
      );
      if (r.RoutingControlState !== state)
        wrong.push(`routing control of ${region} is ${r.RoutingControlState ?? "unknown"}`);
    }
    return wrong;
  }

  private async switchMismatches(ctx: StepContext): Promise<string[]> {
    const s = this.routingSwitch();
    const r = await this.clients
      .s3(s.region)
      .send(new GetObjectCommand({ Bucket: s.bucket, Key: s.key }), { abortSignal: ctx.signal });
    const body = ((await r.Body?.transformToString()) ?? "").trim();
    return body === this.switchBody(ctx) ? [] : [`${s.bucket}/${s.key} says "${body}"`];
  }

  /**
   * ARC's data plane is five regional endpoints; any one answers. Try them in turn, as AWS recommends, the
   * failing region's last: it is the one most likely to hang a call.
   */
  private arcEndpoints(ctx: StepContext): readonly { endpoint: string; region: string }[] {
    const all = this.inputs.routingControl!.clusterEndpoints;
    return [
      ...all.filter((e) => e.region !== ctx.from),
      ...all.filter((e) => e.region === ctx.from),
    ];
  }

  private async onArcEndpoint<T>(
    ctx: StepContext,
    call: (c: ReturnType<AwsClients["routingControl"]>) => Promise<T>,
  ): Promise<T> {
    const errors: string[] = [];
    for (const e of this.arcEndpoints(ctx)) {
      try {
        return await call(this.clients.routingControl(e.endpoint, e.region));
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        errors.push(`${e.region}: ${(err as Error).message}`);
      }
    }
    throw new Error(`no ARC cluster endpoint answered (${errors.join("; ")})`);
  }

  private async switchRouting(ctx: StepContext): Promise<void> {
    const rc = this.inputs.routingControl;
    // Both writes are idempotent (the same states, the same body), so a repeated apply changes nothing.
    if (rc) {
      const want = this.desiredControls(ctx);
      // One transaction, so the safety rule (at least one On) judges the end state, not a half-done flip.
      await this.onArcEndpoint(ctx, (c) =>
        c.send(
          new UpdateRoutingControlStatesCommand({
            UpdateRoutingControlStateEntries: [ctx.to, ctx.from].map((r) => ({
              RoutingControlArn: rc.routingControlArns[r],
              RoutingControlState: want[r],
            })),
          }),
          { abortSignal: ctx.signal },
        ),
      );
      ctx.log(`  ARC routing control: ${ctx.to} ${want[ctx.to]}, ${ctx.from} ${want[ctx.from]}`);
    }
    // The switch object: the PRIMARY's gate without ARC, and the storefronts' write fence in every case.
    const s = this.routingSwitch();
    const body = this.switchBody(ctx);
    await this.clients.s3(s.region).send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: s.key,
        Body: body,
        ContentType: "text/plain",
        CacheControl: "no-store",
      }),
      { abortSignal: ctx.signal },
    );
    ctx.log(`  routing switch ${s.bucket}/${s.key} (${s.region}): ${body}`);
  }

  // ---------------------------------------------------------------- drain-traffic (Global Accelerator)

  /** Failover drains the failed region (dial 0); failback restores the 100/100 of active-active. */
  private desiredDials(ctx: StepContext): { region: string; dial: number }[] {
    return [
      { region: ctx.to, dial: 100 },
      { region: ctx.from, dial: ctx.direction === "failover" ? 0 : 100 },
    ];
  }

  private async endpointGroups(ctx: StepContext): Promise<EndpointGroup[]> {
    const groups: EndpointGroup[] = [];
    let token: string | undefined;
    do {
      const r = await this.clients.globalAccelerator().send(
        new ListEndpointGroupsCommand({
          ListenerArn: this.inputs.acceleratorListenerArn,
          NextToken: token,
        }),
        { abortSignal: ctx.signal },
      );
      groups.push(...(r.EndpointGroups ?? []));
      token = r.NextToken;
    } while (token);
    return groups;
  }

  private async dialMismatches(
    ctx: StepContext,
  ): Promise<{ arn: string; region: string; dial: number }[]> {
    const groups = await this.endpointGroups(ctx);
    return this.desiredDials(ctx).flatMap((d) => {
      const g = groups.find((x) => x.EndpointGroupRegion === d.region);
      if (!g?.EndpointGroupArn)
        throw new Error(
          `no endpoint group for ${d.region} on ${this.inputs.acceleratorListenerArn}`,
        );
      return (g.TrafficDialPercentage ?? 100) === d.dial ? [] : [{ arn: g.EndpointGroupArn, ...d }];
    });
  }

  private async drainTraffic(ctx: StepContext): Promise<void> {
    // The region taking over is raised first, so there is never a moment with both dials at 0.
    for (const m of await this.dialMismatches(ctx)) {
      await this.clients.globalAccelerator().send(
        new UpdateEndpointGroupCommand({
          EndpointGroupArn: m.arn,
          TrafficDialPercentage: m.dial,
        }),
        { abortSignal: ctx.signal },
      );
      ctx.log(`  Global Accelerator dial of ${m.region}: ${m.dial}`);
    }
  }

  // ---------------------------------------------------------------- set-region-role, verify-health

  /**
   * The storefront's REGION_ROLE=auto derives the role from the global writer's region every few seconds (DESIGN
   * decision 4; on Aurora, aurora_global_db_instance_status()), so there is nothing to set: the promoted database
   * already promotes every task. This step verifies that through /topology (role primary, region = target, and
   * not fenced by the routing switch) rather than trusting it, because such a task refuses every order with 503. Tiers that set REGION_ROLE=primary explicitly
   * (active-active) have nothing to verify: the step is a no-op with a log line.
   */
  private async topologyProblem(ctx: StepContext): Promise<string | undefined> {
    const url = `https://${this.inputs.domainName}/topology`;
    try {
      const r = await this.httpGet(url, ctx.signal);
      const b = (r.body ?? {}) as { region?: unknown; role?: unknown; writable?: unknown };
      if (r.status !== 200) return `${url} answered ${r.status}`;
      if (b.region !== ctx.to || b.role !== "primary")
        return `${url}: region ${String(b.region)}, role ${String(b.role)}`;
      // A storefront without the fence field (older image) is judged by its role alone.
      if (b.writable === false)
        return `${url}: ${String(b.region)} is primary but fenced (the switch does not name it yet)`;
      return undefined;
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      return `${url}: ${(e as Error).message}`;
    }
  }

  private async setRegionRole(ctx: StepContext): Promise<void> {
    if (this.profile.regionRoleEnv !== "auto") {
      ctx.log(
        `  no-op: REGION_ROLE=${this.profile.regionRoleEnv} is set explicitly on every task of ${this.inputs.tier}`,
      );
      return;
    }
    await this.waitUntil(ctx, `${ctx.to} tasks to take the primary role`, () =>
      this.topologyProblem(ctx),
    );
  }

  private async verifyHealth(ctx: StepContext): Promise<void> {
    if (!this.region(ctx.to).albArn) {
      throw new Error(
        `${ctx.to} serves nothing yet: run the pulumi steps printed by the runbook, reload the outputs, then re-run it to resume here`,
      );
    }
    const url = `https://${this.inputs.domainName}/health/deep`;
    // Active-active failback ends with both regions serving: either may answer, depending on where we are.
    const regions =
      recoveryTakesTraffic(this.profile) && ctx.direction === "failback"
        ? [ctx.to, ctx.from]
        : [ctx.to];
    await this.waitUntil(ctx, `${url} to answer ok from ${regions.join(" or ")}`, async () => {
      try {
        const r = await this.httpGet(url, ctx.signal);
        const b = (r.body ?? {}) as { status?: unknown; region?: unknown };
        if (r.status !== 200) return `HTTP ${r.status} (${String(b.status)})`;
        if (b.status !== "ok" && b.status !== "degraded") return `status ${String(b.status)}`;
        if (!regions.includes(String(b.region))) return `answered from ${String(b.region)}`;
        ctx.log(`  ${url}: ${b.status} from ${b.region}`);
        return undefined;
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        return (e as Error).message;
      }
    });
  }

  // ---------------------------------------------------------------- restore-backups (backup-restore)

  /**
   * The restored catalog takes the primary's table name: the rebuilt region's task role was made ahead of time
   * for exactly that table (components/resilience/rebuildReadiness.ts).
   */
  restoredName(_type: (typeof RESTORED_TYPES)[number]): string {
    return this.inputs.regions[this.inputs.primaryRegion].catalogTableName ?? "";
  }

  private async latestRecoveryPoint(
    ctx: StepContext,
    type: RestoredType,
  ): Promise<RecoveryPointByBackupVault> {
    const vault = this.region(ctx.to).vaultName!;
    const points: RecoveryPointByBackupVault[] = [];
    let token: string | undefined;
    do {
      const r = await this.clients.backup(ctx.to).send(
        new ListRecoveryPointsByBackupVaultCommand({
          BackupVaultName: vault,
          ByResourceType: type,
          NextToken: token,
        }),
        {
          abortSignal: ctx.signal,
        },
      );
      points.push(...(r.RecoveryPoints ?? []));
      token = r.NextToken;
    } while (token);
    const completed = points.filter((p) => p.Status === "COMPLETED" && p.RecoveryPointArn);
    completed.sort((a, b) => (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0));
    if (!completed[0])
      throw new Error(`no completed ${type} recovery point in backup vault ${vault} (${ctx.to})`);
    return completed[0];
  }

  private async restoreJobs(
    ctx: StepContext,
    point: RecoveryPointByBackupVault,
    type: RestoredType,
  ): Promise<RestoreJobsListMember[]> {
    const jobs: RestoreJobsListMember[] = [];
    let token: string | undefined;
    do {
      const r = await this.clients.backup(ctx.to).send(
        new ListRestoreJobsCommand({
          ByResourceType: type,
          ByCreatedAfter: point.CreationDate,
          NextToken: token,
        }),
        {
          abortSignal: ctx.signal,
        },
      );
      jobs.push(...(r.RestoreJobs ?? []));
      token = r.NextToken;
    } while (token);
    return jobs.filter((j) => j.RecoveryPointArn === point.RecoveryPointArn);
  }

  private async restoreProgress(ctx: StepContext) {
    // The rebuild's input: without an Aurora recovery point there is nothing to rebuild the orders from.
    const aurora = await this.latestRecoveryPoint(ctx, "Aurora");
    this.rebuildSnapshot = { arn: aurora.RecoveryPointArn!, created: aurora.CreationDate };
    const out: {
      type: (typeof RESTORED_TYPES)[number];
      point: RecoveryPointByBackupVault;
      jobs: RestoreJobsListMember[];
      completed: boolean;
    }[] = [];
    for (const type of RESTORED_TYPES) {
      const point = await this.latestRecoveryPoint(ctx, type);
      const jobs = await this.restoreJobs(ctx, point, type);
      out.push({ type, point, jobs, completed: jobs.some((j) => j.Status === "COMPLETED") });
    }
    return out;
  }

  private async restoreBackups(ctx: StepContext): Promise<void> {
    const b = this.clients.backup(ctx.to);
    const vault = this.region(ctx.to).vaultName!;
    const waiting: { type: (typeof RESTORED_TYPES)[number]; jobId: string }[] = [];
    for (const p of await this.restoreProgress(ctx)) {
      if (p.completed) continue;
      const running = p.jobs.find((j) => IN_FLIGHT_RESTORE.has(String(j.Status)) && j.RestoreJobId);
      if (running) {
        waiting.push({ type: p.type, jobId: running.RestoreJobId! });
        continue;
      }
      const meta = await b.send(
        new GetRecoveryPointRestoreMetadataCommand({
          BackupVaultName: vault,
          RecoveryPointArn: p.point.RecoveryPointArn,
        }),
        { abortSignal: ctx.signal },
      );
      const name = this.restoredName(p.type);
      const overrides: Record<string, string> = { targetTableName: name };
      const started = await b.send(
        new StartRestoreJobCommand({
          RecoveryPointArn: p.point.RecoveryPointArn,
          ResourceType: p.type,
          IamRoleArn: p.point.IamRoleArn,
          Metadata: { ...(meta.RestoreMetadata ?? {}), ...overrides },
          // The same recovery point gives the same token, so a retried call cannot start a second restore.
          IdempotencyToken: createHash("sha256")
            .update(p.point.RecoveryPointArn!)
            .digest("hex")
            .slice(0, 32),
        }),
        { abortSignal: ctx.signal },
      );
      ctx.log(
        `  restore of ${p.type} ${name} from ${p.point.CreationDate?.toISOString() ?? "?"} started: job ${started.RestoreJobId}`,
      );
      waiting.push({ type: p.type, jobId: started.RestoreJobId! });
    }
    for (const w of waiting) {
      await this.waitUntil(ctx, `${w.type} restore job ${w.jobId}`, async () => {
        const j = await b.send(new DescribeRestoreJobCommand({ RestoreJobId: w.jobId }), {
          abortSignal: ctx.signal,
        });
        if (j.Status === "COMPLETED") return undefined;
        if (j.Status === "FAILED" || j.Status === "ABORTED") {
          throw new Error(`${w.type} restore job ${w.jobId} ${j.Status}: ${j.StatusMessage ?? ""}`);
        }
        return `${j.Status ?? "?"} ${j.PercentDone ?? ""}`.trim();
      });
    }
    const snap = this.rebuildSnapshot!;
    ctx.log(
      `  the orders database is rebuilt from the Aurora recovery point of ${snap.created?.toISOString() ?? "?"}: ${snap.arn}`,
    );
  }
}

/**
 * A small stateful fake of the AWS APIs the runbook calls, on aws-sdk-client-mock: writes change the fake
 * state, reads report it, and every call is recorded in order as `service@region Command`, so tests can assert
 * the exact sequence, that a re-run writes nothing, and which region's endpoint each call went to.
 *
 * Faults last: a region in `down` fails every call to its endpoints and every probe of its ALB for the whole
 * run, as a regional outage does; `failOnce` fails one call. Route 53's API would be down with us-east-1 (it is
 * served from there: AWS Fault Isolation Boundaries, "global services"), which is why the runbook never calls it.
 */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsCommand,
  StartRestoreJobCommand,
} from "@aws-sdk/client-backup";
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  GlobalAcceleratorClient,
  ListEndpointGroupsCommand,
  UpdateEndpointGroupCommand,
} from "@aws-sdk/client-global-accelerator";
import {
  CopyDBClusterSnapshotCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  ModifyDBClusterCommand,
  RDSClient,
  SwitchoverGlobalClusterCommand,
} from "@aws-sdk/client-rds";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  GetRoutingControlStateCommand,
  Route53RecoveryClusterClient,
  UpdateRoutingControlStatesCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DrTier, failsOverOnDeepHealth, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { HttpGet } from "../../scripts/failover/awsDriver";

export const US = "us-east-1";
export const EU = "eu-west-1";
const ACCOUNT = "123456789012";

const dbArn = (r: string) => `arn:aws:rds:${r}:${ACCOUNT}:cluster:securecart-orders-db-cluster`;
const asgArn = (r: string) =>
  `arn:aws:autoscaling:${r}:${ACCOUNT}:autoScalingGroup:0000:autoScalingGroupName/securecart-ecs-hosts-${r}`;
const albDns = (r: string) => `shop-1.${r}.elb.amazonaws.com`;
const SWITCH = { bucket: "securecart-routing-switch", key: "routing/primary" };
const gaGroup = (r: string) =>
  `arn:aws:globalaccelerator::${ACCOUNT}:accelerator/a/listener/l/endpoint-group/${r}`;

/** Both stacks' outputs, as `pulumi stack output --json` gives them (keys from components/tiers/composeRegion.ts). */
export function stackOutputs(
  tier: DrTier,
  opts: { recoveryServes?: boolean; arc?: boolean } = {},
): Record<string, Record<string, unknown>> {
  const serving = (region: string, role: string): Record<string, unknown> => ({
    drTier: tier,
    role,
    region,
    domainName: "shop.example.test",
    capacity: 3,
    globalClusterId: "orders-global",
    dbClusterArn: dbArn(region),
    catalogTableName: "catalog",
    primaryVaultName: `vault-${region}`,
    albArn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/shop/1`,
    albDnsName: albDns(region),
    acceleratorListenerArn:
      tier === "active-active"
        ? "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/l"
        : "",
    asgArn: asgArn(region),
    ecsClusterArn: `arn:aws:ecs:${region}:${ACCOUNT}:cluster/shop`,
    ecsServiceName: "storefront",
    ecsServiceArn: `arn:aws:ecs:${region}:${ACCOUNT}:service/shop/storefront`,
  });
  const primary = serving(US, "primary");
  // ARC routing controls replace the S3 switch as the records' gate; the switch object stays, as the write fence.
  if (TIER_PROFILES[tier].frontDoor === "failover-records") {
    Object.assign(primary, {
      routingSwitchBucket: SWITCH.bucket,
      routingSwitchKey: SWITCH.key,
      routingSwitchRegion: EU,
    });
  }
  if (opts.arc) {
    primary.arcClusterEndpoints = [
      {
        endpoint: "https://aaa.route53-recovery-cluster.us-west-2.amazonaws.com/v1",
        region: "us-west-2",
      },
      { endpoint: "https://bbb.route53-recovery-cluster.eu-west-1.amazonaws.com/v1", region: EU },
    ];
    primary.routingControlArns = { [US]: "arn:rc/us", [EU]: "arn:rc/eu" };
  }
  const recovery =
    tier === "backup-restore" && !opts.recoveryServes
      ? {
          drTier: tier,
          role: "recovery",
          region: EU,
          drVaultArn: `arn:aws:backup:${EU}:${ACCOUNT}:backup-vault:dr-vault`,
          assetsBucketName: "b",
        }
      : serving(EU, "recovery");
  return { "prod-us-east-1": primary, "prod-eu-west-1": recovery };
}

/**
 * A recovery point's ARN as AWS Backup gives it: for Aurora, the cluster snapshot's ARN (RDS snapshots are AWS
 * Backup's recovery points for RDS and Aurora: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RecoveryPointByBackupVault.html).
 */
export function recoveryPointArn(type: string, region: string, age: string): string {
  return type === "Aurora"
    ? `arn:aws:rds:${region}:${ACCOUNT}:cluster-snapshot:awsbackup:job-${age}`
    : `arn:aws:backup:${region}:${ACCOUNT}:recovery-point:${type}-${age}`;
}

export function writeOutputs(dir: string, outputs: Record<string, unknown>): string {
  const file = path.join(dir, "outputs.json");
  fs.writeFileSync(file, JSON.stringify(outputs));
  return file;
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "failover-test-"));
}

interface RegionState {
  asg: { min: number; max: number; desired: number; healthy: number };
  service: { desired: number; running: number };
  albState: string;
  dbStatus: string;
}

/** What the fake AWS holds. Tests set it up, then inspect it. */
export class World {
  regions: Record<string, RegionState> = {
    [US]: {
      asg: { min: 3, max: 6, desired: 3, healthy: 3 },
      service: { desired: 3, running: 3 },
      albState: "active",
      dbStatus: "available",
    },
    [EU]: {
      asg: { min: 1, max: 6, desired: 1, healthy: 1 },
      service: { desired: 1, running: 1 },
      albState: "active",
      dbStatus: "available",
    },
  };
  writer = US;
  /** Sync status of each member as the global cluster reports it. */
  sync: Record<string, string> = { [US]: "connected", [EU]: "connected" };
  /** Polls of DescribeGlobalClusters after which a pending-resync member turns connected. */
  resyncAfterPolls = 0;
  /** The routing switch object's body (in the recovery region's bucket). */
  switchBody = "primary=on";
  /** Whether each region's /health/deep finds its orders database (a region in `down` answers nothing at all). */
  deepHealthy: Record<string, boolean> = { [US]: true, [EU]: true };
  /** AuroraGlobalDBReplicationLag of the recovery cluster in ms, as CloudWatch reports it; undefined: no datapoint. */
  lagMs: number | undefined = 800;
  /** Regions whose every endpoint fails for the whole run. */
  down = new Set<string>();
  /** backup-restore: whether the rebuild's `pulumi up` has put eu-west-1's new ALB behind the standby accelerator. */
  rebuilt = false;
  dials: Record<string, number> = { [US]: 100, [EU]: 100 };
  /** Whether the records are gated by the ARC routing controls below (the outputs' `arc: true`) or the S3 switch. */
  arc = false;
  /** ARC's steady state after the first deploy's data-plane command: both On, each gating its own record. */
  routing: Record<string, string> = { "arn:rc/us": "On", "arn:rc/eu": "On" };
  /** When false, new instances never turn healthy (a scale-up that hangs). */
  instancesBoot = true;
  /** Regions whose storefront cannot read the switch, so it keeps the last body it read (`primary=on`). */
  fenceStale = new Set<string>();
  /** DB cluster snapshots per region: Aurora's `rds:unplanned-global-failover-*` and the runbook's manual copies. */
  snapshots: Record<string, { id: string; cluster: string; status: string }[]> = {
    [US]: [],
    [EU]: [],
  };
  restoreJobs: {
    RestoreJobId: string;
    RecoveryPointArn: string;
    ResourceType: string;
    Status: string;
  }[] = [];
  /**
   * Each region's Aurora Serverless v2 range (undefined: provisioned). The recovery cluster idles at its tier's
   * floor (components/tiers/tierProfile.ts); tests set it from the profile.
   */
  dbScaling: Record<string, { min: number; max: number } | undefined> = {
    [US]: undefined,
    [EU]: { min: 0.5, max: 16 },
  };
  /** Polls of DescribeDBClusters a capacity change keeps a cluster `modifying`. */
  modifyingPolls = 0;
  /** Set, the next call of that command rejects once. */
  failOnce = new Set<string>();
  readonly calls: string[] = [];

  readonly mocks: AwsStub<any, any, any>[] = [];

  /** What a Route 53 health checker sees of a region's deep check. */
  private deepCheckPasses(region: string): boolean {
    return !this.down.has(region) && this.deepHealthy[region];
  }

  /**
   * Which region the shop's name answers from, evaluated as Route 53 does ("How health checks work in simple
   * and complex configurations", https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html):
   * the PRIMARY record is answered while its health check passes, else the SECONDARY while its check passes,
   * and with both failing, the PRIMARY. The PRIMARY's check is CALCULATED: its deep check AND the switch object
   * (readable only while the recovery region's S3 is up, and saying `primary=on`). With ARC, each record's check
   * is its deep check AND its region's RECOVERY_CONTROL check, healthy while the routing control is On ("Creating
   * a routing control health check": https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.create-health-check.html);
   * the controls live on ARC's cluster, not in either region. No check is inverted. Where the recovery region is
   * rebuilt (backup-restore), the switch alone gates the PRIMARY, and the SECONDARY aliases the standby
   * accelerator, whose deep check passes once the rebuilt region is behind it.
   */
  servingRegion(tier: DrTier): string {
    // Global Accelerator: a region gets traffic while its dial is above 0 and its ALB endpoint is healthy, and an
    // ALB endpoint's health is ELB target health, the target groups' shallow check: a region whose database is
    // dead but whose tasks answer /healthz still gets traffic until its dial is set to 0 ("Endpoints for
    // standard accelerators" and "Traffic dials", https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-traffic-dial.html).
    if (tier === "active-active") return this.dials[US] > 0 && !this.down.has(US) ? US : EU;
    const primarySwitch = this.arc
      ? this.routing["arn:rc/us"] === "On"
      : !this.down.has(EU) && this.switchBody === "primary=on";
    const secondarySwitch = this.arc ? this.routing["arn:rc/eu"] === "On" : true;
    if (!failsOverOnDeepHealth(TIER_PROFILES[tier])) {
      if (primarySwitch) return US;
      return this.rebuilt && this.deepCheckPasses(EU) ? EU : US;
    }
    if (this.deepCheckPasses(US) && primarySwitch) return US;
    if (this.deepCheckPasses(EU) && secondarySwitch) return EU;
    return US;
  }

  httpGet(tier: DrTier): HttpGet {
    return async (url, _signal, via) => {
      const region = via
        ? (/\.([a-z]{2}-[a-z]+-\d)\.elb\.amazonaws\.com$/.exec(via)?.[1] ?? "?")
        : this.servingRegion(tier);
      this.calls.push(`GET ${new URL(url).pathname}${via ? ` via ${region}` : ""}`);
      if (this.down.has(region)) throw new Error(`connect ETIMEDOUT (${region} is down)`);
      if (url.endsWith("/topology")) {
        // The storefront's write fence (app/): a region writes only while the switch names it, and keeps the last
        // body it read while the switch's region is down.
        const body = this.fenceStale.has(region) ? "primary=on" : this.switchBody;
        const open = body === (region === US ? "primary=on" : "primary=off");
        const role = this.writer === region ? "primary" : "recovery";
        return {
          status: 200,
          body: {
            region,
            role,
            writable: role === "primary" && open,
            fence: { state: open ? "open" : "closed" },
          },
        };
      }
      const ok = this.deepHealthy[region];
      return {
        status: ok ? 200 : 503,
        body: { status: ok ? "ok" : "fail", region, role: "primary", checks: { orders: { ok } } },
      };
    };
  }

  /** Installs the mocks on the SDK client classes; call `restore()` after the test. */
  install(): this {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the stubs' callbacks get their own `this`
    const self = this;
    const on = <C>(
      stub: AwsStub<any, any, any>,
      service: string,
      command: new (input: any) => C,
      fn: (input: any, region: string) => unknown,
    ) => {
      const name = (command as unknown as { name: string }).name.replace(/Command$/, "");
      stub.on(command as any).callsFake(async (input: any, getClient: () => any) => {
        const region = await getClient().config.region();
        self.calls.push(`${service}@${region} ${name}`);
        if (self.down.has(region))
          throw new Error(`${service}.${region}.amazonaws.com: connect ETIMEDOUT (region down)`);
        if (self.failOnce.delete(name)) throw new Error(`${name}: injected failure`);
        return fn(input, region);
      });
    };
    const asg = mockClient(AutoScalingClient);
    const ecs = mockClient(ECSClient);
    const rds = mockClient(RDSClient);
    const elb = mockClient(ElasticLoadBalancingV2Client);
    const s3 = mockClient(S3Client);
    const cw = mockClient(CloudWatchClient);
    const ga = mockClient(GlobalAcceleratorClient);
    const backup = mockClient(BackupClient);
    const arc = mockClient(Route53RecoveryClusterClient);
    this.mocks.push(asg, ecs, rds, elb, s3, cw, ga, backup, arc);

    on(asg, "autoscaling", DescribeAutoScalingGroupsCommand, (input, r) => {
      const a = self.regions[r].asg;
      const instances = Array.from({ length: a.desired }, (_, i) => ({
        InstanceId: `i-${i}`,
        LifecycleState: i < a.healthy ? "InService" : "Pending",
        HealthStatus: "Healthy",
      }));
      return {
        AutoScalingGroups: [
          {
            AutoScalingGroupName: input.AutoScalingGroupNames[0],
            MinSize: a.min,
            MaxSize: a.max,
            DesiredCapacity: a.desired,
            Instances: instances,
          },
        ],
      };
    });
    on(asg, "autoscaling", UpdateAutoScalingGroupCommand, (input, r) => {
      const a = self.regions[r].asg;
      // Parameters left out are not changed; a MinSize above the desired capacity raises it (UpdateAutoScalingGroup,
      // Amazon EC2 Auto Scaling API reference: https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_UpdateAutoScalingGroup.html).
      if (input.MinSize !== undefined) a.min = input.MinSize;
      if (input.MaxSize !== undefined) a.max = input.MaxSize;
      if (input.DesiredCapacity !== undefined) a.desired = input.DesiredCapacity;
      a.desired = Math.max(a.desired, a.min);
      if (self.instancesBoot) a.healthy = a.desired;
      return {};
    });
    on(ecs, "ecs", DescribeServicesCommand, (_, r) => ({
      services: [
        {
          desiredCount: self.regions[r].service.desired,
          runningCount: self.regions[r].service.running,
        },
      ],
    }));
    on(ecs, "ecs", UpdateServiceCommand, (input, r) => {
      self.regions[r].service = {
        desired: input.desiredCount,
        running: self.instancesBoot ? input.desiredCount : self.regions[r].service.running,
      };
      return {};
    });
    on(ecs, "ecs", DescribeClustersCommand, () => ({ clusters: [{ status: "ACTIVE" }] }));
    on(elb, "elbv2", DescribeLoadBalancersCommand, (_, r) => ({
      LoadBalancers: [{ State: { Code: self.regions[r].albState } }],
    }));
    on(rds, "rds", DescribeDBClustersCommand, (_, r) => {
      if (self.regions[r].dbStatus === "modifying" && --self.modifyingPolls <= 0)
        self.regions[r].dbStatus = "available";
      const range = self.dbScaling[r];
      return {
        DBClusters: [
          {
            Status: self.regions[r].dbStatus,
            ...(range
              ? {
                  ServerlessV2ScalingConfiguration: {
                    MinCapacity: range.min,
                    MaxCapacity: range.max,
                  },
                }
              : {}),
          },
        ],
      };
    });
    // ModifyDBCluster's ServerlessV2ScalingConfiguration (RDS API reference, API_ServerlessV2ScalingConfiguration and
    // API_ModifyDBCluster: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html):
    // capacities in 0.5-ACU steps up to 256, minimum ≤ maximum, refused while the cluster is not available
    // (InvalidDBClusterStateFault). A new range applies without a reboot, the cluster reporting `modifying`
    // meanwhile ("Performance and scaling for Aurora Serverless v2", changing the capacity range:
    // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html).
    on(rds, "rds", ModifyDBClusterCommand, (input, r) => {
      const c = input.ServerlessV2ScalingConfiguration;
      if (self.regions[r].dbStatus !== "available") {
        throw new Error(
          `InvalidDBClusterStateFault: ${input.DBClusterIdentifier} is ${self.regions[r].dbStatus}`,
        );
      }
      if (!c) return { DBCluster: {} };
      const ok = (v: number) => v >= 0 && v <= 256 && Number.isInteger(v * 2);
      if (!ok(c.MinCapacity) || !ok(c.MaxCapacity) || c.MinCapacity > c.MaxCapacity) {
        throw new Error(
          `InvalidParameterCombination: ServerlessV2ScalingConfiguration ${c.MinCapacity}-${c.MaxCapacity}`,
        );
      }
      self.dbScaling[r] = { min: c.MinCapacity, max: c.MaxCapacity };
      if (self.modifyingPolls > 0) self.regions[r].dbStatus = "modifying";
      return { DBCluster: { Status: self.regions[r].dbStatus } };
    });
    on(rds, "rds", DescribeGlobalClustersCommand, () => {
      if (self.resyncAfterPolls > 0 && --self.resyncAfterPolls === 0) {
        for (const r of Object.keys(self.sync)) self.sync[r] = "connected";
      }
      return {
        GlobalClusters: [
          {
            Status: "available",
            GlobalClusterMembers: [US, EU].map((r) => ({
              DBClusterArn: dbArn(r),
              IsWriter: self.writer === r,
              SynchronizationStatus: self.sync[r],
            })),
          },
        ],
      };
    });
    const target = (input: any) => (input.TargetDbClusterIdentifier.includes(`:${US}:`) ? US : EU);
    // "Performing switchovers": a switchover needs every member healthy, since it first synchronises them;
    // "Recovering ... from an unplanned outage": a managed failover does not wait, and once the old primary's
    // region is back Aurora snapshots its old volume (rds:unplanned-global-failover-<cluster>-<time>) and rebuilds
    // it as a secondary (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html).
    on(rds, "rds", SwitchoverGlobalClusterCommand, (input) => {
      if (self.down.has(self.writer))
        throw new Error(
          `InvalidGlobalClusterStateFault: ${self.writer} is not available for a switchover`,
        );
      self.writer = target(input);
      return {};
    });
    on(rds, "rds", FailoverGlobalClusterCommand, (input) => {
      const old = self.writer;
      self.writer = target(input);
      self.sync[old] = "pending-resync";
      const cluster = "securecart-orders-db-cluster";
      self.snapshots[old].push({
        id: `rds:unplanned-global-failover-${cluster}-2026-12-02-01-00`,
        cluster,
        status: "available",
      });
      return {};
    });
    on(rds, "rds", DescribeDBClusterSnapshotsCommand, (input, r) => ({
      DBClusterSnapshots: self.snapshots[r]
        .filter((s) => s.cluster === input.DBClusterIdentifier)
        .map((s) => ({
          DBClusterSnapshotIdentifier: s.id,
          DBClusterIdentifier: s.cluster,
          Status: s.status,
        })),
    }));
    on(rds, "rds", CopyDBClusterSnapshotCommand, (input, r) => {
      const source = self.snapshots[r].find(
        (s) => s.id === input.SourceDBClusterSnapshotIdentifier,
      );
      if (!source)
        throw new Error(
          `DBClusterSnapshotNotFoundFault: ${input.SourceDBClusterSnapshotIdentifier}`,
        );
      if (self.snapshots[r].some((s) => s.id === input.TargetDBClusterSnapshotIdentifier)) {
        throw new Error(
          `DBClusterSnapshotAlreadyExistsFault: ${input.TargetDBClusterSnapshotIdentifier}`,
        );
      }
      self.snapshots[r].push({
        id: input.TargetDBClusterSnapshotIdentifier,
        cluster: source.cluster,
        status: "available",
      });
      return {};
    });
    const onlySwitch = (input: any, r: string) => {
      if (r !== EU || input.Bucket !== SWITCH.bucket || input.Key !== SWITCH.key)
        throw new Error(`NoSuchKey: ${input.Bucket}/${input.Key} in ${r}`);
    };
    on(s3, "s3", GetObjectCommand, (input, r) => {
      onlySwitch(input, r);
      return { Body: { transformToString: async () => self.switchBody } };
    });
    on(s3, "s3", PutObjectCommand, (input, r) => {
      onlySwitch(input, r);
      self.switchBody = String(input.Body);
      return {};
    });
    on(cw, "cloudwatch", GetMetricDataCommand, (input) => {
      const q = input.MetricDataQueries[0].MetricStat;
      if (
        q.Metric.MetricName !== "AuroraGlobalDBReplicationLag" ||
        q.Metric.Namespace !== "AWS/RDS"
      )
        throw new Error("unexpected metric");
      return {
        MetricDataResults: [{ Id: "lag", Values: self.lagMs === undefined ? [] : [self.lagMs] }],
      };
    });
    on(ga, "globalaccelerator", ListEndpointGroupsCommand, () => ({
      EndpointGroups: [US, EU].map((r) => ({
        EndpointGroupArn: gaGroup(r),
        EndpointGroupRegion: r,
        TrafficDialPercentage: self.dials[r],
      })),
    }));
    on(ga, "globalaccelerator", UpdateEndpointGroupCommand, (input) => {
      self.dials[input.EndpointGroupArn.split("/").pop()] = input.TrafficDialPercentage;
      return {};
    });
    on(arc, "arc", GetRoutingControlStateCommand, (input) => ({
      RoutingControlArn: input.RoutingControlArn,
      RoutingControlState: self.routing[input.RoutingControlArn],
    }));
    on(arc, "arc", UpdateRoutingControlStatesCommand, (input) => {
      for (const e of input.UpdateRoutingControlStateEntries)
        self.routing[e.RoutingControlArn] = e.RoutingControlState;
      return {};
    });
    on(backup, "backup", ListRecoveryPointsByBackupVaultCommand, (input, r) => ({
      RecoveryPoints: ["old", "new", "partial"].map((age, i) => ({
        RecoveryPointArn: recoveryPointArn(input.ByResourceType, r, age),
        Status: age === "partial" ? "PARTIAL" : "COMPLETED",
        CreationDate: new Date(`2024-01-01T0${[0, 5, 6][i]}:00:00Z`),
        ...(age === "partial" ? {} : { IamRoleArn: "arn:role" }),
      })),
    }));
    on(backup, "backup", ListRestoreJobsCommand, (input) => ({
      RestoreJobs: self.restoreJobs.filter((j) => j.ResourceType === input.ByResourceType),
    }));
    on(backup, "backup", GetRecoveryPointRestoreMetadataCommand, () => ({
      RestoreMetadata: { Engine: "aurora-postgresql" },
    }));
    on(backup, "backup", StartRestoreJobCommand, (input) => {
      const job = {
        RestoreJobId: `job-${self.restoreJobs.length + 1}`,
        RecoveryPointArn: input.RecoveryPointArn,
        ResourceType: input.ResourceType,
        Status: "RUNNING",
        metadata: input.Metadata,
      };
      self.restoreJobs.push(job);
      return { RestoreJobId: job.RestoreJobId };
    });
    on(backup, "backup", DescribeRestoreJobCommand, (input) => {
      const job = self.restoreJobs.find((j) => j.RestoreJobId === input.RestoreJobId)!;
      const status = job.Status;
      job.Status = "COMPLETED"; // reports RUNNING once, then COMPLETED
      return { RestoreJobId: job.RestoreJobId, Status: status };
    });
    return this;
  }

  restore(): void {
    for (const m of this.mocks) m.restore();
  }

  /** Calls that change something in AWS. */
  writes(): string[] {
    return this.calls.filter((c) =>
      /\s(Update|Modify|Switchover|Failover|StartRestoreJob|PutObject|Copy)/.test(c),
    );
  }
}

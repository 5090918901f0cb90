/**
 * AWS SDK v3 clients for the runbook, created on first use. A dry run never asks for one, so it needs no
 * credentials; tests either mock the client classes (aws-sdk-client-mock) or pass their own factory.
 *
 * Where each client points is a DR decision, made here once:
 * - No Route 53 client: its API is served from us-east-1, the region a failover most often leaves (DESIGN.md
 *   decision 15). Routing moves through data planes: S3 in the recovery region, or ARC's cluster endpoints.
 * - Global Accelerator's API lives in us-west-2 (stacks/topology.ts), which survives a us-east-1 outage.
 * - ARC routing control is changed through the cluster's regional data-plane endpoints, one client each.
 */
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { BackupClient } from "@aws-sdk/client-backup";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { RDSClient } from "@aws-sdk/client-rds";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { GLOBAL_ACCELERATOR_REGION } from "../../stacks/topology";

export interface AwsClients {
  autoScaling(region: string): AutoScalingClient;
  ecs(region: string): ECSClient;
  rds(region: string): RDSClient;
  elbv2(region: string): ElasticLoadBalancingV2Client;
  backup(region: string): BackupClient;
  /** The routing switch's bucket (S3's data plane). */
  s3(region: string): S3Client;
  /** Replication lag of the target region's cluster. */
  cloudWatch(region: string): CloudWatchClient;
  globalAccelerator(): GlobalAcceleratorClient;
  /** A client for one ARC cluster data-plane endpoint (`https://…route53-recovery-cluster…`). */
  routingControl(endpoint: string, region: string): Route53RecoveryClusterClient;
  /** Closes every client created so far (their sockets would otherwise keep the process alive). */
  destroy(): void;
}

interface Destroyable {
  destroy(): void;
}

/** The default factory: one cached client per service and region, built lazily. */
export function lazyAwsClients(): AwsClients {
  const cache = new Map<string, Destroyable>();
  const get = <T extends Destroyable>(key: string, make: () => T): T => {
    let c = cache.get(key) as T | undefined;
    if (!c) {
      c = make();
      cache.set(key, c);
    }
    return c;
  };
  return {
    autoScaling: (region) => get(`asg:${region}`, () => new AutoScalingClient({ region })),
    ecs: (region) => get(`ecs:${region}`, () => new ECSClient({ region })),
    rds: (region) => get(`rds:${region}`, () => new RDSClient({ region })),
    elbv2: (region) => get(`elbv2:${region}`, () => new ElasticLoadBalancingV2Client({ region })),
    backup: (region) => get(`backup:${region}`, () => new BackupClient({ region })),
    s3: (region) => get(`s3:${region}`, () => new S3Client({ region })),
    cloudWatch: (region) => get(`cloudwatch:${region}`, () => new CloudWatchClient({ region })),
    globalAccelerator: () =>
      get("ga", () => new GlobalAcceleratorClient({ region: GLOBAL_ACCELERATOR_REGION })),
    routingControl: (endpoint, region) =>
      get(`arc:${endpoint}`, () => new Route53RecoveryClusterClient({ region, endpoint })),
    destroy: () => {
      for (const c of cache.values()) c.destroy();
      cache.clear();
    },
  };
}

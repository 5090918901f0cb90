/**
 * AWS SDK v3 clients for the runbook, created on first use. A dry run never asks for one, so it needs no
 * credentials; tests either mock the client classes (aws-sdk-client-mock) or pass their own factory.
 *
 * Where each client points is a DR decision, made here once:
 * - Route 53's control plane is global and served from us-east-1: its client names us-east-1 explicitly.
 * - Global Accelerator's API lives in us-west-2 (stacks/topology.ts), which survives a us-east-1 outage.
 * - ARC routing control is changed through the cluster's regional data-plane endpoints, one client each.
 */
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { BackupClient } from "@aws-sdk/client-backup";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { RDSClient } from "@aws-sdk/client-rds";
import { Route53Client } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { GLOBAL_ACCELERATOR_REGION } from "../../stacks/topology";

/** Route 53's API endpoint region. */
export const ROUTE53_REGION = "us-east-1";

export interface AwsClients {
  autoScaling(region: string): AutoScalingClient;
  ecs(region: string): ECSClient;
  rds(region: string): RDSClient;
  elbv2(region: string): ElasticLoadBalancingV2Client;
  backup(region: string): BackupClient;
  route53(): Route53Client;
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
    route53: () => get("route53", () => new Route53Client({ region: ROUTE53_REGION })),
    globalAccelerator: () => get("ga", () => new GlobalAcceleratorClient({ region: GLOBAL_ACCELERATOR_REGION })),
    routingControl: (endpoint, region) =>
      get(`arc:${endpoint}`, () => new Route53RecoveryClusterClient({ region, endpoint })),
    destroy: () => {
      for (const c of cache.values()) c.destroy();
      cache.clear();
    },
  };
}

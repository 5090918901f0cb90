/**
 * What each runbook step changes in resources the stacks manage (DESIGN.md decision 9). Each (type, property)
 * must be in that resource's `ignoreChanges`, so `pulumi up` after a failover changes nothing: a test reads it
 * from the plan. Steps that only read, or that create what the stacks do not manage (restore jobs' resources),
 * change nothing the stacks own.
 */
import type { FailoverStep } from "../../components/tiers/tierProfile";

export interface Mutation {
  readonly type: string;
  readonly property: string;
}

export const STEP_MUTATIONS: Readonly<Record<FailoverStep, readonly Mutation[]>> = {
  "check-target-health": [],
  "restore-backups": [],
  "scale-compute": [
    { type: "aws:autoscaling/group:Group", property: "desiredCapacity" },
    { type: "aws:ecs/service:Service", property: "desiredCount" },
  ],
  // The recovery cluster's Serverless v2 floor, raised before it takes the load (scaleDatabase.ts).
  "scale-database": [
    { type: "aws:rds/cluster:Cluster", property: "serverlessv2ScalingConfiguration.minCapacity" },
  ],
  // A failover detaches and promotes the secondary, and AWS re-points both clusters' global membership.
  "promote-database": [{ type: "aws:rds/cluster:Cluster", property: "globalClusterIdentifier" }],
  // With securecart:arcRoutingControl the step sets ARC routing control states instead, which no resource input
  // holds (components/traffic/arcRoutingControl.ts): nothing of the stacks' changes.
  "switch-routing": [{ type: "aws:s3/bucketObjectv2:BucketObjectv2", property: "content" }],
  "drain-traffic": [
    {
      type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
      property: "trafficDialPercentage",
    },
  ],
  "set-region-role": [],
  "verify-health": [],
};

// Fake args for policy tests: happy-path props per resource type, and runners that collect messages.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { makeResourceArgs, makeStackArgs, NotApplicable, toPolicyResources } from "../args";
import { PlannedResource, StackPolicyContext } from "../offline";
import { T } from "../rules/common";
import { tierFacts } from "../tierFacts";
import type { StackPlan } from "../../scripts/plan/planStack";

/** The context the engine would get: the tier's facts (policyConfig.ts writes them), then the given keys. */
export function withFacts(context: Partial<StackPolicyContext>): Record<string, unknown> {
  return { ...tierFacts(context.tier ?? "warm-standby"), ...context };
}

export const PRIMARY: StackPolicyContext = {
  role: "primary",
  tier: "warm-standby",
  region: "us-east-1",
  peerRegion: "eu-west-1",
};
export const RECOVERY: StackPolicyContext = {
  role: "recovery",
  tier: "warm-standby",
  region: "eu-west-1",
  peerRegion: "us-east-1",
};

export const TAGS = { backup: "securecart-dr" };
export const DR_VAULT_ARN = "arn:aws:backup:eu-west-1:123456789012:backup-vault:securecart-dr";
export const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/catalog";

/** Happy-path inputs per type token. */
export const HAPPY: Record<string, Record<string, any>> = {
  [T.rdsInstance]: {
    engine: "postgres",
    instanceClass: "db.r6g.large",
    multiAz: true,
    backupRetentionPeriod: 7,
    storageEncrypted: true,
    publiclyAccessible: false,
    deletionProtection: true,
    skipFinalSnapshot: false,
    manageMasterUserPassword: true,
    tags: TAGS,
  },
  [T.rdsCluster]: {
    engine: "aurora-postgresql",
    backupRetentionPeriod: 7,
    storageEncrypted: true,
    deletionProtection: true,
    skipFinalSnapshot: false,
    manageMasterUserPassword: true,
    tags: TAGS,
  },
  [T.dynamoTable]: {
    name: "catalog",
    hashKey: "id",
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
    streamEnabled: true,
    streamViewType: "NEW_AND_OLD_IMAGES",
    tags: TAGS,
  },
  [T.dynamoReplica]: {
    globalTableArn: TABLE_ARN,
    pointInTimeRecovery: true,
    deletionProtectionEnabled: true,
  },
  [T.cacheGroup]: {
    description: "cache",
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    numCacheClusters: 2,
    snapshotRetentionLimit: 7,
    atRestEncryptionEnabled: true,
    transitEncryptionEnabled: true,
  },
  [T.cacheCluster]: { engine: "memcached", numCacheNodes: 2 },
  [T.asg]: {
    minSize: 2,
    maxSize: 6,
    vpcZoneIdentifiers: ["subnet-a", "subnet-b"],
    targetGroupArns: ["arn:tg"],
    healthCheckType: "ELB",
  },
  [T.ecsService]: {
    desiredCount: 2,
    networkConfiguration: { subnets: ["subnet-a", "subnet-b"] },
    deploymentCircuitBreaker: { enable: true, rollback: true },
  },
  [T.lambda]: {
    role: "arn:role",
    vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-1"] },
    deadLetterConfig: { targetArn: "arn:aws:sqs:us-east-1:123456789012:dlq" },
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    loadBalancerType: "application",
    subnets: ["subnet-a", "subnet-b"],
    enableDeletionProtection: true,
    desyncMitigationMode: "defensive",
  },
  "aws:lb/listener:Listener": {
    protocol: "HTTPS",
    port: 443,
    defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
  },
  [T.record]: {
    name: "shop.example.com",
    zoneId: "Z123",
    type: "A",
    setIdentifier: "primary",
    failoverRoutingPolicies: [{ type: "PRIMARY" }],
    healthCheckId: "hc-1",
    aliases: [{ name: "alb.example.com", zoneId: "Z2", evaluateTargetHealth: true }],
  },
  [T.endpointGroup]: {
    listenerArn: "arn:l",
    endpointGroupRegion: "us-east-1",
    trafficDialPercentage: 100,
  },
  [T.backupPlan]: {
    rules: [
      {
        ruleName: "daily",
        targetVaultName: "local",
        schedule: "cron(0 5 * * ? *)",
        lifecycle: { deleteAfter: 35 },
        copyActions: [{ destinationVaultArn: DR_VAULT_ARN, lifecycle: { deleteAfter: 35 } }],
      },
    ],
  },
  [T.backupVault]: { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234" },
};

export function clone<V>(v: V): V {
  return JSON.parse(JSON.stringify(v)) as V;
}

/** Runs a resource policy the way the engine does; returns the reported messages. */
export function runResourceRule(
  policy: ResourceValidationPolicy,
  type: string,
  props: Record<string, any>,
  context: Partial<StackPolicyContext> = PRIMARY,
  extra: {
    provider?: { type: string; props: Record<string, any>; urn: string; name: string };
    config?: Record<string, unknown>;
  } = {},
): string[] {
  const messages: string[] = [];
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource!];
  for (const validation of validations) {
    const args = makeResourceArgs({
      type,
      props,
      name: "res",
      schema: policy.configSchema,
      context: withFacts(context),
      config: extra.config,
      provider: extra.provider,
      stackTags: new Map([["pulumi:project", "securecart"]]),
    });
    try {
      validation(args, (m) => messages.push(m));
    } catch (e) {
      if (!(e instanceof NotApplicable)) throw e;
    }
  }
  return messages;
}

/** A planned resource; propertyDependencies maps input names to the URNs they came from. */
export function res(
  type: string,
  name: string,
  inputs: Record<string, any> = HAPPY[type] ?? {},
  propertyDependencies: Record<string, string[]> = {},
  extra: Partial<PlannedResource> = {},
): PlannedResource {
  return {
    urn: `urn:pulumi:test::securecart::${type}::${name}`,
    type,
    name,
    parent: null,
    inputs: clone(inputs),
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
    ...extra,
  };
}

export interface Reported {
  message: string;
  urn?: string;
}

export function runStackRule(
  policy: StackValidationPolicy,
  resources: PlannedResource[],
  context: Partial<StackPolicyContext> = PRIMARY,
): Reported[] {
  const out: Reported[] = [];
  const args = makeStackArgs({
    resources: toPolicyResources(resources),
    schema: policy.configSchema,
    context: withFacts(context),
  });
  try {
    policy.validateStack(args, (message, urn) => out.push({ message, urn }));
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
  }
  return out;
}

/** The policy context a planned stack of the default topology runs with. */
export function planContext(s: StackPlan): StackPolicyContext {
  return {
    role: s.role as "primary" | "recovery",
    tier: s.tier as StackPolicyContext["tier"],
    region: s.region,
    peerRegion: s.role === "primary" ? "eu-west-1" : "us-east-1",
  };
}

// A correct primary / recovery pair of planned stacks (warm-standby), for stack rules and the runner.
import { PlannedResource } from "../offline";
import { T } from "../rules/common";
import { clone, DR_VAULT_ARN, HAPPY, res, TABLE_ARN, TAGS } from "./helpers";

export interface Stacks {
  primary: PlannedResource[];
  recovery: PlannedResource[];
}

function find(list: PlannedResource[], name: string): PlannedResource {
  const r = list.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  return r;
}
export { find };

function region(prefix: string, azs: string[]): PlannedResource[] {
  const subnets = azs.map((az, i) =>
    res(T.subnet, `${prefix}-subnet-${i}`, {
      vpcId: "vpc",
      cidrBlock: `10.0.${i}.0/24`,
      availabilityZone: az,
    }),
  );
  const ids = subnets.map((s) => s.urn);
  const subnetIds = subnets.map((_, i) => `subnet-${prefix}-${i}`);
  const asg = res(
    T.asg,
    `${prefix}-asg`,
    { ...HAPPY[T.asg], vpcZoneIdentifiers: subnetIds },
    { vpcZoneIdentifiers: ids },
  );
  const alb = res(
    "aws:lb/loadBalancer:LoadBalancer",
    `${prefix}-alb`,
    { ...HAPPY["aws:lb/loadBalancer:LoadBalancer"], subnets: subnetIds },
    { subnets: ids },
  );
  const listener = res("aws:lb/listener:Listener", `${prefix}-https`);
  const ecs = res(
    T.ecsService,
    `${prefix}-svc`,
    { ...HAPPY[T.ecsService], networkConfiguration: { subnets: subnetIds } },
    { networkConfiguration: ids },
  );
  const fn = res(
    T.lambda,
    `${prefix}-fn`,
    { ...HAPPY[T.lambda], vpcConfig: { subnetIds, securityGroupIds: ["sg"] } },
    { vpcConfig: ids },
  );
  const cache = res(T.cacheGroup, `${prefix}-cache`);
  // One NAT gateway per AZ, each in its zone's subnet (nat-gateway-per-az).
  const nats = subnets.map((s, i) =>
    res(
      T.natGateway,
      `${prefix}-nat-${i}`,
      { subnetId: `subnet-${prefix}-${i}` },
      { subnetId: [s.urn] },
    ),
  );
  return [...subnets, ...nats, asg, alb, listener, ecs, fn, cache];
}

export function goodStacks(): Stacks {
  const pw = res(T.randomPassword, "orders-password", { length: 32, special: false });
  // The global cluster is made from the primary cluster (sourceDbClusterIdentifier), as the program does.
  const cluster = res(
    T.rdsCluster,
    "orders",
    {
      ...HAPPY[T.rdsCluster],
      manageMasterUserPassword: undefined,
      masterUsername: "app",
      masterPassword: "mock-password",
      clusterIdentifier: "orders-use1",
    },
    { masterPassword: [pw.urn] },
  );
  const gc = res(
    T.rdsGlobalCluster,
    "orders-global",
    {
      globalClusterIdentifier: "securecart-orders",
      sourceDbClusterIdentifier: "arn:aws:rds:us-east-1:123456789012:cluster:orders-use1",
      forceDestroy: true,
      deletionProtection: true,
    },
    { sourceDbClusterIdentifier: [cluster.urn] },
  );
  delete cluster.inputs.manageMasterUserPassword;
  const instances = ["us-east-1a", "us-east-1b"].map((az, i) =>
    res(
      T.rdsClusterInstance,
      `orders-${i}`,
      {
        clusterIdentifier: "orders-use1-id",
        instanceClass: "db.r6g.large",
        engine: "aurora-postgresql",
        availabilityZone: az,
      },
      { clusterIdentifier: [cluster.urn] },
    ),
  );
  const table = res(T.dynamoTable, "catalog");
  const bucket = res(T.bucket, "assets", { bucket: "securecart-assets-use1", tags: TAGS });
  const versioning = res(
    T.bucketVersioning,
    "assets-versioning",
    { bucket: "securecart-assets-use1", versioningConfiguration: { status: "Enabled" } },
    { bucket: [bucket.urn] },
  );
  const hc = res(T.healthCheck, "front-door-hc", {
    type: "HTTPS",
    fqdn: "alb.example.com",
    resourcePath: "/health/deep",
  });
  const record = res(
    T.record,
    "front-door",
    { ...HAPPY[T.record], healthCheckId: "hc-primary" },
    { healthCheckId: [hc.urn] },
  );
  const vault = res(T.backupVault, "local-vault", {
    name: "securecart-local",
    kmsKeyArn: "arn:aws:kms:us-east-1:1:key/k",
  });
  const plan = res(
    T.backupPlan,
    "local-plan",
    {
      rules: [
        {
          ruleName: "daily",
          targetVaultName: "securecart-local",
          schedule: "cron(0 5 * * ? *)",
          lifecycle: { coldStorageAfter: 30, deleteAfter: 365 },
        },
      ],
    },
    { rules: [vault.urn] },
  );
  const selection = res(
    T.backupSelection,
    "local-selection",
    {
      planId: "plan-id",
      iamRoleArn: "arn:role",
      selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "securecart-dr" }],
    },
    { planId: [plan.urn] },
  );
  const primary = [
    ...region("use1", ["us-east-1a", "us-east-1b", "us-east-1c"]),
    gc,
    pw,
    cluster,
    ...instances,
    table,
    bucket,
    versioning,
    hc,
    record,
    vault,
    plan,
    selection,
  ];

  // The recovery stack's provider for the primary region applies the stack's tags, as every provider does.
  const provider = res(T.provider, "primary-region", {
    region: "us-east-1",
    defaultTags: { tags: { project: "securecart", "dr-role": "recovery" } },
  });
  const pref = `${provider.urn}::provider-id`;
  const secondary = res(T.rdsCluster, "orders-secondary", {
    engine: "aurora-postgresql",
    globalClusterIdentifier: "securecart-orders",
    storageEncrypted: true,
    deletionProtection: true,
    backupRetentionPeriod: 7,
    skipFinalSnapshot: true,
    clusterIdentifier: "orders-euw1",
  });
  const secInstances = ["eu-west-1a", "eu-west-1b"].map((az, i) =>
    res(
      T.rdsClusterInstance,
      `orders-secondary-${i}`,
      {
        clusterIdentifier: "orders-euw1-id",
        instanceClass: "db.r6g.large",
        engine: "aurora-postgresql",
        availabilityZone: az,
      },
      { clusterIdentifier: [secondary.urn] },
    ),
  );
  const replica = res(T.dynamoReplica, "catalog-replica", {
    ...HAPPY[T.dynamoReplica],
    globalTableArn: TABLE_ARN,
  });
  const drVault = res(T.backupVault, "dr-vault", {
    name: "securecart-dr",
    kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k",
  });
  const copyPlan = res(
    T.backupPlan,
    "copy-plan",
    {
      rules: [
        {
          ruleName: "daily",
          targetVaultName: "securecart-local",
          schedule: "cron(0 5 * * ? *)",
          lifecycle: { deleteAfter: 35 },
          copyActions: [{ destinationVaultArn: DR_VAULT_ARN, lifecycle: { deleteAfter: 35 } }],
        },
      ],
    },
    { rules: [drVault.urn] },
    { provider: pref },
  );
  const copySelection = res(
    T.backupSelection,
    "copy-selection",
    {
      planId: "copy-plan-id",
      iamRoleArn: "arn:role",
      selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "securecart-dr" }],
    },
    { planId: [copyPlan.urn] },
    { provider: pref },
  );
  const drBucket = res(T.bucket, "assets-replica", {
    bucket: "securecart-assets-euw1",
    tags: TAGS,
  });
  const drVersioning = res(
    T.bucketVersioning,
    "assets-replica-versioning",
    { bucket: "securecart-assets-euw1", versioningConfiguration: { status: "Enabled" } },
    { bucket: [drBucket.urn] },
  );
  const replication = res(
    T.bucketReplication,
    "assets-replication",
    {
      bucket: "securecart-assets-use1",
      role: "arn:role",
      rules: [
        {
          id: "all",
          status: "Enabled",
          destination: { bucket: "arn:aws:s3:::securecart-assets-euw1" },
        },
      ],
    },
    { rules: [drBucket.urn] },
    { provider: pref },
  );
  const secHc = res(T.healthCheck, "front-door-hc-dr", {
    type: "HTTPS",
    fqdn: "alb-dr.example.com",
  });
  const secRecord = res(
    T.record,
    "front-door-secondary",
    {
      ...HAPPY[T.record],
      setIdentifier: "secondary",
      failoverRoutingPolicies: [{ type: "SECONDARY" }],
      healthCheckId: "hc-dr",
    },
    { healthCheckId: [secHc.urn] },
  );
  const recovery = [
    ...region("euw1", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
    provider,
    secondary,
    ...secInstances,
    replica,
    drVault,
    copyPlan,
    copySelection,
    drBucket,
    drVersioning,
    replication,
    secHc,
    secRecord,
  ];
  return clone({ primary, recovery });
}

import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  OrdersDatabase,
  OrdersDatabaseArgs,
  secretReplicaArn,
  resolveOrdersDatabaseArgs,
} from "../../components/data/ordersDatabase";
import { BACKUP_TAG } from "../../components/tags";
import { sortedByName } from "./dataBackup.support";
import { countByType, onlyOf, ofType, promiseOf, record } from "../support/harness";

const AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];
const base = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  availabilityZones: AZS,
  allowedSecurityGroupIds: ["sg-app"],
};

/** Collects each child's resource options, to see `ignoreChanges` (the recorder sees only inputs). */
function optionsSpy(
  seen: Record<string, pulumi.CustomResourceOptions>,
): pulumi.ResourceTransformation {
  return (a) => {
    seen[a.name] = a.opts;
    return undefined;
  };
}

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

describe("data: OrdersDatabase", () => {
  it("standalone: one encrypted cluster with the AWS-managed master secret and instances in distinct AZs", async () => {
    let db!: OrdersDatabase;
    const resources = await record(() => {
      db = new OrdersDatabase("orders", { ...base, mode: "standalone" });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:data:OrdersDatabase": 1,
      "aws:kms/key:Key": 1,
      "aws:rds/subnetGroup:SubnetGroup": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
      [CLUSTER]: 1,
      [INSTANCE]: 2,
    });
    const key = onlyOf(resources, "aws:kms/key:Key");
    assert.equal(key.inputs.enableKeyRotation, true);
    const cluster = onlyOf(resources, CLUSTER);
    const i = cluster.inputs;
    assert.equal(i.engine, "aurora-postgresql");
    assert.equal(i.engineVersion, "16.4");
    assert.equal(i.manageMasterUserPassword, true);
    assert.equal(i.masterPassword, undefined);
    assert.equal(i.masterUsername, "securecart");
    assert.equal(i.storageEncrypted, true);
    assert.deepEqual(cluster.propertyDependencies.kmsKeyId, [key.urn]);
    assert.equal(i.deletionProtection, true);
    assert.equal(i.backupRetentionPeriod, 7);
    assert.equal(i.preferredBackupWindow, "03:00-04:00");
    assert.equal(i.copyTagsToSnapshot, true);
    assert.equal(i.skipFinalSnapshot, false);
    assert.equal(i.finalSnapshotIdentifier, "orders-final");
    assert.equal(i.iamDatabaseAuthenticationEnabled, true);
    assert.deepEqual(i.enabledCloudwatchLogsExports, ["postgresql"]);
    assert.equal(i.globalClusterIdentifier, undefined);
    // Only the backup tag: the stack's tags come from the provider's defaultTags.
    assert.deepEqual(i.tags, { [BACKUP_TAG.key]: BACKUP_TAG.value });
    assert.equal(key.inputs.tags, undefined);

    const instances = sortedByName(ofType(resources, INSTANCE));
    assert.deepEqual(
      instances.map((x) => x.inputs.availabilityZone),
      ["us-east-1a", "us-east-1b"],
    );
    for (const x of instances) {
      assert.equal(x.inputs.publiclyAccessible, false);
      assert.equal(x.inputs.performanceInsightsEnabled, true);
      assert.equal(x.inputs.instanceClass, "db.r6g.large");
      assert.deepEqual(x.propertyDependencies.clusterIdentifier, [cluster.urn]);
      assert.equal(x.inputs.tags, undefined);
    }

    const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepEqual(sg.inputs.tags, { Name: "orders-sg" });
    // Ingress as rule resources only (a peer stack may add its own), egress closed.
    assert.equal(sg.inputs.ingress, undefined);
    const rule = onlyOf(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepEqual(
      [
        rule.inputs.ipProtocol,
        rule.inputs.fromPort,
        rule.inputs.toPort,
        rule.inputs.referencedSecurityGroupId,
      ],
      ["tcp", 5432, 5432, "sg-app"],
    );
    assert.deepEqual(rule.propertyDependencies.securityGroupId, [sg.urn]);
    assert.deepEqual(sg.inputs.egress, []);

    assert.match(
      await promiseOf(db.secretArn),
      /^arn:aws:secretsmanager:us-east-1:\d+:secret:rds!/,
    );
    assert.equal(db.globalClusterId, undefined);
    assert.match(await promiseOf(db.endpoint), /\.cluster-.*\.us-east-1\.rds\.amazonaws\.com$/);
  });

  it("global-primary: joins a global cluster with a generated secret password replicated to the peer region", async () => {
    let db!: OrdersDatabase;
    const resources = await record(() => {
      db = new OrdersDatabase("orders", {
        ...base,
        mode: "global-primary",
        peerRegion: "eu-west-1",
        instanceCount: 3,
        backupRetentionDays: 14,
      });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:data:OrdersDatabase": 1,
      "aws:kms/key:Key": 1,
      "aws:rds/subnetGroup:SubnetGroup": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
      "aws:rds/globalCluster:GlobalCluster": 1,
      "random:index/randomPassword:RandomPassword": 1,
      [CLUSTER]: 1,
      "aws:secretsmanager/secret:Secret": 1,
      "aws:secretsmanager/secretVersion:SecretVersion": 1,
      [INSTANCE]: 3,
    });
    const global = onlyOf(resources, "aws:rds/globalCluster:GlobalCluster");
    // Made from the cluster, so engine, version and encryption are the cluster's (they conflict with the source).
    assert.deepEqual(
      [
        global.inputs.globalClusterIdentifier,
        global.inputs.engine,
        global.inputs.engineVersion,
        global.inputs.forceDestroy,
        global.inputs.deletionProtection,
      ],
      ["orders-global", undefined, undefined, true, true],
    );
    const password = onlyOf(resources, "random:index/randomPassword:RandomPassword");
    assert.equal(password.inputs.length, 32);
    assert.equal(password.inputs.special, false);

    const cluster = onlyOf(resources, CLUSTER);
    assert.deepEqual(global.propertyDependencies.sourceDbClusterIdentifier, [cluster.urn]);
    assert.equal(
      global.inputs.sourceDbClusterIdentifier,
      `arn:aws:rds:us-east-1:123456789012:cluster/orders-cluster`,
    );
    assert.equal(cluster.inputs.globalClusterIdentifier, undefined);
    assert.deepEqual(cluster.ignoreChanges, [
      "globalClusterIdentifier",
      "serverlessv2ScalingConfiguration.minCapacity",
    ]);
    assert.equal(cluster.inputs.masterPassword, "[secret]");
    assert.deepEqual(cluster.propertyDependencies.masterPassword, [password.urn]);
    assert.equal(cluster.inputs.manageMasterUserPassword, undefined);
    assert.equal(cluster.inputs.backupRetentionPeriod, 14);

    const key = onlyOf(resources, "aws:kms/key:Key");
    const secret = onlyOf(resources, "aws:secretsmanager/secret:Secret");
    assert.deepEqual(secret.inputs.replicas, [{ region: "eu-west-1" }]);
    assert.deepEqual(secret.propertyDependencies.kmsKeyId, [key.urn]);
    const version = onlyOf(resources, "aws:secretsmanager/secretVersion:SecretVersion");
    assert.equal(version.inputs.secretString, "[secret]");
    assert.deepEqual(version.propertyDependencies.secretId, [secret.urn]);
    assert.ok(version.propertyDependencies.secretString.includes(password.urn));
    assert.ok(version.propertyDependencies.secretString.includes(cluster.urn));

    assert.deepEqual(
      sortedByName(ofType(resources, INSTANCE)).map((x) => x.inputs.availabilityZone),
      AZS,
    );
    assert.match(
      await promiseOf(db.secretArn),
      /^arn:aws:secretsmanager:us-east-1:\d+:secret:orders-credentials/,
    );
    assert.equal(await promiseOf(db.globalClusterId!), "orders-global");
    assert.match(
      await promiseOf(db.globalWriterEndpoint!),
      /^orders-global\.global-[0-9a-f]{12}\.global\.rds\.amazonaws\.com$/,
    );
  });

  it("global-secondary: joins the given global cluster with no password, its own key, write forwarding and ignoreChanges", async () => {
    let db!: OrdersDatabase;
    const seen: Record<string, pulumi.CustomResourceOptions> = {};
    const replicaSecretArn =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-credentials-abc123";
    const resources = await record(
      () => {
        db = new OrdersDatabase(
          "orders",
          {
            ...base,
            availabilityZones: ["eu-west-1a", "eu-west-1b"],
            mode: "global-secondary",
            globalClusterIdentifier: "orders-global",
            globalWriterEndpoint: "orders-global.global-abc.global.rds.amazonaws.com",
            replicaSecretArn,
            enableGlobalWriteForwarding: true,
          },
          { transformations: [optionsSpy(seen)] },
        );
      },
      { region: "eu-west-1" },
    );
    assert.equal(ofType(resources, "aws:rds/globalCluster:GlobalCluster").length, 0);
    assert.equal(ofType(resources, "random:index/randomPassword:RandomPassword").length, 0);
    assert.equal(ofType(resources, "aws:secretsmanager/secret:Secret").length, 0);
    const cluster = onlyOf(resources, CLUSTER);
    const i = cluster.inputs;
    assert.equal(i.globalClusterIdentifier, "orders-global");
    assert.equal(i.enableGlobalWriteForwarding, true);
    for (const absent of [
      "masterPassword",
      "masterUsername",
      "manageMasterUserPassword",
      "databaseName",
    ]) {
      assert.equal(i[absent], undefined, absent);
    }
    assert.deepEqual(cluster.propertyDependencies.kmsKeyId, [
      onlyOf(resources, "aws:kms/key:Key").urn,
    ]);
    assert.match(i.kmsKeyId, /^arn:aws:kms:eu-west-1:/);
    assert.deepEqual(seen["orders-cluster"].ignoreChanges, [
      "globalClusterIdentifier",
      "replicationSourceIdentifier",
      "serverlessv2ScalingConfiguration.minCapacity",
    ]);
    assert.deepEqual(
      sortedByName(ofType(resources, INSTANCE)).map((x) => x.inputs.availabilityZone),
      ["eu-west-1a", "eu-west-1b"],
    );
    assert.equal(await promiseOf(db.secretArn), replicaSecretArn);
    assert.equal(await promiseOf(db.globalClusterId!), "orders-global");
    // Writes go to the global writer endpoint: this cluster's own writer endpoint is inactive while it is a secondary.
    assert.equal(
      await promiseOf(db.globalWriterEndpoint!),
      "orders-global.global-abc.global.rds.amazonaws.com",
    );
  });

  it("round-robins instances over the AZs when there are more instances than zones", async () => {
    const resources = await record(() => {
      new OrdersDatabase("orders", {
        ...base,
        availabilityZones: ["us-east-1a", "us-east-1b"],
        mode: "standalone",
        instanceCount: 3,
      });
    });
    assert.deepEqual(
      sortedByName(ofType(resources, INSTANCE)).map((x) => x.inputs.availabilityZone),
      ["us-east-1a", "us-east-1b", "us-east-1a"],
    );
  });

  it("resolves every default once, exactly", () => {
    const args: OrdersDatabaseArgs = { ...base, mode: "standalone" };
    assert.deepEqual(resolveOrdersDatabaseArgs(args), {
      args: {
        ...args,
        allowedCidrBlocks: [],
        engineVersion: "16.4",
        instanceCount: 2,
        instanceClass: "db.r6g.large",
        backupRetentionDays: 7,
        preferredBackupWindow: "03:00-04:00",
        preferredMaintenanceWindow: "sun:04:30-sun:05:30",
        databaseName: "orders",
        masterUsername: "securecart",
        enableGlobalWriteForwarding: false,
        deletionProtection: true,
      },
      errors: [],
    });
    const { allowedSecurityGroupIds, ...noSgs } = args;
    assert.deepEqual(allowedSecurityGroupIds, ["sg-app"]);
    assert.deepEqual(resolveOrdersDatabaseArgs(noSgs).args.allowedSecurityGroupIds, []);
    // Serverless v2 instances have one class, whatever instanceClass says.
    assert.equal(
      resolveOrdersDatabaseArgs({
        ...args,
        instanceClass: "db.r6g.xlarge",
        serverlessV2: { minAcu: 0.5, maxAcu: 16 },
      }).args.instanceClass,
      "db.serverless",
    );
  });

  it("validation reports every problem at once, naming the property", () => {
    const args: OrdersDatabaseArgs = {
      ...base,
      mode: "global-secondary",
      availabilityZones: ["us-east-1a"],
      instanceCount: 0,
      backupRetentionDays: 3,
    };
    const { errors } = resolveOrdersDatabaseArgs(args);
    assert.deepEqual(
      errors.map((e) => e.split(" ")[0]),
      [
        "instanceCount",
        "availabilityZones",
        "backupRetentionDays",
        "globalClusterIdentifier",
        "replicaSecretArn",
        "globalWriterEndpoint",
      ],
    );
    // A standby secondary may run one reader; a writer needs two.
    assert.deepEqual(
      resolveOrdersDatabaseArgs({
        ...base,
        mode: "global-secondary",
        instanceCount: 1,
        globalClusterIdentifier: "g",
        replicaSecretArn: "arn",
        globalWriterEndpoint: "g.global-x.global.rds.amazonaws.com",
      }).errors,
      [],
    );
    assert.deepEqual(resolveOrdersDatabaseArgs({ ...base, mode: "global-primary" }).errors, [
      "peerRegion is required in global-primary mode, to replicate the password secret",
    ]);
    assert.match(
      resolveOrdersDatabaseArgs({
        ...base,
        mode: "standalone",
        enableGlobalWriteForwarding: true,
      }).errors[0],
      /^enableGlobalWriteForwarding applies only/,
    );
    assert.match(
      resolveOrdersDatabaseArgs({ ...base, mode: "standalone", backupRetentionDays: 36 }).errors[0],
      /^backupRetentionDays must be an integer from 7 to 35/,
    );
    assert.deepEqual(
      resolveOrdersDatabaseArgs({ ...base, mode: "standalone", backupRetentionDays: 35 }).errors,
      [],
    );
  });

  it("serverlessV2: db.serverless instances in a cluster carrying the range", async () => {
    const resources = await record(() => {
      new OrdersDatabase("orders", {
        ...base,
        mode: "global-secondary",
        instanceCount: 1,
        instanceClass: "db.r6g.large",
        globalClusterIdentifier: "orders-global",
        globalWriterEndpoint: "orders-global.global-abc.global.rds.amazonaws.com",
        replicaSecretArn:
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-credentials-abc123",
        serverlessV2: { minAcu: 0.5, maxAcu: 16 },
      });
    });
    assert.deepEqual(onlyOf(resources, CLUSTER).inputs.serverlessv2ScalingConfiguration, {
      minCapacity: 0.5,
      maxCapacity: 16,
    });
    assert.deepEqual(
      ofType(resources, "aws:rds/clusterInstance:ClusterInstance").map(
        (r) => r.inputs.instanceClass,
      ),
      ["db.serverless"],
    );
  });

  it("validates a Serverless v2 range: 0.5-ACU steps within 0.5–256, min ≤ max (no auto-pause)", () => {
    const ok = { ...base, mode: "standalone" as const };
    assert.deepEqual(
      resolveOrdersDatabaseArgs({ ...ok, serverlessV2: { minAcu: 0.5, maxAcu: 16 } }).errors,
      [],
    );
    assert.deepEqual(
      resolveOrdersDatabaseArgs({ ...ok, serverlessV2: { minAcu: 0, maxAcu: 300 } }).errors,
      [
        "serverlessV2.minAcu must be a multiple of 0.5 from 0.5 to 256 ACUs (got 0)",
        "serverlessV2.maxAcu must be a multiple of 0.5 from 0.5 to 256 ACUs (got 300)",
      ],
    );
    assert.deepEqual(
      resolveOrdersDatabaseArgs({ ...ok, serverlessV2: { minAcu: 8, maxAcu: 4.25 } }).errors,
      [
        "serverlessV2.maxAcu must be a multiple of 0.5 from 0.5 to 256 ACUs (got 4.25)",
        "serverlessV2.minAcu must be at most serverlessV2.maxAcu (got 8 > 4.25)",
      ],
    );
  });

  it("refuses bad args before creating anything", async () => {
    await assert.rejects(
      record(() => {
        new OrdersDatabase("orders", { ...base, mode: "global-primary", instanceCount: 1 });
      }),
      /instanceCount must be an integer of at least 2.*; peerRegion is required/,
    );
  });

  it("derives a secret replica's ARN by swapping the region", () => {
    assert.equal(
      secretReplicaArn(
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-credentials-AbC123",
        "eu-west-1",
      ),
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-credentials-AbC123",
    );
    assert.throws(
      () => secretReplicaArn("arn:aws:s3:::bucket", "eu-west-1"),
      /not a Secrets Manager ARN/,
    );
  });
});

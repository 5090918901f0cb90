import { strict as assert } from "assert";
import {
  RecommendationsCache,
  resolveRecommendationsCacheArgs,
} from "../../components/data/recommendationsCache";
import { countByType, onlyOf, promiseOf, record } from "../support/harness";

const base = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  allowedSecurityGroupIds: ["sg-app"],
};
const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

describe("data: RecommendationsCache", () => {
  it("is a multi-AZ replication group with failover, encryption at rest and in transit, and snapshots", async () => {
    let cache!: RecommendationsCache;
    const resources = await record(() => {
      cache = new RecommendationsCache("cache", {
        ...base,
        allowedCidrBlocks: ["10.0.0.0/16"],
        replicas: 2,
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
        notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts",
      });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:data:RecommendationsCache": 1,
      "aws:kms/key:Key": 1,
      "aws:elasticache/subnetGroup:SubnetGroup": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      [GROUP]: 1,
    });
    const key = onlyOf(resources, "aws:kms/key:Key");
    const g = onlyOf(resources, GROUP);
    const i = g.inputs;
    assert.equal(i.engine, "redis");
    assert.equal(i.engineVersion, "7.1");
    assert.equal(i.numCacheClusters, 3);
    assert.deepEqual(i.preferredCacheClusterAzs, ["us-east-1a", "us-east-1b", "us-east-1c"]);
    assert.equal(i.automaticFailoverEnabled, true);
    assert.equal(i.multiAzEnabled, true);
    assert.equal(i.atRestEncryptionEnabled, true);
    assert.deepEqual(g.propertyDependencies.kmsKeyId, [key.urn]);
    assert.equal(i.transitEncryptionEnabled, true);
    assert.equal(i.snapshotRetentionLimit, 7);
    assert.equal(i.snapshotWindow, "04:00-05:00");
    assert.equal(i.nodeType, "cache.r7g.large");
    assert.equal(i.notificationTopicArn, "arn:aws:sns:us-east-1:123456789012:alerts");
    // The cache is derived data, outside backup; the stack's tags come from the provider's defaultTags.
    assert.equal(i.tags, undefined);
    assert.equal(key.inputs.tags, undefined);
    assert.deepEqual(g.propertyDependencies.subnetGroupName, [
      onlyOf(resources, "aws:elasticache/subnetGroup:SubnetGroup").urn,
    ]);

    const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepEqual(
      sg.inputs.ingress.map((r: any) => [r.fromPort, r.toPort, r.securityGroups ?? r.cidrBlocks]),
      [
        [6379, 6379, ["sg-app"]],
        [6379, 6379, ["10.0.0.0/16"]],
      ],
    );
    assert.deepEqual(sg.inputs.egress, []);
    assert.deepEqual(sg.inputs.tags, { Name: "cache-sg" });
    assert.match(await promiseOf(cache.primaryEndpoint), /^master\./);
    assert.match(await promiseOf(cache.readerEndpoint), /^replica\./);
  });

  it("defaults to one replica (two nodes) and the valkey engine's own version", async () => {
    const resources = await record(() => {
      new RecommendationsCache("cache", {
        ...base,
        engine: "valkey",
        nodeType: "cache.t4g.medium",
        snapshotRetentionDays: 14,
      });
    });
    const i = onlyOf(resources, GROUP).inputs;
    assert.deepEqual(
      [i.engine, i.engineVersion, i.numCacheClusters, i.nodeType, i.snapshotRetentionLimit],
      ["valkey", "8.0", 2, "cache.t4g.medium", 14],
    );
    assert.equal(i.preferredCacheClusterAzs, undefined);
  });

  it("resolves every default once, exactly", () => {
    assert.deepEqual(resolveRecommendationsCacheArgs(base), {
      args: {
        ...base,
        allowedCidrBlocks: [],
        availabilityZones: [],
        engine: "redis",
        engineVersion: "7.1",
        nodeType: "cache.r7g.large",
        replicas: 1,
        snapshotRetentionDays: 7,
        snapshotWindow: "04:00-05:00",
        maintenanceWindow: "sun:05:30-sun:06:30",
      },
      errors: [],
    });
    assert.deepEqual(
      resolveRecommendationsCacheArgs({ vpcId: "vpc-1", subnetIds: base.subnetIds }).args
        .allowedSecurityGroupIds,
      [],
    );
    assert.equal(
      resolveRecommendationsCacheArgs({ ...base, engine: "valkey" }).args.engineVersion,
      "8.0",
    );
  });

  it("validation reports every problem at once, naming the property", () => {
    assert.deepEqual(resolveRecommendationsCacheArgs(base).errors, []);
    assert.deepEqual(
      resolveRecommendationsCacheArgs({
        ...base,
        subnetIds: ["subnet-a"],
        replicas: 0,
        snapshotRetentionDays: 6,
      }).errors.map((e) => e.split(" ")[0]),
      ["replicas", "subnetIds", "snapshotRetentionDays"],
    );
  });

  it("refuses a single-node cache before creating anything", async () => {
    await assert.rejects(
      record(() => {
        new RecommendationsCache("cache", { ...base, replicas: 0 });
      }),
      /replicas must be an integer from 1 to 5, so the group has at least 2 nodes/,
    );
  });
});

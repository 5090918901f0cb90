import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AssetsBucket, resolveAssetsBucketArgs } from "../../components/data/assetsBucket";
import {
  AssetsReplication,
  resolveAssetsReplicationArgs,
} from "../../components/data/assetsReplication";
import { BACKUP_TAG } from "../../components/tags";
import { SECURE_BUCKET_CHILDREN as BUCKET_CHILDREN } from "./dataBackup.support";
import { countByType, onlyOf, promiseOf, providerRegion, record } from "../support/harness";

describe("data: AssetsBucket", () => {
  it("is versioned, SSE-KMS with a bucket key, private, owner-enforced, TLS-only and tagged for backup", async () => {
    let assets!: AssetsBucket;
    const resources = await record(() => {
      assets = new AssetsBucket("assets");
    });
    assert.deepEqual(countByType(resources), {
      "securecart:data:AssetsBucket": 1,
      ...BUCKET_CHILDREN,
    });
    const bucket = onlyOf(resources, "aws:s3/bucket:Bucket");
    const key = onlyOf(resources, "aws:kms/key:Key");
    // Only the backup tag: the stack's tags come from the provider's defaultTags.
    assert.deepEqual(bucket.inputs.tags, { [BACKUP_TAG.key]: BACKUP_TAG.value });
    assert.equal(key.inputs.tags, undefined);
    assert.equal(bucket.inputs.forceDestroy, false);
    assert.equal(
      bucket.inputs.bucket,
      "assets-123456789012-us-east-1",
      "a predictable name the recovery stack can pair with",
    );
    for (const r of resources.filter((x) => x.type.startsWith("aws:s3/") && x !== bucket)) {
      assert.deepEqual(r.propertyDependencies.bucket, [bucket.urn], r.type);
    }
    assert.deepEqual(
      onlyOf(resources, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration,
      { status: "Enabled" },
    );
    const sse = onlyOf(
      resources,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    assert.equal(sse.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
    assert.equal(sse.inputs.rules[0].bucketKeyEnabled, true);
    assert.deepEqual(sse.propertyDependencies.rules, [key.urn]);
    const pab = onlyOf(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
    assert.deepEqual(
      [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
      [true, true, true, true],
    );
    assert.equal(
      onlyOf(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule
        .objectOwnership,
      "BucketOwnerEnforced",
    );
    const policy = JSON.parse(onlyOf(resources, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
    assert.deepEqual(policy.Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
    assert.equal(policy.Statement[0].Effect, "Deny");
    const lifecycle = onlyOf(
      resources,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ).inputs.rules[0];
    assert.deepEqual(lifecycle.noncurrentVersionExpiration, { noncurrentDays: 90 });

    assert.equal(await promiseOf(assets.bucketName), "assets-123456789012-us-east-1");
    assert.equal(await promiseOf(assets.bucketArn), "arn:aws:s3:::assets-123456789012-us-east-1");
    assert.match(await promiseOf(assets.kmsKeyArn), /^arn:aws:kms:us-east-1:/);
  });

  it("as a replication destination carries no backup tag, only where it copies from", async () => {
    const resources = await record(
      () => {
        new AssetsBucket("assets", {
          replicaOf: "arn:aws:s3:::assets-primary",
          bucketName: "assets-dr",
        });
      },
      { region: "eu-west-1" },
    );
    assert.equal(onlyOf(resources, "aws:s3/bucket:Bucket").inputs.bucket, "assets-dr");
    assert.deepEqual(countByType(resources), {
      "securecart:data:AssetsBucket": 1,
      ...BUCKET_CHILDREN,
    });
    // No backup tag, and no project or dr-role: those come from the provider's defaultTags.
    assert.deepEqual(onlyOf(resources, "aws:s3/bucket:Bucket").inputs.tags, {
      "replica-of": "arn:aws:s3:::assets-primary",
    });
  });

  it("resolves the noncurrent-version window to 90 days and leaves the name to the account and region", () => {
    assert.deepEqual(resolveAssetsBucketArgs("assets", {}), {
      args: { noncurrentVersionDays: 90 },
      errors: [],
    });
  });

  it("validates the noncurrent-version window and the default name, naming each", async () => {
    assert.deepEqual(resolveAssetsBucketArgs("assets", {}).errors, []);
    assert.deepEqual(
      resolveAssetsBucketArgs("Assets_Primary", { noncurrentVersionDays: 0 }).errors.map(
        (e) => e.split(" ")[0],
      ),
      ["noncurrentVersionDays", "bucketName"],
    );
    assert.deepEqual(
      resolveAssetsBucketArgs("Assets_Primary", { bucketName: "assets-primary" }).errors,
      [],
    );
    await assert.rejects(
      record(() => {
        new AssetsBucket("assets", { noncurrentVersionDays: -1 });
      }),
      /noncurrentVersionDays must be a positive integer \(got -1\)/,
    );
  });
});

describe("data: AssetsReplication", () => {
  const src = {
    name: "assets-primary",
    arn: "arn:aws:s3:::assets-primary",
    key: "arn:aws:kms:us-east-1:123456789012:key/src",
  };
  const source = { bucketName: src.name, bucketArn: src.arn, kmsKeyArn: src.key };

  it("puts the replication config on the primary bucket through the primary provider, into this region's bucket", async () => {
    let dest!: AssetsBucket;
    const resources = await record(
      () => {
        const primaryProvider = new aws.Provider("primary", { region: "us-east-1" });
        dest = new AssetsBucket("assets", { replicaOf: src.arn });
        new AssetsReplication("assets-replication", {
          primaryProvider,
          source,
          destination: { bucketArn: dest.bucketArn, kmsKeyArn: dest.kmsKeyArn },
        });
      },
      { region: "eu-west-1" },
    );
    const mine = resources.filter((r) => r.name.startsWith("assets-replication"));
    assert.deepEqual(countByType(mine), {
      "securecart:data:AssetsReplication": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicy:RolePolicy": 1,
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig": 1,
    });
    for (const r of mine.filter((x) => x.type.startsWith("aws:"))) {
      assert.equal(providerRegion(resources, r), "us-east-1", r.type);
    }

    const destBucket = onlyOf(resources, "aws:s3/bucket:Bucket");
    const destKey = onlyOf(resources, "aws:kms/key:Key");
    const role = onlyOf(resources, "aws:iam/role:Role");
    const cfg = onlyOf(resources, "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
    assert.equal(cfg.inputs.bucket, src.name);
    assert.deepEqual(cfg.propertyDependencies.role, [role.urn]);
    assert.ok(
      cfg.dependencies.includes(onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").urn),
      "waits for the role's permissions",
    );
    const [rule] = cfg.inputs.rules;
    assert.equal(cfg.inputs.rules.length, 1);
    assert.equal(rule.status, "Enabled");
    assert.deepEqual(rule.filter, {});
    assert.deepEqual(rule.deleteMarkerReplication, { status: "Enabled" });
    assert.deepEqual(rule.sourceSelectionCriteria, {
      sseKmsEncryptedObjects: { status: "Enabled" },
    });
    assert.equal(rule.destination.bucket, await promiseOf(dest.bucketArn));
    assert.equal(rule.destination.bucket, "arn:aws:s3:::assets-123456789012-eu-west-1");
    assert.ok(cfg.propertyDependencies.rules.includes(destBucket.urn));
    assert.ok(cfg.propertyDependencies.rules.includes(destKey.urn));
    assert.match(
      rule.destination.encryptionConfiguration.replicaKmsKeyId,
      /^arn:aws:kms:eu-west-1:/,
    );
    assert.deepEqual(rule.destination.replicationTime, {
      status: "Enabled",
      time: { minutes: 15 },
    });
    assert.deepEqual(rule.destination.metrics, {
      status: "Enabled",
      eventThreshold: { minutes: 15 },
    });

    assert.equal(
      JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal.Service,
      "s3.amazonaws.com",
    );
    assert.equal(role.inputs.tags, undefined, "the stack's tags come from defaultTags");
    const statements = JSON.parse(
      onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy,
    ).Statement;
    const resourcesOf = (sid: string) => statements.find((s: any) => s.Sid === sid).Resource;
    assert.equal(resourcesOf("ReadSourceConfig"), src.arn);
    assert.equal(resourcesOf("ReadSourceVersions"), `${src.arn}/*`);
    assert.equal(resourcesOf("WriteDestination"), `${rule.destination.bucket}/*`);
    assert.equal(resourcesOf("DecryptSource"), src.key);
    assert.equal(
      resourcesOf("EncryptDestination"),
      rule.destination.encryptionConfiguration.replicaKmsKeyId,
    );
    assert.ok(
      statements.every((s: any) => s.Resource !== "*"),
      "least privilege: no wildcard resources",
    );
  });

  it("resolves the RTC threshold to 15 minutes and refuses any other", async () => {
    const destination = {
      bucketArn: "arn:aws:s3:::dest",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/dest",
    };
    const primaryProvider = undefined as unknown as aws.Provider;
    assert.deepEqual(resolveAssetsReplicationArgs({ primaryProvider, source, destination }), {
      args: { primaryProvider, source, destination, replicationTimeMinutes: 15 },
      errors: [],
    });
    await assert.rejects(
      record(() => {
        new AssetsReplication("r", {
          primaryProvider: new aws.Provider("primary", { region: "us-east-1" }),
          source,
          destination,
          replicationTimeMinutes: 5,
        });
      }),
      /replicationTimeMinutes must be 15/,
    );
  });
});

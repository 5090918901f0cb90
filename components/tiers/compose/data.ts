import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AssetsBucket,
  AssetsReplication,
  CatalogReplica,
  CatalogTable,
  OrdersDatabase,
  RecommendationsCache,
  secretReplicaArn,
} from "../../data";
import { bothRegionsWrite, DatabaseCapacity } from "../tierProfile";
import { NetworkResult } from "./network";
import { Site } from "./site";
import { RebuildIdentities } from "../../resilience";

export interface DataResult {
  readonly db: OrdersDatabase;
  readonly catalogTableName: pulumi.Input<string>;
  readonly catalogTableArn: pulumi.Input<string>;
  readonly cache: RecommendationsCache;
  readonly assets: AssetsBucket;
}

/** The orders database, the catalog table (or its replica), the recommendations cache and the assets bucket. */
export function composeData(
  site: Site,
  { network }: NetworkResult,
  identities?: RebuildIdentities,
): DataResult {
  const { name, opts, profile, isPrimary, primary, rebuild } = site;
  const { config, availabilityZones } = site.args;
  const global = profile.databaseReplication === "aurora-global";
  const db = new OrdersDatabase(
    `${name}-orders-db`,
    {
      mode: rebuild
        ? "restored"
        : isPrimary
          ? global
            ? "global-primary"
            : "standalone"
          : "global-secondary",
      // The rebuilt region's writer, Multi-AZ like the primary's: it is the only region taking orders now.
      ...(rebuild && identities
        ? {
            snapshotIdentifier: rebuild.snapshotIdentifier,
            restoredCredentials: {
              secretArn: identities.dbSecretArn,
              password: identities.dbPassword,
            },
          }
        : {}),
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      availabilityZones,
      // Where both regions write, the recovery region's database also takes its peer's tasks (the primary's rule
      // for the recovery's tasks is the recovery stack's, ./crossRegionWrites.ts).
      allowedCidrBlocks:
        primary && bothRegionsWrite(profile)
          ? [config.vpcCidr, primary.facts.vpcCidr]
          : [config.vpcCidr],
      instanceClass: config.dbInstanceClass,
      instanceCount: isPrimary || rebuild ? 2 : profile.recovery.databaseInstances,
      // The primary and a rebuilt region take all the load on the configured class; a standby is sized by its tier.
      serverlessV2:
        isPrimary || rebuild ? undefined : serverlessRange(profile.recovery.databaseCapacity),
      peerRegion: isPrimary && global ? config.peerRegion : undefined,
      globalClusterIdentifier: global ? primary?.output("globalClusterId") : undefined,
      globalWriterEndpoint: global ? primary?.output("globalWriterEndpoint") : undefined,
      // Secrets Manager replicas keep the primary secret's ARN, in this region.
      replicaSecretArn:
        primary && global
          ? primary
              .output("dbSecretArn")
              .apply((arn: string) => secretReplicaArn(arn, config.region))
          : undefined,
      // Both regions take writes in active-active, so both clusters forward them while they are a secondary.
      enableGlobalWriteForwarding: global && bothRegionsWrite(profile),
      deletionProtection: config.deletionProtection,
    },
    opts,
  );

  let catalogTableName: pulumi.Input<string>;
  let catalogTableArn: pulumi.Input<string>;
  if (isPrimary) {
    const table = new CatalogTable(
      `${name}-catalog`,
      { deletionProtection: config.deletionProtection },
      opts,
    );
    catalogTableName = table.tableName;
    catalogTableArn = table.tableArn;
  } else if (rebuild) {
    // The runbook restored the DR vault's copy under the primary's name; reading it here fails the preview, naming
    // the table, until that restore has finished. AWS Backup made the table, so no stack owns it.
    catalogTableName = primary!.output("catalogTableName");
    catalogTableArn = aws.dynamodb.getTableOutput({ name: catalogTableName }, opts).arn;
  } else {
    const replica = new CatalogReplica(
      `${name}-catalog`,
      {
        globalTableArn: primary!.output("catalogTableArn"),
        deletionProtection: config.deletionProtection,
      },
      opts,
    );
    catalogTableName = primary!.output("catalogTableName");
    catalogTableArn = replica.replicaArn;
  }

  const cache = new RecommendationsCache(
    `${name}-cache`,
    {
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      allowedCidrBlocks: [config.vpcCidr],
      // A rebuilt region takes all the traffic: the primary's size.
      nodeType:
        isPrimary || rebuild || profile.recovery.cacheNodeType === "primary"
          ? config.cacheNodeType
          : profile.recovery.cacheNodeType,
      replicas: isPrimary || rebuild ? 2 : profile.recovery.cacheReplicas,
    },
    opts,
  );

  const assets = isPrimary ? new AssetsBucket(`${name}-assets`, {}, opts) : replicateAssets(site);
  return { db, catalogTableName, catalogTableArn, cache, assets };
}

function serverlessRange(
  capacity: DatabaseCapacity,
): { minAcu: number; maxAcu: number } | undefined {
  return capacity.kind === "serverless-v2"
    ? { minAcu: capacity.minAcu, maxAcu: capacity.maxAcu }
    : undefined;
}

/** A recovery-side assets bucket, with the replication (owned here, run in the primary region) that fills it. */
export function replicateAssets(site: Site): AssetsBucket {
  const { name, opts } = site;
  const primary = site.primary!;
  const assets = new AssetsBucket(
    `${name}-assets`,
    { replicaOf: primary.output("assetsBucketArn") },
    opts,
  );
  new AssetsReplication(
    `${name}-assets-replication`,
    {
      primaryProvider: primary.provider,
      source: {
        bucketName: primary.output("assetsBucketName"),
        bucketArn: primary.output("assetsBucketArn"),
        kmsKeyArn: primary.output("assetsKmsKeyArn"),
      },
      destination: { bucketArn: assets.bucketArn, kmsKeyArn: assets.kmsKeyArn },
    },
    // PutBucketReplication refuses a destination without versioning (AssetsReplication's doc); the source's is the
    // primary's, deployed first.
    { ...opts, dependsOn: [assets.versioning] },
  );
  return assets;
}

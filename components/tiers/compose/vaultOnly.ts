import * as pulumi from "@pulumi/pulumi";
import { BackupVault } from "../../backup";
import { copyPrimaryBackups } from "./backup";
import { composeAlerts } from "./alerts";
import { composeCertificate, composeImage } from "./compute";
import { replicateAssets } from "./data";
import { composeRebuildReadiness } from "./rebuild";
import { Site, SiteProviders } from "./site";
import { composeStandbyFrontDoor } from "./traffic";

export interface VaultOnlyResult {
  readonly drVaultArn: pulumi.Output<string>;
  readonly assetsBucketName: pulumi.Output<string>;
  readonly ecrRepositoryUrl: pulumi.Output<string>;
  readonly alertTopicArn: pulumi.Output<string>;
  readonly healthCheckId: pulumi.Output<string>;
  readonly rebuildDbSecretArn: pulumi.Output<string>;
}

/**
 * Backup-restore's recovery region: the DR vault, the copy rule into it and the replicated bucket; and what a
 * rebuild during a us-east-1 outage needs ready (DESIGN.md decision 15): the certificate (ACM), the IAM roles
 * and database credentials, the image, and the SECONDARY record with its standby accelerator (Route 53). Also
 * the probe that alerts from here when the primary stops answering. Nothing runs. Every resource here has the
 * name the rebuilt region's has (../composeRegion.ts), so the rebuild's `pulumi up` leaves each one as it is.
 */
export function composeVaultOnlyRegion(site: Site, providers: SiteProviders): VaultOnlyResult {
  const { name, opts } = site;
  // The same name as a serving recovery region's vault (./backup.ts): growing to pilot light keeps this vault,
  // and every recovery point in it, as the same resource.
  const vault = new BackupVault(`${name}-vault`, {}, opts);
  copyPrimaryBackups(site, vault);
  const assets = replicateAssets(site);
  const { alerts } = composeAlerts(site);
  const image = composeImage(site);
  composeCertificate(site);
  const readiness = composeRebuildReadiness(site);
  const health = composeStandbyFrontDoor(site, providers.acceleratorProvider!);
  return {
    drVaultArn: vault.vaultArn,
    assetsBucketName: assets.bucketName,
    ecrRepositoryUrl: image.repositoryUrl,
    alertTopicArn: alerts.topicArn,
    healthCheckId: health.healthCheckId,
    rebuildDbSecretArn: readiness.dbSecretArn,
  };
}

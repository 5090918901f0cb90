import * as pulumi from "@pulumi/pulumi";
import { BackupVault } from "../../backup";
import { copyPrimaryBackups } from "./backup";
import { composeCertificate } from "./compute";
import { replicateAssets } from "./data";
import { Site } from "./site";

export interface VaultOnlyResult {
  readonly drVaultArn: pulumi.Output<string>;
  readonly assetsBucketName: pulumi.Output<string>;
}

/**
 * Backup-restore's recovery region: the DR vault, the copy rule into it, the replicated bucket and the region's
 * certificate. Nothing runs.
 */
export function composeVaultOnlyRegion(site: Site): VaultOnlyResult {
  const { name, opts } = site;
  const role = site.args.config.role;
  // The same name as a serving recovery region's vault (./backup.ts): growing to pilot light keeps this vault,
  // and every recovery point in it, as the same resource.
  const vault = new BackupVault(`${name}-vault`, { role }, opts);
  copyPrimaryBackups(site, vault);
  const assets = replicateAssets(site);
  // Ready ahead of a rebuild, which then needs no certificate issued while us-east-1 may be down (decision 15).
  composeCertificate(site);
  return { drVaultArn: vault.vaultArn, assetsBucketName: assets.bucketName };
}

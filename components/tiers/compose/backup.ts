import { BackupPlan, BackupVault, CrossRegionBackupCopy } from "../../backup";
import { stackTags } from "../../tags";
import { Site } from "./site";
import { RebuildIdentities } from "../../resilience";

export interface BackupResult {
  readonly vault: BackupVault;
}

/** This region's own vault and plan; the recovery stack also owns the copy of the primary's backups. */
export function composeBackup(site: Site, identities?: RebuildIdentities): BackupResult {
  const { name, opts, profile, primary } = site;
  const vault = new BackupVault(`${name}-vault`, {}, opts);
  new BackupPlan(
    `${name}-backup`,
    {
      vaultName: vault.vaultName,
      schedule: profile.backup.schedule,
      retentionDays: profile.backup.retentionDays,
      coldStorageAfterDays: profile.backup.coldStorageAfterDays,
      coldRetentionDays: profile.backup.coldRetentionDays,
      continuous: profile.backup.continuous,
      // Once promoted, the recovery region's own backups must leave the region too: back to the primary's vault.
      copyToVaultArn: primary?.output("primaryVaultArn"),
      copyRetentionDays: primary ? profile.backup.copyRetentionDays : undefined,
      // A rule property, which the providers' defaultTags do not reach.
      recoveryPointTags: stackTags(site.args.config.role),
      // A rebuilt region's service role was made ahead of time; its snapshot exports wait for the re-home.
      serviceRoleArn: identities?.backupRoleArn,
      snapshotExports: identities === undefined,
    },
    opts,
  );
  if (primary) copyPrimaryBackups(site, vault);
  return { vault };
}

/** The copy rule (owned here, run in the primary region) that copies the primary's backups into `vault`. */
export function copyPrimaryBackups(site: Site, vault: BackupVault): void {
  const { backup } = site.profile;
  const primary = site.primary!;
  new CrossRegionBackupCopy(
    `${site.name}-backup-copy`,
    {
      primaryProvider: primary.provider,
      sourceVaultName: primary.output("primaryVaultName"),
      destinationVaultArn: vault.vaultArn,
      schedule: backup.schedule,
      retentionDays: backup.retentionDays,
      coldStorageAfterDays: backup.coldStorageAfterDays,
      coldRetentionDays: backup.coldRetentionDays,
      copyRetentionDays: backup.copyRetentionDays,
      recoveryPointTags: stackTags(site.args.config.role),
    },
    site.opts,
  );
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface BackupVaultArgs {
  /**
   * Vault Lock: the shortest retention a recovery point may be given; no one, root included, can delete a
   * point sooner. Unset leaves the vault unlocked. Defaults to none.
   */
  readonly lockMinRetentionDays?: number;
  /** Vault Lock: the longest retention allowed. Defaults to none. */
  readonly lockMaxRetentionDays?: number;
  /**
   * Vault Lock: days the lock can still be removed; afterwards it is immutable (compliance mode). Unset keeps it
   * in governance mode, removable by privileged users. Defaults to none.
   */
  readonly lockChangeableForDays?: number;
}

/** The vault's lock, when there is one: the three lock args together, which only mean something as a set. */
export interface ResolvedBackupVaultArgs {
  readonly lock?: {
    readonly minRetentionDays: number;
    readonly maxRetentionDays?: number;
    readonly changeableForDays?: number;
  };
}

/** The args with every default applied, and every problem with them, each naming the property. */
export function resolveBackupVaultArgs(args: BackupVaultArgs): Resolved<ResolvedBackupVaultArgs> {
  const errors: string[] = [];
  const {
    lockMinRetentionDays: min,
    lockMaxRetentionDays: max,
    lockChangeableForDays: changeable,
  } = args;
  if (min !== undefined && (!Number.isInteger(min) || min < 1))
    errors.push(`lockMinRetentionDays must be a positive integer (got ${min})`);
  if (max !== undefined && (!Number.isInteger(max) || max < (min ?? 1))) {
    errors.push(
      `lockMaxRetentionDays must be an integer of at least lockMinRetentionDays (got ${max})`,
    );
  }
  if ((max !== undefined || changeable !== undefined) && min === undefined) {
    errors.push(
      `lockMinRetentionDays is required when lockMaxRetentionDays or lockChangeableForDays is set`,
    );
  }
  // AWS requires at least 3 days of grace before a compliance-mode lock becomes immutable.
  if (changeable !== undefined && (!Number.isInteger(changeable) || changeable < 3)) {
    errors.push(`lockChangeableForDays must be an integer of at least 3 (got ${changeable})`);
  }
  const lock =
    min === undefined
      ? undefined
      : { minRetentionDays: min, maxRetentionDays: max, changeableForDays: changeable };
  return { args: { lock }, errors };
}

/**
 * An AWS Backup vault encrypted with its own customer KMS key: the primary's vault, or the DR vault that the
 * cross-region copy rule writes to. Optionally locked, so a compromised account cannot purge its backups.
 */
export class BackupVault extends pulumi.ComponentResource {
  public readonly vaultName: pulumi.Output<string>;
  public readonly vaultArn: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: BackupVaultArgs = {},
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:backup:BackupVault", name, {}, opts);
    const a = requireValid(resolveBackupVaultArgs(args), "BackupVault", name, this);
    const opt = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: AWS Backup vault`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      opt,
    );
    const vault = new aws.backup.Vault(
      `${name}-vault`,
      { kmsKeyArn: key.arn, forceDestroy: false },
      opt,
    );
    if (a.lock) {
      new aws.backup.VaultLockConfiguration(
        `${name}-lock`,
        { backupVaultName: vault.name, ...a.lock },
        opt,
      );
    }

    this.vaultName = vault.name;
    this.vaultArn = vault.arn;
    this.kmsKeyArn = key.arn;
    this.registerOutputs({
      vaultName: this.vaultName,
      vaultArn: this.vaultArn,
      kmsKeyArn: this.kmsKeyArn,
    });
  }
}

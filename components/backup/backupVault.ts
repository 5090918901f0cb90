import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { baseTags } from "../tags";

export interface BackupVaultArgs {
  /** Region role, for tags. Defaults to `primary`. */
  readonly role?: string;
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

/** Every problem with the args, each naming the property; empty when they are valid. */
export function validateBackupVaultArgs(args: BackupVaultArgs): string[] {
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
  return errors;
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
    const errors = validateBackupVaultArgs(args);
    if (errors.length > 0)
      throw new pulumi.ResourceError(`BackupVault ${name}: ${errors.join("; ")}`, this);
    const role = args.role ?? "primary";
    const opt = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: AWS Backup vault`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: baseTags(role),
      },
      opt,
    );
    const vault = new aws.backup.Vault(
      `${name}-vault`,
      { kmsKeyArn: key.arn, forceDestroy: false, tags: baseTags(role) },
      opt,
    );
    if (args.lockMinRetentionDays !== undefined) {
      new aws.backup.VaultLockConfiguration(
        `${name}-lock`,
        {
          backupVaultName: vault.name,
          minRetentionDays: args.lockMinRetentionDays,
          maxRetentionDays: args.lockMaxRetentionDays,
          changeableForDays: args.lockChangeableForDays,
        },
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

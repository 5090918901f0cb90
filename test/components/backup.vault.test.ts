import { strict as assert } from "assert";
import { BackupVault, validateBackupVaultArgs } from "../../components/backup/backupVault";
import { countByType, onlyOf, promiseOf, record } from "../support/harness";

describe("backup: BackupVault", () => {
  it("is a vault encrypted with its own rotating customer key, unlocked by default", async () => {
    let vault!: BackupVault;
    const resources = await record(
      () => {
        vault = new BackupVault("dr", { role: "recovery" });
      },
      { region: "eu-west-1" },
    );
    assert.deepEqual(countByType(resources), {
      "securecart:backup:BackupVault": 1,
      "aws:kms/key:Key": 1,
      "aws:backup/vault:Vault": 1,
    });
    const key = onlyOf(resources, "aws:kms/key:Key");
    assert.equal(key.inputs.enableKeyRotation, true);
    const v = onlyOf(resources, "aws:backup/vault:Vault");
    assert.deepEqual(v.propertyDependencies.kmsKeyArn, [key.urn]);
    assert.match(v.inputs.kmsKeyArn, /^arn:aws:kms:eu-west-1:/);
    assert.equal(v.inputs.forceDestroy, false);
    assert.match(await promiseOf(vault.vaultArn), /^arn:aws:backup:eu-west-1:/);
    assert.equal(await promiseOf(vault.kmsKeyArn), v.inputs.kmsKeyArn);
  });

  it("adds a vault lock when a minimum retention is given", async () => {
    const resources = await record(() => {
      new BackupVault("vault", {
        lockMinRetentionDays: 35,
        lockMaxRetentionDays: 400,
        lockChangeableForDays: 3,
      });
    });
    const lock = onlyOf(resources, "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    assert.deepEqual(
      [lock.inputs.minRetentionDays, lock.inputs.maxRetentionDays, lock.inputs.changeableForDays],
      [35, 400, 3],
    );
    assert.deepEqual(lock.propertyDependencies.backupVaultName, [
      onlyOf(resources, "aws:backup/vault:Vault").urn,
    ]);
  });

  it("validates the lock settings together, naming each", async () => {
    assert.deepEqual(validateBackupVaultArgs({}), []);
    assert.deepEqual(
      validateBackupVaultArgs({ lockMaxRetentionDays: 0, lockChangeableForDays: 1 }).map(
        (e) => e.split(" ")[0],
      ),
      ["lockMaxRetentionDays", "lockMinRetentionDays", "lockChangeableForDays"],
    );
    assert.match(
      validateBackupVaultArgs({ lockMinRetentionDays: 30, lockMaxRetentionDays: 7 })[0],
      /^lockMaxRetentionDays must be an integer of at least lockMinRetentionDays/,
    );
    await assert.rejects(
      record(() => {
        new BackupVault("vault", { lockMinRetentionDays: 0 });
      }),
      /lockMinRetentionDays must be a positive integer \(got 0\)/,
    );
  });
});

import { strict as assert } from "assert";
import { BackupVault, resolveBackupVaultArgs } from "../../components/backup/backupVault";
import { countByType, ofType, onlyOf, promiseOf, record } from "../support/harness";

describe("backup: BackupVault", () => {
  it("is a vault encrypted with its own rotating customer key, unlocked by default", async () => {
    let vault!: BackupVault;
    const resources = await record(
      () => {
        vault = new BackupVault("dr");
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
    // The stack's tags come from the provider's defaultTags, not from the component.
    assert.equal(key.inputs.tags, undefined);
    assert.equal(v.inputs.tags, undefined);
    assert.equal(
      ofType(resources, "aws:backup/vaultLockConfiguration:VaultLockConfiguration").length,
      0,
    );
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

  it("resolves no lock by default, and the three lock args as one lock", () => {
    assert.deepEqual(resolveBackupVaultArgs({}), { args: { lock: undefined }, errors: [] });
    assert.deepEqual(resolveBackupVaultArgs({ lockMinRetentionDays: 35 }), {
      args: {
        lock: { minRetentionDays: 35, maxRetentionDays: undefined, changeableForDays: undefined },
      },
      errors: [],
    });
  });

  it("validates the lock settings together, naming each", async () => {
    assert.deepEqual(resolveBackupVaultArgs({}).errors, []);
    assert.deepEqual(
      resolveBackupVaultArgs({ lockMaxRetentionDays: 0, lockChangeableForDays: 1 }).errors.map(
        (e) => e.split(" ")[0],
      ),
      ["lockMaxRetentionDays", "lockMinRetentionDays", "lockChangeableForDays"],
    );
    assert.match(
      resolveBackupVaultArgs({ lockMinRetentionDays: 30, lockMaxRetentionDays: 7 }).errors[0],
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

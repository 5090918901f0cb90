import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { BackupVault } from "../../components/backup/backupVault";
import {
  CrossRegionBackupCopy,
  CrossRegionBackupCopyArgs,
  resolveCrossRegionBackupCopyArgs,
} from "../../components/backup/crossRegionBackupCopy";
import { BACKUP_TAG, stackTags } from "../../components/tags";
import { TIER_PROFILES } from "../../components/tiers/tierProfile";
import { byName } from "./dataBackup.support";
import { countByType, ofType, providerRegion, record } from "../support/harness";

const b = TIER_PROFILES["pilot-light"].backup;
const profile = {
  schedule: b.schedule,
  retentionDays: b.retentionDays,
  coldStorageAfterDays: b.coldStorageAfterDays,
  coldRetentionDays: b.coldRetentionDays,
  copyRetentionDays: b.copyRetentionDays,
};
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";

describe("backup: CrossRegionBackupCopy", () => {
  it("backs up the primary's resources in the primary region and copies every point into the DR vault", async () => {
    const resources = await record(
      () => {
        const primaryProvider = new aws.Provider("primary", { region: "us-east-1" });
        const vault = new BackupVault("dr");
        new CrossRegionBackupCopy("copy", {
          primaryProvider,
          sourceVaultName: "primary-vault",
          destinationVaultArn: vault.vaultArn,
          ...profile,
          recoveryPointTags: stackTags("recovery"),
        });
      },
      { region: "eu-west-1" },
    );
    const mine = resources.filter((r) => r.name.startsWith("copy"));
    assert.deepEqual(countByType(mine), {
      "securecart:backup:CrossRegionBackupCopy": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 4,
      [PLAN]: 2,
      [SELECTION]: 2,
    });
    for (const r of mine.filter((x) => x.type.startsWith("aws:"))) {
      assert.equal(providerRegion(resources, r), "us-east-1", `${r.type} ${r.name}`);
    }
    assert.equal(
      ofType(resources, "aws:backup/regionSettings:RegionSettings").length,
      0,
      "the primary's own BackupPlan owns its region settings",
    );

    const vault = ofType(resources, "aws:backup/vault:Vault")[0];
    assert.equal(
      providerRegion(resources, vault),
      undefined,
      "the DR vault is in this stack's region",
    );
    const [warm, cold] = byName(ofType(resources, PLAN), "copy-warm", "copy-cold");
    assert.deepEqual(
      [warm.inputs.rules[0].ruleName, cold.inputs.rules[0].ruleName],
      ["rds-s3-copy", "dynamodb-copy"],
    );
    for (const plan of [warm, cold]) {
      assert.equal(plan.inputs.rules.length, 1);
      const [rule] = plan.inputs.rules;
      assert.equal(rule.targetVaultName, "primary-vault");
      assert.equal(rule.schedule, b.schedule);
      assert.equal(
        rule.enableContinuousBackup,
        undefined,
        "the primary's own plan holds the one continuous backup per resource",
      );
      assert.deepEqual(rule.lifecycle, { deleteAfter: 35 });
      assert.equal(rule.copyActions.length, 1);
      assert.match(rule.copyActions[0].destinationVaultArn, /^arn:aws:backup:eu-west-1:/);
      assert.deepEqual(plan.propertyDependencies.rules, [vault.urn]);
      // A rule property, not a resource tag: the provider's defaultTags do not reach it.
      assert.deepEqual(rule.recoveryPointTags, {
        project: "securecart",
        "dr-role": "recovery",
        "copied-to": "dr-vault",
      });
      assert.equal(plan.inputs.tags, undefined);
    }
    assert.deepEqual(warm.inputs.rules[0].copyActions[0].lifecycle, { deleteAfter: 35 });
    const coldCopy = cold.inputs.rules[0].copyActions[0].lifecycle;
    assert.deepEqual(coldCopy, { coldStorageAfter: 30, deleteAfter: 365 });
    assert.ok(coldCopy.deleteAfter >= coldCopy.coldStorageAfter + 90);

    const role = mine.find((r) => r.type === "aws:iam/role:Role")!;
    assert.equal(role.inputs.tags, undefined);
    assert.deepEqual(
      byName(ofType(mine, SELECTION), "copy-warm", "copy-cold").map((s) => [
        s.propertyDependencies.planId,
        s.inputs.resources,
        s.inputs.conditions[0].stringEquals,
        s.propertyDependencies.iamRoleArn,
      ]),
      [
        [
          [warm.urn],
          ["arn:aws:rds:*:*:cluster:*", "arn:aws:s3:::*"],
          [{ key: `aws:ResourceTag/${BACKUP_TAG.key}`, value: BACKUP_TAG.value }],
          [role.urn],
        ],
        [
          [cold.urn],
          ["arn:aws:dynamodb:*:*:table/*"],
          [{ key: `aws:ResourceTag/${BACKUP_TAG.key}`, value: BACKUP_TAG.value }],
          [role.urn],
        ],
      ],
    );
  });

  it("resolves recoveryPointTags to `{}` and reports every problem at once, naming the property", async () => {
    const primaryProvider = undefined as unknown as aws.Provider;
    const base: CrossRegionBackupCopyArgs = {
      primaryProvider,
      sourceVaultName: "v",
      destinationVaultArn: "arn",
      ...profile,
    };
    assert.deepEqual(resolveCrossRegionBackupCopyArgs(base), {
      args: { ...base, recoveryPointTags: {} },
      errors: [],
    });
    assert.deepEqual(
      resolveCrossRegionBackupCopyArgs({
        ...base,
        schedule: "rate(10 minutes)",
        coldRetentionDays: 60,
        copyRetentionDays: 0,
      }).errors.map((e) => e.split(" ")[0]),
      ["schedule", "coldRetentionDays", "copyRetentionDays"],
    );
    // Snapshots only: no continuous-backup cap on how long the copy plan keeps its points.
    assert.deepEqual(resolveCrossRegionBackupCopyArgs({ ...base, retentionDays: 90 }).errors, []);
    await assert.rejects(
      record(() => {
        new CrossRegionBackupCopy("copy", {
          ...base,
          primaryProvider: new aws.Provider("primary", { region: "us-east-1" }),
          coldRetentionDays: 100,
        });
      }),
      /coldRetentionDays \(deleteAfter\) must be at least coldStorageAfterDays \+ 90 = 120 \(got 100\)/,
    );
  });
});

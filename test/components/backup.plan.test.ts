import { strict as assert } from "assert";
import {
  BackupPlan,
  BackupPlanArgs,
  resolveBackupPlanArgs,
} from "../../components/backup/backupPlan";
import { validateBackupSchedule } from "../../components/backup/backupRules";
import { BACKUP_TAG, stackTags } from "../../components/tags";
import { TIER_PROFILES } from "../../components/tiers/tierProfile";
import { byName, SECURE_BUCKET_CHILDREN } from "./dataBackup.support";
import { countByType, onlyOf, ofType, promiseOf, record } from "../support/harness";

const profile = TIER_PROFILES["backup-restore"].backup;
const args: BackupPlanArgs = {
  vaultName: "vault-1",
  schedule: profile.schedule,
  retentionDays: profile.retentionDays,
  coldStorageAfterDays: profile.coldStorageAfterDays,
  coldRetentionDays: profile.coldRetentionDays,
  continuous: profile.continuous,
};
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const TAG_CONDITION = [
  { stringEquals: [{ key: `aws:ResourceTag/${BACKUP_TAG.key}`, value: BACKUP_TAG.value }] },
];

describe("backup: BackupPlan", () => {
  it("splits Aurora/RDS and S3 from DynamoDB into two plans so only DynamoDB gets cold storage", async () => {
    let plan!: BackupPlan;
    const resources = await record(() => {
      plan = new BackupPlan("backup", { ...args, recoveryPointTags: stackTags("primary") });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:backup:BackupPlan": 1,
      "aws:backup/regionSettings:RegionSettings": 1,
      "aws:iam/role:Role": 2,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 4,
      [PLAN]: 2,
      [SELECTION]: 2,
      // The snapshot-export bucket.
      ...SECURE_BUCKET_CHILDREN,
      "aws:iam/rolePolicy:RolePolicy": 1,
    });

    const [warm, cold] = byName(ofType(resources, PLAN), "backup-warm", "backup-cold");
    assert.equal(warm.name, "backup-warm");
    assert.deepEqual(warm.inputs.rules, [
      {
        ruleName: "rds-s3",
        targetVaultName: "vault-1",
        schedule: "cron(0 * ? * * *)",
        startWindow: 60,
        completionWindow: 180,
        enableContinuousBackup: true,
        lifecycle: { deleteAfter: 35 },
        // A rule property, not a resource tag: the provider's defaultTags do not reach it.
        recoveryPointTags: { project: "securecart", "dr-role": "primary" },
      },
    ]);
    // The plans' own tags are the provider's defaultTags.
    assert.equal(warm.inputs.tags, undefined);
    assert.equal(cold.name, "backup-cold");
    const [drule] = cold.inputs.rules;
    assert.equal(cold.inputs.rules.length, 1);
    assert.equal(drule.ruleName, "dynamodb");
    assert.deepEqual(drule.lifecycle, { coldStorageAfter: 30, deleteAfter: 365 });
    assert.ok(drule.lifecycle.deleteAfter >= drule.lifecycle.coldStorageAfter + 90);
    assert.equal(drule.enableContinuousBackup, undefined);
    assert.equal(drule.copyActions, undefined);
    assert.deepEqual(drule.recoveryPointTags, { project: "securecart", "dr-role": "primary" });
    assert.equal(cold.inputs.tags, undefined);

    const settings = onlyOf(resources, "aws:backup/regionSettings:RegionSettings");
    assert.equal(settings.inputs.resourceTypeManagementPreference.DynamoDB, true);
    for (const t of ["Aurora", "RDS", "DynamoDB"])
      assert.equal(settings.inputs.resourceTypeOptInPreference[t], true, t);
    assert.ok(
      cold.dependencies.includes(settings.urn),
      "cold storage for DynamoDB needs advanced features first",
    );

    const backupRole = resources.find((r) => r.name === "backup-role")!;
    assert.equal(backupRole.inputs.tags, undefined);
    assert.equal(
      JSON.parse(backupRole.inputs.assumeRolePolicy).Statement[0].Principal.Service,
      "backup.amazonaws.com",
    );
    assert.deepEqual(
      ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .map((a) => a.inputs.policyArn)
        .sort(),
      [
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ],
    );

    const selections = byName(ofType(resources, SELECTION), "backup-warm", "backup-cold");
    assert.deepEqual(
      selections.map((s) => [
        s.propertyDependencies.planId,
        s.inputs.resources,
        s.inputs.conditions,
        s.propertyDependencies.iamRoleArn,
      ]),
      [
        [
          [warm.urn],
          ["arn:aws:rds:*:*:cluster:*", "arn:aws:s3:::*"],
          TAG_CONDITION,
          [backupRole.urn],
        ],
        [[cold.urn], ["arn:aws:dynamodb:*:*:table/*"], TAG_CONDITION, [backupRole.urn]],
      ],
    );
    // ListOfTags would be ORed with `resources`, selecting every tagged resource into both plans.
    assert.ok(selections.every((s) => s.inputs.selectionTags === undefined));

    assert.equal(plan.planIds.length, 2);
    assert.equal(plan.selectionIds.length, 2);
    assert.match(
      await promiseOf(plan.exportRoleArn!),
      /^arn:aws:iam::\d+:role\/backup-export-role/,
    );
  });

  it("with a service role made ahead and no exports (a rebuild), creates no IAM resource and selects with that role", async () => {
    const serviceRoleArn = "arn:aws:iam::123456789012:role/securecart-rebuild-backup";
    let plan: BackupPlan | undefined;
    const resources = await record(() => {
      plan = new BackupPlan("backup", { ...args, serviceRoleArn, snapshotExports: false });
    });
    assert.deepEqual(
      resources.filter((r) => r.type.startsWith("aws:iam/")).map((r) => r.name),
      [],
    );
    assert.deepEqual(
      resources.filter((r) => r.type.startsWith("aws:s3/")).map((r) => r.name),
      [],
    );
    const selections = resources.filter((r) => r.type === "aws:backup/selection:Selection");
    assert.deepEqual(
      selections.map((s) => s.inputs.iamRoleArn),
      [serviceRoleArn, serviceRoleArn],
    );
    assert.equal(await promiseOf(plan!.backupRoleArn), serviceRoleArn);
    assert.equal(plan!.exportRoleArn, undefined);
  });

  it("keeps long-term RDS exports in an S3 bucket that ages into Glacier, writable only by the export role", async () => {
    const resources = await record(() => {
      new BackupPlan("backup", { ...args, exportExpireAfterDays: 3650 });
    });
    const bucket = onlyOf(resources, "aws:s3/bucket:Bucket");
    // The exports are themselves backups: exempt from backup and replication coverage.
    assert.deepEqual(bucket.inputs.tags, {
      purpose: "rds-snapshot-export",
      [BACKUP_TAG.key]: "none",
    });
    const key = resources.find((r) => r.name === "backup-export-key")!;
    assert.equal(
      onlyOf(resources, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration
        .status,
      "Enabled",
    );
    const sse = onlyOf(
      resources,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    assert.equal(sse.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
    assert.deepEqual(sse.propertyDependencies.rules, [key.urn]);
    const pab = onlyOf(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
    assert.ok(
      pab.blockPublicAcls &&
        pab.blockPublicPolicy &&
        pab.ignorePublicAcls &&
        pab.restrictPublicBuckets,
    );
    const [rule] = onlyOf(
      resources,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ).inputs.rules;
    assert.deepEqual(rule.transitions, [
      { days: 30, storageClass: "GLACIER" },
      { days: 180, storageClass: "DEEP_ARCHIVE" },
    ]);
    assert.deepEqual(rule.expiration, { days: 3650 });

    const exportRole = resources.find(
      (r) => r.name === "backup-export-role" && r.type === "aws:iam/role:Role",
    )!;
    assert.equal(
      JSON.parse(exportRole.inputs.assumeRolePolicy).Statement[0].Principal.Service,
      "export.rds.amazonaws.com",
    );
    const exportPolicy = onlyOf(resources, "aws:iam/rolePolicy:RolePolicy");
    assert.deepEqual(exportPolicy.propertyDependencies.role, [exportRole.urn]);
    const statements = JSON.parse(exportPolicy.inputs.policy).Statement;
    const bucketArn = statements.find((s: any) => s.Sid === "ExportBucket").Resource;
    assert.match(bucketArn, /^arn:aws:s3:::/);
    assert.equal(statements.find((s: any) => s.Sid === "ExportObjects").Resource, `${bucketArn}/*`);
    assert.ok(
      statements.find((s: any) => s.Sid === "ExportObjects").Action.includes("s3:PutObject"),
    );
    assert.match(
      statements.find((s: any) => s.Sid === "ExportKey").Resource,
      /^arn:aws:kms:us-east-1:/,
    );
    assert.ok(exportPolicy.propertyDependencies.policy.includes(bucket.urn));
  });

  it("copies to another region's vault when asked (the recovery stack's own plan), and can leave region settings alone", async () => {
    const resources = await record(
      () => {
        new BackupPlan("backup", {
          ...args,
          manageRegionSettings: false,
          copyToVaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:primary",
          copyRetentionDays: 40,
        });
      },
      { region: "eu-west-1" },
    );
    assert.equal(ofType(resources, "aws:backup/regionSettings:RegionSettings").length, 0);
    const [warm, cold] = byName(ofType(resources, PLAN), "backup-warm", "backup-cold");
    const dest = "arn:aws:backup:us-east-1:123456789012:backup-vault:primary";
    assert.deepEqual(warm.inputs.rules[0].copyActions, [
      { destinationVaultArn: dest, lifecycle: { deleteAfter: 40 } },
    ]);
    assert.deepEqual(cold.inputs.rules[0].copyActions, [
      { destinationVaultArn: dest, lifecycle: { coldStorageAfter: 30, deleteAfter: 365 } },
    ]);
  });

  it("resolves every default once, exactly", () => {
    assert.deepEqual(resolveBackupPlanArgs(args), {
      args: {
        ...args,
        continuous: true,
        copyRetentionDays: 35,
        manageRegionSettings: true,
        exportGlacierAfterDays: 30,
        exportDeepArchiveAfterDays: 180,
        exportExpireAfterDays: 2555,
        snapshotExports: true,
        recoveryPointTags: {},
      },
      errors: [],
    });
    const { continuous, ...noContinuous } = args;
    assert.equal(continuous, true);
    assert.equal(resolveBackupPlanArgs(noContinuous).args.continuous, false);
    assert.equal(
      resolveBackupPlanArgs({ ...args, copyRetentionDays: 40 }).args.copyRetentionDays,
      40,
    );
  });

  it("validation reports every problem at once, naming the property", () => {
    assert.deepEqual(resolveBackupPlanArgs(args).errors, []);
    const { errors } = resolveBackupPlanArgs({
      ...args,
      schedule: "rate(30 minutes)",
      retentionDays: 36,
      coldStorageAfterDays: 30,
      coldRetentionDays: 100,
      exportGlacierAfterDays: 30,
      exportDeepArchiveAfterDays: 60,
    });
    assert.deepEqual(
      errors.map((e) => e.split(" ")[0]),
      ["schedule", "retentionDays", "coldRetentionDays", "exportDeepArchiveAfterDays"],
    );
    assert.match(errors[1], /at most 35 with continuous backup/);
    assert.match(errors[2], /at least coldStorageAfterDays \+ 90 = 120 \(got 100\)/);
    assert.deepEqual(
      resolveBackupPlanArgs({ ...args, continuous: false, retentionDays: 90 }).errors,
      [],
    );
  });

  it("refuses a schedule more frequent than hourly before creating anything", async () => {
    await assert.rejects(
      record(() => {
        new BackupPlan("backup", { ...args, schedule: "cron(*/15 * ? * * *)" });
      }),
      /schedule must run at most once an hour/,
    );
  });
});

describe("backup: validateBackupSchedule", () => {
  it("accepts hourly and daily schedules and refuses anything more frequent or malformed", () => {
    for (const ok of [
      "cron(0 * ? * * *)",
      "cron(0 5 ? * * *)",
      "cron(30 */2 ? * * *)",
      "rate(1 hour)",
      "rate(60 minutes)",
      "rate(1 day)",
    ]) {
      assert.deepEqual(validateBackupSchedule(ok), [], ok);
    }
    for (const bad of [
      "cron(*/15 * ? * * *)",
      "cron(0,30 * ? * * *)",
      "cron(* 5 ? * * *)",
      "rate(30 minutes)",
      "cron(0 5 * *)",
      "daily",
    ]) {
      assert.equal(validateBackupSchedule(bad, "backup.schedule").length, 1, bad);
      assert.match(validateBackupSchedule(bad, "backup.schedule")[0], /^backup\.schedule must/);
    }
  });
});

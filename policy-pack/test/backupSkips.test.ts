// Backups that silently skip.
import * as skips from "../rules/backupSkips";
import { T } from "../rules/common";
import { HAPPY, res, TAGS } from "./helpers";
import {
  describeResourceSpecs,
  describeStackSpecs,
  itTestsEvery,
  named,
  ResourceSpec,
  StackSpec,
} from "./specs";

const ALL_IN = { Aurora: true, RDS: true, DynamoDB: true, EFS: true, S3: true };
const TAG_SELECTION = {
  planId: "p",
  iamRoleArn: "r",
  selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "securecart-dr" }],
};

function stack() {
  const cluster = res(T.rdsCluster, "orders", { ...HAPPY[T.rdsCluster] });
  const table = res(T.dynamoTable, "catalog");
  const bucket = res(T.bucket, "assets", { bucket: "assets", tags: TAGS });
  const logs = res(T.bucket, "logs", {
    bucket: "logs",
    forceDestroy: true,
    tags: { backup: "none" },
  });
  const settings = res(T.backupRegionSettings, "settings", {
    resourceTypeOptInPreference: { ...ALL_IN },
    resourceTypeManagementPreference: { DynamoDB: true },
  });
  const plan = res(T.backupPlan, "plan", {
    rules: [
      {
        ruleName: "daily",
        targetVaultName: "v",
        schedule: "cron(0 5 * * ? *)",
        lifecycle: { coldStorageAfter: 30, deleteAfter: 365 },
      },
    ],
  });
  const selection = res(
    T.backupSelection,
    "selection",
    { ...TAG_SELECTION },
    { planId: [plan.urn] },
  );
  return [cluster, table, bucket, logs, settings, plan, selection];
}

const specs: StackSpec[] = [
  {
    policy: skips.backupRegionSettingsOptIn,
    good: stack,
    passes: [
      [
        "an opted-out type the stack does not use",
        (rs) => {
          named(rs, "settings").inputs.resourceTypeOptInPreference.FSx = false;
        },
      ],
    ],
    broken: [
      [
        "Aurora opted out",
        (rs) => {
          named(rs, "settings").inputs.resourceTypeOptInPreference.Aurora = false;
        },
        [
          [
            "settings",
            "Backup region settings resourceTypeOptInPreference.Aurora must be true, since RDS cluster orders is backed up in us-east-1.",
          ],
        ],
      ],
      [
        "DynamoDB opted out",
        (rs) => {
          named(rs, "settings").inputs.resourceTypeOptInPreference.DynamoDB = false;
        },
        [
          [
            "settings",
            "Backup region settings resourceTypeOptInPreference.DynamoDB must be true, since DynamoDB table catalog is backed up in us-east-1.",
          ],
        ],
      ],
    ],
  },
  {
    policy: skips.backupSelectionExclusions,
    good: stack,
    passes: [
      [
        "notResources naming a resource outside the selection",
        (rs) => {
          named(rs, "selection").inputs.notResources = ["arn:aws:ec2:*:*:volume/*"];
        },
      ],
    ],
    broken: [
      [
        "notResources excluding every table",
        (rs) => {
          named(rs, "selection").inputs.notResources = ["arn:aws:dynamodb:*:*:table/*"];
        },
        [
          [
            "selection",
            "Backup selection selection notResources must not exclude DynamoDB table catalog.",
          ],
        ],
      ],
      [
        "notResources excluding the cluster by reference",
        (rs) => {
          const sel = named(rs, "selection");
          sel.inputs.notResources = ["arn-of-orders"];
          sel.propertyDependencies.notResources = [named(rs, "orders").urn];
        },
        [
          [
            "selection",
            "Backup selection selection notResources must not exclude RDS cluster orders.",
          ],
        ],
      ],
      [
        "a negative condition on the backup tag",
        (rs) => {
          named(rs, "selection").inputs = {
            planId: "p",
            iamRoleArn: "r",
            resources: ["*"],
            conditions: [
              { stringNotLike: [{ key: "aws:ResourceTag/backup", value: "securecart-*" }] },
            ],
          };
        },
        [
          [
            "selection",
            "Backup selection selection conditions.stringNotLike must not exclude RDS cluster orders.",
          ],
          [
            "selection",
            "Backup selection selection conditions.stringNotLike must not exclude DynamoDB table catalog.",
          ],
          [
            "selection",
            "Backup selection selection conditions.stringNotLike must not exclude S3 bucket assets.",
          ],
        ],
      ],
    ],
  },
  {
    policy: skips.backupDynamodbAdvancedFeatures,
    good: stack,
    passes: [
      [
        "settings for the plan's region in another stack",
        (rs) => rs.filter((r) => r.name !== "settings"),
      ],
      [
        "no cold storage or copy",
        (rs) => {
          named(rs, "plan").inputs.rules[0].lifecycle = { deleteAfter: 35 };
          named(rs, "settings").inputs.resourceTypeManagementPreference = {};
        },
      ],
    ],
    broken: [
      [
        "cold storage of DynamoDB without advanced features",
        (rs) => {
          named(rs, "settings").inputs.resourceTypeManagementPreference = { DynamoDB: false };
        },
        [
          [
            "settings",
            "Backup region settings resourceTypeManagementPreference.DynamoDB must be true in us-east-1, since backup plan plan copies or tiers DynamoDB.",
          ],
        ],
      ],
    ],
  },
  {
    policy: skips.s3BucketNoForceDestroy,
    good: stack,
    broken: [
      [
        "a data bucket with forceDestroy",
        (rs) => {
          named(rs, "assets").inputs.forceDestroy = true;
        },
        [["assets", "S3 bucket forceDestroy must be false for a data bucket."]],
      ],
    ],
  },
];

const resourceSpecs: ResourceSpec[] = [
  {
    policy: skips.backupVaultNoForceDestroy,
    type: T.backupVault,
    happy: { ...HAPPY[T.backupVault], forceDestroy: false },
    broken: [
      [
        "forceDestroy true",
        (p) => (p.forceDestroy = true),
        "Backup vault forceDestroy must be false.",
      ],
    ],
  },
  {
    policy: skips.dynamodbPitrWindow,
    type: T.dynamoTable,
    happy: {
      ...HAPPY[T.dynamoTable],
      pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 35 },
    },
    passes: [
      ["the default window (35 days)", (p) => delete p.pointInTimeRecovery.recoveryPeriodInDays],
    ],
    broken: [
      [
        "a 3-day window",
        (p) => (p.pointInTimeRecovery.recoveryPeriodInDays = 3),
        "DynamoDB table pointInTimeRecovery.recoveryPeriodInDays must be at least 7 days.",
      ],
    ],
  },
];

describe("policy-pack rules: backups that silently skip", () => {
  describeStackSpecs(specs);
  describeResourceSpecs(resourceSpecs);
  itTestsEvery(
    [...skips.backupSkipResourceRules, ...skips.backupSkipStackRules],
    [...specs, ...resourceSpecs],
  );
});

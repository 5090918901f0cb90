// Stack rules over small synthetic stacks: each passes the correct stack, then one `it` per broken relation.
import assert from "node:assert/strict";
import { StackValidationPolicy } from "@pulumi/policy";
import { PlannedResource, StackPolicyContext } from "../offline";
import { T } from "../rules/common";
import * as stack from "../rules/stack";
import { s3BucketVersioning } from "../rules/storage";
import { storageRules } from "../rules/storage";
import { find, goodStacks } from "./fixtures";
import { PRIMARY, RECOVERY, res, runStackRule } from "./helpers";

type Side = "primary" | "recovery";
interface Spec {
  policy: StackValidationPolicy;
  broken: [
    string,
    Side,
    (rs: PlannedResource[]) => PlannedResource[] | void,
    [string | null, string][],
    Partial<StackPolicyContext>?,
  ][];
  passes?: [
    string,
    Side,
    (rs: PlannedResource[]) => PlannedResource[] | void,
    Partial<StackPolicyContext>?,
  ][];
}

const ctxOf = (side: Side) => (side === "primary" ? PRIMARY : RECOVERY);
const without =
  (...names: string[]) =>
  (rs: PlannedResource[]) =>
    rs.filter((r) => !names.includes(r.name));

const specs: Spec[] = [
  {
    policy: stack.backupCoverage,
    passes: [
      [
        "coverage by ARN through propertyDependencies",
        "primary",
        (rs) => {
          const sel = find(rs, "local-selection");
          sel.inputs = {
            planId: "p",
            iamRoleArn: "r",
            resources: ["arn-a", "arn-b", "arn-c", "arn-d"],
          };
          sel.propertyDependencies.resources = ["orders", "catalog", "assets"].map(
            (n) => find(rs, n).urn,
          );
        },
      ],
      [
        "coverage by wildcard ARN and tag condition",
        "primary",
        (rs) => {
          find(rs, "local-selection").inputs = {
            planId: "p",
            iamRoleArn: "r",
            resources: ["*"],
            conditions: [
              { stringEquals: [{ key: "aws:ResourceTag/backup", value: "securecart-dr" }] },
            ],
          };
        },
      ],
      [
        "a bucket tagged backup: none",
        "primary",
        (rs) => {
          find(rs, "assets").inputs.tags = { backup: "none" };
        },
      ],
    ],
    broken: [
      [
        "an untagged table",
        "primary",
        (rs) => {
          find(rs, "catalog").inputs.tags = {};
        },
        [["catalog", "DynamoDB table catalog must be covered by a backup selection."]],
      ],
      [
        "no selection at all",
        "primary",
        without("local-selection"),
        [
          ["orders", "RDS cluster orders must be covered by a backup selection."],
          ["catalog", "DynamoDB table catalog must be covered by a backup selection."],
          ["assets", "S3 bucket assets must be covered by a backup selection."],
        ],
      ],
      [
        "a condition that does not match",
        "primary",
        (rs) => {
          find(rs, "local-selection").inputs = {
            planId: "p",
            iamRoleArn: "r",
            resources: ["arn:aws:dynamodb:*:*:table/*"],
            conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup", value: "x" }] }],
          };
        },
        [
          ["orders", "RDS cluster orders must be covered by a backup selection."],
          ["catalog", "DynamoDB table catalog must be covered by a backup selection."],
          ["assets", "S3 bucket assets must be covered by a backup selection."],
        ],
      ],
    ],
  },
  {
    policy: stack.route53FailoverRole,
    passes: [
      [
        "backup-restore recovery without records",
        "recovery",
        without("front-door-secondary"),
        { ...RECOVERY, tier: "backup-restore" },
      ],
    ],
    broken: [
      [
        "a PRIMARY record in the recovery stack",
        "recovery",
        (rs) => {
          find(rs, "front-door-secondary").inputs.failoverRoutingPolicies = [{ type: "PRIMARY" }];
        },
        [
          [
            "front-door-secondary",
            "Route 53 failover record type must be SECONDARY in the recovery stack.",
          ],
          [
            null,
            "The recovery stack must define a Route 53 SECONDARY failover record with a health check.",
          ],
        ],
      ],
      [
        "no failover record in warm-standby",
        "primary",
        without("front-door"),
        [
          [
            null,
            "The primary stack must define a Route 53 PRIMARY failover record with a health check.",
          ],
        ],
      ],
      [
        "no health check in backup-restore",
        "primary",
        without("front-door-hc"),
        [[null, "The primary stack must define a Route 53 health check on its front door."]],
        { ...PRIMARY, tier: "backup-restore" },
      ],
    ],
  },
  {
    policy: stack.subnetsSpanAzs,
    passes: [
      [
        "subnets the stack cannot resolve",
        "primary",
        (rs) => {
          const a = find(rs, "use1-asg");
          a.propertyDependencies = {};
          a.inputs.vpcZoneIdentifiers = ["subnet-x", "subnet-y"];
        },
      ],
    ],
    broken: [
      [
        "an ASG in one AZ",
        "primary",
        (rs) => {
          const a = find(rs, "use1-asg");
          a.inputs.vpcZoneIdentifiers = ["s0", "s1"];
          a.propertyDependencies.vpcZoneIdentifiers = [
            find(rs, "use1-subnet-0").urn,
            find(rs, "use1-subnet-1").urn,
          ];
          find(rs, "use1-subnet-1").inputs.availabilityZone = "us-east-1a";
        },
        [["use1-asg", "Auto Scaling group subnets must span at least 2 Availability Zones."]],
      ],
      [
        "an ASG on availabilityZones in one AZ",
        "primary",
        (rs) => {
          const a = find(rs, "use1-asg");
          a.inputs.availabilityZones = ["us-east-1a"];
        },
        [
          [
            "use1-asg",
            "Auto Scaling group availabilityZones must span at least 2 Availability Zones.",
          ],
        ],
      ],
      [
        "a load balancer in one AZ",
        "recovery",
        (rs) => {
          const lb = find(rs, "euw1-alb");
          lb.inputs.subnets = ["s0"];
          lb.propertyDependencies.subnets = [find(rs, "euw1-subnet-0").urn];
        },
        [["euw1-alb", "Load balancer subnets must span at least 2 Availability Zones."]],
      ],
    ],
  },
  {
    policy: stack.rdsClusterInstancesMultiAz,
    passes: [
      [
        "one reader in a pilot-light recovery",
        "recovery",
        without("orders-secondary-1"),
        { ...RECOVERY, tier: "pilot-light" },
      ],
      [
        "one reader in a warm-standby recovery",
        "recovery",
        without("orders-secondary-1"),
        { ...RECOVERY, tier: "warm-standby" },
      ],
    ],
    broken: [
      [
        "a single instance",
        "primary",
        without("orders-1"),
        [["orders", "RDS cluster must have at least 2 instances."]],
      ],
      [
        "two instances in one AZ",
        "primary",
        (rs) => {
          find(rs, "orders-1").inputs.availabilityZone = "us-east-1a";
        },
        [["orders", "RDS cluster instances must be in at least 2 distinct availabilityZones."]],
      ],
      [
        "instances without availabilityZone",
        "primary",
        (rs) => {
          for (const n of ["orders-0", "orders-1"]) delete find(rs, n).inputs.availabilityZone;
        },
        [["orders", "RDS cluster instances must be in at least 2 distinct availabilityZones."]],
      ],
    ],
  },
  {
    policy: stack.rdsClusterNoPlaintextPassword,
    passes: [
      [
        "a member that joins by globalClusterIdentifier",
        "primary",
        (rs) => {
          const c = find(rs, "orders");
          c.inputs.globalClusterIdentifier = "securecart-orders";
          delete find(rs, "orders-global").propertyDependencies.sourceDbClusterIdentifier;
        },
      ],
    ],
    broken: [
      [
        "a password on a cluster no global cluster is made from",
        "primary",
        (rs) => {
          delete find(rs, "orders-global").propertyDependencies.sourceDbClusterIdentifier;
        },
        [
          [
            "orders",
            "RDS cluster masterPassword must not be set outside a global cluster; manageMasterUserPassword must be true.",
          ],
        ],
      ],
      [
        "a password with no global cluster at all",
        "primary",
        (rs) => rs.filter((r) => r.name !== "orders-global"),
        [
          [
            "orders",
            "RDS cluster masterPassword must not be set outside a global cluster; manageMasterUserPassword must be true.",
          ],
        ],
      ],
    ],
  },
  {
    policy: stack.rdsClusterPasswordFromSecret,
    broken: [
      [
        "a literal password on a global primary",
        "primary",
        (rs) => {
          find(rs, "orders").propertyDependencies.masterPassword = [];
        },
        [
          [
            "orders",
            "RDS cluster masterPassword must come from a Pulumi secret (random.RandomPassword).",
          ],
        ],
      ],
      [
        "a password on a global secondary",
        "recovery",
        (rs) => {
          find(rs, "orders-secondary").inputs.masterPassword = "x";
        },
        [["orders-secondary", "RDS global secondary cluster masterPassword must not be set."]],
      ],
    ],
  },
  {
    policy: stack.lambdaFailureDestination,
    passes: [
      [
        "an on-failure destination",
        "primary",
        (rs) => {
          const fn = find(rs, "use1-fn");
          delete fn.inputs.deadLetterConfig;
          return [
            ...rs,
            res(
              T.lambdaInvokeConfig,
              "fn-async",
              { functionName: "fn", destinationConfig: { onFailure: { destination: "arn:sqs" } } },
              { functionName: [fn.urn] },
            ),
          ];
        },
      ],
    ],
    broken: [
      [
        "neither DLQ nor destination",
        "primary",
        (rs) => {
          delete find(rs, "use1-fn").inputs.deadLetterConfig;
        },
        [
          [
            "use1-fn",
            "Lambda function deadLetterConfig.targetArn or an on-failure destination must be set.",
          ],
        ],
      ],
      [
        "an invoke config without onFailure",
        "primary",
        (rs) => {
          const fn = find(rs, "use1-fn");
          delete fn.inputs.deadLetterConfig;
          return [
            ...rs,
            res(
              T.lambdaInvokeConfig,
              "fn-async",
              { functionName: "fn", maximumRetryAttempts: 2 },
              { functionName: [fn.urn] },
            ),
          ];
        },
        [
          [
            "use1-fn",
            "Lambda function deadLetterConfig.targetArn or an on-failure destination must be set.",
          ],
        ],
      ],
    ],
  },
  {
    policy: stack.backupColdStorage,
    passes: [
      [
        "an RDS-only plan without cold storage",
        "primary",
        (rs) => {
          delete find(rs, "local-plan").inputs.rules[0].lifecycle.coldStorageAfter;
          find(rs, "catalog").inputs.tags = { backup: "none" };
        },
      ],
    ],
    broken: [
      [
        "a plan covering DynamoDB without cold storage",
        "primary",
        (rs) => {
          delete find(rs, "local-plan").inputs.rules[0].lifecycle.coldStorageAfter;
        },
        [
          [
            "local-plan",
            "Backup plan lifecycle.coldStorageAfter must be set, since it covers DynamoDB table.",
          ],
        ],
      ],
    ],
  },
  {
    policy: stack.drTierShape,
    broken: [
      [
        "a recovery stack without the catalog replica",
        "recovery",
        without("catalog-replica"),
        [[null, "The recovery stack must define a DynamoDB table replica of the catalog."]],
      ],
      [
        "a recovery stack without a replicated database",
        "recovery",
        without("orders-secondary"),
        [
          [
            null,
            "The recovery stack must define a replicated database (Aurora global secondary or cross-region replica).",
          ],
        ],
      ],
      [
        "a recovery stack without vault, plan or replication",
        "recovery",
        without("dr-vault", "copy-plan", "assets-replication"),
        [
          [null, "The recovery stack must define the DR backup vault."],
          [null, "The recovery stack must define the cross-region backup copy plan."],
          [null, "The recovery stack must define S3 replication into its region."],
        ],
      ],
      [
        "a warm-standby recovery at zero capacity",
        "recovery",
        (rs) => {
          find(rs, "euw1-asg").inputs.minSize = 0;
          find(rs, "euw1-svc").inputs.desiredCount = 0;
        },
        [[null, "The recovery stack must run compute capacity above 0 in warm-standby."]],
      ],
      [
        "compute in a backup-restore recovery",
        "recovery",
        (rs) =>
          rs.filter(
            (r) =>
              r.type !== T.rdsCluster &&
              r.type !== T.lambda &&
              r.type !== T.cacheGroup &&
              !r.type.startsWith("aws:lb/") &&
              r.type !== T.ecsService,
          ),
        [["euw1-asg", "Auto Scaling group must not exist in a backup-restore recovery stack."]],
        { ...RECOVERY, tier: "backup-restore" },
      ],
      [
        "a primary table without streams",
        "primary",
        (rs) => {
          find(rs, "catalog").inputs.streamEnabled = false;
        },
        [["catalog", "DynamoDB table streamEnabled must be true for its cross-region replica."]],
      ],
      [
        "a primary cluster without a global cluster",
        "primary",
        without("orders-global"),
        [[null, "The primary stack must define an Aurora global cluster in warm-standby."]],
      ],
      [
        "active-active without the accelerator",
        "primary",
        (rs) => rs,
        [
          [null, "The primary stack must define a Global Accelerator in active-active."],
          [null, "The primary stack must define a Global Accelerator listener in active-active."],
          [
            null,
            "The primary stack must define a Global Accelerator endpoint group in active-active.",
          ],
        ],
        { ...PRIMARY, tier: "active-active" },
      ],
    ],
  },
  {
    policy: s3BucketVersioning,
    passes: [
      [
        "inline legacy versioning on a BucketV2",
        "primary",
        (rs) => [
          ...without("assets", "assets-versioning")(rs),
          res(T.bucketV2, "legacy", { bucket: "legacy", versioning: { enabled: true } }),
        ],
      ],
    ],
    broken: [
      [
        "a bucket without versioning",
        "primary",
        without("assets-versioning"),
        [["assets", "S3 bucket must have a BucketVersioning resource with status Enabled."]],
      ],
      [
        "suspended versioning",
        "recovery",
        (rs) => {
          find(rs, "assets-replica-versioning").inputs.versioningConfiguration.status = "Suspended";
        },
        [
          [
            "assets-replica-versioning",
            'S3 bucket versioningConfiguration.status must be "Enabled".',
          ],
        ],
      ],
      [
        "a legacy BucketV2 without versioning",
        "primary",
        (rs) => [...rs, res(T.bucketV2, "legacy", { bucket: "legacy" })],
        [["legacy", "S3 bucket must have a BucketVersioning resource with status Enabled."]],
      ],
    ],
  },
];

describe("policy-pack stack rules", () => {
  for (const spec of specs) {
    describe(spec.policy.name, () => {
      for (const side of ["primary", "recovery"] as const) {
        it(`passes the correct ${side} stack`, () => {
          assert.deepEqual(runStackRule(spec.policy, goodStacks()[side], ctxOf(side)), []);
        });
      }
      for (const [label, side, mutate, ctx] of spec.passes ?? []) {
        it(`passes ${label}`, () => {
          const rs = goodStacks()[side];
          const out = mutate(rs) ?? rs;
          assert.deepEqual(runStackRule(spec.policy, out, ctx ?? ctxOf(side)), []);
        });
      }
      for (const [label, side, mutate, expected, ctx] of spec.broken) {
        it(`reports ${label}`, () => {
          const rs = goodStacks()[side];
          const out = mutate(rs) ?? rs;
          const urn = (n: string | null) => (n === null ? undefined : find(out, n).urn);
          assert.deepEqual(
            runStackRule(spec.policy, out, ctx ?? ctxOf(side)),
            expected.map(([n, message]) => ({ message, urn: urn(n) })),
          );
        });
      }
    });
  }

  it("tests every stack rule", () => {
    const tested = new Set(specs.map((s) => s.policy.name));
    assert.deepEqual(
      [...stack.stackRules, ...storageRules].map((p) => p.name).filter((n) => !tested.has(n)),
      [],
    );
  });
});

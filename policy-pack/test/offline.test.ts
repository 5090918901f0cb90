// The offline runner over synthetic stacks, and the cross-stack pairing.
import assert from "node:assert/strict";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { UNKNOWN } from "../args";
import { crossStackViolations, runPolicies, runPoliciesAsync, Violation } from "../offline";
import { policies } from "../policies";
import { T } from "../rules/common";
import { find, goodStacks } from "./fixtures";
import { PRIMARY, RECOVERY, res } from "./helpers";

const mandatory = (vs: Violation[]) => vs.filter((v) => v.level === "mandatory");
const XCTX = { tier: "warm-standby", primaryRegion: "us-east-1", recoveryRegion: "eu-west-1" };

describe("policy-pack offline runner", () => {
  it("passes the correct primary stack (only the advisory copy-rule note)", () => {
    const vs = runPolicies(goodStacks().primary, PRIMARY);
    assert.deepEqual(mandatory(vs), []);
    assert.deepEqual(
      vs.map((v) => v.policy),
      ["backup-plan-copy-action-advisory"],
    );
  });

  it("passes the correct recovery stack", () => {
    assert.deepEqual(runPolicies(goodStacks().recovery, RECOVERY), []);
  });

  it("imports policies without constructing a PolicyPack", () => {
    assert.ok(policies.length > 40);
    assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
    for (const p of policies) {
      assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(p.enforcementLevel, `${p.name} has an enforcement level`);
      assert.ok(p.description.endsWith("."), `${p.name} description is one sentence`);
    }
  });

  describe("catches the issue's real misconfigurations", () => {
    it("a single-AZ Auto Scaling group", () => {
      const { primary } = goodStacks();
      const asg = find(primary, "use1-asg");
      asg.inputs.vpcZoneIdentifiers = ["subnet-use1-0"];
      asg.propertyDependencies.vpcZoneIdentifiers = [find(primary, "use1-subnet-0").urn];
      assert.deepEqual(mandatory(runPolicies(primary, PRIMARY)), [
        {
          policy: "autoscaling-group-multi-az",
          level: "mandatory",
          resource: asg.urn,
          message: "Auto Scaling group vpcZoneIdentifiers must list at least 2 subnets.",
        },
        {
          policy: "subnets-span-azs",
          level: "mandatory",
          resource: asg.urn,
          message: "Auto Scaling group subnets must span at least 2 Availability Zones.",
        },
      ]);
    });

    it("two subnets in one AZ", () => {
      const { primary } = goodStacks();
      find(primary, "use1-subnet-1").inputs.availabilityZone = "us-east-1a";
      find(primary, "use1-subnet-2").inputs.availabilityZone = "us-east-1a";
      const vs = mandatory(runPolicies(primary, PRIMARY)).map((v) => `${v.policy}: ${v.message}`);
      assert.deepEqual(vs, [
        "subnets-span-azs: Auto Scaling group subnets must span at least 2 Availability Zones.",
        "subnets-span-azs: Load balancer subnets must span at least 2 Availability Zones.",
        "subnets-span-azs: ECS service subnets must span at least 2 Availability Zones.",
        "subnets-span-azs: Lambda function subnets must span at least 2 Availability Zones.",
      ]);
    });

    it("a backup plan without copy actions in the recovery stack", () => {
      const { recovery } = goodStacks();
      const plan = find(recovery, "copy-plan");
      delete plan.inputs.rules[0].copyActions;
      assert.deepEqual(mandatory(runPolicies(recovery, RECOVERY)), [
        {
          policy: "backup-plan-copy-action",
          level: "mandatory",
          resource: plan.urn,
          message: "Backup plan rule daily copyActions must copy to a vault in another region.",
        },
      ]);
    });

    it("a failover record without a health check", () => {
      const { recovery } = goodStacks();
      const record = find(recovery, "front-door-secondary");
      delete record.inputs.healthCheckId;
      delete record.inputs.aliases;
      assert.deepEqual(mandatory(runPolicies(recovery, RECOVERY)), [
        {
          policy: "route53-failover-health-check",
          level: "mandatory",
          resource: record.urn,
          message:
            "Route 53 failover record healthCheckId must be set, or its alias evaluateTargetHealth must be true.",
        },
      ]);
    });

    it("a DynamoDB replica without PITR", () => {
      const { recovery } = goodStacks();
      const replica = find(recovery, "catalog-replica");
      replica.inputs.pointInTimeRecovery = false;
      assert.deepEqual(mandatory(runPolicies(recovery, RECOVERY)), [
        {
          policy: "dynamodb-point-in-time-recovery",
          level: "mandatory",
          resource: replica.urn,
          message: "DynamoDB table replica pointInTimeRecovery must be true.",
        },
      ]);
    });
  });

  describe("behaves as the analyzer does", () => {
    it("never reports a value unknown during preview", () => {
      const { primary } = goodStacks();
      const asg = find(primary, "use1-asg");
      asg.inputs.vpcZoneIdentifiers = UNKNOWN.array;
      asg.inputs.minSize = UNKNOWN.number;
      find(primary, "catalog").inputs.tags = UNKNOWN.object;
      find(primary, "use1-subnet-1").inputs.availabilityZone = UNKNOWN.string;
      assert.deepEqual(mandatory(runPolicies(primary, PRIMARY)), []);
    });

    it("skips disabled policies and treats remediate as mandatory", () => {
      const { primary } = goodStacks();
      find(primary, "orders").inputs.deletionProtection = false;
      assert.deepEqual(
        runPolicies(primary, PRIMARY, policies, {
          "rds-cluster-deletion-protection": "disabled",
          "backup-plan-copy-action-advisory": "disabled",
        }),
        [],
      );
      const vs = runPolicies(primary, PRIMARY, policies, {
        "rds-cluster-deletion-protection": { enforcementLevel: "remediate" },
      });
      assert.equal(
        vs.find((v) => v.policy === "rds-cluster-deletion-protection")?.level,
        "mandatory",
      );
    });

    it("passes policy config values over the schema defaults", () => {
      const { primary } = goodStacks();
      const vs = runPolicies(primary, PRIMARY, policies, {
        "rds-cluster-backup-retention": { minBackupRetentionDays: 14 },
      });
      assert.deepEqual(
        vs.filter((v) => v.policy === "rds-cluster-backup-retention").map((v) => v.message),
        ["RDS cluster backupRetentionPeriod must be at least 14 days."],
      );
    });

    it("runs array validations, typed validations and getConfig with the stack context", async () => {
      const seen: string[] = [];
      const probe: ResourceValidationPolicy = {
        name: "probe",
        description: "Probe.",
        enforcementLevel: "advisory",
        configSchema: {
          properties: {
            tier: { type: "string", default: "warm-standby" },
            limit: { type: "integer", default: 3 },
          },
        },
        validateResource: [
          validateResourceOfType(aws.dynamodb.Table, (_t, args, report) => {
            const cfg = args.getConfig<{ tier: string; limit: number; role?: string }>();
            seen.push(
              `${args.name}:${cfg.tier}:${cfg.limit}:${cfg.role ?? "-"}:${args.isType(aws.dynamodb.Table)}:${args.stackTags.size}`,
            );
            report("Probe must be seen.");
          }),
          (args) => {
            if (args.type !== T.rdsCluster) args.notApplicable();
            seen.push(`cluster ${args.name} parent=${args.opts.parent ?? "none"}`);
          },
        ],
      };
      const table = res(T.dynamoTable, "t");
      const cluster = res(T.rdsCluster, "c", {}, {}, { parent: "urn:parent" });
      const vs = await runPoliciesAsync([table, cluster], { ...PRIMARY, tier: "pilot-light" }, [
        probe,
      ]);
      assert.deepEqual(seen, ["t:pilot-light:3:-:true:0", "cluster c parent=urn:parent"]);
      assert.deepEqual(vs, [
        { policy: "probe", level: "advisory", resource: table.urn, message: "Probe must be seen." },
      ]);
    });
  });
});

describe("policy-pack cross-stack pairing", () => {
  it("passes a correct pair", () => {
    const { primary, recovery } = goodStacks();
    assert.deepEqual(crossStackViolations(primary, recovery, XCTX), []);
  });

  const cases: [
    string,
    (s: ReturnType<typeof goodStacks>) => void,
    [string, string | null, string][],
  ][] = [
    [
      "a PRIMARY record without its SECONDARY",
      (s) => (s.recovery = s.recovery.filter((r) => r.name !== "front-door-secondary")),
      [
        [
          "cross-stack-route53-failover",
          "front-door",
          "Route 53 PRIMARY record shop.example.com must have a SECONDARY record with the same name and zone in the recovery stack.",
        ],
      ],
    ],
    [
      "a SECONDARY record with another name",
      (s) => (find(s.recovery, "front-door-secondary").inputs.name = "www.example.com"),
      [
        [
          "cross-stack-route53-failover",
          "front-door",
          "Route 53 PRIMARY record shop.example.com must have a SECONDARY record with the same name and zone in the recovery stack.",
        ],
        [
          "cross-stack-route53-failover",
          "front-door-secondary",
          "Route 53 SECONDARY record www.example.com must have a PRIMARY record with the same name and zone in the primary stack.",
        ],
      ],
    ],
    [
      "a SECONDARY record without a health check",
      (s) => {
        const r = find(s.recovery, "front-door-secondary");
        delete r.inputs.healthCheckId;
        delete r.inputs.aliases;
      },
      [
        [
          "cross-stack-route53-failover",
          "front-door-secondary",
          "Route 53 SECONDARY record shop.example.com must have a health check.",
        ],
      ],
    ],
    [
      "a table without its replica",
      (s) => (s.recovery = s.recovery.filter((r) => r.name !== "catalog-replica")),
      [
        [
          "cross-stack-dynamodb-replica",
          "catalog",
          "DynamoDB table catalog must have a TableReplica in eu-west-1 in the recovery stack.",
        ],
      ],
    ],
    [
      "a replica of another table",
      (s) =>
        (find(s.recovery, "catalog-replica").inputs.globalTableArn =
          "arn:aws:dynamodb:us-east-1:1:table/other"),
      [
        [
          "cross-stack-dynamodb-replica",
          "catalog",
          "DynamoDB table catalog must have a TableReplica in eu-west-1 in the recovery stack.",
        ],
        [
          "cross-stack-dynamodb-replica",
          "catalog-replica",
          "DynamoDB table replica globalTableArn must be a table of the primary stack.",
        ],
      ],
    ],
    [
      "a replica pointing at the table in the wrong region",
      (s) =>
        (find(s.recovery, "catalog-replica").inputs.globalTableArn =
          "arn:aws:dynamodb:us-west-2:1:table/catalog"),
      [
        [
          "cross-stack-dynamodb-replica",
          "catalog-replica",
          "DynamoDB table replica globalTableArn must be the table in us-east-1.",
        ],
      ],
    ],
    [
      "a global cluster without its secondary",
      (s) => (s.recovery = s.recovery.filter((r) => r.name !== "orders-secondary")),
      [
        [
          "cross-stack-aurora-secondary",
          "orders-global",
          "Aurora global cluster securecart-orders must have a secondary cluster in the recovery stack.",
        ],
      ],
    ],
    [
      "a secondary in another global cluster",
      (s) => (find(s.recovery, "orders-secondary").inputs.globalClusterIdentifier = "other"),
      [
        [
          "cross-stack-aurora-secondary",
          "orders-global",
          "Aurora global cluster securecart-orders must have a secondary cluster in the recovery stack.",
        ],
        [
          "cross-stack-aurora-secondary",
          "orders-secondary",
          "RDS cluster globalClusterIdentifier must name the primary stack's global cluster (got other).",
        ],
      ],
    ],
    [
      "a copy plan without copy actions",
      (s) => delete find(s.recovery, "copy-plan").inputs.rules[0].copyActions,
      [
        [
          "cross-stack-backup-copy",
          null,
          "The recovery stack must own a backup plan in us-east-1 whose copyActions copy into its DR vault.",
        ],
      ],
    ],
    [
      "a copy plan deployed in the recovery region",
      (s) => delete find(s.recovery, "copy-plan").provider,
      [
        [
          "cross-stack-backup-copy",
          null,
          "The recovery stack must own a backup plan in us-east-1 whose copyActions copy into its DR vault.",
        ],
      ],
    ],
    [
      "a copy selection that misses the table",
      (s) => (find(s.primary, "catalog").inputs.tags = { backup: "other" }),
      [
        [
          "cross-stack-backup-copy",
          "catalog",
          "DynamoDB table catalog must be covered by a backup copy rule into the DR vault.",
        ],
      ],
    ],
    [
      "a primary bucket without replication",
      (s) => (s.recovery = s.recovery.filter((r) => r.name !== "assets-replication")),
      [
        [
          "cross-stack-s3-replication",
          "assets",
          "S3 bucket assets must have a BucketReplicationConfig in the recovery stack.",
        ],
      ],
    ],
    [
      "replication into a bucket outside the recovery stack",
      (s) => {
        const r = find(s.recovery, "assets-replication");
        r.inputs.rules[0].destination.bucket = "arn:aws:s3:::somewhere-else";
        r.propertyDependencies = {};
      },
      [
        [
          "cross-stack-s3-replication",
          "assets-replication",
          "S3 replication of bucket assets must target a bucket of the recovery stack.",
        ],
      ],
    ],
  ];
  for (const [label, mutate, expected] of cases) {
    it(`reports ${label}`, () => {
      const s = goodStacks();
      mutate(s);
      const all = [...s.primary, ...s.recovery];
      const urn = (n: string | null) => (n === null ? null : find(all, n).urn);
      assert.deepEqual(
        crossStackViolations(s.primary, s.recovery, XCTX),
        expected.map(([policy, name, message]) => ({
          policy,
          level: "mandatory",
          resource: urn(name),
          message,
        })),
      );
    });
  }

  it("does not pair databases or tables in backup-restore", () => {
    const s = goodStacks();
    s.recovery = s.recovery.filter((r) => r.type !== T.rdsCluster && r.type !== T.dynamoReplica);
    assert.deepEqual(
      crossStackViolations(s.primary, s.recovery, { ...XCTX, tier: "backup-restore" }),
      [],
    );
  });

  it("requires an endpoint group per region and equal capacity in active-active", () => {
    const s = goodStacks();
    s.primary.push(res(T.endpointGroup, "eg-use1"));
    find(s.recovery, "euw1-asg").inputs.minSize = 1;
    assert.deepEqual(
      crossStackViolations(s.primary, s.recovery, { ...XCTX, tier: "active-active" }).map(
        (v) => `${v.policy}: ${v.message}`,
      ),
      [
        "cross-stack-global-accelerator: Global Accelerator must have an endpoint group in eu-west-1.",
        "cross-stack-capacity: Recovery capacity must equal the primary's in active-active (primary 4, recovery 3).",
      ],
    );
  });
});

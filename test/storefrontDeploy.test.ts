/**
 * Issue 6: the storefront deployed onto each tier, in each region, wired to that region's own data stores.
 * Asserted on the real program's plans.
 */
import { strict as assert } from "assert";
import { DrTier, TIER_PROFILES, regionCapacity } from "../components/tiers/tierProfile";
import { StackPlan } from "../scripts/plan/planStack";
import { MOCK_ACCOUNT } from "../scripts/plan/mockAws";
import { autoNamed, PlannedResource } from "./support/harness";
import { stackOf } from "./support/plans";

const of = (s: StackPlan, type: string) => s.resources.filter((r) => r.type === type);
const one = (
  s: StackPlan,
  type: string,
  pick?: (r: PlannedResource) => boolean,
): PlannedResource => {
  const found = of(s, type).filter(pick ?? (() => true));
  assert.equal(found.length, 1, `expected one ${type} in ${s.stack}, found ${found.length}`);
  return found[0];
};
const byUrn = (s: StackPlan, urn: string) => s.resources.find((r) => r.urn === urn)!;
function regionOf(s: StackPlan, r: PlannedResource): string {
  if (!r.provider) return s.region;
  return byUrn(s, r.provider.split("::").slice(0, -1).join("::"))?.inputs.region ?? s.region;
}
const container = (s: StackPlan) =>
  JSON.parse(one(s, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions)[0];
const env = (s: StackPlan): Record<string, string> =>
  Object.fromEntries(
    container(s).environment.map((e: { name: string; value: string }) => [e.name, e.value]),
  );

const SERVING: [DrTier, "primary" | "recovery"][] = [
  ["backup-restore", "primary"],
  ["pilot-light", "primary"],
  ["pilot-light", "recovery"],
  ["warm-standby", "primary"],
  ["warm-standby", "recovery"],
  ["active-active", "primary"],
  ["active-active", "recovery"],
];

describe("storefront deployment: wiring per tier and role", function () {
  this.timeout(180_000);

  for (const [tier, role] of SERVING) {
    describe(`${tier} ${role}`, () => {
      it("wires the task to this region's database, secret, catalog, cache and Lambda", async () => {
        const s = await stackOf(tier, role);
        const cluster = one(s, "aws:rds/cluster:Cluster");
        // The order-validation function (a recovery region also runs the primary probe).
        const lambda = s.resources.find(
          (r) =>
            r.type === "aws:lambda/function:Function" &&
            r.name === "securecart-order-validation-fn",
        )!;
        const e = env(s);
        const p = TIER_PROFILES[tier];
        const fenced = p.frontDoor === "failover-records";
        assert.deepEqual(Object.keys(e).sort(), [
          "CATALOG_REGION",
          "CATALOG_TABLE",
          "DB_HOST",
          "DB_NAME",
          "DB_READER_HOST",
          "DB_SECRET_ARN",
          "ORDER_VALIDATION_FUNCTION_ARN",
          "PORT",
          "REDIS_URL",
          "REGION",
          "REGION_ROLE",
          ...(fenced ? ["WRITE_FENCE_ALLOWS", "WRITE_FENCE_REGION", "WRITE_FENCE_S3_URI"] : []),
        ]);
        assert.equal(e.REGION, s.region);
        assert.equal(e.CATALOG_REGION, s.region);
        assert.equal(e.REGION_ROLE, TIER_PROFILES[tier].regionRoleEnv);
        // Writes through the global writer endpoint where there is a global database (a secondary's own writer
        // endpoint is inactive), reads through this region's reader endpoint (DESIGN.md decision 16).
        if (p.databaseReplication === "aurora-global") {
          assert.equal(
            e.DB_HOST,
            "securecart-orders-db-global.global-90584285628a.global.rds.amazonaws.com",
          );
        } else {
          assert.match(
            e.DB_HOST,
            new RegExp(
              `^${cluster.name}-[0-9a-f]+\\.cluster-[0-9a-f]+\\.${s.region}\\.rds\\.amazonaws\\.com$`,
            ),
          );
        }
        assert.match(
          e.DB_READER_HOST,
          new RegExp(
            `^${cluster.name}-[0-9a-f]+\\.cluster-ro-[0-9a-f]+\\.${s.region}\\.rds\\.amazonaws\\.com$`,
          ),
        );
        if (fenced) {
          // Both regions poll the one switch in the recovery region; each may write under its own body.
          assert.match(
            e.WRITE_FENCE_S3_URI,
            /^s3:\/\/securecart-routing-bucket-[0-9a-f]+\/routing\/primary$/,
          );
          assert.equal(e.WRITE_FENCE_REGION, "eu-west-1");
          assert.equal(e.WRITE_FENCE_ALLOWS, role === "primary" ? "primary=on" : "primary=off");
        }
        assert.equal(e.DB_NAME, cluster.inputs.databaseName ?? "orders");
        assert.match(e.REDIS_URL, /^rediss:\/\/.+:6379$/, "Redis over TLS");
        assert.match(
          e.ORDER_VALIDATION_FUNCTION_ARN,
          autoNamed(`arn:aws:lambda:${s.region}:${MOCK_ACCOUNT}:function:`, lambda.name),
        );
        assert.match(
          e.DB_SECRET_ARN,
          new RegExp(`^arn:aws:secretsmanager:${s.region}:`),
          "the secret is read in this region",
        );
        assert.equal(e.CATALOG_TABLE, "catalog");
        // Never a password in the task definition: neither in the environment nor as an ECS secret.
        assert.equal(container(s).secrets, undefined);
        assert.ok(!JSON.stringify(container(s)).match(/PASSWORD/i));
      });

      it("gives the task role exactly the table, the secret and the Lambda, with no wildcard action", async () => {
        const s = await stackOf(tier, role);
        const task = one(s, "aws:iam/rolePolicy:RolePolicy", (r) => r.name.endsWith("-task"));
        const doc = JSON.parse(task.inputs.policy);
        const e = env(s);
        const tableArn = `arn:aws:dynamodb:${s.region}:${MOCK_ACCOUNT}:table/catalog`;
        const statements = Object.fromEntries(doc.Statement.map((st: any) => [st.Sid, st]));
        assert.deepEqual(statements.Catalog.Action, [
          "dynamodb:GetItem",
          "dynamodb:Query",
          "dynamodb:Scan",
          "dynamodb:BatchGetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
        ]);
        assert.deepEqual(statements.Catalog.Resource, [tableArn, `${tableArn}/index/*`]);
        assert.deepEqual(statements.DbSecret.Action, ["secretsmanager:GetSecretValue"]);
        assert.deepEqual(statements.DbSecret.Resource, [e.DB_SECRET_ARN]);
        assert.deepEqual(statements.OrderValidation.Action, ["lambda:InvokeFunction"]);
        assert.deepEqual(statements.OrderValidation.Resource, [e.ORDER_VALIDATION_FUNCTION_ARN]);
        if (e.WRITE_FENCE_S3_URI) {
          assert.deepEqual(statements.WriteFence, {
            Sid: "WriteFence",
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: [e.WRITE_FENCE_S3_URI.replace("s3://", "arn:aws:s3:::")],
          });
        } else {
          assert.equal(statements.WriteFence, undefined);
        }
        for (const st of doc.Statement) {
          for (const a of [st.Action].flat()) assert.ok(!a.includes("*"), `wildcard action ${a}`);
          for (const r of [st.Resource].flat()) assert.notEqual(r, "*");
        }
        // Only the primary's secret is encrypted with a customer key the task must be allowed to use.
        assert.equal(
          Boolean(
            statements.DbSecretKey ??
            doc.Statement.find((st: any) => [st.Action].flat().includes("kms:Decrypt")),
          ),
          role === "primary",
        );
      });

      it("runs the tier's desired count, spread over AZs, with the circuit breaker", async () => {
        const s = await stackOf(tier, role);
        const svc = one(s, "aws:ecs/service:Service");
        const full = 3;
        assert.equal(svc.inputs.desiredCount, regionCapacity(TIER_PROFILES[tier], role, full));
        assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
        assert.equal(svc.inputs.orderedPlacementStrategies[0].type, "spread");
        assert.equal(
          svc.inputs.orderedPlacementStrategies[0].field,
          "attribute:ecs.availability-zone",
        );
        assert.equal(svc.inputs.networkConfiguration.subnets.length, 3);
        assert.equal(
          svc.inputs.loadBalancers.length,
          3,
          "app and orders target groups, and the NLB",
        );
      });

      it("health-checks /healthz on the target groups and /health/deep from Route 53", async () => {
        const s = await stackOf(tier, role);
        for (const tg of of(s, "aws:lb/targetGroup:TargetGroup").filter(
          (t) => t.inputs.healthCheck?.path,
        )) {
          assert.equal(tg.inputs.healthCheck.path, "/healthz");
        }
        const hc = s.resources.find(
          (r) =>
            r.type === "aws:route53/healthCheck:HealthCheck" && r.name === "securecart-health-hc",
        )!;
        assert.equal(hc.inputs.resourcePath, "/health/deep");
        assert.equal(hc.inputs.type, "HTTPS_STR_MATCH");
      });

      it("packages the validation Lambda from built code, in ≥ 2 AZs, with a dead-letter queue", async () => {
        const s = await stackOf(tier, role);
        const fn = s.resources.find(
          (r) =>
            r.type === "aws:lambda/function:Function" &&
            r.name === "securecart-order-validation-fn",
        )!;
        assert.equal(fn.inputs.code.archive, "AssetArchive");
        assert.deepEqual(Object.keys(fn.inputs.code.assets).sort(), [
          "functions/validateOrder.js",
          "validation/validateOrder.js",
        ]);
        for (const a of Object.values<any>(fn.inputs.code.assets))
          assert.match(a.path, /app\/dist\/(functions|validation)\/validateOrder\.js$/);
        assert.equal(fn.inputs.handler, "functions/validateOrder.handler");
        const subnets = fn.propertyDependencies["vpcConfig"] ?? [];
        const azs = new Set(
          subnets
            .map((u) => byUrn(s, u))
            .filter((r) => r?.type === "aws:ec2/subnet:Subnet")
            .map((r) => r.inputs.availabilityZone),
        );
        assert.ok(azs.size >= 2, `Lambda subnets span ${azs.size} AZs`);
        const dlq = s.resources.find(
          (r) => r.type === "aws:sqs/queue:Queue" && r.name === "securecart-order-validation-dlq",
        )!;
        assert.match(
          fn.inputs.deadLetterConfig.targetArn,
          autoNamed(`arn:aws:sqs:${s.region}:${MOCK_ACCOUNT}:`, dlq.name),
        );
        // No reservation by default: Lambda keeps 100 unreserved, which a small account's quota cannot spare.
        assert.equal(fn.inputs.reservedConcurrentExecutions, undefined);
        assert.equal(fn.inputs.runtime, "nodejs22.x");
      });
    });
  }

  describe("the image", () => {
    it("is built once in the primary region and replicated; the recovery task runs the same digest from its own region", async () => {
      const pri = await stackOf("warm-standby", "primary");
      const rec = await stackOf("warm-standby", "recovery");
      const image = one(pri, "docker-build:index:Image");
      assert.equal(image.inputs.buildOnPreview, false);
      assert.deepEqual(image.inputs.platforms, ["linux/amd64"]);
      assert.match(image.inputs.dockerfile.location, /app\/Dockerfile$/);
      assert.equal(
        of(rec, "docker-build:index:Image").length,
        0,
        "the recovery stack never builds",
      );
      const replication = one(rec, "aws:ecr/replicationConfiguration:ReplicationConfiguration");
      assert.equal(regionOf(rec, replication), "us-east-1");
      assert.deepEqual(replication.inputs.replicationConfiguration.rules[0].destinations, [
        { region: "eu-west-1", registryId: MOCK_ACCOUNT },
      ]);
      const digest = String(pri.outputs.imageDigest);
      assert.match(digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(
        container(pri).image,
        `${MOCK_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/securecart-image@${digest}`,
      );
      assert.equal(
        container(rec).image,
        `${MOCK_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/securecart-image@${digest}`,
      );
      for (const repo of [
        one(pri, "aws:ecr/repository:Repository"),
        one(rec, "aws:ecr/repository:Repository"),
      ]) {
        assert.equal(repo.inputs.imageScanningConfiguration.scanOnPush, true);
      }
    });
  });

  it("keeps pilot light's recovery service defined at 0, ready for the runbook to scale", async () => {
    const rec = await stackOf("pilot-light", "recovery");
    const svc = one(rec, "aws:ecs/service:Service");
    const target = one(rec, "aws:appautoscaling/target:Target");
    assert.equal(svc.inputs.desiredCount, 0);
    assert.equal(target.inputs.minCapacity, 0);
    assert.equal(target.inputs.maxCapacity, 6);
  });
});

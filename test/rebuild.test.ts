/**
 * Backup-restore's rebuild (DESIGN.md decision 15): `securecart:rebuildFromSnapshot` on the recovery stack builds
 * the region around the DR vault's data, and its `pulumi up` needs no us-east-1 control plane: what it needs from
 * IAM, ACM and Route 53 already exists, unchanged, and nothing it creates lives in us-east-1.
 */
import { strict as assert } from "assert";
import { diffResources } from "../scripts/plan/diff";
import { plan, StackPlan } from "../scripts/plan/planStack";
import { MOCK_ACCOUNT } from "../scripts/plan/mockAws";
import type { PlannedResource } from "./support/harness";
import { stackOf } from "./support/plans";

const SNAPSHOT =
  "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:awsbackup:job-0a1b2c3d-1111-2222-3333-444455556666";
/** Services whose control plane is in us-east-1 (AWS Fault Isolation Boundaries, "Global services"). */
const US_EAST_1_CONTROL_PLANES = /^aws:(iam|route53|acm|cloudfront|organizations|shield)\//;

async function rebuiltStack(): Promise<StackPlan> {
  const pair = await plan({
    tier: "backup-restore",
    config: { "prod-eu-west-1": { "securecart:rebuildFromSnapshot": SNAPSHOT } },
  });
  return pair.stacks.find((s) => s.role === "recovery")!;
}

/** The region a resource is created in: its explicit provider's, else the stack's. */
function regionOf(s: StackPlan, r: PlannedResource): string {
  if (!r.provider) return s.region;
  const urn = r.provider.split("::").slice(0, -1).join("::");
  return s.resources.find((p) => p.urn === urn)?.inputs.region ?? s.region;
}

const named = (s: StackPlan, type: string, name: string) => {
  const r = s.resources.find((x) => x.type === type && x.name === name);
  assert.ok(r, `${type} ${name} in ${s.stack}`);
  return r;
};
const ofType = (s: StackPlan, type: string) => s.resources.filter((r) => r.type === type);
/** `*` as IAM's wildcard (any run of characters), everything else literal. */
const iamMatch = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  ).test(value);

describe("backup-restore rebuild (securecart:rebuildFromSnapshot)", function () {
  this.timeout(180_000);
  let idle: StackPlan;
  let rebuilt: StackPlan;
  before(async () => {
    idle = await stackOf("backup-restore", "recovery");
    rebuilt = await rebuiltStack();
  });

  it("keeps every resource the idle region has, unchanged, but the image copy it leaves in place: it only creates", () => {
    const changes = diffResources(idle.resources, rebuilt.resources);
    const copy = named(idle, "docker-build:index:Index", "securecart-image-copy");
    const registries = named(idle, "pulumi:providers:docker-build", "securecart-image-registries");
    // The copy's registries log in to the primary's ECR on every run; the rebuild reads the copy instead.
    assert.deepEqual(
      changes.filter((c) => c.op !== "same" && c.op !== "create").map((c) => `${c.op} ${c.urn}`),
      [`delete ${registries.urn}`, `delete ${copy.urn}`],
    );
    assert.equal(
      copy.retainOnDelete,
      true,
      "forgetting the copy must leave the image the service runs in the registry",
    );
    assert.equal(changes.filter((c) => c.op === "same").length, idle.resources.length - 2);
    assert.ok(changes.filter((c) => c.op === "create").length > 100, "the whole region is built");
  });

  it("runs the primary's image, found in eu-west-1's registry under the copy's tag", async () => {
    const primary = await stackOf("backup-restore", "primary");
    const [taskDef] = ofType(rebuilt, "aws:ecs/taskDefinition:TaskDefinition");
    const image: string = JSON.parse(taskDef.inputs.containerDefinitions)[0].image;
    assert.equal(image, `${idle.outputs.ecrRepositoryUrl}@${primary.outputs.imageDigest}`);
    assert.match(image, /^\d+\.dkr\.ecr\.eu-west-1\.amazonaws\.com\//);
    assert.deepEqual(
      rebuilt.invokes.filter((i) => i.token === "aws:ecr/getImage:getImage"),
      [{ token: "aws:ecr/getImage:getImage", region: "eu-west-1" }],
    );
  });

  it("calls nothing in us-east-1 on a run: no data source, and no provider's credentials check", () => {
    assert.deepEqual(
      rebuilt.invokes.filter((i) => i.region === "us-east-1"),
      [],
    );
    const primaryRegion = named(rebuilt, "pulumi:providers:aws", "securecart-primary-region");
    assert.equal(primaryRegion.inputs.region, "us-east-1");
    assert.equal(primaryRegion.inputs.stsRegion, "eu-west-1");
    // The idle region still copies each new image from the primary's registry, and says so.
    assert.ok(
      idle.invokes.some(
        (i) =>
          i.region === "us-east-1" &&
          i.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken",
      ),
    );
  });

  it("creates nothing through a us-east-1 control plane and nothing in us-east-1", () => {
    const byUrn = new Map(rebuilt.resources.map((r) => [r.urn, r]));
    const created = diffResources(idle.resources, rebuilt.resources)
      .filter((c) => c.op === "create")
      .map((c) => byUrn.get(c.urn)!);
    assert.deepEqual(
      created
        .filter((r) => US_EAST_1_CONTROL_PLANES.test(r.type))
        .map((r) => `${r.type} ${r.name}`),
      [],
    );
    const regions = new Set(
      created
        .filter((r) => !r.type.startsWith("securecart:") && !r.type.startsWith("pulumi:"))
        .map((r) => regionOf(rebuilt, r)),
    );
    // us-west-2: the endpoint group on the standby accelerator (Global Accelerator's control plane).
    assert.deepEqual([...regions].sort(), ["eu-west-1", "us-west-2"]);
    assert.deepEqual(
      created.filter((r) => regionOf(rebuilt, r) === "us-west-2").map((r) => r.type),
      ["aws:globalaccelerator/endpointGroup:EndpointGroup"],
    );
  });

  it("restores the orders database from the recovery point, with the credentials made ahead, and keeps it on a newer point", () => {
    const [cluster] = ofType(rebuilt, "aws:rds/cluster:Cluster");
    assert.equal(cluster.inputs.snapshotIdentifier, SNAPSHOT);
    assert.ok(
      cluster.ignoreChanges?.includes("snapshotIdentifier"),
      "a newer recovery point in config must not replace the cluster",
    );
    assert.equal(cluster.inputs.manageMasterUserPassword, undefined);
    const password = named(
      rebuilt,
      "random:index/randomPassword:RandomPassword",
      "securecart-rebuild-db-password",
    );
    assert.deepEqual(cluster.propertyDependencies.masterPassword, [password.urn]);
    assert.equal(
      ofType(rebuilt, "aws:rds/clusterInstance:ClusterInstance").length,
      2,
      "Multi-AZ: it is the only writer now",
    );
    assert.equal(rebuilt.outputs.dbSecretArn, idle.outputs.rebuildDbSecretArn);
    assert.equal(rebuilt.outputs.rebuilt, true);
    assert.equal(idle.outputs.rebuilt, false);
  });

  it("runs on the roles made ahead: hosts, tasks, the function and the backups", () => {
    const dep = (r: PlannedResource, key: string) => r.propertyDependencies[key] ?? [];
    const urnOf = (type: string, name: string) => named(rebuilt, type, name).urn;
    const [template] = ofType(rebuilt, "aws:ec2/launchTemplate:LaunchTemplate");
    assert.deepEqual(dep(template, "iamInstanceProfile"), [
      urnOf("aws:iam/instanceProfile:InstanceProfile", "securecart-rebuild-ecs-host"),
    ]);
    const [taskDef] = ofType(rebuilt, "aws:ecs/taskDefinition:TaskDefinition");
    assert.deepEqual(dep(taskDef, "taskRoleArn"), [
      urnOf("aws:iam/role:Role", "securecart-rebuild-storefront-task"),
    ]);
    assert.deepEqual(dep(taskDef, "executionRoleArn"), [
      urnOf("aws:iam/role:Role", "securecart-rebuild-storefront-execution"),
    ]);
    const fn = named(rebuilt, "aws:lambda/function:Function", "securecart-order-validation-fn");
    assert.deepEqual(dep(fn, "role"), [
      urnOf("aws:iam/role:Role", "securecart-rebuild-order-validation"),
    ]);
    // The region's own plan; the copy rule in us-east-1 (made ahead, unchanged) keeps its own role.
    const own = ofType(rebuilt, "aws:backup/selection:Selection").filter(
      (x) => regionOf(rebuilt, x) === "eu-west-1",
    );
    assert.equal(own.length, 2);
    for (const selection of own)
      assert.deepEqual(dep(selection, "iamRoleArn"), [
        urnOf("aws:iam/role:Role", "securecart-rebuild-backup"),
      ]);
  });

  it("the roles made ahead grant exactly what the rebuild creates, by the names it gets", () => {
    const policy = (name: string) =>
      JSON.parse(named(rebuilt, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy).Statement as {
        Sid: string;
        Resource: string[];
      }[];
    const resourceOf = (statements: { Sid: string; Resource: string[] }[], sid: string) =>
      statements.find((s) => s.Sid === sid)!.Resource;
    const task = policy("securecart-rebuild-storefront-task");
    const [taskDef] = ofType(rebuilt, "aws:ecs/taskDefinition:TaskDefinition");
    const env = Object.fromEntries(
      JSON.parse(taskDef.inputs.containerDefinitions)[0].environment.map(
        (e: { name: string; value: string }) => [e.name, e.value],
      ),
    );
    assert.deepEqual(resourceOf(task, "Catalog"), [
      `arn:aws:dynamodb:eu-west-1:${MOCK_ACCOUNT}:table/${env.CATALOG_TABLE}`,
      `arn:aws:dynamodb:eu-west-1:${MOCK_ACCOUNT}:table/${env.CATALOG_TABLE}/index/*`,
    ]);
    assert.deepEqual(resourceOf(task, "DbSecret"), [env.DB_SECRET_ARN]);
    const [fnPattern] = resourceOf(task, "OrderValidation");
    assert.ok(
      iamMatch(fnPattern, env.ORDER_VALIDATION_FUNCTION_ARN),
      `${fnPattern} must match ${env.ORDER_VALIDATION_FUNCTION_ARN}`,
    );
    assert.ok(
      !iamMatch(
        fnPattern,
        `arn:aws:lambda:eu-west-1:${MOCK_ACCOUNT}:function:securecart-primary-probe-fn-abc1234`,
      ),
      "and no other function",
    );
    assert.deepEqual(resourceOf(task, "WriteFence"), [
      `arn:aws:s3:::${env.WRITE_FENCE_S3_URI.slice("s3://".length)}`,
    ]);
    const [dlqPattern] = resourceOf(
      policy("securecart-rebuild-order-validation-dlq"),
      "DeadLetters",
    );
    const fn = named(rebuilt, "aws:lambda/function:Function", "securecart-order-validation-fn");
    const queue = named(rebuilt, "aws:sqs/queue:Queue", "securecart-order-validation-dlq");
    assert.deepEqual(fn.propertyDependencies["deadLetterConfig"], [queue.urn]);
    const dlqArn: string = fn.inputs.deadLetterConfig.targetArn;
    assert.ok(iamMatch(dlqPattern, dlqArn), `${dlqPattern} must match ${dlqArn}`);
    assert.ok(
      !iamMatch(
        dlqPattern,
        `arn:aws:sqs:eu-west-1:${MOCK_ACCOUNT}:securecart-primary-probe-dlq-abc1234`,
      ),
      "and no other queue",
    );
    assert.equal(
      queue.inputs.kmsMasterKeyId,
      "alias/aws/sqs",
      "SQS's AWS-managed key needs no grant in the role made ahead",
    );
  });

  it("is not peered to the primary, and reads the catalog restored under the primary's name", async () => {
    for (const type of [
      "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
      "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
    ]) {
      assert.deepEqual(ofType(rebuilt, type), []);
    }
    assert.deepEqual(
      ofType(rebuilt, "aws:dynamodb/table:Table"),
      [],
      "AWS Backup created the table; no stack owns it",
    );
    const primary = await stackOf("backup-restore", "primary");
    assert.equal(rebuilt.outputs.catalogTableName, primary.outputs.catalogTableName);
  });

  it("puts the rebuilt ALB behind the standby accelerator; the SECONDARY record and its check stay as they were", () => {
    const [group] = ofType(rebuilt, "aws:globalaccelerator/endpointGroup:EndpointGroup");
    const [alb] = ofType(rebuilt, "aws:lb/loadBalancer:LoadBalancer").filter(
      (l) => l.inputs.loadBalancerType === "application",
    );
    assert.deepEqual(group.propertyDependencies.endpointConfigurations, [alb.urn]);
    assert.deepEqual(group.propertyDependencies.listenerArn, [
      named(
        rebuilt,
        "aws:globalaccelerator/listener:Listener",
        "securecart-standby-accelerator-listener",
      ).urn,
    ]);
    const record = named(rebuilt, "aws:route53/record:Record", "securecart-dns-a");
    assert.deepEqual(
      record.inputs,
      named(idle, "aws:route53/record:Record", "securecart-dns-a").inputs,
    );
    assert.deepEqual(record.inputs.failoverRoutingPolicies, [{ type: "SECONDARY" }]);
    const check = named(rebuilt, "aws:route53/healthCheck:HealthCheck", "securecart-health-hc");
    assert.deepEqual(record.propertyDependencies.healthCheckId, [check.urn]);
    assert.match(check.inputs.fqdn, /awsglobalaccelerator\.com$/);
  });

  it("passes the policy pack", () => {
    assert.deepEqual(
      rebuilt.violations.filter((v) => v.level === "mandatory"),
      [],
    );
  });
});

import { strict as assert } from "assert";
import { DR_TIERS } from "../components/tiers/tierProfile";
import {
  crossStackOrderViolations,
  nameClashes,
  nameLengthViolations,
  NAME_LENGTH_RULES,
  NAME_RULES,
  orderViolations,
  ORDER_PRECONDITIONS,
  PlanGraph,
  PlannedStack,
} from "../scripts/plan/preconditions";
import { planTier, stackOf } from "./support/plans";

/** A copy of `plan` with `edit` applied to the resources it picks (the real plan stays untouched). */
function withEdit(
  plan: PlannedStack,
  pick: (r: PlannedStack["resources"][number]) => boolean,
  edit: (r: any) => any,
): PlannedStack {
  return { ...plan, resources: plan.resources.map((r) => (pick(r) ? edit({ ...r }) : r)) };
}

describe("preconditions: AWS's creation order and name scopes, on the recorded graph of all 8 plans", () => {
  it("cites a source for every entry", () => {
    for (const e of [...ORDER_PRECONDITIONS, ...NAME_RULES, ...NAME_LENGTH_RULES])
      assert.match(
        e.source,
        /^https:\/\/(docs\.aws\.amazon\.com|registry\.terraform\.io)\//,
        JSON.stringify(e),
      );
  });

  for (const tier of DR_TIERS) {
    it(`${tier}: every planned resource waits for what AWS needs first, in both stacks and across them`, async () => {
      const pair = await planTier(tier);
      const [primary, recovery] = [await stackOf(tier, "primary"), await stackOf(tier, "recovery")];
      for (const s of pair.stacks) assert.deepEqual(orderViolations(s), [], `${s.stack} ${tier}`);
      assert.deepEqual(crossStackOrderViolations(primary, recovery), []);
    });

    it(`${tier}: no account-wide, regional or hosted-zone name is claimed twice by the two stacks`, async () => {
      const pair = await planTier(tier);
      assert.deepEqual(nameClashes(pair.stacks), []);
    });

    it(`${tier}: every planned name, given or auto-generated, fits AWS's length limit`, async () => {
      const pair = await planTier(tier);
      assert.deepEqual(pair.stacks.flatMap(nameLengthViolations), []);
    });
  }

  it("applies every ordering entry somewhere in the 8 plans (none is vacuous)", async () => {
    const applied = new Set<string>();
    for (const tier of DR_TIERS) {
      for (const s of (await planTier(tier)).stacks) {
        const g = new PlanGraph(s);
        for (const rule of ORDER_PRECONDITIONS)
          if (g.ofType(rule.type).some((r) => rule.requires(r, g).length > 0)) applied.add(rule.id);
      }
    }
    assert.deepEqual([...applied].sort(), ORDER_PRECONDITIONS.map((r) => r.id).sort());
  });

  it("the recovery service waits for the image copied into its region, and the replication for the destination's versioning", async () => {
    const rec = await stackOf("pilot-light", "recovery");
    const g = new PlanGraph(rec);
    const service = g.ofType("aws:ecs/service:Service")[0];
    const copy = g.ofType("docker-build:index:Index");
    assert.equal(copy.length, 1);
    assert.ok(
      g.waits(service, copy[0]),
      "the service (through its task definition) waits for the image copy",
    );
    const replication = g.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")[0];
    const versioning = g
      .ofType("aws:s3/bucketVersioning:BucketVersioning")
      .find((v) => v.name === "securecart-assets-bucket")!;
    assert.ok(g.waits(replication, versioning));
    assert.equal(g.regionOf(replication), "us-east-1");
  });

  it("fails when a needed dependency is missing: the service without its listeners, the function without its ENI policy", async () => {
    const pri = await stackOf("warm-standby", "primary");
    const listeners = new Set(
      pri.resources
        .filter(
          (r) =>
            r.type === "aws:lb/listener:Listener" || r.type === "aws:lb/listenerRule:ListenerRule",
        )
        .map((r) => r.urn),
    );
    const noListeners = withEdit(
      pri,
      (r) => r.type === "aws:ecs/service:Service",
      (r) => ({ ...r, dependencies: r.dependencies.filter((u: string) => !listeners.has(u)) }),
    );
    const problems = orderViolations(noListeners);
    assert.equal(problems.length, 3, problems.join("\n"));
    assert.ok(
      problems.every((p) =>
        p.startsWith(
          "prod-us-east-1: securecart-storefront-svc (ecs-service-target-group-attached) does not wait for a listener or rule forwarding to target group",
        ),
      ),
    );

    const eni = pri.resources.find((r) =>
      String(r.inputs.policyArn ?? "").endsWith("/AWSLambdaVPCAccessExecutionRole"),
    )!;
    const noEni = withEdit(
      pri,
      (r) => r.type === "aws:lambda/function:Function",
      (r) => ({ ...r, dependencies: r.dependencies.filter((u: string) => u !== eni.urn) }),
    );
    assert.deepEqual(
      orderViolations(noEni).map((p) => p.split(":").slice(0, 2).join(":")),
      [
        "prod-us-east-1: securecart-order-validation-fn (lambda-vpc-eni-permission) does not wait for its role's AWSLambdaVPCAccessExecutionRole attachment",
      ],
    );
  });

  it("fails on a name AWS would refuse as too long (the order API's NLB as it was)", async () => {
    const pri = await stackOf("warm-standby", "primary");
    const old = withEdit(
      pri,
      (r) => r.type === "aws:lb/loadBalancer:LoadBalancer" && r.name === "securecart-orders-nlb-lb",
      (r) => ({ ...r, name: "securecart-orders-nlb-nlb" }),
    );
    assert.deepEqual(nameLengthViolations(old), [
      "prod-us-east-1: aws:lb/loadBalancer:LoadBalancer securecart-orders-nlb-nlb: name would be 33 characters, over AWS's 32 (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)",
    ]);
  });

  it("fails when both stacks claim one account-wide name (the dashboard as it was)", async () => {
    const pair = await planTier("warm-standby");
    const sameName = pair.stacks.map((s) =>
      withEdit(
        s,
        (r) => r.type === "aws:cloudwatch/dashboard:Dashboard",
        (r) => ({ ...r, inputs: { ...r.inputs, dashboardName: "securecart-alarms" } }),
      ),
    );
    assert.deepEqual(nameClashes(sameName), [
      "aws:cloudwatch/dashboard:Dashboard account securecart-alarms is claimed by prod-us-east-1:securecart-alarms-dashboard and prod-eu-west-1:securecart-alarms-dashboard",
    ]);
  });
});

import { strict as assert } from "assert";
import { FisExperiment, resolveFisExperimentArgs } from "../../components/resilience/fisExperiment";
import { record, onlyOf, countByType } from "../support/harness";

const TEMPLATE = "aws:fis/experimentTemplate:ExperimentTemplate";
const ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:alb-5xx";

describe("resilience: FisExperiment", () => {
  it("terminates one of the ASG's instances in one AZ, stops on the alarm, with a tag-scoped role", async () => {
    const resources = await record(() => {
      new FisExperiment("fis", {
        asgName: "storefront-asg",
        availabilityZone: "us-east-1a",
        stopAlarmArn: ALARM,
      });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:resilience:FisExperiment": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicy:RolePolicy": 1,
      [TEMPLATE]: 1,
    });
    const template = onlyOf(resources, TEMPLATE);
    const t = template.inputs;
    assert.deepEqual(
      t.actions.map((a: any) => [a.actionId, a.target]),
      [["aws:ec2:terminate-instances", { key: "Instances", value: "asg-instances-in-az" }]],
    );
    assert.equal(t.targets.length, 1);
    const target = t.targets[0];
    assert.equal(target.name, "asg-instances-in-az");
    assert.equal(target.resourceType, "aws:ec2:instance");
    assert.equal(target.selectionMode, "COUNT(1)");
    assert.deepEqual(target.resourceTags, [
      { key: "aws:autoscaling:groupName", value: "storefront-asg" },
    ]);
    assert.deepEqual(
      target.filters.find((f: any) => f.path === "Placement.AvailabilityZone").values,
      ["us-east-1a"],
    );
    assert.deepEqual(t.stopConditions, [{ source: "aws:cloudwatch:alarm", value: ALARM }]);

    const role = onlyOf(resources, "aws:iam/role:Role");
    assert.deepEqual(template.propertyDependencies.roleArn, [role.urn]);
    const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
    assert.equal(trust.Principal.Service, "fis.amazonaws.com");
    assert.equal(trust.Condition.StringEquals["aws:SourceAccount"], "123456789012");

    const policy = JSON.parse(onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
    const actions = policy.Statement.flatMap((s: any) => [s.Action].flat());
    assert.deepEqual(actions.sort(), ["ec2:DescribeInstances", "ec2:TerminateInstances"]);
    const terminate = policy.Statement.find((s: any) => s.Action === "ec2:TerminateInstances");
    assert.deepEqual(terminate.Condition, {
      StringEquals: { "aws:ResourceTag/aws:autoscaling:groupName": "storefront-asg" },
    });
    assert.equal(terminate.Resource, "arn:aws:ec2:*:123456789012:instance/*");
  });

  it("takes a percentage selection", async () => {
    const resources = await record(() => {
      new FisExperiment("fis", {
        asgName: "a",
        availabilityZone: "eu-west-1b",
        stopAlarmArn: ALARM,
        selectionMode: "PERCENT(50)",
      });
    });
    const target = onlyOf(resources, TEMPLATE).inputs.targets[0];
    assert.equal(target.selectionMode, "PERCENT(50)");
    assert.deepEqual(target.filters[0], {
      path: "Placement.AvailabilityZone",
      values: ["eu-west-1b"],
    });
  });

  it("resolves its defaults once, and tags with its own tags only (project, dr-role: the providers')", async () => {
    const required = { asgName: "a", availabilityZone: "us-east-1a", stopAlarmArn: ALARM };
    assert.deepEqual(resolveFisExperimentArgs(required), {
      args: { ...required, selectionMode: "COUNT(1)" },
      errors: [],
    });
    const resources = await record(() => new FisExperiment("fis", required));
    assert.deepEqual(onlyOf(resources, "aws:iam/role:Role").inputs.tags, { component: "fis" });
    assert.deepEqual(onlyOf(resources, TEMPLATE).inputs.tags, {
      component: "fis",
      Name: "fis-az-drill",
    });
    // The drill's target selector is data, not the stack's tags: it keeps selecting the ASG's instances.
    assert.deepEqual(onlyOf(resources, TEMPLATE).inputs.targets[0].resourceTags, [
      { key: "aws:autoscaling:groupName", value: "a" },
    ]);
  });

  it("reports every bad arg at once, naming each", async () => {
    const { errors } = resolveFisExperimentArgs({
      asgName: "a",
      availabilityZone: "us-east-1",
      stopAlarmArn: ALARM,
      selectionMode: "PERCENT(150)",
    });
    assert.deepEqual(
      errors.map((e) => e.split(" ")[0]),
      ["availabilityZone", "selectionMode"],
    );
    assert.deepEqual(
      resolveFisExperimentArgs({
        asgName: "a",
        availabilityZone: "us-east-1a",
        stopAlarmArn: ALARM,
        selectionMode: "COUNT(0)",
      }).errors.length,
      1,
    );
    assert.deepEqual(
      resolveFisExperimentArgs({
        asgName: "a",
        availabilityZone: "us-east-1a",
        stopAlarmArn: ALARM,
        selectionMode: "ALL",
      }).errors,
      [],
    );
    await assert.rejects(
      record(
        () =>
          new FisExperiment("fis", { asgName: "a", availabilityZone: "az1", stopAlarmArn: ALARM }),
      ),
      /availabilityZone must be a zone name/,
    );
  });
});

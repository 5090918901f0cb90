import { strict as assert } from "assert";
import {
  EcsCapacity,
  ECS_AMI_PARAMETER,
  resolveEcsCapacityArgs,
} from "../../components/compute/ecsCapacity";
import { stackTags } from "../../components/tags";
import { countByType, onlyOf, promiseOf, record } from "../support/harness";

const base = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  albSecurityGroupId: "sg-alb",
};

describe("compute: EcsCapacity", () => {
  it("builds a Container Insights cluster on an ASG capacity provider, with exactly these children", async () => {
    let asgName: string | undefined;
    const resources = await record(
      async () => {
        const capacity = new EcsCapacity("ecs", {
          ...base,
          desiredCapacity: 3,
          maxSize: 9,
          instanceType: "c6i.xlarge",
          propagatedTags: stackTags("recovery"),
        });
        asgName = await promiseOf(capacity.asgName);
      },
      { region: "eu-west-1" },
    );
    const component = onlyOf(resources, "securecart:compute:EcsCapacity");
    assert.ok(resources.filter((r) => r !== component).every((r) => r.parent === component.urn));
    assert.deepEqual(countByType(resources), {
      "securecart:compute:EcsCapacity": 1,
      "aws:ecs/cluster:Cluster": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 2,
      "aws:iam/instanceProfile:InstanceProfile": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      "aws:ec2/launchTemplate:LaunchTemplate": 1,
      "aws:autoscaling/group:Group": 1,
      "aws:ecs/capacityProvider:CapacityProvider": 1,
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": 1,
    });
    assert.equal(asgName, "ecs-hosts");

    assert.deepEqual(onlyOf(resources, "aws:ecs/cluster:Cluster").inputs.settings, [
      { name: "containerInsights", value: "enabled" },
    ]);
    assert.deepEqual(
      resources
        .filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .map((r) => r.inputs.policyArn)
        .sort(),
      [
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
      ],
    );

    const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepEqual(sg.inputs.ingress, [
      {
        protocol: "tcp",
        fromPort: 8080,
        toPort: 8080,
        securityGroups: ["sg-alb"],
        description: "ALB to app ports",
      },
    ]);

    const lt = onlyOf(resources, "aws:ec2/launchTemplate:LaunchTemplate");
    assert.equal(lt.inputs.instanceType, "c6i.xlarge");
    assert.match(lt.inputs.imageId, /^ami-/);
    assert.equal(lt.inputs.metadataOptions.httpTokens, "required");
    assert.equal(lt.inputs.blockDeviceMappings[0].ebs.encrypted, "true");
    const userData = Buffer.from(lt.inputs.userData, "base64").toString();
    assert.match(userData, /^echo ECS_CLUSTER=ecs-cluster >> \/etc\/ecs\/ecs.config$/m);
    assert.match(userData, /ECS_AWSVPC_BLOCK_IMDS=true/);
    assert.deepEqual(lt.propertyDependencies.userData, [
      resources.find((r) => r.name === "ecs-cluster")!.urn,
    ]);
    // Launch template tag specifications are property values, not `tags`: the provider's defaultTags never reach
    // them, so the instances and volumes carry the stack's tags through propagatedTags.
    assert.deepEqual(lt.inputs.tagSpecifications, [
      {
        resourceType: "instance",
        tags: {
          project: "securecart",
          "dr-role": "recovery",
          Name: "ecs-ecs-host",
          PatchGroup: "ecs",
        },
      },
      { resourceType: "volume", tags: { project: "securecart", "dr-role": "recovery" } },
    ]);
    // Every resource but the ASG takes the stack's tags from the provider's defaultTags.
    for (const r of resources.filter(
      (r) =>
        r.type !== "aws:autoscaling/group:Group" && r.type !== "securecart:compute:EcsCapacity",
    ))
      assert.equal(r.inputs.tags, undefined, `${r.type} ${r.name} carries no tags of its own`);
    assert.equal(
      ECS_AMI_PARAMETER,
      "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    );

    const asg = onlyOf(resources, "aws:autoscaling/group:Group");
    assert.deepEqual(asg.inputs.vpcZoneIdentifiers, base.subnetIds);
    assert.deepEqual(
      [asg.inputs.minSize, asg.inputs.desiredCapacity, asg.inputs.maxSize],
      [3, 3, 9],
    );
    assert.equal(asg.inputs.capacityRebalance, true);
    assert.equal(asg.inputs.healthCheckType, "EC2");
    assert.equal(asg.inputs.protectFromScaleIn, true);
    assert.equal(asg.inputs.targetGroupArns, undefined);
    // EC2 Auto Scaling groups get none of the provider's defaultTags: the stack's tags are explicit here.
    assert.deepEqual(asg.inputs.tags, [
      { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
      { key: "project", value: "securecart", propagateAtLaunch: true },
      { key: "dr-role", value: "recovery", propagateAtLaunch: true },
      { key: "Name", value: "ecs-ecs-host", propagateAtLaunch: true },
      { key: "PatchGroup", value: "ecs", propagateAtLaunch: true },
    ]);

    const cp = onlyOf(resources, "aws:ecs/capacityProvider:CapacityProvider");
    assert.deepEqual(cp.inputs.autoScalingGroupProvider, {
      autoScalingGroupArn: "arn:aws:autoscaling:eu-west-1:123456789012:group/ecs-hosts",
      managedTerminationProtection: "ENABLED",
      managedDraining: "ENABLED",
      managedScaling: {
        status: "ENABLED",
        targetCapacity: 100,
        minimumScalingStepSize: 1,
        maximumScalingStepSize: 10,
      },
    });
    const attach = onlyOf(resources, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
    assert.deepEqual(attach.inputs.capacityProviders, ["ecs-cp"]);
    assert.deepEqual(attach.inputs.defaultCapacityProviderStrategies, [
      { capacityProvider: "ecs-cp", weight: 1, base: 0 },
    ]);
  });

  it("keeps the capacity defined but idle at desired 0 (pilot light), with a 0 floor", async () => {
    const resources = await record(() => {
      new EcsCapacity("ecs", { ...base, desiredCapacity: 0, maxSize: 6 });
    });
    const asg = onlyOf(resources, "aws:autoscaling/group:Group");
    assert.deepEqual(
      [asg.inputs.minSize, asg.inputs.desiredCapacity, asg.inputs.maxSize],
      [0, 0, 6],
    );
  });

  it("makes services wait for the capacity provider's attachment to the cluster", async () => {
    let name: string | undefined;
    const resources = await record(async () => {
      const capacity = new EcsCapacity("ecs", base);
      name = await promiseOf(capacity.capacityProviderName);
    });
    assert.equal(name, "ecs-cp");
    assert.ok(
      resources.some((r) => r.type === "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"),
    );
  });

  it("resolves every default once", () => {
    assert.deepEqual(resolveEcsCapacityArgs(base, "ecs"), {
      args: {
        ...base,
        instanceType: "m6i.large",
        desiredCapacity: 2,
        minSize: 2,
        maxSize: 6,
        appPortFrom: 8080,
        appPortTo: 8080,
        rootVolumeSizeGb: 30,
        targetCapacity: 100,
        patchGroup: "ecs",
        propagatedTags: {},
      },
      errors: [],
    });
    const derived = resolveEcsCapacityArgs(
      { ...base, desiredCapacity: 0, appPortFrom: 9000, patchGroup: "web" },
      "ecs",
    ).args;
    assert.deepEqual([derived.minSize, derived.appPortTo, derived.patchGroup], [0, 9000, "web"]);
  });

  it("validates every arg at once, naming each", () => {
    const problems = resolveEcsCapacityArgs(
      {
        ...base,
        subnetIds: ["subnet-a"],
        minSize: 3,
        desiredCapacity: 2,
        maxSize: 1,
        instanceType: "large",
        appPortFrom: 70000,
      },
      "ecs",
    ).errors;
    assert.deepEqual(problems, [
      "subnetIds must hold at least 2 subnets in different AZs (got 1)",
      "desiredCapacity (2) must not exceed maxSize (1)",
      "minSize (3) must not exceed desiredCapacity (2)",
      "appPortFrom must be a port from 1 to 65535 (got 70000)",
      "appPortTo must be a port from 1 to 65535 (got 70000)",
      'instanceType must look like "m6i.large" (got "large")',
    ]);
    assert.deepEqual(
      resolveEcsCapacityArgs({ ...base, desiredCapacity: -1, maxSize: 0 }, "ecs").errors,
      [
        "minSize must be a non-negative integer (got -1)",
        "desiredCapacity must be a non-negative integer (got -1)",
        "maxSize must be at least 1 (got 0); keep it at full size so a failover only raises desiredCapacity",
      ],
    );
  });

  it("refuses bad args before creating anything", async () => {
    let error: unknown;
    const resources = await record(() => {
      try {
        new EcsCapacity("ecs", { ...base, subnetIds: [], desiredCapacity: 7, maxSize: 6 });
      } catch (e) {
        error = e;
      }
    });
    assert.match(
      String(error),
      /EcsCapacity ecs: subnetIds must hold at least 2 subnets in different AZs \(got 0\); desiredCapacity \(7\) must not exceed maxSize \(6\)/,
    );
    assert.deepEqual(
      resources.map((r) => r.type),
      ["securecart:compute:EcsCapacity"],
    );
  });
});

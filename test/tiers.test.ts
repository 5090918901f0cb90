/**
 * The tier table of DESIGN.md, asserted on the real program's plans: what each tier puts in each region, at
 * what capacity, behind which front door, and that switching `drTier` alone changes exactly that.
 */
import { strict as assert } from "assert";
import { DR_TIERS, DrTier, TIER_PROFILES } from "../components/tiers/tierProfile";
import { MOCK_ACCOUNT } from "../scripts/plan/mockAws";
import { StackPlan } from "../scripts/plan/planStack";
import { PlannedResource } from "./support/harness";
import { customResources, stackOf, typesOf } from "./support/plans";

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  asg: "aws:autoscaling/group:Group",
  service: "aws:ecs/service:Service",
  taskDef: "aws:ecs/taskDefinition:TaskDefinition",
  cluster: "aws:rds/cluster:Cluster",
  globalCluster: "aws:rds/globalCluster:GlobalCluster",
  table: "aws:dynamodb/table:Table",
  tableReplica: "aws:dynamodb/tableReplica:TableReplica",
  cache: "aws:elasticache/replicationGroup:ReplicationGroup",
  lambda: "aws:lambda/function:Function",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  record: "aws:route53/record:Record",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  accelerator: "aws:globalaccelerator/accelerator:Accelerator",
  endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
  vault: "aws:backup/vault:Vault",
  plan: "aws:backup/plan:Plan",
  bucket: "aws:s3/bucket:Bucket",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
  peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
  accepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
  regionSwitch: "aws:arcregionswitch/plan:Plan",
  resilienceHub: "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy",
  drs: "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate",
  ecrReplication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
};

const of = (s: StackPlan, type: string) => s.resources.filter((r) => r.type === type);
const one = (s: StackPlan, type: string): PlannedResource => {
  const found = of(s, type);
  assert.equal(found.length, 1, `expected one ${type} in ${s.stack}, found ${found.length}`);
  return found[0];
};

/** The region a resource is created in: its explicit provider's, else the stack's. */
function regionOf(s: StackPlan, r: PlannedResource): string {
  if (!r.provider) return s.region;
  const urn = r.provider.split("::").slice(0, -1).join("::");
  const provider = s.resources.find((p) => p.urn === urn);
  return provider?.inputs.region ?? s.region;
}

const envOf = (s: StackPlan): Record<string, string> => {
  const defs = JSON.parse(one(s, T.taskDef).inputs.containerDefinitions);
  return Object.fromEntries(
    defs[0].environment.map((e: { name: string; value: string }) => [e.name, e.value]),
  );
};

describe("tiers: what each tier provisions (DESIGN.md tier table)", function () {
  this.timeout(180_000);

  describe("backup-restore", () => {
    it("keeps only the DR vault, the copy rule and the replicated bucket in the recovery region, and runs nothing", async () => {
      const rec = await stackOf("backup-restore", "recovery");
      const types = typesOf(rec.resources);
      for (const absent of [
        T.vpc,
        T.asg,
        T.service,
        T.cluster,
        T.tableReplica,
        T.cache,
        T.alb,
        T.tgw,
        T.endpointGroup,
      ]) {
        assert.ok(
          !types.has(absent),
          `${absent} must not exist in the backup-restore recovery region`,
        );
      }
      // The one function is the probe that watches the primary from here; it is in no VPC (there is none).
      assert.deepEqual(
        of(rec, T.lambda).map((f) => [f.name, f.inputs.vpcConfig]),
        [["securecart-primary-probe-fn", undefined]],
      );
      const vault = one(rec, T.vault);
      assert.ok(vault.inputs.kmsKeyArn, "the DR vault is encrypted with its own KMS key");
      // Two copy plans (Aurora/S3 without cold storage, DynamoDB with it), both run in the primary region.
      const plans = of(rec, T.plan);
      assert.equal(plans.length, 2);
      for (const plan of plans) {
        assert.equal(regionOf(rec, plan), "us-east-1", "the copy plan runs in the primary region");
        const copies = plan.inputs.rules.flatMap((r: any) => r.copyActions ?? []);
        assert.ok(copies.length > 0);
        for (const c of copies)
          assert.equal(
            c.destinationVaultArn,
            `arn:aws:backup:eu-west-1:${MOCK_ACCOUNT}:vault/${vault.name}`,
          );
      }
      assert.equal(
        regionOf(rec, one(rec, T.replication)),
        "us-east-1",
        "S3 replication is configured on the primary bucket",
      );
      assert.equal(of(rec, T.bucket).length, 1);
    });

    it("fronts the primary with a PRIMARY record gated by the operator switch alone, and backs up hourly", async () => {
      const pri = await stackOf("backup-restore", "primary");
      const records = of(pri, T.record).filter((r) => r.inputs.type === "A");
      assert.equal(records.length, 1);
      assert.deepEqual(records[0].inputs.failoverRoutingPolicies, [{ type: "PRIMARY" }]);
      // No CALCULATED gate: a failing deep check alerts, it does not send shoppers to a region that is not built.
      const checks = of(pri, T.healthCheck);
      assert.deepEqual(checks.map((c) => [c.name, c.inputs.type]).sort(), [
        ["securecart-health-hc", "HTTPS_STR_MATCH"],
        ["securecart-routing-switch", "HTTPS_STR_MATCH"],
      ]);
      const gate = checks.find((c) => c.name === "securecart-routing-switch")!;
      assert.deepEqual(records[0].propertyDependencies.healthCheckId, [gate.urn]);
      assert.equal(gate.inputs.resourcePath, "/routing/primary");
      assert.equal(
        regionOf(
          pri,
          pri.resources.find((r) => r.type === "aws:s3/bucketObjectv2:BucketObjectv2")!,
        ),
        "eu-west-1",
      );
      assert.ok(
        !typesOf(pri.resources).has(T.globalCluster),
        "no global database in backup-restore",
      );
      assert.equal(one(pri, T.cluster).inputs.manageMasterUserPassword, true);
      const schedules = of(pri, T.plan).flatMap((p) => p.inputs.rules.map((r: any) => r.schedule));
      assert.ok(
        schedules.length > 0 && schedules.every((s: string) => s === "cron(0 * ? * * *)"),
        schedules.join(", "),
      );
    });
  });

  describe("pilot-light", () => {
    it("replicates data live and defines recovery compute at zero", async () => {
      const pri = await stackOf("pilot-light", "primary");
      const rec = await stackOf("pilot-light", "recovery");
      const global = one(pri, T.globalCluster);
      const secondary = one(rec, T.cluster);
      assert.equal(secondary.inputs.globalClusterIdentifier, global.inputs.globalClusterIdentifier);
      assert.equal(secondary.inputs.masterPassword, undefined);
      assert.equal(secondary.inputs.masterUsername, undefined);
      assert.equal(one(rec, T.tableReplica).inputs.globalTableArn, pri.outputs.catalogTableArn);
      assert.equal(
        one(pri, T.table).inputs.replicas,
        undefined,
        "the primary's table carries no replicas",
      );
      const asg = one(rec, T.asg);
      assert.equal(asg.inputs.desiredCapacity, 0);
      assert.equal(asg.inputs.minSize, 0);
      assert.equal(one(rec, T.service).inputs.desiredCount, 0);
      assert.ok(typesOf(rec.resources).has(T.alb), "the recovery ALB is defined");
    });

    it("pairs PRIMARY and SECONDARY failover records, each with a health check", async () => {
      const records = async (role: "primary" | "recovery") => {
        const s = await stackOf("pilot-light", role);
        const rec = of(s, T.record).find((r) => r.inputs.failoverRoutingPolicies);
        assert.ok(rec, `${role} has a failover record`);
        return { s, rec: rec! };
      };
      const sec = await records("recovery");
      assert.deepEqual(sec.rec.inputs.failoverRoutingPolicies, [{ type: "SECONDARY" }]);
      assert.deepEqual(sec.rec.propertyDependencies.healthCheckId, [one(sec.s, T.healthCheck).urn]);
      // The PRIMARY's check is CALCULATED: the deep check AND the routing switch in eu-west-1 (decision 15).
      const pri = await records("primary");
      assert.deepEqual(pri.rec.inputs.failoverRoutingPolicies, [{ type: "PRIMARY" }]);
      const byName = (n: string) => of(pri.s, T.healthCheck).find((h) => h.name === n)!;
      const gate = byName("securecart-routing-gate");
      assert.deepEqual(pri.rec.propertyDependencies.healthCheckId, [gate.urn]);
      assert.deepEqual(
        [gate.inputs.type, gate.inputs.childHealthThreshold, gate.inputs.invertHealthcheck],
        ["CALCULATED", 2, undefined],
      );
      assert.deepEqual(gate.propertyDependencies.childHealthchecks, [
        byName("securecart-health-hc").urn,
        byName("securecart-routing-switch").urn,
      ]);
      const sw = byName("securecart-routing-switch");
      assert.deepEqual(
        [sw.inputs.type, sw.inputs.resourcePath, sw.inputs.searchString],
        ["HTTPS_STR_MATCH", "/routing/primary", "primary=on"],
      );
      assert.match(
        sw.inputs.fqdn,
        /^securecart-routing-bucket-[0-9a-f]+\.s3\.eu-west-1\.amazonaws\.com$/,
      );
      assert.ok(
        of(pri.s, T.healthCheck).every((h) => h.inputs.invertHealthcheck === undefined),
        "no check is inverted",
      );
    });
  });

  describe("warm-standby", () => {
    it("runs the recovery stack scaled down: one task and instance, a smaller cache", async () => {
      const pri = await stackOf("warm-standby", "primary");
      const rec = await stackOf("warm-standby", "recovery");
      assert.equal(one(pri, T.asg).inputs.desiredCapacity, 3);
      assert.equal(one(rec, T.asg).inputs.desiredCapacity, 1);
      assert.equal(one(rec, T.service).inputs.desiredCount, 1);
      assert.equal(one(rec, T.cache).inputs.nodeType, "cache.t4g.medium");
      assert.equal(one(pri, T.cache).inputs.nodeType, "cache.r6g.large");
      assert.equal(envOf(rec).REGION_ROLE, "auto");
    });
  });

  describe("active-active", () => {
    it("forwards writes from both clusters, so a demoted primary keeps taking orders (DESIGN.md decision 16)", async () => {
      for (const [tier, forwards] of [
        ["active-active", true],
        ["warm-standby", false],
        ["pilot-light", false],
      ] as const) {
        for (const role of ["primary", "recovery"] as const) {
          // Off is the default: the primary leaves the input out, the secondary sets it explicitly.
          assert.equal(
            one(await stackOf(tier, role), T.cluster).inputs.enableGlobalWriteForwarding ?? false,
            forwards,
            `${tier} ${role}`,
          );
        }
      }
    });

    it("runs equal capacity behind Global Accelerator, both regions taking writes", async () => {
      const pri = await stackOf("active-active", "primary");
      const rec = await stackOf("active-active", "recovery");
      assert.equal(one(rec, T.asg).inputs.desiredCapacity, one(pri, T.asg).inputs.desiredCapacity);
      assert.equal(
        one(rec, T.service).inputs.desiredCount,
        one(pri, T.service).inputs.desiredCount,
      );
      assert.equal(regionOf(pri, one(pri, T.accelerator)), "us-west-2");
      const groups = [one(pri, T.endpointGroup), one(rec, T.endpointGroup)];
      assert.deepEqual(
        groups.map((g) => g.inputs.endpointGroupRegion),
        ["us-east-1", "eu-west-1"],
      );
      assert.deepEqual(
        groups.map((g) => g.inputs.trafficDialPercentage),
        [100, 100],
      );
      assert.equal(envOf(pri).REGION_ROLE, "primary");
      assert.equal(envOf(rec).REGION_ROLE, "primary");
      assert.equal(one(rec, T.cluster).inputs.enableGlobalWriteForwarding, true);
    });
  });

  describe("every serving region", () => {
    for (const tier of DR_TIERS) {
      for (const role of ["primary", "recovery"] as const) {
        if (tier === "backup-restore" && role === "recovery") continue;
        it(`${tier} ${role}: has every seed service`, async () => {
          const s = await stackOf(tier, role);
          const types = typesOf(s.resources);
          const required = [
            T.vpc,
            T.tgw,
            T.alb,
            T.asg,
            T.service,
            T.lambda,
            T.cluster,
            T.cache,
            T.vault,
            T.plan,
            T.healthCheck,
            "aws:lb/loadBalancer:LoadBalancer",
            "aws:wafv2/webAcl:WebAcl",
            "aws:ssm/patchBaseline:PatchBaseline",
            "aws:ssm/maintenanceWindow:MaintenanceWindow",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "aws:cloudwatch/dashboard:Dashboard",
            "aws:sns/topic:Topic",
            "aws:fis/experimentTemplate:ExperimentTemplate",
          ];
          for (const t of required) assert.ok(types.has(t), `${t} missing in ${tier} ${role}`);
          assert.ok(types.has(role === "primary" ? T.table : T.tableReplica));
          const subnets = of(s, "aws:ec2/subnet:Subnet");
          assert.equal(new Set(subnets.map((x) => x.inputs.availabilityZone)).size, 3);
        });
      }
    }
  });

  describe("per-AZ network items follow TierProfile.recovery.network", () => {
    // [NAT gateways, interface-endpoint AZs] each serving region plans, as the tier table sets them.
    const expected: Record<DrTier, Record<"primary" | "recovery", [number, number] | null>> = {
      "backup-restore": { primary: [3, 3], recovery: null },
      "pilot-light": { primary: [3, 3], recovery: [1, 0] },
      "warm-standby": { primary: [3, 3], recovery: [3, 3] },
      "active-active": { primary: [3, 3], recovery: [3, 3] },
    };
    for (const tier of DR_TIERS) {
      for (const role of ["primary", "recovery"] as const) {
        const want = expected[tier][role];
        if (!want) continue;
        it(`${tier} ${role}: ${want[0]} NAT gateway(s), interface endpoints in ${want[1]} AZs, subnets in all 3`, async () => {
          const s = await stackOf(tier, role);
          const nats = of(s, "aws:ec2/natGateway:NatGateway");
          assert.equal(nats.length, want[0]);
          assert.equal(of(s, "aws:ec2/eip:Eip").length, want[0], "one Elastic IP per NAT gateway");
          const interfaces = of(s, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
            (e) => e.inputs.vpcEndpointType === "Interface",
          );
          // No endpoint AZ means no interface endpoint: the services go through the NAT gateway.
          assert.equal(interfaces.length, want[1] === 0 ? 0 : 4);
          for (const e of interfaces) assert.equal(e.inputs.subnetIds.length, want[1], e.name);
          assert.equal(
            of(s, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
              (e) => e.inputs.vpcEndpointType === "Gateway",
            ).length,
            2,
          );
          // Every app subnet still leaves through a NAT gateway of this VPC.
          const routes = of(s, "aws:ec2/route:Route").filter(
            (r) => r.inputs.destinationCidrBlock === "0.0.0.0/0" && r.inputs.natGatewayId,
          );
          assert.equal(routes.length, 3);
          const natUrns = new Set(nats.map((n) => n.urn));
          for (const r of routes)
            assert.ok(natUrns.has(r.propertyDependencies.natGatewayId[0]), r.name);
        });
      }
    }

    it("pilot light's standby network is the tier table's choice, not a rule elsewhere", () => {
      assert.deepEqual(TIER_PROFILES["pilot-light"].recovery.network, {
        natGateways: 1,
        endpointAzs: 0,
      });
      for (const tier of ["warm-standby", "active-active"] as const) {
        assert.deepEqual(TIER_PROFILES[tier].recovery.network, {
          natGateways: "per-az",
          endpointAzs: "per-az",
        });
      }
    });
  });

  describe("cross-region links are created by the recovery stack", () => {
    for (const tier of ["pilot-light", "warm-standby", "active-active"] as DrTier[]) {
      it(`${tier}: peering, accepter, copy plan, replication and the region switch plan`, async () => {
        const pri = await stackOf(tier, "primary");
        const rec = await stackOf(tier, "recovery");
        for (const t of [T.peering, T.accepter, T.replication, T.ecrReplication, T.regionSwitch]) {
          assert.equal(of(pri, t).length, 0, `${t} must not be in the primary stack`);
        }
        assert.equal(one(rec, T.peering).inputs.peerTransitGatewayId, pri.outputs.transitGatewayId);
        assert.equal(regionOf(rec, one(rec, T.accepter)), "us-east-1");
        const copyPlan = of(rec, T.plan).find((p) => regionOf(rec, p) === "us-east-1");
        assert.ok(copyPlan, "the recovery stack owns a backup plan in us-east-1");
        assert.ok(copyPlan!.inputs.rules.every((r: any) => r.copyActions?.length > 0));
        assert.equal(regionOf(rec, one(rec, T.ecrReplication)), "us-east-1");
        assert.equal(
          of(rec, T.drs).length + of(pri, T.drs).length,
          0,
          "no Elastic Disaster Recovery: the hosts are stateless ASG members",
        );
        assert.equal(
          of(pri, T.resilienceHub).length,
          1,
          "the primary always creates the Resilience Hub policy",
        );
      });
    }
  });

  describe("switching drTier alone", () => {
    it("changes the primary only where the tier table says", async () => {
      const diff = async (a: DrTier, b: DrTier) => {
        const ta = typesOf((await stackOf(a, "primary")).resources);
        const tb = typesOf((await stackOf(b, "primary")).resources);
        return {
          added: [...tb].filter((t) => !ta.has(t)).sort(),
          removed: [...ta].filter((t) => !tb.has(t)).sort(),
        };
      };
      assert.deepEqual(await diff("pilot-light", "warm-standby"), { added: [], removed: [] });
      const toActive = await diff("warm-standby", "active-active");
      // The accelerator replaces the failover records' routing switch.
      assert.deepEqual(toActive, {
        added: [T.accelerator, T.endpointGroup, "aws:globalaccelerator/listener:Listener"].sort(),
        removed: ["aws:s3/bucketObjectv2:BucketObjectv2"],
      });
      const toBackup = await diff("pilot-light", "backup-restore");
      assert.ok(
        toBackup.removed.includes(T.globalCluster),
        "backup-restore drops the global database",
      );
      assert.ok(
        toBackup.removed.includes("random:index/randomPassword:RandomPassword"),
        "and the generated password",
      );
    });

    it("grows the recovery region tier by tier", async () => {
      const counts = await Promise.all(
        DR_TIERS.map(async (t) => customResources((await stackOf(t, "recovery")).resources).length),
      );
      assert.ok(
        counts[0] < counts[1],
        `backup-restore (${counts[0]}) < pilot-light (${counts[1]})`,
      );
      const caps = await Promise.all(
        DR_TIERS.slice(1).map(
          async (t) => one(await stackOf(t, "recovery"), T.asg).inputs.desiredCapacity,
        ),
      );
      assert.deepEqual(caps, [0, 1, 3]);
    });
  });

  describe("policies over the real program", () => {
    for (const tier of DR_TIERS) {
      it(`${tier}: both stacks and their pairing carry no mandatory violation`, async () => {
        const pri = await stackOf(tier, "primary");
        const rec = await stackOf(tier, "recovery");
        const { planTier } = await import("./support/plans");
        const cross = (await planTier(tier)).crossStackViolations;
        const mandatory = [...pri.violations, ...rec.violations, ...cross].filter(
          (v) => v.level === "mandatory",
        );
        assert.deepEqual(mandatory, []);
      });
    }
  });
});

describe("tiers: a failover is state that pulumi up never undoes (DESIGN.md, decision 9)", function () {
  this.timeout(180_000);
  for (const tier of ["pilot-light", "warm-standby", "active-active"] as const) {
    it(`${tier}: every property a runbook step declares it mutates is in ignoreChanges, in both stacks`, async () => {
      const { STEP_MUTATIONS } = await import("../scripts/failover/mutations");
      const { TIER_PROFILES } = await import("../components/tiers/tierProfile");
      const pair = await (await import("./support/plans")).planTier(tier);
      for (const step of TIER_PROFILES[tier].failoverSteps) {
        for (const m of STEP_MUTATIONS[step]) {
          const planned = pair.stacks.flatMap((s) => of(s, m.type));
          assert.ok(planned.length > 0, `${step} mutates ${m.type}, which ${tier} does not plan`);
          for (const r of planned)
            assert.ok(
              (r.ignoreChanges ?? []).includes(m.property),
              `${step}: ${r.urn} lacks ignoreChanges ${m.property}`,
            );
        }
      }
    });
  }

  it("ignores the fields the runbook changes at run time", async () => {
    const rec = await stackOf("pilot-light", "recovery");
    const ignored = (type: string) => of(rec, type).map((r) => r.ignoreChanges ?? []);
    assert.deepEqual(ignored(T.asg), [["desiredCapacity"]]);
    assert.deepEqual(ignored(T.service), [["desiredCount"]]);
    // The scaling floor is the tier's, so a tier switch reaches it; the runbook never changes it.
    assert.deepEqual(ignored("aws:appautoscaling/target:Target"), [[]]);
    // The Serverless v2 floor is raised by scale-database (scripts/failover/mutations.ts).
    assert.deepEqual(ignored(T.cluster), [
      [
        "globalClusterIdentifier",
        "replicationSourceIdentifier",
        "serverlessv2ScalingConfiguration.minCapacity",
      ],
    ]);
  });
});

describe("tiers: alerting that survives the primary's region (DESIGN.md decision 15)", function () {
  this.timeout(180_000);
  it("every recovery region probes the primary and alarms to its own topic; the primary stack does not", async () => {
    for (const tier of DR_TIERS) {
      const pri = await stackOf(tier, "primary");
      const rec = await stackOf(tier, "recovery");
      assert.equal(of(pri, "securecart:observability:PrimaryProbe").length, 0, `${tier} primary`);
      // Every recovery region, a backup-restore one too: it is where people hear of the primary's outage.
      const probes = of(rec, "securecart:observability:PrimaryProbe");
      assert.equal(probes.length, 1, tier);
      const alarm = rec.resources.find((r) => r.name === "securecart-primary-probe-down")!;
      const topic = rec.resources.find((r) => r.type === "aws:sns/topic:Topic")!;
      assert.deepEqual(alarm.propertyDependencies.alarmActions, [topic.urn]);
      const fn = rec.resources.find(
        (r) =>
          r.name === "securecart-primary-probe-fn" && r.type === "aws:lambda/function:Function",
      )!;
      assert.match(
        fn.inputs.environment.variables.PRIMARY_ALB,
        /\.us-east-1\.elb\.amazonaws\.com$/,
      );
    }
  });
});

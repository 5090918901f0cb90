import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import {
  AcceleratorEndpointGroup,
  DeepHealthCheck,
  DeepHealthCheckArgs,
  FailoverRecord,
  GlobalAcceleratorFrontDoor,
  RoutingSwitch,
  StandbyAccelerator,
  resolveAcceleratorEndpointGroupArgs,
  resolveDeepHealthCheckArgs,
  resolveFailoverRecordArgs,
  resolveGlobalAcceleratorFrontDoorArgs,
  resolveRoutingSwitchArgs,
  resolveStandbyAcceleratorArgs,
} from "../../components/traffic";
import { countByType, onlyOf, promiseOf, providerRegion, record } from "../support/harness";
import { CREATE_SECURE_BUCKET_RESOURCES } from "./dataBackup.support";

const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const RECORD = "aws:route53/record:Record";
const ACCELERATOR = "aws:globalaccelerator/accelerator:Accelerator";
const LISTENER = "aws:globalaccelerator/listener:Listener";
const ENDPOINT_GROUP = "aws:globalaccelerator/endpointGroup:EndpointGroup";
const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/abc";
const alias = {
  targetDnsName: "shop-123.us-east-1.elb.amazonaws.com",
  targetZoneId: "Z35SXDOTRQ7X7K",
};

/** The endpoint-group health defaults all three accelerator components share (resolveAcceleratorHealthArgs). */
const ACCELERATOR_HEALTH_DEFAULTS = {
  healthCheckPath: "/health/deep",
  healthCheckIntervalSeconds: 10,
  thresholdCount: 3,
  trafficDialPercentage: 100,
};

describe("traffic: DeepHealthCheck", () => {
  it("probes the ALB's /health/deep over HTTPS for the orders check, every 10 s, 3 strikes, from 3 regions", async () => {
    let check: DeepHealthCheck | undefined;
    const resources = await record(() => {
      check = new DeepHealthCheck("health", { fqdn: alias.targetDnsName });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:traffic:DeepHealthCheck": 1,
      [HEALTH_CHECK]: 1,
    });
    const hc = onlyOf(resources, HEALTH_CHECK).inputs;
    assert.equal(hc.type, "HTTPS_STR_MATCH");
    assert.equal(hc.fqdn, alias.targetDnsName);
    assert.equal(hc.port, 443);
    assert.equal(hc.resourcePath, "/health/deep");
    assert.equal(hc.searchString, '"orders":{"ok":true');
    assert.equal(hc.requestInterval, 10);
    assert.equal(hc.failureThreshold, 3);
    assert.equal(hc.measureLatency, true);
    assert.ok(hc.regions.length >= 3);
    // The storefront's body, as the app serializes it, must contain the search string.
    const body = JSON.stringify({
      status: "degraded",
      region: "us-east-1",
      role: "primary",
      checks: {
        orders: { ok: true, ms: 4 },
        catalog: { ok: true, ms: 2 },
        cache: { ok: false, ms: 50 },
      },
    });
    assert.ok(body.includes(hc.searchString));
    assert.equal(check!.requestInterval, 10);
    assert.equal(check!.failureThreshold, 3);
    assert.match(await promiseOf(check!.healthCheckId), /^health-hc-/);
  });

  it("reports every bad arg at once, naming it", () => {
    const errors = (args: Omit<DeepHealthCheckArgs, "fqdn">) =>
      resolveDeepHealthCheckArgs({ fqdn: "x", ...args }).errors;
    const problems = errors({
      failureThreshold: 11,
      requestInterval: 15,
      searchString: "x".repeat(256),
      regions: ["us-east-1", "eu-central-1"],
      resourcePath: "health",
    });
    assert.deepEqual(problems, [
      'resourcePath must start with "/" and hold at most 255 characters (got "health")',
      "searchString must hold 1 to 255 characters, Route 53's limit (got 256)",
      "requestInterval must be 10 or 30 seconds (got 15)",
      "failureThreshold must be an integer from 1 to 10 (got 11)",
      "regions must list at least 3 distinct checker regions (got 2)",
      "regions must be Route 53 checker regions (us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, sa-east-1); got eu-central-1",
    ]);
    assert.deepEqual(errors({ failureThreshold: 0 }), [
      "failureThreshold must be an integer from 1 to 10 (got 0)",
    ]);
    assert.deepEqual(errors({ requestInterval: 30, failureThreshold: 10 }), []);
  });

  it("resolves its defaults once, and tags the check with its name only (project, dr-role: the providers')", async () => {
    assert.deepEqual(resolveDeepHealthCheckArgs({ fqdn: "x" }), {
      args: {
        fqdn: "x",
        port: 443,
        resourcePath: "/health/deep",
        searchString: '"orders":{"ok":true',
        requestInterval: 10,
        failureThreshold: 3,
        regions: ["us-east-1", "us-west-2", "eu-west-1"],
      },
      errors: [],
    });
    const resources = await record(() => new DeepHealthCheck("health", { fqdn: "x" }));
    assert.deepEqual(onlyOf(resources, HEALTH_CHECK).inputs.tags, { Name: "health-deep" });
  });

  it("refuses bad args before creating the check", async () => {
    await assert.rejects(
      record(() => new DeepHealthCheck("health", { fqdn: "x", requestInterval: 5 })),
      /DeepHealthCheck health: requestInterval must be 10 or 30/,
    );
  });
});

describe("traffic: StandbyAccelerator", () => {
  it("resolves its defaults once, naming the accelerator after the component", () => {
    const required = { acceleratorProvider: {} as aws.Provider, region: "eu-west-1" };
    assert.deepEqual(resolveStandbyAcceleratorArgs("standby", required), {
      args: {
        ...required,
        ...ACCELERATOR_HEALTH_DEFAULTS,
        acceleratorName: "standby",
      },
      errors: [],
    });
  });

  it("before a rebuild: an accelerator and listener in us-west-2, and no endpoint group to probe", async () => {
    let standby: StandbyAccelerator | undefined;
    const resources = await record(() => {
      standby = new StandbyAccelerator("standby", {
        acceleratorProvider: new aws.Provider("accelerator", { region: "us-west-2" }),
        region: "eu-west-1",
      });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:traffic:StandbyAccelerator": 1,
      "pulumi:providers:aws": 1,
      [ACCELERATOR]: 1,
      [LISTENER]: 1,
    });
    for (const type of [ACCELERATOR, LISTENER])
      assert.equal(providerRegion(resources, onlyOf(resources, type)), "us-west-2");
    assert.deepEqual(onlyOf(resources, LISTENER).inputs.portRanges, [
      { fromPort: 443, toPort: 443 },
      { fromPort: 80, toPort: 80 },
    ]);
    assert.equal(standby!.endpointGroupArn, undefined);
  });

  it("in a rebuild: the same accelerator and listener, plus the rebuilt ALB as the region's endpoint", async () => {
    const albArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/def";
    const resources = await record(() => {
      new StandbyAccelerator("standby", {
        acceleratorProvider: new aws.Provider("accelerator", { region: "us-west-2" }),
        region: "eu-west-1",
        albArn,
      });
    });
    const group = onlyOf(resources, ENDPOINT_GROUP);
    assert.equal(group.name, "standby-eu-west-1");
    assert.equal(providerRegion(resources, group), "us-west-2");
    assert.equal(group.inputs.endpointGroupRegion, "eu-west-1");
    assert.equal(group.inputs.healthCheckPath, "/health/deep");
    assert.deepEqual(group.inputs.endpointConfigurations, [
      { endpointId: albArn, weight: 100, clientIpPreservationEnabled: true },
    ]);
  });
});

describe("traffic: FailoverRecord", () => {
  for (const failoverType of ["PRIMARY", "SECONDARY"] as const) {
    it(`creates a ${failoverType} alias record with its health check`, async () => {
      const resources = await record(() => {
        new FailoverRecord("dns", {
          zoneId: "Z0123456789ABC",
          domainName: "shop.example.com",
          failoverType,
          healthCheckId: "hc-9",
          ...alias,
        });
      });
      assert.deepEqual(countByType(resources), {
        "securecart:traffic:FailoverRecord": 1,
        [RECORD]: 1,
      });
      const r = onlyOf(resources, RECORD).inputs;
      assert.deepEqual(r.failoverRoutingPolicies, [{ type: failoverType }]);
      assert.equal(r.setIdentifier, failoverType.toLowerCase());
      assert.equal(r.healthCheckId, "hc-9");
      assert.deepEqual(r.aliases, [
        { name: alias.targetDnsName, zoneId: alias.targetZoneId, evaluateTargetHealth: true },
      ]);
      assert.equal(r.allowOverwrite, false);
    });
  }

  it("can leave the target's health to its check (a standby accelerator's SECONDARY)", async () => {
    const resources = await record(() => {
      new FailoverRecord("dns", {
        zoneId: "Z1",
        domainName: "a.b",
        failoverType: "SECONDARY",
        healthCheckId: "hc-standby",
        ...alias,
        evaluateTargetHealth: false,
      });
    });
    assert.deepEqual(onlyOf(resources, RECORD).inputs.aliases, [
      { name: alias.targetDnsName, zoneId: alias.targetZoneId, evaluateTargetHealth: false },
    ]);
  });

  it("resolves its defaults once: the set identifier from the failover type, the target's health evaluated", () => {
    const required = {
      zoneId: "Z1",
      domainName: "a.b",
      failoverType: "SECONDARY" as const,
      healthCheckId: "hc",
      ...alias,
    };
    assert.deepEqual(resolveFailoverRecordArgs(required), {
      args: { ...required, setIdentifier: "secondary", evaluateTargetHealth: true },
      errors: [],
    });
  });

  it("validates the failover type and set identifier", async () => {
    assert.deepEqual(
      resolveFailoverRecordArgs({
        zoneId: "Z1",
        domainName: "a.b",
        healthCheckId: "hc",
        ...alias,
        failoverType: "TERTIARY" as "PRIMARY",
        setIdentifier: "",
      }).errors,
      [
        'failoverType must be PRIMARY or SECONDARY (got "TERTIARY")',
        "setIdentifier must hold 1 to 128 characters (got 0)",
      ],
    );
    await assert.rejects(
      record(
        () =>
          new FailoverRecord("dns", {
            zoneId: "Z1",
            domainName: "a.b",
            failoverType: "primary" as "PRIMARY",
            healthCheckId: "hc",
            ...alias,
          }),
      ),
      /FailoverRecord dns: failoverType must be PRIMARY or SECONDARY/,
    );
  });
});

describe("traffic: GlobalAcceleratorFrontDoor", () => {
  it("creates every accelerator resource through the us-west-2 provider, the ALB as the primary endpoint, and the alias", async () => {
    const resources = await record(() => {
      const acceleratorProvider = new aws.Provider("accelerator", { region: "us-west-2" });
      new GlobalAcceleratorFrontDoor("ga", {
        zoneId: "Z0123456789ABC",
        domainName: "shop.example.com",
        albArn: ALB_ARN,
        region: "us-east-1",
        acceleratorProvider,
      });
    });
    assert.deepEqual(countByType(resources), {
      "pulumi:providers:aws": 1,
      "securecart:traffic:GlobalAcceleratorFrontDoor": 1,
      [ACCELERATOR]: 1,
      [LISTENER]: 1,
      [ENDPOINT_GROUP]: 1,
      [RECORD]: 1,
    });
    const accelerator = onlyOf(resources, ACCELERATOR);
    const listener = onlyOf(resources, LISTENER);
    const group = onlyOf(resources, ENDPOINT_GROUP);
    for (const r of [accelerator, listener, group])
      assert.equal(providerRegion(resources, r), "us-west-2", `${r.name} goes through us-west-2`);
    assert.equal(accelerator.inputs.ipAddressType, "IPV4");
    assert.equal(accelerator.inputs.enabled, true);
    assert.equal(listener.inputs.protocol, "TCP");
    assert.equal(listener.inputs.clientAffinity, "SOURCE_IP");
    assert.deepEqual(listener.inputs.portRanges, [
      { fromPort: 443, toPort: 443 },
      { fromPort: 80, toPort: 80 },
    ]);
    assert.deepEqual(listener.propertyDependencies.acceleratorArn, [accelerator.urn]);
    assert.equal(group.inputs.endpointGroupRegion, "us-east-1");
    assert.equal(group.inputs.trafficDialPercentage, 100);
    assert.equal(group.inputs.healthCheckPath, "/health/deep");
    assert.equal(group.inputs.healthCheckProtocol, "HTTPS");
    assert.equal(group.inputs.thresholdCount, 3);
    assert.equal(group.inputs.healthCheckIntervalSeconds, 10);
    assert.deepEqual(group.inputs.endpointConfigurations, [
      { endpointId: ALB_ARN, weight: 100, clientIpPreservationEnabled: true },
    ]);
    assert.deepEqual(group.propertyDependencies.listenerArn, [listener.urn]);

    const dns = onlyOf(resources, RECORD);
    assert.equal(providerRegion(resources, dns), undefined);
    assert.deepEqual(dns.inputs.aliases, [
      { name: dns.inputs.aliases[0].name, zoneId: "Z2BJ6XQ5FK7U4H", evaluateTargetHealth: true },
    ]);
    assert.match(dns.inputs.aliases[0].name, /\.awsglobalaccelerator\.com$/);
    assert.deepEqual(dns.propertyDependencies.aliases, [accelerator.urn]);
  });

  it("resolves its defaults once, naming the accelerator after the component", async () => {
    const provider = {} as aws.Provider;
    const required = {
      zoneId: "Z1",
      domainName: "a.b",
      albArn: ALB_ARN,
      region: "us-east-1",
      acceleratorProvider: provider,
    };
    assert.deepEqual(resolveGlobalAcceleratorFrontDoorArgs("ga", required), {
      args: {
        ...required,
        ...ACCELERATOR_HEALTH_DEFAULTS,
        recordAliases: [],
        acceleratorName: "ga",
        ports: [443, 80],
        flowLogsPrefix: "global-accelerator/",
      },
      errors: [],
    });
    const resources = await record(
      () =>
        new GlobalAcceleratorFrontDoor("ga", {
          ...required,
          acceleratorProvider: new aws.Provider("accelerator", { region: "us-west-2" }),
        }),
    );
    assert.deepEqual(onlyOf(resources, ACCELERATOR).inputs.tags, { Name: "ga" });
  });

  it("refuses to run without the us-west-2 provider and reports every bad arg", async () => {
    const problems = resolveGlobalAcceleratorFrontDoorArgs("ga", {
      zoneId: "Z1",
      domainName: "a.b",
      albArn: ALB_ARN,
      region: "us-east-1",
      acceleratorProvider: undefined as unknown as aws.Provider,
      ports: [443, 443, 70000],
      healthCheckIntervalSeconds: 20,
      thresholdCount: 0,
      acceleratorName: "-bad-",
    }).errors;
    assert.deepEqual(problems, [
      "acceleratorProvider is required: the Global Accelerator API lives in us-west-2 whatever the stack's region",
      "healthCheckIntervalSeconds must be 10 or 30 (got 20)",
      "thresholdCount must be an integer from 1 to 10 (got 0)",
      'acceleratorName must be 1 to 64 letters, digits or inner hyphens (got "-bad-")',
      "ports must be integers from 1 to 65535 (got 70000)",
      "ports must not repeat a port",
    ]);
    await assert.rejects(
      record(
        () =>
          new GlobalAcceleratorFrontDoor("ga", {
            zoneId: "Z1",
            domainName: "a.b",
            albArn: ALB_ARN,
            region: "us-east-1",
            acceleratorProvider: undefined as unknown as aws.Provider,
          }),
      ),
      /GlobalAcceleratorFrontDoor ga: acceleratorProvider is required/,
    );
  });
});

describe("traffic: AcceleratorEndpointGroup", () => {
  it("adds this region's ALB to the primary's listener through the us-west-2 provider, dial 100", async () => {
    const recoveryAlb =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/def";
    const listenerArn = "arn:aws:globalaccelerator::123456789012:accelerator/abc/listener/def";
    const resources = await record(
      () => {
        const acceleratorProvider = new aws.Provider("accelerator", { region: "us-west-2" });
        new AcceleratorEndpointGroup("ga-eu", {
          listenerArn,
          albArn: recoveryAlb,
          region: "eu-west-1",
          acceleratorProvider,
        });
      },
      { region: "eu-west-1" },
    );
    assert.deepEqual(countByType(resources), {
      "pulumi:providers:aws": 1,
      "securecart:traffic:AcceleratorEndpointGroup": 1,
      [ENDPOINT_GROUP]: 1,
    });
    const group = onlyOf(resources, ENDPOINT_GROUP);
    assert.equal(providerRegion(resources, group), "us-west-2");
    assert.equal(group.inputs.listenerArn, listenerArn);
    assert.equal(group.inputs.endpointGroupRegion, "eu-west-1");
    assert.equal(group.inputs.trafficDialPercentage, 100);
    assert.equal(group.inputs.healthCheckPath, "/health/deep");
    assert.deepEqual(group.inputs.endpointConfigurations, [
      { endpointId: recoveryAlb, weight: 100, clientIpPreservationEnabled: true },
    ]);
  });

  it("resolves its defaults once", () => {
    const required = {
      listenerArn: "l",
      albArn: ALB_ARN,
      region: "eu-west-1",
      acceleratorProvider: {} as aws.Provider,
    };
    assert.deepEqual(resolveAcceleratorEndpointGroupArgs(required), {
      args: {
        ...required,
        ...ACCELERATOR_HEALTH_DEFAULTS,
      },
      errors: [],
    });
  });

  it("validates region, dial and provider", () => {
    assert.deepEqual(
      resolveAcceleratorEndpointGroupArgs({
        listenerArn: "l",
        albArn: ALB_ARN,
        region: "eu west",
        trafficDialPercentage: 120,
        acceleratorProvider: {} as aws.Provider,
      }).errors,
      [
        'region must be an AWS region such as eu-west-1 (got "eu west")',
        "trafficDialPercentage must be from 0 to 100 (got 120)",
      ],
    );
  });
});

describe("traffic: RoutingSwitch", () => {
  it("resolves its defaults once", () => {
    const required = { switchRegion: { provider: {} as aws.Provider, region: "eu-west-1" } };
    assert.deepEqual(resolveRoutingSwitchArgs(required), {
      args: {
        ...required,
        gatesAlone: false,
        key: "routing/primary",
        requestInterval: 10,
        failureThreshold: 1,
      },
      errors: [],
    });
  });

  it("gates the PRIMARY on deep health AND an S3 switch in the recovery region, readable only by Route 53's checkers", async () => {
    let gate: RoutingSwitch | undefined;
    const resources = await record(() => {
      const provider = new aws.Provider("eu", { region: "eu-west-1" });
      gate = new RoutingSwitch("routing", {
        switchRegion: { provider, region: "eu-west-1" },
        deepHealthCheckId: "hc-deep",
      });
    });
    assert.deepEqual(countByType(resources), {
      "pulumi:providers:aws": 1,
      "securecart:traffic:RoutingSwitch": 1,
      ...CREATE_SECURE_BUCKET_RESOURCES,
      "aws:s3/bucketObjectv2:BucketObjectv2": 1,
      [HEALTH_CHECK]: 2,
    });
    const bucket = onlyOf(resources, "aws:s3/bucket:Bucket");
    assert.equal(providerRegion(resources, bucket), "eu-west-1");
    assert.equal(bucket.inputs.tags.backup, "none");
    // project and dr-role come from the providers' defaultTags.
    assert.equal(bucket.inputs.tags.project, undefined);
    assert.equal(bucket.inputs.tags["dr-role"], undefined);
    // SSE-S3: Route 53's anonymous checkers could not read a KMS-encrypted object.
    const sse = onlyOf(
      resources,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    assert.deepEqual(sse.inputs.rules, [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    const pab = onlyOf(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    assert.deepEqual(
      [pab.inputs.blockPublicPolicy, pab.inputs.restrictPublicBuckets],
      [true, true],
    );
    const policy = JSON.parse(onlyOf(resources, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
    const read = policy.Statement.find(
      (s: { Sid: string }) => s.Sid === "Route53HealthCheckersReadTheSwitch",
    );
    assert.deepEqual([read.Effect, read.Principal, read.Action], ["Allow", "*", "s3:GetObject"]);
    assert.match(read.Resource, /^arn:aws:s3:::routing-bucket-[0-9a-f]+\/routing\/primary$/);
    assert.ok(read.Condition.IpAddress["aws:SourceIp"].includes("54.228.16.0/26"));
    const object = onlyOf(resources, "aws:s3/bucketObjectv2:BucketObjectv2");
    assert.deepEqual(
      [object.inputs.key, object.inputs.content, object.ignoreChanges],
      ["routing/primary", "primary=on", ["content"]],
    );
    const [sw, calc] = [
      resources.find((r) => r.name === "routing-switch")!,
      resources.find((r) => r.name === "routing-gate")!,
    ];
    assert.deepEqual(
      [sw.inputs.type, sw.inputs.resourcePath, sw.inputs.searchString, sw.inputs.failureThreshold],
      ["HTTPS_STR_MATCH", "/routing/primary", "primary=on", 1],
    );
    assert.match(sw.inputs.fqdn, /\.s3\.eu-west-1\.amazonaws\.com$/);
    assert.deepEqual(
      [calc.inputs.type, calc.inputs.childHealthThreshold, calc.inputs.childHealthchecks[0]],
      ["CALCULATED", 2, "hc-deep"],
    );
    assert.deepEqual(calc.propertyDependencies.childHealthchecks, [sw.urn]);
    assert.match(await promiseOf(gate!.healthCheckId!), /^routing-gate-/);
    assert.equal(gate!.flipSeconds, 10);
  });

  it("without a deep check it is only the write fence: the bucket and object, no Route 53 check", async () => {
    let fence: RoutingSwitch | undefined;
    const resources = await record(() => {
      fence = new RoutingSwitch("routing", {
        switchRegion: {
          provider: new aws.Provider("eu", { region: "eu-west-1" }),
          region: "eu-west-1",
        },
      });
    });
    assert.equal(
      resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck").length,
      0,
    );
    assert.equal(
      onlyOf(resources, "aws:s3/bucketObjectv2:BucketObjectv2").inputs.content,
      "primary=on",
    );
    assert.equal(fence!.healthCheckId, undefined);
    assert.match(await promiseOf(fence!.bucketName), /^routing-bucket-/);
  });

  it("gating alone (the recovery region is rebuilt on failover): the switch's own check is the PRIMARY's, nothing calculated", async () => {
    let gate: RoutingSwitch | undefined;
    const resources = await record(() => {
      gate = new RoutingSwitch("routing", {
        switchRegion: {
          provider: new aws.Provider("eu", { region: "eu-west-1" }),
          region: "eu-west-1",
        },
        gatesAlone: true,
      });
    });
    const checks = resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck");
    assert.deepEqual(
      checks.map((c) => [c.name, c.inputs.type, c.inputs.searchString]),
      [["routing-switch", "HTTPS_STR_MATCH", "primary=on"]],
    );
    assert.equal(
      await promiseOf(gate!.healthCheckId!),
      await promiseOf(gate!.switchHealthCheckId!),
    );
  });
});

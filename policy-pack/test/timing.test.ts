// Detection and failover timing against the tier's detection budget (TierProfile, through policy config).
import assert from "node:assert/strict";
import { T } from "../rules/common";
import * as timing from "../rules/timing";
import { tierFacts } from "../tierFacts";
import { PRIMARY, res, runResourceRule } from "./helpers";
import {
  describeResourceSpecs,
  describeStackSpecs,
  itTestsEvery,
  named,
  ResourceSpec,
  StackSpec,
} from "./specs";

const WARM = tierFacts("warm-standby").detectionBudgetSeconds;
const AA = { ...PRIMARY, tier: "active-active" };
const AA_BUDGET = tierFacts("active-active").detectionBudgetSeconds;
const HC = {
  type: "HTTPS_STR_MATCH",
  fqdn: "alb.us-east-1.elb.amazonaws.com",
  resourcePath: "/health/deep",
  searchString: "ok",
  requestInterval: 10,
  failureThreshold: 3,
};
const TG = {
  port: 8080,
  protocol: "HTTP",
  targetType: "ip",
  healthCheck: { enabled: true, path: "/healthz", interval: 15, unhealthyThreshold: 3 },
};
const EG = {
  listenerArn: "arn:l",
  endpointGroupRegion: "us-east-1",
  healthCheckIntervalSeconds: 10,
  thresholdCount: 3,
  endpointConfigurations: [{ endpointId: "eipalloc-1", weight: 100 }],
};

const resourceSpecs: ResourceSpec[] = [
  {
    policy: timing.route53HealthCheckDetectionTime,
    type: T.healthCheck,
    happy: HC,
    passes: [
      [
        "a CALCULATED check (its children are checked)",
        (p) => {
          p.type = "CALCULATED";
          delete p.requestInterval;
        },
      ],
      [
        "30 s × 3 in backup-restore",
        (p) => {
          p.requestInterval = 30;
        },
        { ...PRIMARY, tier: "backup-restore" },
      ],
    ],
    broken: [
      [
        "the API defaults (30 s × 3) in active-active",
        (p) => {
          delete p.requestInterval;
          delete p.failureThreshold;
        },
        `Route 53 health check requestInterval × failureThreshold must be at most ${AA_BUDGET} seconds (is 90).`,
        AA,
      ],
      [
        "30 s × 5 in warm standby",
        (p) => {
          p.requestInterval = 30;
          p.failureThreshold = 5;
        },
        `Route 53 health check requestInterval × failureThreshold must be at most ${WARM} seconds (is 150).`,
      ],
    ],
  },
  {
    policy: timing.route53HealthCheckCanFail,
    type: T.healthCheck,
    happy: HC,
    passes: [
      [
        "a TCP check on an instance",
        (p) => {
          p.type = "TCP";
          p.fqdn = "db.example.com";
        },
      ],
    ],
    broken: [
      ["disabled", (p) => (p.disabled = true), "Route 53 health check disabled must be false."],
      [
        "inverted",
        (p) => (p.invertHealthcheck = true),
        "Route 53 health check invertHealthcheck must be false.",
      ],
      [
        "TCP-only against an ALB",
        (p) => (p.type = "TCP"),
        "Route 53 health check type must be HTTP, HTTPS or a string match against a load balancer, not TCP.",
      ],
    ],
  },
  {
    policy: timing.lbTargetGroupDetectionTime,
    type: "aws:lb/targetGroup:TargetGroup",
    happy: TG,
    passes: [
      [
        "a Lambda target group",
        (p) => {
          p.targetType = "lambda";
          p.healthCheck.enabled = false;
        },
      ],
    ],
    broken: [
      [
        "health checks disabled",
        (p) => (p.healthCheck.enabled = false),
        "Load balancer target group healthCheck.enabled must be true.",
      ],
      [
        "the provider defaults (30 s × 3) in active-active",
        (p) => (p.healthCheck = {}),
        `Load balancer target group healthCheck interval × unhealthyThreshold must be at most ${AA_BUDGET} seconds (is 90).`,
        AA,
      ],
      [
        "60 s × 3 in warm standby",
        (p) => (p.healthCheck.interval = 60),
        `Load balancer target group healthCheck interval × unhealthyThreshold must be at most ${WARM} seconds (is 180).`,
      ],
    ],
  },
  {
    policy: timing.lbTargetGroupDetectionTime,
    type: "aws:alb/targetGroup:TargetGroup",
    happy: TG,
    broken: [
      [
        "the legacy token, health checks disabled",
        (p) => (p.healthCheck.enabled = false),
        "Load balancer target group healthCheck.enabled must be true.",
      ],
    ],
  },
  {
    policy: timing.globalAcceleratorDetectionTime,
    type: T.endpointGroup,
    happy: EG,
    ctx: AA,
    passes: [
      [
        "ALB endpoints (health comes from the load balancer)",
        (p) => {
          p.endpointConfigurations = [
            {
              endpointId: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/alb/1",
              weight: 100,
            },
          ];
          p.healthCheckIntervalSeconds = 30;
        },
      ],
    ],
    broken: [
      [
        "the defaults (30 s × 3) for an EIP endpoint",
        (p) => {
          delete p.healthCheckIntervalSeconds;
          delete p.thresholdCount;
        },
        `Global Accelerator endpoint group healthCheckIntervalSeconds × thresholdCount must be at most ${AA_BUDGET} seconds (is 90).`,
      ],
    ],
  },
];

function failoverStack() {
  const deep = res(T.healthCheck, "deep", HC);
  const sw = res(T.healthCheck, "switch", {
    ...HC,
    fqdn: "bucket.s3.eu-west-1.amazonaws.com",
    failureThreshold: 1,
  });
  const gate = res(
    T.healthCheck,
    "gate",
    { type: "CALCULATED", childHealthThreshold: 2, childHealthchecks: ["deep-1", "switch-1"] },
    { childHealthchecks: [deep.urn, sw.urn] },
  );
  const record = res(
    T.record,
    "front-door",
    {
      name: "shop.example.com",
      zoneId: "Z1",
      type: "A",
      setIdentifier: "us-east-1",
      failoverRoutingPolicies: [{ type: "PRIMARY" }],
      healthCheckId: "gate-1",
      aliases: [
        { name: "alb-1.us-east-1.elb.amazonaws.com", zoneId: "Z2", evaluateTargetHealth: true },
      ],
    },
    { healthCheckId: [gate.urn] },
  );
  return [deep, sw, gate, record];
}

const stackSpecs: StackSpec[] = [
  {
    policy: timing.route53FailoverDetectionTime,
    good: failoverStack,
    passes: [
      [
        "a CNAME with a 60 s TTL in warm standby",
        (rs) => {
          const r = named(rs, "front-door");
          delete r.inputs.aliases;
          r.inputs.type = "CNAME";
          r.inputs.records = ["alb"];
          r.inputs.ttl = 60;
        },
      ],
    ],
    broken: [
      [
        "a 300 s TTL",
        (rs) => {
          const r = named(rs, "front-door");
          delete r.inputs.aliases;
          r.inputs.records = ["192.0.2.1"];
          r.inputs.ttl = 300;
        },
        [
          [
            "front-door",
            `Route 53 failover record shop.example.com health check time plus TTL must be at most ${WARM} seconds (is 30 + 300).`,
          ],
        ],
      ],
      [
        "a slow deep check behind the calculated gate",
        (rs) => {
          named(rs, "deep").inputs.requestInterval = 30;
        },
        [
          [
            "front-door",
            `Route 53 failover record shop.example.com health check time plus TTL must be at most ${WARM} seconds (is 90 + 60).`,
          ],
        ],
      ],
      [
        "an ELB alias in active-active (the alias answers with the ELB's 60 s TTL)",
        () => undefined,
        [
          [
            "front-door",
            `Route 53 failover record shop.example.com health check time plus TTL must be at most ${AA_BUDGET} seconds (is 30 + 60).`,
          ],
        ],
        AA,
      ],
    ],
  },
];

describe("policy-pack rules: detection and failover timing", () => {
  describeResourceSpecs(resourceSpecs);
  describeStackSpecs(stackSpecs);
  itTestsEvery(
    [...timing.timingResourceRules, ...timing.timingStackRules],
    [...resourceSpecs, ...stackSpecs],
  );

  it("takes the budget from the policy config, never from the rule", () => {
    const props = { ...HC, requestInterval: 30, failureThreshold: 3 };
    assert.deepEqual(
      runResourceRule(timing.route53HealthCheckDetectionTime, T.healthCheck, props, PRIMARY, {
        config: { detectionBudgetSeconds: 100 },
      }),
      [],
    );
    assert.deepEqual(
      runResourceRule(timing.route53HealthCheckDetectionTime, T.healthCheck, props, PRIMARY, {
        config: { detectionBudgetSeconds: 60 },
      }),
      [
        "Route 53 health check requestInterval × failureThreshold must be at most 60 seconds (is 90).",
      ],
    );
  });
});

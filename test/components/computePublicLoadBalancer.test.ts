import { strict as assert } from "assert";
import {
  PublicLoadBalancer,
  PublicLoadBalancerArgs,
  resolvePublicLoadBalancerArgs,
} from "../../components/compute/publicLoadBalancer";
import {
  SiteCertificate,
  resolveSiteCertificateArgs,
} from "../../components/compute/siteCertificate";
import { countByType, ofType, onlyOf, promiseOf, record } from "../support/harness";

const base: PublicLoadBalancerArgs = {
  vpcId: "vpc-1",
  vpcCidr: "10.1.0.0/16",
  subnetIds: ["subnet-p1", "subnet-p2", "subnet-p3"],
  domainName: "shop.example.com",
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/site",
};
const byName = (resources: { name: string; type: string }[], type: string, name: string) =>
  resources.find((r) => r.type === type && r.name === name)!;

describe("compute: PublicLoadBalancer", () => {
  it("builds an HTTPS-only, WAF-protected ALB on the given certificate, with two target groups", async () => {
    let outputs: Record<string, string> = {};
    const resources = await record(
      async () => {
        const alb = new PublicLoadBalancer("web", base);
        outputs = {
          certificateArn: await promiseOf(alb.certificateArn),
          ordersTargetGroupArnSuffix: await promiseOf(alb.ordersTargetGroupArnSuffix),
          albArnSuffix: await promiseOf(alb.albArnSuffix),
        };
      },
      { region: "eu-west-1" },
    );
    const component = onlyOf(resources, "securecart:compute:PublicLoadBalancer");
    assert.ok(resources.filter((r) => r !== component).every((r) => r.parent === component.urn));
    assert.deepEqual(countByType(resources), {
      "securecart:compute:PublicLoadBalancer": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      "aws:lb/loadBalancer:LoadBalancer": 1,
      "aws:lb/targetGroup:TargetGroup": 2,
      "aws:lb/listener:Listener": 2,
      "aws:lb/listenerRule:ListenerRule": 1,
      "aws:wafv2/webAcl:WebAcl": 1,
      "aws:wafv2/webAclAssociation:WebAclAssociation": 1,
    });
    // The stack's tags come from the provider's defaultTags: no child carries tags of its own.
    for (const r of resources.filter((r) => r !== component))
      assert.equal(r.inputs.tags, undefined, `${r.type} ${r.name}`);

    const lb = onlyOf(resources, "aws:lb/loadBalancer:LoadBalancer");
    assert.equal(lb.inputs.internal, false);
    assert.equal(lb.inputs.loadBalancerType, "application");
    assert.deepEqual(lb.inputs.subnets, base.subnetIds);
    assert.equal(lb.inputs.enableDeletionProtection, true);
    assert.equal(lb.inputs.dropInvalidHeaderFields, true);
    assert.equal(lb.inputs.desyncMitigationMode, "strictest");

    const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepEqual(
      sg.inputs.ingress.map((r: any) => [r.fromPort, r.cidrBlocks]),
      [
        [443, ["0.0.0.0/0"]],
        [80, ["0.0.0.0/0"]],
      ],
    );
    assert.deepEqual(
      sg.inputs.egress.map((r: any) => [r.fromPort, r.toPort, r.cidrBlocks]),
      [[8080, 8080, ["10.1.0.0/16"]]],
    );

    assert.equal(outputs.certificateArn, base.certificateArn);

    const [appTg, ordersTg] = ["web-app", "web-orders"].map(
      (n) => byName(resources, "aws:lb/targetGroup:TargetGroup", n) as (typeof resources)[number],
    );
    for (const tg of [appTg, ordersTg]) {
      assert.equal(tg.inputs.targetType, "ip");
      assert.equal(tg.inputs.port, 8080);
      assert.deepEqual(
        [tg.inputs.healthCheck.path, tg.inputs.healthCheck.matcher],
        ["/healthz", "200"],
      );
    }
    assert.equal(ofType(resources, "aws:lb/targetGroup:TargetGroup").length, 2);
    assert.match(outputs.ordersTargetGroupArnSuffix, /^targetgroup\/web-orders\//);
    assert.match(outputs.albArnSuffix, /^app\/web-alb\//);

    const https = byName(resources, "aws:lb/listener:Listener", "web-https") as any;
    assert.equal(https.inputs.port, 443);
    assert.equal(https.inputs.protocol, "HTTPS");
    assert.equal(https.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
    assert.equal(https.inputs.certificateArn, base.certificateArn);
    assert.deepEqual(https.inputs.defaultActions, [
      {
        type: "forward",
        targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-app",
      },
    ]);
    const http = byName(resources, "aws:lb/listener:Listener", "web-http") as any;
    assert.equal(http.inputs.port, 80);
    assert.deepEqual(http.inputs.defaultActions, [
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);

    const rule = onlyOf(resources, "aws:lb/listenerRule:ListenerRule");
    assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/api/orders*"] } }]);
    assert.deepEqual(rule.inputs.actions, [
      {
        type: "forward",
        targetGroupArn:
          "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-orders",
      },
    ]);
    assert.deepEqual(rule.propertyDependencies.listenerArn, [https.urn]);

    const acl = onlyOf(resources, "aws:wafv2/webAcl:WebAcl");
    assert.equal(acl.inputs.scope, "REGIONAL");
    assert.deepEqual(
      acl.inputs.rules.map((r: any) => [
        r.priority,
        r.statement.managedRuleGroupStatement?.name ??
          `rate:${r.statement.rateBasedStatement.limit}/${r.statement.rateBasedStatement.aggregateKeyType}`,
      ]),
      [
        [1, "AWSManagedRulesCommonRuleSet"],
        [2, "AWSManagedRulesKnownBadInputsRuleSet"],
        [3, "rate:2000/IP"],
      ],
    );
    const assoc = onlyOf(resources, "aws:wafv2/webAclAssociation:WebAclAssociation");
    assert.deepEqual(assoc.propertyDependencies.resourceArn, [lb.urn]);
    assert.deepEqual(assoc.propertyDependencies.webAclArn, [acl.urn]);
  });

  it("takes its health check path and rate limit from the args", async () => {
    const resources = await record(() => {
      new PublicLoadBalancer("web", {
        ...base,
        healthCheckPath: "/health/ready",
        rateLimitPer5Minutes: 500,
      });
    });
    assert.equal(
      ofType(resources, "aws:route53/record:Record").length,
      0,
      "no DNS record: the certificate is the SiteCertificate's",
    );
    assert.ok(
      ofType(resources, "aws:lb/targetGroup:TargetGroup").every(
        (tg) => tg.inputs.healthCheck.path === "/health/ready",
      ),
    );
    assert.equal(
      onlyOf(resources, "aws:wafv2/webAcl:WebAcl").inputs.rules[2].statement.rateBasedStatement
        .limit,
      500,
    );
  });

  it("resolves every default once", () => {
    assert.deepEqual(resolvePublicLoadBalancerArgs(base, "web"), {
      args: {
        ...base,
        appPort: 8080,
        healthCheckPath: "/healthz",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        rateLimitPer5Minutes: 2000,
        deletionProtection: true,
      },
      errors: [],
    });
  });

  it("validates every arg at once, naming each", () => {
    assert.deepEqual(
      resolvePublicLoadBalancerArgs(
        {
          ...base,
          subnetIds: ["subnet-p1"],
          healthCheckPath: "healthz",
          domainName: "not a name",
          rateLimitPer5Minutes: 5,
          vpcCidr: "10.1.0.0",
          appPort: 0,
        },
        "web",
      ).errors,
      [
        "subnetIds must hold at least 2 subnets in different AZs (got 1)",
        "appPort must be a port from 1 to 65535 (got 0)",
        'healthCheckPath must be an absolute path such as "/healthz" (got "healthz")',
        'domainName must be a DNS name such as "shop.example.com" (got "not a name")',
        "rateLimitPer5Minutes must be an integer from 10 to 2000000000 (got 5)",
        'vpcCidr must be an IPv4 CIDR (got "10.1.0.0")',
      ],
    );
  });

  it("refuses bad args before creating anything", async () => {
    let error: unknown;
    const resources = await record(() => {
      try {
        new PublicLoadBalancer("web", { ...base, subnetIds: [] });
      } catch (e) {
        error = e;
      }
    });
    assert.match(String(error), /PublicLoadBalancer web: subnetIds must hold at least 2 subnets/);
    assert.deepEqual(
      resources.map((r) => r.type),
      ["securecart:compute:PublicLoadBalancer"],
    );
  });
});

describe("compute: SiteCertificate", () => {
  it("the owner (the primary) creates one validation record per name and validates against them", async () => {
    let arn = "";
    const resources = await record(async () => {
      const c = new SiteCertificate("cert", {
        domainName: "shop.example.com",
        subjectAlternativeNames: ["www.shop.example.com"],
        validationZoneId: "Z0123456789",
      });
      arn = await promiseOf(c.certificateArn);
    });
    const cert = onlyOf(resources, "aws:acm/certificate:Certificate");
    assert.equal(
      cert.inputs.tags,
      undefined,
      "the stack's tags come from the provider's defaultTags",
    );
    assert.deepEqual(
      [cert.inputs.domainName, cert.inputs.subjectAlternativeNames, cert.inputs.validationMethod],
      ["shop.example.com", ["www.shop.example.com"], "DNS"],
    );
    const records = ofType(resources, "aws:route53/record:Record");
    assert.equal(records.length, 2);
    for (const r of records) {
      assert.equal(r.inputs.zoneId, "Z0123456789");
      assert.equal(r.inputs.type, "CNAME");
      // The record is this stack's alone: it never overwrites another's (decision 12).
      assert.equal(r.inputs.allowOverwrite, undefined);
      assert.deepEqual(r.propertyDependencies.name, [cert.urn]);
    }
    const validation = onlyOf(resources, "aws:acm/certificateValidation:CertificateValidation");
    assert.deepEqual(
      validation.propertyDependencies.validationRecordFqdns.sort(),
      records.map((r) => r.urn).sort(),
    );
    assert.match(arn, /^arn:aws:acm:/);
  });

  it("any other stack validates against the same records and creates none", async () => {
    const resources = await record(
      () => void new SiteCertificate("cert", { domainName: "shop.example.com" }),
      { region: "eu-west-1" },
    );
    assert.equal(ofType(resources, "aws:route53/record:Record").length, 0);
    const cert = onlyOf(resources, "aws:acm/certificate:Certificate");
    const validation = onlyOf(resources, "aws:acm/certificateValidation:CertificateValidation");
    assert.deepEqual(validation.propertyDependencies.validationRecordFqdns, [cert.urn]);
    // The record's name as ACM gives it, without the trailing dot, as the provider compares FQDNs.
    for (const fqdn of validation.inputs.validationRecordFqdns)
      assert.match(fqdn, /^_[0-9a-z]+\.shop\.example\.com$/);
  });

  it("resolves its one default", () => {
    assert.deepEqual(resolveSiteCertificateArgs({ domainName: "shop.example.com" }), {
      args: { domainName: "shop.example.com", subjectAlternativeNames: [] },
      errors: [],
    });
  });

  it("names a bad name", () => {
    assert.deepEqual(
      resolveSiteCertificateArgs({
        domainName: "shop",
        subjectAlternativeNames: ["ok.example.com", "bad name"],
      }).errors,
      [
        'domainName must be a DNS name such as "shop.example.com" (got "shop")',
        'subjectAlternativeNames must be a DNS name such as "shop.example.com" (got "bad name")',
      ],
    );
  });
});

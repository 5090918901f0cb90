/**
 * Active-active's dial that follows the deep check: the component's resources and permissions, and the
 * handler's decisions (drain the one dead region, never the last one with traffic, never dial up).
 */
import { strict as assert } from "assert";
import {
  DialFollower,
  DialFollowerArgs,
  dialFollowerSeconds,
  resolveDialFollowerArgs,
} from "../../components/traffic";
import { countByType, onlyOf, record } from "../support/harness";

const LISTENER = "arn:aws:globalaccelerator::123456789012:accelerator/abc/listener/def";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";
const args: DialFollowerArgs = {
  regions: [
    { region: "us-east-1", albDnsName: "alb-1.us-east-1.elb.amazonaws.com" },
    { region: "eu-west-1", albDnsName: "alb-2.eu-west-1.elb.amazonaws.com" },
  ],
  domainName: "shop.example.com",
  listenerArn: LISTENER,
  acceleratorRegion: "us-west-2",
  alertTopic: { topicArn: TOPIC },
};

describe("traffic: DialFollower", () => {
  it("runs a nodejs22.x probe every minute that may only read and set this listener's dials and announce a drain", async () => {
    const resources = await record(() => new DialFollower("follower", args), {
      region: "eu-west-1",
    });
    assert.equal(countByType(resources)["aws:lambda/function:Function"], 1);
    const fn = onlyOf(resources, "aws:lambda/function:Function");
    assert.equal(fn.inputs.runtime, "nodejs22.x");
    assert.equal(fn.inputs.handler, "dialFollower.handler");
    assert.equal(fn.inputs.timeout, 40);
    assert.deepEqual(fn.inputs.environment.variables, {
      REGIONS: JSON.stringify([
        { region: "us-east-1", alb: "alb-1.us-east-1.elb.amazonaws.com" },
        { region: "eu-west-1", alb: "alb-2.eu-west-1.elb.amazonaws.com" },
      ]),
      DOMAIN_NAME: "shop.example.com",
      LISTENER_ARN: LISTENER,
      ACCELERATOR_REGION: "us-west-2",
      ALERT_TOPIC_ARN: TOPIC,
      PROBES: "3",
      PROBE_GAP_MS: "10000",
    });
    assert.equal(
      onlyOf(resources, "aws:cloudwatch/eventRule:EventRule").inputs.scheduleExpression,
      "rate(1 minute)",
    );
    const policy = JSON.parse(onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
    assert.deepEqual(
      policy.Statement.filter((s: any) => s.Sid !== "DeadLetters").map((s: any) => [
        s.Action,
        s.Resource,
      ]),
      [
        [["globalaccelerator:ListEndpointGroups"], [LISTENER]],
        [["globalaccelerator:UpdateEndpointGroup"], [`${LISTENER}/endpoint-group/*`]],
        [["sns:Publish"], [TOPIC]],
      ],
    );
  });

  it("may use the alert topic's key when the topic is encrypted (SNS needs it to publish)", async () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/alerts";
    const resources = await record(
      () =>
        new DialFollower("follower", { ...args, alertTopic: { topicArn: TOPIC, kmsKeyArn: key } }),
      { region: "eu-west-1" },
    );
    const policy = JSON.parse(onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
    assert.deepEqual(
      policy.Statement.find((s: any) => s.Sid === "AnnounceEncrypted"),
      {
        Sid: "AnnounceEncrypted",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: [key],
      },
    );
  });

  it("resolves its defaults once, and adds no tags (project, dr-role: the providers')", async () => {
    assert.deepEqual(resolveDialFollowerArgs(args), {
      args: { ...args, probes: 3, probeGapSeconds: 10 },
      errors: [],
    });
    const resources = await record(() => new DialFollower("follower", args));
    assert.deepEqual(
      resources.filter((r) => r.inputs.tags !== undefined).map((r) => r.type),
      [],
    );
  });

  it("names what is wrong with its arguments", () => {
    assert.deepEqual(
      resolveDialFollowerArgs({
        ...args,
        regions: [args.regions[0]],
        probes: 9,
        probeGapSeconds: 30,
      }).errors,
      [
        "regions needs two or more regions (got 1)",
        "probes must be an integer from 2 to 5 (got 9)",
        "probeGapSeconds must be a whole number of seconds with (probes - 1) × gap ≤ 40, to finish within the minute (got 30)",
      ],
    );
    assert.deepEqual(resolveDialFollowerArgs(args).errors, []);
    // The README's "within 85 s", at the defaults.
    assert.equal(dialFollowerSeconds(resolveDialFollowerArgs(args).args), 85);
  });
});

describe("traffic: DialFollower's handler", () => {
  const esm = new Function("p", "return import(p)") as (p: string) => Promise<any>;
  const load = () => esm(require.resolve("../../components/observability/probes/dialFollower.mjs"));
  const group = (region: string, dial: number) => ({
    EndpointGroupRegion: region,
    EndpointGroupArn: `${LISTENER}/endpoint-group/${region}`,
    TrafficDialPercentage: dial,
  });

  it("decides: the one dead region with traffic elsewhere is drained; nothing else ever is", async () => {
    const { decide } = await load();
    const both = [group("us-east-1", 100), group("eu-west-1", 100)];
    assert.deepEqual(
      decide({ "us-east-1": [false, false, false], "eu-west-1": [true, true, true] }, both),
      [{ arn: `${LISTENER}/endpoint-group/us-east-1`, region: "us-east-1" }],
    );
    // One probe passed: not dead.
    assert.deepEqual(
      decide({ "us-east-1": [false, true, false], "eu-west-1": [true, true, true] }, both),
      [],
    );
    // Both dead: the database itself is down; draining would leave nobody serving.
    assert.deepEqual(
      decide({ "us-east-1": [false, false, false], "eu-west-1": [false, false, false] }, both),
      [],
    );
    // Already drained.
    assert.deepEqual(
      decide({ "us-east-1": [false, false, false], "eu-west-1": [true, true, true] }, [
        group("us-east-1", 0),
        group("eu-west-1", 100),
      ]),
      [],
    );
    // The healthy region is itself at dial 0: draining the other would leave no traffic anywhere.
    assert.deepEqual(
      decide({ "us-east-1": [false, false, false], "eu-west-1": [true, true, true] }, [
        group("us-east-1", 100),
        group("eu-west-1", 0),
      ]),
      [],
    );
    // A healthy region at 0 is never dialled up.
    assert.deepEqual(
      decide({ "us-east-1": [true, true, true], "eu-west-1": [true, true, true] }, [
        group("us-east-1", 0),
        group("eu-west-1", 100),
      ]),
      [],
    );
  });

  it("runs: probes each region through its ALB, sets the dead region's dial to 0 and announces it", async () => {
    const { makeHandler } = await load();
    const env = {
      REGIONS: JSON.stringify([
        { region: "us-east-1", alb: "alb-1" },
        { region: "eu-west-1", alb: "alb-2" },
      ]),
      DOMAIN_NAME: "shop.example.com",
      LISTENER_ARN: LISTENER,
      ACCELERATOR_REGION: "us-west-2",
      ALERT_TOPIC_ARN: TOPIC,
      PROBES: "3",
      PROBE_GAP_MS: "1",
    };
    const probed: string[] = [];
    const check = async ({ host, domain }: { host: string; domain: string }) => {
      probed.push(`${host} as ${domain}`);
      return host === "alb-2";
    };
    const sent: any[] = [];
    const accelerator = {
      send: async (c: any) => {
        sent.push([c.constructor.name, c.input]);
        return c.constructor.name === "ListEndpointGroupsCommand"
          ? { EndpointGroups: [group("us-east-1", 100), group("eu-west-1", 100)] }
          : {};
      },
    };
    const published: any[] = [];
    const sns = { send: async (c: any) => published.push(c.input) };
    const result = await makeHandler({ env, check, accelerator, sns })();
    assert.deepEqual(result.drained, ["us-east-1"]);
    assert.deepEqual(probed.sort(), [
      "alb-1 as shop.example.com",
      "alb-1 as shop.example.com",
      "alb-1 as shop.example.com",
      "alb-2 as shop.example.com",
      "alb-2 as shop.example.com",
      "alb-2 as shop.example.com",
    ]);
    assert.deepEqual(sent, [
      ["ListEndpointGroupsCommand", { ListenerArn: LISTENER, NextToken: undefined }],
      [
        "UpdateEndpointGroupCommand",
        { EndpointGroupArn: `${LISTENER}/endpoint-group/us-east-1`, TrafficDialPercentage: 0 },
      ],
    ]);
    assert.equal(published.length, 1);
    assert.equal(published[0].TopicArn, TOPIC);
    assert.equal(published[0].Subject, "SecureCart: us-east-1 drained (dial 0)");
  });
});

// Active-active's dial that follows the deep check (DESIGN.md decision 16). Global Accelerator takes an ALB
// endpoint's health from ELB target health ("Endpoints for standard accelerators": health checks of ALB
// endpoints are the load balancer's own, https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html),
// and the target groups check the shallow /healthz so ECS does not replace every task when a database blips.
// So GA keeps sending shoppers to a region whose orders database is dead. This Lambda probes each region's
// deep check and dials a dead region to 0, the same call as the runbook's drain-traffic step.
// It only ever dials down, and never the last region taking traffic: dialling back up is the failback's job.
import { GlobalAcceleratorClient, ListEndpointGroupsCommand, UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { probe } from "./deepProbe.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `probes` deep checks of one region, `gapMs` apart: the list of answers, true = orders database up. */
export async function probeRegion({ alb, domain, probes, gapMs, check = probe }) {
  const answers = [];
  for (let i = 0; i < probes; i++) {
    if (i > 0) await sleep(gapMs);
    answers.push(await check({ host: alb, domain }));
  }
  return answers;
}

/**
 * What to dial down: the one region that failed every probe, while another region passed its last probe and
 * still takes traffic. Nothing when both fail (the database itself is down: promotion, not draining, is the
 * answer), when the dead region is already at 0, or when draining would leave no region with traffic.
 */
export function decide(answers, groups) {
  const dead = Object.keys(answers).filter((r) => answers[r].length > 0 && answers[r].every((ok) => !ok));
  const alive = Object.keys(answers).filter((r) => answers[r].at(-1) === true);
  if (dead.length !== 1 || alive.length === 0) return [];
  const group = groups.find((g) => g.EndpointGroupRegion === dead[0]);
  if (!group || (group.TrafficDialPercentage ?? 100) === 0) return [];
  const serving = groups.some((g) => alive.includes(g.EndpointGroupRegion) && (g.TrafficDialPercentage ?? 100) > 0);
  return serving ? [{ arn: group.EndpointGroupArn, region: dead[0] }] : [];
}

/** The Lambda handler, with its dependencies injectable for tests. */
export function makeHandler({
  env = process.env,
  check = probe,
  accelerator = new GlobalAcceleratorClient({ region: env.ACCELERATOR_REGION }),
  sns = new SNSClient({}),
} = {}) {
  return async () => {
    const regions = JSON.parse(env.REGIONS);
    const probes = Number(env.PROBES);
    const gapMs = Number(env.PROBE_GAP_MS);
    const results = await Promise.all(
      regions.map(async ({ region, alb }) => [region, await probeRegion({ alb, domain: env.DOMAIN_NAME, probes, gapMs, check })]),
    );
    const answers = Object.fromEntries(results);
    const groups = [];
    let token;
    do {
      const r = await accelerator.send(new ListEndpointGroupsCommand({ ListenerArn: env.LISTENER_ARN, NextToken: token }));
      groups.push(...(r.EndpointGroups ?? []));
      token = r.NextToken;
    } while (token);
    const drained = [];
    for (const d of decide(answers, groups)) {
      await accelerator.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: d.arn, TrafficDialPercentage: 0 }));
      drained.push(d.region);
      await sns.send(
        new PublishCommand({
          TopicArn: env.ALERT_TOPIC_ARN,
          Subject: `SecureCart: ${d.region} drained (dial 0)`,
          Message:
            `${d.region} failed its deep health check ${probes} times in a row while another region passed, so its Global ` +
            `Accelerator dial is now 0. Answers: ${JSON.stringify(answers)}. Dial it back with the failback runbook ` +
            `(npm run failover -- --to <the region serving now> --failback) once its database is healthy.`,
        }),
      );
    }
    return { answers, drained };
  };
}

export const handler = makeHandler();

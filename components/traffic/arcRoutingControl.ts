import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

/** What ARC's own examples use as the assertion rule's evaluation period. */
export const DEFAULT_SAFETY_WAIT_MS = 5000;
/** The state every routing control is set to after the first deploy: both records may answer, as with the S3 switch. */
export const STEADY_STATE = "On";

export interface ArcRoutingControlArgs {
  /** Provider for ARC's control-plane region (us-west-2), where every recovery-control resource is created. Required. */
  readonly controlPlaneProvider: aws.Provider;
  /** The cells, one routing control (and health check) each: the primary region first, then the recovery region. Required. */
  readonly regions: readonly string[];
  /** Milliseconds the safety rule waits between evaluations, so that quick flips cannot slip past it. Defaults to `5000`. */
  readonly waitPeriodMs?: number;
}

/** ArcRoutingControlArgs with every default applied. */
export type ResolvedArcRoutingControlArgs = Required<ArcRoutingControlArgs>;

export interface ClusterEndpoint {
  readonly endpoint: string;
  readonly region: string;
}

/** ArcRoutingControlArgs with every default applied, and every problem with their plain fields, each naming its property. */
export function resolveArcRoutingControlArgs(
  args: ArcRoutingControlArgs,
): Resolved<ResolvedArcRoutingControlArgs> {
  const problems: string[] = [];
  const regions = args.regions ?? [];
  const wait = args.waitPeriodMs ?? DEFAULT_SAFETY_WAIT_MS;
  if (regions.length < 2 || new Set(regions).size !== regions.length) {
    problems.push(
      `regions must list at least 2 distinct regions, one per cell (got ${JSON.stringify(regions)})`,
    );
  }
  const bad = regions.filter((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  if (bad.length > 0)
    problems.push(
      `regions must be AWS regions such as eu-west-1 (got ${bad.map((r) => `"${r}"`).join(", ")})`,
    );
  if (!Number.isInteger(wait) || wait < 0)
    problems.push(`waitPeriodMs must be a whole number of milliseconds, 0 or more (got ${wait})`);
  return { args: { ...args, waitPeriodMs: wait }, errors: problems };
}

/**
 * The data-plane command that sets every routing control to `state`, against one cluster endpoint (the AWS CLI
 * signs for the endpoint's own region). Any endpoint will do; if one does not answer, use the next one.
 */
export function updateStatesCommand(
  endpoint: ClusterEndpoint,
  arns: readonly string[],
  state: "On" | "Off",
): string {
  const entries = JSON.stringify(
    arns.map((arn) => ({ RoutingControlArn: arn, RoutingControlState: state })),
  );
  return (
    `aws route53-recovery-cluster update-routing-control-states --region ${endpoint.region} ` +
    `--endpoint-url ${endpoint.endpoint} --update-routing-control-state-entries '${entries}'`
  );
}

/**
 * ARC routing control, the opt-in replacement for the S3 routing switch (DESIGN.md decision 15, key
 * `securecart:arcRoutingControl`). Follows "Creating routing control components in ARC"
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.create.html): one cluster, a control panel,
 * a routing control per cell (region), and a Route 53 health check of type RECOVERY_CONTROL per routing control
 * ("Creating a routing control health check": https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.create-health-check.html),
 * each then gating that region's failover record. The health check is healthy while its control is On.
 * - The cluster, panel, controls and rule are created through ARC's control plane, which is only in us-west-2;
 *   the states are read and set through the cluster's five regional endpoints, the data plane, which keeps
 *   answering while some regions are down ("Getting and updating routing control states using the ARC API":
 *   https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.update.api.html).
 * - An assertion safety rule keeps at least one control On after every transaction (ATLEAST 1, not inverted), so
 *   no update turns both regions off, the fail-open case (AWS::Route53RecoveryControl::SafetyRule, RuleConfig:
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-route53recoverycontrol-safetyrule-ruleconfig.html).
 * - Pulumi never holds a control's state: no resource property sets it, so `pulumi up` after a failover cannot
 *   flip it back (decision 9). ARC creates routing controls Off, so after the first deploy both health checks
 *   fail until someone sets the controls On through the data plane: `initialStateCommand` is that command.
 * - Billing is per cluster-hour (the routing-control page above); an account holds at most 2 clusters
 *   ("Quotas for routing control": https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.quotas.html).
 */
export class ArcRoutingControl extends pulumi.ComponentResource {
  public readonly clusterArn: pulumi.Output<string>;
  /** The data-plane endpoints (`{endpoint, region}`), the runbook's way to set states. */
  public readonly clusterEndpoints: pulumi.Output<ClusterEndpoint[]>;
  /** `{ [region]: routingControlArn }`. */
  public readonly routingControlArns: pulumi.Output<Record<string, string>>;
  /** The RECOVERY_CONTROL check of each region's control, for that region's failover record. */
  public readonly healthCheckIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** The same ids as one output, for the stack output the recovery stack reads. */
  public readonly healthCheckIdsByRegion: pulumi.Output<Record<string, string>>;
  /** Sets every control On through the first cluster endpoint: run once after the first deploy. */
  public readonly initialStateCommand: pulumi.Output<string>;

  constructor(
    name: string,
    args: ArcRoutingControlArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:traffic:ArcRoutingControl", name, {}, opts);
    const a = requireValid(resolveArcRoutingControlArgs(args), "ArcRoutingControl", name, this);
    const regions = [...a.regions];
    const inControlPlane = { parent: this, provider: a.controlPlaneProvider };

    // No tags on the cluster and panel: a tag change would replace them (tags force replacement on both).
    const cluster = new aws.route53recoverycontrol.Cluster(
      `${name}-cluster`,
      { name },
      inControlPlane,
    );
    const panel = new aws.route53recoverycontrol.ControlPanel(
      `${name}-panel`,
      { clusterArn: cluster.arn, name: `${name}-panel` },
      inControlPlane,
    );
    const controls = regions.map(
      (region) =>
        new aws.route53recoverycontrol.RoutingControl(
          `${name}-${region}`,
          { clusterArn: cluster.arn, controlPanelArn: panel.arn, name: `${name}-${region}` },
          inControlPlane,
        ),
    );
    new aws.route53recoverycontrol.SafetyRule(
      `${name}-one-on`,
      {
        controlPanelArn: panel.arn,
        name: `${name}-at-least-one-on`,
        assertedControls: controls.map((c) => c.arn),
        ruleConfig: { type: "ATLEAST", threshold: 1, inverted: false },
        waitPeriodMs: a.waitPeriodMs,
      },
      inControlPlane,
    );
    // Route 53 health checks are global: the stack's own provider creates them, like every other check.
    const checks = regions.map(
      (region, i) =>
        new aws.route53.HealthCheck(
          `${name}-${region}-hc`,
          {
            type: "RECOVERY_CONTROL",
            routingControlArn: controls[i].arn,
            tags: { Name: `${name}-${region}` },
          },
          { parent: this },
        ),
    );

    const byRegion = <T>(values: pulumi.Output<T>[]): pulumi.Output<Record<string, T>> =>
      pulumi
        .all(values)
        .apply((vs) => Object.fromEntries(regions.map((r, i) => [r, vs[i]])) as Record<string, T>);
    this.clusterArn = cluster.arn;
    this.clusterEndpoints = cluster.clusterEndpoints.apply((es) =>
      (es ?? []).map((e) => ({ endpoint: String(e.endpoint), region: String(e.region) })),
    );
    this.routingControlArns = byRegion(controls.map((c) => c.arn));
    this.healthCheckIds = Object.fromEntries(regions.map((r, i) => [r, checks[i].id]));
    this.healthCheckIdsByRegion = byRegion(checks.map((c) => c.id));
    this.initialStateCommand = pulumi
      .all([this.clusterEndpoints, pulumi.all(controls.map((c) => c.arn))])
      .apply(([endpoints, arns]) =>
        endpoints.length > 0 ? updateStatesCommand(endpoints[0], arns, STEADY_STATE) : "",
      );
    this.registerOutputs({
      clusterArn: this.clusterArn,
      clusterEndpoints: this.clusterEndpoints,
      routingControlArns: this.routingControlArns,
      healthCheckIds: this.healthCheckIdsByRegion,
    });
  }
}

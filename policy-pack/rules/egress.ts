// Egress from private subnets: NAT gateways per Availability Zone.
import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { configOf, contextProperties, dependsVia, StackContext, T, whenKnown } from "./common";
import { ofType } from "./relations";

const natSchema: PolicyConfigSchema = {
  properties: {
    role: contextProperties.role,
    recoveryNatPerAz: contextProperties.recoveryNatPerAz,
    recoveryNatGateways: contextProperties.recoveryNatGateways,
  },
};

const azOf = (r: { props: Record<string, unknown> }) =>
  whenKnown(() => r.props.availabilityZone ?? r.props.availabilityZoneId);

/**
 * A NAT gateway lives in one Availability Zone: "if the NAT gateway's Availability Zone is down, resources in the
 * other Availability Zones lose internet access. To improve resiliency, create a NAT gateway in each Availability
 * Zone" (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html). So a serving region keeps one in
 * every AZ its subnets span. A standby recovery region may idle on fewer where its tier says so (TierProfile
 * recovery.network: pilot light's one NAT gateway, the trade-off stated there), never on none.
 */
export const natGatewayPerAz: StackValidationPolicy = {
  name: "nat-gateway-per-az",
  description:
    "A serving region has a NAT gateway in every Availability Zone its subnets span; a standby recovery region at least its tier's minimum.",
  enforcementLevel: "mandatory",
  configSchema: natSchema,
  validateStack: (args, report) => {
    const cfg = configOf<StackContext>(args, natSchema);
    const subnets = ofType(args.resources, T.subnet);
    const azs = new Set(subnets.map(azOf).filter((az): az is string => typeof az === "string"));
    if (azs.size === 0) return; // no VPC here (a backup-restore recovery region), or its zones are not known yet
    const nats = ofType(args.resources, T.natGateway);
    if (cfg.role === "recovery" && !cfg.recoveryNatPerAz) {
      const min = Math.max(1, cfg.recoveryNatGateways);
      if (nats.length < min) {
        report(
          `The recovery stack must have at least ${min} NAT gateway${min === 1 ? "" : "s"} (it has ${nats.length}).`,
        );
      }
      return;
    }
    // Each gateway's AZ is its subnet's; one whose subnet this stack cannot see counts for no zone.
    const covered = new Set<string>();
    for (const n of nats) {
      for (const s of dependsVia(n, "subnetId")) {
        const az = azOf(s);
        if (typeof az === "string") covered.add(az);
      }
    }
    const missing = [...azs].filter((az) => !covered.has(az)).sort();
    if (missing.length > 0) {
      report(
        `NAT gateways must cover every Availability Zone of the stack's subnets (none in ${missing.join(", ")}).`,
      );
    }
  },
};

export const egressStackRules: StackValidationPolicy[] = [natGatewayPerAz];

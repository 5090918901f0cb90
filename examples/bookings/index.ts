/**
 * A second program on the tier components: a restaurant-booking service, run as a pilot light across us-west-2
 * and us-east-2. It shares nothing with SecureCart's stack config or topology; it gives the tier its own regions,
 * network, DNS and image. Two stacks, as for any two-region tier: `bookings-primary` first, then
 * `bookings-recovery`, which reads the primary through a StackReference.
 *
 *   cd examples/bookings && pulumi up --stack bookings-primary && pulumi up --stack bookings-recovery
 */
import * as aws from "@pulumi/aws";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DrTierArgs, PilotLight, primaryLink } from "../../components/tiers";

/** This program's own regions (the tier takes them as args: it knows no topology of its own). */
const REGIONS = {
  "bookings-primary": {
    role: "primary",
    region: "us-west-2",
    peerRegion: "us-east-2",
    vpcCidr: "10.20.0.0/16",
    transitGatewayAsn: 64600,
    patchWindow: "cron(0 3 ? * TUE *)",
  },
  "bookings-recovery": {
    role: "recovery",
    region: "us-east-2",
    peerRegion: "us-west-2",
    vpcCidr: "10.21.0.0/16",
    transitGatewayAsn: 64601,
    patchWindow: "cron(0 3 ? * THU *)",
  },
} as const;

async function bookings(): Promise<Record<string, unknown>> {
  const stack = pulumi.getStack();
  const region = REGIONS[stack as keyof typeof REGIONS];
  if (!region)
    throw new pulumi.RunError(`stack ${stack} is not one of ${Object.keys(REGIONS).join(", ")}`);
  const primary =
    region.role === "recovery"
      ? await primaryLink(
          new pulumi.StackReference("bookings-primary", {
            name: `${pulumi.getOrganization()}/bookings/bookings-primary`,
          }),
        )
      : undefined;
  if (region.role === "recovery" && !primary)
    throw new pulumi.RunError("deploy bookings-primary first: it has no outputs yet");
  const zones = await aws.getAvailabilityZones({ state: "available" });
  const args: DrTierArgs = {
    ...region,
    availabilityZones: zones.names.slice(0, 2),
    domainName: "book.tables.example",
    hostedZoneId: "Z0TABLES0EXAMPLE",
    alertEmail: "oncall@tables.example",
    capacity: 2,
    sizes: {
      instanceType: "t3.large",
      dbInstanceClass: "db.r6g.large",
      cacheNodeType: "cache.t4g.medium",
    },
    image: { contextPath: path.join(__dirname, "service") },
    primary,
  };
  return new PilotLight("bookings", args).stackOutputs;
}

// Pulumi runs an exported function as the program (as /index.ts does).
export = bookings;

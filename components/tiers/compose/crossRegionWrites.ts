import * as aws from "@pulumi/aws";
import { bothRegionsWrite } from "../tierProfile";
import { Site } from "./site";

/**
 * Where both regions write (active-active), this region's tasks write to the primary's Aurora writer through the
 * global writer endpoint, and after a failover the primary's tasks write to this region's. This region's side
 * (its database's ingress, its tasks' egress) is planned with its own resources; the primary's side is created
 * here, by the recovery stack through the primary-region provider, like every other link between the regions
 * (DESIGN.md decision 1): the primary's database takes this VPC's tasks, and the primary's tasks may reach this
 * region's writer. Both security groups hold their rules as rule resources, so these add to them cleanly.
 */
export function allowCrossRegionWrites(site: Site, dbPort = 5432): void {
  const { name, opts, profile, primary } = site;
  if (!primary || !bothRegionsWrite(profile)) return;
  const cidr = site.args.config.vpcCidr;
  const inPrimary = { ...opts, provider: primary.provider };
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-peer-writes-db`,
    {
      securityGroupId: primary.output("dbSecurityGroupId"),
      ipProtocol: "tcp",
      fromPort: dbPort,
      toPort: dbPort,
      cidrIpv4: cidr,
      description: `PostgreSQL from the ${site.args.config.region} tasks (global writer endpoint)`,
    },
    inPrimary,
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-peer-writes-tasks`,
    {
      securityGroupId: primary.output("storefrontSecurityGroupId"),
      ipProtocol: "tcp",
      fromPort: dbPort,
      toPort: dbPort,
      cidrIpv4: cidr,
      description: `Aurora writer in ${site.args.config.region} (after a failover)`,
    },
    inPrimary,
  );
}

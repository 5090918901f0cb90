import { PrimaryFacts } from "../../stacks/outputs";

/** The primary's plain facts as the recovery stack reads them, for config tests (the default stack files). */
export const PRIMARY_FACTS: PrimaryFacts = {
  drTier: "warm-standby",
  region: "us-east-1",
  vpcCidr: "10.0.0.0/16",
  hostedZoneId: "Z0SECURECART0EXAMPLE",
  domainName: "shop.securecart.example",
  capacity: 3,
  azCount: 3,
};

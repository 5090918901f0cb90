import * as pulumi from "@pulumi/pulumi";
import { DrTierArgs, DrTierComponent } from "./drTierComponent";
import { TIER_PROFILES } from "./tierProfile";

/** warm-standby: A scaled-down full stack runs in the recovery region and is scaled up on failover. */
export class WarmStandby extends DrTierComponent {
  constructor(name: string, args: DrTierArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(TIER_PROFILES["warm-standby"], name, args, opts);
  }
}

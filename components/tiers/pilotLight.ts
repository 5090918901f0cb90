import * as pulumi from "@pulumi/pulumi";
import { DrTierArgs, DrTierComponent } from "./drTierComponent";
import { TIER_PROFILES } from "./tierProfile";

/** pilot-light: Data replicated live; recovery network up, compute defined at zero and scaled on failover. */
export class PilotLight extends DrTierComponent {
  constructor(name: string, args: DrTierArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(TIER_PROFILES["pilot-light"], name, args, opts);
  }
}

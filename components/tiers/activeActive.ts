import * as pulumi from "@pulumi/pulumi";
import { DrTierArgs, DrTierComponent } from "./drTierComponent";
import { TIER_PROFILES } from "./tierProfile";

/** active-active: Both regions serve reads and writes at equal capacity behind Global Accelerator. */
export class ActiveActive extends DrTierComponent {
  constructor(name: string, args: DrTierArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(TIER_PROFILES["active-active"], name, args, opts);
  }
}

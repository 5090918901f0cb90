import * as pulumi from "@pulumi/pulumi";
import { DrTierArgs, DrTierComponent } from "./drTierComponent";
import { TIER_PROFILES } from "./tierProfile";

/** backup-restore: Hourly backups copied to a DR vault; the recovery region is rebuilt from them on failover. */
export class BackupRestore extends DrTierComponent {
  constructor(name: string, args: DrTierArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(TIER_PROFILES["backup-restore"], name, args, opts);
  }
}

/**
 * The two local regions of a tier: each with its own PostgreSQL cluster and storefront, plus the front door.
 * What runs in the recovery region comes from the tier's TierProfile (the one table of tier differences), read
 * once into a LabPlan, so the drill never branches on a tier's name.
 */
import { SWITCH_OFF, SWITCH_ON } from "../../components/traffic/switchStates";
import {
  DrTier,
  failsOverOnDeepHealth,
  recoveryTakesTraffic,
  TIER_PROFILES,
  TierProfile,
} from "../../components/tiers/tierProfile";
import { installAuroraStandIn } from "./auroraStandIn";
import { PgCluster, baseSettings } from "./cluster";
import { Storefront, StorefrontFence } from "./regionProcess";
import { Router } from "./router";
import { RoutingMode } from "./routerHealth";
import { S3StandIn } from "./s3StandIn";
import { Sandbox, freePort, waitFor } from "./sandbox";
import { WriterEndpoint } from "./writerEndpoint";

export const PRIMARY_REGION = "us-east-1";
export const RECOVERY_REGION = "eu-west-1";
/** Where the switch lives in AWS: a bucket in the recovery region (components/traffic/routingSwitch.ts). */
export const SWITCH_BUCKET = "securecart-routing-drill";
export const SWITCH_KEY = "routing/primary";

export interface LabPlan {
  /** How the recovery region's database exists before a failover. */
  readonly recoveryDb: "standby" | "backup";
  /** The recovery storefront runs before the failover (warm standby, active-active). */
  readonly recoveryComputeWarm: boolean;
  readonly roleEnv: "auto" | "primary";
  readonly routing: RoutingMode;
  /**
   * Both regions take writes (REGION_ROLE=primary in both). Every tier's storefronts write through the global
   * writer endpoint stand-in; here both regions do at once.
   */
  readonly bothRegionsWrite: boolean;
  /**
   * The runbook flips the routing switch (a switch-routing step), so each region's storefront polls it as its
   * write fence. A tier without one has no switch in AWS either (components/tiers/compose/traffic.ts), and a
   * fence there would keep its recovery region from ever writing.
   */
  readonly writeFence: boolean;
}

export function labPlan(profile: TierProfile): LabPlan {
  const bothRegionsWrite = profile.regionRoleEnv === "primary";
  return {
    recoveryDb: profile.databaseReplication === "backup-copy" ? "backup" : "standby",
    recoveryComputeWarm: profile.recovery.serves && profile.recovery.capacityShare > 0,
    roleEnv: profile.regionRoleEnv,
    routing: recoveryTakesTraffic(profile)
      ? "all-healthy"
      : failsOverOnDeepHealth(profile)
        ? "failover"
        : "switch-gated",
    bothRegionsWrite,
    writeFence: [...profile.failoverSteps, ...(profile.failbackSteps ?? [])].includes(
      "switch-routing",
    ),
  };
}

export interface LocalRegion {
  readonly name: string;
  readonly db: PgCluster;
  readonly storefront: Storefront;
}

export interface LabOptions {
  readonly tier: DrTier;
  readonly sandbox: Sandbox;
  readonly log: (line: string) => void;
  readonly rolePollMs?: number;
  readonly healthIntervalMs?: number;
  readonly healthThreshold?: number;
  /** How often the storefronts read the switch. Defaults to `500` (production keeps the 5 s default). */
  readonly fencePollMs?: number;
}

export class Lab {
  readonly plan: LabPlan;
  readonly regions: Record<string, LocalRegion> = {};
  readonly archiveDir: string;
  readonly baseBackupDir: string;
  router!: Router;
  /** The global writer endpoint stand-in: every tier's storefronts write through it (DESIGN.md decision 16). */
  writer!: WriterEndpoint;
  /** The routing switch as S3 serves it; the body is the router's. */
  s3!: S3StandIn;

  private constructor(readonly opts: LabOptions) {
    this.plan = labPlan(TIER_PROFILES[opts.tier]);
    this.archiveDir = opts.sandbox.path("wal-archive");
    this.baseBackupDir = opts.sandbox.path("base-backup");
  }

  get log(): (line: string) => void {
    return this.opts.log;
  }

  /**
   * A region's fence: the primary region writes while the switch says `primary=on`, the recovery region while
   * it says `primary=off`, as the two stacks' task definitions set WRITE_FENCE_ALLOWS.
   */
  private fenceFor(region: string, pollMs: number): StorefrontFence {
    return {
      uri: this.s3.uri,
      region: RECOVERY_REGION,
      allows: region === PRIMARY_REGION ? SWITCH_ON : SWITCH_OFF,
      endpoint: this.s3.endpoint,
      pollMs,
    };
  }

  region(name: string): LocalRegion {
    const r = this.regions[name];
    if (!r) throw new Error(`unknown region ${name}`);
    return r;
  }

  /** Builds both regions and the front door; resolves when the router sees the serving regions healthy. */
  static async build(opts: LabOptions): Promise<Lab> {
    const lab = new Lab(opts);
    const { sandbox } = opts;
    const backupTier = lab.plan.recoveryDb === "backup";
    if (backupTier) await sandbox.pgDir("wal-archive");

    for (const name of [PRIMARY_REGION, RECOVERY_REGION]) {
      const db = new PgCluster(sandbox, { name, port: await freePort() });
      lab.regions[name] = { name, db, storefront: undefined as unknown as Storefront };
    }
    const primary = lab.region(PRIMARY_REGION);
    await primary.db.initPrimary(baseSettings(backupTier ? lab.archiveDir : undefined));
    await primary.db.start();
    // Before any standby or base backup exists, so every later copy of the cluster has it.
    await installAuroraStandIn(primary.db);

    lab.writer = new WriterEndpoint(primary.db.spec.port);
    await lab.writer.listen();
    sandbox.onCleanup("close writer endpoint", () => lab.writer.close());
    // Serves the router's switch (built below, before any storefront polls it) as S3 would.
    lab.s3 = new S3StandIn({
      bucket: SWITCH_BUCKET,
      key: SWITCH_KEY,
      read: () => lab.router.readSwitch(),
    });
    await lab.s3.listen();
    sandbox.onCleanup("close S3 stand-in", () => lab.s3.close());
    for (const r of Object.values(lab.regions)) {
      (r as { storefront: Storefront }).storefront = new Storefront(sandbox, {
        region: r.name,
        port: await freePort(),
        writerPort: lab.writer.port,
        readerPort: r.db.spec.port,
        role: lab.plan.roleEnv,
        rolePollMs: opts.rolePollMs ?? 1000,
        fence: lab.plan.writeFence ? lab.fenceFor(r.name, opts.fencePollMs ?? 500) : undefined,
      });
    }
    // The router exists (not yet listening) before the storefronts start: its switch is what they poll.
    lab.router = new Router({
      targets: Object.values(lab.regions).map((r) => ({ name: r.name, url: r.storefront.url })),
      mode: lab.plan.routing,
      intervalMs: opts.healthIntervalMs ?? 1000,
      threshold: opts.healthThreshold ?? 3,
      log: opts.log,
    });

    await primary.storefront.start();
    await lab.waitServing(PRIMARY_REGION, 60_000);
    await lab.prepareRecovery(PRIMARY_REGION, RECOVERY_REGION);

    await lab.router.listen();
    sandbox.onCleanup("close router", () => lab.router.close());
    lab.router.startProbing();
    const serving = [PRIMARY_REGION, ...(lab.plan.recoveryComputeWarm ? [RECOVERY_REGION] : [])];
    await lab.router.waitHealthy(serving, 30_000);
    return lab;
  }

  /**
   * Makes `standby` the recovery region of `primary`: a streaming replica (and its warm storefront) or, for the
   * backup tier, a fresh base backup with WAL archiving. Used at setup and again before a failback.
   */
  async prepareRecovery(primaryName: string, standbyName: string): Promise<void> {
    const primary = this.region(primaryName);
    const standby = this.region(standbyName);
    if (this.plan.recoveryDb === "backup") {
      await standby.db.stop("immediate");
      await primary.db.baseBackup(this.baseBackupDir);
      this.log(`${standbyName}: base backup of ${primaryName} taken; WAL archived every 1 s`);
      return;
    }
    await standby.db.stop("immediate");
    await standby.db.initStandbyOf(primary.db);
    await standby.db.start();
    // Asynchronous in every tier, as an Aurora global database replicates: what the drill loses is what Aurora
    // could lose, and it is held to the contract's RPO.
    this.log(`${standbyName}: streaming standby of ${primaryName} (asynchronous)`);
    if (this.plan.recoveryComputeWarm) {
      await standby.storefront.start();
      await this.waitServing(standbyName, 60_000, false);
    }
  }

  /** Waits for a region's /health/deep to be 200 (and, when `writable`, for its role to be primary). */
  async waitServing(
    name: string,
    timeoutMs: number,
    writable = true,
    signal?: AbortSignal,
  ): Promise<void> {
    const sf = this.region(name).storefront;
    await waitFor(
      `${name} serving${writable ? " as primary" : ""}`,
      async () => {
        const r = await sf.get<{ role: string }>("/health/deep");
        return r.status === 200 && (!writable || r.body.role === "primary") ? true : undefined;
      },
      timeoutMs,
      100,
      signal,
    );
  }
}

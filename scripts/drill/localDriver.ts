/**
 * The drill's FailoverDriver: the same steps as the AWS runbook (TierProfile.failoverSteps via runSteps), carried
 * out on local processes. Each step's isDone reads the real state, so a re-run resumes where a crash stopped.
 */
import { SWITCH_OFF, SWITCH_ON } from "../../components/traffic/switchStates";
import { FailoverStep } from "../../components/tiers/tierProfile";
import { FailoverDriver, StepContext } from "../failover/driver";
import { Lab } from "./lab";
import { waitFor } from "./sandbox";

export class LocalDriver implements FailoverDriver {
  readonly name = "local";
  /** When each effect was observed (epoch ms), for the RTO breakdown. */
  readonly marks: Record<string, number> = {};

  constructor(private readonly lab: Lab) {}

  async isDone(step: FailoverStep, ctx: StepContext): Promise<boolean> {
    const to = this.lab.region(ctx.to);
    switch (step) {
      case "check-target-health":
        return false; // a check is never "already done"
      case "restore-backups":
      case "promote-database":
        return (
          to.db.running &&
          !(await to.db.isInRecovery()) &&
          this.lab.writer.target === to.db.spec.port &&
          (step !== "restore-backups" || to.storefront.running)
        );
      case "scale-compute":
        return to.storefront.running;
      // The drill's PostgreSQL runs at one fixed size: there is no capacity floor to raise, so the step is
      // listed (the same step list as the runbook) and always found done.
      case "scale-database":
        return true;
      case "switch-routing":
        return this.lab.router.readSwitch() === this.switchBody(ctx);
      case "drain-traffic":
        return this.lab.router.isDrained(ctx.from);
      case "set-region-role":
        return (await this.role(ctx.to)) === "primary";
      case "verify-health":
        return false;
    }
  }

  async apply(step: FailoverStep, ctx: StepContext): Promise<void> {
    const to = this.lab.region(ctx.to);
    const { signal } = ctx;
    switch (step) {
      case "check-target-health": {
        if (to.db.running) await to.db.query("SELECT 1");
        else if (this.lab.plan.recoveryDb !== "backup")
          throw new Error(`${ctx.to} database is not running`);
        if (to.storefront.running && (await to.storefront.get("/healthz")).status !== 200) {
          throw new Error(`${ctx.to} storefront is not healthy`);
        }
        return;
      }
      case "restore-backups": {
        // The backup tier rebuilds the region: the latest base backup, replaying the archived WAL to its end.
        if (!to.db.running) {
          await to.db.initFromBackup(this.lab.baseBackupDir, this.lab.archiveDir);
          await to.db.start();
        }
        await to.db.waitReady({ writable: true, timeoutMs: 120_000, signal });
        this.marks.promoted = Date.now();
        // The restored cluster is the writer now: the global writer endpoint names it, as after a restore in AWS
        // the storefront's DB_HOST does.
        this.lab.writer.retarget(to.db.spec.port);
        await to.storefront.start(60_000, signal);
        this.marks.computeReady = Date.now();
        return;
      }
      case "scale-compute":
        await to.storefront.start(60_000, signal);
        this.marks.computeReady = Date.now();
        return;
      case "scale-database":
        return;
      case "promote-database":
        if (await to.db.isInRecovery()) await to.db.promote();
        this.marks.promoted = Date.now();
        // The global writer endpoint follows the promotion (an Aurora global failover does the same); sessions
        // to the old writer end.
        this.lab.writer.retarget(to.db.spec.port);
        return;
      case "switch-routing":
        // As the AWS driver does: the switch object, through the data plane; no record changes role.
        this.lab.router.writeSwitch(this.switchBody(ctx));
        this.lab.router.undrain(ctx.to);
        return;
      case "drain-traffic":
        this.lab.router.drain(ctx.from);
        this.lab.router.undrain(ctx.to);
        return;
      case "set-region-role": {
        // REGION_ROLE=auto: the storefront must notice the promotion by itself within a few poll intervals
        // (decision 4). Nothing is pushed to it; this step only verifies that it did.
        const limit = 5 * (to.storefront.spec.rolePollMs || 1000) + 2000;
        await waitFor(
          `${ctx.to} storefront to report role primary`,
          async () => ((await this.role(ctx.to)) === "primary" ? true : undefined),
          limit,
          50,
          signal,
        );
        this.marks.roleFlipped = Date.now();
        return;
      }
      case "verify-health":
        await this.lab.waitServing(ctx.to, 30_000, true, signal);
        // The role and the routing switch together: the region takes writes only when both let it.
        await waitFor(
          `${ctx.to} storefront to report writable`,
          async () => ((await this.topology(ctx.to))?.writable ? true : undefined),
          30_000,
          50,
          signal,
        );
        await waitFor(
          `router to send traffic to ${ctx.to}`,
          async () => (this.lab.router.targets().includes(ctx.to) ? true : undefined),
          30_000,
          50,
          signal,
        );
        this.marks.verified = Date.now();
        return;
    }
  }

  describe(step: FailoverStep, ctx: StepContext): string[] {
    const to = this.lab.region(ctx.to);
    const lines: Record<FailoverStep, string[]> = {
      "check-target-health": [
        `SELECT 1 on ${ctx.to} :${to.db.spec.port}`,
        `GET ${to.storefront.url}/healthz (if running)`,
      ],
      "restore-backups": [
        `cp -a ${this.lab.baseBackupDir} ${to.db.dataDir} + recovery.signal, restore_command from ${this.lab.archiveDir}`,
        `pg_ctl start; wait until pg_is_in_recovery() is false`,
        "re-point the global writer endpoint",
        `start ${ctx.to} storefront`,
      ],
      "scale-compute": [
        `start ${ctx.to} storefront (REGION_ROLE=${to.storefront.spec.role}) on :${to.storefront.spec.port}`,
      ],
      "scale-database": [
        `nothing: ${ctx.to}'s local PostgreSQL has a fixed size (the runbook raises the Aurora Serverless v2 floor)`,
      ],
      "promote-database": [
        `SELECT pg_promote(true, 60) on ${ctx.to}`,
        "re-point the global writer endpoint",
      ],
      "switch-routing": [
        `PUT ${this.lab.s3.uri} = ${this.switchBody(ctx)} (the router's switch, served by the S3 stand-in)`,
      ],
      "drain-traffic": [`router: drain ${ctx.from}`],
      "set-region-role": [
        `poll ${to.storefront.url}/topology until role is primary (REGION_ROLE=auto follows the database)`,
      ],
      "verify-health": [
        `GET ${to.storefront.url}/health/deep is 200 with role primary; /topology writable; router routes to ${ctx.to}`,
      ],
    };
    return lines[step];
  }

  /** `primary=on` when moving to the PRIMARY record's region (a failback), `primary=off` when leaving it. */
  private switchBody(ctx: StepContext): string {
    return ctx.to === this.lab.router.primaryRecord ? SWITCH_ON : SWITCH_OFF;
  }

  private async role(region: string): Promise<string | undefined> {
    return (await this.topology(region))?.role;
  }

  private async topology(region: string): Promise<{ role: string; writable: boolean } | undefined> {
    const sf = this.lab.region(region).storefront;
    if (!sf.running) return undefined;
    return (await sf.get<{ role: string; writable: boolean }>("/topology").catch(() => undefined))
      ?.body;
  }
}

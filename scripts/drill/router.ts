/**
 * The local front door: fastify + @fastify/reply-from. As Route 53 it checks each region's /health/deep; as Global
 * Accelerator, the shallow /healthz (ELB target health), with the dial follower draining a region whose deep check
 * fails. Routing decisions come from routerHealth.ts; this file only probes, records and forwards.
 */
import replyFrom from "@fastify/reply-from";
import Fastify, { FastifyInstance } from "fastify";
import { SWITCH_ON } from "../../components/traffic/switchStates";
import {
  RoutingMode,
  TargetHealth,
  UNKNOWN,
  followerDrains,
  healthPathOf,
  observe,
  pickTargets,
} from "./routerHealth";

export interface RouterTarget {
  readonly name: string;
  readonly url: string;
}

export interface RouterOptions {
  readonly targets: readonly RouterTarget[];
  readonly mode: RoutingMode;
  /** Route 53's fast interval is 10 s; the drill uses 1 s to keep runs short. The threshold is the same idea. */
  readonly intervalMs: number;
  readonly threshold: number;
  readonly log?: (line: string) => void;
}

export interface HealthEvent {
  readonly t: number;
  readonly target: string;
  readonly healthy: boolean;
}

export class Router {
  private app?: FastifyInstance;
  private timer?: NodeJS.Timeout;
  private readonly order: string[];
  private readonly drained = new Set<string>();
  /** The local stand-in of the routing switch object (an S3 object in the recovery region in AWS). */
  private switchBody = SWITCH_ON;
  /** What the switch's own health check last saw; Route 53 reads it with a threshold of 1. */
  private switchHealth: TargetHealth = UNKNOWN;
  private readonly health: Record<string, TargetHealth> = {};
  /** Global Accelerator mode: each region's deep check, as the dial follower sees it. */
  private readonly deep: Record<string, TargetHealth> = {};
  private readonly urls: Record<string, string> = {};
  private rr = 0;
  readonly events: HealthEvent[] = [];
  port = 0;

  constructor(private readonly opts: RouterOptions) {
    this.order = opts.targets.map((t) => t.name);
    for (const t of opts.targets) {
      this.health[t.name] = UNKNOWN;
      this.deep[t.name] = UNKNOWN;
      this.urls[t.name] = t.url;
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The region of the PRIMARY record (the first target); it never changes at run time. */
  get primaryRecord(): string {
    return this.order[0];
  }

  /** The switch object's body, read as S3 would answer it. */
  readSwitch(): string {
    return this.switchBody;
  }

  /** switch-routing: writes the switch (S3 PutObject in AWS); the PRIMARY's calculated check follows at the next probe. */
  writeSwitch(body: string): void {
    this.switchBody = body;
    this.opts.log?.(`router: routing switch says ${body}`);
  }

  /** Whether the switch's health check currently passes. */
  get switchPasses(): boolean {
    return this.switchHealth.healthy !== false;
  }

  isHealthy(name: string): boolean {
    return this.health[name]?.healthy === true;
  }

  isDrained(name: string): boolean {
    return this.drained.has(name);
  }

  /** Where a request would go now. */
  targets(): string[] {
    return pickTargets(this.opts.mode, this.order, this.health, this.drained, this.switchPasses);
  }

  drain(name: string): void {
    this.drained.add(name);
    this.opts.log?.(`router: draining ${name}`);
  }

  undrain(name: string): void {
    this.drained.delete(name);
  }

  async listen(port = 0): Promise<void> {
    const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
    // Stream the body through untouched: the router must not parse (and re-serialise) what the storefront
    // validates, and reply-from would JSON-encode any parsed JSON body again.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", (_req, payload, done) => done(null, payload));
    // retryMethods []: a retry is the client's decision (same Idempotency-Key), never the front door's.
    await app.register(replyFrom, { retryMethods: [], disableRequestLogging: true });
    app.all("/*", (req, reply) => {
      const targets = this.targets();
      const name = targets[this.rr++ % targets.length];
      reply.header("x-drill-target", name);
      return reply.from(`${this.urls[name]}${req.url}`, {
        onError: (rep, { error }) => {
          void rep.code(502).send({ error: `upstream ${name} failed: ${error.message}` });
        },
      });
    });
    await app.listen({ port, host: "127.0.0.1" });
    const addr = app.server.address();
    this.port = typeof addr === "object" && addr ? addr.port : port;
    this.app = app;
  }

  /** Probes every target each interval; each probe must answer within the interval. */
  startProbing(): void {
    const tick = () => {
      for (const name of Object.keys(this.urls)) void this.probe(name);
      if (this.opts.mode === "all-healthy")
        for (const name of Object.keys(this.urls)) void this.followDeep(name);
      this.switchHealth = observe(this.switchHealth, this.switchBody === SWITCH_ON, 1, Date.now());
    };
    tick();
    this.timer = setInterval(tick, this.opts.intervalMs);
  }

  /** Resolves once every named target has been seen healthy (or rejects after `timeoutMs`). */
  async waitHealthy(names: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!names.every((n) => this.isHealthy(n))) {
      if (Date.now() > deadline)
        throw new Error(`router: ${names.join(", ")} not healthy after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The dial follower: probes the deep check and drains a region whose database is dead (never the last one). */
  private async followDeep(name: string): Promise<void> {
    let ok: boolean;
    try {
      const r = await fetch(`${this.urls[name]}/health/deep`, {
        signal: AbortSignal.timeout(this.opts.intervalMs),
      });
      ok = r.ok;
      await r.body?.cancel();
    } catch {
      ok = false;
    }
    this.deep[name] = observe(this.deep[name], ok, this.opts.threshold, Date.now());
    const drain = followerDrains(this.deep, this.drained);
    if (drain) {
      this.opts.log?.(`router: dial follower drains ${drain} (deep check failing)`);
      this.drain(drain);
    }
  }

  private async probe(name: string): Promise<void> {
    let ok: boolean;
    try {
      const r = await fetch(`${this.urls[name]}${healthPathOf(this.opts.mode)}`, {
        signal: AbortSignal.timeout(this.opts.intervalMs),
      });
      ok = r.ok;
      await r.body?.cancel();
    } catch {
      ok = false;
    }
    const before = this.health[name];
    const after = observe(before, ok, this.opts.threshold, Date.now());
    this.health[name] = after;
    if (after.healthy !== before.healthy && after.healthy !== undefined) {
      this.events.push({ t: Date.now(), target: name, healthy: after.healthy });
      this.opts.log?.(`router: ${name} is ${after.healthy ? "healthy" : "UNHEALTHY"}`);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.app?.close();
  }
}

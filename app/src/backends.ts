/**
 * Builds the backends the configuration asks for, falling back to embedded ones when nothing is configured:
 * PGlite for orders, dynalite for the catalog, an in-process cache. Returns the app's dependencies plus one
 * close() that releases everything in reverse order of creation.
 *
 * Nothing here waits for a remote backend to be up (DESIGN.md, Storefront: the process never exits because its
 * database is unreachable): PostgreSQL migrations run in the background until they succeed and writes are
 * refused until then; every wait that remains (the role's first probe, the fence's first read) is bounded.
 */
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { FastifyBaseLogger } from "fastify";
import path from "node:path";
import { sdkClientOptions } from "./awsHttp";
import type { AppDeps } from "./deps";
import { BreakerCache } from "./cache/breakerCache";
import { Cache } from "./cache/cache";
import { MemoryCache } from "./cache/memoryCache";
import { RedisCache } from "./cache/redisCache";
import { DynamoCatalog, createDynamoClient } from "./catalog/dynamoCatalog";
import { ensureTable, startDynalite } from "./catalog/embeddedDynamo";
import { MemoCatalog } from "./catalog/memoCatalog";
import { seedIfEmpty } from "./catalog/seed";
import { Config } from "./config";
import { Metrics } from "./metrics";
import { CartStore } from "./orders/cartStore";
import { Db } from "./orders/db";
import { DbConfigurationError, DbProblem } from "./orders/dbProblem";
import { runMigrationsWhenWritable } from "./orders/migrations";
import { DbEndpoints } from "./orders/dbEndpoints";
import { OrderStore } from "./orders/orderStore";
import { PgDb } from "./orders/pgDb";
import { PgliteDb } from "./orders/pgliteDb";
import { GlobalTopology } from "./region/globalTopology";
import { RegionRole } from "./region/role";
import { s3SwitchReader } from "./region/s3Switch";
import { Fence, NO_FENCE, SwitchFence } from "./region/switchFence";
import { SecretsManagerCredentials, StaticCredentials } from "./secrets";
import { InProcessValidator, LambdaValidator, OrderValidator } from "./validation/validator";

export interface Backends {
  deps: Omit<AppDeps, "logger">;
  /**
   * Resolves when migrations have been applied (they may wait for the database to be reachable and writable);
   * resolves false if close() came first.
   */
  migrated: Promise<boolean>;
  close(): Promise<void>;
}

export async function createBackends(
  config: Config,
  log: FastifyBaseLogger,
  metrics: Metrics = new Metrics(),
): Promise<Backends> {
  const closers: (() => Promise<void>)[] = [];
  const abort = new AbortController();
  closers.push(async () => abort.abort());
  try {
    const writer = await openDb(config, log, "writer");
    closers.push(() => writer.close());
    const reader = config.postgres?.readerHost ? await openDb(config, log, "reader") : writer;
    if (reader !== writer) closers.push(() => reader.close());

    const topology = new GlobalTopology({ db: reader, region: config.region, log });
    const role = new RegionRole({
      mode: config.roleMode,
      probe: () => topology.role(),
      method: () => topology.method,
      pollMs: config.rolePollMs,
      log,
    });
    await role.start();
    closers.push(async () => role.stop());
    const dbs = new DbEndpoints(writer, reader, () => role.writable);

    const fence = await openFence(config, log, metrics);
    closers.push(async () => fence.close());

    // Schema changes go through the writer endpoint, wherever the writer is; tasks of both regions may try, and
    // the migration's advisory lock makes all but one a no-op. A writer that cannot be reached defers them, and
    // the task serves meanwhile (listening, /healthz, reads), refusing writes until they ran.
    // A problem only migrations hit (no CREATE grant: 42501) is kept here, since plain queries still succeed.
    const schema: { migrated: boolean; problem?: DbProblem } = { migrated: false };
    const logError = migrationErrorLog(log);
    let attempted!: () => void;
    const firstAttempt = new Promise<void>((resolve) => (attempted = resolve));
    const migrated = runMigrationsWhenWritable(writer, {
      schema: config.postgres?.schema,
      retryMs: config.rolePollMs,
      signal: abort.signal,
      log: (msg) => log.info({ event: "migrations" }, msg),
      onError: (err) => {
        schema.problem = err instanceof DbConfigurationError ? err.problem : undefined;
        logError(err);
      },
      onAttempt: () => attempted(),
    }).then((done) => {
      schema.migrated = done;
      if (done) schema.problem = undefined;
      return done;
    });
    // Embedded PGlite is in-process: it cannot be unreachable, and waiting keeps its start-up simple. Otherwise
    // wait for the first attempt only, which every timeout bounds (pgTimeouts.ts: ≤ 4 s against a silent
    // database), so a healthy start takes writes from its first request and a broken one still listens.
    await (writer.kind === "pglite" ? migrated : firstAttempt);

    const catalog = await openCatalog(config, log, closers);
    const cache = openCache(config, log);
    closers.push(() => cache.close());

    const validator: OrderValidator = config.orderValidationFunctionArn
      ? new LambdaValidator({
          functionName: config.orderValidationFunctionArn,
          // One bounded attempt: a failed or slow invoke falls back in-process, inside the checkout's 5 s.
          client: new LambdaClient({
            region: config.region === "local" ? undefined : config.region,
            ...sdkClientOptions({ connectMs: 1000, requestMs: 2000, maxAttempts: 1 }),
          }),
          onFallback: (err) =>
            log.warn(
              { err: (err as Error).message },
              "Lambda validation failed; validated in-process",
            ),
        })
      : new InProcessValidator();

    return {
      deps: {
        region: config.region,
        version: config.version,
        orders: new OrderStore(dbs),
        carts: new CartStore(dbs),
        catalog,
        cache,
        role,
        fence: fence.fence,
        validator,
        schema,
        metrics,
        recommendationsTtlSeconds: config.recommendationsTtlSeconds,
        healthTimeoutMs: config.healthTimeoutMs,
      },
      migrated,
      close: () => closeAll(closers),
    };
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
}

/**
 * Reports why migrations are deferred without flooding the log: a configuration problem at `error` (it needs an
 * operator), an outage at `warn`; each again only when the cause changes or every 5 minutes while it lasts.
 */
function migrationErrorLog(log: FastifyBaseLogger): (err: unknown) => void {
  let last: { key: string; at: number } | undefined;
  return (err) => {
    const problem = err instanceof DbConfigurationError ? err.problem : undefined;
    const key = problem?.kind ?? "unavailable";
    if (last && last.key === key && Date.now() - last.at < 300_000) return;
    last = { key, at: Date.now() };
    if (problem && err instanceof DbConfigurationError) {
      log.error(
        {
          event: "orders-db-config",
          cause: problem.kind,
          sqlstate: problem.sqlstate,
          err: err.detail,
        },
        `${problem.message}; migrations and writes wait until it is fixed`,
      );
    } else {
      log.warn(
        { event: "migrations", err: (err as Error).message },
        "migrations deferred: orders database unavailable; retrying",
      );
    }
  };
}

async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  for (const close of closers.reverse()) await close().catch(() => undefined);
}

/** `reader` is this region's reader endpoint (DB_READER_HOST); same database, user and secret as the writer. */
async function openDb(
  config: Config,
  log: FastifyBaseLogger,
  endpoint: "writer" | "reader",
): Promise<Db> {
  const pg = config.postgres;
  if (!pg) {
    const dir = config.pgliteDataDir === "memory" ? "memory" : path.resolve(config.pgliteDataDir);
    log.info({ dataDir: dir }, "no database configured: starting embedded PGlite");
    return PgliteDb.open(dir);
  }
  const credentials = pg.secretArn
    ? new SecretsManagerCredentials(
        // Bounded like every backend call: start-up and reconnects must not hang on Secrets Manager.
        new SecretsManagerClient({
          ...sdkClientOptions({ connectMs: 1000, requestMs: 2000, maxAttempts: 2 }),
        }),
        pg.secretArn,
      )
    : process.env.DB_PASSWORD
      ? new StaticCredentials({
          username: pg.user ?? "postgres",
          password: process.env.DB_PASSWORD,
        })
      : undefined;
  const db = new PgDb({
    connectionString: pg.url,
    host: endpoint === "reader" ? pg.readerHost : pg.host,
    port: endpoint === "reader" ? pg.readerPort : pg.port,
    database: pg.database,
    user: pg.user,
    ssl: pg.ssl,
    schema: pg.schema === "public" ? undefined : pg.schema,
    max: pg.poolMax,
    credentials,
    onError: (err) => log.warn({ err: err.message, endpoint }, "idle database connection failed"),
  });
  return db.init();
}

/** The routing switch's write fence, polling S3, or NO_FENCE when WRITE_FENCE_S3_URI is unset. */
async function openFence(
  config: Config,
  log: FastifyBaseLogger,
  metrics: Metrics,
): Promise<{ fence: Fence; close(): void }> {
  const wf = config.writeFence;
  if (!wf) return { fence: NO_FENCE, close: () => undefined };
  const s3 = s3SwitchReader({
    bucket: wf.bucket,
    key: wf.key,
    region: wf.region,
    endpoint: wf.endpoint,
  });
  const fence = new SwitchFence({
    read: s3.read,
    allows: wf.allows,
    pollMs: wf.pollMs,
    metrics,
    log,
  });
  // The first read is awaited so a task starts knowing the switch when S3 answers; when it does not, start()
  // still returns (the read is bounded) and the fence stays open until a read succeeds (see SwitchFence).
  await fence.start();
  log.info(
    {
      event: "write-fence",
      switch: `s3://${wf.bucket}/${wf.key}`,
      allows: wf.allows,
      ...fence.status(),
    },
    "write fence configured",
  );
  return {
    fence,
    close: () => {
      fence.stop();
      s3.close();
    },
  };
}

async function openCatalog(
  config: Config,
  log: FastifyBaseLogger,
  closers: (() => Promise<void>)[],
): Promise<DynamoCatalog | MemoCatalog> {
  let endpoint = config.dynamodbEndpoint;
  if (config.catalogEmbedded) {
    const embedded = await startDynalite();
    closers.push(() => embedded.close());
    endpoint = embedded.endpoint;
    log.info({ endpoint }, "no catalog configured: started embedded dynalite");
  }
  const opts = {
    table: config.catalogTable,
    region: config.catalogRegion,
    endpoint,
    kind: config.catalogEmbedded ? ("dynalite" as const) : ("dynamodb" as const),
    cursorSecret: config.catalogCursorSecret,
  };
  const client = createDynamoClient(opts);
  closers.push(async () => client.destroy());
  const catalog = new DynamoCatalog(opts, client);
  if (config.catalogEmbedded) await ensureTable(client, config.catalogTable);
  if (config.catalogSeed) {
    // A seed is a convenience for local runs; a catalog that is down must not stop the process from starting.
    await seedIfEmpty(client, config.catalogTable).then(
      (n) => n > 0 && log.info({ products: n }, "seeded the catalog"),
      (err: Error) =>
        log.error({ err: err.message }, "could not seed the catalog; serving without a seed"),
    );
  }
  return new MemoCatalog(catalog);
}

function openCache(config: Config, log: FastifyBaseLogger): Cache {
  if (!config.redisUrl) return new MemoryCache();
  let lastLogged = 0;
  const redis = new RedisCache({
    url: config.redisUrl,
    onError: (err) => {
      // Reconnect attempts fail every few hundred ms during an outage; log at most every 30 s.
      if (Date.now() - lastLogged > 30_000) {
        lastLogged = Date.now();
        log.warn({ err: err.message }, "cache unavailable; serving from the source");
      }
    },
  });
  return new BreakerCache(redis, {
    onOpen: () =>
      log.warn(
        { event: "cache-breaker" },
        "cache circuit open after repeated failures; skipping the cache",
      ),
  });
}

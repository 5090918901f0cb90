/**
 * Entry point: configuration, backends, HTTP listener, graceful shutdown.
 * On SIGTERM (ECS task stop) the listener stops accepting, in-flight requests finish, then pools and clients
 * close; a deadline forces exit so a stuck backend cannot block the deployment.
 */
import "./quietSdk";
import { createServer, registerRoutes } from "./app";
import { createBackends } from "./backends";
import { ConfigError, loadConfig } from "./config";
import { Metrics } from "./metrics";

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  const metrics = new Metrics({ defaultMetrics: true });
  const app = createServer({
    region: config.region,
    metrics,
    logger: { level: config.logLevel, base: { region: config.region } },
  });
  const logger = app.log;
  const backends = await createBackends(config, logger, metrics);
  registerRoutes(app, backends.deps);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: draining connections");
    setTimeout(() => {
      logger.error("shutdown deadline passed; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await app.close();
      await backends.close();
      logger.info("shutdown complete");
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "error during shutdown");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  await app.listen({ port: config.port, host: config.host });
  logger.info(
    {
      port: config.port,
      role: backends.deps.role.role,
      orders: backends.deps.orders.kind,
      catalog: backends.deps.catalog.kind,
      cache: backends.deps.cache.kind,
    },
    "storefront ready",
  );
}

main().catch((err) => {
  process.stderr.write(`storefront failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

/** Builds the app on given backends for fastify.inject tests. */
import { FastifyInstance } from "fastify";
import { AppDeps, buildApp } from "../../src/app";
import { Cache } from "../../src/cache/cache";
import { MemoryCache } from "../../src/cache/memoryCache";
import { Catalog } from "../../src/catalog/catalog";
import { Metrics } from "../../src/metrics";
import { CartStore } from "../../src/orders/cartStore";
import { Db } from "../../src/orders/db";
import { DbEndpoints } from "../../src/orders/dbEndpoints";
import { OrderStore } from "../../src/orders/orderStore";
import { RegionRole } from "../../src/region/role";
import { Fence, NO_FENCE } from "../../src/region/switchFence";
import { InProcessValidator } from "../../src/validation/validator";

export interface TestApp {
  app: FastifyInstance;
  role: RegionRole;
  metrics: Metrics;
}

export function buildTestApp(opts: {
  /** A Db serves every query; a function builds writer/reader endpoints that follow the app's role. */
  db: Db | ((role: RegionRole) => DbEndpoints);
  catalog: Catalog;
  cache?: Cache;
  role?: RegionRole;
  fence?: Fence;
  metrics?: Metrics;
  region?: string;
  /** A pino logger (or its options) to capture log lines; defaults to no logging. */
  logger?: AppDeps["logger"];
}): TestApp {
  const role = opts.role ?? new RegionRole({ mode: "primary", probe: async () => "primary" });
  const metrics = opts.metrics ?? new Metrics();
  const dbs =
    typeof opts.db === "function"
      ? opts.db(role)
      : DbEndpoints.single(opts.db, () => role.writable);
  const app = buildApp({
    region: opts.region ?? "us-east-1",
    version: "test",
    orders: new OrderStore(dbs),
    carts: new CartStore(dbs),
    catalog: opts.catalog,
    cache: opts.cache ?? new MemoryCache(),
    role,
    fence: opts.fence ?? NO_FENCE,
    validator: new InProcessValidator(),
    metrics,
    healthTimeoutMs: 500,
    logger: opts.logger,
  });
  return { app, role, metrics };
}

let seq = 0;
/** A valid order body; unique customer by default so velocity checks never interfere across tests. */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    customerId: `cust-${process.pid}-${seq}-${Date.now()}`,
    items: [{ productId: "p001", quantity: 2 }],
    shippingAddress: {
      name: "Ada Lovelace",
      line1: "1 Main St",
      city: "London",
      postalCode: "N1 9GU",
      country: "GB",
    },
    ...overrides,
  };
}

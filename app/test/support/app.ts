/** Builds the app on given backends for fastify.inject tests. */
import { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app";
import { Cache } from "../../src/cache/cache";
import { MemoryCache } from "../../src/cache/memoryCache";
import { Catalog } from "../../src/catalog/catalog";
import { Metrics } from "../../src/metrics";
import { CartStore } from "../../src/orders/cartStore";
import { Db } from "../../src/orders/db";
import { OrderStore } from "../../src/orders/orderStore";
import { RegionRole } from "../../src/region/role";
import { InProcessValidator } from "../../src/validation/validator";

export interface TestApp {
  app: FastifyInstance;
  role: RegionRole;
  metrics: Metrics;
}

export function buildTestApp(opts: {
  db: Db;
  catalog: Catalog;
  cache?: Cache;
  role?: RegionRole;
  region?: string;
}): TestApp {
  const role = opts.role ?? new RegionRole({ mode: "primary", isInRecovery: async () => false });
  const metrics = new Metrics();
  const app = buildApp({
    region: opts.region ?? "us-east-1",
    version: "test",
    orders: new OrderStore(opts.db),
    carts: new CartStore(opts.db),
    catalog: opts.catalog,
    cache: opts.cache ?? new MemoryCache(),
    role,
    validator: new InProcessValidator(),
    metrics,
    healthTimeoutMs: 500,
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
    shippingAddress: { name: "Ada Lovelace", line1: "1 Main St", city: "London", postalCode: "N1 9GU", country: "GB" },
    ...overrides,
  };
}

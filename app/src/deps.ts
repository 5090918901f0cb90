/** What the app is built from: its backends and settings. Routes depend on this, not on app.ts. */
import type { FastifyServerOptions } from "fastify";
import { Cache } from "./cache/cache";
import { Catalog } from "./catalog/catalog";
import { Metrics } from "./metrics";
import { CartStore } from "./orders/cartStore";
import type { DbProblem } from "./orders/dbProblem";
import { OrderStore } from "./orders/orderStore";
import { RegionRole } from "./region/role";
import { Fence } from "./region/switchFence";
import { OrderValidator } from "./validation/validator";

export interface BackendInfo {
  kind: string;
  endpoint: string;
  [extra: string]: string;
}

export interface AppDeps {
  region: string;
  version: string;
  orders: OrderStore;
  carts: CartStore;
  catalog: Catalog;
  cache: Cache;
  role: RegionRole;
  /** The routing switch's write fence; NO_FENCE when WRITE_FENCE_S3_URI is unset. */
  fence: Fence;
  validator: OrderValidator;
  /**
   * Whether the orders schema is migrated (writes wait for it), and the configuration problem that stops the
   * migrations, if any. Absent (tests on migrated databases): migrated.
   */
  schema?: { readonly migrated: boolean; readonly problem?: DbProblem };
  metrics: Metrics;
  recommendationsTtlSeconds?: number;
  healthTimeoutMs?: number;
  logger?: FastifyServerOptions["logger"];
}

/**
 * Prometheus metrics. One registry per app instance (not prom-client's global), so tests can build many apps in
 * one process without "metric already registered" clashes.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class Metrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<"method" | "route" | "status_code">;
  readonly ordersCreated: Counter<"region">;
  readonly validationRejections: Counter<"code">;
  readonly cacheErrors: Counter;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request latency by route template",
      labelNames: ["method", "route", "status_code"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.ordersCreated = new Counter({
      name: "orders_created_total",
      help: "Orders created (idempotent replays are not counted)",
      labelNames: ["region"],
      registers: [this.registry],
    });
    this.validationRejections = new Counter({
      name: "order_validation_rejections_total",
      help: "Orders refused by validation or fraud checks, by reason code",
      labelNames: ["code"],
      registers: [this.registry],
    });
    this.cacheErrors = new Counter({
      name: "cache_errors_total",
      help: "Cache operations that failed and fell back to the source",
      registers: [this.registry],
    });
  }
}

/**
 * Prometheus metrics. One registry per app instance (not prom-client's global), so tests can build many apps in
 * one process without "metric already registered" clashes.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class Metrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<"method" | "route" | "status_code">;
  readonly ordersCreated: Counter<"region">;
  readonly validationRejections: Counter<"code">;
  readonly cacheErrors: Counter;
  readonly writeFenceOpen: Gauge<"allows">;
  readonly writeFenceReadErrors: Counter;
  readonly writesRefused: Counter<"reason">;

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
    // Labelled so that no series exists without a fence (prom-client starts an unlabelled gauge at 0 = "closed").
    this.writeFenceOpen = new Gauge({
      name: "write_fence_open",
      help: "1 while the routing switch lets this region write (or has not been read yet), 0 while it fences it",
      labelNames: ["allows"],
      registers: [this.registry],
    });
    this.writeFenceReadErrors = new Counter({
      name: "write_fence_read_errors_total",
      help: "Reads of the routing switch that failed; the fence kept its last state",
      registers: [this.registry],
    });
    this.writesRefused = new Counter({
      name: "writes_refused_total",
      help: "Write requests refused before their body was read, by reason (recovery-role, fenced)",
      labelNames: ["reason"],
      registers: [this.registry],
    });
  }
}

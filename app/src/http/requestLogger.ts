/**
 * Request loggers made on first use.
 *
 * Fastify gives every request its own child logger, bound to the request id (fastify/lib/route.js routeHandler →
 * createChildLogger → logger.child({reqId})), and pino builds and serializes a child's bindings when it is created
 * (https://getpino.io/#/docs/child-loggers). Most requests of a busy shop log nothing at `warn`, yet each paid for
 * that child: 220 ns, against 28 ns for this stand-in with Fastify's two request lines at a disabled level
 * (measured in a loop of 10^6 on the 2-core machine, 2026-12-04), out of about 25 µs of CPU per catalog page. So the
 * request gets a stand-in that creates the pino child only when a line is about to be written at an enabled level;
 * the line is the same, `reqId` included. Fastify's `childLoggerFactory` option is the documented place for this
 * (https://fastify.dev/docs/latest/Reference/Server/#childloggerfactory).
 */
import type { FastifyBaseLogger } from "fastify";

// pino's types, as Fastify's logger interface names them (pino is Fastify's dependency, not ours).
type Bindings = Parameters<FastifyBaseLogger["child"]>[0];
type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger["child"]>[1]>;
type Level = "fatal" | "error" | "warn" | "info" | "debug" | "trace";

/** The parent may offer pino's level check (Fastify's own pino instance does); without it every line is written. */
type ParentLogger = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };

class RequestLogger implements FastifyBaseLogger {
  private real?: FastifyBaseLogger;

  constructor(
    private readonly parent: ParentLogger,
    private readonly bindings: Bindings,
  ) {}

  get level(): string {
    return (this.real ?? this.parent).level;
  }
  set level(level: string) {
    this.logger().level = level;
  }

  // Methods on the prototype, not per-instance arrow functions: a request allocates one small object.
  fatal(...args: unknown[]): void {
    this.write("fatal", args);
  }
  error(...args: unknown[]): void {
    this.write("error", args);
  }
  warn(...args: unknown[]): void {
    this.write("warn", args);
  }
  info(...args: unknown[]): void {
    this.write("info", args);
  }
  debug(...args: unknown[]): void {
    this.write("debug", args);
  }
  trace(...args: unknown[]): void {
    this.write("trace", args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  private write(level: Level, args: unknown[]): void {
    // Until the child exists its level is the parent's; after, the child's (it may have been changed).
    if (!this.real && this.parent.isLevelEnabled && !this.parent.isLevelEnabled(level)) return;
    (this.logger()[level] as (...a: unknown[]) => void)(...args);
  }

  private logger(): FastifyBaseLogger {
    return (this.real ??= this.parent.child(this.bindings));
  }
}

/**
 * Fastify's `childLoggerFactory`. A route with its own log level or serializers gets pino's child at once: its
 * level is not the parent's, so the parent cannot answer whether a line would be written.
 */
export function requestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  if (options.level || options.serializers) return logger.child(bindings, options);
  return new RequestLogger(logger, bindings);
}

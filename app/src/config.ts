/**
 * Environment parsing. Every variable is validated up front and all problems are reported together, each naming
 * the variable, so a misconfigured task fails once with the full list instead of one error per redeploy.
 */

export type RoleMode = "auto" | "primary" | "recovery";

export interface PostgresConfig {
  /** Full connection string (local runs, CI). Mutually exclusive with host + secret. */
  readonly url?: string;
  /** The Aurora global writer endpoint: always the current writer, wherever it runs (decision 16). */
  readonly host?: string;
  readonly port: number;
  /** This region's cluster reader endpoint, for reads that tolerate replica lag. Defaults to `host`. */
  readonly readerHost?: string;
  /** Only the drill needs it (its stand-ins listen on different ports); Aurora's endpoints share one. */
  readonly readerPort: number;
  readonly database: string;
  readonly user?: string;
  /** Secrets Manager secret holding `{username, password}`; read at connect and after an auth failure. */
  readonly secretArn?: string;
  readonly ssl: boolean;
  /** Schema for all tables; lets tests and side-by-side runs share one database. */
  readonly schema: string;
  readonly poolMax: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly region: string;
  readonly roleMode: RoleMode;
  readonly rolePollMs: number;
  readonly logLevel: string;
  /** Undefined means embedded PGlite. */
  readonly postgres?: PostgresConfig;
  /** PGlite data directory, or "memory". Only used when no Postgres is configured. */
  readonly pgliteDataDir: string;
  /** Undefined table and endpoint means embedded dynalite. */
  readonly catalogTable: string;
  readonly catalogRegion: string;
  readonly dynamodbEndpoint?: string;
  readonly catalogEmbedded: boolean;
  readonly catalogSeed: boolean;
  /** Key for the catalog cursors' MAC, the same in every task of both regions (catalog/cursor.ts); optional. */
  readonly catalogCursorSecret?: string;
  /** Undefined means the in-memory cache. */
  readonly redisUrl?: string;
  readonly recommendationsTtlSeconds: number;
  readonly orderValidationFunctionArn?: string;
  readonly healthTimeoutMs: number;
  readonly version: string;
  /** Undefined means no write fence: only the region role gates writes. */
  readonly writeFence?: WriteFenceConfig;
}

/** The routing switch the storefront polls as its write fence (DESIGN.md decision 15, "Fencing"). */
export interface WriteFenceConfig {
  readonly bucket: string;
  readonly key: string;
  /** The bucket's region (eu-west-1), not this task's: the switch lives in one region for both stacks. */
  readonly region: string;
  /** The body that lets this region write: `primary=on` on the primary stack, `primary=off` on the recovery stack. */
  readonly allows: string;
  readonly pollMs: number;
  /** Path-style endpoint override (the drill's local stand-in). */
  readonly endpoint?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** The routing switch's two bodies (components/traffic/switchStates.ts); the app does not import the program. */
export const FENCE_BODIES = ["primary=on", "primary=off"] as const;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return dflt;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return dflt;
    }
    return Number(raw);
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], dflt: T): T => {
    const raw = str(name);
    if (raw === undefined) return dflt;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(", ")} (got "${raw}")`);
      return dflt;
    }
    return raw as T;
  };
  const bool = (name: string, dflt: boolean): boolean => {
    const raw = str(name);
    if (raw === undefined) return dflt;
    if (!["true", "false", "1", "0"].includes(raw)) {
      problems.push(`${name} must be true or false (got "${raw}")`);
      return dflt;
    }
    return raw === "true" || raw === "1";
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must use ${protocols.join(" or ")} (got "${u.protocol}")`);
      }
    } catch {
      problems.push(`${name} must be a URL`);
    }
    return raw;
  };

  const port = int("PORT", 8080, 0, 65535);
  const region = str("REGION") ?? str("AWS_REGION") ?? "local";
  if (!/^[a-z0-9-]{1,32}$/.test(region))
    problems.push(`REGION must look like "us-east-1" (got "${region}")`);
  const roleMode = oneOf<RoleMode>("REGION_ROLE", ["auto", "primary", "recovery"], "auto");
  const logLevel = oneOf("LOG_LEVEL", LOG_LEVELS, "info");

  const schema = str("DB_SCHEMA") ?? "public";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    problems.push("DB_SCHEMA must be a lower-case SQL identifier");
  const databaseUrl = url("DATABASE_URL", ["postgres:", "postgresql:"]);
  const dbHost = str("DB_HOST");
  const secretArn = str("DB_SECRET_ARN");
  if (databaseUrl && dbHost)
    problems.push("DATABASE_URL and DB_HOST are mutually exclusive; set one");
  if (secretArn && !/^arn:aws[a-z-]*:secretsmanager:|^[\w/+=.@-]{1,512}$/.test(secretArn)) {
    problems.push("DB_SECRET_ARN must be a Secrets Manager ARN or secret name");
  }
  if (dbHost && !secretArn && !str("DB_PASSWORD") && !str("PGPASSWORD")) {
    problems.push("DB_HOST needs DB_SECRET_ARN (or DB_PASSWORD for local use)");
  }
  if (secretArn && !dbHost) problems.push("DB_SECRET_ARN needs DB_HOST");
  const readerHost = str("DB_READER_HOST");
  if (readerHost && !dbHost) problems.push("DB_READER_HOST needs DB_HOST (the writer endpoint)");
  if (str("DB_READER_PORT") && !readerHost) problems.push("DB_READER_PORT needs DB_READER_HOST");
  const dbPort = int("DB_PORT", 5432, 1, 65535);
  const readerPort = int("DB_READER_PORT", dbPort, 1, 65535);
  const poolMax = int("DB_POOL_MAX", 10, 1, 200);
  const postgres: PostgresConfig | undefined =
    databaseUrl || dbHost
      ? {
          url: databaseUrl,
          host: dbHost,
          port: dbPort,
          readerHost,
          readerPort,
          database: str("DB_NAME") ?? "securecart",
          user: str("DB_USER"),
          secretArn,
          ssl: bool("DB_SSL", Boolean(dbHost)),
          schema,
          poolMax,
        }
      : undefined;

  const catalogTable = str("CATALOG_TABLE");
  const dynamodbEndpoint = url("DYNAMODB_ENDPOINT", ["http:", "https:"]);
  if (catalogTable && !/^[A-Za-z0-9_.-]{3,255}$/.test(catalogTable)) {
    problems.push("CATALOG_TABLE must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");
  }
  const catalogEmbedded = !catalogTable && !dynamodbEndpoint;

  const redisUrl = url("REDIS_URL", ["redis:", "rediss:"]);
  const fn = str("ORDER_VALIDATION_FUNCTION_ARN");
  if (
    fn &&
    !/^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/.test(
      fn,
    )
  ) {
    problems.push("ORDER_VALIDATION_FUNCTION_ARN must be a Lambda function ARN or name");
  }

  const config: Config = {
    port,
    host: str("HOST") ?? "0.0.0.0",
    region,
    roleMode,
    rolePollMs: int("ROLE_POLL_MS", 5000, 100, 600000),
    logLevel,
    postgres,
    pgliteDataDir: str("PGLITE_DATA_DIR") ?? "memory",
    catalogTable: catalogTable ?? "securecart-catalog",
    catalogRegion: str("CATALOG_REGION") ?? (region === "local" ? "us-east-1" : region),
    dynamodbEndpoint,
    catalogEmbedded,
    catalogSeed: bool("CATALOG_SEED", catalogEmbedded),
    catalogCursorSecret: str("CATALOG_CURSOR_SECRET"),
    redisUrl,
    recommendationsTtlSeconds: int("RECOMMENDATIONS_TTL_SECONDS", 300, 1, 86400),
    orderValidationFunctionArn: fn,
    healthTimeoutMs: int("HEALTH_TIMEOUT_MS", 1000, 50, 30000),
    version: str("APP_VERSION") ?? "0.1.0",
    writeFence: loadWriteFence(str, int, url, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** WRITE_FENCE_*: all or nothing. Without WRITE_FENCE_S3_URI there is no fence, and its companions are mistakes. */
function loadWriteFence(
  str: (name: string) => string | undefined,
  int: (name: string, dflt: number, min: number, max: number) => number,
  url: (name: string, protocols: string[]) => string | undefined,
  problems: string[],
): WriteFenceConfig | undefined {
  const uri = str("WRITE_FENCE_S3_URI");
  const region = str("WRITE_FENCE_REGION");
  const allows = str("WRITE_FENCE_ALLOWS");
  const pollMs = int("WRITE_FENCE_POLL_MS", 5000, 100, 600000);
  const endpoint = url("S3_ENDPOINT", ["http:", "https:"]);
  if (!uri) {
    // S3_ENDPOINT is left out: it names an S3 endpoint, not the fence, and other S3 reads may come to use it.
    for (const name of ["WRITE_FENCE_REGION", "WRITE_FENCE_ALLOWS", "WRITE_FENCE_POLL_MS"]) {
      if (str(name)) problems.push(`${name} needs WRITE_FENCE_S3_URI`);
    }
    return undefined;
  }
  const before = problems.length;
  // Bucket names: 3-63 of a-z 0-9 . - (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri);
  if (!m) problems.push(`WRITE_FENCE_S3_URI must look like s3://bucket/key (got "${uri}")`);
  if (!region)
    problems.push(
      "WRITE_FENCE_REGION (the switch bucket's region) is required with WRITE_FENCE_S3_URI",
    );
  else if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    problems.push(`WRITE_FENCE_REGION must look like "eu-west-1" (got "${region}")`);
  }
  if (!allows)
    problems.push(
      `WRITE_FENCE_ALLOWS is required with WRITE_FENCE_S3_URI: one of ${FENCE_BODIES.join(", ")}`,
    );
  else if (!(FENCE_BODIES as readonly string[]).includes(allows)) {
    problems.push(`WRITE_FENCE_ALLOWS must be one of ${FENCE_BODIES.join(", ")} (got "${allows}")`);
  }
  if (problems.length > before || !m) return undefined;
  return { bucket: m[1], key: m[2], region: region!, allows: allows!, pollMs, endpoint };
}

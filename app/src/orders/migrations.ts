/**
 * Schema migrations, applied in order and recorded in schema_migrations.
 *
 * They run only on a writable database (decision 4): in a recovery region the schema arrives through replication,
 * so runMigrationsWhenWritable waits and retries instead of failing the task; the same when the database is down
 * or misconfigured at start (the task serves /healthz and reads meanwhile, and refuses writes until they ran).
 */
import { logDetail } from "../errors";
import { Db } from "./db";

export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE IF NOT EXISTS orders (
        id               text PRIMARY KEY,
        -- The idempotency fence: concurrent duplicates collide here, not in application code.
        idempotency_key  text NOT NULL UNIQUE,
        request_hash     text NOT NULL,
        customer_id      text NOT NULL,
        status           text NOT NULL,
        total_cents      bigint NOT NULL CHECK (total_cents >= 0),
        currency         text NOT NULL,
        items            jsonb NOT NULL,
        shipping_address jsonb NOT NULL,
        billing_address  jsonb,
        region           text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS orders_customer_created ON orders (customer_id, created_at);
      CREATE TABLE IF NOT EXISTS payments (
        id           text PRIMARY KEY,
        order_id     text NOT NULL UNIQUE REFERENCES orders(id),
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        currency     text NOT NULL,
        status       text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS cart_items (
        cart_id     text NOT NULL,
        product_id  text NOT NULL,
        quantity    integer NOT NULL CHECK (quantity BETWEEN 1 AND 100),
        price_cents bigint NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cart_id, product_id)
      );`,
  },
  {
    // Checkout's write (orderStore.ts, createChecked): under the customer's advisory lock, count the customer's
    // recent orders again and insert the order and its payment only if the count is still the one the fraud
    // decision was made with. One statement is one transaction (autocommit), so the lock goes with its COMMIT.
    // VOLATILE: each statement inside takes a fresh snapshot, so the count, taken after the lock was granted, sees
    // every order committed by the lock's previous holder
    // (https://www.postgresql.org/docs/current/xfunc-volatility.html). search_path is pinned to the schema the
    // function was created in (https://www.postgresql.org/docs/current/sql-createfunction.html).
    version: 2,
    sql: `
      CREATE OR REPLACE FUNCTION place_order(
        p_lock_space integer, p_lock_key integer, p_window_minutes integer, p_counted bigint,
        p_order_id text, p_idempotency_key text, p_request_hash text, p_customer_id text,
        p_total_cents bigint, p_currency text, p_items jsonb, p_shipping jsonb, p_billing jsonb,
        p_region text, p_payment_id text)
      RETURNS TABLE (outcome text, placed_at timestamptz)
      LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
      AS $fn$
      DECLARE
        recent bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(p_lock_space, p_lock_key);
        SELECT count(*) INTO recent FROM orders
         WHERE customer_id = p_customer_id AND created_at > now() - make_interval(mins => p_window_minutes);
        IF recent <> p_counted THEN
          RETURN QUERY SELECT 'recounted'::text, NULL::timestamptz;
          RETURN;
        END IF;
        RETURN QUERY
          WITH o AS (
            INSERT INTO orders (id, idempotency_key, request_hash, customer_id, status, total_cents, currency,
                                items, shipping_address, billing_address, region)
            VALUES (p_order_id, p_idempotency_key, p_request_hash, p_customer_id, 'confirmed', p_total_cents,
                    p_currency, p_items, p_shipping, p_billing, p_region)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id, total_cents, currency, created_at
          ), p AS (
            INSERT INTO payments (id, order_id, amount_cents, currency, status)
            SELECT p_payment_id, id, total_cents, currency, 'authorized' FROM o
            RETURNING order_id
          )
          SELECT 'created'::text, o.created_at FROM o JOIN p ON p.order_id = o.id;
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'taken'::text, NULL::timestamptz;
        END IF;
      END
      $fn$;`,
  },
];

export async function runMigrations(db: Db, schema?: string): Promise<number> {
  if (schema && schema !== "public") await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  let applied = 0;
  for (const m of MIGRATIONS) {
    // One DO block per migration = one transaction; the advisory lock serialises tasks that start together, and
    // the re-check under the lock makes the loser a no-op.
    const before = await appliedVersions(db);
    if (before.has(m.version)) continue;
    await db.query(
      `DO $mig$ BEGIN
         PERFORM pg_advisory_xact_lock(715517);
         CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
         IF NOT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ${m.version}) THEN
           ${m.sql}
           INSERT INTO schema_migrations (version) VALUES (${m.version});
         END IF;
       END $mig$;`,
    );
    applied++;
  }
  return applied;
}

async function appliedVersions(db: Db): Promise<Set<number>> {
  const exists = await db.query<{ t: string | null }>(
    "SELECT to_regclass('schema_migrations')::text AS t",
  );
  if (!exists[0]?.t) return new Set();
  const rows = await db.query<{ version: number }>("SELECT version FROM schema_migrations");
  return new Set(rows.map((r) => Number(r.version)));
}

export interface WaitOptions {
  schema?: string;
  retryMs?: number;
  /** Shutdown: stops the retry loop (and its timer) at once. */
  signal?: AbortSignal;
  /** Progress (in recovery, applied n), for an info log. */
  log?: (msg: string) => void;
  /** Each failed attempt; the caller decides how loudly to report it (a configuration problem is an error). */
  onError?: (err: unknown) => void;
  /** After every attempt, whatever its outcome (start-up waits for the first one). */
  onAttempt?: () => void;
}

/**
 * Resolves true once migrations have run, false if `signal` aborted first. While the database is in recovery,
 * down or misconfigured it waits and retries. The wait is a ref'd timer on purpose: it is the task's only work
 * while nothing else runs (a process started with REGION_ROLE=primary and its database down must not exit
 * because its event loop emptied), and the abort signal ends it on shutdown.
 */
export async function runMigrationsWhenWritable(db: Db, opts: WaitOptions = {}): Promise<boolean> {
  const retryMs = opts.retryMs ?? 5000;
  for (;;) {
    if (opts.signal?.aborted) return false;
    try {
      if (await db.isInRecovery()) {
        opts.log?.("database is in recovery; migrations wait until it is writable");
      } else {
        const n = await runMigrations(db, opts.schema);
        if (n > 0) opts.log?.(`applied ${n} migration(s)`);
        opts.onAttempt?.();
        return true;
      }
    } catch (err) {
      if (opts.onError) opts.onError(err);
      else opts.log?.(`migrations deferred: ${logDetail(err)}`);
    }
    opts.onAttempt?.();
    await sleep(retryMs, opts.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

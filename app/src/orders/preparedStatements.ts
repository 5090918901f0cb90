/**
 * Names each parameterized statement so that node-postgres prepares it once per connection and then sends only
 * Bind/Execute: "if you supply a name parameter the query execution plan will be cached on the PostgreSQL server
 * on a per connection basis" (https://node-postgres.com/features/queries#prepared-statements). An unnamed
 * statement is parsed, analysed and planned again on every call; at checkout's rate that was a third of
 * PostgreSQL's CPU (README, measured). PostgreSQL replans a prepared statement itself when a migration changes
 * what it depends on (https://www.postgresql.org/docs/current/sql-prepare.html, Notes). The tasks connect to
 * Aurora directly: a pooler in transaction mode or RDS Proxy in front would share or pin sessions, and would
 * need this off.
 *
 * A name is fixed per text (node-postgres refuses one name for two texts), and the number of names is capped:
 * each is held by every pooled connection, so a caller that built SQL text per request must not grow them
 * without end. Statements past the cap, and those without parameters (DDL, BEGIN), go unnamed.
 */
import { createHash } from "node:crypto";
import type { QueryConfig } from "pg";

export const MAX_PREPARED_STATEMENTS = 200;

export class PreparedStatements {
  private readonly names = new Map<string, string>();
  constructor(private readonly max = MAX_PREPARED_STATEMENTS) {}

  config(text: string, values: unknown[]): QueryConfig {
    if (values.length === 0) return { text, values };
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.max) {
      name = `sc_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
      this.names.set(text, name);
    }
    return name === undefined ? { text, values } : { name, text, values };
  }

  get size(): number {
    return this.names.size;
  }
}

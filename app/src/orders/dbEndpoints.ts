/**
 * The two PostgreSQL endpoints of a region (DESIGN.md decision 16) and the rule for choosing between them.
 *
 * - `writer` is the Aurora global writer endpoint: it always names the current writer, wherever it runs, so
 *   writes, idempotency lookups and reads that must see a write go there. A global secondary's own cluster
 *   writer endpoint is inactive, so a recovery region cannot write any other way.
 * - `reader` is this region's cluster reader endpoint: local, possibly behind by the replica lag, and still
 *   answering when the writer's region is down. A recovery region serves its reads from it.
 *
 * With no reader configured both are the same Db, so one pool serves everything.
 */
import { Db } from "./db";

export class DbEndpoints {
  constructor(
    readonly writer: Db,
    readonly reader: Db,
    /** Whether this region holds the writer role now (RegionRole.writable); read on every query. */
    private readonly isPrimary: () => boolean = () => true,
  ) {}

  /** One endpoint for everything: embedded PGlite, a plain PostgreSQL, tests. */
  static single(db: Db, isPrimary?: () => boolean): DbEndpoints {
    return new DbEndpoints(db, db, isPrimary);
  }

  /**
   * For reads that tolerate replica lag. A primary region reads from the writer: its own clients read what they
   * just wrote (an order right after checkout). A recovery region takes no writes, so nothing it serves can be
   * newer than its replica, and the local reader keeps its reads up when the writer's region is gone.
   */
  forReads(): Db {
    return this.isPrimary() ? this.writer : this.reader;
  }

  get distinct(): boolean {
    return this.writer !== this.reader;
  }

  async close(): Promise<void> {
    await this.writer.close();
    if (this.distinct) await this.reader.close();
  }
}

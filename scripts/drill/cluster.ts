/**
 * One local PostgreSQL 15 cluster per "region", made with the machine's binaries and run as `postgres`.
 * Primary, streaming hot standby (pg_basebackup -R) and restore-from-backup (base backup + archived WAL) are the
 * three ways a region's database comes to life in the drill.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { REGION_SETTING } from "./auroraStandIn";
import { Sandbox, runAsPostgres, waitFor } from "./sandbox";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface ClusterSpec {
  readonly name: string;
  readonly port: number;
}

/** Settings every drill cluster shares; standbys inherit them through the base backup. */
export function baseSettings(archiveDir?: string): Record<string, string> {
  return {
    wal_level: "replica",
    max_wal_senders: "5",
    hot_standby: "on",
    // The storefront polls pg_is_in_recovery() on the standby; feedback keeps its reads from being cancelled.
    hot_standby_feedback: "on",
    fsync: "off", // a drill, not a durability test of the disk: SIGKILL + immediate stop still loses the unflushed
    // buffers of the *server*, which is what replication lag is about.
    shared_buffers: "32MB",
    max_connections: "60",
    wal_keep_size: "64MB",
    ...(archiveDir
      ? {
          archive_mode: "on",
          archive_command: `'test ! -f ${archiveDir}/%f && cp %p ${archiveDir}/%f'`,
          // With 1 MB segments (initdb --wal-segsize=1) a 1 s switch bounds the backup tier's loss to about 1 s.
          archive_timeout: "1s",
        }
      : {}),
  };
}

export class PgCluster {
  readonly dataDir: string;
  readonly logFile: string;
  private pid?: number;

  constructor(
    private readonly sandbox: Sandbox,
    readonly spec: ClusterSpec,
  ) {
    this.dataDir = sandbox.path(`pg-${spec.name}`);
    this.logFile = sandbox.path(`pg-${spec.name}.log`);
    sandbox.onCleanup(`stop ${spec.name} database`, () => this.stop("immediate"));
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.spec.port}/postgres`;
  }

  /** A fresh primary. */
  async initPrimary(settings: Record<string, string>): Promise<void> {
    await runAsPostgres(`${BIN}/initdb`, [
      "-D",
      this.dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "--wal-segsize=1",
      "-E",
      "UTF8",
    ]);
    await this.appendConf("postgresql.conf", settings);
  }

  /** A streaming hot standby of `source`, asynchronous unless the primary names it in synchronous_standby_names. */
  async initStandbyOf(source: PgCluster): Promise<void> {
    await this.wipe();
    await runAsPostgres(`${BIN}/pg_basebackup`, [
      ...["-D", this.dataDir, "-h", "127.0.0.1", "-p", String(source.spec.port), "-U", "postgres"],
      ...["-X", "stream", "-c", "fast", "-R"],
    ]);
    // application_name is how the primary's synchronous_standby_names recognises this standby.
    await this.appendConf("postgresql.auto.conf", {
      primary_conninfo: `'host=127.0.0.1 port=${source.spec.port} user=postgres application_name=${this.spec.name}'`,
    });
  }

  /** The backup tier: a copy of the latest base backup, replaying the archived WAL, then promoting itself. */
  async initFromBackup(baseBackupDir: string, archiveDir: string): Promise<void> {
    await this.wipe();
    await runAsPostgres("cp", ["-a", baseBackupDir, this.dataDir]);
    await this.appendConf("postgresql.auto.conf", {
      restore_command: `'cp ${archiveDir}/%f %p'`,
      recovery_target_timeline: "'latest'",
    });
    // recovery.signal without a target: replay every archived segment, then end recovery (promote) on its own.
    await runAsPostgres("touch", [path.join(this.dataDir, "recovery.signal")]);
  }

  /** A plain base backup of this (running) cluster, for the backup tier. */
  async baseBackup(targetDir: string): Promise<void> {
    await runAsPostgres("rm", ["-rf", targetDir]);
    await runAsPostgres(`${BIN}/pg_basebackup`, [
      ...[
        "-D",
        targetDir,
        "-h",
        "127.0.0.1",
        "-p",
        String(this.spec.port),
        "-U",
        "postgres",
        "-X",
        "stream",
        "-c",
        "fast",
      ],
    ]);
  }

  async start(): Promise<void> {
    this.sandbox.assertOpen(`${this.spec.name} database`);
    // The region on the command line, not in a file: standbys and restores copy the source's files, and a copied
    // region would make the stand-in of aurora_global_db_instance_status() name the wrong one.
    const opts =
      `-p ${this.spec.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.sandbox.dir}` +
      ` -c ${REGION_SETTING}=${this.spec.name}`;
    await runAsPostgres(
      `${BIN}/pg_ctl`,
      ["-D", this.dataDir, "-l", this.logFile, "-w", "-t", "120", "-o", opts, "start"],
      130_000,
    );
    this.pid = Number(
      readFileSync(path.join(this.dataDir, "postmaster.pid"), "utf8").split("\n")[0],
    );
    this.sandbox.pids.add(this.pid);
  }

  /** `immediate` is the fault (no checkpoint, no goodbye to the standby); `fast` is a planned stop. */
  async stop(mode: "immediate" | "fast"): Promise<void> {
    if (!this.pid) return;
    await runAsPostgres(
      `${BIN}/pg_ctl`,
      ["-D", this.dataDir, "-m", mode, "-w", "-t", "60", "stop"],
      70_000,
    ).catch((e: Error) => {
      if (!/not running|No such file|does not exist|Is server running/i.test(e.message)) throw e;
    });
    this.pid = undefined;
  }

  get running(): boolean {
    return this.pid !== undefined;
  }

  async query<T = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    timeoutMs = 3000,
  ): Promise<T[]> {
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: 60_000,
    });
    client.on("error", () => undefined);
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async isInRecovery(): Promise<boolean> {
    return (await this.query<{ r: boolean }>("SELECT pg_is_in_recovery() AS r"))[0]?.r === true;
  }

  /** pg_promote waits (up to 60 s) until the server accepts writes. */
  async promote(): Promise<void> {
    const rows = await this.query<{ ok: boolean }>("SELECT pg_promote(true, 60) AS ok", [], 5000);
    if (!rows[0]?.ok) throw new Error(`${this.spec.name}: pg_promote did not finish`);
  }

  /** Waits until the standby has replayed everything `primary` has written so far. */
  async waitCaughtUp(primary: PgCluster, timeoutMs: number): Promise<void> {
    const [{ lsn }] = await primary.query<{ lsn: string }>(
      "SELECT pg_current_wal_lsn()::text AS lsn",
    );
    await waitFor(
      `${this.spec.name} to replay ${lsn}`,
      async () => {
        const [r] = await this.query<{ ok: boolean }>(
          "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok",
          [lsn],
        );
        return r?.ok ? true : undefined;
      },
      timeoutMs,
    );
  }

  /** Waits until the server accepts connections and (optionally) has left recovery. */
  async waitReady(opts: {
    writable: boolean;
    timeoutMs: number;
    signal?: AbortSignal;
  }): Promise<void> {
    await waitFor(
      `${this.spec.name} database ${opts.writable ? "writable" : "up"}`,
      async () => ((await this.isInRecovery()) && opts.writable ? undefined : true),
      opts.timeoutMs,
      100,
      opts.signal,
    );
  }

  private async wipe(): Promise<void> {
    await runAsPostgres("rm", ["-rf", this.dataDir]);
  }

  private async appendConf(file: string, settings: Record<string, string>): Promise<void> {
    const lines = Object.entries(settings).map(([k, v]) => `${k} = ${v}`);
    // tee -a as postgres: the data directory is 0700 and owned by postgres.
    await runAsPostgres("sh", [
      "-c",
      `printf '%s\\n' "$@" >> ${path.join(this.dataDir, file)}`,
      "sh",
      ...lines,
    ]);
  }
}

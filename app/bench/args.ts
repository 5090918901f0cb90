/**
 * The storefront benchmark's command line, through the repository's one CLI layer: it takes no flags (its knobs
 * are the BENCH_* environment variables), but answers --help and refuses what it does not know.
 */
import { parseOrExit } from "../../scripts/cli/args";

export const USAGE = `usage: npm run bench -w app

Benchmarks the storefront against a bare Fastify route (GET /api/products) and times POST /api/orders at fixed
rates against the PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).

Environment: BENCH_SECONDS (per phase, default 5), BENCH_DATABASE_URL.

  -h, --help    print this help

Exit status: 0 the runs completed with no request errors, 1 errors or a crash, 2 a usage error.`;

export function parseBenchArgs(argv: string[]): void {
  parseOrExit({ name: "bench", usage: USAGE, options: {} }, argv);
}

/**
 * One PGlite per mocha process: its first start costs seconds (WASM compilation). The close is a root-level
 * after() hook, registered once when this module is first imported.
 */
import { runMigrations } from "../../src/orders/migrations";
import { PgliteDb } from "../../src/orders/pgliteDb";

let shared: Promise<PgliteDb> | undefined;

export function sharedPglite(): Promise<PgliteDb> {
  shared ??= PgliteDb.open("memory").then(async (db) => {
    await runMigrations(db);
    return db;
  });
  return shared;
}

after(async () => {
  if (shared) await (await shared).close();
});

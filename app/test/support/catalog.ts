/** A dynalite-backed catalog with the seed loaded, reached through the real DynamoDB SDK. */
import { DynamoCatalog, createDynamoClient } from "../../src/catalog/dynamoCatalog";
import { ensureTable, startDynalite } from "../../src/catalog/embeddedDynamo";
import { seedIfEmpty } from "../../src/catalog/seed";

export interface CatalogFixture {
  catalog: DynamoCatalog;
  endpoint: string;
  close(): Promise<void>;
}

export async function createCatalogFixture(table = "catalog-test"): Promise<CatalogFixture> {
  const dyn = await startDynalite();
  const opts = { table, region: "us-east-1", endpoint: dyn.endpoint, kind: "dynalite" as const };
  const client = createDynamoClient(opts);
  await ensureTable(client, table);
  const catalog = new DynamoCatalog(opts, client);
  await seedIfEmpty(client, table);
  return {
    catalog,
    endpoint: dyn.endpoint,
    close: async () => {
      client.destroy();
      await dyn.close();
    },
  };
}

/**
 * In-process dynalite for runs with no DynamoDB configured. It speaks the DynamoDB wire protocol on loopback, so
 * the catalog code (SDK v3) is the same as in AWS; only the endpoint differs.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

// dynalite ships no types; this is the part of its API we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (opts: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  path?: string;
}) => Server;

export interface EmbeddedDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/** `createTableMs`: how long a new table stays CREATING (0 here; tests lengthen it to model DynamoDB's). */
export async function startDynalite(
  opts: { createTableMs?: number } = {},
): Promise<EmbeddedDynamo> {
  const server = dynalite({
    createTableMs: opts.createTableMs ?? 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * Creates the catalog table (on-demand, `id` hash key) unless it exists, and returns once it is ACTIVE.
 * CreateTable answers while the table is still CREATING, and reads and writes before ACTIVE fail with
 * ResourceNotFoundException (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html);
 * dynalite does the same, going ACTIVE on a timer (dynalite/actions/createTable.js), so a seed sent at once raced
 * it. The SDK's TableExists waiter polls DescribeTable until ACTIVE, its first check at once.
 */
export async function ensureTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    const found = await client.send(new DescribeTableCommand({ TableName: table }));
    // An existing ACTIVE table needs no second DescribeTable from the waiter.
    if (found.Table?.TableStatus === "ACTIVE") return;
  } catch (err) {
    if ((err as Error).name !== "ResourceNotFoundException") throw err;
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.5 },
    { TableName: table },
  );
}

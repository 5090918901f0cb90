/**
 * The catalog as a service of its own for the benchmark: dynalite in a separate process, as DynamoDB is a
 * separate service in AWS. Embedded in the storefront's process (its no-config default), dynalite would spend the
 * storefront's event loop on DynamoDB's side of each BatchGetItem too. Prints the endpoint once the table exists.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable, startDynalite } from "../src/catalog/embeddedDynamo";

async function main(): Promise<void> {
  const dynamo = await startDynalite();
  const client = new DynamoDBClient({
    region: "us-east-1",
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(client, process.env.CATALOG_TABLE ?? "securecart-catalog");
  client.destroy();
  process.stdout.write(`${dynamo.endpoint}\n`);
  process.on("SIGTERM", () => void dynamo.close().then(() => process.exit(0)));
}

main().catch((err: Error) => {
  process.stderr.write(`catalog service: ${err.message}\n`);
  process.exit(1);
});

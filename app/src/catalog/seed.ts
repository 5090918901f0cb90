/**
 * The seed catalog: 50 deterministic products (ids p001..p050) so local runs, tests and the benchmark can name
 * products without looking them up. Written only when the table is empty, so a restart never resets stock.
 */
import {
  BatchWriteItemCommand,
  BatchWriteItemCommandOutput,
  DynamoDBClient,
  ScanCommand,
  WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { Product } from "./catalog";

const CATEGORIES = ["kitchen", "garden", "office", "outdoor", "audio"] as const;
const NOUNS: Record<(typeof CATEGORIES)[number], string[]> = {
  kitchen: [
    "Chef Knife",
    "Cast Iron Pan",
    "Pepper Mill",
    "Cutting Board",
    "Tea Kettle",
    "Mixing Bowl",
    "Whisk",
    "Dutch Oven",
    "Spatula",
    "Coffee Grinder",
  ],
  garden: [
    "Pruning Shears",
    "Watering Can",
    "Trowel",
    "Hose Reel",
    "Seed Tray",
    "Rake",
    "Planter",
    "Gloves",
    "Compost Bin",
    "Sprinkler",
  ],
  office: [
    "Desk Lamp",
    "Notebook",
    "Fountain Pen",
    "Monitor Stand",
    "Stapler",
    "Desk Mat",
    "Pen Holder",
    "Letter Tray",
    "Whiteboard",
    "Chair Cushion",
  ],
  outdoor: [
    "Tent",
    "Sleeping Bag",
    "Headlamp",
    "Water Bottle",
    "Camp Stove",
    "Trail Map",
    "Backpack",
    "Hammock",
    "Compass",
    "Rain Jacket",
  ],
  audio: [
    "Headphones",
    "Speaker",
    "Turntable",
    "Microphone",
    "Earbuds",
    "Amplifier",
    "Soundbar",
    "Radio",
    "Cable Kit",
    "Audio Interface",
  ],
};

export function seedProducts(): Product[] {
  const products: Product[] = [];
  let n = 0;
  for (const category of CATEGORIES) {
    for (const noun of NOUNS[category]) {
      n++;
      products.push({
        id: `p${String(n).padStart(3, "0")}`,
        name: noun,
        description: `A dependable ${noun.toLowerCase()} from the SecureCart ${category} range.`,
        // Deterministic spread of prices from $4.99 upwards, in integer cents.
        priceCents: 499 + ((n * 737) % 20000),
        currency: "USD",
        stock: 1000 + ((n * 31) % 500),
        category,
      });
    }
  }
  return products;
}

/** Writes the seed if the table holds no products yet; returns how many were written. */
export async function seedIfEmpty(client: DynamoDBClient, table: string): Promise<number> {
  const probe = await client.send(new ScanCommand({ TableName: table, Limit: 1 }));
  if ((probe.Items ?? []).length > 0) return 0;
  const products = seedProducts();
  for (let i = 0; i < products.length; i += 25) {
    let pending: WriteRequest[] | undefined = products
      .slice(i, i + 25)
      .map((p) => ({ PutRequest: { Item: marshall(p) } }));
    while (pending && pending.length > 0) {
      const out: BatchWriteItemCommandOutput = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
      );
      pending = out.UnprocessedItems?.[table];
    }
  }
  return products.length;
}

/**
 * Catalog on DynamoDB through the SDK's low-level client, with items converted by @aws-sdk/util-dynamodb
 * (marshall / unmarshall, the converter the Document client itself uses). Not the Document client: it refuses
 * `cacheMiddleware` ("cacheMiddleware=true is not compatible with the DynamoDBDocumentClient", thrown by
 * lib-dynamodb; see awsHttp.ts), and its marshalling middleware ran on every call too. The endpoint is
 * overridable, which is how the embedded dynalite and DynamoDB Local are reached with the very same code path as
 * AWS.
 */
import {
  AttributeValue,
  BatchGetItemCommand,
  BatchGetItemCommandOutput,
  DynamoDBClient,
  GetItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { sdkClientOptions } from "../awsHttp";
import { BackendUnavailableError, HttpError } from "../errors";
import { Catalog, Product, ProductPage } from "./catalog";
import { CursorCodec } from "./cursor";

export interface DynamoCatalogOptions {
  table: string;
  region: string;
  endpoint?: string;
  kind?: "dynamodb" | "dynalite";
  /** Per-request timeout (1.5 s), so a dead or silent endpoint fails fast into a 503 and a failing deep health check. */
  requestTimeoutMs?: number;
  /** Secret for the cursors' MAC, the same for every task of every region (catalog/cursor.ts). Defaults to a constant. */
  cursorSecret?: string;
}

/**
 * Bounded (DESIGN.md, Storefront, "Failing backends"; see awsHttp.ts): connect 1 s, request 1.5 s, and
 * `maxAttempts` 2 (one retry with the SDK's standard backoff), so a silent endpoint costs about 3 s, inside the
 * 5 s a request may take before its 503.
 */
export function createDynamoClient(opts: DynamoCatalogOptions): DynamoDBClient {
  const local = opts.endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID;
  return new DynamoDBClient({
    region: opts.region,
    endpoint: opts.endpoint,
    ...sdkClientOptions({
      connectMs: 1000,
      requestMs: opts.requestTimeoutMs ?? 1500,
      maxAttempts: 2,
    }),
    // dynalite and DynamoDB Local accept any signature; a bare machine has no AWS credentials to find.
    credentials: local ? { accessKeyId: "local", secretAccessKey: "local" } : undefined,
  });
}

export class DynamoCatalog implements Catalog {
  readonly kind: "dynamodb" | "dynalite";
  readonly endpoint: string;
  private readonly cursors: CursorCodec;

  constructor(
    private readonly opts: DynamoCatalogOptions,
    readonly client: DynamoDBClient = createDynamoClient(opts),
  ) {
    this.kind = opts.kind ?? "dynamodb";
    this.endpoint = opts.endpoint ?? `dynamodb.${opts.region}.amazonaws.com/${opts.table}`;
    this.cursors = new CursorCodec(opts.table, opts.cursorSecret);
  }

  async list(limit: number, cursor?: string): Promise<ProductPage> {
    const startKey = cursor === undefined ? undefined : marshall(this.cursors.decode(cursor));
    const out = await this.call(() =>
      this.client.send(
        new ScanCommand({ TableName: this.opts.table, Limit: limit, ExclusiveStartKey: startKey }),
      ),
    );
    const items = (out.Items ?? []).map(toProduct);
    // The cursor carries the key in its plain form ({id}), as it did under the Document client.
    return out.LastEvaluatedKey
      ? { items, nextCursor: this.cursors.encode(unmarshall(out.LastEvaluatedKey)) }
      : { items };
  }

  async get(id: string): Promise<Product | undefined> {
    const out = await this.call(() =>
      this.client.send(new GetItemCommand({ TableName: this.opts.table, Key: { id: { S: id } } })),
    );
    return out.Item ? toProduct(out.Item) : undefined;
  }

  async getMany(ids: string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, AttributeValue>[] | undefined = unique
        .slice(i, i + 100)
        .map((id) => ({ id: { S: id } }));
      // BatchGet may return UnprocessedKeys under throttling; loop until every key is answered.
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        const RequestItems = { [this.opts.table]: { Keys: keys, ConsistentRead: true } };
        const out: BatchGetItemCommandOutput = await this.call(() =>
          this.client.send(new BatchGetItemCommand({ RequestItems })),
        );
        for (const item of out.Responses?.[this.opts.table] ?? []) {
          const product = toProduct(item);
          found.set(product.id, product);
        }
        keys = out.UnprocessedKeys?.[this.opts.table]?.Keys;
      }
      // Keys still unanswered are a throttled table, not unknown products: a 503 the client retries, never a 422.
      if (keys && keys.length > 0)
        throw new BackendUnavailableError("catalog", "catalog unavailable", {
          cause: new Error(`BatchGetItem left ${keys.length} keys unprocessed after 5 attempts`),
        });
    }
    return found;
  }

  async related(id: string, limit: number): Promise<Product[]> {
    const self = await this.get(id);
    if (!self) return [];
    const related: Product[] = [];
    let cursor: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.call(() =>
        this.client.send(
          new ScanCommand({
            TableName: this.opts.table,
            FilterExpression: "category = :c AND id <> :id",
            ExpressionAttributeValues: marshall({ ":c": self.category, ":id": id }),
            ExclusiveStartKey: cursor,
          }),
        ),
      );
      related.push(...(out.Items ?? []).map(toProduct));
      cursor = out.LastEvaluatedKey;
    } while (cursor && related.length < limit);
    return related.sort((a, b) => a.id.localeCompare(b.id)).slice(0, limit);
  }

  async ping(): Promise<void> {
    await this.call(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.opts.table, Key: { id: { S: "__ping__" } } }),
      ),
    );
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      // Every catalog call carries a client's value (an id, a cursor's key). Schemas and the cursor check keep them
      // within DynamoDB's rules, so a ValidationException here means a value slipped through: the client's input,
      // refused (400), not an outage. Its text names attributes and limits, so it stays in the log (via cause).
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.MessagesAndCodes
      if ((err as Error).name === "ValidationException") {
        throw new HttpError(400, "the catalog refused a value of this request", { cause: err });
      }
      throw new BackendUnavailableError("catalog", "catalog unavailable", { cause: err });
    }
  }
}

function toProduct(raw: Record<string, AttributeValue>): Product {
  const item = unmarshall(raw);
  return {
    id: String(item.id),
    name: String(item.name ?? ""),
    description: String(item.description ?? ""),
    priceCents: Number(item.priceCents),
    currency: String(item.currency ?? "USD"),
    stock: Number(item.stock ?? 0),
    category: String(item.category ?? ""),
  };
}

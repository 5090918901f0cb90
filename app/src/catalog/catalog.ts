/** The product catalog as the routes see it; DynamoDB in AWS, dynalite when embedded. */
import type { Product, ProductPage } from "../schemas";

export type { Product, ProductPage };

export interface Catalog {
  readonly kind: "dynamodb" | "dynalite";
  readonly endpoint: string;
  list(limit: number, cursor?: string): Promise<ProductPage>;
  /**
   * The page `list` would answer, if it is already in memory (a memo); undefined otherwise. Lets the route reply
   * in the same turn of the event loop, without a promise, on the hot path.
   */
  listCached?(limit: number, cursor?: string): ProductPage | undefined;
  get(id: string): Promise<Product | undefined>;
  /** Strongly consistent batch read for pricing and stock checks at checkout. */
  getMany(ids: string[]): Promise<Map<string, Product>>;
  /** Products of the same category as `id`, excluding it: the source of recommendations. */
  related(id: string, limit: number): Promise<Product[]>;
  ping(): Promise<void>;
}

export { BadCursorError } from "./cursor";

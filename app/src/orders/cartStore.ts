/**
 * Carts live next to orders in SQL: they are small, written rarely, and the region role fences them the same way.
 * Adding an item that is already in the cart adds to its quantity, capped at 100, in one atomic upsert.
 */
import type { Cart } from "../schemas";
import { Db } from "./db";
import { DbEndpoints } from "./dbEndpoints";

export type { Cart };

export const MAX_CART_QUANTITY = 100;

export class CartStore {
  private readonly dbs: DbEndpoints;

  constructor(db: Db | DbEndpoints) {
    this.dbs = db instanceof DbEndpoints ? db : DbEndpoints.single(db);
  }

  async addItem(
    cartId: string,
    productId: string,
    quantity: number,
    priceCents: number,
  ): Promise<Cart> {
    const writer = this.dbs.writer;
    await writer.query(
      `INSERT INTO cart_items (cart_id, product_id, quantity, price_cents)
       VALUES ($1, $2, LEAST($3::integer, ${MAX_CART_QUANTITY}), $4)
       ON CONFLICT (cart_id, product_id) DO UPDATE
         SET quantity = LEAST(cart_items.quantity + EXCLUDED.quantity, ${MAX_CART_QUANTITY}),
             price_cents = EXCLUDED.price_cents,
             updated_at = now()`,
      [cartId, productId, quantity, priceCents],
    );
    // The response shows the cart just written: read it where it was written, not from a lagging replica.
    return this.read(writer, cartId);
  }

  /** GET /api/carts/:cartId: lag-tolerant in a recovery region only (see DbEndpoints.forReads). */
  async get(cartId: string): Promise<Cart> {
    return this.read(this.dbs.forReads(), cartId);
  }

  private async read(db: Db, cartId: string): Promise<Cart> {
    const rows = await db.query<{
      product_id: string;
      quantity: number;
      price_cents: string | number;
    }>(
      `SELECT product_id, quantity, price_cents FROM cart_items WHERE cart_id = $1 ORDER BY product_id`,
      [cartId],
    );
    const items = rows.map((r) => ({
      productId: r.product_id,
      quantity: Number(r.quantity),
      priceCents: Number(r.price_cents),
    }));
    return {
      id: cartId,
      items,
      totalCents: items.reduce((s, i) => s + i.priceCents * i.quantity, 0),
    };
  }
}

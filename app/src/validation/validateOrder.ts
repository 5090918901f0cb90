/**
 * Order validation and fraud scoring, as one pure function.
 *
 * It is shared by the storefront (in-process) and the order-validation Lambda (src/functions/validateOrder.ts), so
 * it must stay free of imports: the Lambda bundle is this file compiled on its own. The caller gathers the facts
 * (catalog snapshot, the customer's recent order count) and this module only decides.
 */

export interface Address {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface OrderRequest {
  customerId: string;
  items: { productId: string; quantity: number }[];
  shippingAddress: Address;
  billingAddress?: Address;
}

/** The catalog's view of a product; the only source of prices. */
export interface CatalogFacts {
  id: string;
  priceCents: number;
  currency: string;
  stock: number;
}

export interface ValidationInput {
  order: OrderRequest;
  /** Catalog entries for the ordered products, keyed by id; a missing key means the product does not exist. */
  products: Record<string, CatalogFacts | undefined>;
  /** Orders this customer placed within `limits.velocityWindowMinutes`. */
  recentOrderCount: number;
  limits?: Partial<Limits>;
}

export interface Limits {
  maxQuantityPerLine: number;
  maxUnitsPerOrder: number;
  maxLines: number;
  velocityWindowMinutes: number;
  velocityMaxOrders: number;
  /** Totals at or above this add to the fraud score. */
  amountReviewCents: number;
  /** Totals at or above this are refused outright. */
  amountLimitCents: number;
  fraudThreshold: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxQuantityPerLine: 100,
  maxUnitsPerOrder: 500,
  maxLines: 50,
  velocityWindowMinutes: 10,
  velocityMaxOrders: 5,
  amountReviewCents: 500_000,
  amountLimitCents: 5_000_000,
  fraudThreshold: 70,
};

export interface Reason {
  code: string;
  message: string;
}

export interface PricedLine {
  productId: string;
  quantity: number;
  priceCents: number;
}

export interface ValidationResult {
  ok: boolean;
  reasons: Reason[];
  lines: PricedLine[];
  totalCents: number;
  currency: string;
  fraudScore: number;
}

/** Weights of the fraud signals; a sum at or above `fraudThreshold` refuses the order. */
const FRAUD_WEIGHTS = {
  velocity: 60,
  amount: 40,
  countryMismatch: 40,
  postalMismatch: 20,
} as const;

export function validateOrder(input: ValidationInput): ValidationResult {
  const limits: Limits = { ...DEFAULT_LIMITS, ...(input.limits ?? {}) };
  const reasons: Reason[] = [];
  const { order } = input;

  // Duplicate lines are merged so that limits apply to what is actually bought.
  const merged = new Map<string, number>();
  for (const item of order.items)
    merged.set(item.productId, (merged.get(item.productId) ?? 0) + item.quantity);

  if (merged.size === 0)
    reasons.push({ code: "EMPTY_ORDER", message: "an order needs at least one item" });
  if (merged.size > limits.maxLines) {
    reasons.push({
      code: "TOO_MANY_LINES",
      message: `an order may have at most ${limits.maxLines} lines`,
    });
  }

  const lines: PricedLine[] = [];
  const currencies = new Set<string>();
  let units = 0;
  for (const [productId, quantity] of merged) {
    units += quantity;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > limits.maxQuantityPerLine) {
      reasons.push({
        code: "QUANTITY_LIMIT",
        message: `quantity of ${productId} must be 1 to ${limits.maxQuantityPerLine} (got ${quantity})`,
      });
    }
    const product = input.products[productId];
    if (!product) {
      reasons.push({ code: "UNKNOWN_PRODUCT", message: `product ${productId} does not exist` });
      continue;
    }
    if (!Number.isInteger(product.priceCents) || product.priceCents < 0) {
      reasons.push({
        code: "PRICE_UNAVAILABLE",
        message: `product ${productId} has no valid catalog price`,
      });
      continue;
    }
    if (product.stock < quantity) {
      reasons.push({
        code: "OUT_OF_STOCK",
        message: `only ${Math.max(product.stock, 0)} of ${productId} in stock (asked ${quantity})`,
      });
    }
    currencies.add(product.currency);
    // The price is always the catalog's; whatever the client sent was dropped before we got here.
    lines.push({ productId, quantity, priceCents: product.priceCents });
  }
  if (units > limits.maxUnitsPerOrder) {
    reasons.push({
      code: "QUANTITY_LIMIT",
      message: `an order may hold at most ${limits.maxUnitsPerOrder} units`,
    });
  }
  if (currencies.size > 1) {
    reasons.push({
      code: "MIXED_CURRENCY",
      message: "all products of an order must share one currency",
    });
  }

  const totalCents = lines.reduce((sum, l) => sum + l.priceCents * l.quantity, 0);
  if (totalCents >= limits.amountLimitCents) {
    reasons.push({
      code: "AMOUNT_LIMIT",
      message: `order total ${totalCents} cents exceeds the limit of ${limits.amountLimitCents - 1}`,
    });
  }

  const fraud = fraudSignals(input, totalCents, limits);
  const fraudScore = fraud.reduce((s, f) => s + f.weight, 0);
  if (fraudScore >= limits.fraudThreshold) {
    for (const f of fraud)
      reasons.push({ code: f.code, message: `${f.message} (fraud score ${fraudScore})` });
  }

  return {
    ok: reasons.length === 0,
    reasons,
    lines,
    totalCents,
    currency: [...currencies][0] ?? "USD",
    fraudScore,
  };
}

interface Signal extends Reason {
  weight: number;
}

function fraudSignals(input: ValidationInput, totalCents: number, limits: Limits): Signal[] {
  const signals: Signal[] = [];
  if (input.recentOrderCount >= limits.velocityMaxOrders) {
    signals.push({
      code: "FRAUD_VELOCITY",
      message: `${input.recentOrderCount} orders in the last ${limits.velocityWindowMinutes} minutes`,
      weight: FRAUD_WEIGHTS.velocity,
    });
  }
  if (totalCents >= limits.amountReviewCents) {
    signals.push({
      code: "FRAUD_AMOUNT",
      message: `order total ${totalCents} cents is above the review threshold`,
      weight: FRAUD_WEIGHTS.amount,
    });
  }
  const ship = input.order.shippingAddress;
  const bill = input.order.billingAddress;
  if (bill && bill.country.toUpperCase() !== ship.country.toUpperCase()) {
    signals.push({
      code: "FRAUD_ADDRESS_MISMATCH",
      message: `billing country ${bill.country} differs from shipping country ${ship.country}`,
      weight: FRAUD_WEIGHTS.countryMismatch,
    });
  } else if (bill && normalize(bill.postalCode) !== normalize(ship.postalCode)) {
    signals.push({
      code: "FRAUD_ADDRESS_MISMATCH",
      message: "billing postal code differs from shipping postal code",
      weight: FRAUD_WEIGHTS.postalMismatch,
    });
  }
  return signals;
}

function normalize(s: string): string {
  return s.replace(/\s+/g, "").toUpperCase();
}

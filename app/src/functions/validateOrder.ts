/**
 * AWS Lambda entry point for order validation and fraud checks.
 *
 * The storefront invokes it with the same ValidationInput it would pass to the in-process module, so the two paths
 * cannot drift. Only relative imports: the compiled dist/functions + dist/validation folders are the whole bundle.
 */
import { validateOrder, ValidationInput, ValidationResult } from "../validation/validateOrder";

export async function handler(event: ValidationInput): Promise<ValidationResult> {
  if (!event || typeof event !== "object" || !event.order || !Array.isArray(event.order.items)) {
    return {
      ok: false,
      reasons: [{ code: "BAD_EVENT", message: "event must be a ValidationInput with order.items" }],
      lines: [],
      totalCents: 0,
      currency: "USD",
      fraudScore: 0,
    };
  }
  return validateOrder({
    ...event,
    products: event.products ?? {},
    recentOrderCount: event.recentOrderCount ?? 0,
  });
}

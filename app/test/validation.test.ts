import assert from "node:assert/strict";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/functions/validateOrder";
import {
  CatalogFacts,
  OrderRequest,
  validateOrder,
  ValidationInput,
} from "../src/validation/validateOrder";
import { LambdaValidator } from "../src/validation/validator";

const products: Record<string, CatalogFacts> = {
  a: { id: "a", priceCents: 1000, currency: "USD", stock: 10 },
  b: { id: "b", priceCents: 250, currency: "USD", stock: 0 },
  rich: { id: "rich", priceCents: 400_000, currency: "USD", stock: 100 },
  eur: { id: "eur", priceCents: 100, currency: "EUR", stock: 5 },
};
const ship = { name: "A", line1: "1 St", city: "Paris", postalCode: "75001", country: "FR" };

function input(
  order: Partial<OrderRequest>,
  extra: Partial<ValidationInput> = {},
): ValidationInput {
  return {
    order: {
      customerId: "c1",
      items: [{ productId: "a", quantity: 1 }],
      shippingAddress: ship,
      ...order,
    },
    products,
    recentOrderCount: 0,
    ...extra,
  };
}
const codes = (i: ValidationInput) => validateOrder(i).reasons.map((r) => r.code);

describe("app: order validation and fraud rules", () => {
  it("prices lines from the catalog and totals them in cents", () => {
    const r = validateOrder(input({ items: [{ productId: "a", quantity: 3 }] }));
    assert.equal(r.ok, true);
    assert.deepEqual(r.lines, [{ productId: "a", quantity: 3, priceCents: 1000 }]);
    assert.equal(r.totalCents, 3000);
    assert.equal(r.currency, "USD");
  });

  it("merges duplicate lines before applying limits", () => {
    const r = validateOrder(
      input({
        items: [
          { productId: "a", quantity: 60 },
          { productId: "a", quantity: 50 },
        ],
      }),
    );
    assert.deepEqual(r.reasons.map((x) => x.code).sort(), ["OUT_OF_STOCK", "QUANTITY_LIMIT"]);
  });

  it("refuses unknown products, missing stock and mixed currencies, each with a reason", () => {
    assert.deepEqual(codes(input({ items: [{ productId: "nope", quantity: 1 }] })), [
      "UNKNOWN_PRODUCT",
    ]);
    assert.deepEqual(codes(input({ items: [{ productId: "b", quantity: 1 }] })), ["OUT_OF_STOCK"]);
    assert.deepEqual(
      codes(
        input({
          items: [
            { productId: "a", quantity: 1 },
            { productId: "eur", quantity: 1 },
          ],
        }),
      ),
      ["MIXED_CURRENCY"],
    );
    for (const reason of validateOrder(input({ items: [{ productId: "b", quantity: 2 }] }))
      .reasons) {
      assert.ok(reason.message.length > 0);
    }
  });

  it("enforces quantity limits per line and per order", () => {
    assert.deepEqual(codes(input({ items: [{ productId: "a", quantity: 0 }] })), [
      "QUANTITY_LIMIT",
    ]);
    assert.deepEqual(codes(input({ items: [{ productId: "a", quantity: 101 }] })), [
      "QUANTITY_LIMIT",
      "OUT_OF_STOCK",
    ]);
    assert.ok(
      codes(
        input({ items: [{ productId: "a", quantity: 5 }] }, { limits: { maxUnitsPerOrder: 4 } }),
      ).includes("QUANTITY_LIMIT"),
    );
  });

  it("scores fraud: velocity alone passes below threshold, velocity + address mismatch refuses", () => {
    assert.equal(
      validateOrder(input({}, { recentOrderCount: 5 })).ok,
      true,
      "velocity alone scores 60 < 70",
    );
    const billing = { ...ship, country: "US" };
    const r = validateOrder(input({ billingAddress: billing }, { recentOrderCount: 5 }));
    assert.equal(r.ok, false);
    assert.equal(r.fraudScore, 100);
    assert.deepEqual(
      r.reasons.map((x) => x.code),
      ["FRAUD_VELOCITY", "FRAUD_ADDRESS_MISMATCH"],
    );
  });

  it("scores fraud: high amount + address mismatch refuses; over the hard limit always refuses", () => {
    const billing = { ...ship, country: "US" };
    const r = validateOrder(
      input({ items: [{ productId: "rich", quantity: 2 }], billingAddress: billing }),
    );
    assert.deepEqual(
      r.reasons.map((x) => x.code),
      ["FRAUD_AMOUNT", "FRAUD_ADDRESS_MISMATCH"],
    );
    assert.deepEqual(codes(input({ items: [{ productId: "rich", quantity: 13 }] })), [
      "AMOUNT_LIMIT",
    ]);
    assert.equal(
      validateOrder(input({ items: [{ productId: "rich", quantity: 2 }] })).ok,
      true,
      "amount alone is 40",
    );
  });

  it("a different billing postal code alone is a weak signal", () => {
    const r = validateOrder(input({ billingAddress: { ...ship, postalCode: "75002" } }));
    assert.equal(r.ok, true);
    assert.equal(r.fraudScore, 20);
  });
});

describe("app: order-validation Lambda", () => {
  it("handler runs the shared module", async () => {
    const r = await handler(input({ items: [{ productId: "a", quantity: 2 }] }));
    assert.equal(r.ok, true);
    assert.equal(r.totalCents, 2000);
  });

  it("handler refuses a malformed event with a reason instead of throwing", async () => {
    const r = await handler({} as ValidationInput);
    assert.equal(r.ok, false);
    assert.equal(r.reasons[0]?.code, "BAD_EVENT");
  });

  it("LambdaValidator invokes the function with the input and returns its verdict", async () => {
    const lambda = mockClient(LambdaClient);
    try {
      const verdict = validateOrder(input({ items: [{ productId: "b", quantity: 1 }] }));
      lambda.on(InvokeCommand).resolves({
        StatusCode: 200,
        Payload: new TextEncoder().encode(JSON.stringify(verdict)) as never,
      });
      const v = new LambdaValidator({
        functionName: "validate-order",
        client: new LambdaClient({ region: "us-east-1" }),
      });
      const r = await v.validate(input({ items: [{ productId: "b", quantity: 1 }] }));
      assert.deepEqual(
        r.reasons.map((x) => x.code),
        ["OUT_OF_STOCK"],
      );
      const call = lambda.commandCalls(InvokeCommand)[0]!;
      assert.equal(call.args[0].input.FunctionName, "validate-order");
      const sent = JSON.parse(
        new TextDecoder().decode(call.args[0].input.Payload as Uint8Array),
      ) as ValidationInput;
      assert.equal(sent.order.items[0]?.productId, "b");
    } finally {
      lambda.restore();
    }
  });

  it("LambdaValidator falls back to the in-process module when the invoke fails", async () => {
    const lambda = mockClient(LambdaClient);
    try {
      lambda.on(InvokeCommand).rejects(new Error("throttled"));
      const failures: unknown[] = [];
      const v = new LambdaValidator({
        functionName: "validate-order",
        client: new LambdaClient({ region: "us-east-1" }),
        onFallback: (e) => failures.push(e),
      });
      const r = await v.validate(input({ items: [{ productId: "a", quantity: 1 }] }));
      assert.equal(r.ok, true);
      assert.equal(failures.length, 1);
    } finally {
      lambda.restore();
    }
  });
});

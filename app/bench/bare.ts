/**
 * The baseline: a bare Fastify route returning static JSON (same JSON shape as a small product page), serialized
 * once, as the storefront serializes a catalog page once per memo entry; the ratio then measures what the
 * storefront adds per request (routing, hooks, request ids, metrics, the memo), not JSON.stringify.
 */
import Fastify from "fastify";

const payload = {
  items: Array.from({ length: 20 }, (_, i) => ({
    id: `p${String(i + 1).padStart(3, "0")}`,
    name: "Chef Knife",
    description: "A dependable chef knife from the SecureCart kitchen range.",
    priceCents: 1236,
    currency: "USD",
    stock: 1031,
    category: "kitchen",
  })),
  nextCursor: "eyJpZCI6InAwMjAifQ",
};
const body = JSON.stringify(payload);
const app = Fastify();
app.get("/api/products", async (_req, reply) =>
  reply.type("application/json; charset=utf-8").send(body),
);
app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" }).catch((err) => {
  process.stderr.write(String(err));
  process.exit(1);
});
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));

// One probe of a region's /health/deep, shared by the Lambdas in this folder (each bundles this file).
import https from "node:https";

/**
 * Whether the region behind `host` (its own ALB, reached as the shop by SNI and Host) answers its deep check
 * with the orders database up: true only for a 200 whose body says `checks.orders.ok`. Anything else, a
 * timeout or a refused connection included, is false.
 */
export function probe({ host, domain, timeoutMs = 5000, request = https.get }) {
  return new Promise((resolve) => {
    const req = request({ host, servername: domain, path: "/health/deep", headers: { host: domain, accept: "application/json" }, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        try {
          resolve(res.statusCode === 200 && JSON.parse(body)?.checks?.orders?.ok === true);
        } catch {
          resolve(false);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(false));
  });
}

/** The switch reader against a loopback S3 GetObject stand-in: the real SDK path, path-style, bounded. */
import assert from "node:assert/strict";
import { s3SwitchReader } from "../src/region/s3Switch";
import { S3Stub, startS3Stub } from "./support/s3Stub";

describe("app: routing switch reader (S3 GetObject)", () => {
  let s3: S3Stub;
  let reader: ReturnType<typeof s3SwitchReader>;

  before(async () => {
    s3 = await startS3Stub();
    reader = s3SwitchReader({
      bucket: "securecart-routing-a1b2",
      key: "routing/primary",
      region: "eu-west-1",
      endpoint: s3.endpoint,
      timeoutMs: 400,
    });
  });
  after(async () => {
    reader?.close();
    await s3?.close();
  });
  beforeEach(() => {
    s3.fault = undefined;
    s3.requests.length = 0;
    s3.objects.clear();
  });

  it("reads the body with one path-style GET of /<bucket>/<key>", async () => {
    s3.objects.set("securecart-routing-a1b2/routing/primary", "primary=off");
    assert.equal(await reader.read(), "primary=off");
    assert.deepEqual(
      s3.requests.map((r) => [r.method, r.url.split("?")[0]]),
      [["GET", "/securecart-routing-a1b2/routing/primary"]],
    );
  });

  it("answers undefined for a missing object (NoSuchKey)", async () => {
    assert.equal(await reader.read(), undefined);
  });

  it("a server error fails after exactly 2 attempts", async () => {
    s3.fault = "error-500";
    await assert.rejects(reader.read(), (err: Error) => err.name === "InternalError");
    assert.equal(s3.requests.length, 2);
  });

  it("a server that never answers fails within the read timeout", async () => {
    s3.fault = "hang";
    const started = Date.now();
    await assert.rejects(reader.read());
    const ms = Date.now() - started;
    assert.ok(ms >= 350 && ms < 1500, `took ${ms} ms`);
  });
});

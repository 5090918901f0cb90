/**
 * A local stand-in of S3's GetObject for the routing switch, so the drill's storefronts poll it exactly as they
 * poll S3 in AWS (app/src/region/s3Switch.ts, path-style through S3_ENDPOINT).
 *
 * Follows "GetObject" (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html): `GET /<bucket>/<key>`
 * answers 200 with the object's bytes, and a key that does not exist answers 404 with an XML error whose Code is
 * NoSuchKey (error responses: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). It checks no
 * signature and serves one object, whose body comes from the router's in-memory switch.
 */
import http from "node:http";

export interface SwitchObject {
  readonly bucket: string;
  readonly key: string;
  /** The object's body now, or undefined when it does not exist. */
  readonly read: () => string | undefined;
}

export class S3StandIn {
  private server?: http.Server;
  port = 0;

  constructor(private readonly object: SwitchObject) {}

  /** The S3_ENDPOINT the storefronts use. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The WRITE_FENCE_S3_URI of the object. */
  get uri(): string {
    return `s3://${this.object.bucket}/${this.object.key}`;
  }

  async listen(): Promise<void> {
    const path = `/${this.object.bucket}/${this.object.key}`;
    this.server = http.createServer((req, res) => {
      const url = decodeURIComponent((req.url ?? "").split("?")[0]);
      const body = req.method === "GET" && url === path ? this.object.read() : undefined;
      if (body === undefined) {
        const code = req.method === "GET" ? "NoSuchKey" : "MethodNotAllowed";
        const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message></Error>`;
        res
          .writeHead(req.method === "GET" ? 404 : 405, { "content-type": "application/xml" })
          .end(doc);
        return;
      }
      res
        .writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) })
        .end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const a = this.server.address();
    this.port = typeof a === "object" && a ? a.port : 0;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

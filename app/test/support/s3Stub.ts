/**
 * A loopback HTTP server answering path-style S3 GetObject (`GET /<bucket>/<key>`) from a map, with faults on
 * demand, for the write fence's tests. Each request is recorded.
 */
import http from "node:http";
import { AddressInfo } from "node:net";

export type Fault = "error-500" | "hang" | undefined;

export interface S3Stub {
  readonly endpoint: string;
  readonly objects: Map<string, string>;
  readonly requests: { method: string; url: string }[];
  fault: Fault;
  close(): Promise<void>;
}

export async function startS3Stub(): Promise<S3Stub> {
  const objects = new Map<string, string>();
  const requests: { method: string; url: string }[] = [];
  const stub = { objects, requests, fault: undefined as Fault };
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "" });
    if (stub.fault === "hang") return; // never answers: the client's timeout must end the read
    const xml = (status: number, code: string): void => {
      const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message></Error>`;
      res.writeHead(status, { "content-type": "application/xml" }).end(doc);
    };
    if (stub.fault === "error-500") return xml(500, "InternalError");
    const body = objects.get(decodeURIComponent((req.url ?? "").split("?")[0].slice(1)));
    if (body === undefined) return xml(404, "NoSuchKey");
    res
      .writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  });
}

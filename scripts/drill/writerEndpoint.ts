/**
 * Active-active's write path: a TCP "global writer endpoint" (like Aurora Global Database's), so both regions'
 * storefronts send SQL to whichever cluster is the writer. Promotion re-points it and cuts the old connections,
 * which the storefront's pool treats as a lost connection and re-dials.
 */
import net from "node:net";

export class WriterEndpoint {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private targetPort: number) {}

  get target(): number {
    return this.targetPort;
  }

  url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async listen(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, "127.0.0.1");
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => (client.destroy(), upstream.destroy()));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const a = this.server.address();
    this.port = typeof a === "object" && a ? a.port : 0;
  }

  /** Points the endpoint at the promoted cluster; existing sessions belonged to the old writer, so they end. */
  retarget(port: number): void {
    this.targetPort = port;
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

/**
 * A loopback TCP proxy in front of a real backend (PostgreSQL, Redis) that can fail the way networks do:
 * - `forward`: pass bytes both ways;
 * - `blackhole`: keep every socket open (new ones are accepted too) but drop all bytes, like a server or a
 *   security group that silently stops answering: the client sees no error, only silence;
 * - `refuse`: close the listener so connects get ECONNREFUSED, and reset the open sockets.
 * `connections()` counts the client sockets currently open, so a test can see that nothing leaked.
 */
import net from "node:net";

export type ProxyMode = "forward" | "blackhole" | "refuse";

export interface TcpProxy {
  readonly port: number;
  mode(): ProxyMode;
  setMode(mode: ProxyMode): Promise<void>;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(
  target: { host: string; port: number },
  initial: ProxyMode = "forward",
): Promise<TcpProxy> {
  let mode: ProxyMode = initial;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    const end = () => {
      sockets.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (d) => mode === "forward" && upstream.write(d));
    upstream.on("data", (d) => mode === "forward" && client.write(d));
    for (const s of [client, upstream]) s.on("error", end).on("close", end);
  });
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  const unlisten = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  await listen();
  port = (server.address() as net.AddressInfo).port;
  if (initial === "refuse") await unlisten();
  return {
    port,
    mode: () => mode,
    async setMode(next) {
      if (next === "refuse") {
        const closing = unlisten();
        for (const s of sockets) s.resetAndDestroy();
        await closing;
      } else if (!server.listening) {
        await listen();
      }
      mode = next;
    },
    connections: () => sockets.size,
    async close() {
      for (const s of sockets) s.destroy();
      await unlisten();
    },
  };
}

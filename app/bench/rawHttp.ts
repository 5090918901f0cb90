/**
 * The load generator's HTTP/1.1 client: keep-alive sockets, one request at a time on each (no pipelining, as a
 * browser sends them), responses framed by Content-Length (RFC 9112 §6.3) and nothing else.
 *
 * Why not node:http: the generator shares this machine's two cores with the storefront, PostgreSQL and the
 * catalog, and http.request (a ClientRequest, header objects and an IncomingMessage stream per request) cost about
 * 0.6 ms of CPU per order in the 500 req/s run, CPU taken from the server it measures. This client writes one
 * prebuilt buffer and reads the status line and one header. A response it cannot frame (chunked, no length) is an
 * error, not a guess.
 */
import net from "node:net";

export interface RawResponse {
  status: number;
}

interface Pending {
  resolve: (r: RawResponse) => void;
  reject: (e: Error) => void;
}

const HEADER_END = Buffer.from("\r\n\r\n");

class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private pending?: Pending;
  private readonly socket: net.Socket;
  dead = false;

  constructor(host: string, port: number, onFree: (c: Connection) => void, onGone: () => void) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on("data", (d: Buffer) => this.onData(d, onFree));
    const fail = (err: Error) => {
      this.dead = true;
      const p = this.pending;
      this.pending = undefined;
      p?.reject(err);
    };
    this.socket.on("error", fail);
    this.socket.on("close", () => {
      fail(new Error("connection closed before the response"));
      onGone();
    });
  }

  send(request: Buffer, p: Pending): void {
    this.pending = p;
    this.socket.write(request);
  }

  private onData(d: Buffer, onFree: (c: Connection) => void): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, d]) : d;
    const end = this.buffered.indexOf(HEADER_END);
    if (end < 0) return;
    const head = this.buffered.subarray(0, end).toString("latin1");
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const closeAfter = /\r\nconnection:\s*close/i.test(head);
    if (!length)
      return this.destroy(new Error(`response without Content-Length: ${head.split("\r\n")[0]}`));
    const total = end + HEADER_END.length + Number(length[1]);
    if (this.buffered.length < total) return;
    if (this.buffered.length > total) return this.destroy(new Error("bytes after the response"));
    this.buffered = Buffer.alloc(0);
    const p = this.pending;
    this.pending = undefined;
    if (closeAfter) this.destroy();
    else onFree(this);
    p?.resolve({ status });
  }

  destroy(err?: Error): void {
    if (err && this.pending) {
      const p = this.pending;
      this.pending = undefined;
      p.reject(err);
    }
    this.dead = true;
    this.socket.destroy();
  }
}

/** Up to `maxSockets` keep-alive connections to one server; requests beyond them wait for a free one. */
export class RawHttpClient {
  private readonly idle: Connection[] = [];
  private readonly waiting: (() => void)[] = [];
  private open = 0;
  private readonly host: string;
  private readonly port: number;

  constructor(
    url: string,
    private readonly maxSockets: number,
  ) {
    const u = new URL(url);
    if (u.protocol !== "http:")
      throw new Error(`RawHttpClient speaks plain http only (got ${u.protocol})`);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
  }

  static encode(method: string, path: string, headers: Record<string, string>, body = ""): Buffer {
    const payload = Buffer.from(body);
    const lines = [`${method} ${path} HTTP/1.1`, "host: bench"];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    lines.push(`content-length: ${payload.length}`, "", "");
    return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), payload]);
  }

  /** Sends one encoded request; rejects on a socket error or after `timeoutMs`, destroying that socket. */
  async request(encoded: Buffer, timeoutMs: number): Promise<RawResponse> {
    const conn = await this.acquire();
    return new Promise<RawResponse>((resolve, reject) => {
      const timer = setTimeout(() => conn.destroy(new TimeoutError(timeoutMs)), timeoutMs);
      conn.send(encoded, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  close(): void {
    for (const c of this.idle) c.destroy();
    this.idle.length = 0;
  }

  private acquire(): Promise<Connection> {
    for (let c = this.idle.pop(); c; c = this.idle.pop()) if (!c.dead) return Promise.resolve(c);
    if (this.open < this.maxSockets) {
      this.open++;
      const conn = new Connection(
        this.host,
        this.port,
        (c) => this.release(c),
        () => this.gone(),
      );
      return Promise.resolve(conn);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.acquire())));
  }

  private release(c: Connection): void {
    this.idle.push(c);
    this.waiting.shift()?.();
  }

  /** A socket closed (by either side): its slot is free for a new connection. */
  private gone(): void {
    this.open--;
    this.waiting.shift()?.();
  }
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no response within ${ms} ms`);
  }
}

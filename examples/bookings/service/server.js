// The bookings service's stand-in: the runtime contract a tier expects of its container (DESIGN.md contract 4):
// port 8080, /healthz (the process answers) and /health/deep (its database answers), stopping on SIGTERM.
const http = require("node:http");
const net = require("node:net");

/** Whether the database accepts a TCP connection within 2 s: what "deep" means for this small service. */
function databaseAnswers() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: process.env.DB_HOST ?? "127.0.0.1", port: 5432 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

const server = http.createServer(async (req, res) => {
  if (req.url === "/healthz") return res.writeHead(200).end("ok");
  if (req.url === "/health/deep") {
    const ok = await databaseAnswers();
    return res.writeHead(ok ? 200 : 503).end(ok ? "ok" : "database unreachable");
  }
  res.writeHead(404).end();
});
server.listen(8080);
process.on("SIGTERM", () => server.close(() => process.exit(0)));

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL, Redis), so a test can take
 * the server "down" for the application — cut every connection and refuse new ones — and
 * bring it back, without touching the server other tests use.
 */
import { createServer, connect, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Cut all connections and refuse new ones until `up()`. */
  down(): void;
  up(): void;
  /**
   * Keep every connection open and accept new ones, but pass nothing on, either way, until
   * `up()`: a server that hangs (the application's commands time out) rather than one that is gone.
   */
  hang(): void;
  /** Connections refused while down, plus chunks swallowed while hung: the calls that got no answer. */
  unanswered(): number;
  close(): Promise<void>;
}

export function startTcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let isUp = true;
  let hung = false;
  let unanswered = 0;
  const server = createServer((client) => {
    if (!isUp) {
      unanswered++;
      client.destroy();
      return;
    }
    if (hung) {
      // Accepted and never answered; dropped by up() so the client reconnects through the proxy.
      sockets.add(client);
      client.on("error", () => client.destroy()).on("close", () => sockets.delete(client));
      client.on("data", () => unanswered++);
      return;
    }
    const upstream = connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.on("data", (chunk) => (hung ? unanswered++ : upstream.write(chunk)));
    upstream.on("data", (chunk) => hung || client.write(chunk));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        port,
        down() {
          isUp = false;
          for (const s of sockets) s.destroy();
          sockets.clear();
        },
        up() {
          isUp = true;
          if (hung) {
            hung = false;
            // Whatever a hung connection swallowed is lost: close them all, as a restarted server would.
            for (const s of sockets) s.destroy();
            sockets.clear();
          }
        },
        hang() {
          hung = true;
        },
        unanswered: () => unanswered,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * A TCP pass-through on 127.0.0.1 that counts the connections a client opens: its server's
 * 'connection' events. Sitting in front of the fake server, it measures the client's socket use
 * without reaching into the fake's internals.
 */
import net from "node:net";

export interface CountingProxy {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Most connections open at the same time. */
  readonly peakOpen: number;
  readonly open: number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  let open = 0;
  let peakOpen = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    open++;
    peakOpen = Math.max(peakOpen, open);
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once("close", () => {
      open--;
      sockets.delete(client);
      end();
    });
    upstream.once("close", () => {
      sockets.delete(upstream);
      end();
    });
    client.on("error", end);
    upstream.on("error", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    get connections() {
      return connections;
    },
    get peakOpen() {
      return peakOpen;
    },
    get open() {
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

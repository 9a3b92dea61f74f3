/**
 * A node:http server on 127.0.0.1 that answers every request with whatever the test set last:
 * the property tests use it to hand the client arbitrary bodies, which the fake MiniMax (modelled
 * on the real service) never sends.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface ScriptedServer {
  readonly url: string;
  reply: ScriptedReply;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const received: ReceivedRequest[] = [];
  const state: { reply: ScriptedReply } = { reply: { status: 200, body: "" } };
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    req.on("end", () => {
      const { status, headers, body } = state.reply;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get reply() {
      return state.reply;
    },
    set reply(next) {
      state.reply = next;
    },
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

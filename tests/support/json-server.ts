// Test support shared by the Wikimedia and Wikidata source plugins' tests: a real HTTP server on 127.0.0.1
// (ephemeral port) that answers JSON from the handler a test gives it, and the real HTTP client with waits that
// are recorded instead of slept.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpClient, type HttpClientOptions, type NodeHttpClient } from "@cityindex/http";
import { afterEach } from "vitest";

/** The contact the tests' HTTP client puts in its User-Agent. */
export const CONTACT = "mailto:tests@example.org";

/** One request the server received. */
export interface Hit {
  method: string;
  /** The raw request target, exactly as sent. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What a handler answers: status, body and headers. */
export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** A server on 127.0.0.1 (ephemeral port), closed after the current test. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request received, in order. */
  hits: Hit[];
}

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of running.splice(0)) await close();
});

/** Starts a server that answers each request with `handler`. */
export async function startServer(handler: (hit: Hit) => Reply): Promise<TestServer> {
  const hits: Hit[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit: Hit = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      hits.push(hit);
      const reply = handler(hit);
      res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  running.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { origin: `http://127.0.0.1:${port}`, hits };
}

/** The real HTTP client with a test contact, short backoff and waits that are recorded instead of slept. */
export function testHttp(options: HttpClientOptions = {}): { http: NodeHttpClient; sleeps: number[] } {
  const sleeps: number[] = [];
  const http = createHttpClient({
    contact: CONTACT,
    maxAttempts: 3,
    backoffBaseMs: 1,
    backoffMaxMs: 2,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { http, sleeps };
}

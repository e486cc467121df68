// Test support shared by the web source plugins' tests (plugins/source-*/test): a real HTTP server on 127.0.0.1
// (ephemeral port) that plays a web API from the handler a test gives it, and the real HTTP client pointed at it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpClient, type HttpClientOptions, type NodeHttpClient } from "@cityindex/http";
import { afterEach } from "vitest";
import type { RecordingContext } from "./source-testing.js";

/** One request the server received. */
export interface Hit {
  method: string;
  /** Path and query string. */
  url: string;
  /** The decoded query parameters. */
  params: Record<string, string>;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What a handler answers: a status, a content type and a body. */
export interface Answer {
  status?: number;
  type?: string;
  body: string;
  headers?: Record<string, string>;
}

/** Answers a request; `hit` is its number, 1 for the first. */
export type Handler = (hit: Hit, n: number) => Answer;

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request received, in order. */
  hits: Hit[];
  /** Stops the server. */
  close(): Promise<void>;
}

const running: TestServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

/** Starts a server that answers with `handler`. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const hits: Hit[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      const params = Object.fromEntries(new URL(url, "http://127.0.0.1").searchParams);
      const hit: Hit = {
        method: req.method ?? "",
        url,
        params,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      hits.push(hit);
      const answer = handler(hit, hits.length);
      res.writeHead(answer.status ?? 200, {
        "content-type": answer.type ?? "application/json; charset=utf-8",
        ...answer.headers,
      });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  const test: TestServer = {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  running.push(test);
  return test;
}

/** The time every response is stamped with. */
export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

/** The real client, with a small rate limit for 127.0.0.1, quick retries and a fixed clock. */
export function testClient(ctx: RecordingContext, options: HttpClientOptions = {}): NodeHttpClient {
  return createHttpClient({
    contact: "mailto:test@example.org",
    hosts: { "127.0.0.1": { minIntervalMs: 2, concurrency: 1 } },
    backoffBaseMs: 1,
    backoffMaxMs: 4,
    maxAttempts: 3,
    logger: ctx.logger,
    now: () => NOW,
    env: {},
    ...options,
  });
}

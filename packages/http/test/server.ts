// A real HTTP server on 127.0.0.1 (ephemeral port) for the client's tests, and a fake clock.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/** One request the server received. */
export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** The test clock's time when it arrived. */
  at: number;
}

/** What a handler is given: the request, its body, and the number of this hit (1 for the first). */
export type Handler = (req: IncomingMessage, res: ServerResponse, body: string, hit: number) => void;

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request received, in order. */
  hits: Hit[];
  /** Most requests in flight at once so far. */
  maxInFlight: () => number;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const running: TestServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

/** Starts a server that answers with `handler`; `clock` stamps each hit (default `Date.now`). */
export async function startServer(handler: Handler, clock: () => number = Date.now): Promise<TestServer> {
  const hits: Hit[] = [];
  let inFlight = 0;
  let most = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      hits.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: clock() });
      inFlight++;
      most = Math.max(most, inFlight);
      res.on("close", () => inFlight--);
      handler(req, res, body, hits.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  const test: TestServer = {
    origin: `http://127.0.0.1:${port}`,
    hits,
    maxInFlight: () => most,
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

/** Sends `status` with a text body and optional headers. */
export function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(body);
}

/** A fake clock whose `sleep` records the wait and moves the clock on at once. */
export function fakeTime(start = Date.UTC(2025, 0, 15, 12, 0, 0)) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
  };
}

/** A logger that keeps every line as `level message`. */
export function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      debug: (m: string) => lines.push(`debug ${m}`),
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
    },
  };
}

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHttpClient, HttpError, type HttpEvent } from "../src/index.js";
import { fakeTime, recordingLogger, reply, startServer } from "./server.js";

const half = () => 0.5;

describe("retries", () => {
  it("retries a 503 after a jittered backoff, then returns the answer", async () => {
    const time = fakeTime();
    const server = await startServer((_req, res, _body, hit) =>
      hit === 1 ? reply(res, 503, "busy") : reply(res, 200, "ok: 42"),
    );
    const events: HttpEvent[] = [];
    const http = createHttpClient({
      ...time,
      random: half,
      onEvent: (e) => events.push(e),
      contact: "t@e.org",
    });
    const res = await http.request({ url: `${server.origin}/value` });
    expect(res.status).toBe(200);
    expect(res.text).toBe("ok: 42");
    expect(res.fromCache).toBe(false);
    expect(res.url).toBe(`${server.origin}/value`);
    expect(res.hash).toBe(`sha256:${createHash("sha256").update("ok: 42").digest("hex")}`);
    expect(res.retrieved).toBe(new Date(time.now()).toISOString());
    expect(server.hits).toHaveLength(2);
    // Full jitter: the first retry draws from [0, 500); 0.5 gives 250.
    expect(time.sleeps).toEqual([250]);
    expect(events.filter((e) => e.type === "retry")).toEqual([
      {
        type: "retry",
        method: "GET",
        url: `${server.origin}/value`,
        attempt: 1,
        delayMs: 250,
        reason: "HTTP 503",
      },
    ]);
  });

  it("waits as long as Retry-After asks, in seconds or as an HTTP-date, capped by maxRetryAfterMs", async () => {
    const time = fakeTime();
    const answers = [
      () => ["3"],
      () => [new Date(time.now() + 7000).toUTCString()],
      () => ["3600"], // more than the cap
    ];
    let round = 0;
    const server = await startServer((_req, res, _body, hit) => {
      if (hit % 2 === 1) {
        const [value] = answers[round++]!();
        reply(res, 429, "slow down", { "retry-after": value! });
      } else reply(res, 200, "fine");
    });
    const http = createHttpClient({ ...time, random: half, maxRetryAfterMs: 10_000, contact: "t@e.org" });
    for (let i = 0; i < 3; i++)
      expect((await http.request({ url: `${server.origin}/r${i}` })).text).toBe("fine");
    expect(time.sleeps).toEqual([3000, 7000, 10_000]);
    expect(server.hits).toHaveLength(6);
  });

  it("abandons an attempt that takes longer than the timeout and retries it", async () => {
    const server = await startServer((_req, res, _body, hit) => {
      if (hit === 1) setTimeout(() => reply(res, 200, "too late"), 2000);
      else reply(res, 200, "in time");
    });
    const events: HttpEvent[] = [];
    const time = fakeTime();
    const http = createHttpClient({
      sleep: time.sleep,
      random: half,
      timeoutMs: 150,
      onEvent: (e) => events.push(e),
      contact: "t@e.org",
    });
    const started = Date.now();
    const res = await http.request({ url: `${server.origin}/slow` });
    expect(res.text).toBe("in time");
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.hits).toHaveLength(2);
    expect(events.find((e) => e.type === "failure")).toMatchObject({ failure: "timeout", attempt: 1 });
  });

  it("gives up after maxAttempts with an error naming the URL, status, attempts and the body", async () => {
    const time = fakeTime();
    const server = await startServer((_req, res) => reply(res, 503, "overloaded,\n  try   later"));
    const { logger, lines } = recordingLogger();
    const http = createHttpClient({ ...time, random: half, maxAttempts: 3, logger, contact: "t@e.org" });
    const url = `${server.origin}/v1/cities?q=chengdu`;
    const error = await http.request({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const e = error as HttpError;
    expect(e.message).toBe(`GET ${url} failed: HTTP 503 after 3 attempts: \`overloaded, try later\``);
    expect([e.status, e.attempts, e.url, e.failure, e.code]).toEqual([503, 3, url, "status", "http-status"]);
    expect(server.hits).toHaveLength(3);
    expect(time.sleeps).toEqual([250, 500]);
    expect(lines.filter((l) => l.startsWith("info"))).toEqual([
      `info GET ${url}: HTTP 503; retrying in 250 ms (attempt 2 of 3)`,
      `info GET ${url}: HTTP 503; retrying in 500 ms (attempt 3 of 3)`,
    ]);
  });

  it("does not retry a 4xx that is not a rate limit", async () => {
    const server = await startServer((_req, res) => reply(res, 400, "bad filter"));
    const http = createHttpClient({ ...fakeTime(), contact: "t@e.org" });
    const e = (await http.request({ url: `${server.origin}/x` }).catch((x: unknown) => x)) as HttpError;
    expect([e.status, e.attempts, e.excerpt]).toEqual([400, 1, "bad filter"]);
    expect(server.hits).toHaveLength(1);
  });

  it("retries network errors and then reports them", async () => {
    const server = await startServer((_req, res) => reply(res, 200, ""));
    const url = `${server.origin}/gone`;
    await server.close();
    const time = fakeTime();
    const http = createHttpClient({ ...time, random: half, maxAttempts: 2, contact: "t@e.org" });
    const e = (await http.request({ url }).catch((x: unknown) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.failure).toBe("network");
    expect(e.attempts).toBe(2);
    expect(e.message).toMatch(
      new RegExp(`^GET ${url} failed: network error \\(.*ECONNREFUSED.*\\) after 2 attempts$`),
    );
    expect(time.sleeps).toEqual([250]);
  });

  it("stops waiting when the client's signal aborts", async () => {
    const server = await startServer((_req, res) => reply(res, 503, "busy"));
    const controller = new AbortController();
    const http = createHttpClient({
      signal: controller.signal,
      backoffBaseMs: 60_000,
      random: () => 0.99,
      contact: "t@e.org",
      onEvent: (e) => {
        if (e.type === "retry") controller.abort(new Error("stopped by the user"));
      },
    });
    const started = Date.now();
    await expect(http.request({ url: `${server.origin}/x` })).rejects.toThrow("stopped by the user");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.hits).toHaveLength(1);
  });
});

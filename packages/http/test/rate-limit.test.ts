import { describe, expect, it } from "vitest";
import { createHttpClient, DEFAULT_HOST_LIMITS, hostLimitFor } from "../src/index.js";
import { fakeTime, reply, startServer } from "./server.js";

describe("per-host spacing", () => {
  it("starts requests to one host at least minIntervalMs apart (fake clock, exact)", async () => {
    const time = fakeTime();
    const server = await startServer((_req, res) => reply(res, 200, "ok"), time.now);
    const http = createHttpClient({
      ...time,
      hosts: { "127.0.0.1": { minIntervalMs: 5000, concurrency: 1 } },
      contact: "t@e.org",
    });
    const t0 = time.now();
    await Promise.all([1, 2, 3].map((i) => http.request({ url: `${server.origin}/q${i}` })));
    expect(server.hits.map((h) => h.at - t0)).toEqual([0, 5000, 10_000]);
    expect(server.hits.map((h) => h.url)).toEqual(["/q1", "/q2", "/q3"]);
    expect(time.sleeps).toEqual([5000, 5000]);
  });

  it("counts retries as starts, and a later request waits only what is left of the interval", async () => {
    const time = fakeTime();
    const server = await startServer(
      (_req, res, _b, hit) => (hit === 1 ? reply(res, 503, "busy") : reply(res, 200, "ok")),
      time.now,
    );
    const http = createHttpClient({
      ...time,
      random: () => 0.5,
      hosts: { "127.0.0.1": { minIntervalMs: 1000 } },
      contact: "t@e.org",
    });
    const t0 = time.now();
    await http.request({ url: `${server.origin}/a` }); // 503 at 0, backoff 250, then spacing up to 1000
    time.advance(400);
    await http.request({ url: `${server.origin}/b` }); // last start at 1000, now 1400: waits 600
    expect(server.hits.map((h) => h.at - t0)).toEqual([0, 1000, 2000]);
    expect(time.sleeps).toEqual([250, 750, 600]);
  });

  it("spaces requests in real time too", async () => {
    const server = await startServer((_req, res) => reply(res, 200, "ok"));
    const http = createHttpClient({ hosts: { "127.0.0.1": { minIntervalMs: 200 } }, contact: "t@e.org" });
    await Promise.all([1, 2, 3].map((i) => http.request({ url: `${server.origin}/q${i}` })));
    const at = server.hits.map((h) => h.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(150);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(150);
  });
});

describe("concurrency caps", () => {
  it("keeps at most `concurrency` requests in flight to one host", async () => {
    const server = await startServer((_req, res) => setTimeout(() => reply(res, 200, "ok"), 40));
    const http = createHttpClient({ hosts: { "127.0.0.1": { concurrency: 2 } }, contact: "t@e.org" });
    const all = await Promise.all(
      Array.from({ length: 6 }, (_, i) => http.request({ url: `${server.origin}/${i}` })),
    );
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(server.hits).toHaveLength(6);
    expect(server.maxInFlight()).toBe(2);
  });

  it("keeps at most `concurrency` requests in flight over all hosts", async () => {
    let inFlight = 0;
    let most = 0;
    const handler = (_req: unknown, res: Parameters<typeof reply>[0]) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        reply(res, 200, "ok");
      }, 40);
    };
    const a = await startServer(handler);
    const b = await startServer(handler);
    const http = createHttpClient({ concurrency: 3, defaultHost: { concurrency: 4 }, contact: "t@e.org" });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => http.request({ url: `${i % 2 ? a.origin : b.origin}/${i}` })),
    );
    expect(a.hits.length + b.hits.length).toBe(8);
    expect(most).toBe(3);
    expect(a.maxInFlight()).toBeGreaterThanOrEqual(1);
  });
});

describe("host limits", () => {
  it("has polite defaults for known hosts, by host or parent domain", () => {
    expect(DEFAULT_HOST_LIMITS["api.gdeltproject.org"]).toEqual({ minIntervalMs: 5000, concurrency: 1 });
    expect(hostLimitFor("api.gdeltproject.org")).toEqual({ minIntervalMs: 5000, concurrency: 1 });
    expect(hostLimitFor("API.GDELTPROJECT.ORG.")).toEqual({ minIntervalMs: 5000, concurrency: 1 });
    expect(hostLimitFor("wikimedia.org")).toEqual({ minIntervalMs: 100, concurrency: 2 });
    expect(hostLimitFor("commons.wikimedia.org")).toEqual({ minIntervalMs: 100, concurrency: 2 });
    expect(hostLimitFor("notwikimedia.org")).toEqual({ minIntervalMs: 0, concurrency: 4 });
    expect(hostLimitFor("query.wikidata.org").minIntervalMs).toBe(1000);
    expect(hostLimitFor("overpass-api.de").concurrency).toBe(1);
    expect(hostLimitFor("api.openalex.org").minIntervalMs).toBe(100);
  });

  it("merges overrides over the defaults, the longest matching key winning", () => {
    const hosts = { "api.gdeltproject.org": { minIntervalMs: 6000 }, "example.org": { concurrency: 1 } };
    expect(hostLimitFor("api.gdeltproject.org", hosts)).toEqual({ minIntervalMs: 6000, concurrency: 1 });
    expect(hostLimitFor("data.example.org", hosts, { minIntervalMs: 10, concurrency: 3 })).toEqual({
      minIntervalMs: 10,
      concurrency: 1,
    });
    expect(hostLimitFor("elsewhere.net", hosts, { minIntervalMs: 10 })).toEqual({
      minIntervalMs: 10,
      concurrency: 4,
    });
  });

  it("refuses a bad limit at once", () => {
    expect(() => createHttpClient({ hosts: { "a.org": { concurrency: 0 } } })).toThrow(
      "`hosts` `a.org` concurrency must be an integer > 0, got `0`",
    );
    expect(() => createHttpClient({ timeoutMs: -1 })).toThrow("`timeoutMs` must be a number > 0, got `-1`");
  });
});

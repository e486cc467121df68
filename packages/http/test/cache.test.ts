import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CACHE_FORMAT, cacheKey, createHttpClient, HttpError, ResponseCache } from "../src/index.js";
import { fakeTime, recordingLogger, reply, startServer } from "./server.js";

const dirs: string[] = [];
async function cacheDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cityindex-http-cache-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Every file under `dir`, relative, sorted. */
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe("response cache", () => {
  it("answers a repeated request from disk, with the original retrieval time and hash", async () => {
    const time = fakeTime();
    const dir = await cacheDir();
    const server = await startServer((_req, res, _b, hit) => reply(res, 200, `answer ${hit}`));
    const http = createHttpClient({ ...time, cacheDir: dir, contact: "t@e.org" });
    const url = `${server.origin}/works?filter=city:chengdu`;
    const first = await http.request({ url });
    time.advance(86_400_000);
    const second = await http.request({ url });
    expect(server.hits).toHaveLength(1);
    expect(second).toEqual({ ...first, fromCache: true });
    expect(second.text).toBe("answer 1");
    expect(second.retrieved).toBe("2025-01-15T12:00:00.000Z");

    const key = cacheKey({ method: "GET", url });
    expect(await files(dir)).toEqual([join(key.slice(0, 2), `${key}.json`)]);
    const entry = JSON.parse(await readFile(join(dir, key.slice(0, 2), `${key}.json`), "utf8"));
    expect(entry).toMatchObject({
      format: CACHE_FORMAT,
      key,
      request: { method: "GET", url },
      response: { status: 200, text: "answer 1", retrieved: first.retrieved, hash: first.hash },
    });

    // A new client (a later run) reads the same file.
    const later = createHttpClient({ cacheDir: dir, contact: "t@e.org" });
    expect((await later.request({ url })).text).toBe("answer 1");
    expect(server.hits).toHaveLength(1);
  });

  it("keys on method, URL, body and headers", async () => {
    const dir = await cacheDir();
    const server = await startServer((_req, res, body, hit) => reply(res, 200, `${hit}:${body}`));
    const http = createHttpClient({ cacheDir: dir, contact: "t@e.org" });
    const url = `${server.origin}/sparql`;
    await http.request({ url, method: "POST", body: "SELECT 1" });
    await http.request({ url, method: "POST", body: "SELECT 2" });
    await http.request({ url, method: "POST", body: "SELECT 1", headers: { Accept: "text/csv" } });
    await http.request({ url, method: "POST", body: "SELECT 1", headers: { accept: "text/csv" } });
    await http.request({ url, method: "POST", body: "SELECT 1" });
    expect(server.hits.map((h) => h.body)).toEqual(["SELECT 1", "SELECT 2", "SELECT 1"]);
    expect(await files(dir)).toHaveLength(3);
    expect(cacheKey({ method: "GET", url, headers: { B: "1", a: "2" } })).toBe(
      cacheKey({ method: "GET", url, headers: { a: "2", b: "1" } }),
    );
  });

  it("fetches again and rewrites the cache in refresh mode; ignores it when off or per request", async () => {
    const dir = await cacheDir();
    const server = await startServer((_req, res, _b, hit) => reply(res, 200, `answer ${hit}`));
    const url = `${server.origin}/v`;
    await createHttpClient({ cacheDir: dir, contact: "t@e.org" }).request({ url });
    const refreshed = await createHttpClient({
      cacheDir: dir,
      cacheMode: "refresh",
      contact: "t@e.org",
    }).request({
      url,
    });
    expect(refreshed).toMatchObject({ text: "answer 2", fromCache: false });
    expect(server.hits).toHaveLength(2);
    const used = await createHttpClient({ cacheDir: dir, contact: "t@e.org" }).request({ url });
    expect(used).toMatchObject({ text: "answer 2", fromCache: true });
    expect(server.hits).toHaveLength(2);

    const off = await createHttpClient({ cacheDir: dir, cacheMode: "off", contact: "t@e.org" }).request({
      url,
    });
    expect(off.text).toBe("answer 3");
    const bypass = createHttpClient({ cacheDir: dir, contact: "t@e.org" });
    expect((await bypass.request({ url, cache: false })).text).toBe("answer 4");
    expect((await bypass.request({ url: `${url}?other`, cache: false })).text).toBe("answer 5");
    expect(await files(dir)).toHaveLength(1); // neither `off` nor `cache: false` wrote anything
    expect((await bypass.request({ url })).text).toBe("answer 2");
    // `cache: "refresh"` on one request asks the network and keeps the new answer.
    expect(await bypass.request({ url, cache: "refresh" })).toMatchObject({
      text: "answer 6",
      fromCache: false,
    });
    expect(await bypass.request({ url })).toMatchObject({ text: "answer 6", fromCache: true });
    expect(server.hits).toHaveLength(6);
    await expect(bypass.request({ url, cache: "sometimes" as never })).rejects.toThrow(
      'http request: `cache` must be true, false or "refresh", got `sometimes`',
    );
  });

  it("returns and caches a status the request accepts, such as a 404 meaning no data", async () => {
    const dir = await cacheDir();
    const server = await startServer((_req, res) => reply(res, 404, "no such city"));
    const http = createHttpClient({ cacheDir: dir, contact: "t@e.org" });
    const url = `${server.origin}/city/atlantis`;
    const res = await http.request({ url, acceptStatus: [404] });
    expect([res.status, res.text, res.fromCache]).toEqual([404, "no such city", false]);
    const again = await http.request({ url, acceptStatus: [404] });
    expect([again.status, again.fromCache]).toEqual([404, true]);
    expect(server.hits).toHaveLength(1);
    // A request that does not accept a 404 is not answered by the cached one: it asks, and fails.
    const e = (await http.request({ url }).catch((x: unknown) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect([e.status, e.attempts]).toEqual([404, 1]);
    expect(server.hits).toHaveLength(2);
  });

  it("never caches a failure", async () => {
    const dir = await cacheDir();
    let healthy = false;
    const server = await startServer((_req, res) =>
      healthy ? reply(res, 200, "back") : reply(res, 500, "down"),
    );
    const http = createHttpClient({ ...fakeTime(), cacheDir: dir, maxAttempts: 2, contact: "t@e.org" });
    const url = `${server.origin}/v`;
    await expect(http.request({ url })).rejects.toThrow(`GET ${url} failed: HTTP 500 after 2 attempts`);
    expect(await files(dir)).toEqual([]);
    healthy = true;
    expect(await http.request({ url })).toMatchObject({ text: "back", fromCache: false });
    expect(server.hits).toHaveLength(3);
    expect(await files(dir)).toHaveLength(1);
  });

  it("ignores a damaged cache file with a warning, and replaces it", async () => {
    const dir = await cacheDir();
    const server = await startServer((_req, res) => reply(res, 200, "fresh"));
    const url = `${server.origin}/v`;
    const key = cacheKey({ method: "GET", url });
    const cache = new ResponseCache(dir);
    await cache.write({
      format: CACHE_FORMAT,
      key,
      request: { method: "GET", url },
      response: {
        status: 200,
        headers: {},
        retrieved: "2020-01-01T00:00:00.000Z",
        hash: "sha256:00",
        text: "old",
      },
    });
    const { logger, lines } = recordingLogger();
    const http = createHttpClient({ cacheDir: dir, logger, contact: "t@e.org" });
    expect((await http.request({ url })).text).toBe("fresh");
    expect(lines).toContain(
      `warn ignoring the damaged cache file ${cache.file(key)}: the body does not match its hash`,
    );
    await writeFile(cache.file(key), "{ not json");
    expect((await http.request({ url })).text).toBe("fresh");
    expect(lines).toContain(`warn ignoring the damaged cache file ${cache.file(key)}: not JSON`);
    expect(await http.request({ url })).toMatchObject({ text: "fresh", fromCache: true });
    expect(server.hits).toHaveLength(2);
    expect((await files(dir)).some((f) => f.endsWith(".tmp"))).toBe(false);
  });

  it("keeps working when the cache cannot be written", async () => {
    const dir = await cacheDir();
    const blocked = join(dir, "file");
    await writeFile(blocked, "not a folder");
    const server = await startServer((_req, res) => reply(res, 200, "ok"));
    const { logger, lines } = recordingLogger();
    const http = createHttpClient({ cacheDir: blocked, logger, contact: "t@e.org" });
    expect((await http.request({ url: `${server.origin}/v` })).text).toBe("ok");
    expect(lines.some((l) => l.startsWith(`warn cannot write the response cache at ${blocked}`))).toBe(true);
  });
});

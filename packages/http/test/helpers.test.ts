import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  createHttpClient,
  HTTP_VERSION,
  PROJECT_URL,
  parseRetryAfter,
  redact,
  responseProvenance,
  userAgent,
} from "../src/index.js";
import { recordingLogger, reply, startServer } from "./server.js";

describe("backoffDelay", () => {
  it("draws from [0, min(max, base · 2^(n−1)))", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 500, 30_000, () => 0.5))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelay(10, 500, 30_000, () => 0.999)).toBe(29_970);
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(0);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2015-10-21T07:27:00Z");
  it("reads seconds and HTTP-dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:20:00 GMT", now)).toBe(0);
  });
  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
  });
});

describe("User-Agent", () => {
  it("names the version and the contact from the options or CITYINDEX_CONTACT", async () => {
    expect(userAgent("1.2.3", "mailto:data@example.org")).toBe("cityindex/1.2.3 (+mailto:data@example.org)");
    const server = await startServer((req, res) => reply(res, 200, String(req.headers["user-agent"])));
    const fromEnv = createHttpClient({ env: { CITYINDEX_CONTACT: "ops@example.org" }, version: "9.9.9" });
    expect(fromEnv.userAgent).toBe("cityindex/9.9.9 (+ops@example.org)");
    expect((await fromEnv.request({ url: `${server.origin}/ua` })).text).toBe(
      "cityindex/9.9.9 (+ops@example.org)",
    );
    const given = createHttpClient({
      contact: "https://example.org/contact",
      env: { CITYINDEX_CONTACT: "x" },
    });
    expect(given.userAgent).toBe(`cityindex/${HTTP_VERSION} (+https://example.org/contact)`);
  });

  it("warns once, at the first request sent, when there is no contact", async () => {
    const server = await startServer((_req, res) => reply(res, 200, "ok"));
    const { logger, lines } = recordingLogger();
    const http = createHttpClient({ env: {}, logger });
    expect(http.userAgent).toBe(`cityindex/${HTTP_VERSION} (+${PROJECT_URL})`);
    expect(lines).toEqual([]);
    await http.request({ url: `${server.origin}/a` });
    await http.request({ url: `${server.origin}/b` });
    expect(lines.filter((l) => l.startsWith("warn"))).toEqual([
      "warn no contact in the User-Agent: set CITYINDEX_CONTACT to an e-mail address or URL so that API operators can reach you",
    ]);
  });

  it("refuses a contact that would break the header", () => {
    expect(() => createHttpClient({ contact: "a@b.org\r\nX-Injected: 1" })).toThrow(
      "createHttpClient: the contact (`contact`) must be one line",
    );
  });
});

describe("requests", () => {
  it("refuses malformed requests at once, naming the field", async () => {
    const http = createHttpClient({ env: {} });
    await expect(http.request({ url: "ftp://example.org/file" })).rejects.toThrow(
      "http request: `url` must be an http or https URL, got `ftp://example.org/file`",
    );
    await expect(http.request({ url: "/relative" })).rejects.toThrow(
      "http request: `url` must be an absolute http or https URL, got `/relative`",
    );
    await expect(http.request({ url: "https://example.org/", body: "x" })).rejects.toThrow(
      "http request: a `GET` request to https://example.org/ cannot have a `body`",
    );
    await expect(http.request({ url: "https://example.org/", timeoutMs: 0 })).rejects.toThrow(
      "http request: `timeoutMs` must be a positive number of milliseconds, got `0`",
    );
  });

  it("sends POST bodies and extra headers", async () => {
    const server = await startServer((req, res, body) =>
      reply(res, 200, `${req.method} ${req.headers.accept} ${body}`),
    );
    const http = createHttpClient({ contact: "t@e.org" });
    const res = await http.request({
      url: `${server.origin}/sparql`,
      method: "POST",
      body: "SELECT ?city WHERE {}",
      headers: { Accept: "application/sparql-results+json" },
    });
    expect(res.text).toBe("POST application/sparql-results+json SELECT ?city WHERE {}");
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });
});

describe("responseProvenance", () => {
  it("records source, URL, retrieval time, hash and licence", () => {
    const response = {
      url: "https://api.gdeltproject.org/api/v2/doc/doc?query=chengdu",
      status: 200,
      headers: {},
      text: "{}",
      retrieved: "2025-01-15T12:00:00.000Z",
      hash: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
      fromCache: true,
    };
    expect(responseProvenance(response, { source: "gdelt:news", licence: "GDELT terms of use" })).toEqual({
      source: "gdelt:news",
      location: "https://api.gdeltproject.org/api/v2/doc/doc?query=chengdu",
      retrieved: "2025-01-15T12:00:00.000Z",
      hash: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
      licence: "GDELT terms of use",
    });
    expect(responseProvenance(response, { source: "s", location: "SELECT 1" })).not.toHaveProperty("licence");
    expect(responseProvenance(response, { source: "s", location: "SELECT 1" }).location).toBe("SELECT 1");
  });
});

describe("redact", () => {
  it("replaces raw and URL-encoded forms, longest first", () => {
    expect(redact("a=x y&b=x%20y&c=x+y", ["x y"])).toBe("a=[redacted]&b=[redacted]&c=[redacted]");
    expect(redact("abcdef abc", ["abc", "abcdef"])).toBe("[redacted] [redacted]");
    expect(redact("nothing", [""])).toBe("nothing");
  });
});

describe("package", () => {
  it("keeps HTTP_VERSION in step with package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(HTTP_VERSION).toBe(pkg.version);
  });
});

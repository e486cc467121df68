import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@cityindex/core";
import { afterEach, describe, expect, it } from "vitest";
import { cacheKey, createHttpClient, HttpError, type HttpEvent, SecretNotSetError } from "../src/index.js";
import { fakeTime, recordingLogger, reply, startServer } from "./server.js";

const KEY = "s3cr3t/KEY+9f8e7d";
const ENCODED = encodeURIComponent(KEY);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Everything under `dir` as one string: file names and contents. */
async function everything(dir: string): Promise<string> {
  let out = "";
  for (const d of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = join(d.parentPath, d.name);
    out += `${file}\n`;
    if (d.isFile()) out += `${await readFile(file, "utf8")}\n`;
  }
  return out;
}

describe("secrets", () => {
  it("sends the key from the environment, and keeps it out of the cache, its key, events and logs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cityindex-http-secret-"));
    dirs.push(dir);
    const server = await startServer((req, res) => {
      const url = new URL(req.url ?? "", "http://x");
      // The server echoes the key, as some APIs do in their metadata.
      reply(res, 200, `{"count":7,"echo":"${url.searchParams.get("api_key")}"}`, {
        "x-echo": String(req.headers["x-api-key"]),
      });
    });
    const { logger, lines } = recordingLogger();
    const events: HttpEvent[] = [];
    const http = createHttpClient({
      cacheDir: dir,
      env: { OPENALEX_API_KEY: KEY },
      logger,
      onEvent: (e) => events.push(e),
    });
    const url = `${server.origin}/works?filter=city:chengdu`;
    const request = {
      url,
      secretQuery: { api_key: "OPENALEX_API_KEY" },
      secretHeaders: { "X-Api-Key": "OPENALEX_API_KEY" },
    };
    const res = await http.request(request);

    // The server got it.
    const sent = new URL(server.hits[0]!.url, server.origin);
    expect(sent.searchParams.get("api_key")).toBe(KEY);
    expect(sent.searchParams.get("filter")).toBe("city:chengdu");
    expect(server.hits[0]!.headers["x-api-key"]).toBe(KEY);

    // Nothing else has it.
    expect(res.url).toBe(url);
    expect(res.text).toBe('{"count":7,"echo":"[redacted]"}');
    expect(res.headers["x-echo"]).toBe("[redacted]");
    const again = await http.request(request);
    expect(again.fromCache).toBe(true);
    expect(server.hits).toHaveLength(1);
    expect(cacheKey({ method: "GET", url })).toBe(
      (await readdir(join(dir, (await readdir(dir))[0]!)))[0]!.slice(0, 64),
    );
    const stored = await everything(dir);
    expect(stored).toContain("city:chengdu");
    for (const form of [KEY, ENCODED, "s3cr3t"]) {
      expect(stored).not.toContain(form);
      expect(lines.join("\n")).not.toContain(form);
      expect(JSON.stringify(events)).not.toContain(form);
      expect(JSON.stringify(res)).not.toContain(form);
    }
    expect(http.redact(`see ${KEY} and ${ENCODED}`)).toBe("see [redacted] and [redacted]");
    // The cache answers without the key: a re-run needs no secret.
    const offline = createHttpClient({ cacheDir: dir, env: {} });
    expect((await offline.request(request)).fromCache).toBe(true);
  });

  it("keeps the key out of errors, even when the server repeats it", async () => {
    const server = await startServer((req, res) => reply(res, 500, `bad request ${req.url}`));
    const { logger, lines } = recordingLogger();
    const http = createHttpClient({
      ...fakeTime(),
      maxAttempts: 2,
      env: { K: KEY },
      logger,
      contact: "t@e.org",
    });
    const url = `${server.origin}/v?q=1`;
    const e = (await http
      .request({ url, secretQuery: { token: "K" } })
      .catch((x: unknown) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.message).toBe(
      `GET ${url} failed: HTTP 500 after 2 attempts: \`bad request /v?q=1&token=[redacted]\``,
    );
    for (const text of [e.message, e.url, e.excerpt ?? "", String(e.stack), lines.join("\n")]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(ENCODED);
    }
  });

  it("names a missing variable, never a value, and sends nothing", async () => {
    const server = await startServer((_req, res) => reply(res, 200, "ok"));
    const http = createHttpClient({ env: { OTHER: "x" } });
    const url = `${server.origin}/v`;
    const e = (await http
      .request({ url, secretHeaders: { "X-Api-Key": "GDELT_KEY" } })
      .catch((x: unknown) => x)) as SecretNotSetError;
    expect(e).toBeInstanceOf(SecretNotSetError);
    expect(e.variable).toBe("GDELT_KEY");
    expect(e.message).toBe(
      `secret header \`X-Api-Key\` of ${url} is read from the environment variable \`GDELT_KEY\`, which is not set: set it (for example \`export GDELT_KEY=...\`) and run again`,
    );
    expect(server.hits).toHaveLength(0);
  });

  it("refuses credentials outside the secret fields, without echoing them", async () => {
    const http = createHttpClient({ env: {} });
    const url = "https://api.example.org/v";
    await expect(http.request({ url, headers: { Authorization: `Bearer ${KEY}` } })).rejects.toThrow(
      "http request: the header `Authorization` for https://api.example.org/v carries a credential: put it in `secretHeaders` with the name of an environment variable",
    );
    const inUrl = (await http.request({ url: `${url}?api_key=${KEY}` }).catch((x: unknown) => x)) as Error;
    expect(inUrl).toBeInstanceOf(InputError);
    expect(inUrl.message).toContain(
      "the query parameter `api_key` of https://api.example.org/v carries a credential",
    );
    expect(inUrl.message).not.toContain("s3cr3t");
    const asValue = (await http
      .request({ url, secretQuery: { api_key: KEY } })
      .catch((x: unknown) => x)) as Error;
    expect(asValue.message).toBe(
      "http request: `secretQuery` `api_key` for https://api.example.org/v must be the name of an environment variable (letters, digits and `_`), not a value",
    );
    const userinfo = (await http
      .request({ url: "https://me:pa55word@api.example.org/v" })
      .catch((x: unknown) => x)) as Error;
    expect(userinfo.message).toBe(
      "http request: https://api.example.org/v has credentials in it: use `secretHeaders` with an environment variable instead",
    );
    // With a `/` in the password the URL does not parse; the message still hides it.
    const unparsed = (await http
      .request({ url: `https://me:${KEY}@api.example.org/v` })
      .catch((x: unknown) => x)) as Error;
    expect(unparsed.message).toBe(
      "http request: `url` must be an absolute http or https URL, got `https://[redacted]@api.example.org/v`",
    );
  });

  it("does not follow a redirect to another origin with the secret headers", async () => {
    const other = await startServer((req, res) =>
      reply(res, 200, `key: ${req.headers["x-api-key"] ?? "none"}`),
    );
    const first = await startServer((req, res) =>
      req.url === "/same"
        ? reply(res, 302, "", { location: "/landing" })
        : req.url === "/landing"
          ? reply(res, 200, `key: ${req.headers["x-api-key"] === KEY ? "sent" : "none"}`)
          : reply(res, 302, "", { location: `${other.origin}/elsewhere` }),
    );
    const http = createHttpClient({ env: { K: KEY }, contact: "t@e.org" });
    const secretHeaders = { "X-Api-Key": "K" };
    expect((await http.request({ url: `${first.origin}/same`, secretHeaders })).text).toBe("key: sent");
    expect((await http.request({ url: `${first.origin}/away`, secretHeaders })).text).toBe("key: none");
    expect(other.hits[0]!.headers["x-api-key"]).toBeUndefined();
  });
});

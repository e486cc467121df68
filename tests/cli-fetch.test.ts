/**
 * End-to-end tests of `cityindex fetch` (and `build` reading web sources through the cache): each spawns the
 * built CLI in a temporary project outside the repository. The project has a CSV source and a web source from a
 * local plugin package (`node_modules/web-fixture`) that asks a real `node:http` server on 127.0.0.1 through
 * `ctx.http`, with an API key read from the environment. Needs a build of @cityindex/http and @cityindex/cli.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "packages", "cli", "dist", "cli.js");
const KEY = "fx-live-7Q2w9Zk4Rm";
const CONTACT = "mailto:ops@example.org";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cityindex(cwd: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const clean = { ...process.env };
    delete clean.FIXTURE_API_KEY;
    delete clean.CITYINDEX_CONTACT;
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...clean, NO_COLOR: "1", ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The web source of the fixture plugin: one value per unit from `<endpoint>?city=<id>`, key from the environment. */
const FIXTURE_PLUGIN = `export default {
  name: "web-fixture",
  sources: [{
    id: "web-json",
    label: "Web JSON",
    description: "Reads one value per unit from a JSON endpoint",
    options: {
      type: "object",
      properties: { endpoint: { type: "string" }, indicator: { type: "string" }, licence: { type: "string" } },
      required: ["endpoint", "indicator"],
      additionalProperties: false,
    },
    async *fetch(options, ctx) {
      if (!ctx.http) throw new Error("no HTTP client");
      const units = ctx.units ?? [];
      let done = 0;
      for (const unit of units) {
        const res = await ctx.http.request({
          url: options.endpoint + "?city=" + encodeURIComponent(unit.id),
          secretQuery: { key: "FIXTURE_API_KEY" },
        });
        const body = JSON.parse(res.text);
        ctx.progress({ done: ++done, total: units.length });
        yield {
          unit: unit.id,
          indicator: options.indicator,
          period: body.period,
          value: body.value,
          provenance: {
            source: "web-json:" + ctx.sourceId,
            location: res.url,
            retrieved: res.retrieved,
            hash: res.hash,
            licence: options.licence,
          },
        };
      }
    },
  }],
};
`;

const UNITS = ["beijing", "chengdu", "lhasa"];
const MENTIONS: Record<string, number> = { beijing: 5120, chengdu: 3950, lhasa: 410 };

function spec(origin: string, withBroken: boolean) {
  const web = (id: string, path: string, indicator: string) => ({
    id,
    source: "web-json",
    options: { endpoint: `${origin}${path}`, indicator, licence: "CC-BY-4.0" },
  });
  const indicators = ["routes", "visitors", "mentions", ...(withBroken ? ["pageviews"] : [])];
  return {
    id: "fetch-e2e",
    units: UNITS.map((id) => ({ id })),
    indicators: indicators.map((id) => ({ id })),
    framework: { id: "index", children: indicators.map((id) => ({ id })) },
    sources: [
      {
        id: "data",
        source: "csv",
        options: { path: "data.csv", layout: "wide", unitColumn: "city", periodColumn: "year" },
      },
      web("news", "/mentions", "mentions"),
      ...(withBroken ? [web("views", "/broken", "pageviews")] : []),
    ],
    pipeline: [
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ],
    plugins: ["@cityindex/source-csv", "web-fixture"],
  };
}

/** Everything under `dir`, names and contents, as one string. */
async function everything(dir: string): Promise<string> {
  let out = "";
  for (const d of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = join(d.parentPath, d.name);
    out += `${file}\n`;
    if (d.isFile()) out += `${await readFile(file, "utf8")}\n`;
  }
  return out;
}

let work: string;
let project: string;
let server: Server;
let origin: string;
const hits: { url: URL; agent: string | undefined }[] = [];
const bodies = new Map<string, string>();

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first`);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    hits.push({ url, agent: req.headers["user-agent"] });
    const city = url.searchParams.get("city") ?? "";
    if (url.searchParams.get("key") !== KEY) {
      res.writeHead(401).end("missing or wrong key");
    } else if (url.pathname === "/mentions" && city in MENTIONS) {
      const body = JSON.stringify({ city, period: "2024", value: MENTIONS[city] });
      bodies.set(city, body);
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    } else {
      res.writeHead(500, { "content-type": "text/plain" }).end("upstream exploded");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  work = await mkdtemp(join(tmpdir(), "cityindex-fetch-e2e-"));
  project = join(work, "project");
  const plugin = join(project, "node_modules", "web-fixture");
  await mkdir(plugin, { recursive: true });
  await writeFile(
    join(plugin, "package.json"),
    JSON.stringify({ name: "web-fixture", version: "1.0.0", type: "module", exports: "./index.js" }),
  );
  await writeFile(join(plugin, "index.js"), FIXTURE_PLUGIN);
  await writeFile(
    join(project, "data.csv"),
    "city,year,routes,visitors\nbeijing,2024,310,4.1\nchengdu,2024,131,2.2\nlhasa,2024,12,0.4\n",
  );
  await writeFile(join(project, "good.json"), JSON.stringify(spec(origin, false), null, 2));
  await writeFile(join(project, "broken.json"), JSON.stringify(spec(origin, true), null, 2));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (work) await rm(work, { recursive: true, force: true });
});

const env = { FIXTURE_API_KEY: KEY, CITYINDEX_CONTACT: CONTACT };
const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

describe("cityindex fetch (built binary)", () => {
  it("shows its options with --help", async () => {
    const r = await cityindex(work, {}, "fetch", "--help");
    expect(r.code).toBe(0);
    for (const option of ["--out <dir>", "--cache-dir <dir>", "--refresh", "--json", "--quiet"]) {
      expect(r.stdout).toContain(option);
    }
  });

  it("writes observations.csv with provenance and a report, sending the key only to the server", async () => {
    const r = await cityindex(project, env, "fetch", "good.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Fetched 2 of 2 sources: 9 values");
    expect(r.stdout).toContain("  news (web-json): 3 values, 3 requests (0 from the cache)");
    expect(r.stdout).toContain("Wrote output/observations.csv, output/fetch-report.json");
    expect(r.stderr).toContain("source news (web-json): 3 values, 3 requests (0 from the cache)");

    expect(hits).toHaveLength(3);
    expect(hits.map((h) => h.url.searchParams.get("city"))).toEqual(UNITS);
    expect(hits.every((h) => h.url.searchParams.get("key") === KEY)).toBe(true);
    expect(hits[0]!.agent).toBe(`cityindex/0.1.0 (+${CONTACT})`);

    const csv = (await readFile(join(project, "output", "observations.csv"), "utf8")).trimEnd().split("\n");
    expect(csv[0]).toBe("unit,indicator,period,value,source,location,retrieved,hash,licence");
    expect(csv).toHaveLength(1 + 9);
    const web = csv.filter((l) => l.includes(",mentions,"));
    expect(web).toHaveLength(3);
    for (const [i, unit] of UNITS.entries()) {
      const cells = web[i]!.split(",");
      expect(cells.slice(0, 6)).toEqual([
        unit,
        "mentions",
        "2024",
        String(MENTIONS[unit]),
        "web-json:news",
        `${origin}/mentions?city=${unit}`,
      ]);
      expect(cells[6]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(cells[7]).toBe(sha256(bodies.get(unit)!));
      expect(cells[8]).toBe("CC-BY-4.0");
    }
    expect(csv.some((l) => l.startsWith("chengdu,routes,2024,131,csv:data,"))).toBe(true);

    const report = JSON.parse(await readFile(join(project, "output", "fetch-report.json"), "utf8"));
    expect(report.ok).toBe(true);
    expect(report.values).toBe(9);
    expect(report.missing).toEqual([]);
    expect(report.cacheDir).toBe(join(project, ".cityindex", "cache"));
    expect(
      report.sources.map((s: Record<string, unknown>) => [s.id, s.values, s.requests, s.cached, s.failed]),
    ).toEqual([
      ["data", 6, 0, 0, false],
      ["news", 3, 3, 0, false],
    ]);

    const cache = await everything(join(project, ".cityindex", "cache"));
    expect(cache).toContain("/mentions?city=chengdu");
    for (const text of [cache, await everything(join(project, "output")), r.stdout, r.stderr]) {
      expect(text).not.toContain(KEY);
    }
  });

  it("keeps what the other sources produced when one fails, exits 1 and names what is missing", async () => {
    const r = await cityindex(project, env, "fetch", "broken.json", "--out", "out-broken");
    expect(r.code).toBe(1);
    const url = `${origin}/broken?city=beijing`;
    expect(r.stderr).toContain(
      `source \`views\` failed: GET ${url} failed: HTTP 500 after 4 attempts: \`upstream exploded\``,
    );
    expect(r.stderr).toContain(
      "fetch failed: source `views` failed; 3 of 12 unit × indicator pairs have no value; the values that were fetched are in out-broken/observations.csv",
    );
    expect(r.stdout).toContain("Fetched 2 of 3 sources: 9 values");
    expect(r.stdout).toContain("  news (web-json): 3 values, 3 requests (3 from the cache)");
    expect(r.stdout).toContain(
      "No value at all for 3 unit × indicator pairs:\n  pageviews: beijing, chengdu, lhasa\n",
    );

    const csv = (await readFile(join(project, "out-broken", "observations.csv"), "utf8"))
      .trimEnd()
      .split("\n");
    expect(csv).toHaveLength(1 + 9);
    expect(csv.filter((l) => l.includes(",mentions,"))).toHaveLength(3);
    const report = JSON.parse(await readFile(join(project, "out-broken", "fetch-report.json"), "utf8"));
    expect(report.ok).toBe(false);
    expect(report.sources[2]).toMatchObject({ id: "views", values: 0, failed: true, issues: { error: 1 } });
    expect(report.sources[2].error).toBe(
      `GET ${url} failed: HTTP 500 after 4 attempts: \`upstream exploded\``,
    );
    expect(report.missing).toEqual(
      UNITS.map((unit) => ({ indicator: "pageviews", unit, all: true, periods: ["2024"] })),
    );
    // Only the failing source went to the network: the news came from the cache.
    expect(hits.slice(3).every((h) => h.url.pathname === "/broken")).toBe(true);
    expect(hits.slice(3)).toHaveLength(4);
    expect(JSON.stringify(report) + r.stdout + r.stderr).not.toContain(KEY);
  });

  it("answers a re-run from the cache with the server stopped and no key, and build reads it too", async () => {
    const before = await readFile(join(project, "output", "observations.csv"), "utf8");
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const seen = hits.length;

    const again = await cityindex(project, { CITYINDEX_CONTACT: CONTACT }, "fetch", "good.json", "--json");
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.ok).toBe(true);
    expect(report.sources[1]).toMatchObject({ id: "news", values: 3, requests: 0, cached: 3, failed: false });
    // Same values, same retrieval times and hashes: the original provenance.
    expect(await readFile(join(project, "output", "observations.csv"), "utf8")).toBe(before);

    const build = await cityindex(project, {}, "build", "good.json", "--out", "built");
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toContain("source news (web-json): 3 values, 3 requests (3 from the cache)");
    const results = (await readFile(join(project, "built", "results.csv"), "utf8")).trimEnd().split("\n");
    expect(results).toHaveLength(1 + 3 * 1 * 4);
    expect(hits.length).toBe(seen);

    // --refresh goes to the network, which is down: the source fails, the cache stays as it was.
    const refresh = await cityindex(
      project,
      env,
      "fetch",
      "good.json",
      "--refresh",
      "--quiet",
      "--out",
      "refresh",
    );
    expect(refresh.code).toBe(1);
    expect(refresh.stdout).toBe("");
    expect(refresh.stderr).toMatch(
      /source `news` failed: GET http:\/\/127\.0\.0\.1:\d+\/mentions\?city=beijing failed: network error \(.*ECONNREFUSED.*\) after 4 attempts/,
    );
    expect(refresh.stderr).toContain(
      "fetch failed: source `news` failed; 3 of 9 unit × indicator pairs have no value",
    );
    expect(refresh.stderr).not.toContain(KEY);
    const rebuilt = await cityindex(project, {}, "build", "good.json", "--out", "built");
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
  });

  it("lets build and audit choose the cache folder and refresh it, as fetch does", async () => {
    // The server is down since the test above.
    for (const command of ["build", "audit"]) {
      const help = await cityindex(project, {}, command, "--help");
      expect(help.stdout).toContain("--cache-dir <dir>");
      expect(help.stdout).toContain("--refresh");
    }
    // The cache fetch filled, named explicitly (relative to the working directory): the build needs no network.
    const named = await cityindex(
      project,
      {},
      "build",
      "good.json",
      "--cache-dir",
      join(".cityindex", "cache"),
      "--out",
      "named",
    );
    expect(named.code, named.stderr).toBe(0);
    expect(named.stderr).toContain("source news (web-json): 3 values, 3 requests (3 from the cache)");
    // An empty cache folder: the news source must go to the network, which is down.
    const empty = await cityindex(
      project,
      env,
      "build",
      "good.json",
      "--cache-dir",
      "empty-cache",
      "--out",
      "empty",
    );
    expect(empty.code, empty.stderr).toBe(1);
    expect(empty.stderr).toMatch(
      /source `news` failed: GET http:\/\/127\.0\.0\.1:\d+\/mentions\?city=beijing failed/,
    );
    // --refresh ignores the cache: build and audit both fail the same way, and neither writes results.
    for (const command of ["build", "audit"]) {
      const refresh = await cityindex(
        project,
        env,
        command,
        "good.json",
        "--refresh",
        "--out",
        `refresh-${command}`,
      );
      expect(refresh.code, command).toBe(1);
      expect(refresh.stderr).toMatch(/source `news` failed: .*ECONNREFUSED/);
      expect(existsSync(join(project, `refresh-${command}`, "results.csv"))).toBe(false);
    }
    // The cache itself is unchanged: a plain build still reads it.
    const plain = await cityindex(project, {}, "build", "good.json", "--out", "plain");
    expect(plain.code, plain.stderr).toBe(0);
  });
});

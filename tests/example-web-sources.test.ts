/**
 * The flagship example's third spec, `spec.web-sources.json`, fetched end to end with the built CLI: one
 * `node:http` server on 127.0.0.1 plays the Wikimedia pageviews and Wikidata APIs, the Wikidata Query Service,
 * GDELT, OpenAlex and Overpass with the fixtures in `tests/fixtures/web-sources/`; the spec is copied to a
 * temporary folder with every endpoint pointed at it; `text` and `sql` read the example's sample files. Needs a
 * build of the CLI and of the seven source plugins (`npm run build`).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "packages", "cli", "dist", "cli.js");
const EXAMPLE = join(ROOT, "examples", "china-city-overseas-influence");
const FIXTURES = join(ROOT, "tests", "fixtures", "web-sources");
const KEY = "oa-test-K3y9Vx2Lq8";
const CONTACT = "mailto:index-team@example.org";
const UNITS = ["beijing", "shanghai", "chengdu", "chongqing"];
const NAMES = ["Beijing", "Shanghai", "Chengdu", "Chongqing"];
const QIDS = ["Q956", "Q8686", "Q30002", "Q11725"];

const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));
const wikimedia = fixture("wikimedia") as {
  entities: Record<string, unknown>;
  pageviews: Record<string, unknown>;
};
const sparql = fixture("wikidata") as Record<
  "twins" | "consulates",
  { head: unknown; results: { bindings: { city: { value: string } }[] } }
>;
const gdelt = fixture("gdelt") as Record<
  string,
  Record<"volume" | "foreign" | "tone" | "countries", unknown>
>;
const openalex = fixture("openalex") as Record<string, unknown>;
const overpass = fixture("overpass") as Record<string, unknown>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cityindex(cwd: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const clean = { ...process.env };
    delete clean.OPENALEX_API_KEY;
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

const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** The city named in a search query or an Overpass query, by its English name or its Wikidata id. */
const cityIn = (text: string, names: readonly string[]) => names.find((n) => text.includes(n));

let server: Server;
let origin: string;
let work: string;
let project: string;
const hits: { method: string; url: string; body: string }[] = [];
/** The body served for each request, by path and query (and POST body). */
const served = new Map<string, string>();

function answer(
  method: string,
  rawUrl: string,
  body: string,
): { status: number; type: string; body: string } {
  const url = new URL(rawUrl, "http://127.0.0.1");
  const json = (value: unknown, type = "application/json; charset=utf-8") => ({
    status: 200,
    type,
    body: JSON.stringify(value),
  });
  const notFound = { status: 404, type: "text/plain", body: "no such route" };
  if (url.pathname === "/w/api.php") {
    if (url.searchParams.get("action") !== "wbgetentities") return notFound;
    const ids = (url.searchParams.get("ids") ?? "").split("|");
    const entities = Object.fromEntries(ids.map((id) => [id, wikimedia.entities[id] ?? { id, missing: "" }]));
    return json({ entities, success: 1 });
  }
  const pv =
    /^\/pageviews\/per-article\/([^/]+)\/all-access\/user\/([^/]+)\/monthly\/20240101\/20241231$/.exec(
      url.pathname,
    );
  if (pv) {
    const key = `${decodeURIComponent(pv[1]!)}/${decodeURIComponent(pv[2]!).replace(/_/g, " ")}`;
    const views = wikimedia.pageviews[key];
    if (views !== undefined) return json(views);
    return {
      status: 404,
      type: "application/problem+json",
      body: JSON.stringify({
        type: "https://mediawiki.org/wiki/HyperSwitch/errors/not_found",
        title: "Not found.",
        method: "get",
        detail:
          "The date(s) you used are valid, but we either do not have data for those date(s), or the project you asked for is not loaded yet. Please check documentation for more information.",
      }),
    };
  }
  if (url.pathname === "/sparql" && method === "POST") {
    const query = new URLSearchParams(body).get("query") ?? "";
    const kind = query.includes("AS ?twinCountries")
      ? "twins"
      : query.includes("AS ?missions")
        ? "consulates"
        : "";
    if (kind === "") return { status: 400, type: "text/plain", body: "MalformedQueryException" };
    const asked = (/VALUES \?city \{ ([^}]*) \}/.exec(query)?.[1] ?? "").split(" ").map((v) => v.slice(3));
    const data = sparql[kind];
    const bindings = data.results.bindings.filter((b) => asked.includes(b.city.value.split("/").pop()!));
    return json({ head: data.head, results: { bindings } }, "application/sparql-results+json");
  }
  if (url.pathname === "/gdelt/doc") {
    const query = url.searchParams.get("query") ?? "";
    const name = cityIn(query, NAMES);
    const mode = url.searchParams.get("mode");
    if (
      !name ||
      url.searchParams.get("startdatetime") !== "20240101000000" ||
      url.searchParams.get("enddatetime") !== "20241231235959"
    ) {
      return { status: 200, type: "text/html", body: "The specified phrase is too short." };
    }
    const kind =
      mode === "timelinevolraw"
        ? query.includes("-sourcecountry:CH")
          ? "foreign"
          : "volume"
        : mode === "timelinetone"
          ? "tone"
          : "countries";
    return json(gdelt[name]![kind]);
  }
  if (url.pathname === "/openalex/works") {
    if (url.searchParams.get("api_key") !== KEY) return { status: 401, type: "text/plain", body: "bad key" };
    const name = cityIn(url.searchParams.get("search") ?? "", NAMES);
    if (!name || url.searchParams.get("filter") !== "publication_year:2024") return notFound;
    return json(openalex[name]);
  }
  if (url.pathname === "/overpass/interpreter" && method === "POST") {
    const qid = cityIn(
      new URLSearchParams(body).get("data") ?? "",
      QIDS.map((q) => `"${q}"`),
    );
    if (!qid) return notFound;
    return json(overpass[qid.slice(1, -1)]);
  }
  return notFound;
}

beforeAll(async () => {
  for (const file of [
    CLI,
    ...["wikimedia", "wikidata", "gdelt", "openalex", "osm", "text", "sql"].map((p) =>
      join(ROOT, "plugins", `source-${p}`, "dist", "index.js"),
    ),
  ]) {
    if (!existsSync(file)) throw new Error(`${file} does not exist: run \`npm run build\` first`);
  }
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "/";
      const body = Buffer.concat(chunks).toString("utf8");
      hits.push({ method: req.method ?? "", url, body });
      const reply = answer(req.method ?? "", url, body);
      served.set(`${url}${body === "" ? "" : `#${body}`}`, reply.body);
      res.writeHead(reply.status, { "content-type": reply.type }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  work = await mkdtemp(join(tmpdir(), "ccoi-web-"));
  project = join(work, "project");
  await mkdir(join(project, "data"), { recursive: true });
  for (const file of ["sample-posts.jsonl", "sample-events.csv"]) {
    await cp(join(EXAMPLE, "data", file), join(project, "data", file));
  }
  const spec = JSON.parse(await readFile(join(EXAMPLE, "spec.web-sources.json"), "utf8"));
  delete spec.$schema;
  const endpoints: Record<string, Record<string, string>> = {
    pageviews: { pageviewsEndpoint: `${origin}/pageviews`, wikidataEndpoint: `${origin}/w/api.php` },
    ties: { endpoint: `${origin}/sparql` },
    news: { endpoint: `${origin}/gdelt/doc` },
    science: { endpoint: `${origin}/openalex` },
    places: { endpoint: `${origin}/overpass/interpreter` },
  };
  for (const source of spec.sources as { id: string; options: Record<string, unknown> }[]) {
    for (const [k, v] of Object.entries(endpoints[source.id] ?? {})) {
      expect(source.options[k], `${source.id}.${k}`).toMatch(/^https:\/\//);
      source.options[k] = v;
    }
  }
  const text = JSON.stringify(spec, null, 2);
  expect(text).not.toMatch(/https:\/\/(?!mediawiki\.org)/);
  await writeFile(join(project, "spec.json"), text);
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
  if (work) await rm(work, { recursive: true, force: true });
});

const env = { OPENALEX_API_KEY: KEY, CITYINDEX_CONTACT: CONTACT };

/** The expected value of every unit × indicator, in the order of `UNITS`. */
const EXPECTED: Record<string, number[]> = {
  // Wikimedia, January to December 2024, editions other than Chinese (zhwiki is left out):
  // beijing en 100000 + 90000, de 20000 + 10000, ja 5000 = 225000 in 3 editions;
  // shanghai en 120000 + 80000 = 200000, fr answers 404 "no data", so 1 edition;
  // chengdu en 40000 + 35000, de 5000 + 4000 = 84000 in 2; chongqing en 30000 + 20000 = 50000 in 1.
  wikipedia_pageviews: [225000, 200000, 84000, 50000],
  wikipedia_languages: [3, 1, 2, 1],
  // The Wikidata Query Service: `twins` and `states` of each item.
  sister_cities: [55, 71, 38, 50],
  consulates: [3, 76, 22, 13],
  // GDELT, two days each: articles 300 + 100, 250 + 250, 80 + 120, 60 + 40.
  foreign_news_volume: [400, 500, 200, 100],
  // From outside China: (180 + 60) / 400, (100 + 150) / 500, (40 + 110) / 200, (30 + 10) / 100.
  foreign_coverage_share: [60, 50, 75, 40],
  // Tone weighted by articles: (300·−2 + 100·2) / 400 = −1, (250·1 + 250·3) / 500 = 2,
  // (80·0.5 + 120·−0.5) / 200 = −0.1, (60·−1 + 40·−4) / 100 = −2.2.
  news_tone: [-1, 2, -0.1, -2.2],
  // Series above zero on some day, China left out: US + Japan (France all zero); US, UK, Germany; US (Japan all
  // zero); US, UK, Japan, France.
  source_countries: [2, 3, 1, 4],
  // OpenAlex `meta.count`.
  academic_mentions: [5400, 4800, 2100, 1500],
  // Overpass totals (nodes + ways + relations): hotels 1500 + 600, 1300 + 500, 812 + 344 + 5, 600 + 300.
  osm_hotels: [2100, 1800, 1161, 900],
  // attractions 700 + 240 + 10, 500 + 190 + 10, 390 + 120 + 9, 400 + 75 + 5.
  osm_attractions: [950, 700, 519, 480],
  // restaurants 5900 + 200, 7000 + 200, 2210 + 95, 1850 + 50.
  osm_restaurants: [6100, 7200, 2305, 1900],
  // sample-posts.jsonl: 4, 3, 3, 2 posts; positive: beijing "amazing" and 很好吃 of 4 (the train post has no
  // sentiment word and stays in the denominator), shanghai "beautiful" and 漂亮/推荐 of 3, chengdu all 3,
  // chongqing 美丽 of 2; negative: beijing "terrible", shanghai 拥挤, chongqing "dirty"/"disappointing".
  social_mentions: [4, 3, 3, 2],
  positive_post_share: [50, 200 / 3, 100, 50],
  negative_post_share: [25, 100 / 3, 0, 50],
  // sample-events.csv, association meetings in 2024 (trade fairs and the 2023 row are left out by the query).
  international_conventions: [4, 5, 2, 1],
};
const WEB: Record<string, string> = {
  wikipedia_pageviews: "wikimedia:pageviews",
  wikipedia_languages: "wikimedia:pageviews",
  sister_cities: "wikidata:ties",
  consulates: "wikidata:ties",
  foreign_news_volume: "gdelt:news",
  foreign_coverage_share: "gdelt:news",
  news_tone: "gdelt:news",
  source_countries: "gdelt:news",
  academic_mentions: "openalex:science",
  osm_hotels: "osm:places",
  osm_attractions: "osm:places",
  osm_restaurants: "osm:places",
};

describe("the China City Overseas Influence example with web sources (built CLI, local server)", () => {
  let first: Run;

  it("fetches every source from the local server and writes every value with its provenance", async () => {
    const started = Date.now();
    first = await cityindex(project, env, "fetch", "spec.json");
    expect(first.code, first.stderr).toBe(0);
    // No per-host spacing for 127.0.0.1: GDELT's five seconds apply to api.gdeltproject.org only.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(first.stdout).toContain("Fetched 7 of 7 sources: 64 values");

    const csv = (await readFile(join(project, "output", "observations.csv"), "utf8")).trimEnd().split("\n");
    expect(csv[0]).toBe("unit,indicator,period,value,source,location,retrieved,hash,licence");
    expect(csv).toHaveLength(1 + 4 * Object.keys(EXPECTED).length);
    const rows = csv.slice(1).map((line) => {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
      return {
        unit: cells[0]!,
        indicator: cells[1]!,
        period: cells[2]!,
        value: Number(cells[3]),
        source: cells[4]!,
        location: cells[5]!.replace(/^"|"$/g, "").replace(/""/g, '"'),
        retrieved: cells[6]!,
        hash: cells[7]!,
      };
    });
    for (const [indicator, values] of Object.entries(EXPECTED)) {
      for (const [i, unit] of UNITS.entries()) {
        const found = rows.filter((r) => r.unit === unit && r.indicator === indicator);
        expect(found, `${unit}/${indicator}`).toHaveLength(1);
        const row = found[0]!;
        expect(row.period).toBe("2024");
        expect(row.value, `${unit}/${indicator}`).toBeCloseTo(values[i]!, 9);
        // Every source writes its content hash as `sha256:` and hex.
        expect(row.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(row.retrieved).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        const web = WEB[indicator];
        if (web) {
          expect(row.source).toBe(web);
          expect(row.location.startsWith(origin), `${unit}/${indicator}: ${row.location}`).toBe(true);
        } else if (indicator === "international_conventions") {
          expect(row.source).toBe("sql:events");
        } else {
          expect(row.source).toBe("text:posts");
          expect(row.location).toBe("data/sample-posts.jsonl");
        }
      }
    }
    // A figure from one response carries that response's hash.
    const oneResponse = (indicator: string, unit: string) => {
      const row = rows.find((r) => r.unit === unit && r.indicator === indicator)!;
      // The server saw the key; the location leaves it out.
      const asked = (k: string) => k.split("#")[0]!.replace(/&api_key=[^&]*/, "");
      const body = [...served].find(([k]) => row.location === `${origin}${asked(k)}`)?.[1];
      return { row, body };
    };
    for (const unit of UNITS) {
      const { row, body } = oneResponse("academic_mentions", unit);
      expect(body, row.location).toBeDefined();
      expect(row.hash).toBe(sha256(body!));
    }
    const gdeltVolume = oneResponse("foreign_news_volume", "chengdu");
    expect(gdeltVolume.row.hash).toBe(sha256(gdeltVolume.body!));
    expect(gdeltVolume.row.location).toContain("mode=timelinevolraw");
    const posts = rows.find((r) => r.indicator === "social_mentions")!;
    expect(posts.hash).toBe(sha256(readFileSync(join(EXAMPLE, "data", "sample-posts.jsonl"), "utf8")));

    const report = JSON.parse(await readFile(join(project, "output", "fetch-report.json"), "utf8"));
    expect(report.ok).toBe(true);
    expect(report.values).toBe(64);
    expect(report.missing).toEqual([]);
    expect(report.sources.map((s: Record<string, unknown>) => [s.id, s.values, s.cached, s.failed])).toEqual([
      ["pageviews", 8, 0, false],
      ["ties", 8, 0, false],
      ["news", 16, 0, false],
      ["science", 4, 0, false],
      ["places", 12, 0, false],
      ["posts", 12, 0, false],
      ["events", 4, 0, false],
    ]);
    // 1 wbgetentities + 8 articles (beijing de, en, ja; shanghai en, fr; chengdu de, en; chongqing en); 2 SPARQL
    // queries; 4 GDELT timelines × 4 cities; 4 OpenAlex searches; 4 Overpass queries.
    expect(report.sources.map((s: { requests: number }) => s.requests)).toEqual([9, 2, 16, 4, 4, 0, 0]);
    expect(hits).toHaveLength(9 + 2 + 16 + 4 + 4);
    expect(hits.some((h) => h.url.includes("zh.wikipedia"))).toBe(false);
    expect(
      hits.filter((h) => h.url.startsWith("/openalex/")).every((h) => h.url.includes(`api_key=${KEY}`)),
    ).toBe(true);

    const cache = await everything(join(project, ".cityindex", "cache"));
    expect(cache).toContain("/openalex/works");
    for (const text of [cache, await everything(join(project, "output")), first.stdout, first.stderr]) {
      expect(text).not.toContain(KEY);
    }
  });

  it("builds the index from the cache with results for the four cities", async () => {
    const seen = hits.length;
    const build = await cityindex(project, {}, "build", "spec.json", "--out", "built");
    expect(build.code, build.stderr).toBe(0);
    expect(hits.length).toBe(seen);
    const results = (await readFile(join(project, "built", "results.csv"), "utf8")).trimEnd().split("\n");
    // 4 units × (13 indicators + 4 dimensions + the index); the OpenStreetMap counts are outside the framework.
    expect(results).toHaveLength(1 + 4 * 18);
    for (const unit of UNITS) {
      expect(results.filter((l) => l.startsWith(`${unit},2024,`))).toHaveLength(18);
      expect(results.some((l) => l.startsWith(`${unit},2024,index,`))).toBe(true);
    }
    expect(build.stdout + build.stderr).not.toContain(KEY);
  });

  it("answers a second fetch from the cache with the server stopped, with the same observations.csv", async () => {
    // The text and sql sources read their local files again, so their rows get a new `retrieved` time; every web
    // row comes back byte for byte from the cache.
    const local = (csv: string) =>
      csv.replace(/^(.*,(?:text:posts|sql:events),.*,)\d{4}-\d\d-\d\dT[\d:.]+Z,/gm, "$1<retrieved>,");
    const before = await readFile(join(project, "output", "observations.csv"), "utf8");
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const again = await cityindex(project, env, "fetch", "spec.json", "--json");
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.ok).toBe(true);
    expect(report.sources.map((s: { cached: number }) => s.cached)).toEqual([9, 2, 16, 4, 4, 0, 0]);
    const after = await readFile(join(project, "output", "observations.csv"), "utf8");
    expect(local(after)).toBe(local(before));
    expect(local(after).match(/<retrieved>/g)).toHaveLength(16);
    expect(after.length).toBe(before.length);
    expect(again.stdout + again.stderr).not.toContain(KEY);
  });
});

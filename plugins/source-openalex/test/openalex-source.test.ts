import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { UnitSpec } from "@cityindex/core";
import type { HttpClientOptions } from "@cityindex/http";
import { describe, expect, it } from "vitest";
import {
  type Answer,
  type Hit,
  NOW,
  startServer,
  type TestServer,
  testClient,
} from "../../../tests/support/web-server.js";
import { type OpenAlexObservation, type OpenAlexSourceOptions, openalexSource } from "../src/index.js";
import { collect, problems, type RecordingContext, recordingContext } from "./helpers.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const r12 = (x: number) => Number(x.toPrecision(12));
const KEY = "oa-key-S3CRET-7f41c9";
const ENV = { OPENALEX_API_KEY: KEY };
const GROUP_BY = "authorships.institutions.country_code:include_unknown";

const UNITS: UnitSpec[] = [
  { id: "chengdu", labels: { en: "Chengdu", zh: "成都" } },
  { id: "chongqing", labels: { en: "Chongqing", zh: "重庆" } },
  { id: "lhasa", labels: { zh: "拉萨" } },
];

/** The fixture OpenAlex would send for a search, filter and group_by (or per_page). */
const ROUTES: Record<string, string> = {
  [`"Chengdu"|publication_year:2023|${GROUP_BY}`]: "chengdu-2023-groups.json",
  [`"Chengdu"|publication_year:2024|${GROUP_BY}`]: "chengdu-2024-groups.json",
  [`"Chongqing" OR "Chungking"|publication_year:2023|${GROUP_BY}`]: "chongqing-2023-groups.json",
  [`"Chongqing" OR "Chungking"|publication_year:2024|${GROUP_BY}`]: "chongqing-2024-groups.json",
  '"Chengdu"|publication_year:2023|1': "chengdu-2023-count.json",
  '"Chengdu"|publication_year:2023,authorships.institutions.country_code:cn|hk|1':
    "chengdu-2023-domestic.json",
};

const route = (hit: Hit): Answer => {
  const p = hit.params;
  const name = ROUTES[`${p.search}|${p.filter}|${p.group_by ?? p.per_page}`];
  return name ? { body: fixture(name) } : { status: 404, body: '{"error":"no fixture"}' };
};

/** `unit/indicator/period=value basis` lines, values rounded to 12 significant digits. */
const figures = (observations: readonly OpenAlexObservation[]): string[] =>
  observations.map(
    (o) =>
      `${o.unit}/${o.indicator}/${o.period}=${o.value === null ? null : r12(o.value)} ${JSON.stringify(o.provenance.basis)}`,
  );

async function run(
  server: TestServer,
  options: OpenAlexSourceOptions,
  setup: (ctx: RecordingContext) => void = () => {},
  client: HttpClientOptions = { env: ENV },
): Promise<{ ctx: RecordingContext; observations: OpenAlexObservation[] }> {
  const ctx = recordingContext("/tmp", "science");
  ctx.units = UNITS;
  ctx.http = testClient(ctx, client);
  setup(ctx);
  const observations = (await collect(
    openalexSource.fetch({ endpoint: server.origin, ...options }, ctx),
  )) as OpenAlexObservation[];
  return { ctx, observations };
}

const YEARS: OpenAlexSourceOptions = { from: 2023, to: "2024", extraTerms: { chongqing: ["Chungking"] } };

describe("openalexSource", () => {
  it("declares its id, label and options schema", () => {
    expect(openalexSource.id).toBe("openalex");
    expect(openalexSource.label).toBe("OpenAlex scholarly works");
    expect(openalexSource.options).toMatchObject({ type: "object", additionalProperties: false });
  });

  it("counts works and the share with no author in China per year (hand-computed)", async () => {
    const server = await startServer(route);
    const { ctx, observations } = await run(server, { ...YEARS, mailto: "data@example.org" });
    // share = (works − unknown − with a CN author) / (works − unknown):
    // chengdu 2023: (1000 − 100 − 700) / (1000 − 100) = 200 / 900; 2024: (1200 − 150 − 800) / 1050 = 250 / 1050.
    // chongqing 2023: no unknown group → (400 − 0 − 360) / 400 = 10 %; 2024: no works → share undefined.
    expect(figures(observations)).toEqual([
      'chengdu/openalex_works/2023=1000 {"works":1000}',
      `chengdu/openalex_foreign_share/2023=${r12((100 * 200) / 900)} {"works":1000,"unknown":100,"domestic":700}`,
      'chengdu/openalex_works/2024=1200 {"works":1200}',
      `chengdu/openalex_foreign_share/2024=${r12((100 * 250) / 1050)} {"works":1200,"unknown":150,"domestic":800}`,
      'chongqing/openalex_works/2023=400 {"works":400}',
      'chongqing/openalex_foreign_share/2023=10 {"works":400,"unknown":0,"domestic":360}',
      'chongqing/openalex_works/2024=0 {"works":0}',
      'chongqing/openalex_foreign_share/2024=null {"works":0,"unknown":0,"domestic":0}',
    ]);
    expect(observations[1]?.value).toBeCloseTo(22.22222222222222, 12);
    expect(observations[3]?.value).toBeCloseTo(23.80952380952381, 12);

    const hit = server.hits[0] as Hit;
    expect(hit.params).toEqual({
      search: '"Chengdu"',
      filter: "publication_year:2023",
      group_by: GROUP_BY,
      mailto: "data@example.org",
      api_key: KEY,
    });
    const location = `${server.origin}/works?search=%22Chengdu%22&filter=publication_year%3A2023&group_by=authorships.institutions.country_code%3Ainclude_unknown`;
    expect(observations[0]?.provenance).toEqual({
      source: "openalex:science",
      location,
      retrieved: new Date(NOW).toISOString(),
      hash: sha256(fixture("chengdu-2023-groups.json")),
      licence: "CC0-1.0",
      basis: { works: 1000 },
    });
    expect(server.hits.map((h) => `${h.params.search} ${h.params.filter}`)).toEqual([
      '"Chengdu" publication_year:2023',
      '"Chengdu" publication_year:2024',
      '"Chongqing" OR "Chungking" publication_year:2023',
      '"Chongqing" OR "Chungking" publication_year:2024',
    ]);
    expect(problems(ctx.issues)).toEqual([
      'warning no-works chongqing/openalex_foreign_share/2024: no works match "Chongqing" OR "Chungking" in 2024, so the share of works from outside China is undefined',
      "warning no-query-term lhasa: unit `lhasa` has no search term: give one in `terms` or set its `labels.en`; no values for it: `openalex_works`, `openalex_foreign_share`",
    ]);
    expect(ctx.updates.at(-1)).toEqual({ done: 6, total: 6, message: "OpenAlex done" });
  });

  it("sends the key as api_key and never lets it into provenance, issues or logs", async () => {
    // The server echoes the request URL, key included, in a failure.
    const server = await startServer((hit) =>
      hit.params.filter === "publication_year:2024"
        ? { status: 500, body: `{"error":"boom at ${hit.url}"}` }
        : route(hit),
    );
    const { ctx, observations } = await run(server, { from: 2023, to: 2024 }, (c) => {
      c.units = [UNITS[0] as UnitSpec];
    });
    expect(server.hits.every((h) => h.params.api_key === KEY)).toBe(true);
    expect(server.hits).toHaveLength(4); // 2023 once, 2024 three times (two retries)
    expect(observations).toHaveLength(2);
    expect(ctx.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "error request-failed chengdu/openalex_works/2024",
      "error request-failed chengdu/openalex_foreign_share/2024",
    ]);
    const url = `${server.origin}/works?search=%22Chengdu%22&filter=publication_year%3A2024&group_by=authorships.institutions.country_code%3Ainclude_unknown`;
    expect(ctx.issues[0]?.message).toBe(
      `OpenAlex search "Chengdu" (publication_year:2024, group_by ${GROUP_BY}) failed: GET ${url} failed: HTTP 500 after 3 attempts: \`{"error":"boom at /works?search=%22Chengdu%22&filter=publication_year%3A2024&group_by=authorships.institutions.country_code%3Ainclude_unknown&api_key=[redacted]"}\``,
    );
    const everything = JSON.stringify({
      observations,
      issues: ctx.issues,
      logs: ctx.logs,
      updates: ctx.updates,
    });
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain("S3CRET");
    expect(ctx.logs.some((l) => l.includes("HTTP 500; retrying"))).toBe(true);
  });

  it("stops with one clear error when the API key's variable is not set, before any request", async () => {
    const server = await startServer(route);
    const { ctx, observations } = await run(server, YEARS, () => {}, { env: {} });
    expect(observations).toEqual([]);
    expect(server.hits).toEqual([]);
    expect(problems(ctx.issues)).toEqual([
      "error missing-api-key science: OpenAlex needs an API key: set the environment variable `OPENALEX_API_KEY` to your key (free at https://openalex.org/settings/api), or name another variable in `apiKeyEnv`; 6 of 6 unit-years were not fetched (`openalex_works`, `openalex_foreign_share`)",
    ]);
  });

  it("reads the key from the variable named in apiKeyEnv, or sends none when it is null", async () => {
    const server = await startServer(route);
    await run(server, { ...YEARS, apiKeyEnv: "MY_OA_KEY" }, (c) => (c.units = [UNITS[0] as UnitSpec]), {
      env: { MY_OA_KEY: "other-key" },
    });
    await run(server, { ...YEARS, apiKeyEnv: null }, (c) => (c.units = [UNITS[0] as UnitSpec]), { env: {} });
    expect(server.hits.map((h) => h.params.api_key ?? "none")).toEqual([
      "other-key",
      "other-key",
      "none",
      "none",
    ]);
  });

  it("stops when OpenAlex refuses the key", async () => {
    const server = await startServer(() => ({ status: 403, body: '{"error":"Invalid API key"}' }));
    const { ctx, observations } = await run(server, YEARS);
    expect(observations).toEqual([]);
    expect(server.hits).toHaveLength(1);
    expect(problems(ctx.issues)).toEqual([
      "error api-key-rejected science: OpenAlex refused the API key in `OPENALEX_API_KEY` (HTTP 403): check the key at https://openalex.org/settings/api; 6 of 6 unit-years were not fetched (`openalex_works`, `openalex_foreign_share`)",
    ]);
    expect(JSON.stringify(ctx)).not.toContain(KEY);
  });

  it("takes the share of all works, or asks for the union of several domestic countries", async () => {
    const server = await startServer(route);
    const one = { from: 2023, to: 2023, terms: { chengdu: "Chengdu" } };
    const only = (c: RecordingContext) => (c.units = [UNITS[0] as UnitSpec]);
    const all = await run(server, { ...one, shareBase: "all", shares: "fraction" }, only);
    // (1000 − 700) / 1000: works without any affiliation country count as outside China.
    expect(figures(all.observations)).toContain(
      'chengdu/openalex_foreign_share/2023=0.3 {"works":1000,"unknown":100,"domestic":700}',
    );
    const union = await run(server, { ...one, domesticCountries: ["CN", "hk"] }, only);
    // Works with an author in China or Hong Kong: 720 (one request for the union) → (900 − 720) / 900 = 20 %.
    expect(figures(union.observations)).toContain(
      'chengdu/openalex_foreign_share/2023=20 {"works":1000,"unknown":100,"domestic":720}',
    );
    expect(union.observations[1]?.provenance.inputs?.map((i) => i.hash)).toEqual([
      sha256(fixture("chengdu-2023-groups.json")),
      sha256(fixture("chengdu-2023-domestic.json")),
    ]);
    const worksOnly = await run(server, { ...one, indicators: { foreignShare: null } }, only);
    expect(figures(worksOnly.observations)).toEqual(['chengdu/openalex_works/2023=1000 {"works":1000}']);
    expect(server.hits.slice(-1)[0]?.params.per_page).toBe("1");
    expect([...all.ctx.issues, ...union.ctx.issues, ...worksOnly.ctx.issues]).toEqual([]);
  });

  it("quotes hostile terms so they cannot add operators or parameters", async () => {
    const server = await startServer(() => ({ body: fixture("chongqing-2023-groups.json") }));
    const { ctx } = await run(server, {
      from: 2023,
      to: 2023,
      terms: { chengdu: 'Chengdu" OR "Beijing&filter=x', chongqing: ["NOT (x)", "重庆"], lhasa: '"*"' },
    });
    expect(server.hits.map((h) => [h.params.search, h.params.filter])).toEqual([
      ['"Chengdu or Beijing&filter x"', "publication_year:2023"],
      ['"not x" OR "重庆"', "publication_year:2023"],
    ]);
    expect(
      server.hits.every((h) => Object.keys(h.params).sort().join() === "api_key,filter,group_by,search"),
    ).toBe(true);
    expect(problems(ctx.issues)).toEqual([
      'warning no-query-term lhasa: unit `lhasa` has no search term (`"*"` has nothing searchable): give one in `terms` or set its `labels.en`; no values for it: `openalex_works`, `openalex_foreign_share`',
    ]);
  });

  it("takes years from the spec's periods and reports what it cannot work with", async () => {
    const server = await startServer(route);
    const spec = await run(server, { extraTerms: { chongqing: ["Chungking"] } }, (c) => {
      c.units = [UNITS[1] as UnitSpec];
      c.periods = ["2023", "2023-06"];
    });
    expect(figures(spec.observations)).toEqual([
      'chongqing/openalex_works/2023=400 {"works":400}',
      'chongqing/openalex_foreign_share/2023=10 {"works":400,"unknown":0,"domestic":360}',
    ]);
    expect(problems(spec.ctx.issues)).toEqual([
      "warning period-ignored science: openalex source `science` counts works per publication year; the spec's periods `2023-06` are not years and get no values",
    ]);
    const before = server.hits.length;
    const cases: [OpenAlexSourceOptions, (c: RecordingContext) => void, string][] = [
      [
        YEARS,
        (c) => delete c.http,
        "error no-http-client science: openalex source `science` reads a web API, but the host gave it no HTTP client (`ctx.http`): run it where the network is allowed",
      ],
      [
        YEARS,
        (c) => (c.units = []),
        "error no-units science: openalex source `science` queries per unit, but the spec has no units",
      ],
      [
        {},
        () => {},
        "error no-periods science: openalex source `science` needs publication years: set `from` and `to` (`2022`, `2024`)",
      ],
      [
        { ...YEARS, apiKeyEnv: KEY },
        () => {},
        "error bad-option science: openalex source `science`: option `apiKeyEnv` must be the name of an environment variable (letters, digits and `_`), not the key itself, or null",
      ],
      [
        { ...YEARS, mailto: "not an address" },
        () => {},
        "error bad-option science: openalex source `science`: option `mailto` must be an e-mail address, got `not an address`",
      ],
      [
        { ...YEARS, domesticCountries: ["CHN"] },
        () => {},
        "error bad-option science: openalex source `science`: option `domesticCountries` takes ISO 3166-1 alpha-2 codes such as `CN`, got `CHN`",
      ],
      [
        { ...YEARS, from: "24" },
        () => {},
        "error bad-option science: openalex source `science`: option `from` must be a year such as `2024`, got `24`",
      ],
    ];
    for (const [options, setup, expected] of cases) {
      const { ctx, observations } = await run(server, options, setup);
      expect(observations).toEqual([]);
      expect(problems(ctx.issues)).toEqual([expected]);
      expect(JSON.stringify(ctx.issues)).not.toContain(KEY.slice(3));
    }
    expect(server.hits.length).toBe(before);
  });

  it("reports a reply it cannot read as an error for that unit and year", async () => {
    const server = await startServer((hit) =>
      hit.params.filter === "publication_year:2023"
        ? { type: "text/html", body: "<html lang=en><body>Service Unavailable</body></html>" }
        : route(hit),
    );
    const { ctx, observations } = await run(
      server,
      { from: 2023, to: 2024 },
      (c) => (c.units = [UNITS[0] as UnitSpec]),
    );
    expect(observations.map((o) => o.period)).toEqual(["2024", "2024"]);
    expect(problems(ctx.issues)).toEqual([
      `error bad-reply chengdu/openalex_works/2023: OpenAlex search "Chengdu" (publication_year:2023, group_by ${GROUP_BY}): the reply is not JSON (it starts \`<html lang=en><body>Service Unavailable</body></html>\`)`,
      `error bad-reply chengdu/openalex_foreign_share/2023: OpenAlex search "Chengdu" (publication_year:2023, group_by ${GROUP_BY}): the reply is not JSON (it starts \`<html lang=en><body>Service Unavailable</body></html>\`)`,
    ]);
  });
});

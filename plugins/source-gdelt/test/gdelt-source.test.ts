import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { UnitSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import {
  type Answer,
  type Hit,
  NOW,
  startServer,
  type TestServer,
  testClient,
} from "../../../tests/support/web-server.js";
import { type GdeltObservation, type GdeltSourceOptions, gdeltSource } from "../src/index.js";
import { collect, problems, type RecordingContext, recordingContext, tempDir } from "./helpers.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const json = (name: string): Answer => ({ body: fixture(name) });
const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const RETRIEVED = new Date(NOW).toISOString();

const UNITS: UnitSpec[] = [
  { id: "chengdu", labels: { en: "Chengdu", zh: "成都" } },
  { id: "chongqing", labels: { en: "Chongqing", zh: "重庆" } },
  { id: "lhasa", labels: { zh: "拉萨" } },
];

/** The fixture GDELT would send for a query and mode. */
const ROUTES: Record<string, string> = {
  '"Chengdu"|timelinevolraw': "chengdu-volraw.json",
  '"Chengdu" -sourcecountry:CH|timelinevolraw': "chengdu-foreign.json",
  '"Chengdu"|timelinetone': "chengdu-tone.json",
  '"Chengdu"|timelinesourcecountry': "chengdu-countries.json",
  '("Chongqing" OR "Chungking")|timelinevolraw': "chongqing-volraw.json",
  '("Chongqing" OR "Chungking") -sourcecountry:CH|timelinevolraw': "chongqing-foreign.json",
  '("Chongqing" OR "Chungking")|timelinetone': "chongqing-tone.json",
  '("Chongqing" OR "Chungking")|timelinesourcecountry': "chongqing-countries.json",
};

const route = (hit: Hit): Answer => {
  const name = ROUTES[`${hit.params.query}|${hit.params.mode}`];
  return name ? json(name) : { status: 404, type: "text/plain", body: "no fixture" };
};

/** `unit/indicator/period=value basis` lines, values rounded to 12 significant digits. */
const figures = (observations: readonly GdeltObservation[]): string[] =>
  observations.map(
    (o) =>
      `${o.unit}/${o.indicator}/${o.period}=${o.value === null ? null : Number(o.value.toPrecision(12))} ${JSON.stringify(o.provenance.basis)}`,
  );
const r12 = (x: number) => Number(x.toPrecision(12));

async function run(
  server: TestServer,
  options: GdeltSourceOptions,
  setup: (ctx: RecordingContext) => void = () => {},
): Promise<{ ctx: RecordingContext; observations: GdeltObservation[] }> {
  const ctx = recordingContext("/tmp", "news");
  ctx.units = UNITS;
  ctx.http = testClient(ctx);
  setup(ctx);
  const observations = (await collect(
    gdeltSource.fetch({ endpoint: `${server.origin}/api/v2/doc/doc`, ...options }, ctx),
  )) as GdeltObservation[];
  return { ctx, observations };
}

const MONTHS = { periodType: "month", from: "2024-04", to: "2024-05" } as const;

describe("gdeltSource", () => {
  it("declares its id, label and options schema", () => {
    expect(gdeltSource.id).toBe("gdelt");
    expect(gdeltSource.label).toBe("GDELT DOC 2.0 news coverage");
    expect(gdeltSource.options).toMatchObject({ type: "object", additionalProperties: false });
  });

  it("turns timelines into articles, foreign share, tone and source countries (hand-computed)", async () => {
    const server = await startServer(route);
    const { ctx, observations } = await run(server, {
      ...MONTHS,
      extraTerms: { chongqing: ["Chungking"] },
    });
    // chengdu 2024-04: articles 100 + 50 = 150; outside China 60 + 30 = 90 → 90 / 150 = 60 %;
    //   tone (100·−1 + 50·1) / 150 = −1/3 over 2 days; countries with a value > 0 in April, China left out:
    //   United Kingdom (29th), United States (30th) → 2.
    // chengdu 2024-05: articles 412 + 377 = 789; outside China 300 + 200 = 500 → 500 / 789 · 100 %;
    //   tone (412·−0.84 + 377·0.37) / 789 = (−346.08 + 139.49) / 789 = −206.59 / 789;
    //   countries: United Kingdom, Germany, United States → 3.
    // chongqing 2024-04: no data points at all → missing; 2024-05: articles 10 + 0 = 10; outside China 4 → 40 %;
    //   tone: the 2nd has no articles, so only 3.5 (weight 10) counts; countries: only China → 0.
    expect(figures(observations)).toEqual([
      'chengdu/gdelt_articles/2024-04=150 {"articles":150}',
      'chengdu/gdelt_foreign_share/2024-04=60 {"articles":150,"foreignArticles":90}',
      `chengdu/gdelt_tone/2024-04=${r12(-1 / 3)} {"articles":150,"days":2}`,
      'chengdu/gdelt_source_countries/2024-04=2 {"articles":150,"countries":2}',
      'chengdu/gdelt_articles/2024-05=789 {"articles":789}',
      `chengdu/gdelt_foreign_share/2024-05=${r12(50000 / 789)} {"articles":789,"foreignArticles":500}`,
      `chengdu/gdelt_tone/2024-05=${r12(-206.59 / 789)} {"articles":789,"days":2}`,
      'chengdu/gdelt_source_countries/2024-05=3 {"articles":789,"countries":3}',
      "chongqing/gdelt_articles/2024-04=null {}",
      "chongqing/gdelt_foreign_share/2024-04=null {}",
      "chongqing/gdelt_tone/2024-04=null {}",
      "chongqing/gdelt_source_countries/2024-04=null {}",
      'chongqing/gdelt_articles/2024-05=10 {"articles":10}',
      'chongqing/gdelt_foreign_share/2024-05=40 {"articles":10,"foreignArticles":4}',
      'chongqing/gdelt_tone/2024-05=3.5 {"articles":10,"days":1}',
      'chongqing/gdelt_source_countries/2024-05=0 {"articles":10,"countries":0}',
    ]);
    expect(observations[5]?.value).toBeCloseTo(63.37135614702155, 12);
    expect(observations[6]?.value).toBeCloseTo(-0.2618377693282636, 12);

    const volumeUrl = server.hits[0]?.url ?? "";
    expect(observations[0]?.provenance).toEqual({
      source: "gdelt:news",
      location: `${server.origin}${volumeUrl}`,
      retrieved: RETRIEVED,
      hash: sha256(fixture("chengdu-volraw.json")),
      licence:
        "GDELT Project terms of use: free for any use, with a citation of the GDELT Project and a link to https://www.gdeltproject.org/",
      basis: { articles: 150 },
    });
    expect(observations[1]?.provenance.location).toBe(`${server.origin}${server.hits[1]?.url}`);
    expect(observations[1]?.provenance.inputs?.map((i) => i.hash)).toEqual([
      sha256(fixture("chengdu-foreign.json")),
      sha256(fixture("chengdu-volraw.json")),
    ]);

    expect(server.hits.map((h) => `${h.params.mode} ${h.params.query}`)).toEqual([
      'timelinevolraw "Chengdu"',
      'timelinevolraw "Chengdu" -sourcecountry:CH',
      'timelinetone "Chengdu"',
      'timelinesourcecountry "Chengdu"',
      'timelinevolraw ("Chongqing" OR "Chungking")',
      'timelinevolraw ("Chongqing" OR "Chungking") -sourcecountry:CH',
      'timelinetone ("Chongqing" OR "Chungking")',
      'timelinesourcecountry ("Chongqing" OR "Chungking")',
    ]);
    expect(server.hits[0]?.params).toEqual({
      query: '"Chengdu"',
      mode: "timelinevolraw",
      format: "json",
      startdatetime: "20240401000000",
      enddatetime: "20240531235959",
    });
    expect(server.hits[0]?.url.startsWith("/api/v2/doc/doc?query=%22Chengdu%22&mode=timelinevolraw")).toBe(
      true,
    );

    const noData = (id: string) =>
      `warning no-data chongqing/${id}/2024-04: no GDELT data for \`2024-04\` for the query \`("Chongqing" OR "Chungking")\`: GDELT returned no data points for it`;
    expect(problems(ctx.issues)).toEqual([
      noData("gdelt_articles"),
      noData("gdelt_foreign_share"),
      noData("gdelt_tone"),
      noData("gdelt_source_countries"),
      "warning no-query-term lhasa: unit `lhasa` has no search term: give one in `terms` or set its `labels.en`; no values for it: `gdelt_articles`, `gdelt_foreign_share`, `gdelt_tone`, `gdelt_source_countries`",
    ]);
    expect(ctx.updates.at(-1)).toEqual({ done: 12, total: 12, message: "GDELT done" });
    expect(ctx.updates.some((u) => u.done === 4 && u.message === "GDELT timelinesourcecountry")).toBe(true);
  });

  it("waits and retries when GDELT answers HTTP 200 text/plain asking to slow down", async () => {
    let throttled = 0;
    const server = await startServer((hit) => {
      if (
        hit.params.mode === "timelinevolraw" &&
        !hit.params.query?.includes("-sourcecountry") &&
        throttled < 1
      ) {
        throttled++;
        return { type: "text/plain; charset=utf-8", body: fixture("throttle.txt") };
      }
      return route(hit);
    });
    const { ctx, observations } = await run(
      server,
      { ...MONTHS, throttleWaitMs: 5, indicators: { tone: null, sourceCountries: null } },
      (c) => {
        c.units = [UNITS[0] as UnitSpec];
      },
    );
    expect(ctx.issues).toEqual([]);
    expect(figures(observations)).toEqual([
      'chengdu/gdelt_articles/2024-04=150 {"articles":150}',
      'chengdu/gdelt_foreign_share/2024-04=60 {"articles":150,"foreignArticles":90}',
      'chengdu/gdelt_articles/2024-05=789 {"articles":789}',
      `chengdu/gdelt_foreign_share/2024-05=${r12(50000 / 789)} {"articles":789,"foreignArticles":500}`,
    ]);
    // The throttled request was sent again, with the same URL.
    expect(server.hits.map((h) => h.params.query)).toEqual([
      '"Chengdu"',
      '"Chengdu"',
      '"Chengdu" -sourcecountry:CH',
    ]);
    expect(server.hits[0]?.url).toBe(server.hits[1]?.url);
    expect(ctx.logs.filter((l) => l.includes("asked to slow down"))).toEqual([
      'info GDELT asked to slow down (`Please limit requests to one every 5 seconds or contact kalev.leetaru5@gmail.com for larger queries.`) on timelinevolraw for `"Chengdu"`; retrying in 5 ms (attempt 2 of 4)',
    ]);
  });

  it("keeps the answer that follows a throttle notice in the response cache, in the notice's place", async () => {
    let throttled = 0;
    const server = await startServer((hit) => {
      if (hit.params.query === '"Chengdu"' && throttled < 1) {
        throttled++;
        return { type: "text/plain", body: fixture("throttle.txt") };
      }
      return route(hit);
    });
    const cacheDir = tempDir("source-gdelt-");
    const options: GdeltSourceOptions = {
      ...MONTHS,
      throttleWaitMs: 5,
      indicators: { tone: null, sourceCountries: null },
    };
    const only = (c: RecordingContext) => {
      c.units = [UNITS[0] as UnitSpec];
      c.http = testClient(c, { cacheDir });
    };
    const first = await run(server, options, only);
    // The notice, the retry's answer and the foreign-share request.
    expect(server.hits).toHaveLength(3);
    expect(first.ctx.logs.filter((l) => l.includes("asked to slow down"))).toHaveLength(1);
    const second = await run(server, options, only);
    // The retry's answer replaced the notice in the cache: the second run asks the network nothing.
    expect(server.hits).toHaveLength(3);
    expect(second.ctx.logs.filter((l) => l.includes("asked to slow down"))).toEqual([]);
    expect(figures(second.observations)).toEqual(figures(first.observations));
    expect(second.ctx.issues).toEqual([]);
  });

  it("reports a unit as throttled when GDELT keeps asking to slow down, and goes on", async () => {
    const server = await startServer((hit) =>
      hit.params.query === '"Chengdu"' ? { type: "text/plain", body: fixture("throttle.txt") } : route(hit),
    );
    const { ctx, observations } = await run(
      server,
      {
        ...MONTHS,
        throttleRetries: 2,
        throttleWaitMs: 1,
        extraTerms: { chongqing: ["Chungking"] },
        indicators: { tone: null, sourceCountries: null },
      },
      (c) => {
        c.units = [UNITS[0] as UnitSpec, UNITS[1] as UnitSpec];
      },
    );
    expect(server.hits.filter((h) => h.params.query === '"Chengdu"')).toHaveLength(3);
    const message =
      'GDELT still asked to slow down after 3 attempts at timelinevolraw for `"Chengdu"`: `Please limit requests to one every 5 seconds or contact kalev.leetaru5@gmail.com for larger queries.`; run again later (answers already received are cached)';
    expect(problems(ctx.issues).slice(0, 2)).toEqual([
      `error throttled chengdu/gdelt_articles: ${message}`,
      `error throttled chengdu/gdelt_foreign_share: ${message}`,
    ]);
    expect(observations.every((o) => o.unit === "chongqing")).toBe(true);
    expect(observations.filter((o) => o.value !== null)).toHaveLength(2);
  });

  it("reports an invalid query (HTTP 200 text/html) as an error naming the query, without further requests", async () => {
    const server = await startServer((hit) =>
      hit.params.query === '"Xi"'
        ? { type: "text/html; charset=utf-8", body: fixture("too-short.html") }
        : route(hit),
    );
    const { ctx, observations } = await run(
      server,
      { ...MONTHS, terms: { lhasa: "Xi" }, extraTerms: { chongqing: ["Chungking"] } },
      (c) => {
        c.units = [UNITS[2] as UnitSpec, UNITS[1] as UnitSpec];
      },
    );
    const message =
      'GDELT rejected the query `"Xi"` (timelinevolraw): `GDELT DOC API The specified phrase is too short.`; check `terms`, `extraTerms` and `operators`';
    expect(problems(ctx.issues).slice(0, 4)).toEqual([
      `error query-rejected lhasa/gdelt_articles: ${message}`,
      `error query-rejected lhasa/gdelt_foreign_share: ${message}`,
      `error query-rejected lhasa/gdelt_tone: ${message}`,
      `error query-rejected lhasa/gdelt_source_countries: ${message}`,
    ]);
    expect(server.hits.filter((h) => h.params.query?.startsWith('"Xi"'))).toHaveLength(1);
    expect(observations.filter((o) => o.unit === "lhasa")).toEqual([]);
    expect(observations.filter((o) => o.unit === "chongqing" && o.period === "2024-05")).toHaveLength(4);
  });

  it("retries a server error (HTTP 500) through the client", async () => {
    let failed = false;
    const server = await startServer((hit) => {
      if (!failed) {
        failed = true;
        return { status: 500, type: "text/plain", body: "internal error" };
      }
      return route(hit);
    });
    const { ctx, observations } = await run(
      server,
      { ...MONTHS, indicators: { foreignShare: null, tone: null, sourceCountries: null } },
      (c) => {
        c.units = [UNITS[0] as UnitSpec];
      },
    );
    expect(ctx.issues).toEqual([]);
    expect(server.hits).toHaveLength(2);
    expect(observations.map((o) => `${o.period}=${o.value}`)).toEqual(["2024-04=150", "2024-05=789"]);
    expect(ctx.logs.some((l) => l.startsWith("info GET") && l.includes("HTTP 500; retrying"))).toBe(true);
  });

  it("reports a request that fails for good as an error per indicator", async () => {
    const server = await startServer(() => ({
      status: 503,
      type: "text/plain",
      body: "down for maintenance",
    }));
    const { ctx, observations } = await run(
      server,
      { ...MONTHS, indicators: { tone: null, sourceCountries: null } },
      (c) => {
        c.units = [UNITS[0] as UnitSpec];
      },
    );
    expect(observations).toEqual([]);
    expect(server.hits).toHaveLength(3);
    expect(ctx.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "error request-failed chengdu/gdelt_articles",
      "error request-failed chengdu/gdelt_foreign_share",
    ]);
    expect(ctx.issues[0]?.message).toContain("HTTP 503 after 3 attempts: `down for maintenance`");
  });

  it("quotes hostile terms so they cannot add operators, and rejects terms with nothing searchable", async () => {
    const server = await startServer(() => json("chongqing-volraw.json"));
    const { ctx, observations } = await run(server, {
      ...MONTHS,
      indicators: { foreignShare: null, tone: null, sourceCountries: null },
      terms: {
        chengdu: 'Chengdu" OR sourcecountry:US) (domain:evil.com',
        chongqing: ['"():', "Chongqing\u0000\nAND theme:TERROR"],
        lhasa: '"")(: ',
      },
    });
    expect(server.hits.map((h) => h.params.query)).toEqual([
      '"Chengdu or sourcecountry US domain evil.com"',
      '"Chongqing and theme TERROR"',
    ]);
    for (const hit of server.hits) expect((hit.params.query ?? "").match(/"/g)).toHaveLength(2);
    expect(problems(ctx.issues).filter((p) => p.includes("no-query-term"))).toEqual([
      'warning no-query-term lhasa: unit `lhasa` has no search term (`"")(: ` has nothing searchable): give one in `terms` or set its `labels.en`; no values for it: `gdelt_articles`',
    ]);
    expect(
      observations.filter((o) => o.value !== null).map((o) => `${o.unit}/${o.period}=${o.value}`),
    ).toEqual(["chengdu/2024-05=10", "chongqing/2024-05=10"]);
  });

  it("reads an empty timeline as no articles, and a reply without a timeline as an error", async () => {
    const server = await startServer((hit) =>
      hit.params.query?.startsWith('"Chengdu"') ? json("no-matches.json") : json("empty.json"),
    );
    const { ctx, observations } = await run(
      server,
      {
        periodType: "year",
        from: "2016",
        to: "2024",
        terms: { chengdu: "Chengdu", chongqing: "Chongqing" },
        indicators: { tone: null, sourceCountries: null },
      },
      (c) => {
        c.units = [UNITS[0] as UnitSpec, UNITS[1] as UnitSpec];
      },
    );
    // Chengdu: nothing matched, so 2017–2024 have 0 articles and no share; 2016 is before GDELT's timelines.
    expect(observations.filter((o) => o.value !== null).map((o) => `${o.period}=${o.value}`)).toEqual(
      ["2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024"].map((y) => `${y}=0`),
    );
    expect(problems(ctx.issues).filter((p) => p.includes("/2016"))).toEqual([
      'warning no-data chengdu/gdelt_articles/2016: no GDELT data for `2016` for the query `"Chengdu"`: GDELT DOC timelines start on 2017-01-01',
      'warning no-data chengdu/gdelt_foreign_share/2016: no GDELT data for `2016` for the query `"Chengdu"`: GDELT DOC timelines start on 2017-01-01',
    ]);
    expect(problems(ctx.issues)).toContain(
      'warning no-articles chengdu/gdelt_foreign_share/2024: no articles matched `"Chengdu"` in `2024`, so the share from outside China is undefined',
    );
    expect(problems(ctx.issues).filter((p) => p.startsWith("error"))).toEqual([
      'error bad-reply chongqing/gdelt_articles: GDELT\'s timelinevolraw reply for `"Chongqing"` cannot be read: the reply has no `timeline` (GDELT answers `{}` to an unknown `sourcecountry` code or a query it ignores)',
      'error bad-reply chongqing/gdelt_foreign_share: GDELT\'s timelinevolraw reply for `"Chongqing"` cannot be read: the reply has no `timeline` (GDELT answers `{}` to an unknown `sourcecountry` code or a query it ignores)',
    ]);
  });

  it("takes year periods from the spec, other domestic countries and extra operators", async () => {
    const server = await startServer(() => json("chengdu-volraw.json"));
    const { ctx, observations } = await run(
      server,
      {
        operators: ["sourcelang:english"],
        domesticCountries: ["ch", "HK"],
        indicators: { tone: null, sourceCountries: null },
      },
      (c) => {
        c.units = [UNITS[0] as UnitSpec];
        c.periods = ["2024", "2024-Q1"];
      },
    );
    expect(
      server.hits.map((h) => `${h.params.query} ${h.params.startdatetime}-${h.params.enddatetime}`),
    ).toEqual([
      '"Chengdu" sourcelang:english 20240101000000-20241231235959',
      '"Chengdu" sourcelang:english -sourcecountry:CH -sourcecountry:HK 20240101000000-20241231235959',
    ]);
    // The same fixture twice: 939 articles in 2024, all of them "outside China" → 100 %.
    expect(figures(observations)).toEqual([
      'chengdu/gdelt_articles/2024=939 {"articles":939}',
      'chengdu/gdelt_foreign_share/2024=100 {"articles":939,"foreignArticles":939}',
    ]);
    expect(problems(ctx.issues)).toEqual([
      "warning period-ignored news: gdelt source `news` yields year periods; the spec's periods `2024-Q1` are not years and get no values",
    ]);
  });

  it("reports what it cannot work with as errors, without requests", async () => {
    const server = await startServer(route);
    const cases: [GdeltSourceOptions, (c: RecordingContext) => void, string][] = [
      [
        MONTHS,
        (c) => delete c.http,
        "error no-http-client news: gdelt source `news` reads a web API, but the host gave it no HTTP client (`ctx.http`): run it where the network is allowed",
      ],
      [
        MONTHS,
        (c) => delete c.units,
        "error no-units news: gdelt source `news` queries per unit, but the spec has no units",
      ],
      [
        {},
        () => {},
        "error no-periods news: gdelt source `news` needs periods: set `from` and `to` (`2023`, `2024`)",
      ],
      [
        { ...MONTHS, to: "2024" },
        () => {},
        "error bad-option news: gdelt source `news`: option `to` must be a month such as `2024-05`, got `2024`",
      ],
      [
        { ...MONTHS, operators: ['sourcelang:english") OR ("x'] },
        () => {},
        'error bad-option news: gdelt source `news`: option `operators` takes GDELT operators such as `sourcelang:english` (no spaces, quotes or parentheses), got `sourcelang:english") OR ("x`',
      ],
      [
        { ...MONTHS, domesticCountries: ["CHN"] },
        () => {},
        "error bad-option news: gdelt source `news`: option `domesticCountries` takes FIPS 10-4 country codes such as `CH`, got `CHN`",
      ],
      [
        { ...MONTHS, colour: "red" } as GdeltSourceOptions,
        () => {},
        "error bad-option news: gdelt source `news`: unknown option `colour`; the options are `endpoint`, `terms`, `termFrom`, `extraTerms`, `operators`, `periodType`, `from`, `to`, `indicators`, `domesticCountries`, `domesticNames`, `shares`, `throttleRetries`, `throttleWaitMs`, `licence`",
      ],
    ];
    for (const [options, setup, expected] of cases) {
      const { ctx, observations } = await run(server, options, setup);
      expect(observations).toEqual([]);
      expect(problems(ctx.issues)).toEqual([expected]);
    }
    expect(server.hits).toEqual([]);
  });

  it("stops when the fetch is aborted", async () => {
    const server = await startServer(route);
    const ctx = recordingContext("/tmp", "news");
    ctx.units = UNITS;
    ctx.http = testClient(ctx);
    ctx.controller.abort(new Error("stopped"));
    await expect(collect(gdeltSource.fetch({ endpoint: server.origin, ...MONTHS }, ctx))).rejects.toThrow(
      "stopped",
    );
    expect(server.hits).toEqual([]);
  });
});

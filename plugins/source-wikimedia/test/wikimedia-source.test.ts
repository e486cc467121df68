import { createHash } from "node:crypto";
import type { Observation, UnitSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { CHINESE_EDITIONS, wikimediaSource } from "../src/index.js";
import { CONTACT, cells, collect, problems, recordingContext, testHttp } from "./helpers.js";
import { NO_DATA, wikimediaServer } from "./wikimedia-server.js";

const sha = (text: string) => `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const UNITS: UnitSpec[] = [
  { id: "shanghai", labels: { en: "Shanghai", zh: "上海" }, meta: { wikidata: "Q8686" } },
  { id: "chengdu", meta: { wikidata: " Q30002 ", tier: 1 } },
  { id: "lhasa", labels: { en: "Lhasa" }, meta: { tier: 3 } },
  { id: "nowhere", meta: { wikidata: "Q404" } },
  { id: "injected", meta: { wikidata: "Q1|Q2" } },
];

/** A recording context with units and the real HTTP client. */
function context(units: UnitSpec[], periods?: string[], http = testHttp()) {
  const ctx = recordingContext("/nowhere", "pageviews");
  ctx.units = units;
  if (periods) ctx.periods = periods;
  ctx.http = http.http;
  return { ctx, sleeps: http.sleeps };
}

describe("wikimediaSource", () => {
  it("declares its id, label and options schema", () => {
    expect(wikimediaSource.id).toBe("wikimedia");
    expect(wikimediaSource.label).toBe("Wikipedia pageviews");
    expect(wikimediaSource.options).toMatchObject({ type: "object", additionalProperties: false });
  });

  it("sums human views over the non-Chinese editions by year (hand-computed from the fixtures)", async () => {
    const server = await wikimediaServer({ "en.wikipedia/Chengdu": "fail-once" });
    const { ctx, sleeps } = context(UNITS);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2023-11",
          end: "2024-02",
          indicators: { perEdition: { en: "wikipedia_views_en" } },
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    // shanghai (dewiki, enwiki, frwiki, jawiki; commons, wikivoyage and the zh, zh_yue and wuu editions left out):
    //   2023: en 100000 + 110000 = 210000; de 20000 + 21000 = 41000; ja has no months in 2023; fr 404 no data
    //         → total 210000 + 41000 = 251000 over 2 viewed editions.
    //   2024: en 120000 + 95000 = 215000; de 22000 + 19000 = 41000; ja 5000 + 4000 = 9000
    //         → total 215000 + 41000 + 9000 = 265000 over 3 viewed editions.
    // chengdu (dewiki, enwiki, eswiki, kowiki; zh_min_nan left out; enwiki answers 500 once, then its data):
    //   2023: en 60000 + 61000 = 121000; de 10000 + 11000 = 21000; es 3000; ko 700 + 800 = 1500
    //         → 121000 + 21000 + 3000 + 1500 = 146500 over 4 editions.
    //   2024: en 62000 + 58000 = 120000; de 12000 + 13000 = 25000; es 3500; ko 900 + 1000 = 1900
    //         → 120000 + 25000 + 3500 + 1900 = 150400 over 4 editions.
    expect(cells(observations)).toEqual([
      "shanghai/wikipedia_pageviews/2023=251000",
      "shanghai/wikipedia_languages/2023=2",
      "shanghai/wikipedia_views_en/2023=210000",
      "shanghai/wikipedia_pageviews/2024=265000",
      "shanghai/wikipedia_languages/2024=3",
      "shanghai/wikipedia_views_en/2024=215000",
      "chengdu/wikipedia_pageviews/2023=146500",
      "chengdu/wikipedia_languages/2023=4",
      "chengdu/wikipedia_views_en/2023=121000",
      "chengdu/wikipedia_pageviews/2024=150400",
      "chengdu/wikipedia_languages/2024=4",
      "chengdu/wikipedia_views_en/2024=120000",
    ]);
    expect(problems(ctx.issues)).toEqual([
      "info partial-year pageviews: wikimedia source `pageviews`: the months 2023-11 to 2024-02 do not cover whole years, so the views of the first or last year are summed over fewer than 12 months",
      "warning missing-wikidata-id /units/2/meta/wikidata: unit `lhasa` has no Wikidata id in `meta.wikidata`, so its values from this source are missing: add its item id (such as `Q8686`)",
      "error bad-wikidata-id /units/4/meta/wikidata: unit `injected` has `Q1|Q2` in `meta.wikidata`, which is not a Wikidata item id (`Q` and a number, such as `Q8686`); it is not sent anywhere and the unit's values from this source are missing",
      "warning unknown-wikidata-item data/nowhere: Wikidata has no item `Q404` (unit `nowhere`, `meta.wikidata`); the unit's pageview values are missing",
    ]);

    // One wbgetentities call for the three valid ids; the invalid one never reaches the server.
    expect(server.idCalls).toEqual([["Q8686", "Q30002", "Q404"]]);
    expect(server.hits.some((h) => decodeURIComponent(h.url).includes("Q1|Q2"))).toBe(false);
    // No Chinese edition is asked; enwiki/Chengdu is asked twice (500, then the retry).
    const range = "monthly/20231101/20240229";
    expect(server.articleRequests).toEqual(
      expect.arrayContaining([
        `de.wikipedia/all-access/user/Shanghai/${range}`,
        `en.wikipedia/all-access/user/Shanghai/${range}`,
        `fr.wikipedia/all-access/user/Shanghai/${range}`,
        `ja.wikipedia/all-access/user/${encodeURIComponent("上海市")}/${range}`,
        `ko.wikipedia/all-access/user/${encodeURIComponent("청두시")}/${range}`,
      ]),
    );
    expect(server.articleRequests).toHaveLength(9);
    expect(
      server.articleRequests.filter((r) => r.startsWith("en.wikipedia/all-access/user/Chengdu/")),
    ).toHaveLength(2);
    expect(server.articleRequests.filter((r) => /^(zh|zh-yue|wuu|zh-min-nan)\./.test(r))).toEqual([]);
    expect(sleeps).toHaveLength(1);
    // The User-Agent with the contact reaches the server on every request.
    expect(server.hits).toHaveLength(1 + 9);
    for (const hit of server.hits)
      expect(hit.headers["user-agent"]).toMatch(/^cityindex\/\S+ \(\+mailto:tests@example\.org\)$/);
    expect(server.hits[0]!.headers["user-agent"]).toContain(CONTACT);

    // Provenance: the total's first request and how many more; its hash is that of the four bodies' hashes.
    const total = observations[0]!.provenance!;
    const bodies = [
      "de.wikipedia/Shanghai",
      "en.wikipedia/Shanghai",
      "fr.wikipedia/Shanghai",
      "ja.wikipedia/上海市",
    ].map((k) => server.served.get(k)!);
    expect(bodies[2]).toBe(NO_DATA);
    expect(total).toEqual({
      source: "wikimedia:pageviews",
      location: `${server.pageviews}/per-article/de.wikipedia/all-access/user/Shanghai/${range} (+3 more)`,
      retrieved: expect.stringMatching(ISO),
      hash: `sha256:${createHash("sha256").update(bodies.map(sha).join("\n")).digest("hex")}`,
      licence: "CC0-1.0",
    });
    expect(observations[2]!.provenance).toEqual({
      source: "wikimedia:pageviews",
      location: `${server.pageviews}/per-article/en.wikipedia/all-access/user/Shanghai/${range}`,
      retrieved: expect.stringMatching(ISO),
      hash: sha(server.served.get("en.wikipedia/Shanghai")!),
      licence: "CC0-1.0",
    });
    // Progress: the sitelinks, then each of the 8 articles.
    expect(ctx.updates.at(-1)).toEqual({ done: 8, total: 8, message: "reading pageviews of chengdu" });
  });

  it("gives months, edition counts from sitelinks and views per named edition", async () => {
    const server = await wikimediaServer();
    const { ctx } = context([UNITS[1]!]);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2023-11",
          end: "2024-02",
          periodType: "month",
          editionCount: "sitelinks",
          indicators: {
            total: "views",
            editions: "editions",
            perEdition: { es: "views_es", kowiki: "views_ko" },
          },
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    // chengdu by month, en + de + es + ko:
    //   2023-11: 60000 + 10000 + (es none) + 700 = 70700
    //   2023-12: 61000 + 11000 + 3000 + 800 = 75800
    //   2024-01: 62000 + 12000 + 3500 + 900 = 78400
    //   2024-02: 58000 + 13000 + (es none) + 1000 = 72000
    // editions with a sitelink (zh_min_nan excluded): 4 in every month.
    expect(cells(observations)).toEqual([
      "chengdu/views/2023-11=70700",
      "chengdu/editions/2023-11=4",
      "chengdu/views_es/2023-11=null",
      "chengdu/views_ko/2023-11=700",
      "chengdu/views/2023-12=75800",
      "chengdu/editions/2023-12=4",
      "chengdu/views_es/2023-12=3000",
      "chengdu/views_ko/2023-12=800",
      "chengdu/views/2024-01=78400",
      "chengdu/editions/2024-01=4",
      "chengdu/views_es/2024-01=3500",
      "chengdu/views_ko/2024-01=900",
      "chengdu/views/2024-02=72000",
      "chengdu/editions/2024-02=4",
      "chengdu/views_es/2024-02=null",
      "chengdu/views_ko/2024-02=1000",
    ]);
    expect(ctx.issues).toEqual([]);
    // The edition count's provenance is the wbgetentities call.
    expect(observations[1]!.provenance).toMatchObject({
      source: "wikimedia:pageviews",
      location: `${server.wikidata}?action=wbgetentities&format=json&props=sitelinks%2Furls&ids=Q30002`,
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      licence: "CC0-1.0",
    });
  });

  it("takes the months from the spec's years, and honours an allow-list and a wider exclusion", async () => {
    const server = await wikimediaServer();
    const { ctx } = context([UNITS[0]!], ["2024", "2023"]);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          editions: ["en", "dewiki", "ja", "zh"],
          exclude: [...CHINESE_EDITIONS, "ja"],
          indicators: { editions: null },
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    // Only en and de are both allowed and not excluded: 2023 210000 + 41000; 2024 215000 + 41000.
    expect(cells(observations)).toEqual([
      "shanghai/wikipedia_pageviews/2023=251000",
      "shanghai/wikipedia_pageviews/2024=256000",
    ]);
    expect(server.articleRequests).toEqual([
      "de.wikipedia/all-access/user/Shanghai/monthly/20230101/20241231",
      "en.wikipedia/all-access/user/Shanghai/monthly/20230101/20241231",
    ]);
    expect(ctx.issues).toEqual([]);
  });

  it("includes a Chinese edition when `exclude` no longer names it", async () => {
    const server = await wikimediaServer();
    const { ctx } = context([UNITS[0]!]);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2024-01",
          end: "2024-12",
          exclude: [],
          editions: ["zh", "en"],
          indicators: { perEdition: { zh: "views_zh" } },
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    // en 120000 + 95000 = 215000; zh 9000000 + 9000000 = 18000000 (the fixture's January and February 2024).
    expect(cells(observations)).toEqual([
      "shanghai/wikipedia_pageviews/2024=18215000",
      "shanghai/wikipedia_languages/2024=2",
      "shanghai/views_zh/2024=18000000",
    ]);
  });

  it("encodes hostile titles as one path segment and refuses dot segments", async () => {
    const server = await wikimediaServer();
    const { ctx } = context([{ id: "testville", meta: { qid: "Q4200" } }]);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2024-01",
          end: "2024-01",
          periodType: "month",
          wikidataField: "qid",
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    // de 22 + en 11 + es 33 = 66, from three editions; fr's title `..` is refused.
    expect(cells(observations)).toEqual([
      "testville/wikipedia_pageviews/2024-01=66",
      "testville/wikipedia_languages/2024-01=3",
    ]);
    const segments = server.articleRequests.map((r) => r.split("/")[3]);
    expect(segments).toEqual([
      "What%3F_100%25_%231_%26_more",
      "AC%2FDC_(band)",
      "S%C3%A3o_Paulo%2FCentro%3Fx%3D1",
    ]);
    expect(segments.map((s) => decodeURIComponent(s!))).toEqual([
      "What?_100%_#1_&_more",
      "AC/DC_(band)",
      "São_Paulo/Centro?x=1",
    ]);
    for (const r of server.articleRequests) expect(r.split("/")).toHaveLength(7);
    expect(problems(ctx.issues)).toEqual([
      "warning bad-title data/testville: the sitelink of `Q4200` (unit `testville`) in `frwiki` has the title `..`, which cannot be an article's title; that edition is left out",
    ]);
  });

  it("leaves a unit's total missing and names the edition when a request fails for good", async () => {
    const server = await wikimediaServer({ "ko.wikipedia/청두시": "always-503" });
    const { ctx } = context([UNITS[1]!]);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2024-01",
          end: "2024-02",
          indicators: { perEdition: { en: "views_en", ko: "views_ko" } },
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    // en 62000 + 58000 = 120000 is known; the total and the edition count would be too low without ko.
    expect(cells(observations)).toEqual([
      "chengdu/wikipedia_pageviews/2024=null",
      "chengdu/wikipedia_languages/2024=null",
      "chengdu/views_en/2024=120000",
      "chengdu/views_ko/2024=null",
    ]);
    const url = `${server.pageviews}/per-article/ko.wikipedia/all-access/user/${encodeURIComponent("청두시")}/monthly/20240101/20240229`;
    expect(problems(ctx.issues)).toEqual([
      "info partial-year pageviews: wikimedia source `pageviews`: the months 2024-01 to 2024-02 do not cover whole years, so the views of the year are summed over fewer than 12 months",
      `warning request-failed data/chengdu: pageviews of unit \`chengdu\` in \`kowiki\` (\`청두시\`): GET ${url} failed: HTTP 503 after 3 attempts: \`{"title":"Service unavailable"}\`; the unit's total views and edition count are missing`,
    ]);
    expect(server.articleRequests.filter((r) => r.startsWith("ko."))).toHaveLength(3);
  });

  it("reports a malformed JSON body and a 404 that is not the API's no-data answer", async () => {
    const server = await wikimediaServer({
      "en.wikipedia/Chengdu": "malformed",
      "de.wikipedia/Chengdu": "plain-404",
    });
    const { ctx } = context([UNITS[1]!]);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2024-01",
          end: "2024-01",
          periodType: "month",
          indicators: { perEdition: { es: "views_es" } },
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    expect(cells(observations)).toEqual([
      "chengdu/wikipedia_pageviews/2024-01=null",
      "chengdu/wikipedia_languages/2024-01=null",
      "chengdu/views_es/2024-01=3500",
    ]);
    const url = (p: string, t: string) =>
      `${server.pageviews}/per-article/${p}/all-access/user/${t}/monthly/20240101/20240131`;
    expect(problems(ctx.issues)).toEqual([
      `warning request-failed data/chengdu: pageviews of unit \`chengdu\` in \`dewiki\` (\`Chengdu\`): GET ${url("de.wikipedia", "Chengdu")} answered HTTP 404 without the API's "no data" body; the unit's total views and edition count are missing`,
      `warning bad-response data/chengdu: pageviews of unit \`chengdu\` in \`enwiki\` (\`Chengdu\`): cannot read the answer of GET ${url("en.wikipedia", "Chengdu")}: the body is not JSON; the unit's total views and edition count are missing`,
    ]);
  });

  it("treats a 404 no-data answer as missing, not as a failure", async () => {
    const server = await wikimediaServer();
    const { ctx } = context([UNITS[0]!]);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2023-11",
          end: "2023-12",
          editions: ["fr", "ja"],
          indicators: { perEdition: { fr: "views_fr" } },
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    // fr answers 404 no data; ja has no months in 2023: nothing to sum, and no edition was viewed.
    expect(cells(observations)).toEqual([
      "shanghai/wikipedia_pageviews/2023=null",
      "shanghai/wikipedia_languages/2023=0",
      "shanghai/views_fr/2023=null",
    ]);
    expect(problems(ctx.issues)).toEqual([
      "info partial-year pageviews: wikimedia source `pageviews`: the months 2023-11 to 2023-12 do not cover whole years, so the views of the year are summed over fewer than 12 months",
    ]);
  });

  it("asks wbgetentities for at most 50 ids a call", async () => {
    const server = await wikimediaServer();
    const units = Array.from({ length: 120 }, (_, i) => ({
      id: `u${i}`,
      meta: { wikidata: `Q${1000 + i}` },
    }));
    const { ctx } = context(units);
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2024-01",
          end: "2024-12",
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    expect(observations).toEqual([]);
    expect(server.idCalls.map((ids) => ids.length)).toEqual([50, 50, 20]);
    expect(server.idCalls.flat()).toEqual(units.map((u) => u.meta.wikidata));
    expect(ctx.issues).toHaveLength(120);
    expect(new Set(ctx.issues.map((i) => i.code))).toEqual(new Set(["unknown-wikidata-item"]));
  });

  it("names every unit of a wbgetentities answer it cannot read", async () => {
    const server = await wikimediaServer({ wbgetentities: "malformed" });
    const { ctx } = context(UNITS.slice(0, 2));
    const observations = await collect(
      wikimediaSource.fetch(
        {
          start: "2024-01",
          end: "2024-12",
          pageviewsEndpoint: server.pageviews,
          wikidataEndpoint: server.wikidata,
        },
        ctx,
      ),
    );
    expect(observations).toEqual([]);
    const url = `${server.wikidata}?action=wbgetentities&format=json&props=sitelinks%2Furls&ids=Q8686%7CQ30002`;
    expect(problems(ctx.issues)).toEqual([
      `warning bad-response data/shanghai: cannot read the sitelinks of \`Q8686\` (unit \`shanghai\`) from ${url}: the body is not JSON; the unit's pageview values are missing`,
      `warning bad-response data/chengdu: cannot read the sitelinks of \`Q30002\` (unit \`chengdu\`) from ${url}: the body is not JSON; the unit's pageview values are missing`,
    ]);
  });

  it("reports an error, not a throw, without an HTTP client, units, periods or with bad options", async () => {
    const run = async (
      options: Record<string, unknown>,
      setup: (ctx: ReturnType<typeof recordingContext>) => void,
    ) => {
      const ctx = recordingContext("/nowhere", "pv");
      setup(ctx);
      const out: Observation[] = await collect(wikimediaSource.fetch(options, ctx));
      expect(out).toEqual([]);
      return problems(ctx.issues);
    };
    const http = testHttp().http;
    expect(await run({ start: "2024-01", end: "2024-12" }, (ctx) => (ctx.units = UNITS))).toEqual([
      "error no-http-client pv: wikimedia source `pv`: the host gives no HTTP client (`ctx.http`), so no pageviews can be fetched; run it from a host with network access, such as the `cityindex` CLI",
    ]);
    expect(await run({ start: "2024-01", end: "2024-12" }, (ctx) => (ctx.http = http))).toEqual([
      "error no-units pv: wikimedia source `pv`: the host gives no units (`ctx.units`), so there is nothing to look up",
    ]);
    expect(
      await run({}, (ctx) => {
        ctx.http = http;
        ctx.units = UNITS;
      }),
    ).toEqual([
      "error no-period-range pv: wikimedia source `pv`: set `start` and `end` (YYYY-MM): the spec names no periods to take them from",
    ]);
    expect(await run({ start: "2024-13" }, () => {})).toEqual([
      "error bad-option pv: wikimedia source `pv`: option `start` must be a month YYYY-MM, got `2024-13`",
    ]);
    expect(await run({ indicators: { perEdition: { zh: "views_zh" } } }, () => {})).toEqual([
      "error bad-option pv: wikimedia source `pv`: `indicators.perEdition` names `zh`, which `exclude` leaves out",
    ]);
    expect(await run({ pageviewsEndpoint: "ftp://example.org" }, () => {})).toEqual([
      "error bad-option pv: wikimedia source `pv`: option `pageviewsEndpoint` must be an http or https URL without a query string, got `ftp://example.org`",
    ]);
  });
});

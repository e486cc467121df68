import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { UnitSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { type WikidataObservation, wikidataSource } from "../src/index.js";
import { cells, collect, problems, recordingContext, tempDir, testHttp } from "./helpers.js";
import { sparqlServer } from "./sparql-server.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const sha = (bytes: Uint8Array | string) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const UNITS: UnitSpec[] = [
  { id: "shanghai", meta: { wikidata: "Q8686" } },
  { id: "chengdu", meta: { wikidata: "Q30002" } },
  { id: "lhasa", meta: { tier: 3 } },
  { id: "xian", meta: { wikidata: "Q5826" } },
  { id: "evil", meta: { wikidata: "Q1 } ?s ?p ?o . { " } },
];

function context(dir: string, units: UnitSpec[] = UNITS, http = testHttp()) {
  const ctx = recordingContext(dir, "wd");
  ctx.units = units;
  ctx.periods = ["2023", "2024"];
  ctx.http = http.http;
  return { ctx, sleeps: http.sleeps };
}

describe("wikidataSource", () => {
  it("declares its id, label and options schema", () => {
    expect(wikidataSource.id).toBe("wikidata");
    expect(wikidataSource.label).toBe("Wikidata counts");
    expect(wikidataSource.options).toMatchObject({ type: "object", additionalProperties: false });
  });

  it("counts twins, consulates, websites and accounts, and applies the official overrides", async () => {
    const server = await sparqlServer({ twins: "429-once" });
    const dir = tempDir();
    copyFileSync(fixture("official.csv"), join(dir, "official.csv"));
    const { ctx, sleeps } = context(dir);
    const observations = (await collect(
      wikidataSource.fetch(
        {
          endpoint: server.endpoint,
          overrides: "official.csv",
          indicators: { consulateMissions: "consulate_missions" },
        },
        ctx,
      ),
    )) as WikidataObservation[];
    // From the fixtures (period: the spec's last year, 2024). official_website is 1 when the item has at least one
    // website: chengdu has 2 → 1, xian 0 → 0. The override file replaces chengdu's consulates (22 → 23) and xian's
    // website (0 → 1), and adds lhasa's sister cities (no Wikidata id) and shanghai's for 2023.
    expect(cells(observations)).toEqual([
      "shanghai/sister_cities/2024=71",
      "shanghai/sister_city_countries/2024=52",
      "shanghai/consulates/2024=76",
      "shanghai/consulate_missions/2024=79",
      "shanghai/official_website/2024=1",
      "shanghai/social_accounts/2024=5",
      "chengdu/sister_cities/2024=38",
      "chengdu/sister_city_countries/2024=33",
      "chengdu/consulates/2024=23",
      "chengdu/consulate_missions/2024=23",
      "chengdu/official_website/2024=1",
      "chengdu/social_accounts/2024=3",
      "xian/sister_cities/2024=30",
      "xian/sister_city_countries/2024=28",
      "xian/consulates/2024=4",
      "xian/consulate_missions/2024=4",
      "xian/official_website/2024=1",
      "xian/social_accounts/2024=0",
      "lhasa/sister_cities/2024=13",
      "shanghai/sister_cities/2023=90",
    ]);
    expect(problems(ctx.issues)).toEqual([
      "warning missing-wikidata-id /units/2/meta/wikidata: unit `lhasa` has no Wikidata id in `meta.wikidata`, so its values from this source are missing: add its item id (such as `Q8686`)",
      "error bad-wikidata-id /units/4/meta/wikidata: unit `evil` has `Q1 } ?s ?p ?o . { ` in `meta.wikidata`, which is not a Wikidata item id (`Q` and a number, such as `Q8686`); it is not sent anywhere and the unit's values from this source are missing",
      "info override official.csv:2: `chengdu/consulates/2024` is `23` from the override file (Ministry of Foreign Affairs, list of foreign consulates in Chengdu (2024)), instead of Wikidata's `22`",
      "info override official.csv:5: `xian/official_website/2024` is `1` from the override file, instead of Wikidata's `0`",
      "info override official.csv:3: `lhasa/sister_cities/2024` is `13` from the override file (CPAFFC register 2024), where Wikidata gave no value",
      "info override official.csv:4: `shanghai/sister_cities/2023` is `90` from the override file (Shanghai yearbook 2023), where Wikidata gave no value",
    ]);

    // Four queries (the twins one twice: 429, then after the Retry-After of 2 s), all POSTed with format=json.
    expect(server.asked.map((a) => `${a.method} ${a.kind} ${a.cities.join(",")}`)).toEqual([
      "POST twins Q8686,Q30002,Q5826",
      "POST twins Q8686,Q30002,Q5826",
      "POST consulates Q8686,Q30002,Q5826",
      "POST websites Q8686,Q30002,Q5826",
      "POST accounts Q8686,Q30002,Q5826",
    ]);
    expect(sleeps).toEqual([2000]);
    expect(server.asked.some((a) => a.query.includes("?s ?p ?o"))).toBe(false);
    for (const hit of server.hits) {
      expect(hit.headers["user-agent"]).toMatch(/^cityindex\/\S+ \(\+mailto:tests@example\.org\)$/);
      expect(hit.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(hit.headers.accept).toBe("application/sparql-results+json");
    }
    // Provenance: the query's text, the endpoint, the response's hash; an override names its file and line.
    const twins = server.asked[1]!;
    expect(observations[0]!.provenance).toEqual({
      source: "wikidata:wd",
      location: server.endpoint,
      retrieved: expect.stringMatching(ISO),
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      licence: "CC0-1.0",
      query: twins.query,
    });
    expect(twins.query).toContain("VALUES ?city { wd:Q8686 wd:Q30002 wd:Q5826 }");
    expect(observations[2]!.provenance.query).toBe(server.asked[2]!.query);
    expect(observations[8]!.provenance).toEqual({
      source: "wikidata:wd",
      location: "official.csv:2",
      override: true,
      hash: sha(readFileSync(fixture("official.csv"))),
      note: "Ministry of Foreign Affairs, list of foreign consulates in Chengdu (2024)",
    });
    expect(ctx.updates.at(-1)).toEqual({ done: 4, total: 4, message: "querying social-account counts" });
  });

  it("sends GET queries in batches, only the queries its indicators need, for a set period", async () => {
    const server = await sparqlServer();
    const { ctx } = context(
      "/nowhere",
      UNITS.filter((u) => u.id !== "evil" && u.id !== "lhasa"),
    );
    const observations = await collect(
      wikidataSource.fetch(
        {
          endpoint: server.endpoint,
          method: "GET",
          batchSize: 2,
          period: "2022",
          indicators: {
            sisterCities: "twins",
            sisterCityCountries: null,
            consulates: null,
            officialWebsite: null,
            socialAccounts: null,
          },
        },
        ctx,
      ),
    );
    expect(cells(observations)).toEqual([
      "shanghai/twins/2022=71",
      "chengdu/twins/2022=38",
      "xian/twins/2022=30",
    ]);
    expect(server.asked.map((a) => `${a.method} ${a.kind} ${a.cities.join(",")}`)).toEqual([
      "GET twins Q8686,Q30002",
      "GET twins Q5826",
    ]);
    expect(server.hits[0]!.url).toMatch(/^\/sparql\?query=PREFIX\+wd%3A\+/);
    expect(server.hits[0]!.url).toMatch(/&format=json$/);
    expect(observations[2]!.provenance?.location).toBe(`${server.origin}${server.hits[1]!.url}`);
    expect(ctx.issues).toEqual([]);
  });

  it("retries a 500, and reports a query that fails for good or answers malformed JSON", async () => {
    const server = await sparqlServer({ twins: "500-once", consulates: "always-500", accounts: "malformed" });
    const dir = tempDir();
    writeFileSync(
      join(dir, "o.csv"),
      "Unit,Indicator,Period,Value,Note\r\nshanghai,consulates,2024,76,list\r\n",
    );
    const { ctx } = context(dir, UNITS.slice(0, 2));
    const observations = await collect(
      wikidataSource.fetch({ endpoint: server.endpoint, overrides: "o.csv", period: "2024" }, ctx),
    );
    expect(cells(observations)).toEqual([
      "shanghai/sister_cities/2024=71",
      "shanghai/sister_city_countries/2024=52",
      "shanghai/consulates/2024=76",
      "shanghai/official_website/2024=1",
      "shanghai/social_accounts/2024=null",
      "chengdu/sister_cities/2024=38",
      "chengdu/sister_city_countries/2024=33",
      "chengdu/consulates/2024=null",
      "chengdu/official_website/2024=1",
      "chengdu/social_accounts/2024=null",
    ]);
    expect(server.asked.filter((a) => a.kind === "twins")).toHaveLength(2);
    expect(server.asked.filter((a) => a.kind === "consulates")).toHaveLength(3);
    expect(problems(ctx.issues)).toEqual([
      `warning request-failed wd: wikidata source \`wd\`: the consulate query for \`shanghai\`, \`chengdu\` failed: POST ${server.endpoint} failed: HTTP 500 after 3 attempts: \`java.util.concurrent.TimeoutException\`; their values are missing`,
      `warning bad-response wd: wikidata source \`wd\`: cannot read the answer to the social-account query for \`shanghai\`, \`chengdu\` from ${server.endpoint}: the body is not JSON; their values are missing`,
      "info override o.csv:2: `shanghai/consulates/2024` is `76` from the override file (list), instead of a missing value from Wikidata",
    ]);
    // A failed query's cells still say which query they came from.
    expect(observations[7]!.provenance).toEqual({
      source: "wikidata:wd",
      location: server.endpoint,
      licence: "CC0-1.0",
      query: server.asked.find((a) => a.kind === "consulates")!.query,
    });
  });

  it("refuses an answer about items it did not ask for", async () => {
    const server = await sparqlServer({ websites: "foreign-city" });
    const { ctx } = context("/nowhere", UNITS.slice(0, 1));
    const observations = await collect(
      wikidataSource.fetch(
        {
          endpoint: server.endpoint,
          indicators: {
            sisterCities: null,
            sisterCityCountries: null,
            consulates: null,
            socialAccounts: null,
          },
        },
        ctx,
      ),
    );
    expect(cells(observations)).toEqual(["shanghai/official_website/2024=null"]);
    expect(problems(ctx.issues)).toEqual([
      `warning bad-response wd: wikidata source \`wd\`: cannot read the answer to the official-website query for \`shanghai\` from ${server.endpoint}: row 1 names \`http://www.wikidata.org/entity/Q30002\`, which is not one of the items asked for; their values are missing`,
    ]);
  });

  it("reports an error without an HTTP client and still yields the overrides", async () => {
    const dir = tempDir();
    copyFileSync(fixture("official.csv"), join(dir, "official.csv"));
    const ctx = recordingContext(dir, "wd");
    ctx.units = UNITS.slice(0, 4);
    const observations = await collect(
      wikidataSource.fetch({ period: "2024", overrides: "official.csv" }, ctx),
    );
    expect(cells(observations)).toEqual([
      "chengdu/consulates/2024=23",
      "lhasa/sister_cities/2024=13",
      "shanghai/sister_cities/2023=90",
      "xian/official_website/2024=1",
    ]);
    expect(problems(ctx.issues).slice(0, 2)).toEqual([
      "warning missing-wikidata-id /units/2/meta/wikidata: unit `lhasa` has no Wikidata id in `meta.wikidata`, so its values from this source are missing: add its item id (such as `Q8686`)",
      "error no-http-client wd: wikidata source `wd`: the host gives no HTTP client (`ctx.http`), so Wikidata cannot be queried; only the override file is used; run it from a host with network access, such as the `cityindex` CLI",
    ]);
    expect(ctx.issues.slice(2).map((i) => i.code)).toEqual(["override", "override", "override", "override"]);
  });

  it("names every unusable override row and a missing override file", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "bad.csv"),
      [
        "\uFEFFunit,indicator,period,value,source",
        "shanghai,consulates,2024,80,list A",
        "shanghai,consulates,2024,81,list B",
        "shanghai,airports,2024,2,",
        "beijing,consulates,2024,60,",
        "shanghai,sister_cities,24,70,",
        "shanghai,social_accounts,2024,-3,",
        "shanghai,social_accounts,2024,0x10,",
        "shanghai,official_website,2024",
        "shanghai,sister_city_countries,2024,NA,unknown",
        "",
      ].join("\n"),
    );
    const server = await sparqlServer();
    const { ctx } = context(dir, UNITS.slice(0, 1));
    const observations = await collect(
      wikidataSource.fetch({ endpoint: server.endpoint, overrides: "bad.csv", period: "2024" }, ctx),
    );
    expect(cells(observations)).toEqual([
      "shanghai/sister_cities/2024=71",
      "shanghai/sister_city_countries/2024=null",
      "shanghai/consulates/2024=80",
      "shanghai/official_website/2024=1",
      "shanghai/social_accounts/2024=5",
    ]);
    expect(problems(ctx.issues)).toEqual([
      "error duplicate-override bad.csv:3: `shanghai/consulates/2024` is overridden again (first on line 2); this row is not used",
      "warning unknown-override-indicator bad.csv:4: indicator `airports` is not one this source yields (`sister_cities`, `sister_city_countries`, `consulates`, `official_website`, `social_accounts`); the row is not used",
      "warning unknown-unit bad.csv:5: unit `beijing` is not one of the spec's units; the row is not used",
      "error bad-period bad.csv:6: the period `24` is not a year, month or quarter (`2024`, `2024-05`, `2024-Q2`); the row is not used",
      "error bad-value bad.csv:7: the value `-3` is not a number of at least 0; the row is not used",
      "error bad-value bad.csv:8: the value `0x10` is not a number of at least 0; the row is not used",
      "error bad-override-row bad.csv:9: the row has 3 fields, the header 5; the row is not used",
      "info override bad.csv:10: `shanghai/sister_city_countries/2024` is a missing value from the override file (unknown), instead of Wikidata's `52`",
      "info override bad.csv:2: `shanghai/consulates/2024` is `80` from the override file (list A), instead of Wikidata's `76`",
    ]);

    const ctx2 = context(dir, UNITS.slice(0, 1)).ctx;
    const again = await collect(
      wikidataSource.fetch({ endpoint: server.endpoint, overrides: "gone.csv", period: "2024" }, ctx2),
    );
    expect(again).toHaveLength(5);
    expect(problems(ctx2.issues)).toEqual([
      `error file-not-found gone.csv: cannot read the override file \`gone.csv\`: there is no file at \`${join(dir, "gone.csv")}\``,
    ]);
  });

  it("reports an error, not a throw, for bad options, no units or no period", async () => {
    const run = async (
      options: Record<string, unknown>,
      units: UnitSpec[] | undefined,
      periods: string[] | undefined,
    ) => {
      const ctx = recordingContext("/nowhere", "wd");
      if (units) ctx.units = units;
      if (periods) ctx.periods = periods;
      ctx.http = testHttp().http;
      expect(await collect(wikidataSource.fetch(options, ctx))).toEqual([]);
      return problems(ctx.issues);
    };
    expect(await run({ consulateClasses: ["Q1", "wd:Q2"] }, UNITS, ["2024"])).toEqual([
      "error bad-option wd: wikidata source `wd`: option `consulateClasses` has `wd:Q2`, which is not an item id",
    ]);
    expect(await run({ socialProperties: ["P2002 } ?s ?p ?o"] }, UNITS, ["2024"])).toEqual([
      "error bad-option wd: wikidata source `wd`: option `socialProperties` has `P2002 } ?s ?p ?o`, which is not a property id",
    ]);
    expect(await run({ period: "2024" }, undefined, undefined)).toEqual([
      "error no-units wd: wikidata source `wd`: the host gives no units (`ctx.units`), so there is nothing to look up",
    ]);
    expect(await run({}, UNITS, ["2024-05"])).toEqual([
      "error no-period wd: wikidata source `wd`: set `period` (a year such as `2024`): Wikidata gives the state of today, and the spec names no year to give it for",
    ]);
  });
});

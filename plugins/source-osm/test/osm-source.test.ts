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
import { type OsmObservation, type OsmSourceOptions, osmSource } from "../src/index.js";
import { collect, problems, type RecordingContext, recordingContext } from "./helpers.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const queryOf = (hit: Hit | undefined) => new URLSearchParams(hit?.body ?? "").get("data") ?? "";

const UNITS: UnitSpec[] = [
  { id: "chengdu", labels: { en: "Chengdu" }, meta: { wikidata: "Q30002" } },
  { id: "chongqing", labels: { en: "Chongqing" }, meta: { wikidata: "Q11725" } },
  { id: "lhasa", labels: { en: "Lhasa" } },
  { id: "xian", labels: { en: "Xi'an" }, meta: { wikidata: 'Q5826"]->.city;out;' } },
];

const route = (hit: Hit): Answer => {
  const q = queryOf(hit);
  if (q.includes('"wikidata"="Q30002"')) return { body: fixture("chengdu.json") };
  if (q.includes('"wikidata"="Q11725"')) return { body: fixture("chongqing.json") };
  return { status: 400, type: "text/html", body: "<p>Error: line 2: parse error</p>" };
};

const CHENGDU_QUERY = [
  "[out:json][timeout:180];",
  'area["wikidata"="Q30002"]->.city;',
  ".city out count;",
  'nwr["tourism"="hotel"](area.city);',
  "out count;",
  'nwr["tourism"="attraction"](area.city);',
  "out count;",
  'nwr["amenity"="restaurant"](area.city);',
  "out count;",
  '(nwr["office"="diplomatic"](area.city);nwr["amenity"="embassy"](area.city););',
  "out count;",
].join("\n");

/** `unit/indicator/period=value basis` lines. */
const figures = (observations: readonly OsmObservation[]): string[] =>
  observations.map(
    (o) => `${o.unit}/${o.indicator}/${o.period}=${o.value} ${JSON.stringify(o.provenance.basis)}`,
  );

async function run(
  server: TestServer,
  options: OsmSourceOptions,
  setup: (ctx: RecordingContext) => void = () => {},
): Promise<{ ctx: RecordingContext; observations: OsmObservation[] }> {
  const ctx = recordingContext("/tmp", "poi");
  ctx.units = UNITS;
  ctx.http = testClient(ctx);
  setup(ctx);
  const observations = (await collect(
    osmSource.fetch({ endpoint: `${server.origin}/api/interpreter`, ...options }, ctx),
  )) as OsmObservation[];
  return { ctx, observations };
}

describe("osmSource", () => {
  it("declares its id, label and options schema", () => {
    expect(osmSource.id).toBe("osm");
    expect(osmSource.label).toBe("OpenStreetMap feature counts (Overpass)");
    expect(osmSource.options).toMatchObject({ type: "object", additionalProperties: false });
  });

  it("counts features per category in each city's area, from string counts (hand-checked)", async () => {
    const server = await startServer(route);
    const { ctx, observations } = await run(server, {});
    // Each count's total is nodes + ways + relations as Overpass sends them: chengdu hotels 812 + 344 + 5 = 1161,
    // attractions 390 + 120 + 9 = 519, restaurants 2210 + 95 + 0 = 2305, diplomatic offices 15 + 2 + 0 = 17.
    // The period is the year of the data (timestamp_osm_base 2025-01-15T10:21:00Z).
    expect(figures(observations)).toEqual([
      'chengdu/osm_hotels/2025=1161 {"nodes":812,"ways":344,"relations":5,"areas":1}',
      'chengdu/osm_attractions/2025=519 {"nodes":390,"ways":120,"relations":9,"areas":1}',
      'chengdu/osm_restaurants/2025=2305 {"nodes":2210,"ways":95,"relations":0,"areas":1}',
      'chengdu/osm_diplomatic_offices/2025=17 {"nodes":15,"ways":2,"relations":0,"areas":1}',
      'chongqing/osm_hotels/2025=640 {"nodes":600,"ways":40,"relations":0,"areas":1}',
      'chongqing/osm_attractions/2025=300 {"nodes":280,"ways":20,"relations":0,"areas":1}',
      'chongqing/osm_restaurants/2025=1500 {"nodes":1450,"ways":50,"relations":0,"areas":1}',
      'chongqing/osm_diplomatic_offices/2025=12 {"nodes":12,"ways":0,"relations":0,"areas":1}',
    ]);
    expect(server.hits).toHaveLength(2);
    const hit = server.hits[0] as Hit;
    expect(hit.method).toBe("POST");
    expect(hit.url).toBe("/api/interpreter");
    expect(hit.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    expect(hit.body.startsWith("data=%5Bout%3Ajson%5D")).toBe(true);
    expect(queryOf(hit)).toBe(CHENGDU_QUERY);
    expect(observations[0]?.provenance).toEqual({
      source: "osm:poi",
      location: `${server.origin}/api/interpreter?data=${encodeURIComponent(CHENGDU_QUERY)}`,
      retrieved: new Date(NOW).toISOString(),
      hash: sha256(fixture("chengdu.json")),
      licence: "ODbL-1.0 (© OpenStreetMap contributors)",
      basis: { nodes: 812, ways: 344, relations: 5, areas: 1 },
    });
    expect(problems(ctx.issues)).toEqual([
      "warning no-area lhasa: unit `lhasa` has no area: give its Wikidata id (`Q...`), `relation/<id>` or `area/<id>` in `areas` or in its `meta.wikidata`; no values for it: `osm_hotels`, `osm_attractions`, `osm_restaurants`, `osm_diplomatic_offices`",
      'error bad-area xian: unit `xian` has the area `Q5826"]->.city;out;` in `meta.wikidata`, which is not used: it is none of `Q<digits>` (Wikidata), `relation/<id>` or `area/<id>`; no values for it: `osm_hotels`, `osm_attractions`, `osm_restaurants`, `osm_diplomatic_offices`',
    ]);
    expect(ctx.updates.at(-1)).toEqual({ done: 4, total: 4, message: "Overpass done" });
  });

  it("retries once with a longer timeout when Overpass answers HTTP 200 with a timeout remark", async () => {
    const server = await startServer((hit) =>
      queryOf(hit).startsWith("[out:json][timeout:180];") ? { body: fixture("timeout.json") } : route(hit),
    );
    const { ctx, observations } = await run(server, { period: "2024" }, (c) => {
      c.units = [UNITS[0] as UnitSpec];
    });
    expect(server.hits.map((h) => queryOf(h).split("\n")[0])).toEqual([
      "[out:json][timeout:180];",
      "[out:json][timeout:360];",
    ]);
    expect(queryOf(server.hits[1])).toBe(CHENGDU_QUERY.replace("[timeout:180]", "[timeout:360]"));
    expect(observations.map((o) => `${o.indicator}/${o.period}=${o.value}`)).toEqual([
      "osm_hotels/2024=1161",
      "osm_attractions/2024=519",
      "osm_restaurants/2024=2305",
      "osm_diplomatic_offices/2024=17",
    ]);
    expect(observations[0]?.provenance.location).toContain(encodeURIComponent("[timeout:360]"));
    expect(ctx.issues).toEqual([]);
    expect(ctx.logs).toContain(
      'info Overpass timed out counting in the area with wikidata=Q30002 (chengdu): `runtime error: Query timed out in "query" at line 4 after 181 seconds.`; retrying once with [timeout:360]',
    );
  });

  it("reports a unit whose query keeps timing out, or runs out of memory, as an error per indicator", async () => {
    const server = await startServer((hit) =>
      queryOf(hit).includes("Q30002") ? { body: fixture("timeout.json") } : { body: fixture("memory.json") },
    );
    const { ctx, observations } = await run(server, { timeout: 60 }, (c) => {
      c.units = [UNITS[0] as UnitSpec, UNITS[1] as UnitSpec];
    });
    expect(observations).toEqual([]);
    expect(server.hits.map((h) => queryOf(h).split("\n")[0])).toEqual([
      "[out:json][timeout:60];",
      "[out:json][timeout:120];",
      "[out:json][timeout:60];",
    ]);
    expect(problems(ctx.issues).map((p) => p.split(":")[0])).toEqual([
      "error overpass-timeout chengdu/osm_hotels",
      "error overpass-timeout chengdu/osm_attractions",
      "error overpass-timeout chengdu/osm_restaurants",
      "error overpass-timeout chengdu/osm_diplomatic_offices",
      "error bad-reply chongqing/osm_hotels",
      "error bad-reply chongqing/osm_attractions",
      "error bad-reply chongqing/osm_restaurants",
      "error bad-reply chongqing/osm_diplomatic_offices",
    ]);
    expect(ctx.issues[0]?.message).toBe(
      'Overpass timed out counting features in the area with wikidata=Q30002 for unit `chengdu`: `runtime error: Query timed out in "query" at line 4 after 181 seconds.`; raise `timeout`/`retryTimeout`, or point `endpoint` at a less busy Overpass instance',
    );
    expect(ctx.issues[4]?.message).toBe(
      "Overpass's reply for the area with wikidata=Q11725 (unit `chongqing`) cannot be used: Overpass reported `runtime error: Query run out of memory using about 2048 MB of RAM.`",
    );
  });

  it("takes relation and area ids from `areas`, with custom categories", async () => {
    const server = await startServer(() => ({ body: fixture("two-areas.json") }));
    const { ctx, observations } = await run(
      server,
      {
        areas: { chengdu: "relation/2110264", chongqing: "area/3602110265" },
        categories: {
          osm_hostels: "tourism=hostel",
          osm_consulates: ["diplomatic=consulate", "consulate=*"],
        },
        period: "2025-Q1",
      },
      (c) => {
        c.units = [UNITS[0] as UnitSpec, UNITS[1] as UnitSpec];
      },
    );
    expect(server.hits.map((h) => queryOf(h).split("\n").slice(1).join("\n"))).toEqual([
      [
        "area(3602110264)->.city;",
        ".city out count;",
        'nwr["tourism"="hostel"](area.city);',
        "out count;",
        '(nwr["diplomatic"="consulate"](area.city);nwr["consulate"](area.city););',
        "out count;",
      ].join("\n"),
      [
        "area(3602110265)->.city;",
        ".city out count;",
        'nwr["tourism"="hostel"](area.city);',
        "out count;",
        '(nwr["diplomatic"="consulate"](area.city);nwr["consulate"](area.city););',
        "out count;",
      ].join("\n"),
    ]);
    expect(figures(observations)).toEqual([
      'chengdu/osm_hostels/2025-Q1=34 {"nodes":30,"ways":4,"relations":0,"areas":2}',
      'chengdu/osm_consulates/2025-Q1=8 {"nodes":7,"ways":1,"relations":0,"areas":2}',
      'chongqing/osm_hostels/2025-Q1=34 {"nodes":30,"ways":4,"relations":0,"areas":2}',
      'chongqing/osm_consulates/2025-Q1=8 {"nodes":7,"ways":1,"relations":0,"areas":2}',
    ]);
    expect(problems(ctx.issues)).toEqual([
      "warning ambiguous-area chengdu: relation 2110264 matches 2 areas in OpenStreetMap; the counts for unit `chengdu` cover all of them",
      "warning ambiguous-area chongqing: area 3602110265 matches 2 areas in OpenStreetMap; the counts for unit `chongqing` cover all of them",
    ]);
  });

  it("gives missing values, with a warning each, when the area is not in OpenStreetMap", async () => {
    const server = await startServer(() => ({ body: fixture("no-area.json") }));
    const { ctx, observations } = await run(server, { areas: { chengdu: "Q999999999" } }, (c) => {
      c.units = [UNITS[0] as UnitSpec];
    });
    expect(figures(observations)).toEqual([
      'chengdu/osm_hotels/2025=null {"nodes":0,"ways":0,"relations":0,"areas":0}',
      'chengdu/osm_attractions/2025=null {"nodes":0,"ways":0,"relations":0,"areas":0}',
      'chengdu/osm_restaurants/2025=null {"nodes":0,"ways":0,"relations":0,"areas":0}',
      'chengdu/osm_diplomatic_offices/2025=null {"nodes":0,"ways":0,"relations":0,"areas":0}',
    ]);
    expect(problems(ctx.issues)[0]).toBe(
      "warning area-not-found chengdu/osm_hotels/2025: OpenStreetMap has no area for the area with wikidata=Q999999999 (unit `chengdu`), so nothing was counted: check the id, or give `relation/<id>` in `areas`",
    );
    expect(ctx.issues).toHaveLength(4);
  });

  it("retries a server error (HTTP 500 then 504) through the client, and reports a query Overpass refuses", async () => {
    let n = 0;
    const server = await startServer((hit) => {
      n++;
      if (n === 1) return { status: 500, type: "text/plain", body: "oops" };
      if (n === 2) return { status: 504, type: "text/html", body: "<p>Gateway Timeout</p>" };
      return route(hit);
    });
    const { ctx, observations } = await run(server, { areas: { lhasa: "Q5869" } }, (c) => {
      c.units = [UNITS[0] as UnitSpec, UNITS[2] as UnitSpec];
    });
    expect(server.hits).toHaveLength(4);
    expect(observations.filter((o) => o.unit === "chengdu").map((o) => o.value)).toEqual([
      1161, 519, 2305, 17,
    ]);
    expect(problems(ctx.issues).map((p) => p.split(":")[0])).toEqual([
      "error request-failed lhasa/osm_hotels",
      "error request-failed lhasa/osm_attractions",
      "error request-failed lhasa/osm_restaurants",
      "error request-failed lhasa/osm_diplomatic_offices",
    ]);
    expect(ctx.issues[0]?.message).toBe(
      `Overpass query failed: POST ${server.origin}/api/interpreter failed: HTTP 400 after 1 attempt: \`<p>Error: line 2: parse error</p>\``,
    );
  });

  it("refuses bad options and reports what it cannot work with, without requests", async () => {
    const server = await startServer(route);
    const cases: [OsmSourceOptions, (c: RecordingContext) => void, string][] = [
      [
        {},
        (c) => delete c.http,
        "error no-http-client poi: osm source `poi` reads a web API, but the host gave it no HTTP client (`ctx.http`): run it where the network is allowed",
      ],
      [
        {},
        (c) => delete c.units,
        "error no-units poi: osm source `poi` queries per unit, but the spec has no units",
      ],
      [
        { categories: { osm_hotels: 'tourism=hotel"];out;' } },
        () => {},
        'error bad-option poi: osm source `poi`: option `categories.osm_hotels` has `tourism=hotel"];out;`, which is not a tag filter `key=value` or `key=*` (keys: letters, digits, `_:.-`; values: letters, digits, spaces, `_:;.,&+/-`)',
      ],
      [
        { categories: { "hotels-count": "tourism=hotel" } },
        () => {},
        "error bad-option poi: osm source `poi`: option `categories` has the indicator id `hotels-count`: use letters, digits and `_`, starting with a letter",
      ],
      [
        { categories: {} },
        () => {},
        "error bad-option poi: osm source `poi`: option `categories` is empty: there is nothing to count",
      ],
      [
        { period: "last year" },
        () => {},
        "error bad-option poi: osm source `poi`: option `period` must be a year, month or quarter such as `2025`, `2025-06` or `2025-Q2`, got `last year`",
      ],
      [
        { timeout: 99999 },
        () => {},
        "error bad-option poi: osm source `poi`: option `timeout` must be a whole number from 1 to 3600, got `99999`",
      ],
      [
        { retryTimeout: -1 },
        () => {},
        "error bad-option poi: osm source `poi`: option `retryTimeout` must be a whole number from 0 to 3600, got `-1`",
      ],
      [
        { timout: 30 } as OsmSourceOptions,
        () => {},
        "error bad-option poi: osm source `poi`: unknown option `timout`; the options are `endpoint`, `areas`, `areaFrom`, `categories`, `period`, `timeout`, `retryTimeout`, `licence`",
      ],
      [
        { endpoint: "https://overpass-api.de/api/interpreter?data=x" },
        () => {},
        "error bad-option poi: osm source `poi`: option `endpoint` must be an http or https URL without a query string, got `https://overpass-api.de/api/interpreter?data=x`",
      ],
      [
        { areaFrom: "labels.en" },
        () => {},
        "error bad-option poi: osm source `poi`: option `areaFrom` must be `meta.<column>`, got `labels.en`",
      ],
    ];
    for (const [options, setup, expected] of cases) {
      const { ctx, observations } = await run(server, options, setup);
      expect(observations).toEqual([]);
      expect(problems(ctx.issues)).toEqual([expected]);
    }
    expect(server.hits).toEqual([]);
  });
});

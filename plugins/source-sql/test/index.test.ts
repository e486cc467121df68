import { readFileSync } from "node:fs";
import { createRegistry, Registry, validateSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  createSqlSource,
  DEFAULT_BATCH_SIZE,
  duckdbDriver,
  PLUGIN_NAME,
  PLUGIN_VERSION,
  postgresDriver,
  type SqlDriver,
  shortQuery,
  sqlOptionsSchema,
  sqlSource,
} from "../src/index.js";
import { SQL_OPTION_KEYS } from "../src/options.js";
import { collect, problems, recordingContext, tempDir } from "./helpers.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({ name: "@cityindex/source-sql", version: pkg.version, sources: [sqlSource] });
    expect(pkg.dependencies).toEqual({
      "@cityindex/core": "^0.1.0",
      "@duckdb/node-api": "1.5.6-r.1",
      pg: "8.23.1",
    });
  });

  it("registers the sql source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("sql")).toMatchObject({ plugin: "@cityindex/source-sql" });
  });

  it("lets a spec use the source, validating its options and filling in the defaults", async () => {
    const registry = createRegistry([plugin]);
    const spec = {
      id: "news",
      units: [{ id: "chengdu" }, { id: "lhasa" }],
      indicators: [{ id: "foreign_articles" }],
      framework: { id: "index", children: [{ id: "foreign_articles" }] },
      pipeline: [
        { step: "normalise", method: "min-max" },
        { step: "aggregate", method: "arithmetic" },
      ],
      plugins: [PLUGIN_NAME],
    };
    const options = {
      tables: { articles: "data/articles-*.parquet", extra: { path: "data/x.json", format: "json" } },
      query:
        "SELECT city AS unit, 'foreign_articles' AS indicator, '2024' AS period, count(*) AS value FROM articles GROUP BY city",
      parameters: { cities: ["chengdu"], min: 1 },
    };
    const ok = await validateSpec(
      { ...spec, sources: [{ id: "news", source: "sql", options }] },
      { registry },
    );
    expect(ok.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(ok.spec?.sources?.[0]?.options).toEqual({
      ...options,
      driver: "duckdb",
      layout: "long",
      unitColumn: "unit",
      indicatorColumn: "indicator",
      periodColumn: "period",
      valueColumn: "value",
      batchSize: DEFAULT_BATCH_SIZE,
    });
    // Both `query` and `queryFile` fail only the schema's `oneOf`, which core's validation does not report on
    // its own; the source reports it when it runs (see the options tests).
    for (const bad of [
      {},
      { query: "SELECT 1", driver: "oracle" },
      { query: "SELECT 1", connectionEnv: "postgres://me:pw@host/db" },
      { query: "SELECT 1", tables: { "bad name": "x.csv" } },
      { query: "SELECT 1", parameters: { p: { nested: 1 } } },
      { query: "SELECT 1", layout: "tall" },
    ]) {
      const r = await validateSpec(
        { ...spec, sources: [{ id: "news", source: "sql", options: bad }] },
        { registry },
      );
      expect(r.spec, JSON.stringify(bad)).toBeUndefined();
      expect(r.issues.some((i) => i.path.startsWith("/sources/0/options"))).toBe(true);
    }
  });
});

describe("sqlOptionsSchema", () => {
  it("lists every option with its defaults", () => {
    expect(SQL_OPTION_KEYS).toEqual([
      "query",
      "queryFile",
      "driver",
      "database",
      "tables",
      "connectionEnv",
      "layout",
      "unitColumn",
      "indicatorColumn",
      "periodColumn",
      "valueColumn",
      "period",
      "columns",
      "parameters",
      "batchSize",
      "licence",
      "illustrative",
    ]);
    const properties = sqlOptionsSchema.properties as Record<
      string,
      { default?: unknown; description?: string }
    >;
    for (const [key, p] of Object.entries(properties)) expect(p.description, key).toBeTruthy();
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      driver: "duckdb",
      layout: "long",
      unitColumn: "unit",
      indicatorColumn: "indicator",
      periodColumn: "period",
      valueColumn: "value",
      parameters: {},
      batchSize: 10_000,
    });
  });
});

describe("shortQuery", () => {
  it("puts the query on one line and cuts it", () => {
    expect(shortQuery("SELECT\n  1 AS value")).toBe("SELECT 1 AS value");
    expect(shortQuery(`SELECT ${"x".repeat(100)}`)).toBe(`SELECT ${"x".repeat(40)}…`);
  });
});

describe("createSqlSource", () => {
  it("makes a source with another driver, which the schema and the source accept", async () => {
    const calls: string[] = [];
    const fake: SqlDriver = {
      id: "fake",
      label: "Fake DB",
      kind: "server",
      async open({ connectionString }) {
        calls.push(`open ${connectionString}`);
        return {
          async query(sql, parameters, { batchSize }) {
            calls.push(`query ${sql} ${JSON.stringify(parameters)} ${batchSize}`);
            async function* batches() {
              yield [["chengdu", "x", "2024", 1]];
              yield [["lhasa", "x", "2024", 2]];
            }
            return {
              columns: ["unit", "indicator", "period", "value"],
              parameters: ["p"],
              batches: batches(),
            };
          },
          async close() {
            calls.push("close");
          },
        };
      },
    };
    const source = createSqlSource({ id: "fake-sql", drivers: [fake, duckdbDriver()] });
    expect(source.id).toBe("fake-sql");
    expect((source.options.properties as Record<string, { enum?: unknown }>).driver?.enum).toEqual([
      "fake",
      "duckdb",
    ]);
    const env = "CITYINDEX_TEST_FAKE_DB";
    process.env[env] = "fake://db";
    try {
      const ctx = recordingContext(tempDir(), "f");
      const observations = await collect(
        source.fetch({ query: "SELECT $p", connectionEnv: env, parameters: { p: 1 }, batchSize: 5 }, ctx),
      );
      expect(problems(ctx.issues)).toEqual([]);
      expect(
        observations.map((o) => [o.unit, o.value, o.provenance?.source, o.provenance?.location]),
      ).toEqual([
        ["chengdu", 1, "fake-sql:f", "fake:$CITYINDEX_TEST_FAKE_DB SELECT $p#row=1"],
        ["lhasa", 2, "fake-sql:f", "fake:$CITYINDEX_TEST_FAKE_DB SELECT $p#row=2"],
      ]);
      expect(calls).toEqual(["open fake://db", 'query SELECT $p {"p":1} 5', "close"]);
    } finally {
      delete process.env[env];
    }
  });

  it("refuses no drivers and two drivers with one id", () => {
    expect(() => createSqlSource({ drivers: [] })).toThrow(
      "createSqlSource: `drivers` must name at least one driver",
    );
    expect(() => createSqlSource({ drivers: [postgresDriver(), postgresDriver()] })).toThrow(
      "createSqlSource: two drivers have the id `postgres`",
    );
  });
});

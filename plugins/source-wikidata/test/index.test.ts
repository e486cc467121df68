import { readFileSync } from "node:fs";
import { createRegistry, Registry, validateSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, { PLUGIN_NAME, PLUGIN_VERSION, wikidataOptionsSchema, wikidataSource } from "../src/index.js";
import { resolveWikidataOptions } from "../src/options.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package, and depends on core only", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({
      name: "@cityindex/source-wikidata",
      version: pkg.version,
      sources: [wikidataSource],
    });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0" });
  });

  it("registers the wikidata source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("wikidata")).toMatchObject({ plugin: "@cityindex/source-wikidata" });
  });

  it("lets a spec use the source, validating its options and filling in defaults the source accepts", async () => {
    const registry = createRegistry([plugin]);
    const spec = {
      id: "exchanges",
      units: [
        { id: "shanghai", meta: { wikidata: "Q8686" } },
        { id: "chengdu", meta: { wikidata: "Q30002" } },
      ],
      indicators: [{ id: "sister_cities" }, { id: "consulates" }],
      framework: { id: "index", children: [{ id: "sister_cities" }, { id: "consulates" }] },
      pipeline: [
        { step: "normalise", method: "min-max" },
        { step: "aggregate", method: "arithmetic" },
      ],
      plugins: [PLUGIN_NAME],
    };
    const options = {
      period: "2024",
      overrides: "data/official.csv",
      indicators: { sisterCityCountries: null, officialWebsite: null, socialAccounts: null },
    };
    const ok = await validateSpec(
      { ...spec, sources: [{ id: "wd", source: "wikidata", options }] },
      { registry },
    );
    expect(ok.issues.filter((i) => i.severity === "error")).toEqual([]);
    const filled = ok.spec?.sources?.[0]?.options as Record<string, unknown>;
    expect(filled).toMatchObject({ ...options, method: "POST", batchSize: 50, sendingStateProperty: "P137" });
    expect(resolveWikidataOptions(filled, "spec").indicators).toEqual({
      sisterCities: "sister_cities",
      sisterCityCountries: null,
      consulates: "consulates",
      consulateMissions: null,
      officialWebsite: null,
      socialAccounts: null,
    });
    for (const bad of [
      { period: "24" },
      { consulateClasses: ["Q1 } ?s ?p ?o"] },
      { socialProperties: ["wdt:P2002"] },
      { method: "DELETE" },
    ]) {
      const r = await validateSpec(
        { ...spec, sources: [{ id: "wd", source: "wikidata", options: bad }] },
        { registry },
      );
      expect(r.spec, JSON.stringify(bad)).toBeUndefined();
      expect(r.issues.some((i) => i.path.startsWith("/sources/0/options"))).toBe(true);
    }
  });
});

describe("wikidataOptionsSchema", () => {
  it("declares the defaults the source uses", () => {
    const properties = wikidataOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      wikidataField: "wikidata",
      endpoint: "https://query.wikidata.org/sparql",
      method: "POST",
      batchSize: 50,
      timeoutMs: 65000,
      foreignTwinsOnly: true,
      consulateClasses: ["Q7843791", "Q372690"],
      sendingStateProperty: "P137",
      closedProperties: ["P576", "P3999", "P582"],
      socialProperties: ["P2002", "P2013", "P2003", "P2397", "P4264", "P7085", "P4033"],
    });
    const resolved = resolveWikidataOptions(defaults, "test");
    expect(resolved).toMatchObject({
      method: "POST",
      batchSize: 50,
      period: undefined,
      overrides: undefined,
    });
    expect(resolved.indicators).toEqual({
      sisterCities: "sister_cities",
      sisterCityCountries: "sister_city_countries",
      consulates: "consulates",
      consulateMissions: null,
      officialWebsite: "official_website",
      socialAccounts: "social_accounts",
    });
    const indicatorDefaults = Object.fromEntries(
      Object.entries(
        (properties.indicators as { properties: Record<string, { default: unknown }> }).properties,
      ).map(([k, p]) => [k, p.default]),
    );
    expect(indicatorDefaults).toEqual(resolved.indicators);
  });

  it("refuses bad options with a message naming them", () => {
    const bad = (options: Record<string, unknown>) => () => resolveWikidataOptions(options, "w");
    expect(bad({ period: "2024-05" })).toThrow("w: option `period` must be a year YYYY, got `2024-05`");
    expect(bad({ method: "PUT" })).toThrow("w: option `method` must be one of `GET`, `POST`, got `PUT`");
    expect(bad({ endpoint: "file:///etc/passwd" })).toThrow(
      "w: option `endpoint` must be an http or https URL without a query string, got `file:///etc/passwd`",
    );
    expect(bad({ indicators: { twins: "x" } })).toThrow(
      "w: option `indicators` has no entry `twins`; the entries are `sisterCities`, `sisterCityCountries`, `consulates`, `consulateMissions`, `officialWebsite`, `socialAccounts`",
    );
    expect(bad({ indicators: { consulates: "bad id" } })).toThrow(
      "w: option `indicators.consulates` must be an indicator id or null, got `bad id`",
    );
    expect(bad({ indicators: { consulates: "sister_cities" } })).toThrow(
      "w: indicator id `sister_cities` is given to two figures in `indicators`",
    );
    expect(bad({ consulateClasses: [] })).toThrow("w: option `consulateClasses` must not be empty");
    expect(bad({ sendingStateProperty: "operator" })).toThrow(
      "w: option `sendingStateProperty` must be a property id such as `P137`, got `operator`",
    );
    expect(bad({ timeoutMs: 0 })).toThrow("w: option `timeoutMs` must be a positive number, got `0`");
    expect(bad({ foreignTwinsOnly: "yes" })).toThrow(
      "w: option `foreignTwinsOnly` must be `true` or `false`, got `yes`",
    );
    expect(bad({ overrides: " " })).toThrow("w: option `overrides` must be a non-empty path, got ` `");
  });
});

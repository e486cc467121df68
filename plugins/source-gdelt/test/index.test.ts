import { readFileSync } from "node:fs";
import { Registry } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  DEFAULT_INDICATORS,
  GDELT_ENDPOINT,
  gdeltOptionsSchema,
  gdeltSource,
  PLUGIN_NAME,
  PLUGIN_VERSION,
} from "../src/index.js";
import { resolveGdeltOptions } from "../src/options.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package, and depends on core only", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({ name: "@cityindex/source-gdelt", version: pkg.version, sources: [gdeltSource] });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0" });
  });

  it("registers the gdelt source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("gdelt")).toMatchObject({ plugin: "@cityindex/source-gdelt" });
  });
});

describe("gdeltOptionsSchema", () => {
  it("declares the defaults the source uses", () => {
    const properties = gdeltOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      endpoint: GDELT_ENDPOINT,
      termFrom: "labels.en",
      operators: [],
      periodType: "year",
      domesticCountries: ["CH"],
      domesticNames: ["China"],
      shares: "percent",
      throttleRetries: 3,
      throttleWaitMs: 10000,
      licence:
        "GDELT Project terms of use: free for any use, with a citation of the GDELT Project and a link to https://www.gdeltproject.org/",
    });
    const resolved = resolveGdeltOptions(defaults, "test");
    expect(resolved).toMatchObject({
      endpoint: "https://api.gdeltproject.org/api/v2/doc/doc",
      periodType: "year",
    });
    expect(resolved.indicators).toEqual(DEFAULT_INDICATORS);
    expect(resolved.domesticCountries).toEqual(["CH"]);
    const indicatorDefaults = (
      gdeltOptionsSchema.properties as Record<string, { properties: Record<string, { default: unknown }> }>
    ).indicators?.properties;
    expect(
      Object.fromEntries(Object.entries(indicatorDefaults ?? {}).map(([k, v]) => [k, v.default])),
    ).toEqual(DEFAULT_INDICATORS);
  });

  it("refuses options that would build a bad request", () => {
    const bad = (options: unknown) => () => resolveGdeltOptions(options, "gdelt");
    expect(bad({ endpoint: "ftp://example.org" })).toThrow("option `endpoint` must be an http or https URL");
    expect(bad({ endpoint: "https://example.org/doc?query=x" })).toThrow("without a query string");
    expect(bad({ from: "2024" })).toThrow("options `from` and `to` go together");
    expect(bad({ from: "2024", to: "2023" })).toThrow("option `to` (`2023`) is before `from` (`2024`)");
    expect(bad({ termFrom: "labels" })).toThrow("option `termFrom` must be");
    expect(bad({ indicators: { articles: "x", tone: "x" } })).toThrow(
      "indicator id `x` is given to two figures",
    );
    expect(
      bad({ indicators: { articles: null, foreignShare: null, tone: null, sourceCountries: null } }),
    ).toThrow("there is nothing to fetch");
    expect(bad({ terms: { chengdu: 3 } })).toThrow(
      "option `terms.chengdu` must be an array of non-empty strings",
    );
    expect(bad({ throttleRetries: 1.5 })).toThrow("option `throttleRetries` must be a whole number");
    expect(bad([])).toThrow("options must be an object");
    expect(bad({ periodType: "week" })).toThrow(
      "gdelt: option `periodType` must be one of `year`, `month`, got `week`",
    );
    expect(bad({ shares: "ratio" })).toThrow(
      "gdelt: option `shares` must be one of `percent`, `fraction`, got `ratio`",
    );
    expect(bad({ indicators: { volume: "x" } })).toThrow(
      "gdelt: option `indicators` has no entry `volume`; the entries are `articles`, `foreignShare`, `tone`, `sourceCountries`",
    );
    expect(bad({ indicators: { tone: "" } })).toThrow(
      "gdelt: option `indicators.tone` must be an indicator id or null, got ``",
    );
  });
});

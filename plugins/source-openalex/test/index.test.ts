import { readFileSync } from "node:fs";
import { Registry } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  DEFAULT_INDICATORS,
  OPENALEX_ENDPOINT,
  openalexOptionsSchema,
  openalexSource,
  PLUGIN_NAME,
  PLUGIN_VERSION,
} from "../src/index.js";
import { resolveOpenAlexOptions } from "../src/options.js";

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
      name: "@cityindex/source-openalex",
      version: pkg.version,
      sources: [openalexSource],
    });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0" });
  });

  it("registers the openalex source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("openalex")).toMatchObject({ plugin: "@cityindex/source-openalex" });
  });
});

describe("openalexOptionsSchema", () => {
  it("declares the defaults the source uses", () => {
    const properties = openalexOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      endpoint: OPENALEX_ENDPOINT,
      termFrom: "labels.en",
      domesticCountries: ["CN"],
      shareBase: "known",
      shares: "percent",
      apiKeyEnv: "OPENALEX_API_KEY",
      licence: "CC0-1.0",
    });
    const resolved = resolveOpenAlexOptions(defaults, "test");
    expect(resolved).toMatchObject({
      endpoint: "https://api.openalex.org",
      apiKeyEnv: "OPENALEX_API_KEY",
      shareBase: "known",
      mailto: undefined,
    });
    expect(resolved.indicators).toEqual(DEFAULT_INDICATORS);
    expect(resolveOpenAlexOptions({ endpoint: "http://127.0.0.1:9/" }, "test").endpoint).toBe(
      "http://127.0.0.1:9",
    );
  });

  it("refuses options that would build a bad request", () => {
    const bad = (options: unknown) => () => resolveOpenAlexOptions(options, "openalex");
    expect(bad({ endpoint: "https://api.openalex.org/works?x=1" })).toThrow("without a query string");
    expect(bad({ from: 2024 })).toThrow("options `from` and `to` go together");
    expect(bad({ from: 2024, to: 2020 })).toThrow("option `to` (`2020`) is before `from` (`2024`)");
    expect(bad({ indicators: { works: "x", foreignShare: "x" } })).toThrow(
      "indicator id `x` is given to two figures",
    );
    expect(bad({ indicators: { works: null, foreignShare: null } })).toThrow("there is nothing to fetch");
    expect(bad({ shareBase: "some" })).toThrow(
      "option `shareBase` must be one of `known`, `all`, got `some`",
    );
    expect(bad({ apiKeyEnv: "sk live 123" })).toThrow("not the key itself");
    expect(bad({ apiKeyEnv: "sk live 123" })).not.toThrow("sk live");
    expect(bad({ colour: "red" })).toThrow("unknown option `colour`");
    expect(bad({ indicators: { papers: "x" } })).toThrow(
      "openalex: option `indicators` has no entry `papers`; the entries are `works`, `foreignShare`",
    );
    expect(bad({ indicators: { works: 3 } })).toThrow(
      "openalex: option `indicators.works` must be an indicator id or null, got `3`",
    );
  });
});

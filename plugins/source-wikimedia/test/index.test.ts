import { readFileSync } from "node:fs";
import { createRegistry, Registry, validateSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  CHINESE_EDITIONS,
  PLUGIN_NAME,
  PLUGIN_VERSION,
  wikimediaOptionsSchema,
  wikimediaSource,
} from "../src/index.js";
import { resolveWikimediaOptions } from "../src/options.js";

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
      name: "@cityindex/source-wikimedia",
      version: pkg.version,
      sources: [wikimediaSource],
    });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0" });
  });

  it("registers the wikimedia source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("wikimedia")).toMatchObject({ plugin: "@cityindex/source-wikimedia" });
  });

  it("lets a spec use the source, validating its options and filling in defaults the source accepts", async () => {
    const registry = createRegistry([plugin]);
    const spec = {
      id: "attention",
      units: [
        { id: "shanghai", meta: { wikidata: "Q8686" } },
        { id: "chengdu", meta: { wikidata: "Q30002" } },
      ],
      indicators: [{ id: "wikipedia_pageviews" }, { id: "wikipedia_languages" }],
      framework: { id: "index", children: [{ id: "wikipedia_pageviews" }, { id: "wikipedia_languages" }] },
      pipeline: [
        { step: "normalise", method: "min-max" },
        { step: "aggregate", method: "arithmetic" },
      ],
      plugins: [PLUGIN_NAME],
    };
    const options = {
      start: "2024-01",
      end: "2024-12",
      indicators: { perEdition: { en: "wikipedia_views_en" } },
    };
    const ok = await validateSpec(
      { ...spec, sources: [{ id: "pv", source: "wikimedia", options }] },
      { registry },
    );
    expect(ok.issues.filter((i) => i.severity === "error")).toEqual([]);
    const filled = ok.spec?.sources?.[0]?.options as Record<string, unknown>;
    expect(filled).toMatchObject({
      ...options,
      periodType: "year",
      exclude: [...CHINESE_EDITIONS],
      concurrency: 3,
    });
    expect(resolveWikimediaOptions(filled, "spec").indicators.perEdition).toEqual(
      new Map([["enwiki", "wikipedia_views_en"]]),
    );
    for (const bad of [
      { start: "2024-1" },
      { periodType: "week" },
      { indicators: { total: "bad id" } },
      { colour: "red" },
    ]) {
      const r = await validateSpec(
        { ...spec, sources: [{ id: "pv", source: "wikimedia", options: bad }] },
        { registry },
      );
      expect(r.spec, JSON.stringify(bad)).toBeUndefined();
      expect(r.issues.some((i) => i.path.startsWith("/sources/0/options"))).toBe(true);
    }
  });
});

describe("wikimediaOptionsSchema", () => {
  it("declares the defaults the source uses", () => {
    const properties = wikimediaOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      periodType: "year",
      wikidataField: "wikidata",
      exclude: [...CHINESE_EDITIONS],
      access: "all-access",
      editionCount: "viewed",
      concurrency: 3,
      pageviewsEndpoint: "https://wikimedia.org/api/rest_v1/metrics/pageviews",
      wikidataEndpoint: "https://www.wikidata.org/w/api.php",
    });
    expect(CHINESE_EDITIONS).toEqual([
      "zhwiki",
      "zh_yuewiki",
      "zh_min_nanwiki",
      "zh_classicalwiki",
      "wuuwiki",
      "ganwiki",
      "hakwiki",
      "cdowiki",
    ]);
    const resolved = resolveWikimediaOptions(defaults, "test");
    expect(resolved).toMatchObject({
      periodType: "year",
      access: "all-access",
      concurrency: 3,
      editions: undefined,
    });
    expect(resolved.indicators).toEqual({
      total: "wikipedia_pageviews",
      editions: "wikipedia_languages",
      perEdition: new Map(),
    });
    expect([...resolved.exclude]).toEqual([...CHINESE_EDITIONS]);
  });

  it("refuses bad options with a message naming them", () => {
    const bad = (options: Record<string, unknown>) => () => resolveWikimediaOptions(options, "w");
    expect(bad({ colour: 1 })).toThrow(
      "w: unknown option `colour`; the options are `start`, `end`, `periodType`, `wikidataField`, `exclude`, `editions`, `access`, `indicators`, `editionCount`, `concurrency`, `pageviewsEndpoint`, `wikidataEndpoint`",
    );
    expect(bad({ start: "2024-05", end: "2024-01" })).toThrow(
      "w: option `end` (`2024-01`) is before `start` (`2024-05`)",
    );
    expect(bad({ editions: ["en.wikipedia"] })).toThrow(
      "w: option `editions` has `en.wikipedia`, which is neither a site id (`enwiki`) nor a language code (`en`)",
    );
    expect(bad({ indicators: { total: null, editions: null } })).toThrow(
      "w: every indicator is left out: name at least one in `indicators`",
    );
    expect(bad({ indicators: { total: "v", perEdition: { en: "v" } } })).toThrow(
      "w: indicator id `v` is given to two figures in `indicators`",
    );
    expect(bad({ editions: ["de"], indicators: { perEdition: { en: "v_en" } } })).toThrow(
      "w: `indicators.perEdition` names `en`, which is not in `editions`",
    );
    expect(bad({ concurrency: 0 })).toThrow(
      "w: option `concurrency` must be a whole number from 1 to 10, got `0`",
    );
    expect(bad({ wikidataEndpoint: "https://example.org/api.php?x=1" })).toThrow(
      "w: option `wikidataEndpoint` must be an http or https URL without a query string, got `https://example.org/api.php?x=1`",
    );
    expect(bad({ indicators: { views: "v" } })).toThrow(
      "w: option `indicators` has no entry `views`; the entries are `total`, `editions`, `perEdition`",
    );
    expect(bad({ indicators: { total: "bad id" } })).toThrow(
      "w: option `indicators.total` must be an indicator id or null, got `bad id`",
    );
  });

  it("keeps the pageviews endpoint without trailing slashes", () => {
    const resolved = resolveWikimediaOptions({ pageviewsEndpoint: "http://127.0.0.1:8080/pv//" }, "w");
    expect(resolved.pageviewsEndpoint).toBe("http://127.0.0.1:8080/pv");
  });
});

import { readFileSync } from "node:fs";
import { Registry } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  DEFAULT_CATEGORIES,
  OSM_LICENCE,
  OVERPASS_ENDPOINT,
  osmOptionsSchema,
  osmSource,
  PLUGIN_NAME,
  PLUGIN_VERSION,
} from "../src/index.js";
import { resolveOsmOptions } from "../src/options.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package, and depends on core only", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({ name: "@cityindex/source-osm", version: pkg.version, sources: [osmSource] });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0" });
  });

  it("registers the osm source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("osm")).toMatchObject({ plugin: "@cityindex/source-osm" });
  });
});

describe("osmOptionsSchema", () => {
  it("declares the defaults the source uses", () => {
    const properties = osmOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      endpoint: OVERPASS_ENDPOINT,
      areaFrom: "meta.wikidata",
      categories: {
        osm_hotels: ["tourism=hotel"],
        osm_attractions: ["tourism=attraction"],
        osm_restaurants: ["amenity=restaurant"],
        osm_diplomatic_offices: ["office=diplomatic", "amenity=embassy"],
      },
      timeout: 180,
      licence: OSM_LICENCE,
    });
    const resolved = resolveOsmOptions(defaults, "test");
    expect(resolved).toMatchObject({
      endpoint: "https://overpass-api.de/api/interpreter",
      timeout: 180,
      retryTimeout: 360,
    });
    expect(resolved.categories.map((c) => [c.indicator, c.text])).toEqual(
      Object.entries(DEFAULT_CATEGORIES).map(([k, v]) => [k, [...v]]),
    );
    expect(resolveOsmOptions({ timeout: 3000 }, "test").retryTimeout).toBe(3600);
    expect(resolveOsmOptions({ retryTimeout: 0 }, "test").retryTimeout).toBe(0);
  });
});

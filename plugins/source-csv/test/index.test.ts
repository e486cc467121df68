import { readFileSync } from "node:fs";
import { Registry } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  csvOptionsSchema,
  csvSource,
  DEFAULT_MISSING,
  PLUGIN_NAME,
  PLUGIN_VERSION,
} from "../src/index.js";
import { resolveCsvOptions, SOURCE_OPTION_KEYS } from "../src/options.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({ name: "@cityindex/source-csv", version: pkg.version, sources: [csvSource] });
    expect(pkg.dependencies?.["@cityindex/core"]).toBe("^0.1.0");
  });

  it("registers the csv source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("csv")).toMatchObject({ plugin: "@cityindex/source-csv" });
  });
});

describe("csvOptionsSchema", () => {
  it("lists every option, with path required and no others allowed", () => {
    expect(SOURCE_OPTION_KEYS).toEqual([
      "path",
      "layout",
      "encoding",
      "delimiter",
      "unitColumn",
      "periodColumn",
      "period",
      "indicatorColumn",
      "valueColumn",
      "columns",
      "ignore",
      "missing",
      "thousands",
      "decimal",
      "percent",
      "licence",
      "illustrative",
    ]);
    expect(csvOptionsSchema.additionalProperties).toBe(false);
    expect(csvOptionsSchema.required).toEqual(["path"]);
  });

  it("declares the defaults the reader uses", () => {
    const properties = csvOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      layout: "wide",
      encoding: "auto",
      delimiter: "auto",
      unitColumn: "unit",
      // periodColumn has no schema default: a host that fills defaults would make it look given
      indicatorColumn: "indicator",
      valueColumn: "value",
      ignore: [],
      missing: [...DEFAULT_MISSING],
      decimal: ".",
      percent: "points",
    });
    const resolved = resolveCsvOptions({}, "test", SOURCE_OPTION_KEYS);
    expect(resolved).toMatchObject({
      layout: "wide",
      encoding: "auto",
      delimiter: "auto",
      unitColumn: "unit",
      periodColumn: "period",
      indicatorColumn: "indicator",
      valueColumn: "value",
      thousands: ",",
      decimal: ".",
      percent: "points",
    });
    expect([...resolved.missing]).toEqual([...DEFAULT_MISSING]);
    expect(resolved.ignore.size).toBe(0);
  });
});

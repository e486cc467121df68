import { readFileSync } from "node:fs";
import { Registry } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  DEFAULT_MISSING,
  PLUGIN_NAME,
  PLUGIN_VERSION,
  xlsxOptionsSchema,
  xlsxSource,
} from "../src/index.js";
import { resolveXlsxOptions, XLSX_OPTION_KEYS } from "../src/options.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({ name: "@cityindex/source-xlsx", version: pkg.version, sources: [xlsxSource] });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0", exceljs: "4.4.0" });
  });

  it("registers the xlsx source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("xlsx")).toMatchObject({ plugin: "@cityindex/source-xlsx" });
  });
});

describe("xlsxOptionsSchema", () => {
  it("declares the defaults the reader uses", () => {
    expect(xlsxOptionsSchema.additionalProperties).toBe(false);
    const properties = xlsxOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      layout: "wide",
      headerRow: 1,
      unitColumn: "unit",
      indicatorColumn: "indicator",
      valueColumn: "value",
      ignore: [],
      missing: [...DEFAULT_MISSING],
      decimal: ".",
      percent: "points",
      dates: "year",
      stopAtEmptyUnit: false,
      skipHiddenRows: false,
    });
    expect(resolveXlsxOptions(defaults, "test")).toMatchObject({
      layout: "wide",
      headerFrom: 1,
      headerTo: 1,
      unitColumn: "unit",
      periodColumn: "period",
      periodColumnGiven: false,
      thousands: ",",
      decimal: ".",
      percent: "points",
      dates: "year",
    });
    expect(XLSX_OPTION_KEYS).toContain("path");
  });
});

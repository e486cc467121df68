import { readFileSync } from "node:fs";
import { Registry } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  DEFAULT_MAX_LINE_BYTES,
  PLUGIN_NAME,
  PLUGIN_VERSION,
  textOptionsSchema,
  textSource,
} from "../src/index.js";
import { resolveTextOptions } from "../src/options.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({ name: "@cityindex/source-text", version: pkg.version, sources: [textSource] });
    expect(pkg.dependencies).toEqual({
      "@cityindex/core": "^0.1.0",
      "@cityindex/source-reviews": "^0.1.0",
      "@node-rs/jieba": "2.0.3",
      sentiment: "5.0.2",
    });
  });

  it("registers the text source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("text")).toMatchObject({ plugin: "@cityindex/source-text" });
  });
});

describe("textOptionsSchema", () => {
  it("declares the defaults the reader uses", () => {
    const properties = textOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      periodType: "year",
      threshold: 0,
      shares: "percent",
      weighted: false,
      weightOffset: 1,
      matchLabels: true,
      dedupe: true,
      hmm: false,
      maxLineBytes: DEFAULT_MAX_LINE_BYTES,
      maxIssues: 20,
    });
    const resolved = resolveTextOptions(defaults, "test");
    expect(resolved.indicators).toEqual({
      volume: "social_mentions",
      sentiment: "social_sentiment",
      sharePositive: "positive_post_share",
      shareNegative: "negative_post_share",
      nonChineseShare: "non_chinese_post_share",
      sentimentSe: null,
      scored: null,
      sentimentLow: null,
      sentimentHigh: null,
    });
    expect(resolved.columns).toEqual({
      city: "city",
      date: "date",
      text: ["text"],
      language: "language",
      platform: "platform",
      id: "id",
      weight: "weight",
      score: undefined,
    });
    expect(resolved.bootstrap).toEqual({ samples: 1000, level: 0.95, seed: 1 });
    const columns = (properties.columns as { properties: Record<string, { default?: unknown }> }).properties;
    expect(Object.keys(columns).sort()).toEqual([
      "city",
      "date",
      "id",
      "language",
      "platform",
      "score",
      "text",
      "weight",
    ]);
  });
});

describe("resolveTextOptions", () => {
  const bad = (options: Record<string, unknown>) => () => resolveTextOptions(options, "t");
  it("names the bad option", () => {
    expect(bad({ nope: 1 })).toThrow("t: unknown option `nope`");
    expect(bad({ columns: { city: "" } })).toThrow(
      "t: option `columns.city` must be a non-empty string, got ``",
    );
    expect(bad({ columns: { town: "x" } })).toThrow("t: unknown column field `town` in `columns`");
    expect(bad({ columns: { text: [] } })).toThrow(
      "t: option `columns.text` must name at least one property",
    );
    expect(bad({ indicators: { mood: "x" } })).toThrow("t: unknown indicator field `mood` in `indicators`");
    expect(bad({ byLanguage: { en: { volume: "social_mentions" } } })).toThrow(
      "t: indicator id `social_mentions` is given to two figures",
    );
    expect(bad({ byLanguage: { "!!": { volume: "v" } } })).toThrow(
      "t: `byLanguage` key `!!` is not a language tag",
    );
    expect(bad({ byLanguage: { en: { volume: "a" }, "en-GB": { volume: "b" } } })).toThrow(
      "t: `byLanguage` names language `en` twice",
    );
    expect(bad({ lexicon: [{ language: "zh" }] })).toThrow("t: `lexicon[0]` needs `path` or `words`");
    expect(bad({ lexicon: [{ language: "zh", words: { 好: "2" } }] })).toThrow(
      "t: option `lexicon[0].words.好` must be a number, got `2`",
    );
    expect(bad({ lexicon: [{ language: "zh", words: {}, mode: "merge" }] })).toThrow(
      "t: `lexicon[0].mode` must be `add` or `replace`, got `merge`",
    );
    expect(bad({ bootstrap: { samples: 5 } })).toThrow(
      "t: option `samples` must be a whole number of at least 10, got `5`",
    );
    expect(bad({ maxLineBytes: 10 })).toThrow(
      "t: option `maxLineBytes` must be a whole number of at least 64, got `10`",
    );
    expect(bad({ units: "chengdu" })).toThrow("t: option `units` must be an array of strings, got `chengdu`");
  });

  it("reduces language tags and lists of text fields", () => {
    const o = resolveTextOptions(
      {
        byLanguage: { "zh-Hant": { volume: "v_zh" } },
        columns: { text: ["title", "body"] },
        lexicon: [{ language: "FR-ca", words: { bon: 2 } }],
      },
      "t",
    );
    expect([...o.byLanguage.keys()]).toEqual(["zh"]);
    expect(o.columns.text).toEqual(["title", "body"]);
    expect(o.lexicon[0]).toMatchObject({ language: "fr", mode: "add", scale: 5, words: { bon: 2 } });
  });
});

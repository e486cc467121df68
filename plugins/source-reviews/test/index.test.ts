import { readFileSync } from "node:fs";
import { Registry } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  DEFAULT_MISSING,
  PLUGIN_NAME,
  PLUGIN_VERSION,
  reviewsOptionsSchema,
  reviewsSource,
} from "../src/index.js";
import { resolveReviewsOptions } from "../src/options.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({
      name: "@cityindex/source-reviews",
      version: pkg.version,
      sources: [reviewsSource],
    });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0", "csv-parse": "7.0.3" });
  });

  it("registers the reviews source", () => {
    const registry = new Registry().register(plugin);
    expect(registry.source("reviews")).toMatchObject({ plugin: "@cityindex/source-reviews" });
  });
});

describe("reviewsOptionsSchema", () => {
  it("declares the defaults the reader uses", () => {
    expect(reviewsOptionsSchema.additionalProperties).toBe(false);
    const properties = reviewsOptionsSchema.properties as Record<string, { default?: unknown }>;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, p]) => "default" in p)
        .map(([k, p]) => [k, p.default]),
    );
    expect(defaults).toEqual({
      format: "auto",
      grain: "place",
      periodType: "year",
      ratingScale: 5,
      priorMean: "pooled",
      priorWeight: 50,
      threshold: 4.5,
      minReviews: 50,
      categories: {
        hotel: "highly_rated_hotels_share",
        restaurant: "highly_rated_restaurants_share",
        attraction: "highly_rated_attractions_share",
      },
      shares: "percent",
      missing: [...DEFAULT_MISSING],
    });
    const resolved = resolveReviewsOptions(defaults, "test");
    expect(resolved).toMatchObject({ format: "auto", grain: "place", priorMean: "pooled", priorWeight: 50 });
    expect(resolved.indicators).toEqual({
      rating: "travel_rating",
      volume: "review_volume",
      nonChineseShare: "non_chinese_review_share",
    });
  });
});

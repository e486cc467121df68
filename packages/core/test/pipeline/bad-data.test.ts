import { buildIndex, type Observation } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallData, smallSpec } from "../helpers/fixtures.js";

const errors = async (data: Observation[], spec = smallSpec()) => {
  const { result, issues } = await buildIndex(spec, data);
  expect(result).toBeUndefined();
  return issues.filter((i) => i.severity === "error").map((i) => `${i.code} ${i.path}: ${i.message}`);
};

describe("bad data", () => {
  it("reports non-numeric values and duplicates with their place", async () => {
    const data = smallData();
    data.push({ unit: "A", indicator: "rating", period: "2024", value: 9 });
    (data[1] as { value: unknown }).value = "12a";
    data[2]!.provenance = { location: "data.csv:4:2" };
    (data[2] as { value: unknown }).value = Number.POSITIVE_INFINITY;
    expect(await errors(data)).toEqual([
      "non-numeric data/B/flights/2024: value must be a number, got string `12a`",
      "non-numeric data/C/flights/2024: value must be a finite number, got `Infinity` (data.csv:4:2)",
      "duplicate-observation data/A/rating/2024: `A` has more than one value of `rating` in `2024`",
    ]);
  });

  it("reports an indicator without data and an all-missing one", async () => {
    const data = smallData()
      .filter((o) => o.indicator !== "rating")
      .map((o) => (o.indicator === "crime" ? { ...o, value: null } : o));
    expect(await errors(data)).toEqual([
      "all-missing data/*/crime: every value of indicator `crime` is missing (4 empty cells)",
      "no-data data/*/rating: indicator `rating` has no data: no source provides it",
    ]);
  });

  it("stops on a zero-variance indicator under min-max", async () => {
    const data = smallData().map((o) => (o.indicator === "rating" ? { ...o, value: 4 } : o));
    expect(await errors(data)).toEqual([
      "zero-variance data/*/rating/2024: min-max normalisation needs at least two different values, but every value of `rating` in `2024` is `4`",
    ]);
  });

  it("stops on non-positive values under the geometric mean", async () => {
    const spec = smallSpec();
    spec.pipeline[3]!.method = "geometric";
    const found = await errors(smallData(), spec);
    // min-max onto [0, 100] puts the lowest unit at 0
    expect(found[0]).toBe(
      "non-positive data/B/flights/2024: aggregate method `geometric` needs strictly positive values, but 3 value(s) of the children of `dimA` in `2024` are zero or negative: B/flights = 0, C/flights = 0, D/crime = 0; normalise onto a positive range first (for example min-max onto [1, 100])",
    );
  });

  it("stops when a weight step sets a node's weights to zero", async () => {
    const spec = smallSpec();
    spec.pipeline.splice(3, 0, {
      step: "weight",
      method: "fixed",
      options: { weights: { dimA: 0, dimB: 0 } },
    });
    expect(await errors(smallData(), spec)).toEqual([
      "bad-weights /framework: weights of the children of `index` must be finite, >= 0 and not all zero, got `[0,0]`",
    ]);
  });

  it("reports a zero denominator and leaves the ratio missing", async () => {
    const spec = smallSpec();
    spec.units[3]!.meta!.pop = 0;
    const { result, issues } = await buildIndex(spec, smallData());
    expect(issues.find((i) => i.code === "zero-denominator")?.message).toBe(
      "`flights` in `2024` has a zero denominator `pop` for `D`; the ratio is missing",
    );
    // D's flights ratio is missing and D is in group t1 with A: imputed with A's 10
    expect(result!.datasets[2]!.data.get("flights", 3, 0)).toBe(10);
  });
});

import { buildIndex, minMax, type Spec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { referenceColumn } from "../helpers/reference.js";

// x <- c(3, 1, 4, 1, 5, 9, 2, 6, NA, 5, 35, 8); COINr 1.1.14 n_minmax(x, l_u), written to
// ../shared/reference/coinr-asem/vectors/normalise_vector.csv
const x = referenceColumn("vectors/normalise_vector.csv", "x");

describe("normalise min-max", () => {
  it("matches COINr n_minmax(x, c(0, 100)) to 1e-12", () => {
    const ctx = indicatorContext(x.length);
    const y = minMax.normalise(x, { range: [0, 100] }, ctx);
    expectClose(y, referenceColumn("vectors/normalise_vector.csv", "n_minmax_0_100"), 1e-12);
    expect(ctx.collected.audit[0]?.details).toEqual({ min: 1, max: 35, range: [0, 100], bounds: "period" });
  });

  it("matches COINr n_minmax(x, c(1, 10)) to 1e-12", () => {
    const y = minMax.normalise(x, { range: [1, 10] }, indicatorContext(x.length));
    expectClose(y, referenceColumn("vectors/normalise_vector.csv", "n_minmax_1_10"), 1e-12);
  });

  it("works by hand on 2, 4, 6 with a missing value", () => {
    // (4 - 2) / (6 - 2) * 100 = 50
    const y = minMax.normalise(
      Float64Array.of(2, Number.NaN, 4, 6),
      { range: [0, 100] },
      indicatorContext(4),
    );
    expectClose(y, [0, Number.NaN, 50, 100], 0);
  });

  it("reports zero variance as an error", () => {
    const ctx = indicatorContext(3, { id: "tourism_rating" });
    minMax.normalise(Float64Array.of(4, 4, Number.NaN), { range: [0, 100] }, ctx);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "zero-variance",
        message:
          "min-max normalisation needs at least two different values, but every value of `tourism_rating` in `2024` is `4`",
      },
    ]);
  });

  it("leaves an all-missing vector missing without an error", () => {
    const ctx = indicatorContext(2);
    const y = minMax.normalise(Float64Array.of(Number.NaN, Number.NaN), { range: [0, 100] }, ctx);
    expectClose(y, [Number.NaN, Number.NaN], 0);
    expect(ctx.collected.issues).toEqual([]);
  });
});

describe("normalise min-max: bounds over periods", () => {
  // Two units, three periods: x = (2, 4), (6, 8), (10, 14); direction +1.
  const spec: Spec = {
    id: "panel",
    units: [{ id: "a" }, { id: "b" }],
    indicators: [{ id: "x" }, { id: "y" }],
    framework: { id: "index", children: [{ id: "x" }, { id: "y" }] },
    pipeline: [
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
  const values: [string, string, number, number][] = [
    ["2023", "a", 2, 1],
    ["2023", "b", 4, 3],
    ["2024", "a", 6, 1],
    ["2024", "b", 8, 2],
    ["2025", "a", 10, 5],
    ["2025", "b", 14, 1],
  ];
  const observations = values.flatMap(([period, unit, x, y]) => [
    { unit, indicator: "x", period, value: x },
    { unit, indicator: "y", period, value: y },
  ]);
  const normalisedX = async (options: Record<string, unknown>, keep: "all" | "final" = "all") => {
    const s = structuredClone(spec);
    s.pipeline[0]!.options = { range: [0, 100], ...options };
    const { result, issues } = await buildIndex(s, observations, { keep });
    return { x: result ? Array.from(result.scores.column("x")) : [], issues };
  };

  it("takes the bounds of each period by default", async () => {
    // per period: [2, 4] → 0, 100; [6, 8] → 0, 100; [10, 14] → 0, 100
    expect((await normalisedX({})).x).toEqual([0, 100, 0, 100, 0, 100]);
  });

  it("takes the bounds of every period together with all-periods (COINr's global), under either keep", async () => {
    // min 2, max 14: (x − 2) / 12 · 100
    const expected = [2, 4, 6, 8, 10, 14].map((v) => ((v - 2) / 12) * 100);
    expect((await normalisedX({ bounds: "all-periods" })).x).toEqual(expected);
    expect((await normalisedX({ bounds: "all-periods" }, "final")).x).toEqual(expected);
  });

  it("takes the bounds of a base period, and later values pass them", async () => {
    // base 2024: [6, 8] → (x − 6) / 2 · 100
    const expected = [2, 4, 6, 8, 10, 14].map((v) => ((v - 6) / 2) * 100);
    expect((await normalisedX({ bounds: "base-period", base: "2024" })).x).toEqual(expected);
    // default base: the first period, [2, 4]
    expect((await normalisedX({ bounds: "base-period" })).x).toEqual(
      [2, 4, 6, 8, 10, 14].map((v) => ((v - 2) / 2) * 100),
    );
  });

  it("reports a base period that is not in the data", async () => {
    const { issues } = await normalisedX({ bounds: "base-period", base: "1999" });
    expect(
      issues.some((i) => i.severity === "error" && i.code === "unknown-period" && /1999/.test(i.message)),
    ).toBe(true);
  });
});

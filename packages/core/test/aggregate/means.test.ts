import {
  arithmeticMean,
  generalisedMean,
  geometricMean,
  harmonicMean,
  medianAggregate,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { aggregateContext, expectClose } from "../helpers/context.js";
import { readReferenceRecords } from "../helpers/reference.js";

// x <- c(3,1,4,1,5,9,2,6,NA,5,35,8); w <- c(1,2,1,1,0.5,1,1,2,1,1,1,3) (README of the reference folder);
// COINr 1.1.14: ../shared/reference/coinr-asem/vectors/aggregate_vector.csv
const x = [3, 1, 4, 1, 5, 9, 2, 6, Number.NaN, 5, 35, 8];
const w = Float64Array.of(1, 2, 1, 1, 0.5, 1, 1, 2, 1, 1, 1, 3);
const expected = Object.fromEntries(
  readReferenceRecords("vectors/aggregate_vector.csv").map((r) => [r.case, Number(r.value)]),
);
const quirk = readReferenceRecords("vectors/aggregate_genmean_NA_quirk.csv");
const columns = x.map((v) => Float64Array.of(v));
const ids = x.map((_, j) => `c${j + 1}`);
const relClose = (actual: number, want: number, tol: number): void => {
  expect(Math.abs(actual - want)).toBeLessThanOrEqual(tol * Math.abs(want));
};

describe("harmonic mean", () => {
  it("matches COINr a_hmean(x, w) with a missing value to 1e-9", () => {
    const y = harmonicMean.aggregate(columns, w, { minAvailability: 0 }, aggregateContext(1, ids));
    relClose(y[0]!, expected.a_hmean_x_w_NA!, 1e-9);
  });

  it("matches COINr's test of a_hmean by hand", () => {
    // COINr tests/testthat/test-aggregate.R: a_hmean(c(1, 2, 3), c(2, 1, 1)) == 4 / (2/1 + 1/2 + 1/3)
    const y = harmonicMean.aggregate(
      [Float64Array.of(1), Float64Array.of(2), Float64Array.of(3)],
      Float64Array.of(2, 1, 1),
      { minAvailability: 0 },
      aggregateContext(1, ["a", "b", "c"]),
    );
    expectClose(y, [4 / (2 / 1 + 1 / 2 + 1 / 3)], 1e-15);
  });

  it("reports a zero value and leaves that unit missing", () => {
    const ctx = aggregateContext(2, ["rating", "b"]);
    const y = harmonicMean.aggregate(
      [Float64Array.of(0, 2), Float64Array.of(5, 2)],
      Float64Array.of(1, 1),
      { minAvailability: 0 },
      ctx,
    );
    expectClose(y, [Number.NaN, 2], 1e-15);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "non-positive",
        path: "data/u1/rating/2024",
        message:
          "harmonic mean requires positive values, got `0` for `rating` (u1); normalise onto a positive range such as [1, 100]",
      },
    ]);
    expect(harmonicMean.properties.needsPositive).toBe(true);
  });
});

describe("generalised mean", () => {
  it("with p = 1, 0, -1 equals the arithmetic, geometric and harmonic means of COINr (x, w with NA)", () => {
    const run = (p: number) =>
      generalisedMean.aggregate(columns, w, { p, minAvailability: 0 }, aggregateContext(1, ids))[0]!;
    relClose(run(1), expected.a_amean_x_w_NA!, 1e-9);
    relClose(run(0), expected.a_gmean_x_w_NA!, 1e-9);
    relClose(run(-1), expected.a_hmean_x_w_NA!, 1e-9);
  });

  it("returns the renormalised value where COINr a_genmean(x, w, p = 2) returns NA", () => {
    // aggregate_genmean_NA_quirk.csv: COINr gives NA because sum(w * x^p) has no na.rm. We skip the missing
    // child and renormalise. By hand: Σ w x² over the others = 9 + 2 + 16 + 1 + 12.5 + 81 + 4 + 72 + 25 + 1225
    // + 192 = 1639.5, Σ w = 14.5, y = sqrt(1639.5 / 14.5) = sqrt(113.0689655...) = 10.633389...
    expect(quirk).toEqual([{ case: "a_genmean_x_w_NA_p2", value: "NA" }]);
    const y = generalisedMean.aggregate(columns, w, { p: 2, minAvailability: 0 }, aggregateContext(1, ids));
    expect(Number.isNaN(y[0]!)).toBe(false);
    relClose(y[0]!, Math.sqrt(1639.5 / 14.5), 1e-12);
  });

  it("by hand for p = 2, p = 0.5 and p = -2", () => {
    // unit 1: 1, 9; unit 2: 4, 9; equal weights
    const values = [Float64Array.of(1, 4), Float64Array.of(9, 9)];
    const ws = Float64Array.of(1, 1);
    const ctx = aggregateContext(2, ["a", "b"]);
    const run = (p: number) => generalisedMean.aggregate(values, ws, { p, minAvailability: 0 }, ctx);
    // sqrt((1 + 81) / 2), sqrt((16 + 81) / 2)
    expectClose(run(2), [Math.sqrt(41), Math.sqrt(48.5)], 1e-12);
    // ((1 + 3) / 2)² = 4, ((2 + 3) / 2)² = 6.25
    expectClose(run(0.5), [4, 6.25], 1e-12);
    // ((1 + 1/81) / 2)^(-1/2) = sqrt(162 / 82)
    expectClose([run(-2)[0]!], [Math.sqrt(162 / 82)], 1e-12);
  });

  it("does not overflow for a large p", () => {
    const y = generalisedMean.aggregate(
      [Float64Array.of(1e10), Float64Array.of(1e10)],
      Float64Array.of(1, 3),
      { p: 400, minAvailability: 0 },
      aggregateContext(1, ["a", "b"]),
    );
    relClose(y[0]!, 1e10, 1e-12);
  });

  it("needs positive values for p <= 0 and non-negative values for p > 0", () => {
    const values = [Float64Array.of(0, -1), Float64Array.of(4, 4)];
    const ws = Float64Array.of(1, 1);
    const positive = aggregateContext(2, ["a", "b"]);
    expectClose(
      generalisedMean.aggregate(values, ws, { p: 2, minAvailability: 0 }, positive),
      [Math.sqrt(8), Number.NaN],
      1e-12,
    );
    expect(positive.collected.issues.map((i) => i.message)).toEqual([
      "generalised mean with p = 2 requires non-negative values, got `-1` for `a` (u2); normalise onto a positive range such as [1, 100]",
    ]);
    const negative = aggregateContext(2, ["a", "b"]);
    expectClose(
      generalisedMean.aggregate(values, ws, { p: -1, minAvailability: 0 }, negative),
      [Number.NaN, Number.NaN],
      0,
    );
    expect(negative.collected.issues).toHaveLength(2);
  });

  it("requires p in its options schema", () => {
    expect(generalisedMean.options.required).toEqual(["p"]);
  });
});

describe("all children missing", () => {
  it("gives NaN like COINr a_amean(c(NA, NA), ...) for every mean", () => {
    expect(Number.isNaN(expected.a_amean_allNA!)).toBe(true);
    const values = [Float64Array.of(Number.NaN), Float64Array.of(Number.NaN)];
    const ws = Float64Array.of(1, 1);
    const ctx = aggregateContext(1, ["a", "b"]);
    for (const y of [
      arithmeticMean.aggregate(values, ws, { minAvailability: 0 }, ctx),
      geometricMean.aggregate(values, ws, { minAvailability: 0 }, ctx),
      harmonicMean.aggregate(values, ws, { minAvailability: 0 }, ctx),
      generalisedMean.aggregate(values, ws, { p: 2, minAvailability: 0 }, ctx),
      medianAggregate.aggregate(values, ws, { weighted: false, minAvailability: 0 }, ctx),
      medianAggregate.aggregate(values, ws, { weighted: true, minAvailability: 0 }, ctx),
    ]) {
      expectClose(y, [Number.NaN], 0);
    }
  });
});

describe("median", () => {
  const values = [
    Float64Array.of(1, 1),
    Float64Array.of(5, 5),
    Float64Array.of(9, Number.NaN),
    Float64Array.of(100, 100),
  ];
  const ctx = aggregateContext(2, ["a", "b", "c", "d"]);

  it("plain: R's median of the available children, weights ignored", () => {
    // median(c(1, 5, 9, 100)) = 7; median(c(1, 5, 100)) = 5
    expectClose(
      medianAggregate.aggregate(
        values,
        Float64Array.of(1, 1, 1, 5),
        { weighted: false, minAvailability: 0 },
        ctx,
      ),
      [7, 5],
      0,
    );
  });

  it("weighted by hand", () => {
    // w 1, 1, 1, 5 (total 8, half 4): cumulative 1, 2, 3, 8 → 100; unit 2: 1, 2, 7 of 7 (half 3.5) → 100
    expectClose(
      medianAggregate.aggregate(
        values,
        Float64Array.of(1, 1, 1, 5),
        { weighted: true, minAvailability: 0 },
        ctx,
      ),
      [100, 100],
      0,
    );
    // w 3, 1, 2, 2 (half 4): cumulative 3, 4 = half exactly at 5 → (5 + 9) / 2 = 7; unit 2: 3, 4, 6 (half 3) → 1 then
    // exactly half at 1 → (1 + 5) / 2 = 3
    expectClose(
      medianAggregate.aggregate(
        values,
        Float64Array.of(3, 1, 2, 2),
        { weighted: true, minAvailability: 0 },
        ctx,
      ),
      [7, 3],
      0,
    );
  });

  it("applies minAvailability", () => {
    expectClose(
      medianAggregate.aggregate(
        values,
        Float64Array.of(1, 1, 1, 1),
        { weighted: false, minAvailability: 1 },
        ctx,
      ),
      [7, Number.NaN],
      0,
    );
  });
});

import { arithmeticMean, geometricMean } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { aggregateContext, expectClose } from "../helpers/context.js";
import { readReferenceRecords } from "../helpers/reference.js";

// x <- c(3,1,4,1,5,9,2,6,NA,5,35,8); w <- c(1,2,1,1,0.5,1,1,2,1,1,1,3) (README of the reference folder);
// COINr 1.1.14 a_amean(x, w) and a_gmean(x, w): ../shared/reference/coinr-asem/vectors/aggregate_vector.csv
const x = [3, 1, 4, 1, 5, 9, 2, 6, Number.NaN, 5, 35, 8];
const w = Float64Array.of(1, 2, 1, 1, 0.5, 1, 1, 2, 1, 1, 1, 3);
const expected = Object.fromEntries(
  readReferenceRecords("vectors/aggregate_vector.csv").map((r) => [r.case, Number(r.value)]),
);

/** The values of one unit as 12 children of one unit each. */
const columns = x.map((v) => Float64Array.of(v));

describe("aggregate", () => {
  it("arithmetic mean matches COINr a_amean(x, w) with a missing value", () => {
    const y = arithmeticMean.aggregate(
      columns,
      w,
      { minAvailability: 0 },
      aggregateContext(1, x.map(String)),
    );
    expectClose(y, [expected.a_amean_x_w_NA!], 1e-12);
  });

  it("geometric mean matches COINr a_gmean(x, w) with a missing value", () => {
    const y = geometricMean.aggregate(columns, w, { minAvailability: 0 }, aggregateContext(1, x.map(String)));
    expectClose(y, [expected.a_gmean_x_w_NA!], 1e-12);
  });

  it("arithmetic mean by hand: skips missing children and renormalises", () => {
    // unit 1: (2*1 + 4*3) / (1 + 3) = 3.5; unit 2: all missing -> NaN
    const y = arithmeticMean.aggregate(
      [
        Float64Array.of(2, Number.NaN),
        Float64Array.of(4, Number.NaN),
        Float64Array.of(Number.NaN, Number.NaN),
      ],
      Float64Array.of(1, 3, 1),
      { minAvailability: 0 },
      aggregateContext(2, ["a", "b", "c"]),
    );
    expectClose(y, [3.5, Number.NaN], 1e-15);
  });

  it("applies the availability threshold", () => {
    // 2 of 3 children present = 0.667 < 0.7 -> missing; >= 0.6 -> scored
    const values = [Float64Array.of(2), Float64Array.of(4), Float64Array.of(Number.NaN)];
    const ws = Float64Array.of(1, 1, 1);
    expectClose(
      arithmeticMean.aggregate(values, ws, { minAvailability: 0.7 }, aggregateContext(1, ["a", "b", "c"])),
      [Number.NaN],
      0,
    );
    expectClose(
      arithmeticMean.aggregate(values, ws, { minAvailability: 0.6 }, aggregateContext(1, ["a", "b", "c"])),
      [3],
      0,
    );
  });

  it("geometric mean by hand and its error for non-positive values", () => {
    // sqrt(1 * 100) = 10
    expectClose(
      geometricMean.aggregate(
        [Float64Array.of(1), Float64Array.of(100)],
        Float64Array.of(1, 1),
        { minAvailability: 0 },
        aggregateContext(1, ["a", "b"]),
      ),
      [10],
      1e-12,
    );
    const ctx = aggregateContext(1, ["tourism_rating", "b"]);
    const y = geometricMean.aggregate(
      [Float64Array.of(0), Float64Array.of(5)],
      Float64Array.of(1, 1),
      { minAvailability: 0 },
      ctx,
    );
    expectClose(y, [Number.NaN], 0);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "non-positive",
        path: "data/u1/tourism_rating/2024",
        message:
          "geometric mean requires positive values, got `0` for `tourism_rating` (u1); normalise onto a positive range such as [1, 100]",
      },
    ]);
  });
});

import { minMax } from "@cityindex/core";
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
    expect(ctx.collected.audit[0]?.details).toEqual({ min: 1, max: 35, range: [0, 100] });
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

import { zScore } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { referenceColumn } from "../helpers/reference.js";

// COINr 1.1.14 n_zscore(x, m_sd) uses the sample standard deviation (R's sd()).
const x = referenceColumn("vectors/normalise_vector.csv", "x");

describe("normalise z-score", () => {
  it("matches COINr n_zscore(x) to 1e-12", () => {
    const y = zScore.normalise(x, { mean: 0, sd: 1, form: "sample" }, indicatorContext(x.length));
    expectClose(y, referenceColumn("vectors/normalise_vector.csv", "n_zscore"), 1e-12);
  });

  it("matches COINr n_zscore(x, c(10, 2)) to 1e-12", () => {
    const y = zScore.normalise(x, { mean: 10, sd: 2, form: "sample" }, indicatorContext(x.length));
    expectClose(y, referenceColumn("vectors/normalise_vector.csv", "n_zscore_10_2"), 1e-12);
  });

  it("uses the population form when asked (hand calculation)", () => {
    // 2, 4, 6: mean 4, population sd sqrt(8/3) = 1.632993..., so 2 -> -2 / 1.632993 = -1.224745
    const y = zScore.normalise(
      Float64Array.of(2, 4, 6),
      { mean: 0, sd: 1, form: "population" },
      indicatorContext(3),
    );
    expectClose(y, [-Math.sqrt(1.5), 0, Math.sqrt(1.5)], 1e-12);
  });

  it("reports zero variance and a single value", () => {
    const ctx = indicatorContext(2, { id: "flights" });
    zScore.normalise(Float64Array.of(3, Number.NaN), { mean: 0, sd: 1, form: "sample" }, ctx);
    expect(ctx.collected.issues[0]?.code).toBe("zero-variance");
    expect(ctx.collected.issues[0]?.message).toBe(
      "z-score needs a standard deviation above zero, but `flights` in `2024` has a single value",
    );
  });
});

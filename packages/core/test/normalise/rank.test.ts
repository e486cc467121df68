import { bordaScore, percentileRank, rankNormalise } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";

// R 4.2.2:
//   x <- c(3, 1, 4, 1, 5)
//   rank(x, ties.method = "max")                      # 3 2 4 2 5
//   (rank(x, ties.method = "max") - 1) / (5 - 1)      # 0.50 0.25 0.75 0.25 1.00
//   rank(x, ties.method = "average") - 1              # 2.0 0.5 3.0 0.5 4.0
//   y <- c(-2, 0, 6, NA, 6, 10)
//   rank(y, ties.method = "min", na.last = "keep")    # 1 2 3 NA 3 5
//   (rank(y, ties.method = "average", na.last = "keep") - 1) / (sum(!is.na(y)) - 1)
//                                                     # 0.000 0.250 0.625 NA 0.625 1.000
const x = Float64Array.of(3, 1, 4, 1, 5);
const y = Float64Array.of(-2, 0, 6, Number.NaN, 6, 10);

describe("normalise rank", () => {
  it("defaults to min ties, as COINr n_rank", () => {
    expect(rankNormalise.options).toMatchObject({ properties: { ties: { default: "min" } } });
    expectClose(rankNormalise.normalise(y, { ties: "min" }, indicatorContext(6)), [1, 2, 3, NaN, 3, 5], 0);
  });

  it("ranks ties by max and average like R's rank()", () => {
    expectClose(rankNormalise.normalise(x, { ties: "max" }, indicatorContext(5)), [3, 2, 4, 2, 5], 0);
    expectClose(rankNormalise.normalise(x, { ties: "average" }, indicatorContext(5)), [3, 1.5, 4, 1.5, 5], 0);
  });

  it("records the ranking in the audit trail and leaves an all-missing vector alone", () => {
    const ctx = indicatorContext(5);
    rankNormalise.normalise(x, { ties: "min" }, ctx);
    expect(ctx.collected.audit[0]?.details).toEqual({ ranked: 5, ties: "min" });
    const empty = indicatorContext(2);
    expectClose(rankNormalise.normalise(Float64Array.of(NaN, NaN), { ties: "min" }, empty), [NaN, NaN], 0);
    expect(empty.collected.issues).toEqual([]);
  });
});

describe("normalise borda", () => {
  it("is the rank minus one", () => {
    expectClose(bordaScore.normalise(x, { ties: "min" }, indicatorContext(5)), [2, 0, 3, 0, 4], 0);
    expectClose(bordaScore.normalise(x, { ties: "average" }, indicatorContext(5)), [2, 0.5, 3, 0.5, 4], 0);
    expectClose(bordaScore.normalise(y, { ties: "min" }, indicatorContext(6)), [0, 1, 2, NaN, 2, 4], 0);
  });
});

describe("normalise percentile-rank", () => {
  it("rescales ranks onto [0, 1] with n counting only present values", () => {
    expectClose(percentileRank.normalise(x, { ties: "min" }, indicatorContext(5)), [0.5, 0, 0.75, 0, 1], 0);
    expectClose(
      percentileRank.normalise(x, { ties: "max" }, indicatorContext(5)),
      [0.5, 0.25, 0.75, 0.25, 1],
      0,
    );
    expectClose(
      percentileRank.normalise(y, { ties: "average" }, indicatorContext(6)),
      [0, 0.25, 0.625, NaN, 0.625, 1],
      0,
    );
  });

  it("reports a single value as an error", () => {
    const ctx = indicatorContext(3, { id: "metro_lines" });
    const out = percentileRank.normalise(Float64Array.of(NaN, 4, NaN), { ties: "min" }, ctx);
    expectClose(out, [NaN, NaN, NaN], 0);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "too-few-units",
        message: "percentile ranks need at least two values, but `metro_lines` has one in `2024`",
      },
    ]);
  });
});

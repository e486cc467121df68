import { imputeGroupMean, imputeMean, imputeMedian } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { readReferenceRecords, referenceColumn } from "../helpers/reference.js";

// COINr 1.1.14 i_mean(x), i_median(x), i_mean_grp(x, f) on x <- c(3,1,4,1,5,9,2,6,NA,5,35,8) with groups
// a×6, b×6: ../shared/reference/coinr-asem/vectors/impute_vector.csv
const file = "vectors/impute_vector.csv";
const x = referenceColumn(file, "x");
const groups = readReferenceRecords(file).map((r) => r.grp!);

describe("impute", () => {
  it("mean matches COINr i_mean", () => {
    const ctx = indicatorContext(x.length);
    expectClose(imputeMean.impute(x, {}, ctx), referenceColumn(file, "i_mean"), 1e-12);
    expect(ctx.collected.audit).toHaveLength(1);
    expect(ctx.collected.audit[0]).toMatchObject({ action: "imputed", unit: "u9", before: null });
  });

  it("median matches COINr i_median", () => {
    expectClose(
      imputeMedian.impute(x, {}, indicatorContext(x.length)),
      referenceColumn(file, "i_median"),
      1e-12,
    );
  });

  it("group mean matches COINr i_mean_grp", () => {
    const ctx = indicatorContext(x.length, { meta: { grp: groups } });
    expectClose(imputeGroupMean.impute(x, { group: "grp" }, ctx), referenceColumn(file, "i_mean_grp"), 1e-12);
    // group b: (2 + 6 + 5 + 35 + 8) / 5 = 11.2
    expect(ctx.collected.audit[0]?.after).toBeCloseTo(11.2, 12);
  });

  it("never changes observed values and reports what it cannot fill", () => {
    const input = Float64Array.of(1, Number.NaN, Number.NaN, 7);
    const ctx = indicatorContext(4, { meta: { g: ["a", "a", "b", null] } });
    const y = imputeGroupMean.impute(input, { group: "g" }, ctx);
    expectClose(y, [1, 1, Number.NaN, 7], 0);
    expect(ctx.collected.issues.map((i) => i.message)).toEqual([
      "missing values of `x` in `2024` stay missing because no unit of group `b` has a value",
    ]);
  });

  it("reports a unit without a group", () => {
    const ctx = indicatorContext(3, { meta: { g: ["a", null, "a"] } });
    imputeGroupMean.impute(Float64Array.of(1, Number.NaN, 3), { group: "g" }, ctx);
    expect(ctx.collected.issues[0]?.message).toBe(
      "1 missing value(s) of `x` in `2024` stay missing because the unit has no `g`: `u2`",
    );
  });
});

import { imputeGroupMean, imputeGroupMedian } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { readReferenceRecords, referenceColumn } from "../helpers/reference.js";

// COINr 1.1.14 i_median_grp(x, f) and i_mean_grp(x, f) on x <- c(3,1,4,1,5,9,2,6,NA,5,35,8) with groups
// a×6, b×6: ../shared/reference/coinr-asem/vectors/impute_vector.csv
const file = "vectors/impute_vector.csv";
const x = referenceColumn(file, "x");
const groups = readReferenceRecords(file).map((r) => r.grp!);

describe("group-median", () => {
  it("matches COINr i_median_grp", () => {
    const ctx = indicatorContext(x.length, { meta: { grp: groups } });
    const y = imputeGroupMedian.impute(x, { group: "grp" }, ctx);
    expectClose(y, referenceColumn(file, "i_median_grp"), 1e-9);
    // group b observed: 2, 6, 5, 35, 8 → median 6
    expect(ctx.collected.audit).toEqual([
      expect.objectContaining({
        action: "imputed",
        unit: "u9",
        node: "x",
        before: null,
        after: 6,
        details: expect.objectContaining({
          how: "the median 6 of group b (5 units)",
          reason: { group: "b", observed: 5 },
        }),
      }),
    ]);
  });

  it("group-mean still matches COINr i_mean_grp through the shared grouping", () => {
    const y = imputeGroupMean.impute(
      x,
      { group: "grp" },
      indicatorContext(x.length, { meta: { grp: groups } }),
    );
    expectClose(y, referenceColumn(file, "i_mean_grp"), 1e-9);
  });

  it("takes the mean of the two middle values of an even group", () => {
    // groups a, a, a, b, b: a observed 1, 2 → 1.5; b observed 5 → 5
    const ctx = indicatorContext(5, { meta: { g: ["a", "a", "a", "b", "b"] } });
    const y = imputeGroupMedian.impute(Float64Array.of(1, 2, Number.NaN, 5, Number.NaN), { group: "g" }, ctx);
    expectClose(y, [1, 2, 1.5, 5, 5], 0);
  });

  it("reports a missing group column, a unit with no group and an empty group", () => {
    const absent = indicatorContext(3);
    const y = imputeGroupMedian.impute(Float64Array.of(1, Number.NaN, 3), { group: "tier" }, absent);
    expectClose(y, [1, Number.NaN, 3], 0);
    expect(absent.collected.issues).toEqual([
      {
        severity: "error",
        code: "unknown-group-column",
        message: "no unit has the metadata column `tier` that group median imputation of `x` groups by",
      },
    ]);

    const ctx = indicatorContext(4, { meta: { g: ["a", null, "b", "a"] } });
    imputeGroupMedian.impute(Float64Array.of(1, Number.NaN, Number.NaN, 3), { group: "g" }, ctx);
    expect(ctx.collected.issues.map((i) => i.message)).toEqual([
      "1 missing value(s) of `x` in `2024` stay missing because the unit has no `g`: `u2`",
      "missing values of `x` in `2024` stay missing because no unit of group `b` has a value",
    ]);
  });

  it("reports nothing when nothing is missing, even without the group column", () => {
    const ctx = indicatorContext(2);
    expectClose(imputeGroupMedian.impute(Float64Array.of(1, 2), { group: "tier" }, ctx), [1, 2], 0);
    expect(ctx.collected.issues).toEqual([]);
  });
});

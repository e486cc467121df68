import { fillMissing, imputeGroupMean, imputeLocf, imputeMean, imputeNone } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";

describe("fillMissing", () => {
  it("records one audit entry per call, with every filled unit and its value", () => {
    const ctx = indicatorContext(5);
    const x = Float64Array.of(1, Number.NaN, 3, Number.NaN, Number.NaN);
    const y = fillMissing(
      x,
      ctx,
      () => 2,
      () => ({ how: "the mean 2" }),
    );
    expectClose(y, [1, 2, 3, 2, 2], 0);
    expect(Array.from(x, Number.isNaN)).toEqual([false, true, false, true, true]);
    expect(ctx.collected.audit).toEqual([
      {
        action: "imputed",
        node: "x",
        period: "2024",
        details: { count: 3, units: ["u2", "u4", "u5"], values: [2, 2, 2], how: "the mean 2" },
        message: "imputed 3 value(s) of x in 2024 with the mean 2: u2, u4, u5",
      },
    ]);
  });

  it("keeps the reason of each cell when they differ, and skips cells it cannot fill", () => {
    const ctx = indicatorContext(4);
    const groups = ["a", "a", "b", "c"];
    const means: Record<string, number> = { a: 1, b: 5 };
    const y = fillMissing(
      Float64Array.of(1, Number.NaN, 5, Number.NaN),
      ctx,
      (i) => means[groups[i]!] ?? Number.NaN,
      (i, v) => ({ how: `the mean ${v} of group ${groups[i]}`, details: { group: groups[i] } }),
    );
    expectClose(y, [1, 1, 5, Number.NaN], 0);
    expect(ctx.collected.audit[0]).toEqual({
      action: "imputed",
      unit: "u2",
      before: null,
      after: 1,
      node: "x",
      period: "2024",
      details: { count: 1, units: ["u2"], values: [1], how: "the mean 1 of group a", reason: { group: "a" } },
      message: "imputed 1 value(s) of x in 2024 with the mean 1 of group a: u2",
    });

    const ctx2 = indicatorContext(4);
    fillMissing(
      Float64Array.of(Number.NaN, 2, Number.NaN, 4),
      ctx2,
      (i) => i + 10,
      (i, v) => ({ how: `${v}, from unit ${i}` }),
    );
    expect(ctx2.collected.audit[0]?.details).toEqual({
      count: 2,
      units: ["u1", "u3"],
      values: [10, 12],
      reasons: [{ how: "10, from unit 0" }, { how: "12, from unit 2" }],
    });
  });

  it("accepts one reason for every cell, and lists ten units in the message", () => {
    const ctx = indicatorContext(12);
    fillMissing(new Float64Array(12).fill(Number.NaN), ctx, () => 0, { how: "zero" });
    const entry = ctx.collected.audit[0]!;
    expect(entry.details?.count).toBe(12);
    expect(entry.message).toBe(
      "imputed 12 value(s) of x in 2024 with zero: u1, u2, u3, u4, u5, u6, u7, u8, u9, u10, ...",
    );
  });

  it("keeps each call's cells apart when a value is found by another fill of its own", () => {
    const ctx = indicatorContext(4);
    const inner = indicatorContext(3);
    const y = fillMissing(
      Float64Array.of(Number.NaN, 2, Number.NaN, 4),
      ctx,
      (i) => {
        // The value for row i is the sum of a small vector filled with i.
        const v = fillMissing(Float64Array.of(1, Number.NaN, Number.NaN), inner, () => i, {
          how: `row ${i}`,
        });
        return v[0]! + v[1]! + v[2]!;
      },
      { how: "a nested fill" },
    );
    // Row 0: 1 + 0 + 0; row 2: 1 + 2 + 2.
    expectClose(y, [1, 2, 5, 4], 0);
    expect(ctx.collected.audit[0]?.details).toEqual({
      count: 2,
      units: ["u1", "u3"],
      values: [1, 5],
      how: "a nested fill",
    });
    expect(inner.collected.audit.map((e) => e.details?.units)).toEqual([
      ["u2", "u3"],
      ["u2", "u3"],
    ]);
  });

  it("records nothing when nothing is filled", () => {
    const ctx = indicatorContext(2);
    fillMissing(Float64Array.of(1, Number.NaN), ctx, () => Number.NaN, { how: "nothing" });
    expect(ctx.collected.audit).toEqual([]);
  });

  it("leaves the cells of units absent from the period missing, and does not record them", () => {
    const N = Number.NaN;
    // u3 and u5 are absent: mean(1, 3) = 2 goes to u2 only
    const present = Uint8Array.of(1, 1, 0, 1, 0);
    const x = Float64Array.of(1, N, N, 3, N);
    const mean = { ...indicatorContext(5), present };
    expectClose(imputeMean.impute(x, {}, mean), [1, 2, N, 3, N], 0);
    expect(mean.collected.audit.map((a) => a.message)).toEqual([
      "imputed 1 value(s) of x in 2024 with the mean 2: u2",
    ]);
    // groups a, a, a, b, b: group a's mean 1 fills u2; b's 3 would have filled u5, which is absent
    const groups = { ...indicatorContext(5, { meta: { g: ["a", "a", "a", "b", "b"] } }), present };
    expectClose(imputeGroupMean.impute(x, { group: "g" }, groups), [1, 1, N, 3, N], 0);
    expect(groups.collected.issues).toEqual([]);
    // the last observation of u3 (2023) is not carried into 2024, where u3 is absent
    const panel = Float64Array.of(1, 2, 7, 3, 4, ...x);
    const locf = { ...indicatorContext(5, { panel, periods: ["2023", "2024"], periodIndex: 1 }), present };
    expectClose(imputeLocf.impute(x, {}, locf), [1, 2, N, 3, N], 0);
    expect(locf.collected.issues).toEqual([]);
    // none counts only the present unit's missing value
    const none = { ...indicatorContext(5), present };
    imputeNone.impute(x, {}, none);
    expect(none.collected.audit[0]!.details).toEqual({ missing: 1 });
  });
});

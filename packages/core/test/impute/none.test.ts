import { imputeNone } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";

describe("none", () => {
  it("leaves missing values missing and records it", () => {
    const ctx = indicatorContext(4);
    const x = Float64Array.of(1, Number.NaN, 3, Number.NaN);
    const y = imputeNone.impute(x, {}, ctx);
    expectClose(y, [1, Number.NaN, 3, Number.NaN], 0);
    expect(y).not.toBe(x);
    expect(ctx.collected.audit).toEqual([
      {
        action: "not-imputed",
        node: "x",
        period: "2024",
        details: { missing: 2 },
        message: "left 2 missing value(s) of x in 2024 missing (no imputation)",
      },
    ]);
    expect(ctx.collected.issues).toEqual([]);
  });

  it("records nothing when nothing is missing", () => {
    const ctx = indicatorContext(2);
    imputeNone.impute(Float64Array.of(1, 2), {}, ctx);
    expect(ctx.collected.audit).toEqual([]);
  });
});

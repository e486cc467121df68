import { type BoxCoxOptions, boxCox, boxCoxTransform } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { referenceColumn } from "../helpers/reference.js";

// Reference: COINr 1.1.14 boxcox(y, lambda = 0.5) and boxcox(y, lambda = 0) (makepos = TRUE, na.rm = TRUE) on
// y <- c(round(rlnorm(30), 4), 60, 80) with set.seed(3), in ../shared/reference/coinr-asem/vectors/log_transforms.csv.
const file = "vectors/log_transforms.csv";
const y = referenceColumn(file, "y");
const defaults: BoxCoxOptions = {
  lambda: 0.5,
  shift: true,
  onlyIfFailing: false,
  skew: 2,
  kurtosis: 3.5,
};

describe("treat box-cox", () => {
  it("matches COINr boxcox with lambda 0.5 and 0 to 1e-12", () => {
    expectClose(
      boxCox.treat(y, defaults, indicatorContext(y.length)),
      referenceColumn(file, "boxcox_l0.5"),
      1e-12,
    );
    const ctx = indicatorContext(y.length);
    expectClose(boxCox.treat(y, { ...defaults, lambda: 0 }, ctx), referenceColumn(file, "boxcox_l0"), 1e-12);
    // λ = 0 after the shift is COINr's log_CT_orig
    expectClose(referenceColumn(file, "boxcox_l0"), referenceColumn(file, "log_CT_orig"), 0);
    expect(ctx.collected.audit[0]).toMatchObject({
      action: "transformed",
      details: { transform: "box-cox", lambda: 0 },
    });
  });

  it("works by hand: 0, 3, 8 with λ = 0.5 → z = 1, 4, 9 → 0, 2, 4", () => {
    expectClose(boxCoxTransform(Float64Array.of(0, 3, Number.NaN, 8), 0.5), [0, 2, Number.NaN, 4], 1e-15);
    // without the shift: (4^0.5 − 1) / 0.5 = 2
    expectClose(boxCoxTransform(Float64Array.of(4), 0.5, false), [2], 1e-15);
  });

  it("without shift, reports values that are not strictly positive", () => {
    const ctx = indicatorContext(3, { id: "crime" });
    const v = Float64Array.of(2, 0, -1);
    expectClose(boxCox.treat(v, { ...defaults, shift: false }, ctx), v, 0);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "non-positive",
        message:
          "Box-Cox without a shift needs strictly positive values, but 2 value(s) of `crime` in `2024` are zero or negative (the first is `0`); set `shift` to true",
      },
    ]);
  });
});

describe("treat box-cox without lambda", () => {
  it("reports the missing option instead of returning NaN", () => {
    const ctx = indicatorContext(3);
    const v = Float64Array.of(1, 2, 3);
    expectClose(boxCox.treat(v, { ...defaults, lambda: undefined as unknown as number }, ctx), v, 0);
    expect(ctx.collected.issues.map((i) => i.message)).toEqual([
      "Box-Cox transformation needs a finite option `lambda`, got `null`",
    ]);
  });
});

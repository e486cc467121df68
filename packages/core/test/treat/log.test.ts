import { type LogOptions, logCtPlus, logGii, logTreatment } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { referenceColumn } from "../helpers/reference.js";

// Reference: COINr 1.1.14 on y <- c(round(rlnorm(30), 4), 60, 80) with set.seed(3):
// ../shared/reference/coinr-asem/vectors/log_transforms.csv has log_CT(y), log_CT_plus(y), log_CT_orig(y),
// boxcox(y, 0.5), boxcox(y, 0) and log_GII(y) (which returns y unchanged), all with na.rm = TRUE.
// Other values: R 4.2.2 running the bodies of COINr 1.1.14's functions (R/treat.R), pasted next to each test.
const file = "vectors/log_transforms.csv";
const y = referenceColumn(file, "y");
const defaults: LogOptions = {
  variant: "log-ct",
  onlyIfFailing: false,
  skew: 2,
  kurtosis: 3.5,
};

describe("treat log", () => {
  it("matches COINr log_CT, log_CT_plus and log_CT_orig to 1e-12", () => {
    for (const [variant, column] of [
      ["log-ct", "log_CT"],
      ["log-ct-plus", "log_CT_plus"],
      ["log-ct-orig", "log_CT_orig"],
    ] as const) {
      const ctx = indicatorContext(y.length);
      const out = logTreatment.treat(y, { ...defaults, variant }, ctx);
      expectClose(out, referenceColumn(file, column), 1e-12);
      expect(ctx.collected.issues).toEqual([]);
      expect(ctx.collected.audit[0]).toMatchObject({
        action: "transformed",
        node: "x",
        details: { transform: variant, min: 0.1889, max: 80, passedBefore: false },
      });
    }
  });

  it("log-ct-plus mirrors the transform when the skew is negative", () => {
    // R: log_CT_plus(100 - y, na.rm = TRUE)$x (first three and last two values)
    //   0.0086260980366005807, -0.30425227520588366, -0.64427778825204862, ..., -4.1044468782246106,
    //   -4.3896129233800982
    const out = logCtPlus(y.map((v) => 100 - v));
    expectClose(
      [out[0]!, out[1]!, out[2]!, out[30]!, out[31]!],
      [
        0.0086260980366005807, -0.30425227520588366, -0.64427778825204862, -4.1044468782246106,
        -4.3896129233800982,
      ],
      1e-12,
    );
  });

  it("log-gii applies the formula COINr documents, not COINr 1.1.14's output (y unchanged)", () => {
    // COINr 1.1.14 log_GII computes the transform and returns its input: the reference column is y itself.
    expectClose(referenceColumn(file, "log_GII_returns_x_unchanged"), y, 0);
    // R: mx <- max(y); mn <- min(y); log((mx - 1)*(y - mn) / (mx-mn) + 1)  (first two, 24th, last two)
    const out = logGii(y);
    expectClose(
      [out[0]!, out[1]!, out[23]!, out[30]!, out[31]!],
      [0.17507498121203369, 0.43943763040625589, 0, 4.0977264195527336, 4.3820266346738812],
      1e-12,
    );
  });

  it("keeps missing values missing", () => {
    const v = Float64Array.of(1, Number.NaN, 2, 101);
    // min 1, max 101, a = 1: ln(1), NaN, ln(2), ln(101)
    expectClose(
      logTreatment.treat(v, defaults, indicatorContext(4)),
      [0, Number.NaN, Math.log(2), Math.log(101)],
      1e-15,
    );
  });

  it("with onlyIfFailing, transforms y (which fails) but not a vector that passes", () => {
    expectClose(
      logTreatment.treat(y, { ...defaults, onlyIfFailing: true }, indicatorContext(y.length)),
      referenceColumn(file, "log_CT"),
      1e-12,
    );
    const v = Float64Array.of(1, 2, 3, 4, 5);
    const ctx = indicatorContext(5);
    expectClose(logTreatment.treat(v, { ...defaults, onlyIfFailing: true }, ctx), v, 0);
    expect(ctx.collected.audit[0]).toMatchObject({
      action: "treatment",
      details: { passedBefore: true, transform: null },
    });
  });

  it("reports a constant indicator instead of returning −∞, and too few values with onlyIfFailing", () => {
    const ctx = indicatorContext(3);
    const v = Float64Array.of(2, 2, 2);
    expectClose(logTreatment.treat(v, defaults, ctx), v, 0);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "not-finite",
        message:
          "log transformation log-ct of `x` in `2024` is not finite for 3 value(s), the first `2` (`u1`); left untreated",
      },
    ]);
    const few = indicatorContext(3);
    logTreatment.treat(Float64Array.of(1, 2, 30), { ...defaults, onlyIfFailing: true }, few);
    expect(few.collected.issues.map((i) => i.code)).toEqual(["too-few-values"]);
  });
});

import { checkSkewKurtosis, type WinsoriseOptions, winsorise, winsoriseVector } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { readReferenceCsv, readReferenceRecords, referenceColumn } from "../helpers/reference.js";

// Reference: COINr 1.1.14 on y <- c(round(rlnorm(30), 4), 60, 80) with set.seed(3), in
// ../shared/reference/coinr-asem/vectors/:
//   winsorise_trace.csv, winsorise_nwin.csv: winsorise(y, na.rm = TRUE) (winmax 5): y, winsorised, treated
//   treat_numeric_winmax1_logCT.csv: Treat(y, f1 = "winsorise", f1_para = list(na.rm = TRUE, winmax = 1),
//     f2 = "log_CT", f2_para = list(na.rm = TRUE), f_pass = "check_SkewKurt", f_pass_para = list(na.rm = TRUE))
//   skew_kurt.csv: check_SkewKurt(x, na.rm = TRUE)$Pass on x <- c(3,1,4,1,5,9,2,6,NA,5,35,8)
// Other expected values come from R 4.2.2 running the bodies of COINr 1.1.14's skew, kurt, check_SkewKurt,
// winsorise and log_CT (R/treat.R, copied unchanged since COINr is not installed); the calls and outputs are
// pasted next to each test.

const defaults: WinsoriseOptions = {
  winmax: 5,
  skew: 2,
  kurtosis: 3.5,
  fallback: "log-ct",
  combine: false,
  force: false,
};
const y = referenceColumn("vectors/winsorise_trace.csv", "y");
const x = Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6, Number.NaN, 5, 35, 8);

describe("winsoriseVector (COINr winsorise)", () => {
  it("matches COINr's winsorisation trace, the treated points and nwin", () => {
    const trace = readReferenceCsv("vectors/winsorise_trace.csv");
    const w = winsoriseVector(y, { winmax: 5 });
    expectClose(w.x, referenceColumn("vectors/winsorise_trace.csv", "winsorised"), 0);
    expect(w.side.map((s) => (s === "high" ? "winhi" : s === "low" ? "winlo" : ""))).toEqual(
      trace.rows.map((r) => r[2]),
    );
    expect(w.nwin).toBe(Number(readReferenceRecords("vectors/winsorise_nwin.csv")[0]!.nwin));
    // 80 is the highest, winsorised first (to 60); then both are set to 3.5515.
    expect([w.iteration[30], w.iteration[31]]).toEqual([2, 1]);
    expect(w.check.pass).toBe(true);
  });

  it("winsorises the standard x once (35 → 9)", () => {
    // R: wx <- winsorise(x, na.rm = TRUE, winmax = 5); wx$x; wx$nwin
    //   3, 1, 4, 1, 5, 9, 2, 6, NA, 5, 9, 8 ; 1 ; check_SkewKurt: Pass TRUE, Skew 0.188, Kurt -1.26
    const pass = readReferenceRecords("vectors/skew_kurt.csv").find((r) => r.case === "x_narm")!.pass;
    expect(checkSkewKurtosis(x).pass).toBe(pass === "TRUE");
    const w = winsoriseVector(x);
    expectClose(w.x, [3, 1, 4, 1, 5, 9, 2, 6, Number.NaN, 5, 9, 8], 0);
    expect(w.nwin).toBe(1);
  });

  it("winsorises values tied at the maximum together, so nwin can exceed winmax", () => {
    // R: t <- c(1:20, 100, 100); check_SkewKurt(t): Pass FALSE, Skew 2.82, Kurt 7.13
    //    winsorise(t, winmax = 1): x = 1, ..., 20, 20, 20; nwin 2; treated winhi at 21 and 22
    const t = Float64Array.from([...Array.from({ length: 20 }, (_, i) => i + 1), 100, 100]);
    const w = winsoriseVector(t, { winmax: 1 });
    expectClose(w.x, [...Array.from({ length: 20 }, (_, i) => i + 1), 20, 20], 0);
    expect(w.nwin).toBe(2);
    expect(w.side.slice(20)).toEqual(["high", "high"]);
    expect(w.steps).toBe(1);
  });

  it("with force, keeps going past a pass and switches side with the sign of the skew", () => {
    // R: f <- winsorise(x, na.rm = TRUE, winmax = 3, force_win = TRUE)
    //   f$x: 3, 2, 4, 2, 5, 8, 2, 6, NA, 5, 8, 8 ; f$nwin: 4 ; treated: ,winlo,,winlo,,winhi,,,,,winhi,
    const w = winsoriseVector(x, { winmax: 3, force: true });
    expectClose(w.x, [3, 2, 4, 2, 5, 8, 2, 6, Number.NaN, 5, 8, 8], 0);
    expect(w.nwin).toBe(4);
    expect(w.side).toEqual([null, "low", null, "low", null, "high", null, null, null, null, "high", null]);
    expect(Array.from(w.iteration)).toEqual([0, 3, 0, 3, 0, 2, 0, 0, 0, 0, 1, 0]);
  });

  it("winsorises the low end of a left-skewed vector (the mirror image)", () => {
    // skewness(−y) = −skewness(y) exactly and the kurtosis is the same, so each step mirrors.
    const w = winsoriseVector(y.map((v) => -v));
    const expected = referenceColumn("vectors/winsorise_trace.csv", "winsorised").map((v) => -v);
    expectClose(w.x, expected, 0);
    expect(w.side.filter((s) => s !== null)).toEqual(["low", "low"]);
  });
});

describe("treat winsorise (COINr Treat)", () => {
  it("winsorises y until it passes and records each point", () => {
    const ctx = indicatorContext(y.length);
    const out = winsorise.treat(y, defaults, ctx);
    expectClose(out, referenceColumn("vectors/winsorise_trace.csv", "winsorised"), 0);
    const points = ctx.collected.audit.filter((a) => a.action === "winsorised");
    expect(points.map((a) => [a.unit, a.before, a.after, a.details])).toEqual([
      ["u31", 60, 3.5515, { side: "high", iteration: 2 }],
      ["u32", 80, 3.5515, { side: "high", iteration: 1 }],
    ]);
    const summary = ctx.collected.audit.find((a) => a.action === "treatment")!;
    expect(summary.details).toMatchObject({
      passedBefore: false,
      passedAfter: true,
      winsorised: 2,
      transform: null,
      nwin: 2,
    });
    expect(ctx.collected.issues).toEqual([]);
  });

  it("falls through to log_CT on the original values when winmax = 1 is not enough", () => {
    const ref = readReferenceCsv("vectors/treat_numeric_winmax1_logCT.csv");
    const ctx = indicatorContext(y.length);
    const out = winsorise.treat(y, { ...defaults, winmax: 1 }, ctx);
    expectClose(out, referenceColumn("vectors/treat_numeric_winmax1_logCT.csv", "treated"), 1e-12);
    // COINr marks 80 `winhi+log_CT` although the winsorisation is undone: it is reported as reverted, and no
    // point is recorded as winsorised.
    expect(ref.rows.filter((r) => r[2] === "winhi+log_CT").map((r) => r[0])).toEqual(["80"]);
    expect(ctx.collected.audit.filter((a) => a.action === "winsorised")).toEqual([]);
    expect(ctx.collected.audit.find((a) => a.action === "transformed")!.details).toMatchObject({
      transform: "log-ct",
      appliedTo: "original",
    });
    expect(ctx.collected.audit.find((a) => a.action === "treatment")!.details).toMatchObject({
      passedBefore: false,
      winsorised: 0,
      nwin: 1,
      reverted: 1,
      transform: "log-ct",
    });
  });

  it("with combine, applies log_CT to the winsorised values", () => {
    // R: w1 <- winsorise(y, na.rm = TRUE, winmax = 1); log_CT(w1$x, na.rm = TRUE)$x
    // (COINr Treat(..., combine_treat = TRUE)); check_SkewKurt of the result: Pass FALSE, Skew 2.43, Kurt 6.34
    const expected = [
      -0.23393785070865747, 0.14462920842929802, 0.53333693221207223, -0.32129263198702346,
      0.48582222788749557, 0.36451185497387423, 0.40440521328470364, 1.2423405576585484, -0.34982559721748707,
      1.3764235546045784, -0.12328577298299842, -0.31223299508064917, -0.1079070887577519,
      0.52863273192582516, 0.45324587411775169, 0.13489009417139092, -0.22965092844050827,
      -0.070196095070207062, 1.337894508269085, 0.48883213027416234, -0.03055096427155338,
      -0.22450572865664975, 0.2028681882961044, -0.51397892352743302, 0.024898445063951096,
      -0.12125166941706175, 1.2812424089625618, 1.1507337233861119, 0.29245391906055601, -0.31469567646007818,
      4.1011415933138267, 4.1011415933138267,
    ];
    const ctx = indicatorContext(y.length);
    const out = winsorise.treat(y, { ...defaults, winmax: 1, combine: true }, ctx);
    expectClose(out, expected, 1e-12);
    const points = ctx.collected.audit.filter((a) => a.action === "winsorised");
    expect(points.map((a) => [a.unit, a.before, a.after])).toEqual([["u32", 80, 60]]);
    expect(ctx.collected.audit.find((a) => a.action === "treatment")!.details).toMatchObject({
      passedAfter: false,
      winsorised: 1,
      transform: "log-ct",
    });
  });

  it("with fallback none, keeps the winsorised values even when they still fail (COINr without f2)", () => {
    const out = winsorise.treat(y, { ...defaults, winmax: 1, fallback: "none" }, indicatorContext(y.length));
    const expected = Float64Array.from(y);
    expected[31] = 60;
    expectClose(out, expected, 0);
  });

  it("with fallback box-cox, needs lambda and applies COINr boxcox to the original values", () => {
    const missing = indicatorContext(y.length);
    expectClose(winsorise.treat(y, { ...defaults, winmax: 1, fallback: "box-cox" }, missing), y, 0);
    expect(missing.collected.issues.map((i) => i.message)).toEqual([
      "winsorisation with fallback `box-cox` needs the option `lambda`",
    ]);
    // COINr boxcox(y, lambda = 0.5) in log_transforms.csv (makepos = TRUE, the only way Treat calls it)
    const out = winsorise.treat(
      y,
      { ...defaults, winmax: 1, fallback: "box-cox", lambda: 0.5 },
      indicatorContext(y.length),
    );
    expectClose(out, referenceColumn("vectors/log_transforms.csv", "boxcox_l0.5"), 1e-12);
  });

  it("leaves an indicator that passes untouched and records the check", () => {
    const v = Float64Array.of(1, 2, 3, 4, 5, Number.NaN, 6);
    const ctx = indicatorContext(v.length);
    const out = winsorise.treat(v, defaults, ctx);
    expectClose(out, v, 0);
    expect(out).not.toBe(v);
    expect(ctx.collected.audit).toHaveLength(1);
    expect(ctx.collected.audit[0]).toMatchObject({
      action: "treatment",
      node: "x",
      period: "2024",
      details: { passedBefore: true, passedAfter: true, winsorised: 0, transform: null },
    });
  });

  it("reports, never crashes on, an indicator without enough data", () => {
    const cases: [number[], string][] = [
      [
        [4, 4, 4, 4, Number.NaN],
        "winsorisation needs at least two different values, but every value of `x` in `2024` is `4`; left untreated",
      ],
      [[Number.NaN, Number.NaN], "winsorisation found no value of `x` in `2024`; left untreated"],
      [
        [1, 50, 2],
        "winsorisation needs at least 4 values to compute the kurtosis, but `x` in `2024` has 3; left untreated",
      ],
    ];
    for (const [values, message] of cases) {
      const v = Float64Array.from(values);
      const ctx = indicatorContext(v.length);
      expectClose(winsorise.treat(v, defaults, ctx), v, 0);
      expect(ctx.collected.issues.map((i) => [i.severity, i.message])).toEqual([["warning", message]]);
    }
  });

  it("leaves untreated an indicator whose winsorisation removes all variation, as COINr does", () => {
    // R: z <- c(rep(0, 10), 1); check_SkewKurt(z): Pass FALSE, Skew 3.32, Kurt 11; winsorise(z) stops with
    // "missing value where TRUE/FALSE needed" (all values 0 after one step), which Treat.data.frame catches and
    // returns the indicator untreated with a warning.
    const z = Float64Array.from([...Array.from({ length: 10 }, () => 0), 1]);
    const ctx = indicatorContext(z.length);
    expectClose(winsorise.treat(z, defaults, ctx), z, 0);
    expect(ctx.collected.issues.map((i) => i.code)).toEqual(["zero-variance"]);
  });
});

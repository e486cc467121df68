import {
  bordaScore,
  distanceToMax,
  distanceToReference,
  distanceToTarget,
  fractionOfMax,
  goalposts,
  type IndicatorModel,
  minMax,
  type NormaliseMethod,
  percentileRank,
  rankNormalise,
  scaled,
  zScore,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { readReferenceCsv, referenceColumn } from "../helpers/reference.js";
import { expectRelClose, normaliseAs } from "./run.js";

// Source: ../shared/reference/coinr-asem/vectors/normalise_vector.csv, written by COINr 1.1.14 on R 4.2.2 from
// x <- c(3, 1, 4, 1, 5, 9, 2, 6, NA, 5, 35, 8). Each column is one COINr call; its name says the function and
// parameters. Tolerance: 1e-9 relative (an expected 0 must be exactly 0). R's NA is NaN here.
//
// The `_dirneg` columns are COINr with direction -1 on the original x:
//   n_dist2targ(x, 2, direction = -1)            = (max(x) - x) / (max(x) - 2)
//   n_goalposts(x, c(2, 8, 1), direction = -1)   = clamp((x - 8) / (2 - 8), 0, 1) * 1
//   Normalise(x, f_n = "n_minmax", direction = -1) = n_minmax(-x, c(0, 100))
// Our runner hands a normaliser -x and keeps the target and goalposts on the original scale; the methods negate
// (and swap) them. A check in R that these formulas give the columns bit for bit:
//   identical((max(x, na.rm=TRUE) - x) / (max(x, na.rm=TRUE) - 2), ref$n_dist2targ_2_dirneg)       # TRUE
//   identical(pmin(pmax((x - 8) / (2 - 8), 0), 1) * 1, ref$n_goalposts_2_8_1_dirneg)              # TRUE
const file = "vectors/normalise_vector.csv";
const x = referenceColumn(file, "x");

type Case = {
  method: NormaliseMethod<never>;
  options: Record<string, unknown>;
  indicator?: Partial<IndicatorModel>;
};

const cases: Record<string, Case> = {
  n_minmax_0_100: { method: minMax as never, options: { range: [0, 100] } },
  n_minmax_1_10: { method: minMax as never, options: { range: [1, 10] } },
  n_zscore: { method: zScore as never, options: { mean: 0, sd: 1, form: "sample" } },
  n_zscore_10_2: { method: zScore as never, options: { mean: 10, sd: 2, form: "sample" } },
  n_rank_min: { method: rankNormalise as never, options: { ties: "min" } },
  n_rank_average: { method: rankNormalise as never, options: { ties: "average" } },
  n_borda: { method: bordaScore as never, options: { ties: "min" } },
  n_prank: { method: percentileRank as never, options: { ties: "min" } },
  n_dist2max: { method: distanceToMax as never, options: {} },
  n_fracmax: { method: fractionOfMax as never, options: {} },
  // unit 3 is `u3` in the test context (units u1..u12)
  n_dist2ref_3: { method: distanceToReference as never, options: { unit: "u3", cap: false } },
  n_dist2ref_3_cap: { method: distanceToReference as never, options: { unit: "u3", cap: true } },
  n_dist2targ_7: { method: distanceToTarget as never, options: { target: 7, cap: false } },
  n_dist2targ_7_cap: { method: distanceToTarget as never, options: { target: { x: 7 }, cap: true } },
  n_dist2targ_2_dirneg: {
    method: distanceToTarget as never,
    options: { cap: false },
    indicator: { direction: -1, target: 2 },
  },
  n_goalposts_2_8_100: {
    method: goalposts as never,
    options: { goalposts: { x: [2, 8] }, truncate: true, scale: 100 },
  },
  n_goalposts_2_8_100_notrunc: {
    method: goalposts as never,
    options: { goalposts: [2, 8], truncate: false, scale: 100 },
  },
  n_goalposts_2_8_1_dirneg: {
    method: goalposts as never,
    options: { truncate: true, scale: 1 },
    indicator: { direction: -1, goalposts: [2, 8] },
  },
  n_scaled_0_50: { method: scaled as never, options: { bounds: [0, 50] } },
  Normalise_numeric_minmax_dirneg: {
    method: minMax as never,
    options: { range: [0, 100] },
    indicator: { direction: -1 },
  },
};

describe("normalisers against COINr 1.1.14 (normalise_vector.csv)", () => {
  it("covers every column of the reference file", () => {
    const { header } = readReferenceCsv(file);
    expect(Object.keys(cases).sort()).toEqual(header.filter((h) => h !== "x").sort());
  });

  for (const [column, c] of Object.entries(cases)) {
    it(`${column}: ${c.method.id} ${JSON.stringify(c.options)}${c.indicator ? ` ${JSON.stringify(c.indicator)}` : ""}`, () => {
      const { y, collected } = normaliseAs(c.method, x, c.options as never, c.indicator);
      expectRelClose(y, referenceColumn(file, column), 1e-9);
      expect(collected.issues).toEqual([]);
      expect(collected.audit).toHaveLength(1);
    });
  }

  it("agrees bit for bit where the formula is COINr's (all but z-score, whose standard deviation is summed differently)", () => {
    for (const [column, c] of Object.entries(cases)) {
      if (c.method.id === "z-score") continue;
      const { y } = normaliseAs(c.method, x, c.options as never, c.indicator);
      const expected = referenceColumn(file, column);
      // 0 and -0 count as equal (COINr's direction -1 goalposts give -0 at the upper goalpost)
      expect(
        Array.from(y, (v) => v + 0),
        column,
      ).toEqual(Array.from(expected, (v) => v + 0));
    }
  });
});

import {
  type BoxCoxOptions,
  boxCox,
  checkSkewKurtosis,
  type LogOptions,
  logTreatment,
  type WinsoriseOptions,
  winsorise,
} from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indicatorContext } from "../helpers/context.js";

// Property tests (fast-check, fixed seed): treatment keeps missingness, winsorisation stays inside the observed
// range, an indicator that passes the check is untouched, and the result does not depend on the order of units.

const SEED = 20240611;
const winsoriseOptions: WinsoriseOptions = {
  winmax: 5,
  skew: 2,
  kurtosis: 3.5,
  fallback: "log-ct",
  combine: false,
  force: false,
};
const logOptions: LogOptions = {
  variant: "log-ct",
  onlyIfFailing: false,
  skew: 2,
  kurtosis: 3.5,
};
const boxCoxOptions: BoxCoxOptions = {
  lambda: 0.5,
  shift: true,
  onlyIfFailing: false,
  skew: 2,
  kurtosis: 3.5,
};

/** Mostly moderate values, some far out (so many vectors fail the check), some missing. */
const value = fc.oneof(
  { arbitrary: fc.integer({ min: -1000, max: 1000 }).map((v) => v / 10), weight: 8 },
  { arbitrary: fc.integer({ min: -100000, max: 100000 }), weight: 1 },
  { arbitrary: fc.constant(Number.NaN), weight: 1 },
);
const vector = fc.array(value, { maxLength: 40 }).map((v) => Float64Array.from(v));

const treatments = [
  ["winsorise", (x: Float64Array) => winsorise.treat(x, winsoriseOptions, indicatorContext(x.length))],
  [
    "winsorise without fallback",
    (x: Float64Array) =>
      winsorise.treat(x, { ...winsoriseOptions, fallback: "none" }, indicatorContext(x.length)),
  ],
  ["log", (x: Float64Array) => logTreatment.treat(x, logOptions, indicatorContext(x.length))],
  ["box-cox", (x: Float64Array) => boxCox.treat(x, boxCoxOptions, indicatorContext(x.length))],
] as const;

describe("treatment properties", () => {
  for (const [name, treat] of treatments) {
    it(`${name} never changes which cells are missing`, () => {
      fc.assert(
        fc.property(vector, (x) => {
          const y = treat(x);
          expect(y).toHaveLength(x.length);
          for (let i = 0; i < x.length; i++) expect(Number.isNaN(y[i]!)).toBe(Number.isNaN(x[i]!));
        }),
        { seed: SEED },
      );
    });

    it(`${name} does not depend on the order of the units`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(value, fc.nat()), { maxLength: 40 }), (pairs) => {
          const x = Float64Array.from(pairs, (p) => p[0]);
          const order = pairs.map((_, i) => i).sort((a, b) => pairs[a]![1] - pairs[b]![1] || a - b);
          const y = treat(x);
          const yp = treat(Float64Array.from(order, (i) => x[i]!));
          order.forEach((i, k) => {
            expect(Object.is(yp[k], y[i]) || Math.abs(yp[k]! - y[i]!) <= 1e-12 * Math.abs(y[i]!)).toBe(true);
          });
        }),
        { seed: SEED },
      );
    });
  }

  it("winsorisation never moves a value outside the observed range, and only onto observed values", () => {
    fc.assert(
      fc.property(vector, fc.integer({ min: 0, max: 8 }), (x, winmax) => {
        const y = winsorise.treat(
          x,
          { ...winsoriseOptions, winmax, fallback: "none" },
          indicatorContext(x.length),
        );
        const observed = new Set(Array.from(x).filter((v) => !Number.isNaN(v)));
        const lo = Math.min(...observed);
        const hi = Math.max(...observed);
        for (const v of y) {
          if (Number.isNaN(v)) continue;
          expect(v).toBeGreaterThanOrEqual(lo);
          expect(v).toBeLessThanOrEqual(hi);
          expect(observed.has(v)).toBe(true);
        }
      }),
      { seed: SEED },
    );
  });

  it("an indicator that passes the check is untouched by winsorise and by the transforms with onlyIfFailing", () => {
    fc.assert(
      fc.property(vector, (x) => {
        fc.pre(checkSkewKurtosis(x).pass === true);
        const results = [
          winsorise.treat(x, winsoriseOptions, indicatorContext(x.length)),
          logTreatment.treat(x, { ...logOptions, onlyIfFailing: true }, indicatorContext(x.length)),
          boxCox.treat(x, { ...boxCoxOptions, onlyIfFailing: true }, indicatorContext(x.length)),
        ];
        for (const y of results) for (let i = 0; i < x.length; i++) expect(Object.is(y[i], x[i])).toBe(true);
      }),
      { seed: SEED },
    );
  });

  it("the treatment summary of a failing indicator records the check of the treated values", () => {
    fc.assert(
      fc.property(vector, (x) => {
        fc.pre(checkSkewKurtosis(x).pass === false);
        const ctx = indicatorContext(x.length);
        const y = winsorise.treat(x, winsoriseOptions, ctx);
        const summary = ctx.collected.audit.find((a) => a.action === "treatment")!;
        expect((summary.details as { passedAfter: boolean | null }).passedAfter).toBe(
          checkSkewKurtosis(y).pass,
        );
      }),
      { seed: SEED },
    );
  });
});

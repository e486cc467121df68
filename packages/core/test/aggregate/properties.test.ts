import {
  type AggregateMethod,
  arithmeticMean,
  copeland,
  generalisedMean,
  geometricMean,
  greyRelational,
  harmonicMean,
  mazziottaPareto,
  medianAggregate,
  topsis,
} from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregateContext } from "../helpers/context.js";

// Property tests on random positive data (values in [1, 100], weights in [0.1, 10]), seeded.
const seed = 20240611;
const positive = fc.double({ min: 1, max: 100, noNaN: true });
const weight = fc.double({ min: 0.1, max: 10, noNaN: true });

/** One unit with k children: values and weights. */
const unit = fc
  .integer({ min: 1, max: 8 })
  .chain((k) =>
    fc.tuple(
      fc.array(positive, { minLength: k, maxLength: k }),
      fc.array(weight, { minLength: k, maxLength: k }),
    ),
  );

/** n units × k children, column by column. */
const panel = fc
  .tuple(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 5 }))
  .chain(([n, k]) =>
    fc.tuple(
      fc.array(fc.array(positive, { minLength: n, maxLength: n }), { minLength: k, maxLength: k }),
      fc.array(weight, { minLength: k, maxLength: k }),
    ),
  );

const run = (m: AggregateMethod, options: Record<string, unknown>, values: number[][], weights: number[]) =>
  m.aggregate(
    values.map((c) => Float64Array.from(c)),
    Float64Array.from(weights),
    options,
    aggregateContext(
      values[0]!.length,
      values.map((_, j) => `c${j}`),
    ),
  );
const one = (m: AggregateMethod, options: Record<string, unknown>, x: number[], w: number[]) =>
  run(
    m,
    options,
    x.map((v) => [v]),
    w,
  )[0]!;

const rowwise: [string, AggregateMethod, Record<string, unknown>][] = [
  ["arithmetic", arithmeticMean, { minAvailability: 0 }],
  ["geometric", geometricMean, { minAvailability: 0 }],
  ["harmonic", harmonicMean, { minAvailability: 0 }],
  ["generalised p = 2", generalisedMean, { p: 2, minAvailability: 0 }],
  ["generalised p = -0.5", generalisedMean, { p: -0.5, minAvailability: 0 }],
  ["median", medianAggregate, { weighted: false, minAvailability: 0 }],
  ["weighted median", medianAggregate, { weighted: true, minAvailability: 0 }],
];

describe("aggregation properties", () => {
  for (const [name, method, options] of rowwise) {
    it(`${name}: monotone non-decreasing in each child, and the mean of equal values is that value`, () => {
      fc.assert(
        fc.property(unit, fc.nat(), fc.double({ min: 0, max: 50, noNaN: true }), ([x, w], at, up) => {
          const j = at % x.length;
          const raised = x.slice();
          raised[j] = raised[j]! + up;
          const before = one(method, options, x, w);
          const after = one(method, options, raised, w);
          expect(after).toBeGreaterThanOrEqual(before - 1e-9 * Math.abs(before));
          const same = one(
            method,
            options,
            x.map(() => x[0]!),
            w,
          );
          expect(Math.abs(same - x[0]!)).toBeLessThanOrEqual(1e-12 * x[0]!);
        }),
        { seed, numRuns: 200 },
      );
    });
  }

  it("power means are ordered: harmonic <= geometric <= arithmetic <= quadratic, and p = 0, ±1 agree", () => {
    fc.assert(
      fc.property(unit, ([x, w]) => {
        const h = one(harmonicMean, { minAvailability: 0 }, x, w);
        const g = one(geometricMean, { minAvailability: 0 }, x, w);
        const a = one(arithmeticMean, { minAvailability: 0 }, x, w);
        const q = one(generalisedMean, { p: 2, minAvailability: 0 }, x, w);
        const tol = 1e-12 * a;
        expect(h).toBeLessThanOrEqual(g + tol);
        expect(g).toBeLessThanOrEqual(a + tol);
        expect(a).toBeLessThanOrEqual(q + tol);
        expect(Math.abs(one(generalisedMean, { p: -1, minAvailability: 0 }, x, w) - h)).toBeLessThanOrEqual(
          tol,
        );
        expect(Math.abs(one(generalisedMean, { p: 0, minAvailability: 0 }, x, w) - g)).toBeLessThanOrEqual(
          tol,
        );
        expect(Math.abs(one(generalisedMean, { p: 1, minAvailability: 0 }, x, w) - a)).toBeLessThanOrEqual(
          tol,
        );
      }),
      { seed, numRuns: 300 },
    );
  });

  it("the weighted median with equal weights is the plain median", () => {
    fc.assert(
      fc.property(unit, ([x]) => {
        const w = x.map(() => 1);
        const plain = one(medianAggregate, { weighted: false, minAvailability: 0 }, x, w);
        expect(one(medianAggregate, { weighted: true, minAvailability: 0 }, x, w)).toBe(plain);
      }),
      { seed, numRuns: 200 },
    );
  });

  const wholeSample: [string, AggregateMethod, Record<string, unknown>][] = [
    ["topsis", topsis, { normalisation: "vector", scale: 1, minAvailability: 0 }],
    ["topsis min-max", topsis, { normalisation: "min-max", scale: 100, minAvailability: 0 }],
    ["grey relational", greyRelational, { rho: 0.5, normalisation: "none", minAvailability: 0 }],
    ["copeland", copeland, { missingPairs: "coinr" }],
    ["mpi", mazziottaPareto, { penalty: "negative", weighted: true, minAvailability: 0 }],
    ...rowwise,
  ];
  for (const [name, method, options] of wholeSample) {
    it(`${name}: permuting the units permutes the scores`, () => {
      fc.assert(
        fc.property(panel, fc.nat(), ([values, w], shift) => {
          const n = values[0]!.length;
          // a rotation by `shift` and a reversal
          const perm = Array.from({ length: n }, (_, i) => (n - 1 - i + shift) % n);
          const y = run(method, options, values, w);
          const z = run(
            method,
            options,
            values.map((c) => perm.map((i) => c[i]!)),
            w,
          );
          perm.forEach((i, r) => {
            const a = y[i]!;
            const b = z[r]!;
            if (Number.isNaN(a)) expect(b).toBeNaN();
            else expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
          });
        }),
        { seed, numRuns: 100 },
      );
    });
  }

  it("copeland in pairwise mode is order-invariant with missing values too", () => {
    const withMissing = panel.chain(([values, w]) =>
      fc
        .array(fc.boolean(), {
          minLength: values.length * values[0]!.length,
          maxLength: values.length * values[0]!.length,
        })
        .map((holes) => {
          const n = values[0]!.length;
          return [values.map((c, j) => c.map((v, i) => (holes[j * n + i] ? Number.NaN : v))), w] as const;
        }),
    );
    fc.assert(
      fc.property(withMissing, ([values, w]) => {
        const n = values[0]!.length;
        const perm = Array.from({ length: n }, (_, i) => n - 1 - i);
        const y = run(copeland, { missingPairs: "pairwise" }, values, w);
        const z = run(
          copeland,
          { missingPairs: "pairwise" },
          values.map((c) => perm.map((i) => c[i]!)),
          w,
        );
        perm.forEach((i, r) => {
          expect(Object.is(y[i], z[r])).toBe(true);
        });
      }),
      { seed, numRuns: 100 },
    );
  });
});

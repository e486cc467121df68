import {
  bordaScore,
  distanceToMax,
  distanceToReference,
  distanceToTarget,
  fractionOfMax,
  goalposts,
  minMax,
  type NormaliseMethod,
  percentileRank,
  rankNormalise,
  scaled,
  zScore,
} from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indicatorContext } from "../helpers/context.js";

// Property tests (fast-check 4.11, 100 runs each, seeded so a failure replays the same way).
const params = { seed: 20240611, numRuns: 100 };

/** Runs a normaliser on a plain array in a fresh context (direction 1, units u1..un). */
function run<O>(method: NormaliseMethod<O>, x: readonly number[], options: O): Float64Array {
  return method.normalise(Float64Array.from(x), options, indicatorContext(x.length));
}

/** A value: a small integer (to make ties), a double, or missing. */
const value = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 3, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);
const vector = fc.array(value, { minLength: 1, maxLength: 25 });

/** Present values, and at least two different ones. */
function spread(x: readonly number[]): boolean {
  const present = x.filter((v) => !Number.isNaN(v));
  return present.some((v) => v !== present[0]);
}

/** A vector with a permutation of its positions. */
const permuted = vector.chain((x) =>
  fc.tuple(
    fc.constant(x),
    fc.shuffledSubarray(
      x.map((_, i) => i),
      { minLength: x.length, maxLength: x.length },
    ),
  ),
);

const ties = ["min", "average", "max"] as const;

describe("normalise properties", () => {
  it("min-max maps the minimum onto l and the maximum onto u", () => {
    const range = fc
      .tuple(
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
      )
      .map(([l, w]) => [l, l + w] as [number, number]);
    fc.assert(
      fc.property(vector, range, (x, [l, u]) => {
        fc.pre(spread(x));
        const y = run(minMax, x, { range: [l, u] });
        const present = x.filter((v) => !Number.isNaN(v));
        const lo = Math.min(...present);
        const hi = Math.max(...present);
        const tol = 1e-12 * (Math.abs(l) + Math.abs(u));
        x.forEach((v, i) => {
          if (Number.isNaN(v)) expect(y[i]).toBeNaN();
          else expect(y[i]! >= l - tol && y[i]! <= u + tol).toBe(true);
          if (v === lo) expect(y[i] === l).toBe(true); // 0 and -0 alike
          if (v === hi) expect(Math.abs(y[i]! - u)).toBeLessThanOrEqual(tol);
        });
      }),
      params,
    );
  });

  it("z-score gives the requested mean and standard deviation, in either form", () => {
    const target = fc.tuple(
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: 0.01, max: 100, noNaN: true }),
      fc.constantFrom("sample" as const, "population" as const),
    );
    fc.assert(
      fc.property(vector, target, (x, [mean, sd, form]) => {
        fc.pre(spread(x));
        const y = Array.from(run(zScore, x, { mean, sd, form })).filter((v) => !Number.isNaN(v));
        const n = y.length;
        const m = y.reduce((s, v) => s + v, 0) / n;
        const ss = y.reduce((s, v) => s + (v - m) ** 2, 0);
        const s = Math.sqrt(ss / (form === "sample" ? n - 1 : n));
        const tol = 1e-9 * (Math.abs(mean) + sd);
        expect(Math.abs(m - mean)).toBeLessThanOrEqual(tol);
        expect(Math.abs(s - sd)).toBeLessThanOrEqual(tol);
      }),
      params,
    );
  });

  it("rank, borda and percentile-rank commute with a reordering of the units", () => {
    fc.assert(
      fc.property(permuted, fc.constantFrom(...ties), ([x, perm], t) => {
        const xp = perm.map((i) => x[i]!);
        for (const method of [rankNormalise, bordaScore, percentileRank]) {
          const y = run(method, x, { ties: t });
          const yp = run(method, xp, { ties: t });
          expect(Array.from(yp)).toEqual(perm.map((i) => y[i]!));
        }
      }),
      params,
    );
  });

  it("the other normalisers commute with a reordering of the units too", () => {
    const cases: [NormaliseMethod<never>, Record<string, unknown>][] = [
      [minMax as never, { range: [0, 100] }],
      [distanceToMax as never, {}],
      [fractionOfMax as never, {}],
      [distanceToTarget as never, { target: 150, cap: true }],
      [goalposts as never, { goalposts: [-50, 50], truncate: true, scale: 100 }],
      [scaled as never, { bounds: [-10, 10] }],
    ];
    fc.assert(
      fc.property(permuted, ([x, perm]) => {
        const xp = perm.map((i) => x[i]!);
        for (const [method, options] of cases) {
          const y = run(method, x, options as never);
          const yp = run(method, xp, options as never);
          expect(Array.from(yp)).toEqual(perm.map((i) => y[i]!));
        }
      }),
      params,
    );
  });

  it("ranks of distinct values are a permutation of 1..n (borda 0..n-1, percentile k/(n-1))", () => {
    const distinct = fc.uniqueArray(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
      minLength: 2,
      maxLength: 30,
      comparator: "SameValueZero",
    });
    fc.assert(
      fc.property(distinct, fc.constantFrom(...ties), (x, t) => {
        const n = x.length;
        const r = Array.from(run(rankNormalise, x, { ties: t }));
        expect([...r].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(Array.from(run(bordaScore, x, { ties: t }))).toEqual(r.map((v) => v - 1));
        expect(Array.from(run(percentileRank, x, { ties: t }))).toEqual(r.map((v) => (v - 1) / (n - 1)));
      }),
      params,
    );
  });

  it("every normaliser is monotone: a larger value never gets a smaller score", () => {
    const cases: [
      string,
      NormaliseMethod<never>,
      Record<string, unknown>,
      (x: readonly number[]) => boolean,
    ][] = [
      ["min-max", minMax as never, { range: [0, 100] }, spread],
      ["min-max onto [-5, 5]", minMax as never, { range: [-5, 5] }, spread],
      ["z-score", zScore as never, { mean: 10, sd: 2, form: "sample" }, spread],
      ["z-score population", zScore as never, { mean: 0, sd: 1, form: "population" }, spread],
      ...ties.map(
        (t) =>
          [`rank ${t}`, rankNormalise as never, { ties: t }, () => true] as [
            string,
            never,
            never,
            () => boolean,
          ],
      ),
      ...ties.map(
        (t) =>
          [`borda ${t}`, bordaScore as never, { ties: t }, () => true] as [
            string,
            never,
            never,
            () => boolean,
          ],
      ),
      ...ties.map(
        (t) =>
          [`percentile-rank ${t}`, percentileRank as never, { ties: t }, spread] as [
            string,
            never,
            never,
            (x: readonly number[]) => boolean,
          ],
      ),
      ["fraction-of-max", fractionOfMax as never, {}, (x) => x.some((v) => v > 0)],
      ["distance-to-max", distanceToMax as never, {}, spread],
      [
        "distance-to-reference",
        distanceToReference as never,
        { unit: "u1", cap: false },
        (x) => !Number.isNaN(x[0]!) && x.some((v) => v < x[0]!),
      ],
      [
        "distance-to-reference capped",
        distanceToReference as never,
        { unit: "u1", cap: true },
        (x) => !Number.isNaN(x[0]!) && x.some((v) => v < x[0]!),
      ],
      ["distance-to-target", distanceToTarget as never, { target: 150, cap: false }, () => true],
      [
        "distance-to-target capped",
        distanceToTarget as never,
        { target: 0, cap: true },
        (x) => x.some((v) => v < 0),
      ],
      ["goalposts", goalposts as never, { goalposts: [-50, 50], truncate: true, scale: 100 }, () => true],
      [
        "goalposts untruncated",
        goalposts as never,
        { goalposts: [-5, 5], truncate: false, scale: 1 },
        () => true,
      ],
      ["scaled", scaled as never, { bounds: [-10, 10] }, () => true],
    ];
    for (const [name, method, options, valid] of cases) {
      fc.assert(
        fc.property(vector, (x) => {
          fc.pre(valid(x));
          const ctx = indicatorContext(x.length);
          const y = method.normalise(Float64Array.from(x), options as never, ctx);
          expect(ctx.collected.issues, name).toEqual([]);
          // Along the units sorted by value, scores never go down (equal values get equal scores).
          const order = x.map((_, i) => i).filter((i) => !Number.isNaN(x[i]!));
          order.sort((a, b) => x[a]! - x[b]!);
          const bad = order.findIndex((a, k) => k > 0 && !(y[order[k - 1]!]! <= y[a]!));
          expect(bad, `${name}: ${JSON.stringify(order.map((i) => [x[i], y[i]]))}`).toBe(-1);
        }),
        params,
      );
    }
  });
});

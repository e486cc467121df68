import {
  buildFramework,
  type FrameworkModel,
  type ImputeMethod,
  IssueList,
  imputeGroupMean,
  imputeGroupMedian,
  imputeLinear,
  imputeLocf,
  imputeMean,
  imputeMedian,
  imputeNone,
  imputeRowMean,
  type Spec,
} from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indicatorContext } from "../helpers/context.js";

const params = { seed: 20240611, numRuns: 200 };

/** A value or a missing one (about one in four). */
const cell = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);
const vector = fc.array(cell, { minLength: 1, maxLength: 30 });
const groupsFor = (n: number) => fc.array(fc.constantFrom("a", "b", "c"), { minLength: n, maxLength: n });

/** The framework of the row tests: one pillar with x, y, z (y negative). */
const fw = ((): FrameworkModel => {
  const spec = {
    id: "p",
    indicators: [
      { id: "x", direction: 1 },
      { id: "y", direction: -1 },
      { id: "z", direction: 1 },
    ],
    framework: { id: "index", children: [{ id: "P", children: [{ id: "x" }, { id: "y" }, { id: "z" }] }] },
    pipeline: [],
  } as unknown as Spec;
  return buildFramework(spec, new IssueList())!;
})();

/** Runs `method` on `x` in one period, with groups `g` and row columns `y`, `z`. */
function call(
  method: ImputeMethod,
  x: number[],
  g: string[],
  y: number[],
  z: number[],
  options: Record<string, unknown> = {},
) {
  const ctx = Object.assign(
    indicatorContext(x.length, {
      meta: { g },
      columns: { y: Float64Array.from(y), z: Float64Array.from(z) },
      panel: Float64Array.from(x),
    }),
    { framework: fw },
  );
  return method.impute(Float64Array.from(x), options, ctx);
}

const crossSection: [ImputeMethod, Record<string, unknown>][] = [
  [imputeMean, {}],
  [imputeMedian, {}],
  [imputeGroupMean, { group: "g" }],
  [imputeGroupMedian, { group: "g" }],
  [imputeRowMean, {}],
  [imputeRowMean, { statistic: "median", normaliseFirst: false }],
  [imputeNone, {}],
];

/** Three vectors of the same length, and groups. */
const table = vector.chain((x) =>
  fc.tuple(
    fc.constant(x),
    groupsFor(x.length),
    fc.array(cell, { minLength: x.length, maxLength: x.length }),
    fc.array(cell, { minLength: x.length, maxLength: x.length }),
  ),
);

describe("imputation properties", () => {
  for (const [method, options] of crossSection) {
    const name = `${method.id} ${JSON.stringify(options)}`;

    it(`${name} never changes an observed value`, () => {
      fc.assert(
        fc.property(table, ([x, g, y, z]) => {
          const out = call(method, x, g, y, z, options);
          x.forEach((v, i) => {
            if (!Number.isNaN(v)) expect(Object.is(out[i], v)).toBe(true);
          });
        }),
        params,
      );
    });

    it(`${name} does not depend on the order of the units`, () => {
      fc.assert(
        fc.property(
          table.chain((t) =>
            fc.tuple(fc.constant(t), fc.shuffledSubarray([...t[0].keys()], { minLength: t[0].length })),
          ),
          ([[x, g, y, z], order]) => {
            const pick = <T>(v: T[]) => order.map((i) => v[i]!);
            const out = call(method, x, g, y, z, options);
            const shuffled = call(method, pick(x), pick(g), pick(y), pick(z), options);
            order.forEach((from, to) => {
              const a = out[from]!;
              const b = shuffled[to]!;
              if (Number.isNaN(a)) expect(b).toBeNaN();
              else expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
            });
          },
        ),
        params,
      );
    });
  }

  it("mean, median and row imputation fill within the observed range", () => {
    fc.assert(
      fc.property(table, ([x, g, y, z]) => {
        const observed = x.filter((v) => !Number.isNaN(v));
        const lo = Math.min(...observed);
        const hi = Math.max(...observed);
        const slack = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
        for (const method of [imputeMean, imputeMedian, imputeRowMean]) {
          const out = call(method, x, g, y, z);
          x.forEach((v, i) => {
            if (Number.isNaN(v) && !Number.isNaN(out[i]!)) {
              expect(out[i]!).toBeGreaterThanOrEqual(lo - slack);
              expect(out[i]!).toBeLessThanOrEqual(hi + slack);
            }
          });
        }
      }),
      params,
    );
  });

  it("group mean and median fill within the range of the unit's group", () => {
    fc.assert(
      fc.property(table, ([x, g]) => {
        for (const method of [imputeGroupMean, imputeGroupMedian]) {
          const out = call(method, x, g, [], [], { group: "g" });
          x.forEach((v, i) => {
            if (!Number.isNaN(v) || Number.isNaN(out[i]!)) return;
            const same = x.filter((w, j) => g[j] === g[i] && !Number.isNaN(w));
            expect(out[i]!).toBeGreaterThanOrEqual(Math.min(...same) - 1e-9 * Math.max(1, Math.abs(out[i]!)));
            expect(out[i]!).toBeLessThanOrEqual(Math.max(...same) + 1e-9 * Math.max(1, Math.abs(out[i]!)));
          });
        }
      }),
      params,
    );
  });
});

describe("panel imputation properties", () => {
  /** One unit's series over consecutive years, imputed period by period. */
  const run = (method: ImputeMethod, s: number[], options: Record<string, unknown> = {}) => {
    const periods = s.map((_, p) => String(2000 + p));
    const panel = Float64Array.from(s);
    return s.map(
      (v, p) =>
        method.impute(
          Float64Array.of(v),
          options,
          indicatorContext(1, { panel, periods, periodIndex: p }),
        )[0]!,
    );
  };
  const series = fc.array(cell, { minLength: 1, maxLength: 12 });

  it("linear: observed values stay, interpolated values lie between their neighbours, ends carry the nearest", () => {
    fc.assert(
      fc.property(series, (s) => {
        const out = run(imputeLinear, s);
        const seen = s.map((v, p) => (Number.isNaN(v) ? -1 : p)).filter((p) => p >= 0);
        for (let p = 0; p < s.length; p++) {
          const v = s[p]!;
          const before = seen.filter((q) => q < p).at(-1);
          const after = seen.find((q) => q > p);
          if (!Number.isNaN(v)) expect(Object.is(out[p], v)).toBe(true);
          else if (before === undefined && after === undefined) expect(out[p]).toBeNaN();
          else if (before === undefined) expect(out[p]).toBe(s[after!]);
          else if (after === undefined) expect(out[p]).toBe(s[before]);
          else {
            const lo = Math.min(s[before]!, s[after]!);
            const hi = Math.max(s[before]!, s[after]!);
            const slack = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
            expect(out[p]!).toBeGreaterThanOrEqual(lo - slack);
            expect(out[p]!).toBeLessThanOrEqual(hi + slack);
          }
        }
      }),
      params,
    );
  });

  it("last-observation: a filled value is the nearest earlier observation within maxGap", () => {
    fc.assert(
      fc.property(series, fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), (s, maxGap) => {
        const out = run(imputeLocf, s, maxGap === undefined ? {} : { maxGap });
        for (let p = 0; p < s.length; p++) {
          let q = p - 1;
          while (q >= 0 && Number.isNaN(s[q]!)) q--;
          if (!Number.isNaN(s[p]!)) expect(Object.is(out[p], s[p])).toBe(true);
          else if (q < 0 || (maxGap !== undefined && p - q > maxGap)) expect(out[p]).toBeNaN();
          else expect(out[p]).toBe(s[q]);
        }
      }),
      params,
    );
  });
});

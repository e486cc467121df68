import { weightedQuasiMean } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { identity } from "../../src/aggregate/availability.js";

/** The weighted quasi-mean unit by unit, children in order: the definition the column-wise loops must match. */
function reference(
  values: Float64Array[],
  weights: Float64Array,
  need: number,
  g: (x: number) => number,
  gInverse: (y: number) => number,
): Float64Array {
  const n = values[0]!.length;
  return Float64Array.from({ length: n }, (_, i) => {
    let sum = 0;
    let wsum = 0;
    let have = 0;
    values.forEach((col, j) => {
      const v = col[i]!;
      if (Number.isNaN(v)) return;
      sum = sum + weights[j]! * g(v);
      wsum = wsum + weights[j]!;
      have++;
    });
    return have >= need && wsum > 0 ? gInverse(sum / wsum) : Number.NaN;
  });
}

describe("weightedQuasiMean", () => {
  it("adds each unit's terms in child order, bit for bit, for any number of children", () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let k = 1; k <= 11; k++) {
      for (const missingShare of [0.2, 0.01, 0]) {
        const n = 257;
        const values = Array.from({ length: k }, () =>
          Float64Array.from({ length: n }, () =>
            next() < missingShare ? Number.NaN : (next() < 0.5 ? -1 : 1) * next() * 1000,
          ),
        );
        const weights = Float64Array.from({ length: k }, () => next());
        // The identity itself takes the loops without calls; the others call g and g⁻¹ per term.
        for (const [g, gi] of [
          [(x: number) => x, (y: number) => y],
          [identity, identity],
          [identity, Math.exp],
          [Math.abs, Math.sqrt],
        ] as const) {
          for (const minAvailability of [0, 0.5]) {
            const need = Math.max(1, Math.ceil(minAvailability * k - 1e-12));
            // Into a vector holding old values, which must not leak into the sums.
            const got = weightedQuasiMean(
              values,
              weights,
              minAvailability,
              g,
              gi,
              undefined,
              new Float64Array(n).fill(5),
            );
            const want = reference(values, weights, need, g, gi);
            for (let i = 0; i < n; i++) expect(Object.is(got[i], want[i])).toBe(true);
          }
        }
      }
    }
  });

  it("works when called again from skip while it runs", () => {
    const a = [Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1)];
    const w = Float64Array.of(1, 1);
    const inner: number[] = [];
    const out = weightedQuasiMean(
      a,
      w,
      0,
      Math.fround,
      (y) => y,
      (u) => {
        inner.push(
          ...weightedQuasiMean(
            [Float64Array.of(u, 10)],
            Float64Array.of(1),
            0,
            (x) => x,
            (y) => y,
          ),
        );
        return false;
      },
    );
    expect(Array.from(out)).toEqual([2, 2, 2]);
    expect(inner).toEqual([0, 10, 1, 10, 2, 10]);
  });
});

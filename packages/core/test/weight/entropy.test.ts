import { Dataset, entropy, entropyWeights } from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weightContext } from "../helpers/context.js";
import { expectRelative } from "./golden.js";

/*
 * Golden values: R 4.2.2, base R only.
 *
 * X <- cbind(a = c(0, 0.25, 0.5, 0.75, 1), b = c(0.2, 0.9, 0.4, 1, 0.6), c = c(1, 0.8, 0.1, 0.3, 0.5))
 * ent <- function(X, delta = 0) { X <- X + delta
 *   apply(X, 2, function(x) { x <- x[!is.na(x)]; p <- x / sum(x); -sum(ifelse(p > 0, p * log(p), 0)) / log(length(x)) }) }
 * e0 <- ent(X); d0 <- 1 - e0; d0 / sum(d0)
 * # e: 0.79521814165420457 0.92139366086210117 0.87408445168190707
 * # w: 0.50031757697366586 0.19204891219335526 0.30763351083297885
 * e1 <- ent(X, 0.01); d1 <- 1 - e1; d1 / sum(d1)
 * # w: 0.49116613669991976 0.19646803778830835 0.31236582551177189
 * X2 <- cbind(a = c(0.1, 0.3, 0.2, 0.9, 0.7), b = c(0.5, 0.5, 0.6, 0.8, 0.4), c = c(0.9, 0.2, 0.3, 0.4, 0.6))
 * ep <- ent(rbind(X, X2)); dp <- 1 - ep; dp / sum(dp)
 * # w: 0.53941442702686637 0.14883624791974523 0.31174932505338843
 * Xm <- X; Xm[2, "b"] <- NA; em <- ent(Xm); dm <- 1 - em; dm / sum(dm)
 * # w: 0.46997110594752478 0.24105471451789376 0.28897417953458149
 */
const X = { a: [0, 0.25, 0.5, 0.75, 1], b: [0.2, 0.9, 0.4, 1, 0.6], c: [1, 0.8, 0.1, 0.3, 0.5] };
const X2 = { a: [0.1, 0.3, 0.2, 0.9, 0.7], b: [0.5, 0.5, 0.6, 0.8, 0.4], c: [0.9, 0.2, 0.3, 0.4, 0.6] };

/** A context over two periods: X2 in 2023, X in 2024 (the last period). */
function panelContext() {
  const ctx = weightContext(X);
  const units = ctx.units;
  const data = new Dataset(
    units,
    ["2023", "2024"],
    new Map((["a", "b", "c"] as const).map((id) => [id, Float64Array.from([...X2[id], ...X[id]])])),
  );
  return { ...ctx, data, periods: ["2023", "2024"], period: "2024", periodIndex: 1 };
}

describe("entropy weights against R", () => {
  it("zero handling 0·ln 0 = 0 (default)", () => {
    const ctx = weightContext(X);
    const w = entropyWeights.weight({}, ctx);
    expectRelative(w, [0.50031757697366586, 0.19204891219335526, 0.30763351083297885]);
    const details = ctx.collected.audit[0]!.details as { entropy: Record<string, number> };
    expectRelative(
      Object.values(details.entropy),
      [0.79521814165420457, 0.92139366086210117, 0.87408445168190707],
    );
    expect(ctx.collected.issues).toEqual([]);
  });

  it("shift δ = 0.01", () => {
    const w = entropyWeights.weight({ zeros: "shift", shift: 0.01 }, weightContext(X));
    expectRelative(w, [0.49116613669991976, 0.19646803778830835, 0.31236582551177189]);
  });

  it("cross-section uses the last period; panel pools every unit-period pair", () => {
    const ctx = panelContext();
    expectRelative(
      entropyWeights.weight({}, ctx),
      [0.50031757697366586, 0.19204891219335526, 0.30763351083297885],
    );
    const pooled = entropyWeights.weight({ form: "panel" }, panelContext());
    expectRelative(pooled, [0.53941442702686637, 0.14883624791974523, 0.31174932505338843]);
  });

  it("skips missing values indicator by indicator, with an info issue", () => {
    const ctx = weightContext({ ...X, b: [0.2, Number.NaN, 0.4, 1, 0.6] });
    expectRelative(
      entropyWeights.weight({}, ctx),
      [0.46997110594752478, 0.24105471451789376, 0.28897417953458149],
    );
    expect(ctx.collected.issues).toEqual([
      expect.objectContaining({ severity: "info", code: "entropy-missing" }),
    ]);
  });
});

describe("entropy weights: bad input", () => {
  it("reports negative values with the cells named", () => {
    const ctx = weightContext({ a: [1, -0.5, 2], b: [1, 2, 3] }, { current: [2, 1] });
    const w = entropyWeights.weight({}, ctx);
    expect(Array.from(w)).toEqual([2, 1]);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "entropy-negative" });
    expect(ctx.collected.issues[0]!.message).toContain("`-0.5` (data/u2/a/2024)");
  });

  it("an all-equal indicator gets weight 0, reported", () => {
    const ctx = weightContext({ a: [1, 2, 3], b: [4, 4, 4] });
    const w = entropyWeights.weight({}, ctx);
    expect(Array.from(w)).toEqual([1, 0]);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "warning", code: "entropy-no-information" });
  });

  it("every indicator all-equal is an error", () => {
    const ctx = weightContext({ a: [1, 1, 1], b: [0, 0, 0] });
    entropyWeights.weight({}, ctx);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "entropy-no-information" });
  });

  it("the pure function: e = 1 for a constant column", () => {
    const r = entropy([Float64Array.of(1, 2, 3), Float64Array.of(1, 1, 1)]);
    expect(r.entropy[1]).toBe(1);
    expect(r.divergence[0]).toBeCloseTo(0.0793804, 6);
  });
});

describe("entropy properties", () => {
  const column = fc.array(
    fc.integer({ min: 0, max: 10000 }).map((v) => v / 100),
    { minLength: 3, maxLength: 12 },
  );
  it("weights are non-negative and sum to 1", () => {
    fc.assert(
      fc.property(column, column, column, (a, b, c) => {
        const n = Math.min(a.length, b.length, c.length);
        const r = entropy([a, b, c].map((x) => Float64Array.from(x.slice(0, n))));
        if (r.divergence.every((d) => d === 0)) return;
        expect(Math.abs(r.weights.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
        expect(r.weights.every((v) => v >= 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("columns that are permutations of each other get equal weights", () => {
    fc.assert(
      fc.property(column, fc.integer({ min: 1, max: 11 }), (a, shift) => {
        const rotated = a.map((_, i) => a[(i + shift) % a.length]!);
        const reversed = [...a].reverse();
        const r = entropy([a, rotated, reversed].map((x) => Float64Array.from(x)));
        // Near-constant columns have divergences near 0, where the weights d / Σd magnify rounding (summing in
        // another order changes d in its last bits): such cases say nothing about permutations.
        if (r.divergence.some((d) => d < 1e-6)) return;
        expect(Math.abs(r.weights[0]! - r.weights[1]!)).toBeLessThan(1e-9);
        expect(Math.abs(r.weights[0]! - r.weights[2]!)).toBeLessThan(1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it("is invariant to the order of the units", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
            fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
          ),
          { minLength: 3, maxLength: 10 },
        ),
        (rows) => {
          const a = rows.map((r) => r[0]);
          const b = rows.map((r) => r[1]);
          const w1 = entropy([Float64Array.from(a), Float64Array.from(b)]).weights;
          const w2 = entropy([
            Float64Array.from([...a].reverse()),
            Float64Array.from([...b].reverse()),
          ]).weights;
          if (Number.isNaN(w1[0]!)) return;
          expect(Math.abs(w1[0]! - w2[0]!)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 100 },
    );
  });
});

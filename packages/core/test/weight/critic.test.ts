import { critic, criticWeights, pearsonCorrelation } from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weightContext } from "../helpers/context.js";
import { expectRelative } from "./golden.js";

/*
 * Golden values: R 4.2.2, base R only.
 *
 * Y <- cbind(a = c(0.1, 0.4, 0.35, 0.8, 0.6, 1), b = c(0.9, 0.2, 0.5, 0.3, 0.7, 0.1), c = c(0.3, 0.5, 0.2, 0.9, 1, 0.4))
 * crit <- function(Y, s) { R <- cor(Y); C <- s * colSums(1 - R); C / sum(C) }
 * crit(Y, apply(Y, 2, sd))
 * # 0.35415388527406477 0.4001616217013868 0.24568449302454837
 * n <- nrow(Y); crit(Y, apply(Y, 2, sd) * sqrt((n - 1) / n))
 * # 0.35415388527406477 0.40016162170138686 0.24568449302454839  (σ's divisor cancels on complete cases)
 * Ym <- Y; Ym[3, "c"] <- NA; Yc <- Ym[complete.cases(Ym), ]; crit(Yc, apply(Yc, 2, sd))
 * # 0.36773044331338911 0.40921814369710202 0.2230514129895089
 */
const Y = {
  a: [0.1, 0.4, 0.35, 0.8, 0.6, 1],
  b: [0.9, 0.2, 0.5, 0.3, 0.7, 0.1],
  c: [0.3, 0.5, 0.2, 0.9, 1, 0.4],
};

describe("CRITIC against R", () => {
  it("sample and population σ", () => {
    expectRelative(
      criticWeights.weight({}, weightContext(Y)),
      [0.35415388527406477, 0.4001616217013868, 0.24568449302454837],
    );
    const ctx = weightContext(Y);
    expectRelative(
      criticWeights.weight({ sd: "population" }, ctx),
      [0.35415388527406477, 0.40016162170138686, 0.24568449302454839],
    );
    expect(ctx.collected.audit[0]!.details).toMatchObject({ sd: "population", cases: 6 });
  });

  it("complete cases when a value is missing", () => {
    const ctx = weightContext({ ...Y, c: [0.3, 0.5, Number.NaN, 0.9, 1, 0.4] });
    expectRelative(
      criticWeights.weight({}, ctx),
      [0.36773044331338911, 0.40921814369710202, 0.2230514129895089],
    );
    expect(ctx.collected.issues).toEqual([
      expect.objectContaining({ severity: "info", code: "critic-incomplete-cases" }),
    ]);
  });

  it("pearsonCorrelation matches R's cor", () => {
    // R: cor(c(1, 2, 3, 4), c(2, 4, 5, 9)) = 0.96476382123773219
    expectRelative([pearsonCorrelation([1, 2, 3, 4], [2, 4, 5, 9])], [0.96476382123773219]);
  });
});

describe("CRITIC: bad input", () => {
  it("a constant child gets weight 0 and is left out of the others' sums", () => {
    const ctx = weightContext({ a: Y.a, b: Y.b, k: [1, 1, 1, 1, 1, 1] });
    const w = criticWeights.weight({}, ctx);
    expect(w[2]).toBe(0);
    expectRelative(
      w.subarray(0, 2),
      [0.5, 0.5].map((_, j) => critic([Float64Array.from(Y.a), Float64Array.from(Y.b)]).weights[j]!),
    );
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "warning", code: "critic-constant" });
  });

  it("too few complete cases is an error", () => {
    const ctx = weightContext({ a: [1, 2, Number.NaN], b: [3, 1, 2] });
    criticWeights.weight({}, ctx);
    expect(ctx.collected.issues.at(-1)).toMatchObject({ severity: "error", code: "critic-too-few-cases" });
  });
});

describe("CRITIC properties", () => {
  const row = fc.tuple(
    fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
    fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
    fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
  );
  it("weights are non-negative, sum to 1 and do not depend on the order of the units", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 4, maxLength: 12 }), (rows) => {
        const cols = [0, 1, 2].map((j) => Float64Array.from(rows, (r) => r[j]!));
        const r = critic(cols);
        if (r.weights.some((v) => Number.isNaN(v))) return;
        expect(Math.abs(r.weights.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
        expect(r.weights.every((v) => v >= 0)).toBe(true);
        const rev = critic(cols.map((c) => Float64Array.from(c).reverse())).weights;
        r.weights.forEach((v, j) => {
          expect(Math.abs(v - rev[j]!)).toBeLessThan(1e-9);
        });
      }),
      { numRuns: 100 },
    );
  });
});

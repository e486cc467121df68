import { coefficientOfVariation, cvWeights, Dataset } from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weightContext } from "../helpers/context.js";
import { expectRelative } from "./golden.js";

/*
 * Golden values: R 4.2.2, base R only.
 *
 * Z <- cbind(a = c(120, 340, 95, 410, 230), b = c(3.2, 4.1, 2.8, 3.9, 3.5), c = c(15, 60, 22, 8, 41))
 * cvs <- apply(Z, 2, function(x) sd(x) / mean(x)); cvs / sum(cvs)
 * # 0.39491196219225172 0.10367681700211481 0.50141122080563338
 * Z$b[2] <- NA, missing values skipped per indicator:
 * cvs <- sapply(Z, function(x) { x <- x[!is.na(x)]; sd(x) / mean(x) }); cvs / sum(cvs)
 * # 0.39790823893479421 0.096876232152495079 0.5052155289127106
 * cvp <- sapply(Z, function(x) { x <- x[!is.na(x)]; sqrt(mean((x - mean(x))^2)) / mean(x) }); cvp / sum(cvp)
 * # 0.3991360707792459 0.094089448635237813 0.50677448058551622
 */
const Z = { a: [120, 340, 95, 410, 230], b: [3.2, 4.1, 2.8, 3.9, 3.5], c: [15, 60, 22, 8, 41] };
const raw = (cols: Record<string, number[]>) =>
  new Dataset(
    ["u1", "u2", "u3", "u4", "u5"],
    ["2024"],
    new Map(Object.entries(cols).map(([id, v]) => [id, Float64Array.from(v)])),
  );

describe("cv weights against R", () => {
  it("reads the Raw dataset, not the normalised data", () => {
    const ctx = weightContext(
      { a: [0, 1, 0, 1, 0], b: [1, 0, 1, 0, 1], c: [0, 0, 1, 1, 1] },
      { datasets: { Raw: raw(Z) } },
    );
    expectRelative(
      cvWeights.weight({}, ctx),
      [0.39491196219225172, 0.10367681700211481, 0.50141122080563338],
    );
    expect(ctx.collected.audit[0]!.details).toMatchObject({ dataset: "Raw", sd: "sample" });
  });

  it("sample and population sd differ when an indicator has a missing value", () => {
    const withGap = raw({ ...Z, b: [3.2, Number.NaN, 2.8, 3.9, 3.5] });
    const ctx = () =>
      weightContext(
        { a: [1, 2, 3, 4, 5], b: [1, 2, 3, 4, 5], c: [1, 2, 3, 4, 5] },
        { datasets: { Raw: withGap } },
      );
    expectRelative(
      cvWeights.weight({}, ctx()),
      [0.39790823893479421, 0.096876232152495079, 0.5052155289127106],
    );
    expectRelative(
      cvWeights.weight({ sd: "population" }, ctx()),
      [0.3991360707792459, 0.094089448635237813, 0.50677448058551622],
    );
  });
});

describe("cv: bad input", () => {
  it("reports non-positive raw values with the cells named", () => {
    const ctx = weightContext(
      { a: [1, 2, 3], b: [1, 2, 3] },
      {
        datasets: {
          Raw: new Dataset(
            ["u1", "u2", "u3"],
            ["2024"],
            new Map([
              ["a", Float64Array.of(1, 0, 3)],
              ["b", Float64Array.of(1, 2, 3)],
            ]),
          ),
        },
      },
    );
    cvWeights.weight({}, ctx);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "cv-non-positive" });
    expect(ctx.collected.issues[0]!.message).toContain("`0` (data/u2/a/2024)");
  });

  it("reports children that are not indicators", () => {
    const ctx = weightContext({ a: [1, 2, 3], b: [1, 2, 3] }, { datasets: { Raw: raw(Z) } });
    const agg = { ...ctx, children: ctx.children.map((c) => ({ ...c, isIndicator: false, level: 2 })) };
    cvWeights.weight({}, agg);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "cv-not-indicators" });
  });

  it("reports a missing dataset", () => {
    const ctx = weightContext({ a: [1, 2, 3], b: [1, 2, 3] });
    cvWeights.weight({}, ctx);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "cv-no-dataset" });
  });
});

describe("cv properties", () => {
  it("weights are non-negative, sum to 1 and ignore the unit order", () => {
    const pos = fc.double({ min: 0.5, max: 1000, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(pos, pos), { minLength: 3, maxLength: 10 }), (rows) => {
        const cols = [0, 1].map((j) => Float64Array.from(rows, (r) => r[j]!));
        const w = coefficientOfVariation(cols).weights;
        if (Number.isNaN(w[0]!)) return;
        expect(Math.abs(w[0]! + w[1]! - 1)).toBeLessThan(1e-12);
        expect(w.every((v) => v >= 0)).toBe(true);
        const rev = coefficientOfVariation(cols.map((c) => Float64Array.from(c).reverse())).weights;
        expect(Math.abs(rev[0]! - w[0]!)).toBeLessThan(1e-9);
      }),
      { numRuns: 100 },
    );
  });
});

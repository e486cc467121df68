import { greyRelational } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { aggregateContext, expectClose } from "../helpers/context.js";

/*
Independent base-R implementation (R 4.2.2), 5 units × 3 children, weights 2, 1, 1:

X <- matrix(c(60,45,80, 72,90,35, 55,62,70, 90,30,50, 40,75,65), nrow = 5, byrow = TRUE); w <- c(2, 1, 1)
grey <- function(X, w, rho = 0.5, norm = "none", ref = NULL) {
  if (norm == "minmax") { lo <- apply(X, 2, min); X <- sweep(sweep(X, 2, lo), 2, apply(X, 2, max) - lo, "/") }
  x0 <- if (is.null(ref)) apply(X, 2, max) else ref
  D <- abs(sweep(X, 2, x0))
  xi <- (min(D) + rho * max(D)) / (D + rho * max(D))
  as.vector(xi %*% w) / sum(w)
}
options(digits = 17)
grey(X, w)                   # 0.59999999999999998 0.66249999999999998 0.54757957559681703 0.70833333333333337 0.52083333333333326
grey(X, w, 0.3, "minmax")    # 0.48809523809523814 0.534965034965035 0.39144310823311751 0.63527851458885942 0.37016930437983064
grey(X, w, ref = rep(100, 3)) # 0.62954545454545452 0.71964285714285725 0.60843651211801897 0.73949579831932766 0.58505639097744355
*/
const X = [
  [60, 45, 80],
  [72, 90, 35],
  [55, 62, 70],
  [90, 30, 50],
  [40, 75, 65],
];
const children = [0, 1, 2].map((j) => Float64Array.from(X, (row) => row[j]!));
const w = Float64Array.of(2, 1, 1);
const ids = ["a", "b", "c"];
const base = { rho: 0.5, normalisation: "none" as const, minAvailability: 0 };

function expectRelative(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(Math.abs(actual[i]! - e)).toBeLessThanOrEqual(tol * Math.abs(e));
  });
}

describe("grey relational grade", () => {
  it("matches the base-R implementation with the sample ideal (1e-9 relative)", () => {
    const y = greyRelational.aggregate(children, w, base, aggregateContext(5, ids));
    expectRelative(
      y,
      [
        0.59999999999999998, 0.66249999999999998, 0.54757957559681703, 0.70833333333333337,
        0.52083333333333326,
      ],
      1e-9,
    );
  });

  it("matches the base-R implementation with min-max scaling and rho 0.3", () => {
    const y = greyRelational.aggregate(
      children,
      w,
      { ...base, rho: 0.3, normalisation: "min-max" },
      aggregateContext(5, ids),
    );
    expectRelative(
      y,
      [0.48809523809523814, 0.534965034965035, 0.39144310823311751, 0.63527851458885942, 0.37016930437983064],
      1e-9,
    );
  });

  it("matches the base-R implementation with a fixed reference series", () => {
    const y = greyRelational.aggregate(
      children,
      w,
      { ...base, references: { a: 100, b: 100, c: 100 } },
      aggregateContext(5, ids),
    );
    expectRelative(
      y,
      [
        0.62954545454545452, 0.71964285714285725, 0.60843651211801897, 0.73949579831932766,
        0.58505639097744355,
      ],
      1e-9,
    );
  });

  it("by hand: one child 0, 5, 10 → 1/3, 1/2, 1; every cell at the reference → 1", () => {
    expectClose(
      greyRelational.aggregate(
        [Float64Array.of(0, 5, 10)],
        Float64Array.of(1),
        base,
        aggregateContext(3, ["a"]),
      ),
      [1 / 3, 0.5, 1],
      1e-15,
    );
    expectClose(
      greyRelational.aggregate([Float64Array.of(4, 4)], Float64Array.of(1), base, aggregateContext(2, ["a"])),
      [1, 1],
      0,
    );
  });

  it("skips a missing child and renormalises the weights", () => {
    // child a: 0, 10 (Δ 10, 0); child b: 10, NaN (Δ 0); Δmin 0, Δmax 10: ξ = 5/15, 1 | 1
    const y = greyRelational.aggregate(
      [Float64Array.of(0, 10), Float64Array.of(10, Number.NaN)],
      Float64Array.of(1, 3),
      base,
      aggregateContext(2, ["a", "b"]),
    );
    expectClose(y, [(1 / 3 + 3) / 4, 1], 1e-15);
  });
});

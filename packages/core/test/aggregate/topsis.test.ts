import { topsis } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { aggregateContext, expectClose } from "../helpers/context.js";

/*
Independent base-R implementation (R 4.2.2), run on 5 units × 3 children with weights 2, 1, 1:

X <- matrix(c(60,45,80, 72,90,35, 55,62,70, 90,30,50, 40,75,65), nrow = 5, byrow = TRUE); w <- c(2, 1, 1)
topsis <- function(X, w, norm = "vector", ideal = NULL, anti = NULL) {
  s <- switch(norm,
    vector = list(shift = rep(0, ncol(X)), div = sqrt(colSums(X^2))),
    minmax = list(shift = apply(X, 2, min), div = apply(X, 2, max) - apply(X, 2, min)))
  R <- sweep(sweep(X, 2, s$shift), 2, s$div, "/")
  V <- sweep(R, 2, w / sum(w), "*")
  Ap <- if (is.null(ideal)) apply(V, 2, max) else (ideal - s$shift) / s$div * w / sum(w)
  Am <- if (is.null(anti)) apply(V, 2, min) else (anti - s$shift) / s$div * w / sum(w)
  Dp <- sqrt(rowSums(sweep(V, 2, Ap)^2)); Dm <- sqrt(rowSums(sweep(V, 2, Am)^2))
  Dm / (Dp + Dm)
}
options(digits = 17)
topsis(X, w)            # 0.45832138134947048 0.59799391816016845 0.4308472596077435 0.59413309018741023 0.35333017102752023
topsis(X, w, "minmax")  # 0.47972379558985573 0.56862852666295194 0.42823917030934305 0.62784532502244539 0.32939324509765588
topsis(X, w, ideal = c(100, 100, 100), anti = c(0, 0, 0))
                        # 0.60583993594416252 0.66223537151553191 0.58786378947764373 0.67554580704497535 0.50448243410562843
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
const base = { normalisation: "vector" as const, scale: 1, minAvailability: 0 };

function expectRelative(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(Math.abs(actual[i]! - e)).toBeLessThanOrEqual(tol * Math.abs(e));
  });
}

describe("topsis", () => {
  it("matches the base-R implementation with vector normalisation (1e-9 relative)", () => {
    const y = topsis.aggregate(children, w, base, aggregateContext(5, ids));
    expectRelative(
      y,
      [
        0.45832138134947048, 0.59799391816016845, 0.4308472596077435, 0.59413309018741023,
        0.35333017102752023,
      ],
      1e-9,
    );
  });

  it("matches the base-R implementation with min-max normalisation", () => {
    const y = topsis.aggregate(children, w, { ...base, normalisation: "min-max" }, aggregateContext(5, ids));
    expectRelative(
      y,
      [
        0.47972379558985573, 0.56862852666295194, 0.42823917030934305, 0.62784532502244539,
        0.32939324509765588,
      ],
      1e-9,
    );
  });

  it("matches the base-R implementation with fixed ideals, scaled to 0..100", () => {
    const options = {
      ...base,
      ideals: { a: 100, b: 100, c: 100 },
      antiIdeals: { a: 0, b: 0, c: 0 },
      scale: 100,
    };
    const y = topsis.aggregate(children, w, options, aggregateContext(5, ids));
    expectRelative(
      y,
      [
        0.60583993594416252, 0.66223537151553191, 0.58786378947764373, 0.67554580704497535,
        0.50448243410562843,
      ].map((c) => 100 * c),
      1e-9,
    );
  });

  it("by hand with min-max: the best unit scores 1, the worst 0, the middle 0.5", () => {
    const y = topsis.aggregate(
      [Float64Array.of(1, 0, 1), Float64Array.of(1, 0, 0)],
      Float64Array.of(1, 1),
      { ...base, normalisation: "min-max" },
      aggregateContext(3, ["a", "b"]),
    );
    expectClose(y, [1, 0, 0.5], 1e-15);
  });

  it("skips missing children and reports units that coincide with both ideals", () => {
    const ctx = aggregateContext(3, ["a", "b"]);
    const y = topsis.aggregate(
      [Float64Array.of(1, 0, Number.NaN), Float64Array.of(1, 0, Number.NaN)],
      Float64Array.of(1, 1),
      { ...base, normalisation: "min-max" },
      ctx,
    );
    expectClose(y, [1, 0, Number.NaN], 1e-15);
    const flat = aggregateContext(2, ["a"]);
    const z = topsis.aggregate([Float64Array.of(3, 3)], Float64Array.of(1), base, flat);
    expectClose(z, [Number.NaN, Number.NaN], 0);
    expect(flat.collected.issues).toEqual([
      {
        severity: "warning",
        code: "no-spread",
        message:
          "TOPSIS cannot score `u1`, `u2` for `parent` in `2024`: the ideal and anti-ideal coincide on every child they have",
      },
    ]);
  });
});

import { copeland } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { aggregateContext, expectClose } from "../helpers/context.js";
import { readReferenceCsv } from "../helpers/reference.js";

// COINr's own test input (tests/testthat/test-aggregate.R, "outranking" and "copeland"):
// X <- data.frame(x1 = 1:4, x2 = c(3:1, 5), x3 = c(2, 3, 1, 4)); equal weights.
const X = [Float64Array.of(1, 2, 3, 4), Float64Array.of(3, 2, 1, 5), Float64Array.of(2, 3, 1, 4)];
const equal = Float64Array.of(1, 1, 1);
const ids = ["x1", "x2", "x3"];

describe("copeland", () => {
  it("by hand on COINr's test input", () => {
    // Outranking shares (COINr's test asserts e21 = 2/3, e31 = 1/3, e41 = 1): e12 = 1/3 (x2 only), e13 = 2/3,
    // e14 = 0, e23 = 2/3, e24 = 0, e34 = 0. Wins − losses: u1 −1 + 1 − 1 = −1, u2 1 + 1 − 1 = 1, u3 −3, u4 3.
    // The base-R transcription of COINr 1.1.14 outrankMatrix()/a_copeland() prints -1 1 -3 3 (R 4.2.2).
    const y = copeland.aggregate(X, equal, { missingPairs: "coinr" }, aggregateContext(4, ids));
    expectClose(y, [-1, 1, -3, 3], 0);
  });

  it("with weights 3, 1, 1 by hand: x1 decides every pair → −3, −1, 1, 3", () => {
    const y = copeland.aggregate(
      X,
      Float64Array.of(3, 1, 1),
      { missingPairs: "coinr" },
      aggregateContext(4, ids),
    );
    expectClose(y, [-3, -1, 1, 3], 0);
  });

  it("counts a share of exactly one half as a tie, as COINr's reference matrix and scores", () => {
    // outrank_matrix_small.csv → copeland_small.csv (COINr 1.1.14). Their input is not published with them, so
    // we check the rule that turns the matrix into the scores, and score one input that gives exactly this matrix
    // (not necessarily COINr's): two children with equal weights, where a tie on a child gives 1/4 to each unit.
    const orm = readReferenceCsv("vectors/outrank_matrix_small.csv").rows.map((r) => r.map(Number));
    const expected = readReferenceCsv("vectors/copeland_small.csv").rows.map((r) => Number(r[0]));
    const fromMatrix = orm.map((row, a) =>
      row.reduce((s, e, b) => s + (a === b ? 0 : e > 0.5 ? 1 : e < 0.5 ? -1 : 0), 0),
    );
    expect(fromMatrix).toEqual(expected);
    // u1 = (1, 2), u2 = (1, 2), u3 = (1, 3), u4 = (1, 1): e12 = 1/2, e13 = 1/4, e14 = 3/4, e23 = 1/4,
    // e24 = 3/4, e34 = 3/4: the reference matrix.
    const y = copeland.aggregate(
      [Float64Array.of(1, 1, 1, 1), Float64Array.of(2, 2, 3, 1)],
      Float64Array.of(1, 1),
      { missingPairs: "coinr" },
      aggregateContext(4, ["a", "b"]),
    );
    expectClose(y, expected, 0);
  });

  it("handles missing values as COINr (order-dependent) and, optionally, pairwise", () => {
    // X <- data.frame(x1 = c(1, 2, 3, 4), x2 = c(3, 2, NA, 5), x3 = c(2, 3, 1, NA))
    // base-R transcription of COINr: a_copeland(X) = -3 -1 1 3; a_copeland(X[4:1, ]) = 1 -1 1 -1
    const values = [
      Float64Array.of(1, 2, 3, 4),
      Float64Array.of(3, 2, Number.NaN, 5),
      Float64Array.of(2, 3, 1, Number.NaN),
    ];
    const ctx = aggregateContext(4, ids);
    expectClose(copeland.aggregate(values, equal, { missingPairs: "coinr" }, ctx), [-3, -1, 1, 3], 0);
    expect(ctx.collected.issues.map((i) => i.code)).toEqual(["order-dependent"]);
    const reversed = values.map((v) => v.slice().reverse());
    expectClose(
      copeland.aggregate(reversed, equal, { missingPairs: "coinr" }, aggregateContext(4, ids)),
      [1, -1, 1, -1],
      0,
    );
    // pairwise, by hand: (1,2) u2 wins 2 of 3; (1,3) on x1, x3: 1 each → tie; (1,4) on x1, x2: u4; (2,3) on x1,
    // x3: tie; (2,4): u4; (3,4) on x1: u4 → −2, 0, −1, 3, and the same scores whatever the order
    expectClose(
      copeland.aggregate(values, equal, { missingPairs: "pairwise" }, aggregateContext(4, ids)),
      [-2, 0, -1, 3],
      0,
    );
    expectClose(
      copeland.aggregate(reversed, equal, { missingPairs: "pairwise" }, aggregateContext(4, ids)),
      [3, -1, 0, -2],
      0,
    );
  });

  it("gives no score to a unit without values in pairwise mode", () => {
    const y = copeland.aggregate(
      [Float64Array.of(1, Number.NaN, 3)],
      Float64Array.of(1),
      { missingPairs: "pairwise" },
      aggregateContext(3, ["a"]),
    );
    expectClose(y, [-1, Number.NaN, 1], 0);
  });
});

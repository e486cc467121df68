import { rank } from "@cityindex/core";
import { describe, expect, it } from "vitest";

describe("rank", () => {
  const scores = Float64Array.of(9, 7, 7, 5, Number.NaN);
  it.each([
    ["min", [1, 2, 2, 4]],
    ["max", [1, 3, 3, 4]],
    ["average", [1, 2.5, 2.5, 4]],
    ["dense", [1, 2, 2, 3]],
    ["first", [1, 2, 3, 4]],
  ] as const)("ties %s", (ties, expected) => {
    expect(Array.from(rank(scores, ties))).toEqual([...expected, Number.NaN]);
  });
});

import { distanceToTarget } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";
import { normaliseAs } from "./run.js";

// Hand calculations on x = 3, 1, 4, 1, 5:
//   target 7, direction 1: (x - min) / (7 - min) = (x - 1) / 6 -> 1/3, 0, 1/2, 0, 2/3
//   target 2, direction -1 (COINr 1.1.14 n_dist2targ(x, 2, direction = -1) = (max - x) / (max - 2)):
//     (5 - x) / 3 -> 2/3, 4/3, 1/3, 4/3, 0; with cap: 2/3, 1, 1/3, 1, 0
const x = [3, 1, 4, 1, 5];

describe("normalise distance-to-target", () => {
  it("takes the target from the options, one number or by indicator id", () => {
    const expected = [1 / 3, 0, 1 / 2, 0, 2 / 3];
    expectClose(normaliseAs(distanceToTarget, x, { target: 7, cap: false }).y, expected, 1e-15);
    const byId = normaliseAs(
      distanceToTarget,
      x,
      { target: { pm25: 7 }, cap: false },
      { target: 99 },
      "pm25",
    );
    expectClose(byId.y, expected, 1e-15);
    expect(byId.collected.audit[0]?.details).toEqual({
      target: 7,
      from: "options",
      worst: 1,
      direction: 1,
      cap: false,
    });
  });

  it("falls back to the indicator's spec target", () => {
    const { y, collected } = normaliseAs(
      distanceToTarget,
      x,
      { target: { other: 1 }, cap: false },
      { target: 7 },
    );
    expectClose(y, [1 / 3, 0, 1 / 2, 0, 2 / 3], 1e-15);
    expect(collected.audit[0]?.details).toMatchObject({ target: 7, from: "indicator" });
  });

  it("reads the target on the original scale for direction -1", () => {
    const ind = { direction: -1 as const, target: 2 };
    const { y, collected } = normaliseAs(distanceToTarget, x, { cap: false }, ind);
    expectClose(y, [2 / 3, 4 / 3, 1 / 3, 4 / 3, 0], 1e-15);
    expect(collected.audit[0]?.details).toEqual({
      target: 2,
      from: "indicator",
      worst: 5,
      direction: -1,
      cap: false,
    });
    expectClose(normaliseAs(distanceToTarget, x, { cap: true }, ind).y, [2 / 3, 1, 1 / 3, 1, 0], 1e-15);
  });

  it("reports a missing target", () => {
    const { y, collected } = normaliseAs(distanceToTarget, x, { cap: false }, {}, "recycling");
    expectClose(y, [NaN, NaN, NaN, NaN, NaN], 0);
    expect(collected.issues).toEqual([
      {
        severity: "error",
        code: "missing-target",
        message:
          "distance-to-target needs a target for `recycling`: give it in the step's options (`target`) or in the indicator's spec entry",
      },
    ]);
  });

  it("reports a target no better than the worst value", () => {
    const low = normaliseAs(distanceToTarget, x, { target: 1, cap: false }, {}, "recycling");
    expect(low.collected.issues).toEqual([
      {
        severity: "error",
        code: "target-not-above-worst",
        message:
          "distance-to-target needs a target better than the worst value, but the target of `recycling` is `1` and its worst value in `2024` is `1`",
      },
    ]);
    const neg = normaliseAs(distanceToTarget, x, { target: 9, cap: false }, { direction: -1 }, "pm25");
    expect(neg.collected.issues[0]?.message).toBe(
      "distance-to-target needs a target better than the worst value, but the target of `pm25` is `9` and its worst value in `2024` is `5` (direction -1: lower is better)",
    );
  });
});

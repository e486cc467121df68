import { distanceToMax, fractionOfMax } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { normaliseAs } from "./run.js";

describe("normalise fraction-of-max", () => {
  it("divides by the maximum (hand calculation)", () => {
    // max 8: 2/8 = 0.25, 4/8 = 0.5, -2/8 = -0.25
    const ctx = indicatorContext(4);
    const y = fractionOfMax.normalise(Float64Array.of(2, 4, NaN, -2, 8), {}, ctx);
    expectClose(y, [0.25, 0.5, NaN, -0.25, 1], 0);
    expect(ctx.collected.audit[0]?.details).toEqual({ max: 8 });
  });

  it("reports a maximum of zero or below as an error", () => {
    const ctx = indicatorContext(3, { id: "debt" });
    fractionOfMax.normalise(Float64Array.of(-3, 0, NaN), {}, ctx);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "non-positive-max",
        message: "fraction-of-max needs a positive maximum, but the maximum of `debt` in `2024` is `0`",
      },
    ]);
  });

  it("says so when direction -1 made the values negative", () => {
    const { collected } = normaliseAs(fractionOfMax, [3, 5], {}, { direction: -1 }, "crime");
    expect(collected.issues[0]?.message).toBe(
      "fraction-of-max needs a positive maximum, but the maximum of `crime` in `2024` is `-3` (values negated for direction -1)",
    );
  });
});

describe("normalise distance-to-max", () => {
  it("scores the distance to the maximum over the range (hand calculation)", () => {
    // min 2, max 6: 1 - (6 - 4) / 4 = 0.5
    const ctx = indicatorContext(4);
    const y = distanceToMax.normalise(Float64Array.of(2, NaN, 4, 6), {}, ctx);
    expectClose(y, [0, NaN, 0.5, 1], 0);
    expect(ctx.collected.audit[0]?.details).toEqual({ min: 2, max: 6 });
  });

  it("reports zero variance as an error", () => {
    const ctx = indicatorContext(2, { id: "parks" });
    distanceToMax.normalise(Float64Array.of(7, 7), {}, ctx);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "zero-variance",
        message:
          "distance-to-max needs at least two different values, but every value of `parks` in `2024` is `7`",
      },
    ]);
  });
});

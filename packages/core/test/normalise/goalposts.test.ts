import { goalposts, scaled } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";
import { normaliseAs } from "./run.js";

// Hand calculations on x = 3, 1, 9, NaN with goalposts [2, 8]:
//   direction 1:  (x - 2) / 6 -> 1/6, -1/6, 7/6 -> truncated 1/6, 0, 1; times the scale
//   direction -1: (x - 8) / (2 - 8) = (8 - x) / 6 -> 5/6, 7/6, -1/6 -> truncated 5/6, 1, 0
const x = [3, 1, 9, NaN];

describe("normalise goalposts", () => {
  it("truncates by default and scales", () => {
    const { y, collected } = normaliseAs(goalposts, x, { goalposts: [2, 8], truncate: true, scale: 100 });
    expectClose(y, [100 / 6, 0, 100, NaN], 1e-12);
    expect(collected.audit[0]?.details).toEqual({
      goalposts: [2, 8],
      from: "options",
      direction: 1,
      truncate: true,
      scale: 100,
    });
    expect(goalposts.options).toMatchObject({
      properties: { truncate: { default: true }, scale: { default: 100 } },
    });
  });

  it("keeps values beyond the goalposts when truncate is false", () => {
    const { y } = normaliseAs(goalposts, x, { goalposts: [2, 8], truncate: false, scale: 1 });
    expectClose(y, [1 / 6, -1 / 6, 7 / 6, NaN], 1e-15);
  });

  it("takes per-indicator goalposts from the options first, then the spec", () => {
    const opts = { goalposts: { pm25: [2, 8] as [number, number] }, truncate: true, scale: 1 };
    const fromOptions = normaliseAs(goalposts, x, opts, { goalposts: [0, 100] }, "pm25");
    expectClose(fromOptions.y, [1 / 6, 0, 1, NaN], 1e-15);
    const fromSpec = normaliseAs(goalposts, x, opts, { goalposts: [0, 10] }, "noise");
    expectClose(fromSpec.y, [0.3, 0.1, 0.9, NaN], 1e-15);
    expect(fromSpec.collected.audit[0]?.details).toMatchObject({ goalposts: [0, 10], from: "indicator" });
  });

  it("flips the goalposts for direction -1 (the lower goalpost scores best)", () => {
    const { y } = normaliseAs(
      goalposts,
      x,
      { truncate: true, scale: 1 },
      { direction: -1, goalposts: [2, 8] },
    );
    expectClose(y, [5 / 6, 1, 0, NaN], 1e-15);
  });

  it("reports missing goalposts", () => {
    const { collected } = normaliseAs(goalposts, x, { truncate: true, scale: 100 }, {}, "noise");
    expect(collected.issues).toEqual([
      {
        severity: "error",
        code: "missing-goalposts",
        message:
          "goalposts normalisation needs goalposts for `noise`: give them in the step's options (`goalposts`) or in the indicator's spec entry",
      },
    ]);
  });

  it("reports goalposts that are not increasing", () => {
    const { y, collected } = normaliseAs(
      goalposts,
      x,
      { truncate: true, scale: 100 },
      { goalposts: [8, 2] },
      "noise",
    );
    expectClose(y, [NaN, NaN, NaN, NaN], 0);
    expect(collected.issues).toEqual([
      {
        severity: "error",
        code: "bad-goalposts",
        message: "goalposts of `noise` must be [lower, upper] with lower < upper, got `[8,2]`",
      },
    ]);
    const equal = normaliseAs(goalposts, x, { goalposts: [5, 5], truncate: true, scale: 1 });
    expect(equal.collected.issues[0]?.code).toBe("bad-goalposts");
  });
});

describe("normalise scaled", () => {
  it("maps the bounds onto 0 and 100 without clamping (hand calculation)", () => {
    // bounds [0, 50]: 3 / 50 * 100 = 6, 1 -> 2, 60 -> 120
    const { y, collected } = normaliseAs(scaled, [3, 1, 60, NaN], { bounds: [0, 50] });
    expectClose(y, [6, 2, 120, NaN], 1e-12);
    expect(collected.audit[0]?.details).toEqual({ bounds: [0, 50], direction: 1 });
  });

  it("reverses the bounds for direction -1", () => {
    // (50 - x) / 50 * 100: 10 -> 80, 50 -> 0, 0 -> 100
    const { y } = normaliseAs(scaled, [10, 50, 0], { bounds: [0, 50] }, { direction: -1 });
    expectClose(y, [80, 0, 100], 1e-12);
  });

  it("reports bounds that are not increasing", () => {
    const { collected } = normaliseAs(scaled, [1, 2], { bounds: [10, 10] }, {}, "noise");
    expect(collected.issues).toEqual([
      {
        severity: "error",
        code: "bad-bounds",
        message: "scaled normalisation of `noise` needs bounds [l, u] with l < u, got `[10,10]`",
      },
    ]);
  });
});

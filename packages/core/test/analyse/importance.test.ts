import { correlationRatio, MAX_UNITS } from "@cityindex/core";
import { describe, expect, it } from "vitest";

describe("correlationRatio on many units", () => {
  it("estimates on MAX_UNITS pairs taken at an even stride, the same as on that subsample", () => {
    const n = 2500;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 10);
    const y = x.map((v, i) => v * v + Math.cos(i * 1.3));
    const full = correlationRatio(x, y);
    expect(full.units).toBe(MAX_UNITS);
    // By hand: every 2.5th pair, rounded down (0, 2, 5, 7, 10, ...).
    const pick = Array.from({ length: MAX_UNITS }, (_, k) => Math.floor((k * n) / MAX_UNITS));
    const sub = correlationRatio(
      pick.map((i) => x[i]!),
      pick.map((i) => y[i]!),
    );
    expect(full.ratio).toBe(sub.ratio);
    expect(full.bandwidth).toBe(sub.bandwidth);
  });

  it("is exactly 1 for a linear relation, whatever the number of units", () => {
    const x = Float64Array.from({ length: 3000 }, (_, i) => (i * 7919) % 1013);
    const y = x.map((v) => 2 * v + 1);
    expect(correlationRatio(x, y).ratio).toBeCloseTo(1, 12);
  });
});

import type { IndicatorModel, NormaliseMethod } from "@cityindex/core";
import { expect } from "vitest";
import { type Collected, indicatorContext } from "../helpers/context.js";

/**
 * Runs a normaliser as the pipeline does: the values are multiplied by the indicator's direction before the
 * method sees them (COINr's `Normalise()` does the same).
 */
export function normaliseAs<O>(
  method: NormaliseMethod<O>,
  x: ArrayLike<number>,
  options: O,
  indicator: Partial<IndicatorModel> = {},
  id = "x",
): { y: Float64Array; collected: Collected } {
  const ctx = indicatorContext(x.length, { id, indicator });
  const input = Float64Array.from(x, (v) => (indicator.direction === -1 ? -v : v));
  const y = method.normalise(input, options, ctx);
  return { y, collected: ctx.collected };
}

/**
 * Asserts two vectors agree to a relative tolerance: |a − e| <= tol · |e|, so an expected 0 needs an exact 0
 * (either sign); `NaN` (R's `NA`) must match `NaN`.
 */
export function expectRelClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Math.abs(a - e) <= tol * Math.abs(e);
    if (!ok) throw new Error(`element ${i}: got ${a}, expected ${e} (relative tolerance ${tol})`);
  }
}

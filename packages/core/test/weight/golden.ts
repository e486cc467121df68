/** Asserts `actual` agrees with `expected` to `rel` relative error (absolute below 1e-300). */
export function expectRelative(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-9): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= rel * Math.max(Math.abs(e), 1e-300))) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (relative tolerance ${rel})`);
    }
  }
}

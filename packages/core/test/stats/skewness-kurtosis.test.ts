import { kurtosis, skewness } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { readReferenceRecords, referenceColumn } from "../helpers/reference.js";

// COINr 1.1.14 skew(x, na.rm = TRUE) and kurt(x, na.rm = TRUE) (type 2, as Excel's SKEW and KURT) on
// x <- c(3,1,4,1,5,9,2,6,NA,5,35,8), written to ../shared/reference/coinr-asem/vectors/skew_kurt.csv (row
// `x_narm`; the column `x` of normalise_vector.csv is the same x). The file's second row, `xp`, is on a vector
// whose definition the reference does not record, so it is not used. Tolerance 1e-12.
const reference = new Map(readReferenceRecords("vectors/skew_kurt.csv").map((r) => [r.case!, r]));
const x = referenceColumn("vectors/normalise_vector.csv", "x");

describe("skewness and kurtosis (type 2)", () => {
  it("match COINr skew() and kurt() on x with NA removed", () => {
    const r = reference.get("x_narm")!;
    expect(Math.abs(skewness(x) - Number(r.skew))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(kurtosis(x) - Number(r.kurt))).toBeLessThanOrEqual(1e-12);
  });

  it("work by hand on 1, 2, 3, 10", () => {
    // mean 4, d = −3, −2, −1, 6: Σd² = 50, Σd³ = −27 − 8 − 1 + 216 = 180, Σd⁴ = 81 + 16 + 1 + 1296 = 1394.
    // g₁ = √4 · 180 / 50^1.5 = 360 / 353.5533906 = 1.0182337649; G₁ = g₁ · √12 / 2 = 1.7636326
    // r = 4 · 1394 / 2500 = 2.2304; G₂ = (5 · (2.2304 − 3) + 6) · 3 / (2 · 1) = 2.152 · 1.5 = 3.228
    // R 4.2.2 with COINr's skew() and kurt() bodies: 1.7636326148038881 3.2279999999999998
    const v = Float64Array.of(1, 2, 3, 10);
    expect(skewness(v)).toBeCloseTo(((2 * 180) / 50 ** 1.5) * (Math.sqrt(12) / 2), 14);
    expect(Math.abs(skewness(v) - 1.7636326148038881)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(kurtosis(v) - 3.2279999999999998)).toBeLessThanOrEqual(1e-14);
  });

  it("are NaN with too few values or no variance", () => {
    expect(skewness(Float64Array.of(1, 2))).toBeNaN();
    expect(skewness(Float64Array.of(1, 2, 4))).not.toBeNaN();
    expect(kurtosis(Float64Array.of(1, 2, 4))).toBeNaN();
    expect(kurtosis(Float64Array.of(1, 2, 4, Number.NaN))).toBeNaN();
    expect(skewness(Float64Array.of(5, 5, 5, 5, 5))).toBeNaN();
    expect(kurtosis(Float64Array.of(5, 5, 5, 5, 5))).toBeNaN();
    expect(skewness(new Float64Array(0))).toBeNaN();
  });

  it("do not depend on a shift or the order of the values", () => {
    const v = Float64Array.of(0.3, 7, 1.1, 2.5, 9.75, 0.01, 4);
    const shifted = v.map((a) => a + 1000);
    const reversed = v.slice().reverse();
    expect(skewness(shifted)).toBeCloseTo(skewness(v), 9);
    expect(kurtosis(shifted)).toBeCloseTo(kurtosis(v), 9);
    expect(skewness(reversed)).toBeCloseTo(skewness(v), 14);
    expect(kurtosis(reversed)).toBeCloseTo(kurtosis(v), 14);
  });
});

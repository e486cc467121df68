import {
  correlationPValue,
  kendallCorrelation,
  normalTwoSided,
  pearsonCorrelation,
  spearmanCorrelation,
  studentTwoSided,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";

// Expected values from R 4.2.2:
//   x <- c(3,1,4,1,5,9,2,6,5,3,5,8,9,7,9); y <- c(2,7,1,8,2,8,1,8,2,8,4,5,9,0,4)
//   z <- c(1.5, 2.7, 3.1, 4.8, 5.0, 6.2, 7.9, 8.1, 9.4, 10.0, 11.2, 12.5, 13.3, 14.9, 15.1)
//   f <- function(a, b) sapply(c("pearson","spearman","kendall"),
//          function(m) cor.test(a, b, method = m, exact = FALSE)$p.value)
//   f(x, y)   # 0.6950393865528155 0.52289125705291606 0.44489368769586535
//   f(x, z)   # 0.0067023647739221101 0.0044063385703730492 0.0058971865580821695
//   f(z, 2 * z + sin(z))  # 1.2346746886715688e-15 3.5089823585549968e-101 2.0345546145444305e-07
//   pt(-2.5, 7) * 2       # 0.040992218585752874
//   2 * pnorm(-1.7)       # 0.089130925517086082

const x = Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9);
const y = Float64Array.of(2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4);
const z = Float64Array.of(1.5, 2.7, 3.1, 4.8, 5.0, 6.2, 7.9, 8.1, 9.4, 10.0, 11.2, 12.5, 13.3, 14.9, 15.1);
const w = z.map((v) => 2 * v + Math.sin(v));

function p(a: Float64Array, b: Float64Array): number[] {
  return [
    correlationPValue(a, b, pearsonCorrelation(a, b), "pearson"),
    correlationPValue(a, b, spearmanCorrelation(a, b), "spearman"),
    correlationPValue(a, b, kendallCorrelation(a, b), "kendall"),
  ];
}

function close(actual: number[], expected: number[], relative: number): void {
  actual.forEach((a, i) => {
    expect(
      Math.abs(a - expected[i]!) <= relative * Math.abs(expected[i]!),
      `${i}: ${a} vs ${expected[i]}`,
    ).toBe(true);
  });
}

describe("correlation p-values (R's cor.test, exact = FALSE)", () => {
  it("match R with ties, for a weak and a strong relation", () => {
    close(p(x, y), [0.6950393865528155, 0.52289125705291606, 0.44489368769586535], 1e-9);
    close(p(x, z), [0.0067023647739221101, 0.0044063385703730492, 0.0058971865580821695], 1e-9);
  });

  it("match R in the far tail", () => {
    const [pearson, spearman, kendall] = p(z, w);
    close([pearson!, kendall!], [1.2346746886715688e-15, 2.0345546145444305e-7], 1e-6);
    // Spearman's rho is exactly 1 here; R's rho carries a rounding error, so its p is 3.5e-101 where ours is 0.
    expect(spearman).toBeLessThan(1e-90);
  });

  it("Student's t and the normal distribution", () => {
    expect(Math.abs(studentTwoSided(-2.5, 7) - 0.040992218585752874)).toBeLessThan(1e-15);
    expect(Math.abs(normalTwoSided(-1.7) - 0.089130925517086082)).toBeLessThan(1e-15);
    expect(studentTwoSided(0, 5)).toBe(1);
  });

  it("is NaN with fewer than three pairs", () => {
    expect(correlationPValue([1, 2], [2, 1], -1, "pearson")).toBeNaN();
  });
});

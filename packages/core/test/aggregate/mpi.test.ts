import { adjustedMazziottaPareto, ampiNormalise, mazziottaPareto, mpiNormalise } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { aggregateContext, expectClose, indicatorContext } from "../helpers/context.js";

/*
Independent base-R implementation (R 4.2.2) of the MPI and the AMPI, 5 units × 3 indicators (2 periods for the
AMPI; base period 1; equal weights unless said):

X <- matrix(c(60,45,80, 72,90,35, 55,62,70, 90,30,50, 40,75,65), nrow = 5, byrow = TRUE)
X2 <- matrix(c(65,50,78, 70,95,40, 60,60,75, 88,35,55, 45,80,70), nrow = 5, byrow = TRUE)
zpop <- function(x) 100 + 10 * (x - mean(x)) / sqrt(mean((x - mean(x))^2))
Z <- apply(X, 2, zpop)
mpi2 <- function(Z, w, sign) sapply(1:nrow(Z), function(i) {
  z <- Z[i, ]; M <- sum(w * z) / sum(w); S <- sqrt(sum(w * (z - M)^2) / sum(w)); M + sign * S * S / M })
ampiNorm <- function(x1, x2) { ref <- mean(x1); d <- (max(c(x1, x2)) - min(c(x1, x2))) / 2
  inf <- ref - d; sup <- ref + d; list(70 + 60 * (x1 - inf) / (sup - inf), 70 + 60 * (x2 - inf) / (sup - inf)) }
R1 <- R2 <- X
for (j in 1:3) { r <- ampiNorm(X[, j], X2[, j]); R1[, j] <- r[[1]]; R2[, j] <- r[[2]] }
options(digits = 17)
as.vector(t(Z))   # see `z` below (row by row)
mpi2(Z, c(1, 1, 1), -1)  # 100.42171045475476 99.543445204429943 100.480465078118 96.742721416934728 97.872107072275654
mpi2(Z, c(1, 1, 1), 1)   # 101.82550847852673 102.62410223807412 100.90504610284707 100.04945221099248 99.535441743046547
mpi2(Z, c(2, 1, 1), -1)  # 99.78769029584619 100.91885562966691 99.046855058689971 101.01316095336328 94.588166358633856
as.vector(t(R1)); as.vector(t(R2))  # see `r1`, `r2` below
mpi2(R1, c(1, 1, 1), -1) # 99.850869521142727 95.002437077646803 100.67724500910532 90.115304246432615 93.952658544604375
mpi2(R2, c(1, 1, 1), -1) # 103.59672230652504 98.854670778026275 104.11823368601806 94.907788324442365 100.00050320607752
*/
const X = [
  [60, 45, 80],
  [72, 90, 35],
  [55, 62, 70],
  [90, 30, 50],
  [40, 75, 65],
];
const X2 = [
  [65, 50, 78],
  [70, 95, 40],
  [60, 60, 75],
  [88, 35, 55],
  [45, 80, 70],
];
const z = [
  97.976190476190482, 92.745527283058252, 112.64911064067351, 105.11904761904762, 113.94366184555037,
  84.188611699158102, 95, 100.75371145111083, 106.32455532033676, 115.83333333333333, 85.679482428894218,
  93.675444679663244, 86.071428571428569, 106.87761699138633, 103.16227766016839,
];
const r1 = [
  95.919999999999987, 85.784615384615392, 126.66666666666666, 110.31999999999999, 127.32307692307693,
  66.666666666666671, 89.920000000000002, 101.47692307692307, 113.33333333333334, 131.91999999999999,
  71.938461538461539, 86.666666666666671, 71.920000000000002, 113.47692307692307, 106.66666666666666,
];
const r2 = [
  101.91999999999999, 90.400000000000006, 124, 107.91999999999999, 131.93846153846152, 73.333333333333329,
  95.919999999999987, 99.630769230769232, 120, 129.51999999999998, 76.553846153846152, 93.333333333333329,
  77.920000000000002, 118.09230769230768, 113.33333333333334,
];
const column = (m: number[][], j: number) => Float64Array.from(m, (row) => row[j]!);
/** Column j of a row-by-row flattened 5 × 3 matrix. */
const flatColumn = (flat: number[], j: number) =>
  Float64Array.from({ length: 5 }, (_, i) => flat[i * 3 + j]!);
const ids = ["a", "b", "c"];
const equal = Float64Array.of(1, 1, 1);
const options = { penalty: "negative" as const, weighted: true, minAvailability: 0 };

function expectRelative(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tol * Math.abs(expected[i]!));
  }
}

describe("mpi normalisation and the Mazziotta-Pareto Index", () => {
  const normalised = [0, 1, 2].map((j) =>
    mpiNormalise.normalise(column(X, j), { form: "population" }, indicatorContext(5, { id: ids[j] })),
  );

  it("standardises with the population standard deviation like the base-R code", () => {
    for (let j = 0; j < 3; j++) expectRelative(normalised[j]!, flatColumn(z, j), 1e-12);
  });

  it("MPI− and MPI+ with equal weights match the base-R code (1e-9 relative)", () => {
    expectRelative(
      mazziottaPareto.aggregate(normalised, equal, options, aggregateContext(5, ids)),
      [100.42171045475476, 99.543445204429943, 100.480465078118, 96.742721416934728, 97.872107072275654],
      1e-9,
    );
    expectRelative(
      mazziottaPareto.aggregate(
        normalised,
        equal,
        { ...options, penalty: "positive" },
        aggregateContext(5, ids),
      ),
      [101.82550847852673, 102.62410223807412, 100.90504610284707, 100.04945221099248, 99.535441743046547],
      1e-9,
    );
  });

  it("weighted MPI− matches the base-R code; weighted: false ignores the weights", () => {
    const w = Float64Array.of(2, 1, 1);
    expectRelative(
      mazziottaPareto.aggregate(normalised, w, options, aggregateContext(5, ids)),
      [99.78769029584619, 100.91885562966691, 99.046855058689971, 101.01316095336328, 94.588166358633856],
      1e-9,
    );
    expectRelative(
      mazziottaPareto.aggregate(normalised, w, { ...options, weighted: false }, aggregateContext(5, ids)),
      [100.42171045475476, 99.543445204429943, 100.480465078118, 96.742721416934728, 97.872107072275654],
      1e-9,
    );
  });

  it("by hand: z 110, 90 → M 100, S 10, cv 0.1, MPI− 99; a missing child is skipped", () => {
    const y = mazziottaPareto.aggregate(
      [Float64Array.of(110, 110), Float64Array.of(90, Number.NaN)],
      Float64Array.of(1, 1),
      options,
      aggregateContext(2, ["a", "b"]),
    );
    expectClose(y, [99, 110], 1e-12);
  });

  it("reports a unit whose mean is not positive", () => {
    const ctx = aggregateContext(1, ["a", "b"]);
    const y = mazziottaPareto.aggregate([Float64Array.of(-5)], Float64Array.of(1), options, ctx);
    expectClose(y, [Number.NaN], 0);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "warning", code: "non-positive-mean" });
  });

  it("refuses an indicator with no spread", () => {
    const ctx = indicatorContext(3);
    mpiNormalise.normalise(Float64Array.of(2, 2, 2), { form: "population" }, ctx);
    expect(ctx.collected.issues.map((i) => i.code)).toEqual(["zero-variance"]);
  });
});

describe("ampi normalisation and the adjusted Mazziotta-Pareto Index", () => {
  const periods = ["2020", "2021"];
  const normaliseAll = (p: number, extra = {}) =>
    [0, 1, 2].map((j) => {
      const panel = Float64Array.from([...column(X, j), ...column(X2, j)]);
      const x = p === 0 ? column(X, j) : column(X2, j);
      return ampiNormalise.normalise(
        x,
        extra,
        indicatorContext(5, { id: ids[j], panel, periods, periodIndex: p }),
      );
    });

  it("rescales with goalposts over both periods like the base-R code", () => {
    const first = normaliseAll(0);
    const second = normaliseAll(1);
    for (let j = 0; j < 3; j++) {
      expectRelative(first[j]!, flatColumn(r1, j), 1e-12);
      expectRelative(second[j]!, flatColumn(r2, j), 1e-12);
    }
  });

  it("AMPI− in both periods matches the base-R code (1e-9 relative)", () => {
    expectRelative(
      adjustedMazziottaPareto.aggregate(normaliseAll(0), equal, options, aggregateContext(5, ids)),
      [99.850869521142727, 95.002437077646803, 100.67724500910532, 90.115304246432615, 93.952658544604375],
      1e-9,
    );
    expectRelative(
      adjustedMazziottaPareto.aggregate(normaliseAll(1), equal, options, aggregateContext(5, ids)),
      [103.59672230652504, 98.854670778026275, 104.11823368601806, 94.907788324442365, 100.00050320607752],
      1e-9,
    );
  });

  it("by hand: one period 2, 4, 6 → 70, 100, 130; a fixed reference; a direction of −1", () => {
    const x = Float64Array.of(2, 4, 6);
    expectClose(ampiNormalise.normalise(x, {}, indicatorContext(3, { panel: x })), [70, 100, 130], 1e-12);
    // reference 3, Δ 2: 100 + 30 (x − 3) / 2 → 85, 115, 145
    expectClose(
      ampiNormalise.normalise(x, { references: { x: 3 } }, indicatorContext(3, { panel: x })),
      [85, 115, 145],
      1e-12,
    );
    // direction −1: the runner passes −x; a fixed reference 3 (own units) becomes −3 → 115, 85, 55
    const negated = x.map((v) => -v);
    expectClose(
      ampiNormalise.normalise(
        negated,
        { references: { x: 3 } },
        indicatorContext(3, { panel: negated, indicator: { direction: -1 } }),
      ),
      [115, 85, 55],
      1e-12,
    );
  });

  it("reports an unknown base period and an indicator with no spread", () => {
    const x = Float64Array.of(2, 4, 6);
    const ctx = indicatorContext(3, { panel: x });
    ampiNormalise.normalise(x, { base: "1999" }, ctx);
    expect(ctx.collected.issues).toEqual([
      {
        severity: "error",
        code: "unknown-period",
        message: "ampi base period `1999` is not a period of the data; periods: 2024",
      },
    ]);
    const flat = Float64Array.of(5, 5, 5);
    const ctx2 = indicatorContext(3, { panel: flat });
    ampiNormalise.normalise(flat, {}, ctx2);
    expect(ctx2.collected.issues.map((i) => i.code)).toEqual(["zero-variance"]);
  });
});

import { type OptimisedWeightsOptions, optimisedWeights } from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, weightContext } from "../helpers/context.js";
import { readReferenceRecords, rNumber } from "../helpers/reference.js";

const defaults: OptimisedWeightsOptions = {
  optimType: "balance",
  tolerance: 1e-12,
  maxEvaluations: 5000,
  periods: "last",
};

const normalised = readReferenceRecords("pipeline/dset_Normalised.csv");
const lineage = readReferenceRecords("pipeline/lineage.csv");
function pillar(name: string): Record<string, number[]> {
  const codes = lineage.filter((r) => r.Pillar === name).map((r) => r.Indicator!);
  return Object.fromEntries(codes.map((c) => [c, normalised.map((r) => rNumber(r[c]!))]));
}

/*
 * R 4.2.2 on the ASEM normalised data (../shared/reference/coinr-asem/pipeline), the same objective,
 * parameterisation (w = |θ| / Σ|θ|) and start (equal weights), minimised with R's own Nelder–Mead:
 *
 * d <- read.csv("dset_Normalised.csv"); lin <- read.csv("lineage.csv")
 * run <- function(pil, targ = NULL, type = "balance") {
 *   X <- as.matrix(d[, lin$Indicator[lin$Pillar == pil]]); k <- ncol(X)
 *   if (is.null(targ)) targ <- rep(1, k)
 *   targ <- targ / sum(targ)
 *   S <- cov(X); sdv <- sqrt(diag(S))
 *   corrs <- function(th) { w <- abs(th); sw <- S %*% w; drop(sw / (sdv * sqrt(sum(w * sw)))) }
 *   f <- function(th) { cc <- corrs(th); if (type == "balance") sum((targ - cc / sum(cc))^2) else -sum(cc) }
 *   o <- optim(rep(1 / k, k), f, method = "Nelder-Mead",
 *              control = list(reltol = 1e-12, abstol = if (type == "balance") 1e-30 else -Inf, maxit = 5000))
 *   w <- abs(o$par); list(w = w / sum(w), value = o$value, cor = cor(X, X %*% (w / sum(w))))
 * }
 * run("SusEcFin")                          # f = 1.1620245457120853e-13 after 316 evaluations
 * run("Environ", c(1, 2, 1, 1, 1))         # f = 1.9168030972137666e-05 (MatCon's weight goes to 0)
 * run("ConEcFin", type = "infomax")        # f = -3.1936554175274789
 */
const R = {
  SusEcFin: {
    w: [
      0.13804417510854608, 0.25771691442335487, 0.24185141032053584, 0.1436645264857882, 0.21872297366177493,
    ],
    cor: [
      0.37823342297998463, 0.37823298804919719, 0.37823310960146833, 0.37823298244344572, 0.37823372524171889,
    ],
  },
  Environ: {
    w: [
      0.1032411032010402, 0.51501485624400112, 1.8547431393073209e-11, 0.075258901265803604,
      0.30648513927060766,
    ],
    value: 1.9168030972137666e-5,
  },
  ConEcFin: {
    w: [
      0.18278939942997713, 0.1766158653177887, 0.18708560706876287, 0.26190134721490677, 0.19160778096856451,
    ],
    value: -3.1936554175274789,
  },
};

describe("optimised weights", () => {
  it("by hand: two children in symmetric roles get equal weights", () => {
    // x2 is x1 with units 1-2 and 3-4 swapped: same variance, so S = [[a, b], [b, a]] and
    // (S w)₁ = (S w)₂ only when w₁ = w₂; started from (1, 3) it must move there
    const ctx = weightContext({ a: [1, 2, 3, 4], b: [2, 1, 4, 3] }, { current: [1, 3] });
    expectClose(optimisedWeights.weight(defaults, ctx), [0.5, 0.5], 1e-6);
    const cor = Object.values(ctx.collected.audit[0]!.details!.correlations as Record<string, number>);
    expect(Math.abs(cor[0]! - cor[1]!)).toBeLessThan(1e-6);
  });

  it("by hand: equal correlations need weights inversely proportional to the standard deviations", () => {
    // cⱼ = (S w)ⱼ / (σⱼ √(wᵀSw)); c₁ = c₂ ⇔ (σ₁² w₁ + ρσ₁σ₂ w₂) / σ₁ = (ρσ₁σ₂ w₁ + σ₂² w₂) / σ₂
    // ⇔ σ₁ w₁ (1 − ρ) = σ₂ w₂ (1 − ρ) ⇔ w₁ / w₂ = σ₂ / σ₁. Here x2 = 2 · (2, 1, 4, 3): σ₂ = 2σ₁ → (2/3, 1/3)
    const ctx = weightContext({ a: [1, 2, 3, 4], b: [4, 2, 8, 6] });
    expectClose(optimisedWeights.weight(defaults, ctx), [2 / 3, 1 / 3], 1e-6);
  });

  it("matches R's optim (Nelder–Mead) on ASEM SusEcFin: every child equally correlated", () => {
    const ctx = weightContext(pillar("SusEcFin"));
    const w = optimisedWeights.weight(defaults, ctx);
    expectClose(w, R.SusEcFin.w, 1e-5);
    const details = ctx.collected.audit[0]!.details!;
    expectClose(Object.values(details.correlations as Record<string, number>), R.SusEcFin.cor, 1e-5);
    expect(details.objective as number).toBeLessThan(1e-12);
    expect(ctx.collected.issues).toEqual([]);
  });

  it("matches R with targets (a weight at zero) and with infomax", () => {
    const env = weightContext(pillar("Environ"));
    const targets = { Forest: 2 };
    expectClose(optimisedWeights.weight({ ...defaults, targets }, env), R.Environ.w, 1e-4);
    expect(env.collected.audit[0]!.details!.objective as number).toBeCloseTo(R.Environ.value, 9);
    const con = weightContext(pillar("ConEcFin"));
    expectClose(optimisedWeights.weight({ ...defaults, optimType: "infomax" }, con), R.ConEcFin.w, 1e-5);
    expect(con.collected.audit[0]!.details!.objective as number).toBeCloseTo(R.ConEcFin.value, 10);
  });

  it("reports a constant child, too few units and unknown targets", () => {
    const flat = weightContext({ a: [1, 2, 3], b: [5, 5, 5] });
    optimisedWeights.weight(defaults, flat);
    expect(flat.collected.issues.map((i) => i.code)).toEqual(["zero-variance"]);
    const few = weightContext({ a: [1, Number.NaN, 3], b: [5, 6, 7] });
    optimisedWeights.weight(defaults, few);
    expect(few.collected.issues.map((i) => i.code)).toEqual(["incomplete-units", "too-few-units"]);
    const unknown = weightContext({ a: [1, 2, 3, 4], b: [2, 1, 4, 3] });
    optimisedWeights.weight({ ...defaults, targets: { zz: 1 } }, unknown);
    expect(unknown.collected.issues.map((i) => i.code)).toEqual(["unknown-target"]);
  });

  it("property: non-negative weights summing to one, invariant to unit order", () => {
    const column = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(column, { minLength: 2, maxLength: 4 }), fc.boolean(), (cols, infomax) => {
        const children = Object.fromEntries(cols.map((c, j) => [`c${j}`, c]));
        const options = { ...defaults, optimType: infomax ? ("infomax" as const) : ("balance" as const) };
        const ctx = weightContext(children);
        const w = optimisedWeights.weight(options, ctx);
        if (ctx.collected.issues.some((i) => i.severity === "error")) return;
        expect(w.every((v) => v >= 0)).toBe(true);
        expect(Math.abs(w.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
        // the unit order changes only rounding in S: the objective reached is the same
        const reversed = Object.fromEntries(cols.map((c, j) => [`c${j}`, [...c].reverse()]));
        const again = weightContext(reversed);
        optimisedWeights.weight(options, again);
        const f = ctx.collected.audit[0]!.details!.objective as number;
        const g = again.collected.audit[0]!.details!.objective as number;
        expect(Math.abs(f - g)).toBeLessThan(1e-6 * (1 + Math.abs(f)));
      }),
      { seed: 20240603, numRuns: 60 },
    );
  });
});

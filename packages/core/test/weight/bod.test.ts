import { bodWeights } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, weightContext } from "../helpers/context.js";

// Golden values from R 4.2.2 with lpSolve 5.6 solving the same linear programme:
//   library(lpSolve)
//   Y <- cbind(a = c(20, 45, 60, 80, 95), b = c(70, 30, 55, 90, 40), c = c(35, 60, 50, 75, 85))
//   solve_common <- function(lo, hi) {            # max Σ_u Σ_j w_j y_uj  s.t.  Y w <= 1, share bounds
//     obj <- colSums(Y); A <- Y; dir <- rep("<=", nrow(Y)); rhs <- rep(1, nrow(Y))
//     for (j in 1:3) { e <- rep(0, 3); e[j] <- 1
//       if (lo > 0) { A <- rbind(A, e - lo); dir <- c(dir, ">="); rhs <- c(rhs, 0) }
//       if (hi < 1) { A <- rbind(A, e - hi); dir <- c(dir, "<="); rhs <- c(rhs, 0) } }
//     s <- lp("max", obj, A, dir, rhs); w <- s$solution; c(objective = s$objval, w / sum(w)) }
//   solve_common(0, 1)      # 3.8924731182795691 0 0.1666666666666666 0.83333333333333337
//   solve_common(0.2, 1)    # 3.79746835443038 0.2 0.2 0.6
//   solve_common(0.2, 0.5)  # 3.7672955974842766 0.3 0.2 0.5

const Y = { a: [20, 45, 60, 80, 95], b: [70, 30, 55, 90, 40], c: [35, 60, 50, 75, 85] };

async function weights(
  options: { minShare: number; maxShare: number },
  data: Record<string, (number | null)[]> = Y,
) {
  const ctx = weightContext(data as Record<string, number[]>);
  const prepared = await bodWeights.setup!(options);
  const w = bodWeights.weight(options, { ...ctx, prepared });
  return { w, ctx };
}

describe("weight bod (common benefit-of-the-doubt weights)", () => {
  it("matches lpSolve without bounds, with a lower share bound and with both", async () => {
    const cases: [number, number, number[], number][] = [
      [0, 1, [0, 0.1666666666666666, 0.83333333333333337], 3.8924731182795691],
      [0.2, 1, [0.2, 0.2, 0.6], 3.79746835443038],
      [0.2, 0.5, [0.3, 0.2, 0.5], 3.7672955974842766],
    ];
    for (const [minShare, maxShare, expected, objective] of cases) {
      const { w, ctx } = await weights({ minShare, maxShare });
      expectClose(w, expected, 1e-7);
      const entry = ctx.collected.audit.find((a) => a.action === "bod-weights")!;
      expect(Math.abs((entry.details!.objective as number) - objective)).toBeLessThan(1e-7);
    }
  });

  it("no unit scores above 1 with the common weights (before scaling to sum one)", async () => {
    const { ctx } = await weights({ minShare: 0.1, maxShare: 1 });
    const raw = ctx.collected.audit[0]!.details!.raw as Record<string, number>;
    for (let u = 0; u < 5; u++) {
      const score = raw.a! * Y.a[u]! + raw.b! * Y.b[u]! + raw.c! * Y.c[u]!;
      expect(score).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it("reports impossible bounds, negative values, and leaves out incomplete units with a warning", async () => {
    const bounds = await weights({ minShare: 0.5, maxShare: 1 });
    expect(bounds.ctx.collected.issues[0]!.message).toBe(
      "bod weights cannot give 3 children shares between `0.5` and `1` that sum to 1",
    );
    const negative = await weights({ minShare: 0, maxShare: 1 }, { ...Y, a: [-1, 45, 60, 80, 95] });
    expect(negative.ctx.collected.issues[0]).toMatchObject({
      code: "negative-values",
      path: "data/u1/a/2024",
    });
    const missing = await weights({ minShare: 0.2, maxShare: 1 }, { ...Y, b: [70, null, 55, 90, 40] });
    expect(missing.ctx.collected.issues[0]).toMatchObject({ severity: "warning", code: "incomplete-units" });
    expect(missing.w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
});

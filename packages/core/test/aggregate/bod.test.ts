import { type BenefitOfTheDoubtOptions, benefitOfTheDoubt } from "@cityindex/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { aggregateContext, expectClose } from "../helpers/context.js";
import { readReferenceRecords, rNumber } from "../helpers/reference.js";

let solver: unknown;
beforeAll(async () => {
  solver = await benefitOfTheDoubt.setup!({ scale: 1 });
});

/** Runs the method on columns (children) of unit values. */
function run(columns: number[][], options: Partial<BenefitOfTheDoubtOptions> = {}, ids?: string[]) {
  const n = columns[0]!.length;
  const ctx = { ...aggregateContext(n, ids ?? columns.map((_, j) => `c${j}`)), prepared: solver };
  const y = benefitOfTheDoubt.aggregate(
    columns.map((c) => Float64Array.from(c)),
    new Float64Array(columns.length).fill(1),
    { scale: 1, ...options },
    ctx,
  );
  return { y, ctx };
}

/*
 * By hand: four units, two children, y = A (3, 1), B (1, 2), C (1, 1), D (2, 0). The weights (a, b) >= 0 must
 * satisfy 3a + b <= 1 (A), a + 2b <= 1 (B), a + b <= 1 (C), 2a <= 1 (D). C's and D's rows are implied by A's and
 * B's, so the feasible set is the polygon with vertices (0, 0), (1/3, 0), (1/5, 2/5) (where 3a + b = 1 and
 * a + 2b = 1 meet: a = 1/5, b = 2/5) and (0, 1/2). A linear objective peaks at a vertex:
 *   A: 3a + b  = 1 at (1/3, 0), 1 at (1/5, 2/5), 1/2 at (0, 1/2)         -> 1
 *   B: a + 2b  = 1/3, 1, 1                                               -> 1
 *   C: a + b   = 1/3, 3/5, 1/2                                           -> 3/5, with w = (1/5, 2/5)
 *   D: 2a      = 2/3, 2/5, 0                                             -> 2/3
 * C's shares at (1/5, 2/5) are 1/3 and 2/3. With maxShare 0.6, C also needs b <= 0.6 (a + b), i.e. b <= 1.5 a,
 * and a <= 1.5 b. On b = 1.5 a, A's row gives 4.5 a <= 1 (a <= 2/9) and B's 4 a <= 1, so the corner is
 * (2/9, 1/3) with a + b = 5/9; along A's row beyond it (b < 1.5 a), a + b = 1 - 2a falls. C scores 5/9.
 *
 * R 4.2.2, lpSolve 5.6.18, the same programmes (x >= 0 is implicit in lp()):
 *
 * library(lpSolve)
 * bod <- function(Y, lo = 0, hi = 1) {
 *   n <- nrow(Y); k <- ncol(Y)
 *   sapply(seq_len(n), function(u) {
 *     A <- Y; dir <- rep("<=", n); rhs <- rep(1, n)
 *     y <- Y[u, ]
 *     for (j in seq_len(k)) {
 *       e <- rep(0, k); e[j] <- y[j]
 *       if (lo > 0) { A <- rbind(A, e - lo * y); dir <- c(dir, ">="); rhs <- c(rhs, 0) }
 *       if (hi < 1) { A <- rbind(A, e - hi * y); dir <- c(dir, "<="); rhs <- c(rhs, 0) }
 *     }
 *     lp("max", y, A, dir, rhs)$objval
 *   })
 * }
 * Y <- rbind(c(3, 1), c(1, 2), c(1, 1), c(2, 0))
 * bod(Y)            # 1, 1, 0.59999999999999998, 0.66666666666666663
 * bod(Y, hi = 0.6)  # 1, 0.66666666666666674, 0.55555555555555547, 0
 * d <- read.csv("dset_Normalised.csv"); lin <- read.csv("lineage.csv")   # ../shared/reference/coinr-asem/pipeline
 * Y <- as.matrix(d[, lin$Indicator[lin$Pillar == "ConEcFin"]])           # FDI ForPort Goods PRemit Services
 * bod(Y)                      # R_CONECFIN below
 * bod(Y, lo = 0.05, hi = 0.4) # R_CONECFIN_BOUNDED below
 */
const R_CONECFIN = [
  0.27756214976832, 0.47787172057935018, 0.96582826689859169, 0.50275893747506817, 0.56054344101310893,
  0.99999999999999989, 0.64690612178432005, 0.027218640433679997, 0.99999999999999989, 0.89987014496602935,
  0.3479970305188621, 0.55059436185279997, 0.31026129564646587, 0.86707303172014294, 0.51865110035967998,
  0.45267873579776002, 0.51282123828224002, 0.22074288243520002, 0.61589971696627765, 0.98830617397987586,
  0.12864626188387618, 0.12658611063519998, 1, 0.29052648418815996, 0.24971510307199996, 0.38344170616428785,
  1, 0.2107115334497715, 0.80594402305664026, 0.73688082868064697, 1, 0.86859707973443567, 1,
  0.73959940140928004, 1, 0.75470583328516483, 1, 0.72804431751552001, 0.23378395945725547,
  0.22378242036983603, 0.44762574225216556, 0.46168290854268057, 0.50665227260630363, 0.52250160665118139,
  0.11510324883606977, 1.0000000000000002, 0.99999999999999989, 0.7904137534694935, 0.47068375846463995,
  0.51549780748661489, 1.0000000000000002,
];
const R_CONECFIN_BOUNDED = [
  0.1896194823391909, 0.36155768025498414, 0.5117845819932384, 0.058600054235298911, 0.32985846518707901,
  0.39065209263901252, 0.47126496430017556, 0.023411604131057639, 0.62570053691546856, 0.42339285823812878,
  0.29165499113467375, 0.42733897505477947, 0.26351153593988913, 0.55323002260349252, 0.32514707589915914,
  0.28436892198149744, 0.27198552286100158, 0, 0.22642448575043009, 0.54260689596133282, 0.10056269061517187,
  0, 0.5267652801142223, 0.098140718599095192, 0, 0.31412156908997318, 0.75948546884595225,
  0.18710489738928798, 0.36495476818904082, 0.49379665517812066, 1.0000000000000002, 0.52209805245748775,
  0.74865825289081955, 0.0023780569137880798, 0.55801559737000728, 0.58782626982897024, 0.54756000548260586,
  0.29269090683511445, 0.18561164347851805, 0, 0.26621413106410485, 0.28518401370519936, 0.35396363573554379,
  0.27060479107547658, 0.098774179044224059, 1, 0.5064603885253276, 0.25914973416744391, 0.33353165848164779,
  0.39537683217807373, 0,
];

const hand = [
  [3, 1, 1, 2],
  [1, 2, 1, 0],
];

describe("benefit of the doubt", () => {
  it("by hand and with lpSolve: two children", () => {
    const { y, ctx } = run(hand);
    expectClose(y, [1, 1, 0.6, 2 / 3], 1e-7);
    expectClose(y, [1, 1, 0.59999999999999998, 0.66666666666666663], 1e-7);
    const c = ctx.collected.audit.find((a) => a.unit === "u3")!.details!;
    expectClose(Object.values(c.weights as Record<string, number>), [0.2, 0.4], 1e-7);
    expectClose(Object.values(c.shares as Record<string, number>), [1 / 3, 2 / 3], 1e-7);
    expect(ctx.collected.issues).toEqual([]);
  });

  it("with an upper bound on the shares (hand for C, lpSolve for all)", () => {
    const { y } = run(hand, { maxShare: 0.6 });
    expect(Math.abs(y[2]! - 5 / 9)).toBeLessThan(1e-7);
    expectClose(y, [1, 0.66666666666666674, 0.55555555555555547, 0], 1e-7);
  });

  it("matches lpSolve on the ASEM ConEcFin pillar, with and without share bounds", () => {
    const rows = readReferenceRecords("pipeline/dset_Normalised.csv");
    const codes = ["FDI", "ForPort", "Goods", "PRemit", "Services"];
    const columns = codes.map((c) => rows.map((r) => rNumber(r[c]!)));
    expectClose(run(columns, {}, codes).y, R_CONECFIN, 1e-7);
    expectClose(run(columns, { minShare: 0.05, maxShare: 0.4 }, codes).y, R_CONECFIN_BOUNDED, 1e-7);
    // bounds by child id: the same as one number for all
    const byId = Object.fromEntries(codes.map((c) => [c, 0.4]));
    expectClose(run(columns, { minShare: 0.05, maxShare: byId }, codes).y, R_CONECFIN_BOUNDED, 1e-7);
  });

  it("absolute weight bounds, scale, zeros and missing values", () => {
    // by hand, with b <= 0.1 A's row binds first (a <= (1 - b) / 3; B's row then holds):
    // A: 3a + b = 1 at (1/3, 0) -> 1; B: a + 2b = (1 - b)/3 + 2b = 1/3 + 5b/3 -> 1/2 at b = 0.1;
    // C: a + b = 1/3 + 2b/3 -> 0.4 at b = 0.1; D: 2a -> 2/3 at a = 1/3. Scaled by 100.
    const bounded = run(hand, { maxWeight: { c1: 0.1 }, scale: 100 });
    expectClose(bounded.y, [100, 50, 40, 200 / 3], 1e-6);
    // a unit of zeros scores 0; a unit with a missing child gets no score and does not constrain the others
    const { y, ctx } = run([
      [3, 1, 0, 100],
      [1, 2, 0, Number.NaN],
    ]);
    expectClose(y, [1, 1, 0, Number.NaN], 1e-7);
    expect(ctx.collected.issues).toEqual([
      expect.objectContaining({ severity: "warning", code: "incomplete-units" }),
    ]);
  });

  it("reports negative values and infeasible bounds", () => {
    const neg = run([
      [1, -2],
      [1, 1],
    ]);
    expectClose(neg.y, [Number.NaN, Number.NaN], 0);
    expect(neg.ctx.collected.issues).toEqual([
      expect.objectContaining({ severity: "error", code: "negative-values", path: "data/u2/c0/2024" }),
    ]);
    expect(neg.ctx.collected.issues[0]!.message).toContain("u2/c0 = -2");
    const infeasible = run(hand, { minShare: 0.6 });
    expect(infeasible.ctx.collected.issues[0]).toMatchObject({
      severity: "error",
      code: "infeasible-bounds",
    });
    // w >= 1 breaks A's row 3a + b <= 1: HiGHS proves every programme infeasible
    const solverSays = run(hand, { minWeight: 1 });
    expectClose(solverSays.y, [Number.NaN, Number.NaN, Number.NaN, Number.NaN], 0);
    expect(solverSays.ctx.collected.issues.map((i) => i.code)).toEqual(Array(4).fill("lp-failed"));
    expect(solverSays.ctx.collected.issues[0]!.message).toContain("infeasible");
  });

  it("property: scores in [0, 1], the best unit on each child scores 1, invariant to unit order", () => {
    const value = fc.integer({ min: 0, max: 100 });
    const data = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 8 }))
      .chain(([k, n]) =>
        fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: k, maxLength: k }),
      );
    fc.assert(
      fc.property(data, (columns) => {
        const { y } = run(columns);
        for (const s of y) expect(s >= 0 && s <= 1).toBe(true);
        for (const c of columns) {
          const max = Math.max(...c);
          if (max > 0) expect(y[c.indexOf(max)]!).toBeCloseTo(1, 9);
        }
        const order = columns[0]!.map((_, u) => u).reverse();
        const permuted = run(columns.map((c) => order.map((u) => c[u]!))).y;
        expectClose(
          order.map((u) => y[u]!),
          permuted,
          1e-9,
        );
      }),
      { seed: 20240602, numRuns: 60 },
    );
  });
});

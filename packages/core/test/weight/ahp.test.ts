import {
  ahpPriorities,
  ahpWeights,
  checkJudgementMatrix,
  combineJudgements,
  hierarchyConsistencyRatio,
  parseJudgement,
  RANDOM_INDEX_TABLES,
  randomIndex,
} from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weightContext } from "../helpers/context.js";
import { expectRelative } from "./golden.js";

/*
 * Golden values: R 4.2.2, base R only.
 *
 * A <- matrix(c(1, 3, 5, 7, 1/3, 1, 3, 5, 1/5, 1/3, 1, 2, 1/7, 1/5, 1/2, 1), 4, byrow = TRUE)
 * e <- eigen(A); w <- Re(e$vectors[, 1]); w <- w / sum(w); lmax <- Re(e$values[1]); ci <- (lmax - 4) / 3
 * # w:    0.56928516843294552 0.26427296777852094 0.1055199675011676 0.060921896287365912
 * # lmax: 4.0685359670646708; CI 0.022845322354890268; CR (RI 0.90) 0.025383691505433629; CR (RI 0.89) 0.025668901522348617
 * wa <- rowMeans(sweep(A, 2, colSums(A), "/")); la <- mean((A %*% wa) / wa)
 * # wa: 0.56283451777840321 0.26714366966882447 0.10786102120273947 0.062160791350032836
 * # la: 4.0686600519749732; CR 0.025429648879619689
 * g <- apply(A, 1, function(r) exp(mean(log(r)))); wg <- g / sum(g); lg <- mean((A %*% wg) / wg)
 * # wg: 0.56692203376653061 0.26483081238325551 0.10701895250729472 0.061228201342919224
 * # lg: 4.0683696370189057; CR 0.025322087784779908
 * B1 <- matrix(c(1, 2, 4, 1/2, 1, 3, 1/4, 1/3, 1), 3, byrow = TRUE)
 * B2 <- matrix(c(1, 4, 6, 1/4, 1, 2, 1/6, 1/2, 1), 3, byrow = TRUE)
 * G <- exp((log(B1) + log(B2)) / 2); eg <- eigen(G)
 * # w: 0.63343088498150302 0.25137721329219648 0.11519190172630049; lmax 3.0133607664497144; CR 0.011517902111822759
 * C <- matrix(c(1, 5, 1/3, 1/5, 1, 4, 3, 1/4, 1), 3, byrow = TRUE); ec <- eigen(C)
 * # w: 0.39226716509881682 0.30713480626768075 0.30059802863350249; lmax 5.1703041186333785; CR 1.8709518264080851
 */
const A = [
  [1, 3, 5, 7],
  [1 / 3, 1, 3, 5],
  [1 / 5, 1 / 3, 1, 2],
  [1 / 7, 1 / 5, 1 / 2, 1],
];

describe("ahpPriorities against R", () => {
  it("eigenvector: weights, λmax, CI and CR under both tables", () => {
    const r = ahpPriorities(A);
    expectRelative(
      r.weights,
      [0.56928516843294552, 0.26427296777852094, 0.1055199675011676, 0.060921896287365912],
    );
    expectRelative(
      [r.lambdaMax, r.ci, r.ri, r.cr],
      [4.0685359670646708, 0.022845322354890268, 0.9, 0.025383691505433629],
    );
    expectRelative([ahpPriorities(A, { randomIndex: "chinese-textbook" }).cr], [0.025668901522348617]);
  });

  it("arithmetic and geometric approximations", () => {
    const a = ahpPriorities(A, { priority: "arithmetic" });
    expectRelative(
      a.weights,
      [0.56283451777840321, 0.26714366966882447, 0.10786102120273947, 0.062160791350032836],
    );
    expectRelative([a.lambdaMax, a.cr], [4.0686600519749732, 0.025429648879619689]);
    const g = ahpPriorities(A, { priority: "geometric" });
    expectRelative(
      g.weights,
      [0.56692203376653061, 0.26483081238325551, 0.10701895250729472, 0.061228201342919224],
    );
    expectRelative([g.lambdaMax, g.cr], [4.0683696370189057, 0.025322087784779908]);
  });

  it("group judgements by the element-wise geometric mean", () => {
    const g = combineJudgements([
      [
        [1, 2, 4],
        [1 / 2, 1, 3],
        [1 / 4, 1 / 3, 1],
      ],
      [
        [1, 4, 6],
        [1 / 4, 1, 2],
        [1 / 6, 1 / 2, 1],
      ],
    ]);
    const r = ahpPriorities(g);
    expectRelative(r.weights, [0.63343088498150302, 0.25137721329219648, 0.11519190172630049]);
    expectRelative([r.lambdaMax, r.cr], [3.0133607664497144, 0.011517902111822759]);
  });
});

describe("random-index tables", () => {
  it("holds Saaty's and the Chinese textbook values", () => {
    expect(RANDOM_INDEX_TABLES.saaty).toEqual([0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]);
    expect(RANDOM_INDEX_TABLES["chinese-textbook"]).toEqual([
      0, 0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59,
    ]);
    expect(randomIndex(11)).toBeNaN();
    expect(randomIndex(11, "chinese-textbook")).toBe(1.52);
    expect(randomIndex(4, "custom", [0, 0, 0.5, 0.8])).toBe(0.8);
  });
});

describe("checkJudgementMatrix", () => {
  const ids = ["x", "y", "z"];
  it("parses fractions written as text", () => {
    expect(parseJudgement("1/3")).toBe(1 / 3);
    expect(parseJudgement("2.5")).toBe(2.5);
    expect(parseJudgement("a")).toBeNaN();
  });
  it("rejects a matrix of the wrong size", () => {
    expect(
      checkJudgementMatrix(
        [
          [1, 2],
          [0.5, 1],
        ],
        ids,
      ).problems[0],
    ).toMatch(/must be 3 × 3/);
  });
  it("rejects non-positive cells, naming them", () => {
    const { problems } = checkJudgementMatrix(
      [
        [1, 0, 2],
        [1, 1, 1],
        [0.5, 1, 1],
      ],
      ids,
    );
    expect(problems).toEqual(["`a[x, y]` must be positive, got `0`"]);
  });
  it("rejects a matrix that is not reciprocal, naming the cells", () => {
    const { problems } = checkJudgementMatrix(
      [
        [1, 3, 2],
        [0.5, 1, 1],
        [0.5, 1, 1],
      ],
      ids,
    );
    expect(problems).toEqual(["`a[y, x]` must be 1/`a[x, y]`: got `0.5` and `3`"]);
  });
  it("accepts rounded reciprocals within the tolerance", () => {
    expect(
      checkJudgementMatrix(
        [
          [1, 3, 1],
          [0.33, 1, 1],
          [1, 1, 1],
        ],
        ids,
      ).problems,
    ).toEqual([]);
    expect(
      checkJudgementMatrix(
        [
          [1, 3, 1],
          [0.33, 1, 1],
          [1, 1, 1],
        ],
        ids,
        0.001,
      ).problems,
    ).toHaveLength(1);
  });
});

describe("ahp weight method", () => {
  const children = { x: [1, 2], y: [3, 4], z: [5, 6] };
  it("weights the children and audits λmax, CI, RI and CR", () => {
    const ctx = weightContext(children);
    const w = ahpWeights.weight(
      {
        judgements: {
          parent: [
            [1, 2, 4],
            ["1/2", 1, 3],
            ["1/4", "1/3", 1],
          ],
        },
      },
      ctx,
    );
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    const audit = ctx.collected.audit.find((a) => a.action === "ahp-consistency")!;
    expect(audit.details).toMatchObject({ n: 3, ri: 0.58, priority: "eigenvector", randomIndex: "saaty" });
    expect(ctx.collected.issues).toEqual([]);
  });

  it("warns when CR >= 0.1 and names the judgements to revisit", () => {
    const ctx = weightContext(children);
    const w = ahpWeights.weight(
      {
        judgements: {
          parent: [
            [1, 5, "1/3"],
            ["1/5", 1, 4],
            [3, "1/4", 1],
          ],
        },
      },
      ctx,
    );
    expectRelative(w, [0.39226716509881682, 0.30713480626768075, 0.30059802863350249]);
    const issue = ctx.collected.issues[0]!;
    expect(issue.severity).toBe("warning");
    expect(issue.code).toBe("ahp-inconsistent");
    expect(issue.message).toMatch(/CR `1\.871` >= `0\.1`/);
    expect(issue.message).toMatch(/revisit a\[y, z\] = `4` \(weights imply `1\.022`\), a\[x, y\] = `5`/);
    expect(issue.message).not.toMatch(/\.$/);
  });

  it("combines several experts and records each one's CR", () => {
    const ctx = weightContext(children);
    const w = ahpWeights.weight(
      {
        judgements: {
          parent: [
            [
              [1, 2, 4],
              ["1/2", 1, 3],
              ["1/4", "1/3", 1],
            ],
            [
              [1, 4, 6],
              ["1/4", 1, 2],
              ["1/6", "1/2", 1],
            ],
          ],
        },
      },
      ctx,
    );
    expectRelative(w, [0.63343088498150302, 0.25137721329219648, 0.11519190172630049]);
    const details = ctx.collected.audit[0]!.details as { experts: number; expertCr: number[] };
    expect(details.experts).toBe(2);
    expect(details.expertCr).toHaveLength(2);
  });

  it("reports a bad matrix as an error and keeps the current weights", () => {
    const ctx = weightContext(children, { current: [1, 2, 3] });
    const w = ahpWeights.weight(
      {
        judgements: {
          parent: [
            [1, 2, 4],
            [2, 1, 3],
            ["1/4", "1/3", 1],
          ],
        },
      },
      ctx,
    );
    expect(Array.from(w)).toEqual([1, 2, 3]);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "ahp-bad-matrix" });
    expect(ctx.collected.issues[0]!.message).toMatch(/`a\[y, x\]` must be 1\/`a\[x, y\]`/);
  });

  it("reports a node without judgements", () => {
    const ctx = weightContext(children);
    ahpWeights.weight({ judgements: {} }, ctx);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "ahp-no-judgements" });
  });

  it("warns when the table has no RI for n", () => {
    const ids = Array.from({ length: 11 }, (_, i) => `c${i}`);
    const ctx = weightContext(Object.fromEntries(ids.map((id) => [id, [1]])));
    const ones = ids.map(() => ids.map(() => 1));
    ahpWeights.weight({ judgements: { parent: ones } }, ctx);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "warning", code: "ahp-no-random-index" });
  });
});

describe("hierarchyConsistencyRatio", () => {
  it("is Σ w·CI / Σ w·RI", () => {
    // (0.6 * 0.05 + 0.4 * 0.02) / (0.6 * 0.58 + 0.4 * 0.9) = 0.038 / 0.708
    expectRelative(
      [
        hierarchyConsistencyRatio([
          { weight: 0.6, ci: 0.05, ri: 0.58 },
          { weight: 0.4, ci: 0.02, ri: 0.9 },
        ]),
      ],
      [0.038 / 0.708],
    );
    expect(hierarchyConsistencyRatio([{ weight: 1, ci: 0, ri: 0 }])).toBeNaN();
  });
});

describe("ahp properties", () => {
  const positive = fc.double({ min: 0.1, max: 10, noNaN: true });
  it("a perfectly consistent matrix a_ij = v_i / v_j gives v normalised and CR = 0", () => {
    fc.assert(
      fc.property(
        fc.array(positive, { minLength: 3, maxLength: 9 }),
        fc.constantFrom("eigenvector", "arithmetic", "geometric"),
        (v, priority) => {
          const a = v.map((vi) => v.map((vj) => vi / vj));
          const r = ahpPriorities(a, { priority: priority as "eigenvector" });
          const total = v.reduce((s, x) => s + x, 0);
          v.forEach((vi, i) => {
            expect(Math.abs(r.weights[i]! - vi / total)).toBeLessThan(1e-12);
          });
          expect(Math.abs(r.cr)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("weights are non-negative, sum to 1, and follow a relabelling of the children", () => {
    const judgement = fc.constantFrom(
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
      1 / 2,
      1 / 3,
      1 / 4,
      1 / 5,
      1 / 6,
      1 / 7,
      1 / 8,
      1 / 9,
    );
    fc.assert(
      fc.property(fc.array(judgement, { minLength: 6, maxLength: 6 }), (upper) => {
        const n = 4;
        const a = Array.from({ length: n }, () => new Array<number>(n).fill(1));
        let k = 0;
        for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++) {
            a[i]![j] = upper[k]!;
            a[j]![i] = 1 / upper[k++]!;
          }
        }
        const w = ahpPriorities(a).weights;
        expect(Math.abs(w.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-12);
        expect(w.every((x) => x > 0)).toBe(true);
        const perm = [2, 0, 3, 1];
        const b = perm.map((i) => perm.map((j) => a[i]![j]!));
        const wb = ahpPriorities(b).weights;
        perm.forEach((i, k2) => {
          expect(Math.abs(wb[k2]! - w[i]!)).toBeLessThan(1e-12);
        });
      }),
      { numRuns: 60 },
    );
  });
});

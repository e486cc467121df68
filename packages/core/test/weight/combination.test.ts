import { combinationWeights, combineWeights, gameTheoryCombination } from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weightContext } from "../helpers/context.js";
import { expectRelative } from "./golden.js";

/*
 * Golden values: R 4.2.2, base R only. w_s is the AHP group result of ahp.test.ts, w_o the entropy weights
 * (zero handling) of X in entropy.test.ts.
 *
 * ws <- c(0.63343088498150302, 0.25137721329219648, 0.11519190172630049)
 * wo <- c(0.50031757697366586, 0.19204891219335526, 0.30763351083297885)
 * 0.4 * ws + 0.6 * wo        # 0.55356290017680077 0.21578023263289176 0.23065686719030751
 * m <- ws * wo; m / sum(m)    # 0.79104519239265081 0.12050194555384917 0.088452862053500003
 * s <- sqrt(ws * wo); s / sum(s)  # 0.57981447712088741 0.22630045989857353 0.19388506298053915
 * U <- rbind(ws, wo); M <- U %*% t(U); al <- solve(M, diag(M))   # 1.3437984588686673 -0.40993060396398756
 * as <- abs(al) / sum(abs(al))   # 0.76625203251073437 0.23374796748926555
 * as[1] * ws + as[2] * wo        # 0.60231591978889842 0.23750934349575117 0.16017473671535029
 */
const ws = [0.63343088498150302, 0.25137721329219648, 0.11519190172630049];
const X = { a: [0, 0.25, 0.5, 0.75, 1], b: [0.2, 0.9, 0.4, 1, 0.6], c: [1, 0.8, 0.1, 0.3, 0.5] };

describe("combination against R", () => {
  it("linear with α = 0.4", () => {
    const w = combinationWeights.weight({ rule: "linear", alpha: 0.4 }, weightContext(X, { current: ws }));
    expectRelative(w, [0.55356290017680077, 0.21578023263289176, 0.23065686719030751]);
  });

  it("multiplicative", () => {
    const w = combinationWeights.weight({ rule: "multiplicative" }, weightContext(X, { current: ws }));
    expectRelative(w, [0.79104519239265081, 0.12050194555384917, 0.088452862053500003]);
  });

  it("minimum information", () => {
    const w = combinationWeights.weight({ rule: "minimum-information" }, weightContext(X, { current: ws }));
    expectRelative(w, [0.57981447712088741, 0.22630045989857353, 0.19388506298053915]);
  });

  it("game theory, auditing α", () => {
    const ctx = weightContext(X, { current: ws });
    const w = combinationWeights.weight({ rule: "game-theory", objective: "entropy" }, ctx);
    expectRelative(w, [0.60231591978889842, 0.23750934349575117, 0.16017473671535029]);
    const details = ctx.collected.audit.find((a) => a.action === "combination")!.details as {
      coefficients: number[];
      solution: number[];
    };
    expectRelative(details.solution, [1.3437984588686673, -0.40993060396398756]);
    expectRelative(details.coefficients, [0.76625203251073437, 0.23374796748926555]);
  });

  it("subjective weights are normalised first (spec weights need not sum to 1)", () => {
    const w = combinationWeights.weight(
      { rule: "multiplicative" },
      weightContext(X, { current: ws.map((v) => v * 7) }),
    );
    expectRelative(w, [0.79104519239265081, 0.12050194555384917, 0.088452862053500003]);
  });
});

describe("combination: bad input", () => {
  it("rejects options the objective method does not take", () => {
    const ctx = weightContext(X, { current: ws });
    combinationWeights.weight({ objective: "critic", objectiveOptions: { zeros: "shift" } }, ctx);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "combination-bad-options" });
  });

  it("keeps the current weights when the objective method fails", () => {
    const ctx = weightContext({ a: [1, -1, 2], b: [1, 2, 3] }, { current: [3, 1] });
    const w = combinationWeights.weight({}, ctx);
    expect(Array.from(w)).toEqual([3, 1]);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "error", code: "entropy-negative" });
  });

  it("game theory with identical vectors returns them", () => {
    const r = combineWeights([0.5, 0.3, 0.2], [0.5, 0.3, 0.2], "game-theory");
    expectRelative(r.weights, [0.5, 0.3, 0.2]);
    expect(gameTheoryCombination([Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5)])).toBeNull();
  });
});

describe("combination properties", () => {
  const simplex = fc
    .array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 })
    .map((v) => {
      const s = v.reduce((a, x) => a + x, 0);
      return v.map((x) => x / s);
    });
  it("every rule gives non-negative weights summing to 1, equivariant under relabelling", () => {
    fc.assert(
      fc.property(
        simplex,
        simplex,
        fc.constantFrom("linear", "multiplicative", "minimum-information", "game-theory"),
        (s, o, rule) => {
          const r = combineWeights(s, o, rule as "linear").weights;
          expect(Math.abs(r.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-12);
          expect(r.every((v) => v >= 0)).toBe(true);
          const perm = [3, 1, 0, 2];
          const rp = combineWeights(
            perm.map((i) => s[i]!),
            perm.map((i) => o[i]!),
            rule as "linear",
          ).weights;
          perm.forEach((i, k) => {
            expect(Math.abs(rp[k]! - r[i]!)).toBeLessThan(1e-9);
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

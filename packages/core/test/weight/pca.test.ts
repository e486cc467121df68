import { type PcaWeightsOptions, pcaWeights } from "@cityindex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, weightContext } from "../helpers/context.js";
import { readReferenceRecords, rNumber } from "../helpers/reference.js";

/*
 * Golden values: R 4.2.2 on the ASEM normalised data set of COINr (dset_Normalised.csv, pillars from
 * lineage.csv, indicators in lineage order), run in ../shared/reference/coinr-asem/pipeline:
 *
 * d <- read.csv("dset_Normalised.csv"); lin <- read.csv("lineage.csv")
 * pcaw <- function(x, m) {
 *   p <- prcomp(x, center = TRUE, scale. = TRUE)
 *   w1 <- p$rotation[, 1]^2
 *   L <- p$rotation[, 1:m, drop = FALSE] %*% diag(p$sdev[1:m], m)
 *   rv <- unclass(varimax(L, normalize = TRUE, eps = 1e-5)$loadings)
 *   ev <- colSums(rv^2)
 *   f <- apply(abs(rv), 1, which.max)
 *   w <- rv[cbind(seq_len(nrow(rv)), f)]^2 / ev[f] * (ev[f] / sum(ev))
 *   list(eig = p$sdev^2, first = w1, rotsq = rv^2, oecd = w / sum(w), f = f)
 * }
 * x <- d[, lin$Indicator[lin$Pillar == "Physical"]]; pcaw(x, 3)   # eigenvalues > 1: 3
 * x <- d[, lin$Indicator[lin$Pillar == "ConEcFin"]]; pcaw(x, 2)   # eigenvalues > 1: 2
 * x <- d[, lin$Indicator[lin$Pillar == "Social"]]; pcaw(x, 2)     # cumulative variance >= 0.6: 2
 * x <- d[, lin$Indicator[lin$Pillar == "Physical"]]; x[3, 1] <- NA; x[10, 5] <- NA; pcaw(na.omit(x), 3)
 *
 * Output (sprintf("%.17g")), rotsq column by column:
 */
const R = {
  Physical: {
    eig: [
      2.9012596856112673, 1.5035002762624858, 1.1708625304993383, 0.83162329606114804, 0.64169820490273055,
      0.40089278766173997, 0.34487518639342268, 0.20528803260786596,
    ],
    first: [
      0.16802518906608949, 0.12001950041370696, 0.23196859145325557, 0.11889438891057652, 0.14995364620950699,
      0.010658211198859589, 0.20046296139499051, 1.7511353014536713e-5,
    ],
    rotsq: [
      0.22360991045497747, 0.36550053401776167, 0.69542503282070522, 0.11486115459413129, 0.39651367437550772,
      0.0054660649092450444, 0.77588636014058776, 0.10761547054879779, 0.3795298237178773,
      0.00023796258281694223, 0.038822161678656812, 0.64689983266869544, 0.021744746573633494,
      3.1854134047150486e-5, 0.0124034788690278, 0.5971373044966698, 0.085305692051367857,
      0.057379266671914453, 0.033855332663767043, 0.043923861538523089, 0.04642549338710085,
      0.91849201387772206, 0.0041094374941774937, 0.0044460281053856441,
    ],
    oecd: [
      0.079476284615091833, 0.076538450085432322, 0.14562702160134491, 0.13546549442409675,
      0.083032825535916621, 0.19233885758052544, 0.16247620432943688, 0.12504486182815525,
    ],
    factor: [2, 1, 1, 2, 1, 3, 1, 2],
  },
  ConEcFin: {
    first: [
      0.11213325283919078, 0.15911678068907154, 0.22997058953354271, 0.14524312050277907, 0.35353625643541503,
    ],
    oecd: [
      0.12024787704307092, 0.2722892398756539, 0.16460161087551289, 0.20760953271089153, 0.2352517394948708,
    ],
  },
  Social: {
    first: [
      0.16051360928211575, 0.072823422093094267, 0.14879305635022572, 0.13347102761996699,
      0.075676212333329218, 0.082052430969793005, 0.1137846954027303, 0.11121063910058909, 0.1016749068481559,
    ],
    oecd: [
      0.15889243249148813, 0.11985042837012926, 0.12985538433716701, 0.12251490693682741,
      0.060848694020606997, 0.1398137239326053, 0.10806477685034913, 0.1002217612741224, 0.059937891786704389,
    ],
  },
  PhysicalNA: {
    first: [
      0.16525711272018262, 0.11359858894724308, 0.23253813099032888, 0.13131653746879884, 0.16103998926913723,
      0.0026068661485592385, 0.19357093581283299, 7.183864291732181e-5,
    ],
    oecd: [
      0.11001627474856197, 0.079925460254864911, 0.13566573387076131, 0.14006549833907891,
      0.084138636508910472, 0.18287235972320109, 0.15988230203437032, 0.10743373452025097,
    ],
  },
};

const normalised = readReferenceRecords("pipeline/dset_Normalised.csv");
const lineage = readReferenceRecords("pipeline/lineage.csv");

/** The indicators of one ASEM pillar (lineage order) as children, units in file order. */
function pillar(name: string): Record<string, number[]> {
  const codes = lineage.filter((r) => r.Pillar === name).map((r) => r.Indicator!);
  return Object.fromEntries(codes.map((c) => [c, normalised.map((r) => rNumber(r[c]!))]));
}

const defaults: PcaWeightsOptions = {
  method: "first-component",
  retain: "eigenvalue",
  minEigenvalue: 1,
  minCumulativeVariance: 0.6,
  periods: "last",
};

describe("pca weights", () => {
  it("first component matches R prcomp on the ASEM Physical pillar", () => {
    const ctx = weightContext(pillar("Physical"));
    expectClose(pcaWeights.weight(defaults, ctx), R.Physical.first, 1e-9);
    expectClose(ctx.collected.audit[0]!.details!.eigenvalues as number[], R.Physical.eig, 1e-9);
    expect(ctx.collected.issues).toEqual([]);
  });

  it("oecd matches R prcomp + varimax on the ASEM Physical pillar (3 factors)", () => {
    const ctx = weightContext(pillar("Physical"));
    expectClose(pcaWeights.weight({ ...defaults, method: "oecd" }, ctx), R.Physical.oecd, 1e-9);
    const details = ctx.collected.audit[0]!.details!;
    expect(details.retained).toBe(3);
    expect(Object.values(details.factorOf as Record<string, number>)).toEqual(R.Physical.factor);
    // rotated loadings, squared (sign-invariant), R's column-major order
    const rotated = Object.values(details.rotatedLoadings as Record<string, number[]>);
    const squares = [0, 1, 2].flatMap((f) => rotated.map((row) => row[f]! ** 2));
    expectClose(squares, R.Physical.rotsq, 1e-9);
  });

  it("matches R on ConEcFin (2 factors) and Social (cumulative variance 0.6)", () => {
    expectClose(pcaWeights.weight(defaults, weightContext(pillar("ConEcFin"))), R.ConEcFin.first, 1e-9);
    expectClose(
      pcaWeights.weight({ ...defaults, method: "oecd" }, weightContext(pillar("ConEcFin"))),
      R.ConEcFin.oecd,
      1e-9,
    );
    expectClose(pcaWeights.weight(defaults, weightContext(pillar("Social"))), R.Social.first, 1e-9);
    const ctx = weightContext(pillar("Social"));
    expectClose(
      pcaWeights.weight({ ...defaults, method: "oecd", retain: "cumulative-variance" }, ctx),
      R.Social.oecd,
      1e-9,
    );
    expect(ctx.collected.audit[0]!.details!.retained).toBe(2);
  });

  it("drops incomplete units as R's na.omit does, and reports them", () => {
    const data = pillar("Physical");
    const ids = Object.keys(data);
    data[ids[0]!]![2] = Number.NaN;
    data[ids[4]!]![9] = Number.NaN;
    const ctx = weightContext(data);
    expectClose(pcaWeights.weight(defaults, ctx), R.PhysicalNA.first, 1e-9);
    expectClose(pcaWeights.weight({ ...defaults, method: "oecd" }, ctx), R.PhysicalNA.oecd, 1e-9);
    expect(ctx.collected.issues[0]).toMatchObject({ severity: "warning", code: "incomplete-units" });
    expect(ctx.collected.issues[0]!.message).toContain("dropped 2 unit(s)");
    expect(ctx.collected.issues[0]!.message).toContain("`u3`, `u10`");
  });

  it("by hand: two perfectly correlated children and an independent third", () => {
    // a = b, c orthogonal to both: R = [[1,1,0],[1,1,0],[0,0,1]], eigenvalues 2, 1, 0;
    // PC1 = (1, 1, 0)/√2 → squared loadings 0.5, 0.5, 0
    const a = [1, 2, 3, 4];
    const c = [1, -1, -1, 1]; // centred, and orthogonal to the centred a
    expectClose(pcaWeights.weight(defaults, weightContext({ a, b: a, c })), [0.5, 0.5, 0], 1e-12);
  });

  it("reports a child without variance and a child without data", () => {
    const ctx = weightContext({ a: [1, 2, 3], b: [4, 4, 4] });
    expect(Array.from(pcaWeights.weight(defaults, ctx))).toEqual([1, 1]);
    expect(ctx.collected.issues).toEqual([
      expect.objectContaining({ severity: "error", code: "zero-variance" }),
    ]);
    const few = weightContext({ a: [1, 2, Number.NaN], b: [4, 5, 6] });
    pcaWeights.weight(defaults, few);
    expect(few.collected.issues.map((i) => i.code)).toEqual(["incomplete-units", "too-few-units"]);
  });

  it("property: non-negative weights summing to one, invariant to unit order", () => {
    const column = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(column, { minLength: 2, maxLength: 5 }), fc.boolean(), (cols, oecd) => {
        const children = Object.fromEntries(cols.map((c, j) => [`c${j}`, c]));
        const options = { ...defaults, method: oecd ? ("oecd" as const) : ("first-component" as const) };
        const ctx = weightContext(children);
        const w = pcaWeights.weight(options, ctx);
        if (ctx.collected.issues.length > 0) return; // a constant child: reported
        // (nearly) repeated eigenvalues leave the components, hence the weights, indeterminate
        const eig = ctx.collected.audit[0]!.details!.eigenvalues as number[];
        if (eig.some((v, i) => i > 0 && eig[i - 1]! - v < 1e-6) || eig.some((v) => Math.abs(v - 1) < 1e-6))
          return;
        expect(w.every((v) => v >= 0)).toBe(true);
        expect(Math.abs(w.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
        const reversed = Object.fromEntries(cols.map((c, j) => [`c${j}`, [...c].reverse()]));
        expectClose(pcaWeights.weight(options, weightContext(reversed)), w, 1e-7);
      }),
      { seed: 20240601, numRuns: 100 },
    );
  });
});

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Analysis,
  analyse,
  buildIndex,
  compareWithBenchmarks,
  correlationRatio,
  type IndexResult,
  type Observation,
  unitProfile,
} from "@cityindex/core";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { importedAsem, readReferenceRecords, referenceObservations, rNumber } from "../helpers/reference.js";

// The audit on COINr's ASEM example, against base R 4.2.2. The expected values come from r/audit-asem.R (run
// from this folder: `Rscript r/audit-asem.R <shared>/reference/coinr-asem`), which writes each statistic out as
// COINr defines it:
//   skew2 <- function(x) { x <- x[!is.na(x)]; n <- length(x); d <- x - mean(x)
//     (sqrt(n) * sum(d^3) / sum(d^2)^1.5) * sqrt(n * (n - 1)) / (n - 2) }
//   kurt2 <- function(x) { ...; g2 <- n * sum(d^4) / sum(d^2)^2 - 3; ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3)) }
//   stats: min, max, mean, median, sd, skew2, kurt2, counts of available, non-zero, unique values, max(table(x))
//   correlations: cor(child, parent, method = m, use = "pairwise.complete.obs") on dset_Aggregated
//   Cronbach: k / (k - 1) * (1 - sum(diag(cv)) / sum(cv)), cv <- cov(m, use = "pairwise.complete.obs")
// Data availability is compared with COINr's own get_data_avail output (pipeline/data_avail_raw_*.csv).
// Tolerance: 1e-9 relative.

const here = dirname(fileURLToPath(import.meta.url));
const fromR = (file: string): Record<string, string>[] =>
  parse(readFileSync(join(here, "r", file), "utf8"), { columns: true }) as Record<string, string>[];

function close(actual: number, expected: number, what: string): void {
  const ok = Number.isNaN(expected)
    ? Number.isNaN(actual)
    : Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  expect(ok, `${what}: ${actual} != ${expected}`).toBe(true);
}

/** The denominators' values (Area, Energy, GDP, Population) from COINr's iData, in period 2018. */
function denominatorObservations(): Observation[] {
  return readReferenceRecords("data/ASEM_iData.csv").flatMap((row) =>
    ["Area", "Energy", "GDP", "Population"].map((indicator) => ({
      unit: row.uCode!,
      indicator,
      period: "2018",
      value: Number.isNaN(rNumber(row[indicator]!)) ? null : rNumber(row[indicator]!),
    })),
  );
}

async function build(file: string, extra: Observation[] = []): Promise<IndexResult> {
  const { spec } = importedAsem();
  spec.pipeline = [
    { step: "normalise", method: "min-max", options: { range: [0, 100] } },
    { step: "aggregate", method: "arithmetic" },
  ];
  const { result, issues } = await buildIndex(spec, [...referenceObservations(file), ...extra]);
  expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  return result!;
}

describe("analyse on the COINr ASEM example", () => {
  let raw: IndexResult;
  let treated: IndexResult;
  let rawAudit: Analysis;
  let audit: Analysis;
  beforeAll(async () => {
    raw = await build("pipeline/dset_Raw.csv", denominatorObservations());
    treated = await build("pipeline/dset_Treated.csv");
    rawAudit = await analyse(raw, { removeLevels: [] });
    audit = await analyse(treated, { removeLevels: [2] });
  });

  it("indicator statistics match R on the Raw dataset", () => {
    const audit = rawAudit;
    const expected = fromR("asem-stats.csv");
    expect(audit.indicators.map((s) => s.indicator).sort()).toEqual(expected.map((e) => e.iCode).sort());
    for (const e of expected) {
      const s = audit.indicators.find((x) => x.indicator === e.iCode)!;
      close(s.min, Number(e.Min), `${e.iCode} min`);
      close(s.max, Number(e.Max), `${e.iCode} max`);
      close(s.mean, Number(e.Mean), `${e.iCode} mean`);
      close(s.median, Number(e.Median), `${e.iCode} median`);
      close(s.sd, Number(e.Std), `${e.iCode} sd`);
      close(s.skew, Number(e.Skew), `${e.iCode} skew`);
      close(s.kurtosis, Number(e.Kurt), `${e.iCode} kurtosis`);
      expect([s.available, s.nonZero, s.unique, s.same], e.iCode).toEqual([
        Number(e["N.Avail"]),
        Number(e["N.NonZero"]),
        Number(e["N.Unique"]),
        Number(e["N.Same"]),
      ]);
      expect(s.flags.includes("outliers")).toBe(Math.abs(Number(e.Skew)) > 2 && Number(e.Kurt) > 3.5);
    }
  });

  it("unit data availability matches COINr's get_data_avail", () => {
    const audit = rawAudit;
    const summary = readReferenceRecords("pipeline/data_avail_raw_summary.csv");
    const byGroup = readReferenceRecords("pipeline/data_avail_raw_bygroup.csv");
    expect(audit.units).toHaveLength(51);
    for (const row of summary) {
      const u = audit.units.find((x) => x.unit === row.uCode)!;
      expect([u.missing, u.zeros, u.missingOrZero], row.uCode).toEqual([
        Number(row.N_missing),
        Number(row.N_zero),
        Number(row.N_miss_or_zero),
      ]);
      close(u.share, Number(row.Dat_Avail), `${row.uCode} Dat_Avail`);
      close(u.shareNonZero, Number(row.Non_Zero), `${row.uCode} Non_Zero`);
    }
    for (const row of byGroup) {
      const u = audit.units.find((x) => x.unit === row.uCode)!;
      for (const [group, value] of Object.entries(row)) {
        if (group === "uCode") continue;
        close(u.byGroup[group]!, Number(value), `${row.uCode} ${group}`);
      }
    }
  });

  it("child–parent correlations match R's cor (Pearson, Spearman, Kendall) on the Aggregated dataset", async () => {
    const expected = fromR("asem-correlations.csv");
    expect(expected).toHaveLength(59);
    for (const method of ["pearson", "spearman", "kendall"] as const) {
      const audit = await analyse(treated, { correlation: method, removeLevels: [] });
      for (const e of expected) {
        const c = audit.correlations.withParents.find((x) => x.child === e.child && x.parent === e.parent)!;
        close(c.withParent, Number(e[method]), `${method} ${e.child}~${e.parent}`);
      }
    }
  });

  it("Cronbach's alpha of every node matches R", () => {
    for (const e of fromR("asem-cronbach.csv")) {
      close(audit.consistency.find((c) => c.node === e.node)!.alpha, Number(e.alpha), e.node!);
    }
  });

  it("effective weights are the products of normalised weights down the tree", () => {
    // ASEM: Index → 2 sub-indices (weights 1, 1) → 5 and 3 pillars (weights 1 each) → indicators (weights 1 each,
    // except as iMeta says). An indicator's effective weight = 1/2 · 1/(pillars of its sub-index) · w / Σ w.
    const total = audit.weights.filter((w) => w.level === 1).reduce((s, w) => s + w.effective, 0);
    close(total, 1, "indicator effective weights sum");
    const conn = audit.weights.find((w) => w.node === "Conn")!;
    expect(conn.effective).toBe(0.5);
    const lpi = audit.weights.find((w) => w.node === "LPI")!;
    const physical = treated.framework.nodes.get("Physical")!;
    const sum = physical.children.reduce((s, c) => s + treated.weights[c]!, 0);
    close(lpi.effective, 0.5 * (1 / 5) * (treated.weights.LPI! / sum), "LPI effective weight");
  });

  it("puts the flags a person can act on first", () => {
    const audit = rawAudit;
    expect(audit.flags.length).toBeGreaterThan(0);
    const firstInfo = audit.flags.findIndex((f) => f.severity === "info");
    if (firstInfo >= 0) expect(audit.flags.slice(firstInfo).every((f) => f.severity === "info")).toBe(true);
    const outliers = audit.flags.filter((f) => f.code === "outliers").map((f) => f.subjects[0]);
    expect(outliers).toEqual(
      audit.indicators.filter((s) => s.flags.includes("outliers")).map((s) => s.indicator),
    );
  });

  it("PCA of every node's children matches R's prcomp(center = TRUE, scale. = TRUE)", () => {
    const expected = fromR("asem-pca.csv");
    for (const e of expected) {
      const pc = audit.pca[e.node!]!;
      const i = pc.variables.indexOf(e.variable!);
      const c = expected.filter((x) => x.node === e.node).indexOf(e);
      expect(pc.unitsUsed).toBe(Number(e.units));
      close(pc.eigenvalues[c]!, Number(e.eigenvalue), `${e.node} eigenvalue ${c + 1}`);
      close(pc.loadings[i]![0]!, Number(e.pc1), `${e.node} ${e.variable} PC1`);
      // A component whose loadings sum to zero (two variables: (a, −a)) has no sign convention: compare magnitudes.
      const sum = pc.loadings.reduce((acc, row) => acc + row[1]!, 0);
      const pc2 = Math.abs(sum) < 1e-9 ? Math.abs(pc.loadings[i]![1]!) : pc.loadings[i]![1]!;
      close(
        pc2,
        Math.abs(sum) < 1e-9 ? Math.abs(Number(e.pc2)) : Number(e.pc2),
        `${e.node} ${e.variable} PC2`,
      );
    }
    const shares = audit.pca.Conn!.varianceShare;
    close(
      shares.reduce((a, b) => a + b, 0),
      1,
      "variance shares sum",
    );
  });

  it("importance (correlation ratio by a local linear smoother) matches the same estimator written in R", () => {
    for (const e of fromR("asem-importance.csv")) {
      const imp = audit.importance.find((x) => x.node === e.node)!;
      close(imp.ratio, Number(e.ratio), `${e.node} eta^2`);
    }
    const level2 = audit.importance.filter((x) => x.level === 2);
    close(
      level2.reduce((a, x) => a + x.share, 0),
      1,
      "level-2 importance shares",
    );
  });

  it("leaving each pillar out moves ranks, and the index without a pillar is rebuilt from the raw data", async () => {
    const [removal] = audit.removal;
    expect(removal!.level).toBe(2);
    expect(removal!.elements.map((e) => e.element)).toEqual(
      treated.framework.order.filter((n) => n.level === 2).map((n) => n.id),
    );
    for (const e of removal!.elements) {
      expect(e.skipped).toBeUndefined();
      expect(Object.keys(e.ranks)).toHaveLength(51);
      expect(e.meanAbsoluteRankShift).toBeGreaterThan(0);
    }
    // By hand for one pillar: rebuild without it and average the absolute rank shifts ourselves.
    const e = removal!.elements.find((x) => x.element === "Environ")!;
    const nominal = treated.ranks.slice("Index", 0);
    const manual = treated.units.reduce((acc, u, i) => acc + Math.abs(e.ranks[u]! - nominal[i]!), 0) / 51;
    close(e.meanAbsoluteRankShift, manual, "mean absolute rank shift");
  });

  it("compares the index with an external ranking", () => {
    // The benchmark is the index's own Conn sub-index: agreement is the Conn–Index rank correlation.
    const conn = treated.scores.slice("Conn", 0);
    const values = Object.fromEntries(treated.units.map((u, i) => [u, conn[i]!]));
    const [b] = compareWithBenchmarks(treated, [{ name: "Conn", values, kind: "score" }]);
    const r = fromR("asem-correlations.csv").find((x) => x.child === "Conn" && x.parent === "Index")!;
    close(b!.spearman, Number(r.spearman), "Spearman with the benchmark");
    close(b!.kendall, Number(r.kendall), "Kendall with the benchmark");
    expect(b!.units).toBe(51);
    expect(Math.abs(b!.disagreements[0]!.difference)).toBeGreaterThanOrEqual(
      Math.abs(b!.disagreements[50]!.difference),
    );
  });

  it("profiles a unit: every level, strengths and weaknesses by rank, peers around its index rank", () => {
    const p = unitProfile(treated, "AUT");
    expect(p.nodes).toHaveLength(49 + 8 + 2 + 1);
    expect(p.strengths).toHaveLength(5);
    expect(p.strengths[0]!.rank).toBeLessThanOrEqual(p.strengths[4]!.rank);
    expect(p.weaknesses[0]!.rank).toBeGreaterThanOrEqual(p.weaknesses[4]!.rank);
    const own = p.nodes.find((n) => n.node === "Index")!.rank;
    for (const peer of p.peers) expect(Math.abs(peer.rank - own)).toBeLessThanOrEqual(2);
    expect(audit.profiles).toHaveLength(51);
  });

  it("correlations with the denominators match R (COINr get_denom_corr, unrounded)", () => {
    const expected = fromR("asem-denominators.csv");
    const dens = new Set(expected.map((e) => e.denominator));
    expect(new Set(rawAudit.denominators.map((d) => d.denominator))).toEqual(dens);
    for (const e of expected) {
      const d = rawAudit.denominators.find(
        (x) => x.indicator === e.indicator && x.denominator === e.denominator,
      )!;
      close(d.r, Number(e.r), `${e.indicator} ~ ${e.denominator}`);
    }
    const goods = rawAudit.denominators.find((x) => x.indicator === "Goods" && x.denominator === "GDP")!;
    expect(goods.denominated).toBe(true);
  });

  it("attaches p-values on request", async () => {
    const withP = await analyse(treated, { pValues: true, removeLevels: [] });
    const c = withP.correlations.withParents.find((x) => x.child === "Conn")!;
    expect(c.pWithParent).toBeGreaterThanOrEqual(0);
    expect(c.pWithParent).toBeLessThan(1e-6);
    expect(audit.correlations.withParents[0]!.pWithParent).toBeUndefined();
  });

  it("suggests root weights whose importance matches the intended shares, and they do", () => {
    const iw = audit.intendedWeights!;
    expect(iw.node).toBe("Index");
    expect(iw.converged).toBe(true);
    expect(iw.children.map((c) => c.child)).toEqual(["Conn", "Sust"]);
    // Check independently: aggregate the index with the suggested weights and measure importance again.
    const conn = treated.scores.slice("Conn", 0);
    const sust = treated.scores.slice("Sust", 0);
    const [wc, ws] = iw.children.map((c) => c.suggested) as [number, number];
    const index = conn.map((v, u) => (wc * v + ws * sust[u]!) / (wc + ws));
    const rc = correlationRatio(conn, index).ratio;
    const rs = correlationRatio(sust, index).ratio;
    expect(Math.abs(rc / (rc + rs) - 0.5)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(wc + ws - 1)).toBeLessThan(1e-12);
  });
});

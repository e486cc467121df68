import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyse, buildIndex, coinrToSpec, type IndexResult, type Observation } from "@cityindex/core";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readReferenceCsv, readReferenceRecords, rNumber } from "../helpers/reference.js";

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

function observationsOf(file: string): Observation[] {
  const { header, rows } = readReferenceCsv(file);
  return rows.flatMap((r) =>
    header.slice(1).map((indicator, j) => {
      const v = rNumber(r[j + 1]!);
      return { unit: r[0]!, indicator, period: "2018", value: Number.isNaN(v) ? null : v };
    }),
  );
}

async function build(file: string): Promise<IndexResult> {
  const imported = coinrToSpec(
    readReferenceRecords("data/ASEM_iData.csv"),
    readReferenceRecords("data/ASEM_iMeta.csv"),
    {
      id: "asem",
    },
  );
  const spec = imported.spec!;
  spec.pipeline = [
    { step: "normalise", method: "min-max", options: { range: [0, 100] } },
    { step: "aggregate", method: "arithmetic" },
  ];
  const { result, issues } = await buildIndex(spec, observationsOf(file));
  expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  return result!;
}

describe("analyse on the COINr ASEM example", () => {
  let raw: IndexResult;
  let treated: IndexResult;
  beforeAll(async () => {
    raw = await build("pipeline/dset_Raw.csv");
    treated = await build("pipeline/dset_Treated.csv");
  });

  it("indicator statistics match R on the Raw dataset", () => {
    const audit = analyse(raw);
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
    const audit = analyse(raw);
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

  it("child–parent correlations match R's cor (Pearson, Spearman, Kendall) on the Aggregated dataset", () => {
    const expected = fromR("asem-correlations.csv");
    expect(expected).toHaveLength(59);
    for (const method of ["pearson", "spearman", "kendall"] as const) {
      const audit = analyse(treated, { correlation: method });
      for (const e of expected) {
        const c = audit.correlations.withParents.find((x) => x.child === e.child && x.parent === e.parent)!;
        close(c.withParent, Number(e[method]), `${method} ${e.child}~${e.parent}`);
      }
    }
  });

  it("Cronbach's alpha of every node matches R", () => {
    const audit = analyse(treated);
    for (const e of fromR("asem-cronbach.csv")) {
      close(audit.consistency.find((c) => c.node === e.node)!.alpha, Number(e.alpha), e.node!);
    }
  });

  it("effective weights are the products of normalised weights down the tree", () => {
    const audit = analyse(treated);
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
    const audit = analyse(raw);
    expect(audit.flags.length).toBeGreaterThan(0);
    const firstInfo = audit.flags.findIndex((f) => f.severity === "info");
    if (firstInfo >= 0) expect(audit.flags.slice(firstInfo).every((f) => f.severity === "info")).toBe(true);
    const outliers = audit.flags.filter((f) => f.code === "outliers").map((f) => f.subjects[0]);
    expect(outliers).toEqual(
      audit.indicators.filter((s) => s.flags.includes("outliers")).map((s) => s.indicator),
    );
  });
});

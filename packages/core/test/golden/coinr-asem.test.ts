import { buildIndex } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import {
  compareWithReference,
  importedAsem,
  readReferenceCsv,
  referenceObservations,
} from "../helpers/reference.js";

// Golden tests against COINr 1.1.14 (R 4.2.2) on its ASEM example, files in ../shared/reference/coinr-asem.
// The example coin is built in R by:
//   coin <- new_coin(ASEM_iData, ASEM_iMeta, level_names = c("Indicator","Pillar","Sub-index","Index"))
//   coin <- Denominate(coin, dset = "Raw")
//   coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")
//   coin <- Screen(coin, dset = "Imputed", dat_thresh = 0.9, unit_screen = "byNA")  # removes nobody
//   coin <- Treat(coin, dset = "Screened", global_specs = list(f1_para = list(winmax = 5)))
//   coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0,100))))
//   coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
// Tolerance: |actual − expected| <= 1e-9 · max(1, |expected|); missing must be missing.

describe("golden: COINr ASEM example coin", () => {
  it("denominate reproduces dset_Denominated and group-mean imputation reproduces dset_Imputed", async () => {
    const { spec, observations } = importedAsem();
    spec.pipeline = [
      { step: "denominate", method: "divide" },
      { step: "impute", method: "group-mean", options: { group: "EurAsia_group" } },
      // every aggregate needs an aggregation step; it does not touch the two datasets compared here
      { step: "aggregate", method: "arithmetic" },
    ];
    const { result, issues } = await buildIndex(spec, observations);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const denominated = result!.datasets.find((d) => d.name === "Denominated")!.data;
    const imputed = result!.datasets.find((d) => d.name === "Imputed")!.data;
    expect(compareWithReference(denominated, "pipeline/dset_Denominated.csv")).toBe(51 * 49);
    expect(compareWithReference(imputed, "pipeline/dset_Imputed.csv")).toBe(51 * 49);
    // Every missing cell of COINr's Denominated (63 from Raw and those with a missing denominator) is imputed
    // and recorded in the audit.
    const missing = readReferenceCsv("pipeline/dset_Denominated.csv")
      .rows.flatMap((r) => r.slice(1))
      .filter((v) => v === "NA");
    expect(missing).toHaveLength(65);
    // one entry per indicator and period, listing the units it filled
    const filled = result!.audit
      .filter((a) => a.action === "imputed")
      .flatMap((a) => (a.details as { units: string[] }).units.map((u) => `${u}/${a.node}`));
    expect(filled).toHaveLength(missing.length);
    expect(new Set(filled).size).toBe(missing.length);
  });

  it("min-max [0, 100] and the weighted arithmetic mean reproduce dset_Normalised and dset_Aggregated from dset_Treated", async () => {
    const { spec } = importedAsem();
    spec.pipeline = [
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ];
    const { result, issues } = await buildIndex(spec, referenceObservations("pipeline/dset_Treated.csv"));
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const normalised = result!.datasets.find((d) => d.name === "Normalised")!.data;
    expect(compareWithReference(normalised, "pipeline/dset_Normalised.csv")).toBe(51 * 49);
    expect(compareWithReference(result!.scores, "pipeline/dset_Aggregated.csv")).toBe(51 * (49 + 8 + 2 + 1));
  });

  it("ranks every level as COINr's get_results (min ties)", async () => {
    const { spec } = importedAsem();
    spec.pipeline = [
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ];
    const { result } = await buildIndex(spec, referenceObservations("pipeline/dset_Treated.csv"));
    expect(compareWithReference(result!.ranks, "results/results_full_ranks.csv")).toBeGreaterThan(51 * 49);
  });
});

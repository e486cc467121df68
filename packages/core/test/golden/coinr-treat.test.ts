import { buildIndex } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import {
  compareWithReference,
  importedAsem,
  readReferenceCsv,
  referenceObservations,
} from "../helpers/reference.js";

// Golden tests of the treatment stage against COINr 1.1.14 (R 4.2.2) on its ASEM example, files in
// ../shared/reference/coinr-asem. The example coin is built in R by:
//   coin <- new_coin(ASEM_iData, ASEM_iMeta, level_names = c("Indicator","Pillar","Sub-index","Index"))
//   coin <- Denominate(coin, dset = "Raw")
//   coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")
//   coin <- Screen(coin, dset = "Imputed", dat_thresh = 0.9, unit_screen = "byNA")  # removes nobody
//   coin <- Treat(coin, dset = "Screened", global_specs = list(f1_para = list(winmax = 5)))
//   coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0,100))))
//   coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
// Treat's defaults: f1 = "winsorise" (skew_thresh 2, kurt_thresh 3.5), f2 = "log_CT" on the original values
// (combine_treat = FALSE), f_pass = "check_SkewKurt".
// Tolerance: |actual − expected| <= 1e-9 · max(1, |expected|); missing must be missing.

/** The cells where two reference datasets differ, as `unit/indicator`. */
function changedCells(fromFile: string, toFile: string): Set<string> {
  const from = readReferenceCsv(fromFile);
  const to = readReferenceCsv(toFile);
  const out = new Set<string>();
  const toRows = new Map(to.rows.map((r) => [r[0]!, r]));
  for (const r of from.rows) {
    for (let j = 1; j < from.header.length; j++) {
      const k = to.header.indexOf(from.header[j]!);
      if (r[j] !== toRows.get(r[0]!)![k]) out.add(`${r[0]}/${from.header[j]}`);
    }
  }
  return out;
}

describe("golden: COINr Treat on the ASEM example coin", () => {
  it("winsorise (winmax 5, log_CT fallback) reproduces dset_Treated from dset_Screened", async () => {
    const { spec } = importedAsem();
    spec.pipeline = [
      { step: "treat", method: "winsorise", options: { winmax: 5 } },
      { step: "aggregate", method: "arithmetic" },
    ];
    const { result, issues } = await buildIndex(spec, referenceObservations("pipeline/dset_Screened.csv"));
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const treated = result!.datasets.find((d) => d.name === "Treated")!.data;
    expect(compareWithReference(treated, "pipeline/dset_Treated.csv")).toBe(51 * 49);

    // The winsorised cells in the audit are exactly the cells COINr changed in indicators that were not
    // log-transformed.
    const transformed = new Set(result!.audit.filter((a) => a.action === "transformed").map((a) => a.node));
    const changed = changedCells("pipeline/dset_Screened.csv", "pipeline/dset_Treated.csv");
    const winsorisedByCoinr = [...changed].filter((c) => !transformed.has(c.split("/")[1]!)).sort();
    const winsorised = result!.audit.filter((a) => a.action === "winsorised");
    expect(winsorised.map((a) => `${a.unit}/${a.node}`).sort()).toEqual(winsorisedByCoinr);
    // One treatment summary per indicator.
    expect(result!.audit.filter((a) => a.action === "treatment")).toHaveLength(49);
  });

  it("builds the example coin from Raw: denominate → impute → screen → treat → normalise → aggregate", async () => {
    const { spec, observations } = importedAsem();
    spec.pipeline = [
      { step: "denominate", method: "divide" },
      { step: "impute", method: "group-mean", options: { group: "EurAsia_group" } },
      { step: "screen", method: "data-availability", options: { minAvailability: 0.9 } },
      { step: "treat", method: "winsorise", options: { winmax: 5 } },
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ];
    const { result, issues } = await buildIndex(spec, observations);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const dataset = (name: string) => result!.datasets.find((d) => d.name === name)?.data;
    expect(result!.units).toHaveLength(51);
    // Screening removes nobody, so the runner may keep no separate Screened dataset: it is then Imputed.
    expect(
      compareWithReference((dataset("Screened") ?? dataset("Imputed"))!, "pipeline/dset_Screened.csv"),
    ).toBe(51 * 49);
    expect(compareWithReference(dataset("Treated")!, "pipeline/dset_Treated.csv")).toBe(51 * 49);
    expect(compareWithReference(dataset("Normalised")!, "pipeline/dset_Normalised.csv")).toBe(51 * 49);
    expect(compareWithReference(result!.scores, "pipeline/dset_Aggregated.csv")).toBe(51 * (49 + 8 + 2 + 1));
  });
});

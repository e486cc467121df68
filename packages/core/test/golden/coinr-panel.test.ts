import { buildIndex, coinrToSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { GOLDEN_TOLERANCE, readReferenceCsv, readReferenceRecords, rNumber } from "../helpers/reference.js";

// Golden test of comparable scores over years against COINr 1.1.14 (R 4.2.2): its ASEM panel (ASEM_iData_p,
// 2018–2022) built as a purse, files in ../shared/reference/coinr-asem. In R:
//   purse <- new_coin(ASEM_iData_p, ASEM_iMeta, split_to = "all", quietly = TRUE)
//   purse <- Screen(purse, dset = "Raw", dat_thresh = 0.9, unit_screen = "byNA")   # per year
//   purse <- Treat(purse, dset = "Screened")                                         # per year, defaults
//   purse <- Normalise(purse, dset = "Treated", global = TRUE)                       # min-max [0, 100], all years
//   purse <- Aggregate(purse, dset = "Normalised")                                   # arithmetic mean
// The reference holds the 46 units each year kept by the screening: the same 46 every year (BGD, BRN, KHM, LAO
// and MMR fall below 90 % of the indicators every year). Here the whole panel is screened (a unit below 90 % in a
// year is left out), treated per year, normalised with goalposts over every year (`bounds: "all-periods"`) and
// aggregated.
// Tolerance: |actual − expected| <= 1e-9 · max(1, |expected|); missing must be missing.

describe("golden: COINr's ASEM purse, normalised with goalposts over every year", () => {
  it("reproduces purse_Aggregated_all_years: every indicator and aggregate of the 46 units of each year", async () => {
    const imported = coinrToSpec(
      readReferenceRecords("data/ASEM_iData_p.csv"),
      readReferenceRecords("data/ASEM_iMeta.csv"),
      { id: "asem-panel" },
    );
    expect(imported.issues.filter((i) => i.severity === "error")).toEqual([]);
    const expected = readReferenceCsv("pipeline/purse_Aggregated_all_years.csv");
    const kept = new Set(expected.rows.map((r) => `${r[1]}/${r[0]}`));
    expect(kept.size).toBe(46 * 5);
    const spec = imported.spec!;
    spec.pipeline = [
      { step: "screen", method: "data-availability", options: { minAvailability: 0.9 } },
      { step: "treat", method: "winsorise" },
      { step: "normalise", method: "min-max", options: { range: [0, 100], bounds: "all-periods" } },
      { step: "aggregate", method: "arithmetic" },
    ];
    const { result, issues } = await buildIndex(spec, imported.observations);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const r = result!;
    expect(r.periods).toEqual(["2018", "2019", "2020", "2021", "2022"]);
    // The screening leaves out the units COINr's leaves out, and no other.
    const excluded = r.accounting.units.filter((u) => u.status === "excluded").map((u) => u.id);
    expect(excluded.sort()).toEqual(["BGD", "BRN", "KHM", "LAO", "MMR"]);
    expect(r.units).toHaveLength(46);
    for (const row of expected.rows)
      expect(kept.has(`${row[1]}/${row[0]}`) && r.units.includes(row[1]!)).toBe(true);
    let compared = 0;
    for (const row of expected.rows) {
      const [period, unit] = [row[0]!, row[1]!];
      const u = r.units.indexOf(unit);
      const p = r.periods.indexOf(period);
      for (let j = 2; j < expected.header.length; j++) {
        const want = rNumber(row[j]!);
        const got = r.scores.get(expected.header[j]!, u, p);
        if (Number.isNaN(want)) expect(got, `${unit} ${period} ${expected.header[j]}`).toBeNaN();
        else {
          expect(
            Math.abs(got - want),
            `${unit} ${period} ${expected.header[j]}: ${got} against ${want}`,
          ).toBeLessThanOrEqual(GOLDEN_TOLERANCE * Math.max(1, Math.abs(want)));
        }
        compared++;
      }
    }
    expect(compared).toBe(46 * 5 * (49 + 8 + 2 + 1));
    // The normalisation's audit says which goalposts it used.
    const normalised = r.audit.filter((a) => a.action === "normalised");
    expect(normalised.length).toBeGreaterThan(0);
    expect(normalised.every((a) => (a.details as { bounds: string }).bounds === "all-periods")).toBe(true);
  });
});

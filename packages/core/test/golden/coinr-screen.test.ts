import { buildIndex, coinrToSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { readReferenceCsv, readReferenceRecords } from "../helpers/reference.js";

// COINr 1.1.14: Screen(coin, dset = "Raw", dat_thresh = 0.85, unit_screen = "byNA") on the ASEM coin removes
// BRN, LAO and MMR (../shared/reference/coinr-asem/pipeline/screen_removed_raw_dat0.85.txt); its summary
// (screen_summary_raw_dat0.85.csv) gives every unit's Dat_Avail and Non_Zero. With dat_thresh = 0.9 on the
// Imputed dataset nobody is removed (screen_summary_dat0.9.csv).

const iData = readReferenceRecords("data/ASEM_iData.csv");
const iMeta = readReferenceRecords("data/ASEM_iMeta.csv");

async function screenRaw(options: Record<string, unknown>) {
  const { spec, observations } = coinrToSpec(iData, iMeta, { id: "asem" });
  spec!.pipeline = [
    { step: "screen", method: "data-availability", options },
    { step: "aggregate", method: "arithmetic" },
  ];
  return buildIndex(spec!, observations);
}

describe("golden: COINr Screen on the ASEM raw data", () => {
  it("dat_thresh 0.85 excludes BRN, LAO and MMR, with COINr's availability and non-zero shares", async () => {
    const { result, issues } = await screenRaw({ minAvailability: 0.85 });
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const removed = readReferenceCsv("pipeline/screen_removed_raw_dat0.85.txt").header.concat(
      readReferenceCsv("pipeline/screen_removed_raw_dat0.85.txt").rows.flat(),
    );
    expect(removed).toEqual(["BRN", "LAO", "MMR"]);
    expect(result!.accounting.units.filter((u) => u.status === "excluded").map((u) => u.id)).toEqual(removed);
    expect(result!.units).toHaveLength(51 - 3);
    expect(result!.units).not.toContain("BRN");

    const summary = readReferenceRecords("pipeline/screen_summary_raw_dat0.85.csv");
    const audit = new Map(
      result!.audit
        .filter((a) => a.action === "screened")
        .map((a) => [a.unit, a.details as Record<string, number>]),
    );
    for (const row of summary) {
      const d = audit.get(row.uCode!)!;
      expect(d.missing, row.uCode).toBe(Number(row.N_missing));
      expect(d.zeros, row.uCode).toBe(Number(row.N_zero));
      expect(Math.abs(d.availability! - Number(row.Dat_Avail))).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(d.nonZero! - Number(row.Non_Zero))).toBeLessThanOrEqual(1e-12);
      expect(row.Included === "TRUE").toBe(!removed.includes(row.uCode!));
    }
  });

  it("keeps a forced unit and reports an unknown one", async () => {
    const kept = await screenRaw({ minAvailability: 0.85, keep: ["LAO"] });
    expect(kept.result!.accounting.units.filter((u) => u.status === "excluded").map((u) => u.id)).toEqual([
      "BRN",
      "MMR",
    ]);
    const unknown = await screenRaw({ minAvailability: 0.85, exclude: ["ATLANTIS"] });
    expect(unknown.issues.filter((i) => i.severity === "error").map((i) => i.message)).toEqual([
      "screening names unit `ATLANTIS`, which is not in the data",
    ]);
  });
});

import { analyse, buildIndex, InputError } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallData, smallSpec } from "../helpers/fixtures.js";

describe("analyse on bad input", () => {
  it("names an unknown period and an unknown dataset, with the ones the result has", async () => {
    const { result } = await buildIndex(smallSpec(), smallData());
    await expect(analyse(result!, { period: "1999", removeLevels: [] })).rejects.toThrow(
      new InputError("unknown-period", "analyse: no period `1999`; the result has `2024`"),
    );
    await expect(analyse(result!, { dataset: "Treated", removeLevels: [] })).rejects.toThrow(
      "analyse: no dataset `Treated`; the result has `Raw`, `Denominated`, `Imputed`, `Normalised`, `Aggregated`",
    );
  });

  it("accounts for every indicator and unit: one statistics row per indicator, one availability row per unit", async () => {
    const { result } = await buildIndex(smallSpec(), smallData());
    const audit = await analyse(result!, { removeLevels: [] });
    expect(audit.indicators.map((s) => s.indicator)).toEqual(["flights", "crime", "rating"]);
    expect(audit.units.map((u) => u.unit)).toEqual(["A", "B", "C", "D"]);
    // crime is missing for C: 3 of 4 units have it (75%), above the 65% threshold, so no availability flag.
    expect(audit.indicators[1]!.shareAvailable).toBe(0.75);
    expect(audit.indicators[1]!.flags).not.toContain("low-availability");
  });
});

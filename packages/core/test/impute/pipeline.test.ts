import { buildIndex, type Observation, type StepSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallData, smallSpec } from "../helpers/fixtures.js";

/** smallSpec with its imputation step replaced. */
function specWith(step: StepSpec) {
  const spec = smallSpec();
  spec.pipeline[1] = step;
  return spec;
}

/** smallData over 2022–2024, with C's crime 2 in 2022, missing in 2023 and 6 in 2024. */
function panelData(): Observation[] {
  const crimeC: Record<string, number | null> = { "2022": 2, "2023": null, "2024": 6 };
  return ["2022", "2023", "2024"].flatMap((period) =>
    smallData(period).map((o) =>
      o.indicator === "crime" && o.unit === "C" ? { ...o, value: crimeC[period]! } : o,
    ),
  );
}

async function imputed(step: StepSpec, data: Observation[]) {
  const { result, issues } = await buildIndex(specWith(step), data);
  if (!result) throw new Error(issues.map((i) => i.message).join("; "));
  const dataset = result.datasets.find((d) => d.name === "Imputed")!.data;
  const periods = [...new Set(data.map((o) => o.period))].sort();
  // crime of C (unit 2) in each period
  return { crimeC: periods.map((_, p) => dataset.get("crime", 2, p)), result, issues };
}

describe("the new imputation methods in buildIndex", () => {
  it("group-median fills C's crime from group t2 (B: 2)", async () => {
    const { crimeC, result } = await imputed(
      { step: "impute", method: "group-median", options: { group: "tier" } },
      smallData(),
    );
    expect(crimeC).toEqual([2]);
    expect(result.provenance.steps[1]).toMatchObject({ method: "group-median", options: { group: "tier" } });
  });

  it("row fills C's crime from its flights under dimA, normalised", async () => {
    // flights per pop 10, 5, 5, 8: C's z = 0; crime (direction −1) 1, 2, ., 3 → −3 + 0 · 2 = −3 → 3
    const { crimeC, result } = await imputed({ step: "impute", method: "row-mean" }, smallData());
    expect(crimeC).toEqual([3]);
    expect(result.provenance.steps[1]?.options).toEqual({ statistic: "mean", normaliseFirst: true });
    expect(result.audit.filter((a) => a.action === "imputed")).toEqual([
      expect.objectContaining({ method: "row-mean", unit: "C", node: "crime", after: 3 }),
    ]);
  });

  it("linear interpolates C's crime over the periods", async () => {
    // 2 (2022), . (2023), 6 (2024) → 4
    const { crimeC, result } = await imputed({ step: "impute", method: "linear" }, panelData());
    expect(crimeC).toEqual([2, 4, 6]);
    expect(result.provenance.steps[1]?.options).toEqual({ ends: "nearest", spacing: "calendar" });
  });

  it("last-observation carries C's 2022 crime into 2023", async () => {
    const { crimeC, result } = await imputed(
      { step: "impute", method: "locf", options: { maxGap: 1 } },
      panelData(),
    );
    expect(crimeC).toEqual([2, 2, 6]);
    expect(result.provenance.steps[1]?.options).toEqual({ maxGap: 1, backward: false });
  });

  it("none leaves C's crime missing and says so", async () => {
    const { crimeC, result, issues } = await imputed({ step: "impute", method: "none" }, smallData());
    expect(crimeC).toEqual([Number.NaN]);
    expect(issues).toEqual([]);
    expect(result.audit.filter((a) => a.method === "none")).toEqual([
      expect.objectContaining({
        action: "not-imputed",
        node: "crime",
        period: "2024",
        details: { missing: 1 },
        message: "left 1 missing value(s) of crime in 2024 missing (no imputation)",
      }),
    ]);
  });
});

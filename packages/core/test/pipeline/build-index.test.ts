import { buildIndex, longTable } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";
import { smallData, smallSpec } from "../helpers/fixtures.js";

describe("buildIndex on a small index worked by hand", () => {
  it("scores and ranks every node", async () => {
    const { result, issues } = await buildIndex(smallSpec(), smallData());
    expect(issues.filter((i) => i.severity !== "info")).toEqual([]);
    if (!result) throw new Error("no result");
    // flights per pop: 10, 5, 5, 8 -> min-max: 100, 0, 0, 60
    expectClose(result.scores.slice("flights", 0), [100, 0, 0, 60], 1e-12);
    // crime: C imputed with the mean of group t2 (B = 2) -> 1, 2, 2, 3; direction -1 -> 100, 50, 50, 0
    expectClose(result.scores.slice("crime", 0), [100, 50, 50, 0], 1e-12);
    // rating 4, 5, 3, 4 -> 50, 100, 0, 50
    expectClose(result.scores.slice("rating", 0), [50, 100, 0, 50], 1e-12);
    // dimA = mean(flights, crime) = 100, 25, 25, 30; dimB = rating
    expectClose(result.scores.slice("dimA", 0), [100, 25, 25, 30], 1e-12);
    // index = (1 * dimA + 3 * dimB) / 4 = 62.5, 81.25, 6.25, 45
    expectClose(result.scores.slice("index", 0), [62.5, 81.25, 6.25, 45], 1e-12);
    expect(Array.from(result.ranks.slice("index", 0))).toEqual([2, 1, 4, 3]);
    // rating ties A and D at 50: min ranks 2, 2
    expect(Array.from(result.ranks.slice("rating", 0))).toEqual([2, 1, 4, 2]);
  });

  it("keeps every dataset, the audit trail and the provenance", async () => {
    const { result } = await buildIndex(smallSpec(), smallData());
    if (!result) throw new Error("no result");
    expect(result.datasets.map((d) => d.name)).toEqual([
      "Raw",
      "Denominated",
      "Imputed",
      "Normalised",
      "Aggregated",
    ]);
    expect(result.datasets[0]!.data.get("crime", 2, 0)).toBeNaN();
    expect(result.datasets[2]!.data.get("crime", 2, 0)).toBe(2);
    const imputed = result.audit.filter((a) => a.action === "imputed");
    expect(imputed).toEqual([
      expect.objectContaining({
        step: 1,
        stage: "impute",
        method: "group-mean",
        unit: "C",
        node: "crime",
        before: null,
        after: 2,
      }),
    ]);
    expect(result.provenance.steps[2]).toEqual({
      index: 2,
      stage: "normalise",
      method: "min-max",
      plugin: "@cityindex/core",
      options: { range: [0, 100], bounds: "period" },
    });
    expect(result.provenance.ranking).toEqual({ ties: "min", direction: "descending" });
    expect(result.provenance.specHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.provenance.defaults.weights).toBe("as written in the spec (no weight step)");
    expect(result.provenance.sources).toEqual([
      { source: "unspecified", observations: 12, hashes: [], licences: [], illustrative: 0 },
    ]);
  });

  it("keeps only Raw and the final dataset with keep: final, and says so", async () => {
    const all = (await buildIndex(smallSpec(), smallData())).result!;
    const final = (await buildIndex(smallSpec(), smallData(), { keep: "final" })).result!;
    expect(final.datasets.map((d) => d.name)).toEqual(["Raw", "Aggregated"]);
    expect(final.provenance.datasets).toEqual({
      keep: "final",
      dropped: ["Denominated", "Imputed", "Normalised"],
    });
    expect(all.provenance.datasets).toEqual({ keep: "all", dropped: [] });
    for (const id of all.scores.ids) {
      expect(Array.from(final.scores.column(id))).toEqual(Array.from(all.scores.column(id)));
      expect(Array.from(final.ranks.column(id))).toEqual(Array.from(all.ranks.column(id)));
    }
  });

  it("gives the same hashes for the same spec and data, whatever the order", async () => {
    const a = (await buildIndex(smallSpec(), smallData())).result!;
    const b = (await buildIndex(smallSpec(), smallData().reverse())).result!;
    expect(b.provenance.dataHash).toBe(a.provenance.dataHash);
    expect(b.provenance.specHash).toBe(a.provenance.specHash);
    const changed = smallData();
    changed[0]!.value = 101;
    expect((await buildIndex(smallSpec(), changed)).result!.provenance.dataHash).not.toBe(
      a.provenance.dataHash,
    );
  });

  it("accounts for unknown units and indicators in the data", async () => {
    const data = [
      ...smallData(),
      { unit: "Z", indicator: "rating", period: "2024", value: 1 },
      { unit: "A", indicator: "mystery", period: "2024", value: 1 },
    ];
    const { result, issues } = await buildIndex(smallSpec(), data);
    expect(issues.map((i) => [i.severity, i.code, i.path])).toEqual([
      ["warning", "unknown-unit", "data/Z"],
      ["warning", "unknown-indicator", "data/*/mystery"],
    ]);
    expect(result!.accounting.units.find((u) => u.id === "Z")).toEqual({
      id: "Z",
      status: "ignored",
      reason: "not in the spec's units",
      observed: 1,
    });
    expect(result!.accounting.indicators.find((u) => u.id === "mystery")?.status).toBe("ignored");
  });

  it("writes the long table with a row for every node, unit and period", async () => {
    const { result } = await buildIndex(smallSpec(), [...smallData("2023"), ...smallData("2024")]);
    const rows = longTable(result!);
    expect(rows).toHaveLength(2 * 4 * 6);
    expect(rows[0]).toEqual({ unit: "B", period: "2023", node: "index", level: 3, score: 81.25, rank: 1 });
  });

  it("weights equally when asked and records the weights", async () => {
    const spec = smallSpec();
    spec.pipeline.splice(3, 0, { step: "weight", method: "equal" });
    const { result } = await buildIndex(spec, smallData());
    // index = (dimA + dimB) / 2 = 75, 62.5, 12.5, 40
    expectClose(result!.scores.slice("index", 0), [75, 62.5, 12.5, 40], 1e-12);
    expect(result!.weights.dimB).toBe(0.5);
  });
});

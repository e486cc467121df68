import { compareResults, InputError } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { threeYears, tinyIndex } from "./fixture.js";

/**
 * A second edition: 2021 and 2022, units A, B, C, E (no D), the dimension renamed `dim2`. index in 2022:
 * A 10 (r 3), B 30 (r 1), C 15 (r 2), E 2 (r 4).
 */
const secondEdition = () =>
  tinyIndex(
    {
      "2021": { A: [1, 1], B: [2, 2], C: [3, 3], E: [4, 4] },
      "2022": { A: [10, 10], B: [30, 30], C: [16, 14], E: [1, 3] },
    },
    "dim2",
  );

describe("compareResults", () => {
  it("compares the last shared period, listing units and nodes only one result has", async () => {
    const a = await tinyIndex(threeYears);
    const b = await secondEdition();
    const c = compareResults(a, b);
    expect(c.period).toBe("2022");
    expect(c.nodes).toEqual(["index"]);
    expect([c.nodesOnlyInA, c.nodesOnlyInB]).toEqual([["dim"], ["dim2"]]);
    expect([c.unitsOnlyInA, c.unitsOnlyInB]).toEqual([["D"], ["E"]]);
    // A's 2022: A 20 (r 1), B none, C 15 (r 2), D 2 (r 3).
    expect(
      c.rows.map((r) => [
        r.unit,
        r.scoreA,
        r.scoreB,
        r.scoreDifference,
        r.rankA,
        r.rankB,
        r.rankDifference,
        r.status,
      ]),
    ).toEqual([
      ["A", 20, 10, -10, 1, 3, -2, "both"],
      ["B", Number.NaN, 30, Number.NaN, Number.NaN, 1, Number.NaN, "only-b"],
      ["C", 15, 15, 0, 2, 2, 0, "both"],
      ["D", 2, Number.NaN, Number.NaN, 3, Number.NaN, Number.NaN, "only-a"],
      ["E", Number.NaN, 2, Number.NaN, Number.NaN, 4, Number.NaN, "only-b"],
    ]);
    // Both score A and C: A first in A, last in B: Spearman −1. Mean |rank difference| (2 + 0) / 2 = 1.
    expect(c.summary).toEqual([
      {
        node: "index",
        units: 2,
        spearman: -1,
        meanAbsoluteRankDifference: 1,
        largestMove: { unit: "A", rankDifference: -2 },
      },
    ]);
  });

  it("ranks again among the common units with ranks: common", async () => {
    const c = compareResults(await tinyIndex(threeYears), await secondEdition(), { ranks: "common" });
    // Among A and C: in A, A 1 and C 2; in B, C 1 and A 2. Both move one place; the tie goes to unit id A.
    expect(c.rows.filter((r) => r.status === "both").map((r) => [r.unit, r.rankA, r.rankB])).toEqual([
      ["A", 1, 2],
      ["C", 2, 1],
    ]);
    expect(c.summary[0]!.largestMove).toEqual({ unit: "A", rankDifference: -1 });
    expect(c.ranks).toBe("common");
  });

  it("takes a period and nodes both have", async () => {
    const a = await tinyIndex(threeYears);
    const c = compareResults(a, await secondEdition(), { period: "2021", nodes: ["x"] });
    // x in 2021: A 12, B 20, C 5 in A; A 1, B 2, C 3, E 4 in B. Ranks in A: B 1, A 2, C 3; in B (E counts, as
    // ranks are each result's own): E 1, C 2, B 3, A 4.
    expect(c.rows.map((r) => [r.unit, r.rankA, r.rankB, r.rankDifference])).toEqual([
      ["A", 2, 4, -2],
      ["B", 1, 3, -2],
      ["C", 3, 2, 1],
      ["D", 4, Number.NaN, Number.NaN],
      ["E", Number.NaN, 1, Number.NaN],
    ]);
    // Spearman over A, B, C: ranks (2, 1, 3) against (3, 2, 1): deviations (0, −1, 1) and (1, 0, −1),
    // Σ products −1, √(2 × 2) = 2: −0.5. Mean |rank difference| (2 + 2 + 1) / 3; largest move A (tie with B, by id).
    expect(c.summary[0]).toEqual({
      node: "x",
      units: 3,
      spearman: -0.5,
      meanAbsoluteRankDifference: 5 / 3,
      largestMove: { unit: "A", rankDifference: -2 },
    });
  });

  it("names periods and nodes one result lacks, and results with nothing in common", async () => {
    const a = await tinyIndex(threeYears);
    const b = await secondEdition();
    expect(() => compareResults(a, b, { period: "2020" })).toThrow(
      new InputError("unknown-period", "compareResults: no period `2020`; B has `2021`, `2022`"),
    );
    expect(() => compareResults(a, b, { nodes: ["dim"] })).toThrow(
      "compareResults: no framework node `dim` in B",
    );
    const later = await tinyIndex({ "2030": { A: [1, 1] }, "2031": { A: [2, 2] } });
    expect(() => compareResults(a, later)).toThrow(
      "compareResults: the results share no period; A has `2020`, `2021`, `2022`, B has `2030`, `2031`",
    );
    const others = await tinyIndex({ "2022": { Y: [1, 1], Z: [2, 2] } });
    expect(() => compareResults(a, others)).toThrow("compareResults: the results share no unit");
  });
});

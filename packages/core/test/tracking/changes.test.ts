import { InputError, movers, periodChanges } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { threeYears, tinyIndex } from "./fixture.js";

describe("periodChanges", () => {
  it("gives score and rank changes by hand, with units that joined and left", async () => {
    const result = await tinyIndex(threeYears);
    const changes = periodChanges(result, { from: "2020", to: "2022" });
    // Default nodes: the aggregates and the root, children first.
    expect(changes.nodes).toEqual(["dim", "index"]);
    expect(changes.ties).toBe("min");
    const index = changes.changes.filter((c) => c.node === "index");
    // A: 15 → 20, change 5; rank 2 → 1, change 2 − 1 = 1 (rose).
    // B: 20 in 2020, none in 2022: gone. C: 5 → 15, change 10; rank 3 → 2. D: none in 2020, 2 (rank 3): new.
    expect(index).toEqual([
      {
        node: "index",
        unit: "A",
        scoreFrom: 15,
        scoreTo: 20,
        scoreChange: 5,
        rankFrom: 2,
        rankTo: 1,
        rankChange: 1,
        status: "both",
      },
      {
        node: "index",
        unit: "B",
        scoreFrom: 20,
        scoreTo: Number.NaN,
        scoreChange: Number.NaN,
        rankFrom: 1,
        rankTo: Number.NaN,
        rankChange: Number.NaN,
        status: "gone",
      },
      {
        node: "index",
        unit: "C",
        scoreFrom: 5,
        scoreTo: 15,
        scoreChange: 10,
        rankFrom: 3,
        rankTo: 2,
        rankChange: 1,
        status: "both",
      },
      {
        node: "index",
        unit: "D",
        scoreFrom: Number.NaN,
        scoreTo: 2,
        scoreChange: Number.NaN,
        rankFrom: Number.NaN,
        rankTo: 3,
        rankChange: Number.NaN,
        status: "new",
      },
    ]);
  });

  it("takes indicators too, and lists units with no score in either period as `none`", async () => {
    const result = await tinyIndex({ ...threeYears, "2023": { A: [1, 1] } });
    const changes = periodChanges(result, { from: "2022", to: "2023", nodes: ["x"] });
    // x in 2022: A 15, C 10, D 2; in 2023 only A 1. B has x in neither year.
    expect(changes.changes.map((c) => [c.unit, c.status, c.scoreChange, c.rankChange])).toEqual([
      ["A", "both", 1 - 15, 1 - 1],
      ["B", "none", Number.NaN, Number.NaN],
      ["C", "gone", Number.NaN, Number.NaN],
      ["D", "gone", Number.NaN, Number.NaN],
    ]);
  });

  it("names an unknown period, the same period twice, an unknown or repeated node", async () => {
    const result = await tinyIndex(threeYears);
    expect(() => periodChanges(result, { from: "2019", to: "2022" })).toThrow(
      new InputError(
        "unknown-period",
        "periodChanges: no period `2019`; the result has `2020`, `2021`, `2022`",
      ),
    );
    expect(() => periodChanges(result, { from: "2021", to: "2021" })).toThrow(
      "periodChanges: `from` and `to` are both `2021`",
    );
    expect(() => periodChanges(result, { from: "2020", to: "2021", nodes: ["nope"] })).toThrow(
      "periodChanges: no framework node `nope` in the result",
    );
    expect(() => periodChanges(result, { from: "2020", to: "2021", nodes: ["x", "x"] })).toThrow(
      "periodChanges: node `x` is named twice",
    );
  });
});

describe("movers", () => {
  it("orders risers by rank change, then by larger score change; fallers by the larger fall", async () => {
    const result = await tinyIndex(threeYears);
    // 2020 → 2022: A and C both rise one place; C's score rose 10, A's 5, so C comes first. Nobody with a score
    // in both years fell.
    let m = movers(periodChanges(result, { from: "2020", to: "2022" }), "index", 5);
    expect(m.risers.map((c) => c.unit)).toEqual(["C", "A"]);
    expect(m.fallers).toEqual([]);
    // 2020 → 2021: A rank 2 → 1 (+1), B 1 → 2 (−1), C 3 → 3 (0, in neither list), D new (left out).
    m = movers(periodChanges(result, { from: "2020", to: "2021" }), "index", 5);
    expect(m.risers.map((c) => c.unit)).toEqual(["A"]);
    expect(m.fallers.map((c) => c.unit)).toEqual(["B"]);
    expect(movers(periodChanges(result, { from: "2020", to: "2022" }), "index", 1).risers).toHaveLength(1);
  });

  it("breaks full ties by unit id", async () => {
    // index: 2020 R 20 (r 1), P 10 and Q 10 (r 2 each, ties "min"); 2021 P 15 and Q 15 (r 1 each), R 5 (r 3).
    // P and Q both rise 2 − 1 = 1 place and 5 points: P comes first. R falls 1 − 3 = −2.
    const result = await tinyIndex({
      "2020": { P: [10, 10], Q: [10, 10], R: [20, 20] },
      "2021": { P: [15, 15], Q: [15, 15], R: [5, 5] },
    });
    const m = movers(periodChanges(result, { from: "2020", to: "2021" }), "index", 3);
    expect(m.risers.map((c) => [c.unit, c.rankChange, c.scoreChange])).toEqual([
      ["P", 1, 5],
      ["Q", 1, 5],
    ]);
    expect(m.fallers.map((c) => [c.unit, c.rankChange])).toEqual([["R", -2]]);
  });

  it("names a node the changes do not have and a bad k", async () => {
    const changes = periodChanges(await tinyIndex(threeYears), { from: "2020", to: "2021" });
    expect(() => movers(changes, "x", 3)).toThrow(
      "movers: no node `x` in the changes; they have `dim`, `index`",
    );
    expect(() => movers(changes, "index", -1)).toThrow("movers: `k` must be a whole number ≥ 0, got `-1`");
  });
});

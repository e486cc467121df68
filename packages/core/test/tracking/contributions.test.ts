import { buildIndex, changeContributions, InputError, type Observation } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { threeYears, tinyIndex, tinySpec } from "./fixture.js";

/** Builds the tiny index from observations, with the given aggregation. */
async function build(observations: Observation[], method = "arithmetic") {
  const units = [...new Set(observations.map((o) => o.unit))].sort();
  const { result, issues } = await buildIndex(
    tinySpec(units, { pipeline: [{ step: "aggregate", method }] }),
    observations,
  );
  if (!result) throw new Error(issues.map((i) => i.message).join("\n"));
  return result;
}

const obs = (unit: string, period: string, x: number | undefined, y: number): Observation[] => [
  ...(x === undefined ? [] : [{ unit, indicator: "x", period, value: x }]),
  { unit, indicator: "y", period, value: y },
];

/** Contributions by child of one unit on one node. */
const split = (c: ReturnType<typeof changeContributions>, node: string, unit: string) => {
  const row = c.units.find((r) => r.node === node && r.unit === unit)!;
  return Object.fromEntries(row.children.map((k) => [k.child, k.contribution]));
};

describe("changeContributions", () => {
  it("splits an arithmetic mean's change into its children's terms (worked by hand)", async () => {
    // dim = (3x + y) / 4. A: 2020 x 10, y 20 → 12.5; 2022 x 15, y 25 → 17.5: change 5.
    // x: 3 · (15 − 10) / 4 = 3.75; y: (25 − 20) / 4 = 1.25; 3.75 + 1.25 = 5.
    const c = changeContributions(await tinyIndex(threeYears, "dim", 3), { from: "2020", to: "2022" });
    expect(c.nodes).toEqual([
      { node: "dim", method: "arithmetic", rule: "weighted-terms" },
      { node: "index", method: "arithmetic", rule: "weighted-terms" },
    ]);
    const a = c.units.find((r) => r.node === "dim" && r.unit === "A")!;
    expect(a.status).toBe("both");
    expect(a.change).toBe(5);
    expect(a.children).toEqual([
      { child: "x", weight: 3, from: 10, to: 15, contribution: 3.75 },
      { child: "y", weight: 1, from: 20, to: 25, contribution: 1.25 },
    ]);
    // The index has one child: all of its change is the dimension's.
    expect(split(c, "index", "A")).toEqual({ dim: 5 });
    // B leaves after 2021, D joins in 2021: no split, their status says why.
    expect(c.units.filter((r) => r.node === "dim").map((r) => [r.unit, r.status, r.children.length])).toEqual(
      [
        ["A", "both", 2],
        ["B", "gone", 0],
        ["C", "both", 2],
        ["D", "new", 0],
      ],
    );
  });

  it("counts a child missing in one period as a term of 0, the others' weights renormalised", async () => {
    // A: 2020 x 10, y 20 → 15 (terms 5 and 10); 2021 y 30 alone → 30 (terms 0 and 30).
    // x: 0 − 5 = −5; y: 30 − 10 = 20; −5 + 20 = 15, the change.
    const result = await build([
      ...obs("A", "2020", 10, 20),
      ...obs("B", "2020", 1, 1),
      ...obs("A", "2021", undefined, 30),
      ...obs("B", "2021", 2, 2),
    ]);
    const c = changeContributions(result, { from: "2020", to: "2021", nodes: ["dim"] });
    const a = c.units.find((r) => r.unit === "A")!;
    expect(a.change).toBe(15);
    expect(a.children.map((k) => [k.child, k.from, k.to, k.contribution])).toEqual([
      ["x", 10, Number.NaN, -5],
      ["y", 20, 30, 20],
    ]);
  });

  it("splits a geometric mean's change by the logarithmic mean (LMDI), exactly", async () => {
    // A: 2020 x 1, y 4 → √4 = 2; 2021 x 4, y 4 → 4. Terms ½ log c: x 0 → log 2, y log 2 → log 2.
    // L(4, 2) = (4 − 2) / (log 4 − log 2) = 2 / log 2; x: (2 / log 2) · log 2 = 2; y: 0.
    // B: 2020 x 1, y 4 → 2; 2021 x 4, y 1 → 2. No change: L = 2; x 2 · log 2, y −2 · log 2.
    const result = await build(
      [
        ...obs("A", "2020", 1, 4),
        ...obs("B", "2020", 1, 4),
        ...obs("A", "2021", 4, 4),
        ...obs("B", "2021", 4, 1),
      ],
      "geometric",
    );
    const c = changeContributions(result, { from: "2020", to: "2021", nodes: ["dim"] });
    expect(c.nodes).toEqual([{ node: "dim", method: "geometric", rule: "log-mean" }]);
    const a = split(c, "dim", "A");
    expect(a.x).toBeCloseTo(2, 12);
    expect(a.y).toBeCloseTo(0, 12);
    const b = split(c, "dim", "B");
    expect(b.x).toBeCloseTo(2 * Math.log(2), 12);
    expect(b.y).toBeCloseTo(-2 * Math.log(2), 12);
    expect(c.units.find((r) => r.unit === "B")!.change).toBeCloseTo(0, 12);
  });

  it("adds up to every change between any two periods, to 1e-9", async () => {
    const result = await tinyIndex(threeYears, "dim", 2);
    for (const [from, to] of [
      ["2020", "2021"],
      ["2021", "2022"],
      ["2022", "2020"],
    ] as const) {
      for (const r of changeContributions(result, { from, to }).units) {
        if (r.status !== "both") continue;
        const sum = r.children.reduce((s, k) => s + k.contribution, 0);
        expect(Math.abs(sum - r.change), `${r.node} ${r.unit} ${from} → ${to}`).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it("does not split what its children and weights do not make, and says why", async () => {
    const result = await tinyIndex(threeYears);
    // An audit that says the weights were 3 and 1 while the scores were made with 1 and 1:
    // A in 2020 would be (3 · 10 + 20) / 4 = 12.5, not its score 15.
    const entry = result.audit.find((a) => a.action === "aggregated" && a.node === "dim")!;
    (entry.details as { weights: number[] }).weights = [3, 1];
    const a = changeContributions(result, { from: "2020", to: "2022", nodes: ["dim"] }).units[0]!;
    expect(a).toEqual({
      node: "dim",
      unit: "A",
      status: "not-split",
      change: 5,
      children: [],
      reason:
        "its children's scores and weights give `12.5` in `2020`, not its score `15` (a later step changed the score, or the aggregation used other weights)",
    });

    const topsis = await build(
      [
        ...obs("A", "2020", 1, 4),
        ...obs("B", "2020", 2, 1),
        ...obs("A", "2021", 4, 4),
        ...obs("B", "2021", 1, 1),
      ],
      "topsis",
    );
    const t = changeContributions(topsis, { from: "2020", to: "2021", nodes: ["dim"] });
    const reason =
      "the `topsis` aggregation is not a sum of one term per child, so its change has no exact split";
    expect(t.nodes).toEqual([{ node: "dim", method: "topsis", reason }]);
    expect(t.units.every((r) => r.status === "not-split" && r.reason === reason)).toBe(true);
  });

  it("names bad options", async () => {
    const result = await tinyIndex(threeYears);
    expect(() => changeContributions(result, { from: "2020", to: "2020" })).toThrow(
      new InputError("same-period", "changeContributions: `from` and `to` are both `2020`"),
    );
    expect(() => changeContributions(result, { from: "2019", to: "2020" })).toThrow("no period `2019`");
    expect(() => changeContributions(result, { from: "2020", to: "2021", nodes: ["x"] })).toThrow(
      new InputError(
        "not-aggregate",
        "changeContributions: `x` is an indicator; it has no children to split by",
      ),
    );
    expect(() => changeContributions(result, { from: "2020", to: "2021", nodes: ["nope"] })).toThrow(
      "no framework node `nope`",
    );
  });
});

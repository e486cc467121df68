import { buildIndex, type Spec, validateSpec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";
import { smallData, smallSpec } from "../helpers/fixtures.js";

/**
 * The small index of fixtures.ts, normalised onto [1, 100]. After denomination and imputation:
 * flights 100, 1, 1, 60.4; crime (direction −1) 100, 50.5, 50.5, 1; rating 50.5, 100, 1, 50.5.
 */
function specWith(aggregation: Spec["pipeline"]): Spec {
  const spec = smallSpec();
  spec.pipeline = [
    { step: "denominate", method: "divide" },
    { step: "impute", method: "group-mean", options: { group: "tier" } },
    { step: "normalise", method: "min-max", options: { range: [1, 100] } },
    ...aggregation,
  ];
  return spec;
}

const flights = [100, 1, 1, 60.4];
const crime = [100, 50.5, 50.5, 1];
const rating = [50.5, 100, 1, 50.5];

describe("a different aggregation method per level and per node", () => {
  it("geometric for the dimensions (level 2), harmonic for the index (level 3)", async () => {
    const { result, issues } = await buildIndex(
      specWith([
        { step: "aggregate", method: "geometric", scope: { levels: [2] } },
        { step: "aggregate", method: "harmonic", scope: { levels: [3] } },
      ]),
      smallData(),
    );
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    if (!result) throw new Error("no result");
    expectClose(result.scores.slice("flights", 0), flights, 1e-12);
    const dimA = flights.map((f, u) => Math.sqrt(f * crime[u]!));
    expectClose(result.scores.slice("dimA", 0), dimA, 1e-12);
    expectClose(result.scores.slice("dimB", 0), rating, 1e-12);
    // weights dimA 1, dimB 3
    const index = dimA.map((a, u) => 4 / (1 / a + 3 / rating[u]!));
    expectClose(result.scores.slice("index", 0), index, 1e-12);
    expect(result.provenance.steps.slice(3).map((s) => s.method)).toEqual(["geometric", "harmonic"]);
  });

  it("median for dimA, arithmetic for dimB, a generalised mean (p = 2) for the index", async () => {
    const { result, issues } = await buildIndex(
      specWith([
        { step: "aggregate", method: "median", scope: { nodes: ["dimA"] } },
        { step: "aggregate", method: "arithmetic", scope: { nodes: ["dimB"] } },
        { step: "aggregate", method: "generalised", options: { p: 2 }, scope: { nodes: ["index"] } },
      ]),
      smallData(),
    );
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    if (!result) throw new Error("no result");
    const dimA = flights.map((f, u) => (f + crime[u]!) / 2);
    expectClose(result.scores.slice("dimA", 0), dimA, 1e-12);
    expectClose(result.scores.slice("dimB", 0), rating, 1e-12);
    const index = dimA.map((a, u) => Math.sqrt((a * a + 3 * rating[u]! ** 2) / 4));
    expectClose(result.scores.slice("index", 0), index, 1e-12);
  });

  it("the validator refuses a node that no step aggregates", async () => {
    const { spec, issues } = await validateSpec(
      specWith([
        { step: "aggregate", method: "median", scope: { nodes: ["dimA"] } },
        { step: "aggregate", method: "arithmetic", scope: { nodes: ["dimB"] } },
      ]),
    );
    expect(spec).toBeUndefined();
    expect(issues.filter((i) => i.severity === "error").map((i) => [i.code, i.message])).toEqual([
      [
        "missing-step",
        'no aggregate step computes `index`; add { "step": "aggregate", "method": "arithmetic" }',
      ],
    ]);
  });

  it("the validator says when a node is aggregated twice", async () => {
    const { spec, issues } = await validateSpec(
      specWith([
        { step: "aggregate", method: "arithmetic" },
        { step: "aggregate", method: "copeland", scope: { nodes: ["index"] } },
      ]),
    );
    expect(spec).toBeDefined();
    expect(issues.filter((i) => i.code === "aggregated-again").map((i) => [i.severity, i.path])).toEqual([
      ["info", "/pipeline/4"],
    ]);
  });
});

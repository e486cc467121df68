import {
  ahpPriorities,
  buildIndex,
  entropy,
  hierarchyConsistencyRatio,
  type Observation,
  type Spec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";
import { expectRelative } from "./golden.js";

const indicators = ["i1", "i2", "i3", "i4", "i5", "i6", "i7"];
const dims = { dimA: ["i1", "i2", "i3"], dimB: ["i4", "i5"], dimC: ["i6", "i7"] };
const table: Record<string, number[]> = {
  i1: [10, 25, 40, 15, 30],
  i2: [3, 1, 4, 1, 5],
  i3: [200, 180, 260, 240, 150],
  i4: [0.2, 0.8, 0.5, 0.4, 0.9],
  i5: [7, 3, 9, 2, 6],
  i6: [55, 60, 40, 75, 65],
  i7: [1.5, 2.5, 1, 3, 2],
};
const units = ["A", "B", "C", "D", "E"];
const data: Observation[] = indicators.flatMap((indicator) =>
  units.map((unit, u) => ({ unit, indicator, period: "2024", value: table[indicator]![u]! })),
);
const dimJudgements = [
  [1, 3, 5],
  ["1/3", 1, 2],
  ["1/5", "1/2", 1],
];

function spec(pipeline: Spec["pipeline"]): Spec {
  return {
    id: "weights",
    title: { en: "Weights" },
    units: units.map((id) => ({ id })),
    indicators: indicators.map((id) => ({ id })),
    framework: {
      id: "index",
      children: Object.entries(dims).map(([id, kids]) => ({ id, children: kids.map((k) => ({ id: k })) })),
    },
    pipeline,
  };
}

describe("a pipeline with entropy at the indicator level and AHP at the dimension level", () => {
  it("weights, aggregates the lower level first, then weights and aggregates the index", async () => {
    const { result, issues } = await buildIndex(
      spec([
        { step: "normalise", method: "min-max", options: { range: [0, 1] } },
        { step: "weight", method: "entropy", scope: { levels: [2] } },
        { step: "aggregate", method: "arithmetic", scope: { levels: [2] } },
        {
          step: "weight",
          method: "ahp",
          scope: { levels: [3] },
          options: { judgements: { index: dimJudgements } },
        },
        { step: "aggregate", method: "arithmetic", scope: { levels: [3] } },
      ]),
      data,
    );
    expect(issues.filter((i) => i.severity !== "info")).toEqual([]);
    if (!result) throw new Error("no result");
    const normalised = result.datasets.find((d) => d.name === "Normalised")!.data;
    for (const [dim, kids] of Object.entries(dims)) {
      const expected = entropy(kids.map((k) => normalised.slice(k, 0))).weights;
      expectRelative(
        kids.map((k) => result.weights[k]!),
        expected,
      );
      const score = units.map((_, u) =>
        kids.reduce((s, k, j) => s + expected[j]! * normalised.get(k, u, 0), 0),
      );
      expectClose(result.scores.slice(dim, 0), score, 1e-12);
    }
    const ahp = ahpPriorities([
      [1, 3, 5],
      [1 / 3, 1, 2],
      [1 / 5, 1 / 2, 1],
    ]);
    expectRelative(
      ["dimA", "dimB", "dimC"].map((d) => result.weights[d]!),
      ahp.weights,
    );
    const index = units.map((_, u) =>
      ["dimA", "dimB", "dimC"].reduce((s, d, j) => s + ahp.weights[j]! * result.scores.get(d, u, 0), 0),
    );
    expectClose(result.scores.slice("index", 0), index, 1e-12);
    const audit = result.audit.find((a) => a.action === "ahp-consistency")!;
    expect(audit).toMatchObject({ stage: "weight", method: "ahp", node: "index" });
    expectRelative([(audit.details as { cr: number }).cr], [ahp.cr]);
    expect(result.audit.filter((a) => a.action === "entropy").map((a) => a.node)).toEqual([
      "dimA",
      "dimB",
      "dimC",
    ]);
  });

  it("records the hierarchy's consistency ratio when every level has AHP judgements", async () => {
    const judgements = {
      dimA: [
        [1, 2, 5],
        ["1/2", 1, 4],
        ["1/5", "1/4", 1],
      ],
      dimB: [
        [1, 3],
        ["1/3", 1],
      ],
      dimC: [
        [1, "1/2"],
        [2, 1],
      ],
      index: dimJudgements,
    };
    const { result, issues } = await buildIndex(
      spec([
        { step: "normalise", method: "min-max" },
        { step: "weight", method: "ahp", options: { judgements } },
        { step: "aggregate", method: "arithmetic" },
      ]),
      data,
    );
    expect(issues.filter((i) => i.severity !== "info")).toEqual([]);
    const h = result!.audit.find((a) => a.action === "ahp-hierarchy-consistency")!;
    expect(h.node).toBe("index");
    const dimA = ahpPriorities([
      [1, 2, 5],
      [1 / 2, 1, 4],
      [1 / 5, 1 / 4, 1],
    ]);
    const w = ahpPriorities([
      [1, 3, 5],
      [1 / 3, 1, 2],
      [1 / 5, 1 / 2, 1],
    ]).weights;
    const expected = hierarchyConsistencyRatio([
      { weight: w[0]!, ci: dimA.ci, ri: 0.58 },
      { weight: w[1]!, ci: 0, ri: 0 },
      { weight: w[2]!, ci: 0, ri: 0 },
    ]);
    expectRelative([(h.details as { cr: number }).cr], [expected]);
  });

  it("stops the build when AHP judgements are not reciprocal", async () => {
    const { result, issues } = await buildIndex(
      spec([
        { step: "normalise", method: "min-max" },
        { step: "aggregate", method: "arithmetic", scope: { levels: [2] } },
        {
          step: "weight",
          method: "ahp",
          scope: { levels: [3] },
          options: {
            judgements: {
              index: [
                [1, 3, 5],
                [3, 1, 2],
                ["1/5", "1/2", 1],
              ],
            },
          },
        },
        { step: "aggregate", method: "arithmetic", scope: { levels: [3] } },
      ]),
      data,
    );
    expect(result).toBeUndefined();
    expect(issues.find((i) => i.severity === "error")).toMatchObject({
      code: "ahp-bad-matrix",
      path: "/framework",
    });
  });
});

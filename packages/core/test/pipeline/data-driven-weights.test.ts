import { buildIndex, type Observation, type Spec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";

/** Six units, a dimension of three indicators and a dimension of one. */
function spec(pipeline: Spec["pipeline"]): Spec {
  return {
    id: "data-driven",
    title: { en: "Data-driven weights" },
    units: ["A", "B", "C", "D", "E", "F"].map((id) => ({ id })),
    indicators: [{ id: "x1" }, { id: "x2" }, { id: "x3" }, { id: "x4" }],
    framework: {
      id: "index",
      children: [
        { id: "dimA", weight: 1, children: [{ id: "x1" }, { id: "x2" }, { id: "x3" }] },
        { id: "dimB", weight: 1, children: [{ id: "x4" }] },
      ],
    },
    pipeline,
  };
}

// min-max onto [0, 100] of these gives x1 0, 20, 40, 60, 80, 100 and so on
const table: Record<string, number[]> = {
  x1: [0, 1, 2, 3, 4, 5],
  x2: [0, 2, 1, 4, 3, 5],
  x3: [5, 0, 4, 1, 3, 2],
  x4: [1, 2, 3, 4, 5, 6],
};
const data: Observation[] = Object.entries(table).flatMap(([indicator, v]) =>
  v.map((value, u) => ({ unit: "ABCDEF"[u]!, indicator, period: "2024", value })),
);
const normalised = Object.fromEntries(
  Object.entries(table).map(([id, v]) => [
    id,
    v.map((x) => (100 * (x - Math.min(...v))) / (Math.max(...v) - Math.min(...v))),
  ]),
);

describe("data-driven weights and benefit of the doubt through buildIndex", () => {
  it("pca weights for dimA, then the arithmetic mean", async () => {
    const { result, issues } = await buildIndex(
      spec([
        { step: "normalise", method: "min-max" },
        { step: "weight", method: "pca", scope: { nodes: ["dimA"] } },
        { step: "aggregate", method: "arithmetic" },
      ]),
      data,
    );
    expect(issues.filter((i) => i.severity !== "info")).toEqual([]);
    if (!result) throw new Error("no result");
    const w = [result.weights.x1!, result.weights.x2!, result.weights.x3!];
    expect(Math.abs(w.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
    expect(result.audit.some((a) => a.method === "pca" && a.action === "pca" && a.node === "dimA")).toBe(
      true,
    );
    const expected = [0, 1, 2, 3, 4, 5].map(
      (u) =>
        (w[0]! * normalised.x1![u]! + w[1]! * normalised.x2![u]! + w[2]! * normalised.x3![u]!) /
        (w[0]! + w[1]! + w[2]!),
    );
    expectClose(result.scores.slice("dimA", 0), expected, 1e-9);
    expect(result.provenance.steps[1]!.options).toEqual({
      method: "first-component",
      retain: "eigenvalue",
      minEigenvalue: 1,
      minCumulativeVariance: 0.6,
      periods: "last",
    });
  });

  it("optimised weights equalise the children's correlations with dimA", async () => {
    const { result, issues } = await buildIndex(
      spec([
        { step: "normalise", method: "min-max" },
        { step: "weight", method: "optimised", scope: { nodes: ["dimA"] } },
        { step: "aggregate", method: "arithmetic" },
      ]),
      data,
    );
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    if (!result) throw new Error("no result");
    const entry = result.audit.find((a) => a.action === "optimised")!;
    const objective = entry.details!.objective as number;
    const dimA = Array.from(result.scores.slice("dimA", 0));
    const cor = (x: number[], y: number[]) => {
      const mx = x.reduce((s, v) => s + v, 0) / x.length;
      const my = y.reduce((s, v) => s + v, 0) / y.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      x.forEach((v, i) => {
        sxy += (v - mx) * (y[i]! - my);
        sxx += (v - mx) ** 2;
        syy += (y[i]! - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    // the correlations the method reports are those of the children with the aggregate the pipeline computed
    const reported = entry.details!.correlations as Record<string, number>;
    for (const id of ["x1", "x2", "x3"]) expect(cor(normalised[id]!, dimA)).toBeCloseTo(reported[id]!, 9);
    expect(objective).toBeGreaterThanOrEqual(0);
  });

  it("benefit of the doubt for dimA (0..100), arithmetic above", async () => {
    const { result, issues } = await buildIndex(
      spec([
        { step: "normalise", method: "min-max" },
        {
          step: "aggregate",
          method: "bod",
          options: { scale: 100 },
          scope: { nodes: ["dimA"] },
        },
        { step: "aggregate", method: "arithmetic", scope: { nodes: ["dimB", "index"] } },
      ]),
      data,
    );
    expect(issues.filter((i) => i.severity !== "info")).toEqual([]);
    if (!result) throw new Error("no result");
    const dimA = Array.from(result.scores.slice("dimA", 0));
    for (const s of dimA) expect(s >= 0 && s <= 100 + 1e-9).toBe(true);
    // F is best on x1 and x2 (100), A and C on x3: each scores 100 with all weight on that child
    expect(dimA[5]).toBeCloseTo(100, 7);
    expect(dimA[0]).toBeCloseTo(100, 7);
    expect(result.audit.filter((a) => a.method === "bod" && a.action === "weights")).toHaveLength(6);
    expectClose(
      result.scores.slice("index", 0),
      dimA.map((s, u) => (s + normalised.x4![u]!) / 2),
      1e-9,
    );
  });
});

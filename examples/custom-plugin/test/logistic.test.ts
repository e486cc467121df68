import {
  buildIndex,
  createRegistry,
  methodReference,
  type Observation,
  runMethodExample,
  type Spec,
  validateSpec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, { logistic } from "../src/index.js";

const spec: Spec = {
  id: "logistic-test",
  units: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }],
  indicators: [{ id: "x" }, { id: "y", direction: -1 }],
  framework: { id: "index", children: [{ id: "x" }, { id: "y" }] },
  pipeline: [
    { step: "normalise", method: "logistic" },
    { step: "aggregate", method: "geometric" },
  ],
  plugins: ["cityindex-plugin-example"],
};

const data: Observation[] = [
  ...[1, 2, 3, null].map((value, i) => ({ unit: "abcd"[i]!, indicator: "x", period: "2024", value })),
  ...[10, 20, 30, 40].map((value, i) => ({ unit: "abcd"[i]!, indicator: "y", period: "2024", value })),
];

describe("logistic normalisation", () => {
  it("maps z-scores through the logistic curve, by hand", async () => {
    // x = 1, 2, 3: mean 2, population sd sqrt(2/3) = 0.8165; z = −1.2247, 0, 1.2247
    // y = 100 / (1 + exp(−z)) = 22.71, 50, 77.29; d is missing and stays missing
    const { result, issues } = await buildIndex(spec, data, { registry: createRegistry([plugin]) });
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const x = result!.scores.slice("x", 0);
    const z = 1 / Math.sqrt(2 / 3);
    expect(x[0]).toBeCloseTo(100 / (1 + Math.exp(z)), 12);
    expect(x[1]).toBeCloseTo(50, 12);
    expect(x[2]).toBeCloseTo(100 / (1 + Math.exp(-z)), 12);
    expect(Number.isNaN(x[3]!)).toBe(true);
    // y has direction −1: the smallest value gets the highest score
    const y = result!.scores.slice("y", 0);
    expect(y[0]! > y[3]!).toBe(true);
    expect(y[0]! + y[3]!).toBeCloseTo(100, 12);
  });

  it("gives strictly positive values, so a geometric mean can follow", async () => {
    const { result } = await buildIndex(spec, data, { registry: createRegistry([plugin]) });
    for (const v of result!.scores.slice("x", 0)) if (!Number.isNaN(v)) expect(v).toBeGreaterThan(0);
    expect(result!.ranks.slice("index", 0)[0]).toBeGreaterThanOrEqual(1);
  });

  it("is validated like a built-in method: options come from its schema", async () => {
    const registry = createRegistry([plugin]);
    const bad = {
      ...spec,
      pipeline: [{ step: "normalise", method: "logistic", options: { slope: 0, steep: 2 } }],
    };
    const { issues } = await validateSpec(bad, { registry });
    const paths = issues.filter((i) => i.severity === "error").map((i) => i.path);
    expect(paths).toContain("/pipeline/0/options/slope");
    expect(paths).toContain("/pipeline/0/options/steep");
    const ok = await validateSpec(spec, { registry });
    expect(ok.issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("reports an indicator without spread instead of throwing", async () => {
    const flat = data.map((o) => (o.indicator === "x" ? { ...o, value: 5 } : o));
    const { result, issues } = await buildIndex(spec, flat, { registry: createRegistry([plugin]) });
    expect(result).toBeUndefined();
    expect(issues.find((i) => i.code === "zero-variance")?.message).toContain("`x`");
  });

  it("has a reference page generated from its definition, with a worked example", async () => {
    const run = await runMethodExample(logistic);
    expect(run!.output.some((v) => v > 90)).toBe(true);
    const page = await methodReference(logistic, plugin.name);
    expect(page).toContain("# Logistic normalisation");
    expect(page).toContain("`cityindex-plugin-example`");
    expect(page).toContain("| `slope` |");
  });
});

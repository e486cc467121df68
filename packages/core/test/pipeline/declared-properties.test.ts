import {
  type AggregateMethod,
  buildIndex,
  createRegistry,
  defineMethod,
  definePlugin,
  type NormaliseMethod,
  type WeightMethod,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallData, smallSpec } from "../helpers/fixtures.js";

// A method declares what it needs (positive values, a minimum number of units or children); the runner checks
// these before calling it, so a method never sees input it cannot handle and the user gets one clear message.

const calls: string[] = [];

const logNormalise: NormaliseMethod = defineMethod({
  stage: "normalise",
  id: "log",
  label: "Logarithm",
  description: "Natural logarithm",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, needsPositive: true },
  normalise(x, _o, ctx) {
    calls.push(`log ${ctx.indicator.id}`);
    return x.map(Math.log);
  },
});

const needsFive: NormaliseMethod = defineMethod({
  stage: "normalise",
  id: "needs-five",
  label: "Needs five units",
  description: "A normaliser that needs five units",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, minUnits: 5 },
  normalise(x) {
    calls.push("needs-five");
    return Float64Array.from(x);
  },
});

const pairAggregate: AggregateMethod = defineMethod({
  stage: "aggregate",
  id: "three-or-more",
  label: "Three or more",
  description: "An aggregation that needs at least three children",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, minChildren: 3 },
  aggregate(values) {
    calls.push("three-or-more");
    return Float64Array.from(values[0]!);
  },
});

const pairWeights: WeightMethod = defineMethod({
  stage: "weight",
  id: "three-or-more",
  label: "Three or more",
  description: "A weighting that needs at least three children",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, minChildren: 3 },
  weight(_o, ctx) {
    calls.push("weights three-or-more");
    return Float64Array.from(ctx.children, () => 1);
  },
});

const registry = createRegistry([
  definePlugin({ name: "needs", methods: [logNormalise, needsFive, pairAggregate, pairWeights] }),
]);

async function errors(edit: (spec: ReturnType<typeof smallSpec>) => void): Promise<string[]> {
  calls.length = 0;
  const spec = smallSpec();
  edit(spec);
  const { issues } = await buildIndex(spec, smallData(), { registry });
  return issues.filter((i) => i.severity === "error").map((i) => `${i.code} ${i.path}: ${i.message}`);
}

describe("declared properties are checked before a method runs", () => {
  it("needsPositive: names the zero or negative cells and suggests a fix", async () => {
    // After denomination and imputation: crime is 1, 2, (2 imputed for C from tier t2's mean of B), 3;
    // under direction −1 the method receives −1, −2, −2, −3: four non-positive values.
    const found = await errors((spec) => {
      spec.pipeline[2] = { step: "normalise", method: "log", scope: { indicators: ["crime"] } };
      spec.pipeline.splice(3, 0, {
        step: "normalise",
        method: "min-max",
        scope: { indicators: ["flights", "rating"] },
      });
    });
    expect(found).toEqual([
      "non-positive data/A/crime/2024: normalise method `log` needs strictly positive values, but 4 value(s) of `crime` in `2024` are zero or negative: A/crime = -1, B/crime = -2, C/crime = -2, D/crime = -3; normalise onto a positive range first (for example min-max onto [1, 100])",
    ]);
    expect(calls).not.toContain("log crime");
  });

  it("minUnits: says how many units the method needs and how many have a value", async () => {
    const found = await errors((spec) => {
      spec.pipeline[2] = { step: "normalise", method: "needs-five" };
    });
    expect(found[0]).toBe(
      "too-few-units data/*/flights/2024: normalise method `needs-five` needs at least 5 units with a value, but `flights` has 4 in `2024`",
    );
    expect(calls).toEqual([]);
  });

  it("minChildren for aggregation: names the node and suggests a scoped step", async () => {
    const found = await errors((spec) => {
      spec.pipeline[3] = { step: "aggregate", method: "three-or-more" };
    });
    expect(found[0]).toBe(
      "too-few-children data/*/dimA/2024: aggregate method `three-or-more` needs at least 3 children, but the children of `dimA` in `2024` are 2; use another method for this node (a step with a scope)",
    );
    expect(calls).toEqual([]);
  });

  it("minChildren for weighting: names the node", async () => {
    const found = await errors((spec) => {
      spec.pipeline.splice(3, 0, { step: "weight", method: "three-or-more" });
    });
    expect(found).toContain(
      "too-few-children /framework/children/0: weight method `three-or-more` needs at least 3 children, but `dimA` has 2; give this node another method with a scope",
    );
    expect(calls).toEqual([]);
  });
});

describe("data-driven weights above the indicators", () => {
  it("say which level to aggregate first when the children have no scores yet", async () => {
    const wholeSample: WeightMethod = defineMethod({
      ...pairWeights,
      id: "from-data",
      properties: { deterministic: true, usesWholeSample: true },
    });
    const reg = createRegistry([definePlugin({ name: "data-weights", methods: [wholeSample] })]);
    const spec = smallSpec();
    spec.pipeline.splice(3, 0, { step: "weight", method: "from-data", scope: { levels: [3] } });
    const { issues } = await buildIndex(spec, smallData(), { registry: reg });
    expect(
      issues.filter((i) => i.severity === "error").map((i) => `${i.code} ${i.path}: ${i.message}`),
    ).toEqual([
      'children-not-scored /framework: weight method `from-data` computes the weights of the children of `index` from their scores, but `dimA`, `dimB` have no scores yet; aggregate level 2 first (an aggregate step with the scope { "levels": [2] } before this step)',
    ]);
  });
});

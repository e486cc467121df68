import {
  buildIndex,
  createRegistry,
  defineMethod,
  definePlugin,
  type NormaliseMethod,
  runMethodExample,
  validateSpec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";
import { smallData, smallSpec } from "../helpers/fixtures.js";

// The small index of helpers/fixtures.ts after denomination and imputation, in units A, B, C, D:
//   flights per pop 10, 5, 5, 8; crime 1, 2, 2, 3 (direction -1); rating 4, 5, 3, 4.

describe("normalisers in a run", () => {
  it("reads goalposts from the spec and flips them for a direction -1 indicator", async () => {
    const spec = smallSpec();
    spec.indicators = [
      { id: "flights", denominator: "pop" },
      { id: "crime", direction: -1, goalposts: [0, 4] },
      { id: "rating", goalposts: [1, 5] },
    ];
    spec.pipeline.splice(
      2,
      1,
      { step: "normalise", method: "goalposts", scope: { indicators: ["crime", "rating"] } },
      { step: "normalise", method: "min-max", scope: { indicators: ["flights"] } },
    );
    const { result, issues } = await buildIndex(spec, smallData());
    expect(issues.filter((i) => i.severity !== "info")).toEqual([]);
    if (!result) throw new Error("no result");
    // crime: (4 - x) / (4 - 0) * 100 -> 75, 50, 50, 25; rating: (x - 1) / (5 - 1) * 100 -> 75, 100, 50, 75
    expectClose(result.scores.slice("crime", 0), [75, 50, 50, 25], 1e-12);
    expectClose(result.scores.slice("rating", 0), [75, 100, 50, 75], 1e-12);
    expect(result.provenance.steps[2]?.options).toEqual({ truncate: true, scale: 100 });
    const crime = result.audit.find((a) => a.method === "goalposts" && a.node === "crime");
    expect(crime?.details).toEqual({
      goalposts: [0, 4],
      from: "indicator",
      direction: -1,
      truncate: true,
      scale: 100,
    });
  });

  it("stops on a method's error, with the step as the source", async () => {
    const spec = smallSpec();
    spec.pipeline[2] = { step: "normalise", method: "distance-to-reference", options: { unit: "Lhasa" } };
    const { result, issues } = await buildIndex(spec, smallData());
    expect(result).toBeUndefined();
    const errors = issues.filter((i) => i.severity === "error");
    expect(errors.map((i) => i.code)).toEqual(["unknown-unit", "unknown-unit", "unknown-unit"]);
    expect(errors[0]).toMatchObject({
      path: "data/*/flights/2024",
      source: expect.stringContaining("pipeline/2"),
    });
  });

  it("validates the options against the schema: a reference unit is required", async () => {
    const spec = smallSpec();
    spec.pipeline[2] = { step: "normalise", method: "distance-to-reference", options: { cap: true } };
    const { issues } = await validateSpec(spec);
    expect(issues.map((i) => [i.severity, i.path])).toEqual([["error", "/pipeline/2/options"]]);
    spec.pipeline[2] = { step: "normalise", method: "distance-to-target", options: { target: 3 } };
    expect((await validateSpec(spec)).spec?.pipeline[2]?.options).toEqual({ target: 3, cap: false });
    spec.pipeline[2] = { step: "normalise", method: "goalposts", options: { goalposts: { crime: [0, 4] } } };
    expect((await validateSpec(spec)).spec?.pipeline[2]?.options).toEqual({
      goalposts: { crime: [0, 4] },
      truncate: true,
      scale: 100,
    });
    spec.pipeline[2] = { step: "normalise", method: "goalposts", options: { goalposts: [0, 4, 100] } };
    expect((await validateSpec(spec)).issues[0]?.path).toMatch(/^\/pipeline\/2\/options\/goalposts/);
  });

  it("runs each method's reference-page example without a problem", async () => {
    const ids = [
      "rank",
      "percentile-rank",
      "borda",
      "fraction-of-max",
      "distance-to-max",
      "distance-to-reference",
      "distance-to-target",
      "goalposts",
      "scaled",
    ];
    const registry = createRegistry();
    for (const id of ids) {
      const method = registry.method("normalise", id)?.definition;
      if (!method) throw new Error(`no method ${id}`);
      const run = await runMethodExample(method);
      expect(run?.issues, id).toEqual([]);
      expect(run?.output.filter((v) => !Number.isNaN(v)).length, id).toBe(11);
    }
  });

  it("runs a custom normaliser registered by a plugin", async () => {
    const shareOfTotal: NormaliseMethod<{ percent: boolean }> = defineMethod({
      stage: "normalise",
      id: "share-of-total",
      label: "Share of the total",
      description: "Divides each value by the sum over the units",
      options: {
        type: "object",
        properties: { percent: { type: "boolean", default: false } },
        additionalProperties: false,
      },
      properties: { deterministic: true, usesWholeSample: true },
      normalise(x, options) {
        let sum = 0;
        for (const v of x) if (!Number.isNaN(v)) sum += v;
        return x.map((v) => (v / sum) * (options.percent ? 100 : 1));
      },
    });
    const plugin = definePlugin({ name: "example-normalisers", methods: [shareOfTotal] });
    const spec = smallSpec();
    spec.pipeline.splice(
      2,
      1,
      {
        step: "normalise",
        method: "share-of-total",
        options: { percent: true },
        scope: { indicators: ["rating"] },
      },
      { step: "normalise", method: "min-max", scope: { indicators: ["flights", "crime"] } },
    );
    const { result, issues } = await buildIndex(spec, smallData(), { registry: createRegistry([plugin]) });
    expect(issues.filter((i) => i.severity !== "info")).toEqual([]);
    // rating 4, 5, 3, 4: sum 16 -> 25, 31.25, 18.75, 25
    expectClose(result!.scores.slice("rating", 0), [25, 31.25, 18.75, 25], 1e-12);
    expect(result!.provenance.steps[2]).toMatchObject({
      method: "share-of-total",
      plugin: "example-normalisers",
    });
    // Without the plugin the method is unknown.
    const without = await buildIndex(spec, smallData());
    expect(without.result).toBeUndefined();
    expect(without.issues.map((i) => [i.code, i.path])).toEqual([["unknown-method", "/pipeline/2/method"]]);
  });
});

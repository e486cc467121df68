import { readFileSync } from "node:fs";
import {
  builtinRegistry,
  createRegistry,
  defineMethod,
  definePlugin,
  specSchema,
  validateSpec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallSpec } from "../helpers/fixtures.js";

describe("spec schema", () => {
  it("matches the published spec.schema.json (run `npm run schema -w packages/core` after a build to update)", () => {
    const published = JSON.parse(readFileSync(new URL("../../spec.schema.json", import.meta.url), "utf8"));
    expect(specSchema(builtinRegistry())).toEqual(published);
  });

  it("lists every built-in method per stage", () => {
    const schema = specSchema(builtinRegistry()) as {
      definitions: { step: { allOf: { then: { properties: { method?: { enum: string[] } } } }[] } };
    };
    const enums = schema.definitions.step.allOf.map((r) => r.then.properties.method?.enum).filter(Boolean);
    expect(enums).toEqual([
      ["data-availability"],
      ["formula"],
      ["divide"],
      ["mean", "median", "group-mean", "group-median", "row-mean", "linear", "locf", "none"],
      ["winsorise", "log", "box-cox"],
      [
        "min-max",
        "z-score",
        "rank",
        "percentile-rank",
        "borda",
        "fraction-of-max",
        "distance-to-max",
        "distance-to-reference",
        "distance-to-target",
        "goalposts",
        "scaled",
        "mpi",
        "ampi",
      ],
      ["equal", "fixed", "ahp", "entropy", "critic", "cv", "pca", "bod", "combination", "optimised"],
      [
        "arithmetic",
        "geometric",
        "harmonic",
        "generalised",
        "median",
        "mpi",
        "ampi",
        "topsis",
        "grey-relational",
        "copeland",
        "bod",
      ],
    ]);
  });

  it("validates a plugin's method options like the built-ins'", async () => {
    const plugin = definePlugin({
      name: "example-plugin",
      methods: [
        defineMethod({
          stage: "normalise",
          id: "times",
          label: "Multiply",
          description: "Multiplies by a factor",
          options: { type: "object", properties: { factor: { type: "number", default: 2 } } },
          properties: { deterministic: true },
          normalise: (x: Float64Array, o: { factor: number }) => x.map((v) => v * o.factor),
        }),
      ],
    });
    const registry = createRegistry([plugin]);
    const spec = smallSpec();
    spec.pipeline[2] = { step: "normalise", method: "times", options: { factor: "two" } };
    const { issues } = await validateSpec(spec, { registry });
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "/pipeline/2/options/factor: must be number, got a string `two`",
    ]);
    spec.pipeline[2] = { step: "normalise", method: "times" };
    expect((await validateSpec(spec, { registry })).spec?.pipeline[2]?.options).toEqual({ factor: 2 });
    expect((await validateSpec(spec)).issues[0]?.message).toBe(
      'unknown normalise method `times`; available: "min-max", "z-score", "rank", "percentile-rank", "borda", "fraction-of-max", "distance-to-max", "distance-to-reference", "distance-to-target", "goalposts", "scaled", "mpi", "ampi"',
    );
  });
});

import {
  analyseUncertainty,
  buildIndex,
  type IndexResult,
  resultFromJSON,
  resultToJSON,
  type Spec,
  summariseUncertainty,
  type UncertaintyPlan,
  type UncertaintyResult,
} from "@cityindex/core";
import { smallData, smallSpec } from "../../../tests/support/exporter-testing.js";

export {
  exportContext,
  smallData,
  smallResult,
  smallSpec,
} from "../../../tests/support/exporter-testing.js";

/** A hostile text: a formula that runs a program when a spreadsheet opens it. */
export const HOSTILE = "=cmd|' /C calc'!A0";

/** {@link HOSTILE} as a unit id (an id cannot hold `/`). */
export const HOSTILE_ID = "=cmd|' -C calc'!A0";

/**
 * The small index normalised to [1, 100] (so the geometric mean applies), with unit A renamed
 * {@link HOSTILE_ID} when `hostile`.
 */
export function positiveSpec(hostile = false): Spec {
  const spec = smallSpec();
  spec.pipeline = spec.pipeline.map((s) =>
    s.step === "normalise" ? { ...s, options: { range: [1, 100] } } : s,
  );
  if (hostile) spec.units[0]!.id = HOSTILE_ID;
  return spec;
}

/**
 * An uncertainty analysis of the arithmetic or geometric aggregation and noisy weights (40 runs), or with
 * `sensitivity` the same two inputs in Saltelli's design of 20 base runs, so the summary has Sobol indices.
 * With `hostile`, the weights input is named {@link HOSTILE}.
 */
export function testPlan(sensitivity = false, hostile = false): UncertaintyPlan {
  return {
    ...(sensitivity ? { type: "sensitivity" as const } : {}),
    samples: sensitivity ? 20 : 40,
    inputs: [
      {
        id: "agg",
        step: "aggregate",
        alternatives: [{ method: "arithmetic" }, { method: "geometric" }],
      },
      {
        id: hostile ? HOSTILE : "w",
        noise: [
          { level: 1, factor: 0.3 },
          { level: 2, factor: 0.5 },
        ],
        sets: 10,
      },
    ],
  };
}

/** The small index with the summary of {@link testPlan}'s analysis attached, and the analysis itself. */
export async function uncertainResult(
  options: { sensitivity?: boolean; hostile?: boolean } = {},
): Promise<{ result: IndexResult; analysis: UncertaintyResult }> {
  const spec = positiveSpec(options.hostile);
  const data = smallData().map((o) => (options.hostile && o.unit === "A" ? { ...o, unit: HOSTILE_ID } : o));
  const { result, issues } = await buildIndex(spec, data);
  if (!result) throw new Error(`the test index did not build: ${JSON.stringify(issues, null, 2)}`);
  const outcome = await analyseUncertainty(spec, data, testPlan(options.sensitivity, options.hostile));
  if (!outcome.result)
    throw new Error(`the analysis did not run: ${JSON.stringify(outcome.issues, null, 2)}`);
  result.uncertainty = summariseUncertainty(outcome.result);
  return { result, analysis: outcome.result };
}

/** A result as results.json holds it and `resultFromJSON` reads it back: non-finite numbers are `null`. */
export function roundTrip(result: IndexResult): IndexResult {
  return resultFromJSON(JSON.parse(JSON.stringify(resultToJSON(result))));
}

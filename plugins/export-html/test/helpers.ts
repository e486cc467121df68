import {
  analyse,
  analyseUncertainty,
  buildIndex,
  type ExportContext,
  type IndexResult,
  type Observation,
  resultFromJSON,
  resultToJSON,
  type Spec,
  summariseUncertainty,
  type UncertaintyPlan,
  type UncertaintyResult,
} from "@cityindex/core";

/** A hostile label: HTML that runs a script if it is not escaped. */
export const HOSTILE = "<img src=x onerror=alert(1)>";

/** A label that tries to close the data script element. */
export const BREAKOUT = "</script><script>alert(2)</script>";

/**
 * The small index of `packages/core/test/helpers/fixtures.ts`, with English and Chinese labels, an
 * illustrative-data notice, coordinates, three dimensions (so profiles have a radar) and two hostile names: unit
 * D is labelled {@link HOSTILE} and dimension C {@link BREAKOUT}.
 */
export function smallSpec(): Spec {
  return {
    id: "small",
    title: { en: "Small index", zh: "小指数" },
    notice: { en: "Illustrative data, not measured", zh: "示例数据，并非实测" },
    units: [
      {
        id: "A",
        labels: { en: "Alpha", zh: "阿尔法" },
        meta: { pop: 10, tier: "t1", lat: 30.6, lng: 104.1 },
      },
      { id: "B", labels: { en: "Beta", zh: "贝塔" }, meta: { pop: 20, tier: "t2", lat: 30.6, lng: 114.3 } },
      { id: "C", labels: { en: "Gamma", zh: "伽马" }, meta: { pop: 40, tier: "t2", lat: 39.9, lng: 116.4 } },
      { id: "D", labels: { en: HOSTILE, zh: HOSTILE }, meta: { pop: 10, tier: "t1", lat: 22.5, lng: 114.1 } },
    ],
    indicators: [
      { id: "flights", labels: { en: "Flights per person", zh: "人均航班" }, denominator: "pop" },
      { id: "crime", labels: { en: "Crime", zh: "犯罪" }, direction: -1 },
      { id: "rating", labels: { en: "Rating", zh: "评分" }, unit: "score 1-5" },
      { id: "events", labels: { en: "Events", zh: "活动" } },
    ],
    framework: {
      id: "index",
      labels: { en: "Small index", zh: "小指数" },
      children: [
        {
          id: "dimA",
          labels: { en: "Dimension A", zh: "维度甲" },
          weight: 1,
          children: [{ id: "flights" }, { id: "crime" }],
        },
        { id: "dimB", labels: { en: "Dimension B", zh: "维度乙" }, weight: 2, children: [{ id: "rating" }] },
        { id: "dimC", labels: { en: BREAKOUT, zh: "维度丙" }, weight: 1, children: [{ id: "events" }] },
      ],
    },
    pipeline: [
      { step: "denominate", method: "divide" },
      { step: "impute", method: "group-mean", options: { group: "tier" } },
      { step: "normalise", method: "min-max" },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
}

/** Observations of {@link smallSpec} in one period (values shift with the year), marked illustrative. */
export function smallData(period = "2024"): Observation[] {
  const shift = Number(period) - 2024;
  const table: Record<string, (number | null)[]> = {
    flights: [100, 100, 200, 80 + 60 * shift],
    crime: [1, 2, null, 3 - shift],
    rating: [4, 5, 3, 4 + 0.5 * shift],
    events: [3, 1, 2, 5 + shift],
  };
  return Object.entries(table).flatMap(([indicator, values]) =>
    values.map((value, i) => ({
      unit: ["A", "B", "C", "D"][i]!,
      indicator,
      period,
      value,
      provenance: { source: "test:small", licence: "CC0-1.0", illustrative: true },
    })),
  );
}

/** Builds an index (with its statistical audit when `audit`) and fails the test when it cannot. */
export async function build(spec: Spec, observations: Observation[], audit = true): Promise<IndexResult> {
  const { result, issues } = await buildIndex(spec, observations);
  if (!result) throw new Error(`the test index did not build: ${JSON.stringify(issues, null, 2)}`);
  if (audit) result.analysis = await analyse(result, { removeLevels: [] });
  return result;
}

/** A context that records the exporter's log lines. */
export function exportContext(): ExportContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      debug: (m) => lines.push(`debug: ${m}`),
      info: (m) => lines.push(`info: ${m}`),
      warn: (m) => lines.push(`warn: ${m}`),
    },
    progress: () => {},
  };
}

/** A hostile text for a spreadsheet: a formula that runs a program. */
export const FORMULA = "=cmd|' /C calc'!A0";

/** A hostile text for a page: a script. */
export const SCRIPT = "<script>alert(3)</script>";

/**
 * An uncertainty analysis of the arithmetic or geometric aggregation and noisy weights (40 runs), or with
 * `sensitivity` the same two inputs in Saltelli's design of 20 base runs, so the summary has Sobol indices.
 * With `hostile`, the weights input is named {@link SCRIPT}.
 */
export function testPlan(sensitivity = false, hostile = false): UncertaintyPlan {
  return {
    ...(sensitivity ? { type: "sensitivity" as const } : {}),
    samples: sensitivity ? 20 : 40,
    inputs: [
      { id: "agg", step: "aggregate", alternatives: [{ method: "arithmetic" }, { method: "geometric" }] },
      {
        id: hostile ? SCRIPT : "w",
        noise: [
          { level: 1, factor: 0.3 },
          { level: 2, factor: 0.5 },
        ],
        sets: 10,
      },
    ],
  };
}

/**
 * {@link smallSpec} normalised to [1, 100] (so the geometric mean applies) in 2024, with its statistical audit
 * and the summary of {@link testPlan}'s analysis attached; with `hostile`, unit A is labelled {@link SCRIPT}
 * in English and {@link FORMULA} in Chinese.
 */
export async function uncertainResult(
  options: { sensitivity?: boolean; hostile?: boolean } = {},
): Promise<{ result: IndexResult; analysis: UncertaintyResult }> {
  const spec = smallSpec();
  spec.pipeline = spec.pipeline.map((s) =>
    s.step === "normalise" ? { ...s, options: { range: [1, 100] } } : s,
  );
  if (options.hostile) spec.units[0] = { ...spec.units[0]!, labels: { en: SCRIPT, zh: FORMULA } };
  const data = smallData("2024");
  const result = await build(spec, data);
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

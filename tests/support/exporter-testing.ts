// Test support shared by the exporter plugins' tests (plugins/export-*/test): a small index with bilingual
// labels and hostile names, built with buildIndex, and an export context that records what an exporter logs.

import {
  buildIndex,
  type ExportContext,
  type IndexResult,
  type Observation,
  type Spec,
} from "@cityindex/core";

/**
 * The small index of `packages/core/test/helpers/fixtures.ts`, with English and Chinese labels and a unit
 * whose id and label would run as spreadsheet formulas. In 2024 the index is 62.5, 81.25, 6.25, 45 for A, B,
 * C, D (ranks 2, 1, 4, 3).
 */
export function smallSpec(): Spec {
  return {
    id: "small",
    title: { en: "Small index", zh: "小指数" },
    notice: { en: "Illustrative data, not measured" },
    units: [
      { id: "A", labels: { en: "Alpha", zh: "阿尔法" }, meta: { pop: 10, tier: "t1" } },
      { id: "B", labels: { en: '=HYPERLINK("http://x")', zh: "贝塔" }, meta: { pop: 20, tier: "t2" } },
      { id: "C", labels: { en: 'Gamma, "the third"' }, meta: { pop: 40, tier: "t2" } },
      { id: "D", labels: { en: "@Delta" }, meta: { pop: 10, tier: "t1" } },
    ],
    indicators: [
      { id: "flights", labels: { en: "Flights per person" }, denominator: "pop" },
      { id: "crime", labels: { en: "Crime" }, direction: -1 },
      { id: "rating", labels: { en: "Rating" } },
    ],
    framework: {
      id: "index",
      labels: { en: "Small index" },
      children: [
        {
          id: "dimA",
          labels: { en: "Dimension A" },
          weight: 1,
          children: [{ id: "flights" }, { id: "crime" }],
        },
        { id: "dimB", labels: { en: "Dimension B" }, weight: 3, children: [{ id: "rating" }] },
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

/** The observations of {@link smallSpec} in 2023 and 2024, marked illustrative. */
export function smallData(): Observation[] {
  const table: Record<string, (number | null)[]> = {
    flights: [100, 100, 200, 80],
    crime: [1, 2, null, 3],
    rating: [4, 5, 3, 4],
  };
  return ["2023", "2024"].flatMap((period, p) =>
    Object.entries(table).flatMap(([indicator, values]) =>
      values.map((value, i) => ({
        unit: "ABCD"[i]!,
        indicator,
        period,
        value: value === null ? null : value + p * i,
        provenance: { source: "test:small", licence: "CC0-1.0", illustrative: true },
      })),
    ),
  );
}

/** Builds the small index and fails the test when it cannot. */
export async function smallResult(spec: Spec = smallSpec()): Promise<IndexResult> {
  const { result, issues } = await buildIndex(spec, smallData());
  if (!result) throw new Error(`the test index did not build: ${JSON.stringify(issues, null, 2)}`);
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

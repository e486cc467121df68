import type { Observation, Spec } from "@cityindex/core";

/**
 * A small index worked out by hand in pipeline/build-index.test.ts: four units, a per-capita indicator, a
 * negative indicator with a missing value, two dimensions with unequal weights.
 */
export function smallSpec(): Spec {
  return {
    id: "small",
    title: { en: "Small index", zh: "小指数" },
    units: [
      { id: "A", labels: { en: "Alpha" }, meta: { pop: 10, tier: "t1" } },
      { id: "B", labels: { en: "Beta" }, meta: { pop: 20, tier: "t2" } },
      { id: "C", labels: { en: "Gamma" }, meta: { pop: 40, tier: "t2" } },
      { id: "D", labels: { en: "Delta" }, meta: { pop: 10, tier: "t1" } },
    ],
    indicators: [{ id: "flights", denominator: "pop" }, { id: "crime", direction: -1 }, { id: "rating" }],
    framework: {
      id: "index",
      children: [
        { id: "dimA", weight: 1, children: [{ id: "flights" }, { id: "crime" }] },
        { id: "dimB", weight: 3, children: [{ id: "rating" }] },
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

/** The observations of {@link smallSpec} in one period. */
export function smallData(period = "2024"): Observation[] {
  const table: Record<string, Record<string, number | null>> = {
    flights: { A: 100, B: 100, C: 200, D: 80 },
    crime: { A: 1, B: 2, C: null, D: 3 },
    rating: { A: 4, B: 5, C: 3, D: 4 },
  };
  return Object.entries(table).flatMap(([indicator, byUnit]) =>
    Object.entries(byUnit).map(([unit, value]) => ({ unit, indicator, period, value })),
  );
}

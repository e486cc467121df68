import { buildIndex, type IndexResult, type Observation, type Spec } from "@cityindex/core";

/** Values of the two indicators `x` and `y` by period and unit. */
export type Table = Record<string, Record<string, [number, number]>>;

/**
 * A tiny index with no normalisation: `index` = `dim` = the arithmetic mean of `x` and `y`, so every score is
 * worked out by hand. A unit with no row in a period has no score there.
 */
export async function tinyIndex(table: Table, dim = "dim"): Promise<IndexResult> {
  const units = [...new Set(Object.values(table).flatMap((byUnit) => Object.keys(byUnit)))].sort();
  const spec: Spec = {
    id: "tiny",
    title: "Tiny index",
    units: units.map((id) => ({ id, labels: { en: `Unit ${id}` } })),
    indicators: [{ id: "x" }, { id: "y" }],
    framework: { id: "index", children: [{ id: dim, children: [{ id: "x" }, { id: "y" }] }] },
    pipeline: [{ step: "aggregate", method: "arithmetic" }],
  };
  const observations: Observation[] = Object.entries(table).flatMap(([period, byUnit]) =>
    Object.entries(byUnit).flatMap(([unit, [x, y]]) => [
      { unit, indicator: "x", period, value: x },
      { unit, indicator: "y", period, value: y },
    ]),
  );
  const { result, issues } = await buildIndex(spec, observations);
  if (!result) throw new Error(issues.map((i) => i.message).join("\n"));
  return result;
}

/**
 * Three years; `index` (the mean of x and y), with ranks (1 = best) among the units scored that year:
 *
 * | unit | 2020     | 2021     | 2022     |
 * | ---- | -------- | -------- | -------- |
 * | A    | 15 (r 2) | 16 (r 1) | 20 (r 1) |
 * | B    | 20 (r 1) | 15 (r 2) | —        |
 * | C    | 5 (r 3)  | 10 (r 3) | 15 (r 2) |
 * | D    | —        | 1 (r 4)  | 2 (r 3)  |
 *
 * B leaves after 2021; D joins in 2021.
 */
export const threeYears: Table = {
  "2020": { A: [10, 20], B: [30, 10], C: [5, 5] },
  "2021": { A: [12, 20], B: [20, 10], C: [5, 15], D: [1, 1] },
  "2022": { A: [15, 25], C: [10, 20], D: [2, 2] },
};

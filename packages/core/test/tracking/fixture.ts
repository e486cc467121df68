import { buildIndex, type IndexResult, type Observation, type Spec } from "@cityindex/core";

/** Values of the two indicators `x` and `y` by period and unit. */
export type Table = Record<string, Record<string, [number, number]>>;

/** The observations of a table: `x` and `y` of every unit it lists in each period. */
export function observationsOf(table: Table): Observation[] {
  return Object.entries(table).flatMap(([period, byUnit]) =>
    Object.entries(byUnit).flatMap(([unit, [x, y]]) => [
      { unit, indicator: "x", period, value: x },
      { unit, indicator: "y", period, value: y },
    ]),
  );
}

/** Choices of {@link tinySpec}. */
export interface TinyOptions {
  /** The dimension's id (default `dim`). */
  dim?: string;
  /** The weight of `x` (`y` weighs 1; default 1). */
  wx?: number;
  /** The pipeline (default: the arithmetic mean, no normalisation). */
  pipeline?: Spec["pipeline"];
  /** The spec's `tracking`. */
  tracking?: Spec["tracking"];
}

/** The tiny index's spec over `units`: `index` = `dim` = the weighted mean of `x` and `y`. */
export function tinySpec(units: readonly string[], options: TinyOptions = {}): Spec {
  const dim = options.dim ?? "dim";
  return {
    id: "tiny",
    title: "Tiny index",
    units: units.map((id) => ({ id, labels: { en: `Unit ${id}` } })),
    indicators: [{ id: "x", ...(options.wx === undefined ? {} : { weight: options.wx }) }, { id: "y" }],
    framework: { id: "index", children: [{ id: dim, children: [{ id: "x" }, { id: "y" }] }] },
    pipeline: options.pipeline ?? [{ step: "aggregate", method: "arithmetic" }],
    ...(options.tracking ? { tracking: options.tracking } : {}),
  };
}

/**
 * A tiny index with no normalisation: `index` = `dim` = the arithmetic mean of `x` and `y` (with weight `wx` on
 * `x`, 1 on `y`), so every score is worked out by hand. A unit with no row in a period has no score there.
 */
export async function tinyIndex(table: Table, dim = "dim", wx?: number): Promise<IndexResult> {
  const units = [...new Set(Object.values(table).flatMap((byUnit) => Object.keys(byUnit)))].sort();
  const { result, issues } = await buildIndex(
    tinySpec(units, { dim, ...(wx === undefined ? {} : { wx }) }),
    observationsOf(table),
  );
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

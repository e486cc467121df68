import type { Dataset } from "../data/dataset.js";
import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { Observation } from "../model/observation.js";
import type { IndexResult } from "../pipeline/result.js";
import { type BuildOptions, buildIndex } from "../pipeline/run.js";
import type { FlatFrameworkNodeSpec, FrameworkNodeSpec, FrameworkSpec, Spec } from "../spec/types.js";

/** How the index changes when one element is left out. */
export interface ElementRemoval {
  /** The element left out (an indicator or a framework node). */
  element: string;
  /** Its level. */
  level: number;
  /** Mean over units of |rank without the element − rank with it|, for the root node (the index). */
  meanAbsoluteRankShift: number;
  /** The largest shift and the unit that had it (`null` when no rank moved). */
  maxShift: number;
  maxShiftUnit: string | null;
  /** Each unit's rank of the index without the element (`NaN` for a unit without a score). */
  ranks: Record<string, number>;
  /** Why the element could not be left out (the only child of its parent, or a build error), if so. */
  skipped?: string;
}

/** Robustness of the framework to leaving each element of a level out. */
export interface RemovalAnalysis {
  /** The level whose elements were left out. */
  level: number;
  /** The period compared. */
  period: string;
  /** One entry per element, in framework order. */
  elements: ElementRemoval[];
}

/** A copy of a framework spec without the node `id` (and, in the flat form, its descendants). */
export function withoutNode(framework: FrameworkSpec, id: string): FrameworkSpec {
  if (Array.isArray(framework)) {
    const gone = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of framework as FlatFrameworkNodeSpec[]) {
        if (n.parent !== null && gone.has(n.parent) && !gone.has(n.id)) {
          gone.add(n.id);
          grew = true;
        }
      }
    }
    return (framework as FlatFrameworkNodeSpec[]).filter((n) => !gone.has(n.id)).map((n) => ({ ...n }));
  }
  const prune = (node: FrameworkNodeSpec): FrameworkNodeSpec => ({
    ...node,
    ...(node.children ? { children: node.children.filter((c) => c.id !== id).map(prune) } : {}),
  });
  return prune(framework);
}

/** The observations a result was built from, read back from its `Raw` dataset. */
export function observationsOf(data: Dataset): Observation[] {
  const out: Observation[] = [];
  for (const id of data.ids) {
    const col = data.column(id);
    data.periods.forEach((period, p) => {
      data.units.forEach((unit, u) => {
        const v = col[p * data.units.length + u]!;
        out.push({ unit, indicator: id, period, value: Number.isNaN(v) ? null : v });
      });
    });
  }
  return out;
}

/**
 * Leaves each element of a level out in turn (each indicator, or each dimension), rebuilds the whole index from
 * the result's raw data with the same spec otherwise, and measures how far the index ranks move: the mean
 * absolute rank shift per element and each unit's new rank. An element whose removal hardly moves the ranks
 * adds little; one that moves them a lot carries the index.
 *
 * Reference: COINr `remove_elements(coin, Level, dset = "Aggregated", iCode = <index>)`; OECD/JRC Handbook
 * (2008) §7. Complexity: one full build per element.
 *
 * @example
 * const r = await removeElements(result, { level: 2 });
 * r.elements.sort((a, b) => b.meanAbsoluteRankShift - a.meanAbsoluteRankShift)[0].element
 */
export async function removeElements(
  result: IndexResult,
  options: {
    level?: number;
    period?: string;
    build?: BuildOptions;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<RemovalAnalysis> {
  const level = options.level ?? 1;
  const period = options.period ?? result.periods[result.periods.length - 1]!;
  const p = result.periods.indexOf(period);
  if (p < 0) throw new InputError("unknown-period", `removeElements: no period ${show(period)}`);
  const raw = result.datasets.find((d) => d.name === "Raw")?.data;
  if (!raw) throw new InputError("unknown-dataset", "removeElements: the result has no `Raw` dataset");
  const fw = result.framework;
  const root = fw.order.find((n) => n.parent === null)!;
  const observations = observationsOf(raw);
  const nominal = result.ranks.slice(root.id, p);
  const elements = fw.order.filter((n) => n.level === level && n.parent !== null);
  const out: ElementRemoval[] = [];
  for (const [i, node] of elements.entries()) {
    options.onProgress?.(i, elements.length);
    const entry: ElementRemoval = {
      element: node.id,
      level,
      meanAbsoluteRankShift: Number.NaN,
      maxShift: 0,
      maxShiftUnit: null,
      ranks: {},
    };
    out.push(entry);
    if (fw.nodes.get(node.parent!)!.children.length < 2) {
      entry.skipped = `it is the only child of ${show(node.parent)}`;
      continue;
    }
    const spec: Spec = {
      ...structuredClone(result.spec),
      framework: withoutNode(result.spec.framework, node.id),
    };
    const { result: again, issues } = await buildIndex(spec, observations, options.build);
    if (!again) {
      const first = issues.find((x) => x.severity === "error");
      entry.skipped = `the index cannot be built without it: ${first?.message ?? "unknown error"}`;
      continue;
    }
    const q = again.periods.indexOf(period);
    const ranks = again.ranks.slice(root.id, q);
    const row = new Map(again.units.map((u, k) => [u, k]));
    let sum = 0;
    let count = 0;
    result.units.forEach((unit, k) => {
      const j = row.get(unit);
      const r = j === undefined ? Number.NaN : ranks[j]!;
      entry.ranks[unit] = r;
      const shift = Math.abs(r - nominal[k]!);
      if (Number.isNaN(shift)) return;
      sum += shift;
      count++;
      if (shift > entry.maxShift) {
        entry.maxShift = shift;
        entry.maxShiftUnit = unit;
      }
    });
    entry.meanAbsoluteRankShift = count ? sum / count : Number.NaN;
  }
  options.onProgress?.(elements.length, elements.length);
  return { level, period, elements: out };
}

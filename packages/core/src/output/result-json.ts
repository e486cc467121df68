import type { Dataset } from "../data/dataset.js";
import type { IndexResult } from "../pipeline/result.js";

/** A dataset as plain JSON: `values[id][period][unit]`, `null` for missing. */
export interface DatasetJSON {
  /** Unit ids, in the order of the inner arrays. */
  units: string[];
  /** Periods. */
  periods: string[];
  /** Values by column id, then period, then unit. */
  values: Record<string, (number | null)[][]>;
}

/** Converts a dataset to plain JSON, `NaN` as `null`. */
export function datasetToJSON(data: Dataset): DatasetJSON {
  const values: Record<string, (number | null)[][]> = {};
  for (const id of data.ids) {
    values[id] = data.periods.map((_, p) =>
      Array.from(data.slice(id, p), (v) => (Number.isNaN(v) ? null : v)),
    );
  }
  return { units: [...data.units], periods: [...data.periods], values };
}

/**
 * The result as plain JSON, for `results.json`: spec, framework (nodes with levels, parents, weights), scores
 * and ranks, every intermediate dataset, audit trail, issues, accounting, provenance and, when attached, the
 * statistical audit (`analysis`) and the uncertainty summary (`uncertainty`), non-finite numbers as `null`.
 */
export function resultToJSON(result: IndexResult): Record<string, unknown> {
  return {
    id: result.spec.id,
    title: result.spec.title ?? null,
    notice: result.spec.notice ?? null,
    engine: result.provenance.engine,
    units: result.units.map((id) => {
      const u = result.framework.units.get(id);
      return { id, labels: u?.labels ?? {}, meta: u?.meta ?? {} };
    }),
    periods: [...result.periods],
    nodes: result.framework.order.map((n) => ({
      id: n.id,
      labels: n.labels,
      level: n.level,
      parent: n.parent,
      children: n.children,
      weight: result.weights[n.id] ?? null,
      isIndicator: n.isIndicator,
    })),
    scores: datasetToJSON(result.scores),
    ranks: datasetToJSON(result.ranks),
    datasets: result.datasets.map((d) => ({ name: d.name, step: d.step, ...datasetToJSON(d.data) })),
    audit: result.audit,
    issues: result.issues,
    accounting: result.accounting,
    provenance: result.provenance,
    spec: result.spec,
    ...(result.analysis ? { analysis: finiteOrNull(result.analysis) } : {}),
    ...(result.uncertainty ? { uncertainty: finiteOrNull(result.uncertainty) } : {}),
  };
}

/** A deep copy of plain data with non-finite numbers (`NaN`, infinities) as `null`, as JSON has no such numbers. */
export function finiteOrNull<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)),
  );
}

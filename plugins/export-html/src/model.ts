import { comparedPeriod, type IndexResult, type Labels, type NodeModel } from "@cityindex/core";

/** What the report's parts share: the result, its languages, and the nodes and units in display order. */
export interface ReportModel {
  /** The result. */
  result: IndexResult;
  /** Languages of the report, the first shown when it opens. */
  languages: string[];
  /** Index of the latest period (the edition) in `result.periods`. */
  latest: number;
  /** Index of the period the edition is compared with (the spec's `tracking`; by default the one before). */
  first: number;
  /** The root node (the index). */
  root: NodeModel;
  /** The root's children (the dimensions). */
  dimensions: NodeModel[];
  /** The indicators, in framework order (depth first). */
  indicators: NodeModel[];
  /** Every node, depth first from the root. */
  tree: NodeModel[];
  /** Row indices of the units, best index rank in the latest period first; unranked units last, by id. */
  order: number[];
  /** Effective weight of every node: the product of its and its ancestors' weight shares. */
  effective: Map<string, number>;
  /** The label of a unit in a language. */
  unitLabel(unit: string, language: string): string;
  /** The label of a framework node in a language. */
  nodeLabel(node: string, language: string): string;
  /** The score of a node for a unit (row index) in a period (index), `NaN` when missing. */
  score(node: string, unit: number, period: number): number;
  /** The rank of a node for a unit (row index) in a period (index), `NaN` when missing. */
  rank(node: string, unit: number, period: number): number;
}

/**
 * A label in a language: the language's entry, else the same base language (`zh` for `zh-Hant`), else English,
 * else the first entry, else the fallback.
 */
export function labelIn(labels: Labels | undefined, language: string, fallback: string): string {
  if (!labels) return fallback;
  const base = language.split("-")[0]!;
  return labels[language] ?? labels[base] ?? labels.en ?? Object.values(labels)[0] ?? fallback;
}

/** Builds the {@link ReportModel} of a result for the given languages. */
export function reportModel(result: IndexResult, languages: string[]): ReportModel {
  const fw = result.framework;
  const root = fw.root;
  const latest = Math.max(0, result.periods.length - 1);
  const tree: NodeModel[] = [];
  const walk = (id: string): void => {
    const node = fw.nodes.get(id);
    if (!node) return;
    tree.push(node);
    for (const c of node.children) walk(c);
  };
  walk(root.id);
  const dimensions = root.children.map((c) => fw.nodes.get(c)).filter((n): n is NodeModel => n !== undefined);
  const indicators = tree.filter((n) => n.isIndicator);

  const rank = (node: string, unit: number, period: number): number =>
    result.ranks.has(node) ? result.ranks.get(node, unit, period) : Number.NaN;
  const score = (node: string, unit: number, period: number): number =>
    result.scores.has(node) ? result.scores.get(node, unit, period) : Number.NaN;

  const order = result.units.map((_, i) => i);
  const key = (u: number) => {
    const r = rank(root.id, u, latest);
    return Number.isNaN(r) ? Number.POSITIVE_INFINITY : r;
  };
  order.sort((a, b) => key(a) - key(b) || compareIds(result.units[a]!, result.units[b]!));

  const effective = new Map<string, number>();
  const share = (node: NodeModel): number => {
    if (node.parent === null) return 1;
    const parent = fw.nodes.get(node.parent);
    if (!parent) return 1;
    const w = (id: string) => {
      const v = result.weights[id] ?? fw.nodes.get(id)?.weight ?? 0;
      return Number.isFinite(v) && v > 0 ? v : 0;
    };
    const sum = parent.children.reduce((s, c) => s + w(c), 0);
    return sum > 0 ? w(node.id) / sum : 0;
  };
  for (const node of tree) {
    const parent = node.parent === null ? 1 : (effective.get(node.parent) ?? 0);
    effective.set(node.id, parent * share(node));
  }

  return {
    result,
    languages,
    latest,
    first: comparedPeriod(result) ?? latest,
    root,
    dimensions,
    indicators,
    tree,
    order,
    effective,
    unitLabel: (unit, language) => labelIn(fw.units.get(unit)?.labels, language, unit),
    nodeLabel: (node, language) =>
      labelIn(fw.nodes.get(node)?.labels ?? fw.indicators.get(node)?.labels, language, node),
    score,
    rank,
  };
}

/** Compares ids by code point, the same everywhere (no locale). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A unit's coordinates from its metadata (`lat`/`latitude` and `lng`/`lon`/`long`/`longitude`), if any. */
export function coordinates(
  meta: Record<string, unknown> | undefined,
): { lat: number; lon: number } | undefined {
  if (!meta) return undefined;
  const pick = (keys: string[]) => {
    for (const k of keys) {
      const v = meta[k];
      if (typeof v === "number" && Number.isFinite(v)) return v;
    }
    return undefined;
  };
  const lat = pick(["lat", "latitude"]);
  const lon = pick(["lng", "lon", "long", "longitude"]);
  if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { lat, lon };
}

/** A score as shown: one decimal, `–` when missing. */
export function formatScore(v: number): string {
  return Number.isFinite(v) ? v.toFixed(1) : "–";
}

/** A rank as shown: whole, or with one decimal for a half rank; `–` when missing. */
export function formatRank(v: number): string {
  if (!Number.isFinite(v)) return "–";
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

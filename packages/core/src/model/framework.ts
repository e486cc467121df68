import { type IssueList, pointer, show } from "../issues.js";
import type {
  FlatFrameworkNodeSpec,
  FrameworkNodeSpec,
  IndicatorSpec,
  Labels,
  Spec,
  UnitSpec,
} from "../spec/types.js";

/** An indicator as the engine sees it: the spec's fields with defaults applied. */
export interface IndicatorModel {
  /** Indicator id. */
  id: string;
  /** Labels in several languages. */
  labels: Labels;
  /** `1` if more is better, `-1` if less is better. */
  direction: 1 | -1;
  /** Unit of measure. */
  unit?: string;
  /** Source. */
  source?: string;
  /** Formula over other indicators, if derived. */
  formula?: string;
  /** Denominator: an indicator id or a unit metadata column. */
  denominator?: string;
  /** Goalposts `[lower, upper]`. */
  goalposts?: [number, number];
  /** Target value. */
  target?: number;
  /** True if the indicator is a leaf of the framework; false if it is auxiliary (denominator, formula input). */
  inFramework: boolean;
  /** Position in the spec's `indicators` array. */
  specIndex: number;
}

/** A node of the framework: an indicator (level 1) or an aggregate. */
export interface NodeModel {
  /** Node id (an indicator id at level 1). */
  id: string;
  /** Labels in several languages. */
  labels: Labels;
  /** 1 for indicators; a parent's level is one more than its highest child's. */
  level: number;
  /** Parent id, or `null` for the root. */
  parent: string | null;
  /** Children ids, in spec order (empty for indicators). */
  children: string[];
  /** Weight of the edge to the parent, as given in the spec. */
  weight: number;
  /** True for indicators. */
  isIndicator: boolean;
  /** JSON pointer of the node in the spec. */
  path: string;
}

/** The framework of a spec: nodes by id, levels, and the indicators and units it uses. */
export interface FrameworkModel {
  /** The root node (the index). */
  root: NodeModel;
  /** Every node by id. */
  nodes: ReadonlyMap<string, NodeModel>;
  /** Every node, children before parents (indicators first, the root last). */
  order: readonly NodeModel[];
  /** The highest level (the root's). */
  maxLevel: number;
  /** Every indicator of the spec (framework leaves and auxiliary ones) by id. */
  indicators: ReadonlyMap<string, IndicatorModel>;
  /** Unit specs by id. */
  units: ReadonlyMap<string, UnitSpec>;
  /** The indicators under a node (itself if it is an indicator). */
  leavesOf(id: string): string[];
}

const emptyLabels: Labels = {};

/**
 * Builds the framework model of a spec, collecting every structural problem: duplicate ids, cycles, leaves that
 * are not indicators, indicators that are not used, non-finite or negative weights, weights that sum to zero.
 * Returns `undefined` when the framework cannot be built at all.
 */
export function buildFramework(spec: Spec, issues: IssueList): FrameworkModel | undefined {
  const indicators = new Map<string, IndicatorModel>();
  (spec.indicators ?? []).forEach((ind: IndicatorSpec, i) => {
    if (indicators.has(ind.id)) {
      issues.error(
        "duplicate-id",
        pointer("indicators", i, "id"),
        `indicator id ${show(ind.id)} is used twice`,
        "spec",
      );
      return;
    }
    indicators.set(ind.id, {
      id: ind.id,
      labels: ind.labels ?? emptyLabels,
      direction: ind.direction ?? 1,
      unit: ind.unit,
      source: ind.source,
      formula: ind.formula,
      denominator: ind.denominator,
      goalposts: ind.goalposts,
      target: ind.target,
      inFramework: false,
      specIndex: i,
    });
  });

  const units = new Map<string, UnitSpec>();
  (spec.units ?? []).forEach((u, i) => {
    if (units.has(u.id)) {
      issues.error("duplicate-id", pointer("units", i, "id"), `unit id ${show(u.id)} is used twice`, "spec");
      return;
    }
    units.set(u.id, u);
  });

  const flat = Array.isArray(spec.framework)
    ? readFlat(spec.framework, issues)
    : readNested(spec.framework, issues);
  if (!flat) return undefined;

  const nodes = new Map<string, NodeModel>();
  for (const n of flat) nodes.set(n.id, n);
  for (const n of flat) {
    if (n.parent !== null) nodes.get(n.parent)?.children.push(n.id);
  }

  const roots = flat.filter((n) => n.parent === null);
  if (roots.length !== 1) {
    issues.error(
      "framework-root",
      "/framework",
      roots.length === 0
        ? "the framework has no root: exactly one node must have no parent"
        : `the framework has ${roots.length} roots (${roots.map((r) => show(r.id)).join(", ")}): exactly one node must have no parent`,
      "spec",
    );
    return undefined;
  }
  const root = roots[0]!;

  // Cycle detection (only possible in the flat form): walk up from every node.
  for (const n of flat) {
    const seen = new Set<string>([n.id]);
    let p = n.parent;
    const chain = [n.id];
    while (p !== null) {
      chain.push(p);
      if (seen.has(p)) {
        issues.error(
          "framework-cycle",
          n.path,
          `the framework has a cycle: ${chain.map((c) => show(c)).join(" → ")}`,
          "spec",
        );
        return undefined;
      }
      seen.add(p);
      p = nodes.get(p)?.parent ?? null;
    }
  }

  // Leaves must be indicators; indicators must not have children.
  for (const n of flat) {
    const ind = indicators.get(n.id);
    if (n.children.length === 0) {
      if (!ind) {
        issues.error(
          "unknown-indicator",
          n.path,
          `framework node ${show(n.id)} has no children and is not an indicator; add it to \`indicators\` or give it children`,
          "spec",
        );
        continue;
      }
      n.isIndicator = true;
      ind.inFramework = true;
      if (Object.keys(n.labels).length === 0) n.labels = ind.labels;
      const specWeight = spec.indicators[ind.specIndex]?.weight;
      if (n.weightGiven && specWeight !== undefined && specWeight !== n.weight) {
        issues.error(
          "weight-conflict",
          n.path + "/weight",
          `indicator ${show(n.id)} has weight ${show(specWeight)} in \`indicators\` and ${show(n.weight)} in the framework; give it once`,
          "spec",
        );
      }
      if (!n.weightGiven && specWeight !== undefined) n.weight = specWeight;
    } else if (ind) {
      issues.error(
        "indicator-has-children",
        n.path,
        `${show(n.id)} is an indicator but has children in the framework`,
        "spec",
      );
    }
  }

  // Levels: leaves 1, parents one more than their highest child.
  const order: NodeModel[] = [];
  const visit = (id: string): number => {
    const n = nodes.get(id)!;
    let level = 1;
    for (const c of n.children) level = Math.max(level, visit(c) + 1);
    n.level = level;
    order.push(n);
    return level;
  };
  visit(root.id);

  // Weights: finite, non-negative, not all zero among siblings.
  for (const n of order) {
    if (!Number.isFinite(n.weight) || n.weight < 0) {
      issues.error(
        "bad-weight",
        n.path + "/weight",
        `weight of ${show(n.id)} must be a finite number >= 0, got ${show(n.weight)}`,
        "spec",
      );
    }
    if (n.children.length > 0) {
      const sum = n.children.reduce((s, c) => s + (nodes.get(c)?.weight ?? 0), 0);
      if (sum === 0) {
        issues.error(
          "zero-weights",
          n.path,
          `the weights of the children of ${show(n.id)} sum to zero, so it cannot be aggregated`,
          "spec",
        );
      }
    }
  }

  for (const ind of indicators.values()) {
    if (!ind.inFramework && !isUsedAsInput(ind.id, spec)) {
      issues.warn(
        "unused-indicator",
        pointer("indicators", ind.specIndex),
        `indicator ${show(ind.id)} is not in the framework and no formula or denominator uses it`,
        "spec",
      );
    }
  }

  const leafCache = new Map<string, string[]>();
  const leavesOf = (id: string): string[] => {
    const cached = leafCache.get(id);
    if (cached) return cached;
    const n = nodes.get(id);
    const out = !n ? [] : n.isIndicator ? [id] : n.children.flatMap(leavesOf);
    leafCache.set(id, out);
    return out;
  };

  const model: FrameworkModel = {
    root,
    nodes,
    order,
    maxLevel: root.level,
    indicators,
    units,
    leavesOf,
  };
  for (const n of nodes.values()) delete (n as Partial<Draft>).weightGiven;
  return model;
}

type Draft = NodeModel & { weightGiven: boolean };

function readNested(rootSpec: FrameworkNodeSpec, issues: IssueList): Draft[] | undefined {
  const out: Draft[] = [];
  const seen = new Map<string, string>();
  const walk = (spec: FrameworkNodeSpec, parent: string | null, path: string): void => {
    const prior = seen.get(spec.id);
    if (prior !== undefined) {
      issues.error(
        "duplicate-id",
        path + "/id",
        `framework node id ${show(spec.id)} is used twice (first at ${prior})`,
        "spec",
      );
      return;
    }
    seen.set(spec.id, path);
    out.push({
      id: spec.id,
      labels: spec.labels ?? emptyLabels,
      level: 0,
      parent,
      children: [],
      weight: spec.weight ?? 1,
      weightGiven: spec.weight !== undefined,
      isIndicator: false,
      path,
    });
    (spec.children ?? []).forEach((c, i) => {
      walk(c, spec.id, `${path}/children/${i}`);
    });
  };
  walk(rootSpec, null, "/framework");
  return out;
}

function readFlat(list: FlatFrameworkNodeSpec[], issues: IssueList): Draft[] | undefined {
  const out: Draft[] = [];
  const seen = new Map<string, number>();
  let ok = true;
  list.forEach((n, i) => {
    if (seen.has(n.id)) {
      issues.error(
        "duplicate-id",
        pointer("framework", i, "id"),
        `framework node id ${show(n.id)} is used twice (first at /framework/${seen.get(n.id)})`,
        "spec",
      );
      ok = false;
      return;
    }
    seen.set(n.id, i);
    out.push({
      id: n.id,
      labels: n.labels ?? emptyLabels,
      level: 0,
      parent: n.parent,
      children: [],
      weight: n.weight ?? 1,
      weightGiven: n.weight !== undefined,
      isIndicator: false,
      path: pointer("framework", i),
    });
  });
  list.forEach((n, i) => {
    if (n.parent !== null && !seen.has(n.parent)) {
      issues.error(
        "unknown-parent",
        pointer("framework", i, "parent"),
        `parent ${show(n.parent)} of ${show(n.id)} is not a framework node`,
        "spec",
      );
      ok = false;
    }
  });
  return ok ? out : undefined;
}

function isUsedAsInput(id: string, spec: Spec): boolean {
  const word = new RegExp(`(^|[^A-Za-z0-9_])${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_])`);
  return spec.indicators.some(
    (i) => i.denominator === id || (i.formula !== undefined && word.test(i.formula)),
  );
}

import {
  type AggregateContext,
  type AuditEntry,
  Dataset,
  type FrameworkModel,
  type IndicatorContext,
  type IndicatorModel,
  type MethodIssue,
  type NodeModel,
  type WeightContext,
} from "@cityindex/core";

/** What a fake context collected. */
export interface Collected {
  issues: MethodIssue[];
  audit: Omit<AuditEntry, "step" | "stage" | "method">[];
}

/** A context for calling an indicator method directly, with unit metadata given per column. */
export function indicatorContext(
  n: number,
  options: {
    id?: string;
    meta?: Record<string, (string | number | null)[]>;
    indicator?: Partial<IndicatorModel>;
    /** The indicator in every period (period-major); default: `x` of the call, one period. */
    panel?: Float64Array;
    periods?: string[];
    periodIndex?: number;
    /** Other columns in this period, by id. */
    columns?: Record<string, Float64Array>;
  } = {},
): IndicatorContext & { collected: Collected } {
  const collected: Collected = { issues: [], audit: [] };
  const units = Array.from({ length: n }, (_, i) => `u${i + 1}`);
  const indicator: IndicatorModel = {
    id: options.id ?? "x",
    labels: {},
    direction: 1,
    inFramework: true,
    specIndex: 0,
    ...options.indicator,
  };
  const periods = options.periods ?? ["2024"];
  const periodIndex = options.periodIndex ?? 0;
  return {
    period: periods[periodIndex]!,
    periods,
    periodIndex,
    units,
    framework: {} as FrameworkModel,
    indicator,
    unitMeta: (column) => options.meta?.[column] ?? units.map(() => null),
    panel: () => {
      if (!options.panel) throw new Error("indicatorContext: no panel given");
      return options.panel;
    },
    column: (id) => {
      const c = options.columns?.[id];
      if (!c) throw new Error(`indicatorContext: no column ${id}`);
      return c;
    },
    report: (issue) => collected.issues.push(issue),
    audit: (entry) => collected.audit.push(entry),
    collected,
  };
}

/** A context for calling an aggregation method directly. */
export function aggregateContext(n: number, children: string[]): AggregateContext & { collected: Collected } {
  const collected: Collected = { issues: [], audit: [] };
  const node = (id: string, level: number): NodeModel => ({
    id,
    labels: {},
    level,
    parent: null,
    children: [],
    weight: 1,
    isIndicator: level === 1,
    path: "",
  });
  return {
    period: "2024",
    periods: ["2024"],
    periodIndex: 0,
    units: Array.from({ length: n }, (_, i) => `u${i + 1}`),
    framework: {} as FrameworkModel,
    node: node("parent", 2),
    children: children.map((c) => node(c, 1)),
    report: (issue) => collected.issues.push(issue),
    audit: (entry) => collected.audit.push(entry),
    collected,
  };
}

/** Asserts two vectors agree within `tol` (absolute), treating `NaN` as equal to `NaN`. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(a) : !(Math.abs(a - e) <= tol)) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (tolerance ${tol})`);
    }
  }
}

/** A context for calling a weighting method directly on one parent with the given children's data. */
export function weightContext(
  children: Record<string, number[]>,
  options: { current?: number[]; datasets?: Record<string, Dataset> } = {},
): WeightContext & { collected: Collected } {
  const collected: Collected = { issues: [], audit: [] };
  const ids = Object.keys(children);
  const n = children[ids[0]!]?.length ?? 0;
  const units = Array.from({ length: n }, (_, i) => `u${i + 1}`);
  const node = (id: string, level: number, kids: string[] = []): NodeModel => ({
    id,
    labels: {},
    level,
    parent: level === 1 ? "parent" : null,
    children: kids,
    weight: 1,
    isIndicator: level === 1,
    path: "",
  });
  const data = new Dataset(
    units,
    ["2024"],
    new Map(ids.map((id) => [id, Float64Array.from(children[id]!, (v) => (v === null ? Number.NaN : v))])),
  );
  return {
    period: "2024",
    periods: ["2024"],
    periodIndex: 0,
    units,
    framework: {} as FrameworkModel,
    node: node("parent", 2, ids),
    children: ids.map((id) => node(id, 1)),
    current: Float64Array.from(options.current ?? ids.map(() => 1)),
    data,
    dataset: (name) => options.datasets?.[name],
    report: (issue) => collected.issues.push(issue),
    audit: (entry) => collected.audit.push(entry),
    collected,
  };
}

import type {
  AggregateContext,
  AuditEntry,
  FrameworkModel,
  IndicatorContext,
  IndicatorModel,
  MethodIssue,
  NodeModel,
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
  return {
    period: "2024",
    units,
    framework: {} as FrameworkModel,
    indicator,
    unitMeta: (column) => options.meta?.[column] ?? units.map(() => null),
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

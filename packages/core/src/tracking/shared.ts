import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { IndexResult } from "../pipeline/result.js";

/** The position of `period` in the result's periods; throws `unknown-period` naming the periods there are. */
export function periodIndex(result: IndexResult, period: string, fn: string, what = "the result"): number {
  const p = result.periods.indexOf(period);
  if (p < 0) {
    throw new InputError(
      "unknown-period",
      `${fn}: no period ${show(period)}; ${what} has ${result.periods.map((x) => show(x)).join(", ")}`,
    );
  }
  return p;
}

/** Checks a list of node ids against the framework: every id known, none twice. */
export function checkNodes(
  result: IndexResult,
  nodes: readonly string[],
  fn: string,
  what = "the result",
): void {
  const seen = new Set<string>();
  for (const id of nodes) {
    if (!result.framework.nodes.has(id)) {
      throw new InputError("unknown-id", `${fn}: no framework node ${show(id)} in ${what}`);
    }
    if (seen.has(id)) throw new InputError("duplicate-id", `${fn}: node ${show(id)} is named twice`);
    seen.add(id);
  }
}

/** The aggregates and the root, children before parents. */
export const aggregatesOf = (result: IndexResult): string[] =>
  result.framework.order.filter((n) => !n.isIndicator).map((n) => n.id);

/**
 * The two periods and the nodes of a comparison between periods: both periods known and distinct
 * (`same-period` otherwise), the nodes known and none twice (default: every aggregate and the root).
 */
export function periodPair(
  result: IndexResult,
  options: { from: string; to: string; nodes?: readonly string[] | undefined },
  fn: string,
): { pFrom: number; pTo: number; nodes: string[] } {
  const pFrom = periodIndex(result, options.from, fn);
  const pTo = periodIndex(result, options.to, fn);
  if (pFrom === pTo) {
    throw new InputError("same-period", `${fn}: \`from\` and \`to\` are both ${show(options.from)}`);
  }
  const nodes = options.nodes ? [...options.nodes] : aggregatesOf(result);
  checkNodes(result, nodes, fn);
  return { pFrom, pTo, nodes };
}

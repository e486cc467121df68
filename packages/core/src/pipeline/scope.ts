import type { FrameworkModel, NodeModel } from "../model/framework.js";
import type { ScopeSpec } from "../spec/types.js";

/**
 * The indicators a step on indicators applies to: those named in `scope.indicators` (a node id means every
 * indicator under it) and under `scope.nodes`; without a scope, every indicator of the framework.
 */
export function indicatorsInScope(framework: FrameworkModel, scope: ScopeSpec | undefined): string[] {
  const all = framework.order.filter((n) => n.isIndicator).map((n) => n.id);
  if (!scope || (!scope.indicators && !scope.nodes)) return all;
  const picked = new Set<string>();
  const add = (id: string): void => {
    if (framework.nodes.has(id)) for (const leaf of framework.leavesOf(id)) picked.add(leaf);
    else if (framework.indicators.has(id)) picked.add(id);
  };
  for (const id of scope.indicators ?? []) add(id);
  for (const id of scope.nodes ?? []) add(id);
  const auxiliary = [...picked].filter((id) => !framework.nodes.has(id));
  return [...all.filter((id) => picked.has(id)), ...auxiliary];
}

/**
 * The parent nodes a weight or aggregate step applies to, children before parents: those named in
 * `scope.nodes` and at `scope.levels`; without a scope, every node that has children.
 */
export function parentsInScope(framework: FrameworkModel, scope: ScopeSpec | undefined): NodeModel[] {
  return framework.order.filter(
    (n) =>
      n.children.length > 0 &&
      (!scope?.nodes || scope.nodes.includes(n.id)) &&
      (!scope?.levels || scope.levels.includes(n.level)),
  );
}

import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { IndexResult } from "../pipeline/result.js";

/** An indicator that is a unit's strength or weakness. */
export interface StrengthOrWeakness {
  /** Indicator id. */
  indicator: string;
  /** The unit's rank on it (1 = best). */
  rank: number;
  /** The unit's value in the dataset used. */
  value: number;
}

/** A unit's profile: its scores and ranks at every level, strengths, weaknesses and peers. */
export interface UnitProfile {
  /** Unit id. */
  unit: string;
  /** The period. */
  period: string;
  /** Score and rank of every framework node, in framework order. */
  nodes: { node: string; level: number; score: number; rank: number }[];
  /** The indicators with the best ranks, best first. */
  strengths: StrengthOrWeakness[];
  /** The indicators with the worst ranks, worst first. */
  weaknesses: StrengthOrWeakness[];
  /** The units ranked just above and below on the index. */
  peers: { unit: string; rank: number; score: number }[];
}

/**
 * A unit's profile: scores and ranks at every level, its strengths and weaknesses (the indicators on which it
 * ranks best and worst among the units, on the normalised data, so directions are applied), and its peers (the
 * units ranked nearest on the index). Indicators on which many units tie (fewer distinct values than half the
 * units) are left out of strengths and weaknesses, since a shared rank says little.
 *
 * Reference: COINr `get_str_weak(coin, dset, usel, topN, bottomN)`, which ranks indicators the same way and can
 * discard indicators with few unique values. Complexity O(k n).
 *
 * @example
 * unitProfile(result, "chengdu").strengths.map((s) => s.indicator)
 */
export function unitProfile(
  result: IndexResult,
  unit: string,
  options: { period?: string; top?: number; peers?: number } = {},
): UnitProfile {
  const u = result.units.indexOf(unit);
  if (u < 0) throw new InputError("unknown-id", `unitProfile: no unit ${show(unit)} in the result`);
  const period = options.period ?? result.periods[result.periods.length - 1]!;
  const p = result.periods.indexOf(period);
  if (p < 0) throw new InputError("unknown-period", `unitProfile: no period ${show(period)}`);
  const fw = result.framework;
  const nodes = fw.order.map((n) => ({
    node: n.id,
    level: n.level,
    score: result.scores.get(n.id, u, p),
    rank: result.ranks.get(n.id, u, p),
  }));
  const top = options.top ?? 5;
  const n = result.units.length;
  const candidates = fw.order
    .filter((node) => node.isIndicator)
    .filter((node) => {
      const col = result.scores.slice(node.id, p);
      const distinct = new Set<number>();
      for (const v of col) if (!Number.isNaN(v)) distinct.add(v);
      return distinct.size >= n / 2;
    })
    .map((node) => ({
      indicator: node.id,
      rank: result.ranks.get(node.id, u, p),
      value: result.scores.get(node.id, u, p),
    }))
    .filter((s) => !Number.isNaN(s.rank));
  const strengths = [...candidates].sort((a, b) => a.rank - b.rank).slice(0, top);
  const weaknesses = [...candidates].sort((a, b) => b.rank - a.rank).slice(0, top);
  const root = fw.order.find((x) => x.parent === null)!;
  const ranks = result.ranks.slice(root.id, p);
  const scores = result.scores.slice(root.id, p);
  const width = options.peers ?? 2;
  const own = ranks[u]!;
  const peers = result.units
    .map((id, i) => ({ unit: id, rank: ranks[i]!, score: scores[i]! }))
    .filter((x) => x.unit !== unit && Math.abs(x.rank - own) <= width)
    .sort((a, b) => a.rank - b.rank || a.unit.localeCompare(b.unit));
  return { unit, period, nodes, strengths, weaknesses, peers };
}

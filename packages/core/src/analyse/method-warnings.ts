import type { IndexResult } from "../pipeline/result.js";
import type { AuditFlag } from "./analyse.js";
import type { IndicatorStats } from "./indicator-stats.js";

/**
 * Warnings about how the chosen methods interact with the data: entropy weights on heavy-tailed indicators,
 * entropy's zero shift, AHP judgements that are not consistent enough, TOPSIS's rank reversal, and compensation
 * between dimensions under the arithmetic mean.
 *
 * References: Zhu, Tian & Yan (2020) "Effectiveness of entropy weight method in decision-making", Mathematical
 * Problems in Engineering (entropy's sensitivity to the distribution); Saaty (1980) (CR < 0.1); García-Cascales &
 * Lamata (2012) "On rank reversal and TOPSIS method", Mathematical and Computer Modelling 56; OECD/JRC Handbook
 * (2008) §6 (compensability).
 */
export function methodWarnings(result: IndexResult, stats: readonly IndicatorStats[]): AuditFlag[] {
  const flags: AuditFlag[] = [];
  const steps = result.spec.pipeline;
  const fw = result.framework;
  const entropy = steps.filter((s) => s.step === "weight" && s.method === "entropy");
  if (entropy.length > 0) {
    for (const s of stats) {
      if (!s.flags.includes("outliers")) continue;
      flags.push({
        severity: "warning",
        code: "entropy-heavy-tail",
        check: "method",
        subjects: [s.indicator],
        message: `entropy weighting rewards dispersion, and ${s.indicator} is heavy-tailed (skew ${s.skew.toFixed(2)}, kurtosis ${s.kurtosis.toFixed(2)}): a few extreme units will earn it a large weight; consider a log transform or winsorising before weighting`,
      });
    }
    for (const step of entropy) {
      if (step.options?.zeros === "shift") {
        flags.push({
          severity: "info",
          code: "entropy-shift",
          check: "method",
          subjects: ["entropy"],
          message: `entropy weights use a shift δ = ${String(step.options.shift ?? "default")} for zeros: the weights depend on δ; compare the ranks with another δ (or the 0·ln 0 = 0 rule) before publishing`,
        });
      }
    }
  }
  for (const entry of result.audit) {
    if (entry.action !== "ahp-consistency") continue;
    const cr = entry.details?.cr;
    if (typeof cr === "number" && cr >= 0.1) {
      flags.push({
        severity: "warning",
        code: "ahp-inconsistent",
        check: "method",
        subjects: [entry.node ?? "ahp"],
        message: `the AHP judgements for ${entry.node} have CR ${cr.toFixed(3)} (0.1 or more): they are not consistent enough to trust the weights; revisit the judgements the weighting step names`,
      });
    }
  }
  if (steps.some((s) => s.step === "aggregate" && s.method === "topsis")) {
    flags.push({
      severity: "info",
      code: "topsis-rank-reversal",
      check: "method",
      subjects: ["topsis"],
      message:
        "TOPSIS scores each unit against the best and worst units of the sample: adding or removing a unit can swap the order of two others (rank reversal); keep the sample fixed across editions or use fixed ideals",
    });
  }
  // Compensation: arithmetic aggregation of dimensions where a unit's dimensions are far apart.
  const root = fw.order.find((n) => n.parent === null)!;
  const p = result.periods.length - 1;
  for (const step of steps) {
    if (step.step !== "aggregate" || step.method !== "arithmetic") continue;
    const levels = step.scope?.levels;
    const nodes = step.scope?.nodes;
    const covers = (!levels || levels.includes(root.level)) && (!nodes || nodes.includes(root.id));
    if (!covers || root.children.length < 2) continue;
    const spread = result.units
      .map((unit, u) => {
        const values = root.children.map((c) => result.scores.get(c, u, p)).filter((v) => !Number.isNaN(v));
        return { unit, spread: values.length ? Math.max(...values) - Math.min(...values) : 0 };
      })
      .sort((a, b) => b.spread - a.spread);
    const all = root.children.flatMap((c) =>
      Array.from(result.scores.slice(c, p)).filter((v) => !Number.isNaN(v)),
    );
    const range = all.length ? Math.max(...all) - Math.min(...all) : 0;
    const uneven = spread.filter((s) => range > 0 && s.spread > range / 2);
    if (uneven.length > 0) {
      flags.push({
        severity: "info",
        code: "compensation",
        check: "method",
        subjects: uneven.slice(0, 5).map((s) => s.unit),
        message: `the arithmetic mean lets a strong dimension make up for a weak one; ${uneven.length} unit(s) have dimensions more than half the scale apart (most: ${uneven
          .slice(0, 3)
          .map((s) => `${s.unit} ${s.spread.toFixed(1)}`)
          .join(", ")}); a geometric mean or Mazziotta–Pareto would penalise such unevenness`,
      });
    }
    break;
  }
  return flags;
}

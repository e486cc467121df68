import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link distanceToTarget}. */
export type DistanceToTargetOptions = {
  /**
   * The target, on the indicator's own scale (before direction): one number for every indicator of the step, or
   * a number per indicator id. Indicators without one here use the `target` of their spec entry.
   */
  target?: number | Record<string, number>;
  /** Give 1 to every unit beyond the target instead of a score above 1. Default `false`. */
  cap: boolean;
};

/**
 * Distance to a target: scores each value by how far it has come from the worst value towards a target, per
 * period. The worst unit scores 0, a unit at the target 1, and units beyond the target more than 1 unless `cap`
 * is set. Used for policy targets (the EU2020 Index).
 *
 * Formula: y = (x − min(x)) / (t − min(x)) for direction 1; for direction −1, y = (max(x) − x) / (max(x) − t)
 * on the original values, which is the same formula on the negated values and target the method receives.
 * With `cap`, y = min(y, 1).
 * Reference: OECD/JRC Handbook (2008), §5.2; COINr 1.1.14 `n_dist2targ(x, targ, direction, cap_max)`, whose
 * direction-1 formula is `(x - min(x)) / (targ - min(x))` and direction −1 formula
 * `(max(x) - x) / (max(x) - targ)`.
 * Complexity O(n). Missing values stay missing and do not enter the minimum; ties keep equal values.
 * Errors: no target in the options or the spec (`missing-target`), and a target no better than the worst
 * value (`target-not-above-worst`; COINr only warns and returns scores of reversed order or a division by zero).
 *
 * @example
 * // target 7: 3, 1, 4, 1, 5 → 0.333, 0, 0.5, 0, 0.667
 */
export const distanceToTarget: NormaliseMethod<DistanceToTargetOptions> = defineMethod({
  stage: "normalise",
  id: "distance-to-target",
  label: "Distance to a target",
  description: "Scores each value by its progress from the worst value towards a target",
  formula: "y = (x − min(x)) / (t − min(x)), values and target with direction applied; with cap, min(y, 1)",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §5.2; COINr n_dist2targ()",
  options: {
    type: "object",
    properties: {
      target: {
        description:
          "Target on the indicator's own scale: one number, or an object of numbers keyed by indicator id; indicators not given here use their spec `target`",
        oneOf: [{ type: "number" }, { type: "object", additionalProperties: { type: "number" } }],
      },
      cap: {
        type: "boolean",
        description: "Score every unit beyond the target 1 instead of more than 1",
        default: false,
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not enter the minimum.",
  example: { indicator: { target: 7 } },
  normalise(x, options, ctx) {
    const out = new Float64Array(x.length).fill(Number.NaN);
    const id = ctx.indicator.id;
    const given = options.target;
    const fromOptions = typeof given === "number" ? given : given?.[id];
    const target = fromOptions ?? ctx.indicator.target;
    if (target === undefined) {
      ctx.report({
        severity: "error",
        code: "missing-target",
        message: `distance-to-target needs a target for ${show(id)}: give it in the step's options (\`target\`) or in the indicator's spec entry`,
      });
      return out;
    }
    const direction = ctx.indicator.direction;
    // The values arrive multiplied by the direction; the target is on the original scale.
    const t = direction === -1 ? -target : target;
    let lo = Number.POSITIVE_INFINITY;
    for (let i = 0; i < x.length; i++) if (x[i]! < lo) lo = x[i]!;
    if (lo === Number.POSITIVE_INFINITY) return out;
    if (!(t > lo)) {
      const worst = direction === -1 ? -lo : lo;
      ctx.report({
        severity: "error",
        code: "target-not-above-worst",
        message: `distance-to-target needs a target better than the worst value, but the target of ${show(id)} is ${show(target)} and its worst value in ${show(ctx.period)} is ${show(worst)}${direction === -1 ? " (direction -1: lower is better)" : ""}`,
      });
      return out;
    }
    const span = t - lo;
    for (let i = 0; i < x.length; i++) {
      const y = (x[i]! - lo) / span;
      out[i] = options.cap && y > 1 ? 1 : y;
    }
    const worst = direction === -1 ? -lo : lo;
    ctx.audit({
      action: "normalised",
      node: id,
      period: ctx.period,
      details: {
        target,
        from: fromOptions === undefined ? "indicator" : "options",
        worst,
        direction,
        cap: options.cap,
      },
      message: `scored ${id} by its progress from the worst value ${worst} to the target ${target}${options.cap ? ", capped at 1" : ""}`,
    });
    return out;
  },
});

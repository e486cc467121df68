import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link goalposts}. */
export type GoalpostsOptions = {
  /**
   * Goalposts `[lower, upper]` on the indicator's own scale (before direction): one pair for every indicator of
   * the step, or a pair per indicator id. Indicators not given here use the `goalposts` of their spec entry.
   */
  goalposts?: [number, number] | Record<string, [number, number]>;
  /** Clamp values outside the goalposts to them (scores 0 and `scale`). Default `true`. */
  truncate: boolean;
  /** Score of a value at the best goalpost. Default `100`. */
  scale: number;
};

/**
 * Goalposts: scores each value by its position between two fixed bounds, the same in every period, so scores
 * are comparable over time. For direction 1 the lower goalpost scores 0 and the upper `scale`; for direction −1
 * the upper goalpost scores 0 and the lower `scale`. Values beyond a goalpost are clamped to it when `truncate`
 * is set.
 *
 * Formula: y = (x − L) / (U − L) · a for direction 1, y = (x − U) / (L − U) · a for direction −1, with L < U
 * the goalposts on the original scale and a = `scale`; with `truncate`, the ratio is clamped to [0, 1] first.
 * Since the method receives the values negated for direction −1, it negates and swaps the goalposts to match.
 * Reference: UNDP Human Development Index (fixed goalposts); OECD/JRC Handbook (2008), §5.2; COINr 1.1.14
 * `n_goalposts(x, gposts = c(L, U, a), direction, trunc2posts)`.
 * Complexity O(n); no statistic of the sample is used. Missing values stay missing; ties keep equal values.
 * Errors: no goalposts in the options or the spec (`missing-goalposts`), and goalposts that are not increasing
 * (`bad-goalposts`).
 *
 * @example
 * // goalposts [2, 8], scale 100: 3, 1, 4, 9 → 16.67, 0, 33.33, 100
 */
export const goalposts: NormaliseMethod<GoalpostsOptions> = defineMethod({
  stage: "normalise",
  id: "goalposts",
  label: "Goalposts",
  description: "Scores each value by its position between two fixed goalposts, clamped to them by default",
  formula: "y = a · clamp((x − L) / (U − L), 0, 1), goalposts L < U with direction applied, a = scale",
  citation:
    "UNDP Human Development Report, technical notes (goalposts); OECD/JRC (2008) Handbook, §5.2; COINr n_goalposts()",
  options: {
    type: "object",
    properties: {
      goalposts: {
        description:
          "Goalposts [lower, upper] on the indicator's own scale: one pair, or an object of pairs keyed by indicator id; indicators not given here use their spec `goalposts`",
        oneOf: [
          { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2 },
          {
            type: "object",
            additionalProperties: { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2 },
          },
        ],
      },
      truncate: {
        type: "boolean",
        description: "Clamp values beyond the goalposts to them (scores 0 and scale)",
        default: true,
      },
      scale: { type: "number", exclusiveMinimum: 0, description: "Score at the best goalpost", default: 100 },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: false },
  missing: "Missing values stay missing.",
  example: { indicator: { goalposts: [2, 8] } },
  normalise(x, options, ctx) {
    const out = new Float64Array(x.length).fill(Number.NaN);
    const id = ctx.indicator.id;
    const given = options.goalposts;
    const fromOptions = Array.isArray(given) ? given : given?.[id];
    const posts = fromOptions ?? ctx.indicator.goalposts;
    if (posts === undefined) {
      ctx.report({
        severity: "error",
        code: "missing-goalposts",
        message: `goalposts normalisation needs goalposts for ${show(id)}: give them in the step's options (\`goalposts\`) or in the indicator's spec entry`,
      });
      return out;
    }
    const [lower, upper] = posts;
    if (!(lower < upper)) {
      ctx.report({
        severity: "error",
        code: "bad-goalposts",
        message: `goalposts of ${show(id)} must be [lower, upper] with lower < upper, got ${show(posts)}`,
      });
      return out;
    }
    const direction = ctx.indicator.direction;
    // The values arrive multiplied by the direction: for −1 the goalposts are negated, which swaps them.
    const lo = direction === -1 ? -upper : lower;
    const hi = direction === -1 ? -lower : upper;
    const span = hi - lo;
    const { truncate, scale } = options;
    for (let i = 0; i < x.length; i++) {
      let y = (x[i]! - lo) / span;
      if (truncate) {
        if (y > 1) y = 1;
        else if (y < 0) y = 0;
      }
      out[i] = y * scale;
    }
    ctx.audit({
      action: "normalised",
      node: id,
      period: ctx.period,
      details: {
        goalposts: [lower, upper],
        from: fromOptions === undefined ? "indicator" : "options",
        direction,
        truncate,
        scale,
      },
      message: `scored ${id} between the goalposts [${lower}, ${upper}]${direction === -1 ? " (lower is better)" : ""} onto [0, ${scale}]${truncate ? ", clamped" : ""}`,
    });
    return out;
  },
});

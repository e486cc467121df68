import { show } from "../issues.js";
import { defineMethod, type TreatMethod } from "../methods.js";
import { range } from "./skew-kurtosis-check.js";
import { applyTransform, thresholdOptions } from "./transform-step.js";

/** Options of {@link boxCox}. */
export type BoxCoxOptions = {
  /** The Box-Cox exponent λ; `0` is the log. Required, as in COINr. */
  lambda: number;
  /** Shift the values first so the lowest is 1 (x − min x + 1), COINr's `makepos`. Default `true`. */
  shift: boolean;
  /** Transform only an indicator that fails the skewness and kurtosis check. Default `false`. */
  onlyIfFailing: boolean;
  /** Absolute skewness threshold of the check (with `onlyIfFailing`). Default `2`. */
  skew: number;
  /** Kurtosis threshold of the check (with `onlyIfFailing`). Default `3.5`. */
  kurtosis: number;
};

/**
 * The Box-Cox power transform with a fixed λ (no estimation), after COINr's shift z = x − min x + 1:
 * y = (z^λ − 1) / λ, or ln z when λ = 0.
 *
 * @example
 * boxCoxTransform(Float64Array.of(0, 3, 8), 0.5) // z = 1, 4, 9 → [0, 2, 4]
 */
export function boxCoxTransform(x: ArrayLike<number>, lambda: number, shift = true): Float64Array {
  const min = shift ? range(x).min : 0;
  return Float64Array.from(x, (v) => {
    const z = shift ? v - min + 1 : v;
    return lambda === 0 ? Math.log(z) : (z ** lambda - 1) / lambda;
  });
}

/**
 * Box-Cox transformation: a power transform that pulls in a long tail, with a fixed exponent λ.
 *
 * Formula: z = x − min(x) + 1 (unless `shift` is false), y = (z^λ − 1) / λ, or ln(z) when λ = 0.
 * Reference: Box & Cox (1964) "An analysis of transformations", JRSS B 26(2); COINr `boxcox(x, lambda,
 * makepos = TRUE, na.rm = TRUE)`. Complexity O(n). Missing values stay missing; ties stay tied and the order
 * of values is kept (λ of any sign). Without `shift`, every value must be strictly positive.
 *
 * @example
 * // { "step": "treat", "method": "box-cox", "options": { "lambda": 0.5 } }: 0, 3, 8 → 0, 2, 4
 */
export const boxCox: TreatMethod<BoxCoxOptions> = defineMethod({
  stage: "treat",
  id: "box-cox",
  label: "Box-Cox transformation",
  description:
    "Applies a Box-Cox power transform with a fixed exponent, after shifting the lowest value to 1",
  formula: "z = x − min(x) + 1; y = (z^λ − 1) / λ, or ln(z) when λ = 0",
  citation: "Box & Cox (1964) An analysis of transformations, JRSS B 26(2); COINr boxcox()",
  options: {
    type: "object",
    properties: {
      lambda: { type: "number", description: "The Box-Cox exponent λ; 0 is the natural log" },
      shift: {
        type: "boolean",
        default: true,
        description: "Shift the values so the lowest is 1 before transforming (COINr's makepos)",
      },
      ...thresholdOptions,
    },
    required: ["lambda"],
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  example: { options: { lambda: 0.5 } },
  missing: "Missing values stay missing and do not enter the minimum. Ties stay tied.",
  treat(x, options, ctx) {
    if (typeof options.lambda !== "number" || !Number.isFinite(options.lambda)) {
      ctx.report({
        severity: "error",
        code: "missing-property",
        message: `Box-Cox transformation needs a finite option \`lambda\`, got ${show(options.lambda ?? null)}`,
      });
      return Float64Array.from(x);
    }
    if (!options.shift) {
      let bad = 0;
      let first = Number.NaN;
      for (const v of x) {
        if (v <= 0) {
          if (bad === 0) first = v;
          bad++;
        }
      }
      if (bad > 0) {
        ctx.report({
          severity: "error",
          code: "non-positive",
          message: `Box-Cox without a shift needs strictly positive values, but ${bad} value(s) of ${show(ctx.indicator.id)} in ${show(ctx.period)} are zero or negative (the first is ${show(first)}); set \`shift\` to true`,
        });
        return Float64Array.from(x);
      }
    }
    return applyTransform(x, options, ctx, {
      name: "box-cox",
      label: "Box-Cox transformation",
      apply: (v) => boxCoxTransform(v, options.lambda, options.shift),
      details: (v) => ({ lambda: options.lambda, shift: options.shift ? 1 - range(v).min : 0 }),
    });
  },
});

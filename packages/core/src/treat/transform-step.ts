import { show } from "../issues.js";
import type { IndicatorContext, JsonSchema } from "../methods.js";
import {
  checkSkewKurtosis,
  finiteOrNull,
  reportUndecidable,
  type SkewKurtosisThresholds,
} from "./skew-kurtosis-check.js";

/** Options shared by the standalone transforms (`log`, `box-cox`). */
export interface TransformCheckOptions extends SkewKurtosisThresholds {
  /** Transform only an indicator that fails the skewness and kurtosis check. */
  onlyIfFailing: boolean;
}

/** JSON Schema of {@link TransformCheckOptions}, spread into a method's options. */
export const thresholdOptions: Record<string, JsonSchema> = {
  onlyIfFailing: {
    type: "boolean",
    default: false,
    description:
      "Transform only an indicator that fails the skewness and kurtosis check (|skew| ≥ skew and kurtosis ≥ kurtosis)",
  },
  skew: {
    type: "number",
    exclusiveMinimum: 0,
    default: 2,
    description: "Absolute skewness threshold of the check (COINr's skew_thresh)",
  },
  kurtosis: {
    type: "number",
    default: 3.5,
    description: "Kurtosis threshold of the check (COINr's kurt_thresh)",
  },
};

/** A transform as the standalone methods run it. */
export interface TransformSpec {
  /** Name in the audit trail: `log-ct`, `box-cox`. */
  name: string;
  /** Long name for messages. */
  label: string;
  /** The transform. */
  apply(x: Float64Array): Float64Array;
  /** Parameters computed from the input, for the audit trail. */
  details(x: Float64Array): Record<string, unknown>;
}

/**
 * Runs a standalone transform on one indicator: optionally only when it fails the skewness and kurtosis
 * check, refusing results that are not finite (reported as an error, input returned), and recording one
 * `transformed` audit entry with the statistics before and after.
 */
export function applyTransform(
  x: Float64Array,
  options: TransformCheckOptions,
  ctx: IndicatorContext,
  transform: TransformSpec,
): Float64Array {
  const before = checkSkewKurtosis(x, options);
  if (options.onlyIfFailing) {
    if (reportUndecidable(x, transform.label, ctx)) return Float64Array.from(x);
    if (before.pass === null) {
      ctx.report({
        severity: "warning",
        code: "zero-variance",
        message: `the skewness and kurtosis of ${show(ctx.indicator.id)} in ${show(ctx.period)} are not finite (the values barely vary); left untreated`,
      });
      return Float64Array.from(x);
    }
    if (before.pass) {
      ctx.audit({
        action: "treatment",
        node: ctx.indicator.id,
        period: ctx.period,
        details: {
          skewBefore: finiteOrNull(before.skew),
          kurtosisBefore: finiteOrNull(before.kurtosis),
          passedBefore: true,
          transform: null,
        },
        message: `${ctx.indicator.id} passes the skewness and kurtosis check (skew ${before.skew}, kurtosis ${before.kurtosis}); not transformed`,
      });
      return Float64Array.from(x);
    }
  }
  const y = transform.apply(x);
  if (!finiteWhereObserved(x, y, transform.label, ctx)) return Float64Array.from(x);
  const after = checkSkewKurtosis(y, options);
  ctx.audit({
    action: "transformed",
    node: ctx.indicator.id,
    period: ctx.period,
    details: {
      transform: transform.name,
      ...transform.details(x),
      skewBefore: finiteOrNull(before.skew),
      kurtosisBefore: finiteOrNull(before.kurtosis),
      skewAfter: finiteOrNull(after.skew),
      kurtosisAfter: finiteOrNull(after.kurtosis),
      passedBefore: before.pass,
      passedAfter: after.pass,
    },
    message: `applied ${transform.name} to ${ctx.indicator.id}`,
  });
  return y;
}

/**
 * Checks that a transform gave a finite value wherever the input had a value; reports an error naming the
 * first bad cell otherwise.
 */
export function finiteWhereObserved(
  x: Float64Array,
  y: Float64Array,
  label: string,
  ctx: IndicatorContext,
): boolean {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isNaN(x[i]!) && !Number.isFinite(y[i]!)) {
      if (first < 0) first = i;
      bad++;
    }
  }
  if (bad === 0) return true;
  ctx.report({
    severity: "error",
    code: "not-finite",
    message: `${label} of ${show(ctx.indicator.id)} in ${show(ctx.period)} is not finite for ${bad} value(s), the first ${show(x[first]!)} (${show(ctx.units[first]!)}); left untreated`,
  });
  return false;
}

import { dataPath, show } from "../issues.js";
import type { AggregateContext } from "../methods.js";

/**
 * Checks every child value of every unit against a domain (`ok`) and reports one `error` per bad cell, naming
 * the unit and the child: ``harmonic mean requires positive values, got `0` for `rating` (u1)``. Missing
 * values are not checked. Returns a mask with `1` for the units that have a bad value, whose score is then
 * missing. The runner checks `needsPositive` before a method runs; this check is for methods whose domain
 * depends on an option, and for direct calls.
 */
export function reportOutOfDomain(
  values: readonly Float64Array[],
  ctx: AggregateContext,
  label: string,
  requirement: string,
  ok: (v: number) => boolean,
): Uint8Array {
  const bad = new Uint8Array(ctx.units.length);
  values.forEach((column, j) => {
    column.forEach((v, i) => {
      if (Number.isNaN(v) || ok(v)) return;
      bad[i] = 1;
      const child = ctx.children[j]?.id ?? `#${j + 1}`;
      ctx.report({
        severity: "error",
        code: "non-positive",
        path: dataPath(ctx.units[i]!, child, ctx.period),
        message: `${label} requires ${requirement} values, got ${show(v)} for ${show(child)} (${ctx.units[i]}); normalise onto a positive range such as [1, 100]`,
      });
    });
  });
  return bad;
}

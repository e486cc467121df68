import { InputError } from "../errors.js";
import type { UncertaintyResult } from "./analyse-uncertainty.js";
import type { RankCounts } from "./summary.js";

/** Format tag of {@link uncertaintyToJSON}'s output. */
export const UNCERTAINTY_FORMAT = "cityindex-uncertainty/1";

/** A plain JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const numbers = (v: Float64Array | Int32Array): (number | null)[] =>
  Array.from(v, (x) => (Number.isFinite(x) ? x : null));
const floats = (v: unknown, what: string): Float64Array => {
  if (!Array.isArray(v)) throw new InputError("bad-uncertainty-json", `${what} must be an array of numbers`);
  return Float64Array.from(v, (x) => (x === null ? Number.NaN : Number(x)));
};

/**
 * A result as plain JSON (typed arrays as arrays, `NaN` as `null`), to write a shard's result to a file and
 * merge it on another machine with {@link uncertaintyFromJSON} and `mergeUncertainty`.
 */
export function uncertaintyToJSON(result: UncertaintyResult): JsonValue {
  return JSON.parse(
    JSON.stringify({
      format: UNCERTAINTY_FORMAT,
      ...result,
      choices: Array.from(result.choices),
      targets: result.targets.map((t) => ({
        ...t,
        nominalScores: numbers(t.nominalScores),
        nominalRanks: numbers(t.nominalRanks),
        counts: Array.from(t.counts),
        missing: Array.from(t.missing),
        above: Array.from(t.above),
        withinCounts: Array.from(t.withinCounts),
      })),
      ...(result.output ? { output: { ...result.output, values: numbers(result.output.values) } } : {}),
      ...(result.kept
        ? {
            kept: {
              scores: Object.fromEntries(Object.entries(result.kept.scores).map(([k, v]) => [k, numbers(v)])),
              ranks: Object.fromEntries(Object.entries(result.kept.ranks).map(([k, v]) => [k, numbers(v)])),
            },
          }
        : {}),
    }),
  );
}

/** Reads back what {@link uncertaintyToJSON} wrote. */
export function uncertaintyFromJSON(value: unknown): UncertaintyResult {
  const v = value as Record<string, unknown>;
  if (typeof v !== "object" || v === null || v.format !== UNCERTAINTY_FORMAT) {
    throw new InputError(
      "bad-uncertainty-json",
      `not an uncertainty result: expected "format": "${UNCERTAINTY_FORMAT}"`,
    );
  }
  const { format: _format, ...rest } = v;
  const r = rest as unknown as UncertaintyResult & Record<string, unknown>;
  const targets = (r.targets as unknown as Record<string, unknown>[]).map(
    (t, i): RankCounts => ({
      ...(t as unknown as RankCounts),
      nominalScores: floats(t.nominalScores, `targets[${i}].nominalScores`),
      nominalRanks: floats(t.nominalRanks, `targets[${i}].nominalRanks`),
      counts: floats(t.counts, `targets[${i}].counts`),
      missing: floats(t.missing, `targets[${i}].missing`),
      above: floats(t.above, `targets[${i}].above`),
      withinCounts: floats(t.withinCounts, `targets[${i}].withinCounts`),
    }),
  );
  const out: UncertaintyResult = {
    ...r,
    // Results written before inputs had a size: one per label.
    inputs: r.inputs.map((input) => ({ ...input, size: input.size ?? input.alternatives.length })),
    choices: Int32Array.from(r.choices as unknown as number[]),
    targets,
  };
  if (r.output) out.output = { ...r.output, values: floats(r.output.values, "output.values") };
  if (r.kept) {
    const k = r.kept as unknown as { scores: Record<string, unknown>; ranks: Record<string, unknown> };
    out.kept = {
      scores: Object.fromEntries(
        Object.entries(k.scores).map(([id, x]) => [id, floats(x, `kept.scores.${id}`)]),
      ),
      ranks: Object.fromEntries(
        Object.entries(k.ranks).map(([id, x]) => [id, floats(x, `kept.ranks.${id}`)]),
      ),
    };
  }
  return out;
}

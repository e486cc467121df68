import {
  buildIndex,
  createRegistry,
  type Dataset,
  defineMethod,
  definePlugin,
  type ImputeMethod,
  type NormaliseMethod,
  type StepSpec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { sameBits, syntheticIndex } from "../helpers/synthetic.js";

// Under keep: "final" the runner hands the memory of dropped datasets (and of the consumed inputs of built-in
// column-local methods) to the next outputs through ctx.output(). None of that may change a value: these tests
// compare keep: "final" with keep: "all" bit for bit, and check that no kept column shares memory with another.

/** True if two vectors share at least one byte of memory. */
function overlap(a: Float64Array, b: Float64Array): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

function expectSameDataset(a: Dataset, b: Dataset): void {
  expect(a.ids).toEqual(b.ids);
  for (const id of a.ids) expect(sameBits(a.column(id), b.column(id)), id).toBe(true);
}

const pipelines: Record<string, StepSpec[]> = {
  "mean, min-max": [
    { step: "impute", method: "mean" },
    { step: "normalise", method: "min-max", options: { range: [0, 100] } },
    { step: "aggregate", method: "arithmetic" },
  ],
  "median, z-score, min-max, winsorise, min-max": [
    { step: "impute", method: "median" },
    { step: "normalise", method: "z-score" },
    { step: "normalise", method: "min-max", options: { range: [1, 10] } },
    { step: "treat", method: "winsorise" },
    { step: "normalise", method: "min-max", options: { range: [1, 100] } },
    { step: "aggregate", method: "geometric" },
  ],
  "min-max without imputation": [
    { step: "normalise", method: "min-max" },
    { step: "aggregate", method: "arithmetic" },
  ],
};

describe("reused memory under keep: final", () => {
  for (const periods of [["2024"], ["2023", "2024"]]) {
    for (const [name, pipeline] of Object.entries(pipelines)) {
      it(`gives the same bits as keep: all (${name}; ${periods.length} period(s))`, async () => {
        const { spec, table } = syntheticIndex({ units: 120, indicators: 24, seed: 42, pipeline, periods });
        const input = new Map(
          [...(table.columns as Map<string, Float64Array>)].map(([id, c]) => [id, c.slice()]),
        );
        const all = await buildIndex(spec, table);
        const final = await buildIndex(spec, table, { keep: "final" });
        expect(all.result, JSON.stringify(all.issues.slice(0, 3))).toBeDefined();
        expect(final.result).toBeDefined();
        expectSameDataset(final.result!.scores, all.result!.scores);
        expectSameDataset(final.result!.ranks, all.result!.ranks);
        expectSameDataset(final.result!.datasets.at(-1)!.data, all.result!.datasets.at(-1)!.data);
        expect(final.result!.audit).toEqual(all.result!.audit);
        // The input is never written to.
        for (const [id, col] of table.columns as Map<string, Float64Array>) {
          expect(sameBits(col, input.get(id)!)).toBe(true);
        }
        // No two columns kept in the result share memory (the columns of one step may share a buffer, each in
        // its own byte range).
        const kept: [string, Float64Array][] = [];
        for (const d of final.result!.datasets) {
          for (const id of d.data.ids) {
            const col = d.data.column(id);
            const other = kept.find(([otherId, c]) => otherId !== id && overlap(c, col));
            if (other) throw new Error(`${d.name}/${id} shares memory with ${other[0]}`);
            kept.push([id, col]);
          }
        }
      });
    }
  }
});

describe("ctx.output()", () => {
  const seen: { sameAsInput: boolean; length: number }[] = [];
  // A normalisation that writes into the vector the runner gives, and an imputation that asks for two and returns
  // the second: both must work, whatever memory the vectors come from.
  const double: NormaliseMethod = defineMethod({
    stage: "normalise",
    id: "double",
    label: "Double",
    description: "Twice the value",
    options: { type: "object", properties: {}, additionalProperties: false },
    properties: { deterministic: true },
    normalise(x, _o, ctx) {
      const out = ctx.output?.() ?? new Float64Array(x.length);
      seen.push({ sameAsInput: overlap(out, x), length: out.length });
      for (let i = 0; i < x.length; i++) out[i] = 2 * x[i]!;
      return out;
    },
  });
  const zeroFill: ImputeMethod = defineMethod({
    stage: "impute",
    id: "zero",
    label: "Zero",
    description: "Fills missing values with 0",
    options: { type: "object", properties: {}, additionalProperties: false },
    properties: { deterministic: true },
    impute(x, _o, ctx) {
      const unused = ctx.output?.();
      const out = ctx.output?.() ?? new Float64Array(x.length);
      seen.push({
        sameAsInput: overlap(out, x) || (unused !== undefined && overlap(out, unused)),
        length: out.length,
      });
      for (let i = 0; i < x.length; i++) out[i] = Number.isNaN(x[i]!) ? 0 : x[i]!;
      return out;
    },
  });
  const registry = createRegistry([definePlugin({ name: "output-test", methods: [double, zeroFill] })]);

  it("gives writable vectors of one period, never the input, and the results are as without it", async () => {
    const { spec, table } = syntheticIndex({
      units: 120,
      indicators: 24,
      seed: 42,
      pipeline: [
        { step: "impute", method: "zero" },
        { step: "normalise", method: "double" },
        { step: "normalise", method: "double" },
        { step: "normalise", method: "min-max" },
        { step: "normalise", method: "double" },
        { step: "aggregate", method: "arithmetic" },
      ],
    });
    seen.length = 0;
    const final = await buildIndex(spec, table, { registry, keep: "final" });
    expect(final.result, JSON.stringify(final.issues.slice(0, 3))).toBeDefined();
    expect(seen.length).toBe(4 * 24);
    expect(seen.every((s) => !s.sameAsInput && s.length === 120)).toBe(true);
    const all = await buildIndex(spec, table, { registry });
    expectSameDataset(final.result!.scores, all.result!.scores);
    // By hand: fill with 0, times 4 (the direction applies in each normalisation), min-max, times 2.
    const raw = (table.columns as Map<string, Float64Array>).get("i4")!;
    const x = Float64Array.from(raw, (v) => -4 * (Number.isNaN(v) ? 0 : v));
    const lo = Math.min(...x);
    const hi = Math.max(...x);
    const expected = Float64Array.from(x, (v) => -2 * (((v - lo) / (hi - lo)) * 100 + 0));
    expect(sameBits(final.result!.scores.column("i4"), expected)).toBe(true);
  });
});

import {
  type Dataset,
  type DataTable,
  hashDatasetAsync,
  type IndexResult,
  prepareIndex,
  type Spec,
  type StepSpec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { sameBits, syntheticIndex } from "../helpers/synthetic.js";

// PreparedIndex.release hands a result's memory back to its index, for the next builds to write into. None of
// that may change a value or touch the input data: these tests compare builds into reused memory with builds
// into fresh memory bit for bit.

const PIPELINE: StepSpec[] = [
  { step: "impute", method: "mean" },
  { step: "normalise", method: "min-max", options: { range: [0, 100] } },
  { step: "aggregate", method: "arithmetic" },
];

/** `n` units × `k` indicators in 4 dimensions, the pipeline above (see syntheticIndex). */
function fixture(n: number, k: number, seed: number, periods = ["2024"]): { spec: Spec; table: DataTable } {
  return syntheticIndex({ units: n, indicators: k, seed, pipeline: PIPELINE, periods });
}

/** Every column of every dataset of a result (ranks of indicators included), copied. */
function snapshot(result: IndexResult): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  const all: [string, Dataset][] = [
    ...result.datasets.map((d) => [d.name, d.data] as [string, Dataset]),
    ["scores", result.scores],
    ["ranks", result.ranks],
  ];
  for (const [name, data] of all)
    for (const id of data.ids) out.set(`${name}/${id}`, data.column(id).slice());
  return out;
}

/** The vectors of a result's datasets. */
function vectorsOf(result: IndexResult): Float64Array[] {
  return [...result.datasets.map((d) => d.data), result.scores, result.ranks].flatMap((d) => d.vectors());
}

function expectSameSnapshot(a: Map<string, Float64Array>, b: Map<string, Float64Array>): void {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [key, col] of a) expect(sameBits(col, b.get(key)!), key).toBe(true);
}

async function prepared(spec: Spec) {
  const { index, issues } = await prepareIndex(spec);
  if (!index) throw new Error(issues.map((i) => i.message).join("\n"));
  return index;
}

describe("PreparedIndex.release", () => {
  for (const keep of ["all", "final"] as const) {
    it(`lets the next build write into a released result's memory, with the same values (keep: ${keep})`, async () => {
      const { spec, table } = fixture(150, 24, 7);
      const inputs = new Map(
        [...(table.columns as Map<string, Float64Array>)].map(([id, c]) => [id, c.slice()]),
      );
      const index = await prepared(spec);
      const first = (await index.build(table, { keep })).result!;
      const expected = snapshot(first);
      const before = new Set(vectorsOf(first));
      index.release(first);

      const second = (await index.build(table, { keep })).result!;
      expectSameSnapshot(snapshot(second), expected);
      // Reuse did happen: the second result's aggregates (at least) are vectors of the first.
      const reused = vectorsOf(second).filter((v) => before.has(v));
      expect(reused.length).toBeGreaterThan(0);
      expect(second.scores.column("index")).toSatisfy((v: Float64Array) => before.has(v));
      // The input data were neither written nor lent: same values, and no output shares their memory.
      for (const [id, col] of table.columns as Map<string, Float64Array>) {
        expect(sameBits(col, inputs.get(id)!), id).toBe(true);
      }
      const raw = new Set((table.columns as Map<string, Float64Array>).values());
      for (const d of second.datasets.slice(1)) {
        for (const id of d.data.ids) {
          const col = d.data.peek(id);
          if (col && !raw.has(col)) for (const input of raw) expect(col.buffer === input.buffer).toBe(false);
        }
      }

      // A build into fresh memory agrees too.
      const fresh = (await (await prepared(spec)).build(table, { keep })).result!;
      expectSameSnapshot(snapshot(fresh), expected);
    });
  }

  it("reuses memory over several periods", async () => {
    const { spec, table } = fixture(60, 8, 11, ["2022", "2023", "2024"]);
    const index = await prepared(spec);
    const first = (await index.build(table)).result!;
    const expected = snapshot(first);
    index.release(first);
    const second = (await index.build(table)).result!;
    expectSameSnapshot(snapshot(second), expected);
  });

  it("makes a released result refuse to be read, and does nothing the second time", async () => {
    const { spec, table } = fixture(40, 8, 3);
    const index = await prepared(spec);
    const result = (await index.build(table)).result!;
    index.release(result);
    index.release(result);
    for (const read of [
      () => result.scores.column("index"),
      () => result.ranks.slice("index", 0),
      () => result.datasets[2]!.data.get("i0", 0, 0),
      () => result.datasets[0]!.data.vectors(),
      () => result.scores.with([]),
    ]) {
      expect(read).toThrow(expect.objectContaining({ name: "InputError", code: "released" }));
    }
  });

  it("refuses a result another index built", async () => {
    const { spec, table } = fixture(40, 8, 3);
    const one = await prepared(spec);
    const other = await prepared(spec);
    const result = (await one.build(table)).result!;
    expect(() => other.release(result)).toThrow(
      expect.objectContaining({ name: "InputError", code: "foreign-result" }),
    );
    // The result is intact.
    expect(result.scores.column("index")).toHaveLength(40);
  });
});

describe("warmMemory", () => {
  it("gives the same values whether a helper thread writes a large step's memory ahead or not", async () => {
    // 20,000 units × 420 indicators: imputation under keep: "final" writes 67 MB of fresh columns, above the
    // 64 MiB from which a step's outputs come from a warmed block.
    const { spec, table } = fixture(20000, 420, 5);
    const index = await prepared(spec);
    const warmed = (await index.build(table, { keep: "final", warmMemory: true })).result!;
    const plain = (await index.build(table, { keep: "final", warmMemory: false })).result!;
    const shared = vectorsOf(warmed).filter((v) => v.buffer instanceof SharedArrayBuffer);
    expect(shared.length).toBeGreaterThan(400);
    expect(vectorsOf(plain).some((v) => v.buffer instanceof SharedArrayBuffer)).toBe(false);
    expectSameSnapshot(snapshot(warmed), snapshot(plain));
    // Columns in shared memory hash as any other.
    const last = warmed.datasets.at(-1)!.data;
    const copy = plain.datasets.at(-1)!.data;
    expect(await hashDatasetAsync(last)).toBe(await hashDatasetAsync(copy));
  }, 60_000);
});

import { buildIndex, Dataset, type DataTable, type Spec } from "@cityindex/core";
import { describe, expect, it } from "vitest";

// A patched column is a base column with a few cells replaced: imputation stores its output so. These tests
// check that every way of reading one gives the patched values, that reading one period does not write out the
// whole column, and that a build's Imputed dataset holds exactly the raw values plus the filled cells.

const units = ["a", "b", "c"];
const periods = ["2023", "2024"];

/** x: 1, NaN, 3 in 2023; NaN, 5, 6 in 2024. y: no missing value. */
function dataset(): Dataset {
  return new Dataset(
    units,
    periods,
    new Map([
      ["x", Float64Array.of(1, Number.NaN, 3, Number.NaN, 5, 6)],
      ["y", Float64Array.of(10, 20, 30, 40, 50, 60)],
    ]),
  );
}

describe("Dataset.withPatches", () => {
  it("reads as the base with the patched cells replaced, in every way", () => {
    const raw = dataset();
    const base = raw.column("x");
    // Cell 1 (b in 2023) becomes 2, cell 3 (a in 2024) becomes 5.5.
    const patched = raw.withPatches(
      [],
      [["x", { base, at: Int32Array.of(1, 3), values: Float64Array.of(2, 5.5) }]],
    );
    expect(patched.ids).toEqual(["x", "y"]);
    expect(patched.has("x")).toBe(true);
    expect(patched.peek("x")).toBeUndefined();

    const scratch = new Float64Array(3);
    expect([...patched.sliceInto("x", 1, scratch)]).toEqual([5.5, 5, 6]);
    expect([...patched.sliceInto("x", 0, scratch)]).toEqual([1, 2, 3]);
    // Reading one period leaves the column a patch.
    expect(patched.peek("x")).toBeUndefined();
    expect(patched.get("x", 0, 1)).toBe(5.5);

    expect([...patched.column("x")]).toEqual([1, 2, 3, 5.5, 5, 6]);
    expect(patched.peek("x")).toBe(patched.column("x"));
    // The base is unchanged and the other column shared.
    expect([...base]).toEqual([1, Number.NaN, 3, Number.NaN, 5, 6]);
    expect(patched.column("y")).toBe(raw.column("y"));
  });

  it("keeps patches as patches in datasets made from it, and names their base among its vectors", () => {
    const raw = dataset();
    const base = raw.column("x");
    const patched = raw.withPatches([], [["x", { base, at: Int32Array.of(1), values: Float64Array.of(2) }]]);
    const next = patched.with([["y", Float64Array.of(0, 0, 0, 0, 0, 0)]]);
    expect(next.ids).toEqual(["x", "y"]);
    expect(next.peek("x")).toBeUndefined();
    expect(next.vectors()).toContain(base);
    expect([...next.column("x")]).toEqual([1, 2, 3, Number.NaN, 5, 6]);
    // A dataset's whole columns are read with sliceInto as views, no copy.
    const scratch = new Float64Array(3);
    const view = next.sliceInto("y", 1, scratch);
    expect(view.buffer).toBe(next.column("y").buffer);
  });

  it("refuses a patch whose base or positions do not fit", () => {
    const raw = dataset();
    expect(() =>
      raw.withPatches(
        [],
        [["x", { base: new Float64Array(5), at: new Int32Array(0), values: new Float64Array(0) }]],
      ),
    ).toThrow(/base of 5 values \(expected 6\)/);
    expect(() =>
      raw.withPatches(
        [],
        [["x", { base: raw.column("x"), at: Int32Array.of(1, 3), values: Float64Array.of(2) }]],
      ),
    ).toThrow(/2 positions for 1 values/);
  });
});

describe("the Imputed dataset of a build", () => {
  const spec: Spec = {
    id: "patches",
    title: "Patches",
    units: units.map((id) => ({ id })),
    indicators: [{ id: "x" }, { id: "y" }],
    framework: { id: "index", children: [{ id: "x" }, { id: "y" }] },
    pipeline: [
      { step: "impute", method: "mean" },
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ],
  } as Spec;
  const table = (): DataTable => ({
    units,
    periods,
    columns: {
      x: Float64Array.of(1, Number.NaN, 3, Number.NaN, 5, 6),
      y: Float64Array.of(10, 20, 30, 40, 50, 60),
    },
  });

  it("is the raw data with each missing cell filled by its period's mean, and normalises from it", async () => {
    const { result, issues } = await buildIndex(spec, table());
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const imputed = result!.datasets.find((d) => d.name === "Imputed")!.data;
    // 2023: mean of 1 and 3 = 2 fills b; 2024: mean of 5 and 6 = 5.5 fills a.
    expect([...imputed.column("x")]).toEqual([1, 2, 3, 5.5, 5, 6]);
    // y has nothing to fill: the Imputed column is the raw one.
    const raw = result!.datasets.find((d) => d.name === "Raw")!.data;
    expect(imputed.column("y")).toBe(raw.column("y"));
    expect([...raw.column("x")]).toEqual([1, Number.NaN, 3, Number.NaN, 5, 6]);
    // Min-max of x in 2024 from [5.5, 5, 6]: (5.5 - 5) / (6 - 5) · 100 = 50, 0, 100.
    const normalised = result!.datasets.find((d) => d.name === "Normalised")!.data;
    expect([...normalised.slice("x", 1)]).toEqual([50, 0, 100]);
    // 2023: x from [1, 2, 3] gives 0, 50, 100; y from [10, 20, 30] the same; the index is their mean.
    expect([...result!.scores.slice("index", 0)]).toEqual([0, 50, 100]);
  });

  it("gives the same result with two imputations in a row as the hand calculation", async () => {
    const twice = {
      ...spec,
      units: [
        { id: "a", meta: { g: "p" } },
        { id: "b", meta: { g: "p" } },
        { id: "c", meta: { g: "q" } },
      ],
      pipeline: [
        { step: "impute", method: "group-mean", options: { group: "g" } },
        { step: "impute", method: "mean" },
        ...spec.pipeline.slice(1),
      ],
    } as Spec;
    const { result, issues } = await buildIndex(twice, table());
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const names = result!.datasets.map((d) => d.name);
    const imputed = result!.datasets.filter((d) => d.name === "Imputed");
    expect(names.filter((n) => n === "Imputed")).toHaveLength(2);
    // Group means: 2023 group p (a, b) has only a = 1, so b gets 1; 2024 group p has only b = 5, so a gets 5.
    expect([...imputed[0]!.data.column("x")]).toEqual([1, 1, 3, 5, 5, 6]);
    // Nothing is left for the mean imputation: the second Imputed dataset reads the same.
    expect([...imputed[1]!.data.column("x")]).toEqual([1, 1, 3, 5, 5, 6]);
  });
});

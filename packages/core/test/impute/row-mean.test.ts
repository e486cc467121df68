import {
  buildFramework,
  type FrameworkModel,
  type ImputeRowMeanOptions,
  type IndicatorContext,
  IssueList,
  imputeRowMean,
  type Spec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { type Collected, expectClose, indicatorContext } from "../helpers/context.js";
import { readReferenceRecords, rNumber } from "../helpers/reference.js";
import { readGolden } from "./golden/read.js";

/** A framework from `[id, parent]` pairs (flat form) and indicator directions. */
function framework(nodes: [string, string | null][], directions: Record<string, 1 | -1>): FrameworkModel {
  const spec = {
    id: "test",
    indicators: Object.entries(directions).map(([id, direction]) => ({ id, direction })),
    framework: nodes.map(([id, parent]) => ({ id, parent })),
    pipeline: [],
  } as unknown as Spec;
  const issues = new IssueList();
  const fw = buildFramework(spec, issues);
  if (!fw || issues.hasErrors) throw new Error(issues.items.map((i) => i.message).join("; "));
  return fw;
}

/** A context for indicator `id` of `fw` with the given columns in one period. */
function rowContext(
  fw: FrameworkModel,
  id: string,
  columns: Record<string, number[]>,
): IndicatorContext & { collected: Collected } {
  const n = Object.values(columns)[0]!.length;
  const base = indicatorContext(n, {
    id,
    indicator: fw.indicators.get(id)!,
    columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Float64Array.from(v)])),
  });
  return Object.assign(base, { framework: fw });
}

const run = (
  fw: FrameworkModel,
  id: string,
  columns: Record<string, number[]>,
  options: ImputeRowMeanOptions = {},
) => {
  const ctx = rowContext(fw, id, columns);
  return { y: imputeRowMean.impute(Float64Array.from(columns[id]!), options, ctx), ctx };
};

describe("row", () => {
  // One pillar P with a (direction 1), b (−1), c (1) and d (1, every value 7); four units.
  const fw = framework(
    [
      ["index", null],
      ["P", "index"],
      ["Q", "index"],
      ["a", "P"],
      ["b", "P"],
      ["c", "P"],
      ["d", "P"],
      ["e", "Q"],
      ["f", "Q"],
    ],
    { a: 1, b: -1, c: 1, d: 1, e: -1, f: 1 },
  );
  const N = Number.NaN;
  const data = { a: [0, 5, 10, 20], b: [8, 2, 4, 0], c: [1, N, 3, 5], d: [7, 7, 7, 7] };

  it("fills from the unit's other indicators, normalised, and maps back (worked by hand)", () => {
    // a: 0, 5, 10, 20 → z = 0, 0.25, 0.5, 1
    // b (direction −1): −8, −2, −4, 0 → z = (−2 + 8) / 8 = 0.75 for u2
    // d: every value 7 → cannot be normalised (0 / 0), left out as COINr does
    // u2: s = mean(0.25, 0.75) = 0.5; c = 0.5 · (5 − 1) + 1 = 3
    // Base R, COINr's Impute.data.frame(X, f_i = "i_mean", impute_by = "row", directions = c(1, -1, 1, 1))
    // with X <- data.frame(a = c(0,5,10,20), b = c(8,2,4,0), c = c(1,NA,3,5), d = c(7,7,7,7)) gives
    //    a b c d
    // 2  5 2 3 7
    const { y, ctx } = run(fw, "c", data);
    expectClose(y, [1, 3, 3, 5], 1e-12);
    expect(ctx.collected.audit).toEqual([
      expect.objectContaining({
        unit: "u2",
        after: 3,
        details: expect.objectContaining({
          how: "the unit's mean of the other indicators under P, each min-max normalised, mapped back onto the scale of c",
          reason: {
            node: "P",
            indicators: ["a", "b", "d"],
            statistic: "mean",
            normaliseFirst: true,
            min: 1,
            max: 5,
          },
        }),
      }),
    ]);
    expect(run(fw, "c", data, { statistic: "median" }).y[1]).toBe(3);
  });

  it("maps back onto a negative indicator's scale", () => {
    // e (direction −1) under Q with f: −10, ., −6, −2 → min −10, max −2; f: 0, 5, 10, 20 → z(u2) = 0.25
    // e = (0.25 · (−2 + 10) − 10) · −1 = 8. COINr: Impute.data.frame(data.frame(f = c(0,5,10,20),
    // e = c(10,NA,6,2)), f_i = "i_mean", impute_by = "row", directions = c(1, -1)) gives e = 8 for row 2
    const { y } = run(fw, "e", { e: [10, N, 6, 2], f: [0, 5, 10, 20] });
    expectClose(y, [10, 8, 6, 2], 1e-12);
  });

  it("takes raw values without normalisation", () => {
    // u2: mean(5, 2, 7) = 14 / 3 (d is used raw); COINr with normalise_first = FALSE gives 4.666667
    const { y } = run(fw, "c", data, { normaliseFirst: false });
    expectClose(y, [1, 14 / 3, 3, 5], 1e-12);
  });

  it("uses every indicator under the node of a higher level", () => {
    // level 3 = the index: a, b, d, e, f for c; e and f are 1, ., 1, 1 and 0, ., 1, 2 here: missing for u2
    const { y, ctx } = run(fw, "c", { ...data, e: [1, N, 2, 3], f: [0, N, 1, 2] }, { level: 3 });
    expectClose(y, [1, 3, 3, 5], 1e-12);
    expect(ctx.collected.audit[0]?.details).toMatchObject({
      reason: { node: "index", indicators: ["a", "b", "d", "e", "f"] },
    });
  });

  it("reports what it cannot fill", () => {
    const alone = framework(
      [
        ["index", null],
        ["P", "index"],
        ["a", "P"],
        ["Q", "index"],
        ["b", "Q"],
      ],
      { a: 1, b: 1 },
    );
    const single = run(alone, "a", { a: [1, N], b: [1, 2] });
    expectClose(single.y, [1, N], 0);
    expect(single.ctx.collected.issues.map((i) => i.message)).toEqual([
      "`P` has no indicator besides `a`, so row-wise imputation cannot fill its missing values in `2024`",
    ]);

    const none = run(fw, "c", { ...data, a: [0, N, 1, 2], b: [1, N, 2, 3] });
    expectClose(none.y, [1, N, 3, 5], 0);
    expect(none.ctx.collected.issues.map((i) => i.message)).toEqual([
      "1 value(s) of `c` in `2024` stay missing because the unit has no value of another indicator under `P`: `u2`",
    ]);

    const empty = run(fw, "c", { ...data, c: [N, N, N, N] });
    expectClose(empty.y, [N, N, N, N], 0);
    expect(empty.ctx.collected.issues[0]?.message).toBe(
      "`c` has no value in `2024`, so row-wise imputation cannot map a normalised value back onto its scale",
    );

    const high = run(fw, "c", data, { level: 4 });
    expect(high.ctx.collected.issues[0]).toMatchObject({
      severity: "error",
      message: "row-wise imputation level `4` is above the top level `3` of the framework",
    });
  });

  it("fills an indicator whose observed values are all equal with that value", () => {
    // d is 7, 7, 7, . → 0/0 when normalised; s · 0 + 7 = 7, as COINr's back-transformation gives
    const { y } = run(fw, "d", { ...data, d: [7, 7, 7, N] });
    expectClose(y, [7, 7, 7, 7], 0);
  });

  // COINr 1.1.x Impute(coin, dset = "Denominated", f_i, impute_by = "row", group_level, normalise_first) on
  // the example coin, each group of indicators imputed as Impute.coin does (golden/make-golden.R):
  // golden/row_ASEM_Denominated.csv. Tolerance 1e-9.
  describe("matches COINr on the ASEM Denominated data set", () => {
    const denominated = readReferenceRecords("pipeline/dset_Denominated.csv");
    const meta = readReferenceRecords("data/ASEM_iMeta.csv");
    const lineage = readReferenceRecords("pipeline/lineage.csv");
    const inds = meta.filter((m) => m.Type === "Indicator").map((m) => m.iCode!);
    const nodes: [string, string | null][] = [["Index", null]];
    const seen = new Set<string>();
    for (const l of lineage) {
      for (const [id, parent] of [
        [l["Sub-index"]!, "Index"],
        [l.Pillar!, l["Sub-index"]!],
      ] as const) {
        if (!seen.has(id)) nodes.push([id, parent]);
        seen.add(id);
      }
      nodes.push([l.Indicator!, l.Pillar!]);
    }
    const asem = framework(
      nodes,
      Object.fromEntries(
        meta.filter((m) => m.Type === "Indicator").map((m) => [m.iCode!, Number(m.Direction) as 1 | -1]),
      ),
    );
    const columns = Object.fromEntries(inds.map((i) => [i, denominated.map((r) => rNumber(r[i]!))]));
    const units = denominated.map((r) => r.uCode!);
    const golden = readGolden("row_ASEM_Denominated.csv");
    const runs: [string, ImputeRowMeanOptions][] = [
      ["pillar_mean", {}],
      ["pillar_median", { statistic: "median" }],
      ["subindex_mean", { level: 3 }],
      ["pillar_mean_raw", { normaliseFirst: false }],
    ];
    for (const [name, options] of runs) {
      it(`${name}: ${JSON.stringify(options)}`, () => {
        let checked = 0;
        for (const id of inds) {
          const x = Float64Array.from(columns[id]!);
          const ctx = rowContext(asem, id, columns);
          const y = imputeRowMean.impute(x, { ...options, level: options.level ?? 2 }, ctx);
          for (let u = 0; u < units.length; u++) {
            if (!Number.isNaN(x[u]!)) {
              expect(Object.is(y[u], x[u])).toBe(true);
              continue;
            }
            const row = golden.find((g) => g.uCode === units[u] && g.iCode === id);
            if (!row) throw new Error(`no golden value for ${units[u]} ${id}`);
            expectClose([y[u]!], [rNumber(row[name]!)], 1e-9);
            checked++;
          }
        }
        expect(checked).toBe(golden.length);
      });
    }
  });
});

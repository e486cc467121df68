import {
  buildIndex,
  createRegistry,
  type DataTable,
  defineMethod,
  definePlugin,
  type IndexResult,
  type Observation,
  type Spec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";

const N = Number.NaN;

/**
 * Five units over three periods: E joins in 2025 (no row before), D misses `x` in 2023, B misses `y` in 2024, E
 * misses `y` in 2025, and `z` has no value in 2024 (a row for each unit, all empty, as a spreadsheet gives).
 */
function panelSpec(units = ["A", "B", "C", "D", "E"]): Spec {
  return {
    id: "panel",
    title: { en: "Panel" },
    units: units.map((id) => ({ id })),
    indicators: [{ id: "x" }, { id: "y" }, { id: "z" }],
    framework: {
      id: "index",
      children: [
        { id: "p1", weight: 1, children: [{ id: "x" }, { id: "y" }] },
        { id: "p2", weight: 1, children: [{ id: "z" }] },
      ],
    },
    pipeline: [
      { step: "impute", method: "mean" },
      { step: "normalise", method: "min-max" },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
}

const values: Record<string, Record<string, Record<string, number | null>>> = {
  "2023": {
    x: { A: 1, B: 2, C: 3, D: null },
    y: { A: 10, B: 20, C: 30, D: 40 },
    z: { A: 5, B: 6, C: 7, D: 8 },
  },
  "2024": {
    x: { A: 2, B: 4, C: 6, D: 8 },
    y: { A: 10, B: null, C: 30, D: 40 },
    z: { A: null, B: null, C: null, D: null },
  },
  "2025": {
    x: { A: 1, B: 2, C: 3, D: 4, E: 5 },
    y: { A: 10, B: 20, C: 30, D: 40, E: null },
    z: { A: 5, B: 6, C: 7, D: 8, E: 9 },
  },
};

function panelData(periods = ["2023", "2024", "2025"], units = ["A", "B", "C", "D", "E"]): Observation[] {
  return periods.flatMap((period) =>
    Object.entries(values[period]!).flatMap(([indicator, byUnit]) =>
      Object.entries(byUnit)
        .filter(([unit]) => units.includes(unit))
        .map(([unit, value]) => ({ unit, indicator, period, value })),
    ),
  );
}

/** One node's scores (or ranks) in one period, by unit. */
const byUnit = (r: IndexResult, what: "scores" | "ranks", id: string, period: string) =>
  Object.fromEntries(r.units.map((u, i) => [u, r[what].get(id, i, r.periods.indexOf(period))]));

const close = (got: Record<string, number>, want: Record<string, number>) => {
  expect(Object.keys(got)).toEqual(Object.keys(want));
  for (const [u, w] of Object.entries(want)) {
    if (Number.isNaN(w)) expect(got[u], u).toBeNaN();
    else expect(Math.abs(got[u]! - w), `${u}: ${got[u]} against ${w}`).toBeLessThanOrEqual(1e-9);
  }
};

describe("units absent from some periods", () => {
  it("does not impute, score or rank a unit before it joins, and ranks it after (worked by hand)", async () => {
    const { result, issues } = await buildIndex(panelSpec(), panelData());
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const r = result!;
    // 2023: D's x = mean(1, 2, 3) = 2. Min-max onto [0, 100]: x 1..3 → A 0, B 50, C 100, D 50;
    // y 10..40 → 0, 33.33, 66.67, 100; z 5..8 → 0, 33.33, 66.67, 100.
    // p1 = (x + y) / 2: A 0, B 41.67, C 83.33, D 75; index = (p1 + z) / 2: A 0, B 37.5, C 75, D 87.5.
    close(byUnit(r, "scores", "index", "2023"), { A: 0, B: 37.5, C: 75, D: 87.5, E: N });
    close(byUnit(r, "ranks", "index", "2023"), { A: 4, B: 3, C: 2, D: 1, E: N });
    // Had E been imputed (x 2, y 25, z 6.5 → 50 each), it would have scored 50 and pushed A and B down a rank.
    for (const d of r.datasets) {
      for (const id of d.data.ids) {
        expect(d.data.get(id, 4, 0), `${d.name} ${id} E 2023`).toBeNaN();
        expect(d.data.get(id, 4, 1), `${d.name} ${id} E 2024`).toBeNaN();
      }
    }
    // 2024: B's y = mean(10, 30, 40) = 80/3. x 2..8 → A 0, B 33.33, C 66.67, D 100;
    // y → A 0, B (80/3 − 10)/30 · 100 = 55.56, C 66.67, D 100. p1: A 0, B (100/3 + 500/9)/2 = 400/9, C 66.67, D 100.
    // z has no value: p2 has no score, and index = p1 alone (the missing child's weight is dropped).
    close(byUnit(r, "scores", "p1", "2024"), { A: 0, B: 400 / 9, C: 200 / 3, D: 100, E: N });
    close(byUnit(r, "scores", "p2", "2024"), { A: N, B: N, C: N, D: N, E: N });
    close(byUnit(r, "scores", "index", "2024"), { A: 0, B: 400 / 9, C: 200 / 3, D: 100, E: N });
    close(byUnit(r, "ranks", "index", "2024"), { A: 4, B: 3, C: 2, D: 1, E: N });
    // 2025: E's y = mean(10, 20, 30, 40) = 25. x 1..5 → 0, 25, 50, 75, 100; y → 0, 33.33, 66.67, 100, 50;
    // z 5..9 → 0, 25, 50, 75, 100. p1: A 0, B 175/6, C 175/3, D 87.5, E 75;
    // index: A 0, B (175/6 + 25)/2 = 325/12, C (175/3 + 50)/2 = 325/6, D (87.5 + 75)/2 = 81.25, E (75 + 100)/2 = 87.5.
    close(byUnit(r, "scores", "index", "2025"), { A: 0, B: 325 / 12, C: 325 / 6, D: 81.25, E: 87.5 });
    close(byUnit(r, "ranks", "index", "2025"), { A: 5, B: 4, C: 3, D: 2, E: 1 });

    // The imputations recorded: D's x in 2023, B's y in 2024, E's y in 2025, nothing of E before.
    const imputed = r.audit.filter((a) => a.action === "imputed");
    expect(imputed.map((a) => `${a.node} ${a.period} ${a.unit} ${a.after}`)).toEqual([
      "x 2023 D 2",
      `y 2024 B ${80 / 3}`,
      "y 2025 E 25",
    ]);
    const codes = (code: string) =>
      issues.filter((i) => i.code === code).map((i) => `${i.severity} ${i.path}: ${i.message}`);
    expect(codes("unit-joins")).toEqual([
      "info data/E: unit `E` has no data before `2025` (it joins the sample in `2025`); it is not imputed, scored or ranked in `2023`, `2024`",
    ]);
    // z in 2024: said at reading, when mean imputation leaves it missing (E is not listed) and when aggregating.
    expect(codes("period-all-missing")).toEqual([
      "warning data/*/z: indicator `z` has no value in `2024` (it is missing between periods with values): no unit has a value of it there and none is made up; unless an imputation step fills it from other periods, `p2` is scored there without it",
    ]);
    expect(codes("not-imputed")).toEqual([
      "warning data/*/z/2024: 4 value(s) of `z` in `2024` stay missing (no unit has a value): `A`, `B`, `C`, `D`",
    ]);
    expect(codes("child-missing")).toEqual([
      "info data/*/p2: `p2` has no score in `2024`: no unit has a value of any of its children (`z`) there",
      "info data/*/index: `index` is aggregated by `arithmetic` without `p2` in `2024`, where no unit has a value of it: missing children are skipped and the other weights renormalised; below minAvailability the score is missing",
    ]);
    expect(codes("absent-kept-missing")).toEqual([]);

    expect(r.accounting.periods).toEqual([
      { period: "2023", present: 4, absent: ["E"], excluded: [] },
      { period: "2024", present: 4, absent: ["E"], excluded: [] },
      { period: "2025", present: 5, absent: [], excluded: [] },
    ]);
    expect(r.accounting.units.find((u) => u.id === "E")).toEqual({
      id: "E",
      status: "included",
      observed: 2,
    });
  });

  it("leaves the other units' scores and ranks as a build without the late joiner gives them", async () => {
    const withE = (await buildIndex(panelSpec(), panelData())).result!;
    const without = (await buildIndex(panelSpec(["A", "B", "C", "D"]), panelData(["2023", "2024"]))).result!;
    for (const period of ["2023", "2024"]) {
      for (const id of withE.scores.ids) {
        for (const what of ["scores", "ranks"] as const) {
          const got = byUnit(withE, what, id, period);
          delete got.E;
          expect(got, `${what} ${id} ${period}`).toEqual(byUnit(without, what, id, period));
        }
      }
    }
  });

  it("gives the same values with keep: final and from a data table", async () => {
    const all = (await buildIndex(panelSpec(), panelData())).result!;
    const final = (await buildIndex(panelSpec(), panelData(), { keep: "final" })).result!;
    const units = ["A", "B", "C", "D", "E"];
    const periods = ["2023", "2024", "2025"];
    const table: DataTable = {
      units,
      periods,
      columns: Object.fromEntries(
        ["x", "y", "z"].map((id) => [
          id,
          Float64Array.from(periods.flatMap((p) => units.map((u) => values[p]![id]![u] ?? N))),
        ]),
      ),
    };
    const fromTable = (await buildIndex(panelSpec(), table)).result!;
    for (const other of [final, fromTable]) {
      for (const id of all.scores.ids) {
        expect(Array.from(other.scores.column(id)), id).toEqual(Array.from(all.scores.column(id)));
        expect(Array.from(other.ranks.column(id)), id).toEqual(Array.from(all.ranks.column(id)));
      }
      expect(other.accounting.periods).toEqual(all.accounting.periods);
    }
  });

  it("does not interpolate or carry values into periods where a unit has no data", async () => {
    // F: 2023 and 2025, none in 2024 (a gap); G: 2023 and 2024, then leaves. Every other cell is observed.
    const spec = panelSpec(["A", "B", "F", "G"]);
    spec.pipeline = [{ step: "impute", method: "linear" }, ...spec.pipeline.slice(1)];
    const rows: Observation[] = [];
    const put = (unit: string, period: string, x: number | null, y: number | null, z: number | null) => {
      for (const [indicator, value] of Object.entries({ x, y, z }))
        rows.push({ unit, indicator, period, value });
    };
    for (const period of ["2023", "2024", "2025"]) {
      put("A", period, 1, 10, 5);
      put("B", period, 3, 30, 7);
    }
    put("F", "2023", 2, 20, 6);
    put("F", "2025", 2, null, 6);
    put("G", "2023", 2, 20, 6);
    put("G", "2024", null, 20, 6);
    const { result, issues } = await buildIndex(spec, rows);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const r = result!;
    const imputed = r.datasets.find((d) => d.name === "Imputed")!.data;
    // F's y in 2025 is carried from 2023 (the nearest observation: 2024 is absent, not missing); G's x in 2024
    // from 2023. F in 2024 and G in 2025 stay missing, and so do their scores.
    expect(imputed.get("y", 2, 2)).toBe(20);
    expect(imputed.get("x", 3, 1)).toBe(2);
    for (const id of ["x", "y", "z"]) {
      expect(imputed.get(id, 2, 1), `F ${id} 2024`).toBeNaN();
      expect(imputed.get(id, 3, 2), `G ${id} 2025`).toBeNaN();
    }
    expect(r.ranks.get("index", 2, 1)).toBeNaN();
    expect(r.ranks.get("index", 3, 2)).toBeNaN();
    // 2023: A 0, B 100 on every indicator, F and G halfway: index 50, both ranked 2 (ties: min)
    expect(r.ranks.get("index", 2, 0)).toBe(2);
    expect(
      issues
        .filter((i) => ["unit-gap", "unit-leaves", "not-imputed"].includes(i.code))
        .map((i) => `${i.severity} ${i.code} ${i.path}: ${i.message}`),
    ).toEqual([
      "warning unit-gap data/F: unit `F` has no data in `2024`, between periods with data; it is not imputed, scored or ranked there",
      "info unit-leaves data/G: unit `G` has no data after `2024` (it leaves the sample after `2024`); it is not imputed, scored or ranked in `2025`",
    ]);
  });

  it("makes missing any value a method gives an absent unit-period, and says so", async () => {
    const spec = panelSpec();
    spec.pipeline = [{ step: "impute", method: "fill-everything" }, ...spec.pipeline.slice(1)];
    const registry = createRegistry([
      definePlugin({
        name: "test-plugin",
        methods: [
          defineMethod({
            stage: "impute",
            id: "fill-everything",
            label: "Fills every missing value with its row number",
            description: "Ignores ctx.present",
            options: { type: "object", properties: {} },
            properties: { deterministic: true },
            impute: (x: Float64Array) => x.map((v, i) => (Number.isNaN(v) ? i + 1 : v)),
          }),
        ],
      }),
    ]);
    const { result, issues } = await buildIndex(spec, panelData(), { registry });
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    // E in 2023 and 2024 on x, y, z: 6 cells
    expect(
      issues.filter((i) => i.code === "absent-kept-missing").map((i) => `${i.path}: ${i.message}`),
    ).toEqual([
      "/pipeline/0: impute method `fill-everything` gave 6 value(s) to units absent from a period (the first: `E` in `2023`); they stay missing, as a unit is not scored where it has no data",
    ]);
    expect(result!.ranks.get("index", 4, 0)).toBeNaN();
    expect(result!.ranks.get("index", 4, 1)).toBeNaN();
    // 2025: E's y is filled with 5 (min-max 0); x 100 → p1 50; z 100 → index 75, after D's 81.25
    expect(result!.scores.get("index", 4, 2)).toBe(75);
    expect(result!.ranks.get("index", 4, 2)).toBe(2);
  });
});

describe("indicators absent from a period", () => {
  // x, y, z under the index; y has no value in 2021 (it appears in 2020 and 2022).
  const flat = (indicators: string[], aggregate: Spec["pipeline"][number]): Spec => ({
    id: "flat",
    title: { en: "Flat" },
    units: ["A", "B", "C", "D"].map((id) => ({ id })),
    indicators: indicators.map((id) => ({ id })),
    framework: { id: "index", children: indicators.map((id) => ({ id })) },
    pipeline: [{ step: "normalise", method: "min-max" }, aggregate],
  });
  const table: Record<string, Record<string, number[]>> = {
    "2020": { x: [1, 2, 3, 4], y: [8, 2, 6, 4], z: [3, 9, 1, 5] },
    "2021": { x: [2, 3, 5, 4], y: [N, N, N, N], z: [4, 1, 7, 3] },
    "2022": { x: [4, 1, 3, 2], y: [5, 7, 1, 3], z: [2, 8, 6, 4] },
  };
  const observations = (periods: string[], indicators: string[]): Observation[] =>
    periods.flatMap((period) =>
      indicators.flatMap((indicator) =>
        table[period]![indicator]!.map((value, u) => ({
          unit: "ABCD"[u]!,
          indicator,
          period,
          value: Number.isNaN(value) ? null : value,
        })),
      ),
    );

  for (const method of ["topsis", "grey-relational"]) {
    it(`aggregates by ${method} without it there, as a build without it does`, async () => {
      const step = { step: "aggregate" as const, method };
      const { result, issues } = await buildIndex(
        flat(["x", "y", "z"], step),
        observations(["2020", "2021", "2022"], ["x", "y", "z"]),
      );
      expect(issues.filter((i) => i.severity === "error")).toEqual([]);
      expect(issues.filter((i) => i.code === "child-missing").map((i) => i.message)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^\`index\` is aggregated by \`${method}\` without \`y\` in \`2021\`, where no unit has a value of it`,
          ),
        ),
      ]);
      // 2021 as a build of x and z alone: the weights of the children left are the same (1 each), and both
      // methods take a unit's distances or coefficients over the children it has.
      const without = (await buildIndex(flat(["x", "z"], step), observations(["2021"], ["x", "z"]))).result!;
      for (const what of ["scores", "ranks"] as const) {
        const got = byUnit(result!, what, "index", "2021");
        const want = byUnit(without, what, "index", "2021");
        close(got, want);
        expect(Object.values(got).every((v) => Number.isFinite(v))).toBe(true);
      }
    });
  }

  it("leaves the period missing for a column method that needs a sample, without an error", async () => {
    // A normalisation that needs two units with a value: y in 2021 has none, so it is not called there.
    const calls: string[] = [];
    const registry = createRegistry([
      definePlugin({
        name: "test-plugin",
        methods: [
          defineMethod({
            stage: "normalise",
            id: "halve",
            label: "Halves every value",
            description: "Needs two units with a value",
            options: { type: "object", properties: {} },
            properties: { deterministic: true, minUnits: 2 },
            normalise: (x: Float64Array, _options: object, ctx: { period: string }) => {
              calls.push(ctx.period);
              return x.map((v) => v / 2);
            },
          }),
        ],
      }),
    ]);
    const spec = flat(["x", "y", "z"], { step: "aggregate", method: "arithmetic" });
    spec.pipeline[0] = { step: "normalise", method: "halve" };
    const { result, issues } = await buildIndex(
      spec,
      observations(["2020", "2021", "2022"], ["x", "y", "z"]),
      {
        registry,
      },
    );
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    // x, y, z in three periods, less y in 2021.
    expect(calls).toHaveLength(8);
    // A in 2021: (2 / 2 + 4 / 2) / 2 = 1.5; y is missing there, and 4 in 2020 (8 / 2).
    expect(result!.scores.get("index", 0, 1)).toBe(1.5);
    expect(result!.scores.get("y", 0, 1)).toBeNaN();
    expect(result!.scores.get("y", 0, 0)).toBe(4);
  });
});

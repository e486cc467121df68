import { buildIndex, type DataTable, type Observation, periodFormat, type Spec } from "@cityindex/core";
import { describe, expect, it } from "vitest";

const N = Number.NaN;

/** Three units, `x` and `y` under the index, `pop` a denominator of `x`, `visits` read by the formula of `y`. */
function spec(): Spec {
  return {
    id: "presence",
    title: { en: "Presence" },
    units: ["A", "B", "C"].map((id) => ({ id })),
    indicators: [
      { id: "x", denominator: "pop" },
      { id: "y", formula: "visits * 2" },
      { id: "pop" },
      { id: "visits" },
    ],
    framework: { id: "index", children: [{ id: "x" }, { id: "y" }] },
    pipeline: [
      { step: "derive", method: "formula" },
      { step: "denominate", method: "divide" },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
}

const row = (unit: string, indicator: string, period: string, value: number | null): Observation => ({
  unit,
  indicator,
  period,
  value,
});

const found = async (data: Observation[] | DataTable, codes: string[], s = spec()) => {
  const { result, issues } = await buildIndex(s, data);
  return {
    result,
    said: issues
      .filter((i) => codes.includes(i.code))
      .map((i) => `${i.severity} ${i.code} ${i.path}: ${i.message}`),
  };
};

describe("presence of units in periods", () => {
  it("counts values of framework indicators and formula inputs, not rows of blanks nor denominators", async () => {
    const data = [
      // 2023: A has x; B only a formula input; C a row of blanks and its population
      row("A", "x", "2023", 1),
      row("A", "pop", "2023", 10),
      row("B", "visits", "2023", 3),
      row("B", "pop", "2023", 10),
      row("C", "x", "2023", null),
      row("C", "visits", "2023", null),
      row("C", "pop", "2023", 10),
      // 2024: everyone has x
      ...["A", "B", "C"].flatMap((u, i) => [row(u, "x", "2024", i + 1), row(u, "pop", "2024", 10)]),
    ];
    const { result, said } = await found(data, ["unit-joins", "unit-no-data"]);
    expect(said).toEqual([
      "info unit-joins data/C: unit `C` has no data before `2024` (it joins the sample in `2024`); it is not imputed, scored or ranked in `2023`",
    ]);
    expect(result!.accounting.periods).toEqual([
      { period: "2023", present: 2, absent: ["C"], excluded: [] },
      { period: "2024", present: 3, absent: [], excluded: [] },
    ]);
    // The derived y and the denominated x of C in 2023 stay missing; A's x = 1 / 10; B's y = 3 · 2
    const scores = result!.scores;
    expect([0, 1, 2].map((u) => scores.get("x", u, 0))).toEqual([0.1, N, N]);
    expect([0, 1, 2].map((u) => scores.get("y", u, 0))).toEqual([N, 6, N]);
  });

  it("reports a unit with values of denominators only, which has data in no period", async () => {
    const data = [
      row("A", "x", "2024", 1),
      row("A", "pop", "2024", 10),
      row("B", "x", "2024", 2),
      row("C", "pop", "2024", 10),
    ];
    const { said } = await found(data, ["unit-no-data", "unit-joins"]);
    expect(said).toEqual([
      "warning unit-no-data data/C: unit `C` has values only of indicators that are neither scored nor read by a formula (such as denominators), so it has no data in any period; its scores are missing",
    ]);
  });

  it("reports joins, leaves and gaps from a data table as from observations", async () => {
    // A in every period; B leaves after 2022; C has no data in 2022 and 2023 (a gap)
    const periods = ["2021", "2022", "2023", "2024"];
    const x = [1, 2, 3, 1, 2, N, 1, N, N, 1, N, 4];
    const y = periods.flatMap(() => [1, N, N]);
    const table: DataTable = {
      units: ["A", "B", "C"],
      periods,
      columns: { x: Float64Array.from(x), y: Float64Array.from(y) },
    };
    const rows = periods.flatMap((p, pi) =>
      ["A", "B", "C"].map((u, ui) => row(u, "x", p, Number.isNaN(x[pi * 3 + ui]!) ? null : x[pi * 3 + ui]!)),
    );
    const s = spec();
    s.indicators = [{ id: "x" }, { id: "y" }];
    s.pipeline = [{ step: "aggregate", method: "arithmetic" }];
    const codes = ["unit-joins", "unit-leaves", "unit-gap"];
    const expected = [
      "info unit-leaves data/B: unit `B` has no data after `2022` (it leaves the sample after `2022`); it is not imputed, scored or ranked in `2023`, `2024`",
      "warning unit-gap data/C: unit `C` has no data in `2022`, `2023`, between periods with data; it is not imputed, scored or ranked there",
    ];
    const fromTable = await found(table, codes, s);
    const fromRows = await found([...rows, ...periods.map((p) => row("A", "y", p, 1))], codes, s);
    expect(fromTable.said).toEqual(expected);
    expect(fromRows.said).toEqual(expected);
    expect(fromTable.result!.accounting.periods).toEqual(fromRows.result!.accounting.periods);
    expect(fromRows.result!.accounting.periods!.map((p) => [p.present, p.absent])).toEqual([
      [3, []],
      [2, ["C"]],
      [1, ["B", "C"]],
      [2, ["B"]],
    ]);
  });

  it("says which periods an indicator lacks, and whether it appears, disappears or has a gap", async () => {
    const s = spec();
    s.indicators = [{ id: "x" }, { id: "y" }, { id: "w" }];
    s.framework = { id: "index", children: [{ id: "p", children: [{ id: "x" }, { id: "y" }, { id: "w" }] }] };
    s.pipeline = [{ step: "aggregate", method: "arithmetic" }];
    const periods = ["2021", "2022", "2023", "2024"];
    const data = periods.flatMap((p) =>
      ["A", "B", "C"].flatMap((u, i) => [
        row(u, "x", p, p >= "2023" ? i : null), // appears in 2023
        row(u, "y", p, p === "2023" ? null : i), // a gap in 2023
        row(u, "w", p, p <= "2021" ? i : null), // disappears after 2021
      ]),
    );
    const { said } = await found(data, ["period-all-missing"], s);
    expect(said).toEqual([
      "warning period-all-missing data/*/x: indicator `x` has no value in `2021`, `2022` (it appears in `2023`): no unit has a value of it there and none is made up; unless an imputation step fills it from other periods, `p` is scored there without it",
      "warning period-all-missing data/*/y: indicator `y` has no value in `2023` (it is missing between periods with values): no unit has a value of it there and none is made up; unless an imputation step fills it from other periods, `p` is scored there without it",
      "warning period-all-missing data/*/w: indicator `w` has no value in `2022`, `2023`, `2024` (it disappears after `2021`): no unit has a value of it there and none is made up; unless an imputation step fills it from other periods, `p` is scored there without it",
    ]);
  });

  it("notes when a panel imputation fills an indicator in a period where it has no value", async () => {
    const s = spec();
    s.indicators = [{ id: "x" }, { id: "y" }];
    s.pipeline = [
      { step: "impute", method: "linear" },
      { step: "aggregate", method: "arithmetic" },
    ];
    // y: 2023 A 1, B 3; 2024 nothing; 2025 A 3, B 5 → 2024 interpolated: A 2, B 4
    const data = [
      ...["2023", "2024", "2025"].flatMap((p) => [row("A", "x", p, 1), row("B", "x", p, 2)]),
      row("A", "y", "2023", 1),
      row("B", "y", "2023", 3),
      row("A", "y", "2025", 3),
      row("B", "y", "2025", 5),
    ];
    s.units = [{ id: "A" }, { id: "B" }];
    const { result, said } = await found(data, ["imputed-whole-period"], s);
    expect(said).toEqual([
      "info imputed-whole-period data/*/y/2024: `y` has no value in `2024`; imputation `linear` gave it 2 value(s) there from other periods (see the audit trail)",
    ]);
    expect([0, 1].map((u) => result!.scores.get("y", u, 1))).toEqual([2, 4]);
  });
});

describe("mixed period formats", () => {
  it("names each format as the time axis of the panel methods recognises it", () => {
    expect(["2024", "2024-Q2", "2024-05", "2024-05-31", "FY2024", "2024H1"].map(periodFormat)).toEqual([
      "year (YYYY)",
      "quarter (YYYY-Qn)",
      "month (YYYY-MM)",
      "date (YYYY-MM-DD)",
      "FY####",
      "####H#",
    ]);
  });

  it("warns about years mixed with months, and with fiscal years", async () => {
    const s = spec();
    s.indicators = [{ id: "x" }, { id: "y" }];
    s.pipeline = [{ step: "aggregate", method: "arithmetic" }];
    const data = (periods: string[]) =>
      periods.flatMap((p) => [row("A", "x", p, 1), row("B", "x", p, 2), row("C", "y", p, 3)]);
    const months = await found(data(["2023", "2024", "2024-05"]), ["mixed-period-formats"], s);
    expect(months.said).toEqual([
      "warning mixed-period-formats data: the periods mix 2 formats: year (YYYY): `2023`, `2024`; month (YYYY-MM): `2024-05`. The panel methods assume one frequency: linear interpolation and last observation carried forward put these periods one step apart in sorted order (`2023`, `2024`, `2024-05`), and a change between consecutive periods compares periods of different kinds",
    ]);
    const fiscal = await found(data(["2023", "FY2024"]), ["mixed-period-formats"], s);
    expect(fiscal.said).toEqual([
      "warning mixed-period-formats data: the periods mix 2 formats: year (YYYY): `2023`; FY####: `FY2024`. The panel methods assume one frequency: linear interpolation and last observation carried forward put these periods one step apart in sorted order (`2023`, `FY2024`), and a change between consecutive periods compares periods of different kinds",
    ]);
    const one = await found(data(["2023-01", "2023-02"]), ["mixed-period-formats"], s);
    expect(one.said).toEqual([]);
  });
});

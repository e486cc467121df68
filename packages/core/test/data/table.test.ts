import { buildIndex, type DataTable, type IndexResult } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallData, smallSpec } from "../helpers/fixtures.js";

/** The observations of smallData() as a table, units in the spec's order. */
function smallTable(): DataTable {
  return {
    units: ["A", "B", "C", "D"],
    periods: ["2024"],
    columns: {
      flights: Float64Array.of(100, 100, 200, 80),
      crime: Float64Array.of(1, 2, Number.NaN, 3),
      rating: Float64Array.of(4, 5, 3, 4),
    },
  };
}

const issuesOf = async (table: unknown) => {
  const { result, issues } = await buildIndex(smallSpec(), table as DataTable);
  return {
    result,
    found: issues
      .filter((i) => i.severity !== "info")
      .map((i) => `${i.severity} ${i.code} ${i.path}: ${i.message}`),
  };
};

/** Everything a result computes, as plain values, to compare two builds. */
const numbers = (r: IndexResult) => ({
  scores: r.scores.ids.map((id) => [id, Array.from(r.scores.column(id))]),
  ranks: r.ranks.ids.map((id) => [id, Array.from(r.ranks.column(id))]),
  datasets: r.datasets.map((d) => [d.name, d.data.ids.map((id) => Array.from(d.data.column(id)))]),
  audit: r.audit,
  accounting: r.accounting,
  dataHash: r.provenance.dataHash,
});

describe("buildIndex from a data table", () => {
  it("gives what the same observations give", async () => {
    const fromRows = (await buildIndex(smallSpec(), smallData())).result!;
    const fromTable = (await buildIndex(smallSpec(), smallTable())).result!;
    expect(numbers(fromTable)).toEqual(numbers(fromRows));
    expect(fromTable.provenance.sources).toEqual([
      {
        source: "columnar input",
        observations: 12,
        hashes: [],
        licences: [],
        illustrative: 0,
        input: "columnar",
      },
    ]);
  });

  it("accepts a Map, units in another order and unsorted periods", async () => {
    const rows = [
      ...smallData("2024"),
      ...smallData("2023").map((o) => ({ ...o, value: (o.value ?? 0) + 1 })),
    ];
    const expected = (await buildIndex(smallSpec(), rows)).result!;
    // units D, C, B, A; periods 2024 then 2023
    const column = (id: string) => {
      const order = ["D", "C", "B", "A"];
      const out = new Float64Array(8).fill(Number.NaN);
      for (const o of rows) {
        if (o.indicator !== id || o.value === null) continue;
        out[(o.period === "2024" ? 0 : 4) + order.indexOf(o.unit)] = o.value;
      }
      return out;
    };
    const table: DataTable = {
      units: ["D", "C", "B", "A"],
      periods: ["2024", "2023"],
      columns: new Map(["flights", "crime", "rating"].map((id) => [id, column(id)])),
      provenance: { source: "warehouse:cities", licence: "CC BY 4.0", hash: "abc" },
    };
    const got = (await buildIndex(smallSpec(), table)).result!;
    expect(got.periods).toEqual(["2023", "2024"]);
    expect(numbers(got)).toEqual(numbers(expected));
    expect(got.provenance.sources[0]).toMatchObject({
      source: "warehouse:cities",
      observations: 24,
      hashes: ["abc"],
      licences: ["CC BY 4.0"],
      input: "columnar",
    });
  });

  it("uses the columns without copying them when the units and periods are in order", async () => {
    const table = smallTable();
    const { result } = await buildIndex(smallSpec(), table);
    expect(result!.datasets[0]!.data.column("rating")).toBe(
      (table.columns as Record<string, Float64Array>).rating,
    );
  });

  it("reports columns of the wrong type or length, and non-finite values, with their place", async () => {
    const table = smallTable();
    const columns = table.columns as Record<string, unknown>;
    columns.flights = [100, 100, 200, 80];
    columns.crime = Float64Array.of(1, 2, 3);
    columns.rating = Float64Array.of(4, Number.POSITIVE_INFINITY, 3, Number.NEGATIVE_INFINITY);
    const { result, found } = await issuesOf(table);
    expect(result).toBeUndefined();
    expect(found).toEqual([
      "error bad-column data/*/flights: column `flights` must be a Float64Array, got an array of 4",
      "error bad-column data/*/crime: column `crime` has 3 values, expected 4 (4 units × 1 periods)",
      "error non-numeric data/B/rating/2024: column `rating` has 2 non-finite value(s): B in 2024 = Infinity, D in 2024 = -Infinity; values must be finite numbers, NaN for missing",
      // B and D have no other value than the non-finite ones
      "warning unit-no-data data/B: unit `B` has no value at all; its scores are missing",
      "warning unit-no-data data/D: unit `D` has no value at all; its scores are missing",
    ]);
  });

  it("reports duplicate units and periods", async () => {
    const { result, found } = await issuesOf({
      ...smallTable(),
      units: ["A", "B", "A", "D"],
      periods: ["2024"],
    });
    expect(result).toBeUndefined();
    expect(found).toEqual([
      "error duplicate-unit data/A: unit `A` appears more than once in the table's `units` (rows 0 and 2)",
    ]);
    const twice = await issuesOf({ units: ["A", "B"], periods: ["2024", "2024"], columns: {} });
    expect(twice.found).toEqual([
      "error duplicate-period data/*/*/2024: period `2024` appears more than once in the table's `periods`",
    ]);
  });

  it("reports a table that is not one", async () => {
    const { found } = await issuesOf({ units: "A", periods: ["2024"], columns: {} });
    expect(found).toEqual([
      'error bad-table data: a data table needs `units` and `periods` arrays and `columns` (a Map or an object of Float64Array), got `{"units":"string","periods":"object","columns":"object"}`',
    ]);
  });

  it("accounts for unknown units and indicators, and for spec units the table lacks", async () => {
    const table = smallTable();
    const { result, found } = await issuesOf({
      units: ["A", "B", "C", "Z"],
      periods: ["2024"],
      columns: { ...table.columns, extra: Float64Array.of(1, 2, 3, 4) },
    });
    expect(found).toEqual([
      "warning unknown-unit data/Z: the data have 4 value(s) for unit `Z`, which is not in the spec's `units`; they are ignored",
      "warning unknown-indicator data/*/extra: the data have 4 value(s) of `extra`, which is not in the spec's `indicators`; they are ignored",
      "warning unit-no-data data/D: unit `D` has no value at all; its scores are missing",
    ]);
    expect(result!.accounting.units).toEqual([
      { id: "A", status: "included", observed: 3 },
      { id: "B", status: "included", observed: 3 },
      { id: "C", status: "included", observed: 2 },
      { id: "D", status: "included", observed: 0 },
      { id: "Z", status: "ignored", reason: "not in the spec's units", observed: 4 },
    ]);
    expect(result!.accounting.indicators.at(-1)).toEqual({
      id: "extra",
      status: "ignored",
      reason: "not in the spec's indicators",
      observed: 4,
    });
    // Z's values are not in the data: D has none
    expect(Array.from(result!.datasets[0]!.data.column("rating"))).toEqual([4, 5, 3, Number.NaN]);
  });

  it("reports a spec indicator without a column", async () => {
    const table = smallTable();
    delete (table.columns as Record<string, Float64Array>).rating;
    const { found } = await issuesOf(table);
    expect(found).toEqual([
      "error no-data data/*/rating: indicator `rating` has no data: the table has no column for it",
    ]);
  });

  it("reports an all-missing indicator", async () => {
    const table = smallTable();
    (table.columns as Record<string, Float64Array>).crime = new Float64Array(4).fill(Number.NaN);
    const { found } = await issuesOf(table);
    expect(found).toEqual([
      "error all-missing data/*/crime: every value of indicator `crime` is missing (4 empty cells)",
    ]);
  });
});

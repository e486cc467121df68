import {
  buildIndex,
  createRegistry,
  Dataset,
  dataAvailability,
  defineMethod,
  definePlugin,
  type FrameworkModel,
  type IndicatorModel,
  type Observation,
  type ScreenContext,
  type Spec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";

const N = Number.NaN;
const UNITS = ["A", "B", "C", "D", "E"];

function spec(periods: "all" | "latest" | "each"): Spec {
  return {
    id: "screened",
    title: { en: "Screened" },
    units: UNITS.map((id) => ({ id })),
    indicators: ["a", "b", "c", "d"].map((id) => ({ id })),
    framework: { id: "index", children: ["a", "b", "c", "d"].map((id) => ({ id })) },
    pipeline: [
      { step: "screen", method: "data-availability", options: { minAvailability: 0.75, periods } },
      { step: "impute", method: "mean" },
      { step: "normalise", method: "min-max" },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
}

/**
 * D has one indicator of four in every period; C has only `a` (an outlier, 100) in 2024; B misses `a` in 2024
 * (three of four: it passes 0.75); E has no row in 2023 (it joins in 2024).
 */
function data(): Observation[] {
  const rows: Observation[] = [];
  const put = (period: string, unit: string, a: number | null, rest: number | null) => {
    for (const [indicator, value] of Object.entries({ a, b: rest, c: rest, d: rest })) {
      rows.push({ unit, indicator, period, value });
    }
  };
  put("2023", "A", 1, 1);
  put("2023", "B", 2, 2);
  put("2023", "C", 3, 3);
  put("2023", "D", 4, null);
  put("2024", "A", 1, 1);
  put("2024", "B", null, 2);
  put("2024", "C", 100, null);
  put("2024", "D", 4, null);
  put("2024", "E", 3, 3);
  put("2025", "A", 1, 1);
  put("2025", "B", 2, 2);
  put("2025", "C", 3, 3);
  put("2025", "D", 4, null);
  put("2025", "E", 4, 4);
  return rows;
}

const low = (period: string) => `data for 1 of 4 indicators in ${period} (0.25), below the minimum 0.75`;

describe("data-availability screening, period by period", () => {
  it("excludes exactly the failing unit-periods with periods: each (worked by hand)", async () => {
    const { result, issues } = await buildIndex(spec("each"), data());
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const r = result!;
    // D fails in every period: it leaves the index. C fails in 2024 only. E has no data in 2023 (absent, and so
    // failing there), but passes where it has data.
    expect(r.units).toEqual(["A", "B", "C", "E"]);
    expect(r.accounting.units.find((u) => u.id === "D")).toEqual({
      id: "D",
      status: "excluded",
      reason: `${low("2023")}; ${low("2024")}; ${low("2025")}`,
      observed: 3,
    });
    expect(r.accounting.periods).toEqual([
      { period: "2023", present: 3, absent: ["E"], excluded: [] },
      { period: "2024", present: 3, absent: [], excluded: [{ unit: "C", reason: low("2024") }] },
      { period: "2025", present: 4, absent: [], excluded: [] },
    ]);
    const screened = r.datasets.find((d) => d.name === "Screened")!.data;
    // C's one value in 2024 is out of the period's sample
    expect(screened.get("a", 2, 1)).toBeNaN();
    expect(screened.get("a", 2, 0)).toBe(3);
    // B's a in 2024 = mean(A 1, E 3) = 2; with C's 100 it would have been 104 / 3
    const imputed = r.datasets.find((d) => d.name === "Imputed")!.data;
    expect(imputed.get("a", 1, 1)).toBe(2);
    for (const id of ["b", "c", "d"]) expect(imputed.get(id, 2, 1), `C ${id} 2024`).toBeNaN();
    // 2024: every indicator is A 1, B 2, E 3 → 0, 50, 100; C has no score nor rank
    const index = (p: number) => [0, 1, 2, 3].map((u) => r.scores.get("index", u, p));
    const ranks = (p: number) => [0, 1, 2, 3].map((u) => r.ranks.get("index", u, p));
    expect(index(1)).toEqual([0, 50, N, 100]);
    expect(ranks(1)).toEqual([3, 2, N, 1]);
    // 2023: A 1, B 2, C 3 → 0, 50, 100; E absent. 2025: 1, 2, 3, 4 → 0, 33.3, 66.7, 100
    expect(index(0)).toEqual([0, 50, 100, N]);
    expect(ranks(2)).toEqual([4, 3, 2, 1]);

    const said = issues
      .filter((i) => i.code === "unit-excluded" || i.code === "unit-period-excluded")
      .map((i) => `${i.code} ${i.path}: ${i.message}`);
    expect(said).toEqual([
      `unit-period-excluded data/C/*/2024: unit \`C\` is excluded from \`2024\`: ${low("2024")}; it keeps its other periods`,
      `unit-excluded data/D: unit \`D\` is excluded: ${low("2023")}; ${low("2024")}; ${low("2025")}`,
    ]);
    const excluded = r.audit.filter((a) => a.action === "excluded");
    expect(excluded.map((a) => [a.unit, a.period, a.message])).toEqual([
      ["C", "2024", `excluded C from 2024: ${low("2024")}`],
      ["D", undefined, `excluded D: ${low("2023")}; ${low("2024")}; ${low("2025")}`],
    ]);
  });

  it("keeps all and latest as they were: a period without data counts as a failure", async () => {
    // screening and aggregation only (A and B alone would leave no variance to min-max in 2024)
    const screenOnly = (periods: "all" | "latest") => {
      const s = spec(periods);
      s.pipeline = [s.pipeline[0]!, s.pipeline[3]!];
      return s;
    };
    const all = (await buildIndex(screenOnly("all"), data())).result!;
    // C fails in 2024, D everywhere, E in 2023 where it has no data
    expect(all.units).toEqual(["A", "B"]);
    expect(all.accounting.units.find((u) => u.id === "E")?.reason).toBe(
      'data for 0 of 4 indicators in 2023 (0), below the minimum 0.75; it has no data there: `periods: "each"` screens each period apart, so a unit that joins later or leaves is judged only where it has data',
    );
    expect(all.accounting.periods!.every((p) => p.excluded.length === 0 && p.absent.length === 0)).toBe(true);
    const latest = (await buildIndex(screenOnly("latest"), data())).result!;
    expect(latest.units).toEqual(["A", "B", "C", "E"]);
    // C keeps its 2024 (only 2025 was judged): its score there is its one value, a = 100
    expect(latest.scores.get("index", 2, 1)).toBe(100);
  });

  it("returns one decision per unit for each period with periods: each", () => {
    // u1 has both indicators in 2023 and one in 2024; u2 one in 2023 and both in 2024
    const data = new Dataset(
      ["u1", "u2"],
      ["2023", "2024"],
      new Map([
        ["a", Float64Array.of(1, 2, 3, 4)],
        ["b", Float64Array.of(1, N, N, 4)],
      ]),
    );
    const ctx = {
      period: "2024",
      periods: data.periods,
      periodIndex: 0,
      units: data.units,
      framework: {} as FrameworkModel,
      report: () => undefined,
      audit: () => undefined,
      data,
      indicators: [{ id: "a" }, { id: "b" }] as IndicatorModel[],
    } satisfies ScreenContext;
    const options = { minAvailability: 1, minNonZero: 0, keep: [], exclude: [] };
    expect(dataAvailability.screen({ ...options, periods: "each" }, ctx)).toEqual({
      byPeriod: [
        [null, "data for 1 of 2 indicators in 2023 (0.5), below the minimum 1"],
        ["data for 1 of 2 indicators in 2024 (0.5), below the minimum 1", null],
      ],
    });
    expect(dataAvailability.screen({ ...options, periods: "all", keep: ["u2"] }, ctx)).toEqual([
      "data for 1 of 2 indicators in 2024 (0.5), below the minimum 1",
      null,
    ]);
    expect(dataAvailability.screen({ ...options, periods: "each", exclude: ["u1"] }, ctx)).toEqual({
      byPeriod: [
        [
          "excluded by the step's `exclude` list",
          "data for 1 of 2 indicators in 2023 (0.5), below the minimum 1",
        ],
        ["excluded by the step's `exclude` list", null],
      ],
    });
  });

  it("runs a plugin's screen written for one decision per unit, and refuses decisions of the wrong shape", async () => {
    const screen = (decide: (n: number, periods: number) => unknown) =>
      createRegistry([
        definePlugin({
          name: "screens",
          methods: [
            defineMethod({
              stage: "screen",
              id: "custom",
              label: "Custom screen",
              description: "Decides from the test",
              options: { type: "object", properties: {} },
              properties: { deterministic: true },
              screen: (_options: Record<string, unknown>, ctx: ScreenContext) =>
                decide(ctx.units.length, ctx.periods.length) as (string | null)[],
            }),
          ],
        }),
      ]);
    const custom = spec("each");
    custom.pipeline[0] = { step: "screen", method: "custom" };
    const perUnit = await buildIndex(custom, data(), {
      registry: screen((n) => Array.from({ length: n }, (_, u) => (u === 3 ? "not wanted" : null))),
    });
    expect(perUnit.result!.units).toEqual(["A", "B", "C", "E"]);
    expect(perUnit.result!.accounting.units.find((u) => u.id === "D")?.reason).toBe("not wanted");
    const wrong = await buildIndex(custom, data(), { registry: screen(() => ({ byPeriod: [[null]] })) });
    expect(wrong.issues.filter((i) => i.severity === "error").map((i) => i.message)).toEqual([
      "screen method `custom` failed: returned neither one decision per unit (5) nor `byPeriod` with one decision per unit for each of the 3 periods",
    ]);
  });
});

import { InputError, trends } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { threeYears, tinyIndex } from "./fixture.js";

const trendOf = (t: ReturnType<typeof trends>) => t.units.map((u) => [u.unit, u.trend]);

describe("trends", () => {
  // index over 2020, 2021, 2022 (see fixture.ts): A 15, 16, 20; B 20, 15, —; C 5, 10, 15; D —, 1, 2.
  it("CAGR between the first and last values a unit has: (b / a)^(1 / years) − 1", async () => {
    const t = trends(await tinyIndex(threeYears), { method: "cagr" });
    expect(t.node).toBe("index");
    expect(t.periods).toEqual(["2020", "2021", "2022"]);
    expect([t.time, t.per, t.applyDirection, t.direction]).toEqual(["years", 1, false, 1]);
    // A: (20 / 15)^(1/2) − 1 = 1.1547005 − 1 = 0.1547005
    // B: 2020 to 2021 only: (15 / 20)^(1/1) − 1 = −0.25
    // C: (15 / 5)^(1/2) − 1 = √3 − 1 = 0.7320508
    // D: 2021 to 2022: 2 / 1 − 1 = 1
    const expected = { A: 0.1547005384, B: -0.25, C: 0.7320508076, D: 1 };
    for (const u of t.units) expect(u.trend).toBeCloseTo(expected[u.unit as keyof typeof expected], 9);
    expect(t.units.map((u) => [u.unit, u.first, u.last, u.values, u.share])).toEqual([
      ["A", "2020", "2022", 3, 1],
      ["B", "2020", "2021", 2, 2 / 3],
      ["C", "2020", "2022", 3, 1],
      ["D", "2021", "2022", 2, 2 / 3],
    ]);
    expect(t.units.every((u) => u.reason === undefined)).toBe(true);
  });

  it("change, least-squares slope, and COINr's percent change", async () => {
    const result = await tinyIndex(threeYears);
    // change = last − first: A 20 − 15, B 15 − 20, C 15 − 5, D 2 − 1.
    expect(trendOf(trends(result, { method: "change" }))).toEqual([
      ["A", 5],
      ["B", -5],
      ["C", 10],
      ["D", 1],
    ]);
    // slope = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)². A: t̄ 2021, ȳ 17: ((−1)(−2) + 0 + (1)(3)) / 2 = 2.5.
    // C: ȳ 10: ((−1)(−5) + (1)(5)) / 2 = 5. Two points: B (15 − 20) / 1 = −5, D (2 − 1) / 1 = 1.
    expect(trendOf(trends(result, { method: "slope" }))).toEqual([
      ["A", 2.5],
      ["B", -5],
      ["C", 5],
      ["D", 1],
    ]);
    // percent change (prc_change, per = 1). Three points: the fitted line's value at the first year is the base.
    // A: slope 2.5, fitted 2020 = 17 − 2.5 = 14.5: 2.5 / 14.5 × 100 = 17.2413793. C: 5 / (10 − 5) × 100 = 100.
    // Two points: B (15 − 20) × 100 / 20 × 1 / 1 = −25; D (2 − 1) × 100 / 1 = 100.
    const pc = trends(result, { method: "percent-change" });
    expect(pc.units[0]!.trend).toBeCloseTo(17.24137931, 7);
    expect(trendOf(pc).slice(1)).toEqual([
      ["B", -25],
      ["C", 100],
      ["D", 100],
    ]);
    // per = 10: per decade. B: −25 × 10 = −250.
    expect(trends(result, { method: "percent-change", per: 10 }).units[1]!.trend).toBe(-250);
  });

  it("gives NaN with a reason for fewer than two values in the window", async () => {
    const t = trends(await tinyIndex(threeYears), { method: "change", from: "2021", to: "2022" });
    expect(t.periods).toEqual(["2021", "2022"]);
    // B has only 2021 in the window.
    expect(t.units[1]).toEqual({
      unit: "B",
      first: "2021",
      last: "2021",
      values: 1,
      share: 0.5,
      trend: Number.NaN,
      reason: "one value in the window; a trend needs two",
    });
  });

  it("gives NaN with a reason for non-positive values under CAGR, and 0 for equal ones as COINr does", async () => {
    // index: A 0 → 4, B −2 → −1, C 3 → 3.
    const result = await tinyIndex({
      "2020": { A: [0, 0], B: [-2, -2], C: [3, 3] },
      "2022": { A: [4, 4], B: [-1, -1], C: [3, 3] },
    });
    const t = trends(result, { method: "cagr" });
    expect(t.units.map((u) => [u.unit, u.trend, u.reason])).toEqual([
      ["A", Number.NaN, "CAGR needs positive values, got `0` and `4`"],
      ["B", Number.NaN, "CAGR needs positive values, got `-2` and `-1`"],
      ["C", 0, undefined],
    ]);
    // Years between the periods: 2020 to 2022 is two years. percent change from a first value of 0:
    expect(trends(result, { method: "percent-change" }).units[0]!.reason).toBe(
      "percent change from a first value of 0",
    );
  });

  it("needs years for CAGR unless time is positions", async () => {
    const result = await tinyIndex({
      "2020-Q1": { A: [1, 1] },
      "2020-Q2": { A: [2, 2] },
      "2020-Q3": { A: [4, 4] },
    });
    expect(() => trends(result, { method: "cagr" })).toThrow(
      new InputError(
        "not-years",
        'trends: period `2020-Q1` is not a year; use `time: "calendar"` for quarters, months or dates, or `time: "positions"` (time is read from the periods)',
      ),
    );
    expect(() => trends(result, { method: "slope" })).toThrow('`time: "positions"`');
    // Per period: (4 / 1)^(1/2) − 1 = 1. change needs no time at all.
    expect(trends(result, { method: "cagr", time: "positions" }).units[0]!.trend).toBe(1);
    expect(trends(result, { method: "change" }).units[0]!.trend).toBe(3);
  });

  it("reads quarters, months and dates as calendar time in years", async () => {
    // Months with March missing: 2024-01, 2024-02, 2024-04 are 0, 1/12 and 3/12 of a year from January.
    // index A: 100, 110, 121 (x = y).
    const months = await tinyIndex({
      "2024-01": { A: [100, 100], B: [10, 10] },
      "2024-02": { A: [110, 110], B: [10, 10] },
      "2024-04": { A: [121, 121], B: [10, 10] },
    });
    const cagr = trends(months, { method: "cagr", time: "calendar" });
    expect([cagr.time, cagr.calendar]).toEqual(["calendar", "months"]);
    // A: (121 / 100)^(1 / (3/12)) − 1 = 1.21^4 − 1 = 2.14358881 − 1 = 1.14358881 a year.
    expect(cagr.units[0]!.trend).toBeCloseTo(1.14358881, 9);
    expect(cagr.units[1]!.trend).toBe(0);
    // Slope per year: t = 0, 1/12, 3/12 (t̄ = 1/9), y = 100, 110, 121 (ȳ = 331/3).
    // Σ(t − t̄)(y − ȳ) = (−1/9)(−31/3) + (−1/36)(−1/3) + (5/36)(32/3) = 124/108 + 1/108 + 160/108 = 285/108;
    // Σ(t − t̄)² = 1/81 + 1/1296 + 25/1296 = 16/1296 + 26/1296 = 42/1296. Slope = (285/108) / (42/1296) = 81.428571.
    expect(trends(months, { method: "slope", time: "calendar" }).units[0]!.trend).toBeCloseTo(81.42857143, 7);
    // By positions the same data grow (121 / 100)^(1/2) − 1 = 0.1 per period: the missing month is not seen.
    expect(trends(months, { method: "cagr", time: "positions" }).units[0]!.trend).toBeCloseTo(0.1, 12);

    // Quarters: 2020-Q1 to 2020-Q3 is half a year: (4 / 1)^(1 / 0.5) − 1 = 15.
    const quarters = await tinyIndex({ "2020-Q1": { A: [1, 1] }, "2020-Q3": { A: [4, 4] } });
    const q = trends(quarters, { method: "cagr", time: "calendar" });
    expect([q.calendar, q.units[0]!.trend]).toEqual(["quarters", 15]);
    // Years read as calendar time are the years themselves: as `years`.
    const years = await tinyIndex(threeYears);
    expect(trends(years, { method: "slope", time: "calendar" }).units).toEqual(
      trends(years, { method: "slope" }).units,
    );
    // Dates: 2023-01-01 to 2025-01-01 is 731 days = 731 / 365.25 years; A 1 → 4: change per year 3 / (731 / 365.25).
    const dates = await tinyIndex({ "2023-01-01": { A: [1, 1] }, "2025-01-01": { A: [4, 4] } });
    expect(trends(dates, { method: "slope", time: "calendar" }).units[0]!.trend).toBeCloseTo(
      (3 * 365.25) / 731,
      12,
    );
  });

  it("needs periods of one calendar format for calendar time", async () => {
    const result = await tinyIndex({ FY2023: { A: [1, 1] }, FY2024: { A: [2, 2] } });
    expect(() => trends(result, { method: "cagr", time: "calendar" })).toThrow(
      new InputError(
        "not-calendar",
        'trends: the periods `FY2023`, `FY2024` are not all years, quarters (2024-Q1), months (2024-03) or dates (2024-03-31) of one format; use `time: "positions"`',
      ),
    );
    expect(() => trends(result, { method: "cagr", time: "weeks" as "calendar" })).toThrow(
      "trends: `time` must be `years`, `calendar` or `positions`, got `weeks`",
    );
  });

  it("applies an indicator's direction when asked, as COINr does", async () => {
    const result = await tinyIndex(threeYears);
    result.framework.indicators.get("x")!.direction = -1;
    // x: A 10 → 15 over 2020–2022.
    expect(trends(result, { node: "x", method: "change" }).units[0]!.trend).toBe(5);
    const t = trends(result, { node: "x", method: "change", applyDirection: true });
    expect([t.direction, t.units[0]!.trend]).toEqual([-1, -5]);
  });

  it("names bad options", async () => {
    const result = await tinyIndex(threeYears);
    expect(() => trends(result, { method: "cagr", from: "2019" })).toThrow(
      "trends: no period `2019`; the result has `2020`, `2021`, `2022`",
    );
    expect(() => trends(result, { method: "cagr", from: "2022", to: "2020" })).toThrow(
      "trends: the window needs two periods or more, `from` before `to`; got `2022` to `2020`",
    );
    expect(() => trends(result, { method: "cagr", node: "nope" })).toThrow(
      "trends: no framework node `nope` in the result",
    );
    expect(() => trends(result, { method: "mean" as "cagr" })).toThrow(
      "trends: unknown method `mean`; use `cagr`, `change`, `percent-change`, `slope`",
    );
    expect(() => trends(result, { method: "percent-change", per: 0 })).toThrow(
      "trends: `per` must be a positive number, got `0`",
    );
  });
});

import {
  type ImputeLinearOptions,
  type ImputeLocfOptions,
  type ImputeMethod,
  imputeLinear,
  imputeLocf,
  periodTimes,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose, indicatorContext } from "../helpers/context.js";
import { readReferenceRecords, rNumber } from "../helpers/reference.js";
import { readGolden } from "./golden/read.js";

const N = Number.NaN;

/** Runs an imputation of one unit's series (one value per period) period by period. */
function series(
  method: ImputeMethod,
  values: number[],
  options: Record<string, unknown>,
  periods?: string[],
) {
  const ps = periods ?? values.map((_, p) => String(2018 + p));
  const panel = Float64Array.from(values);
  const issues: string[] = [];
  const out = ps.map((_, p) => {
    const ctx = indicatorContext(1, { panel, periods: ps, periodIndex: p });
    const y = method.impute(Float64Array.of(values[p]!), options, ctx)[0]!;
    issues.push(...ctx.collected.issues.map((i) => i.message));
    return y;
  });
  return { out, issues };
}

/** The ASEM panel (COINr's ASEM_iData_p, 2018–2022) as period-major columns by indicator. */
function asemPanel() {
  const rows = readReferenceRecords("data/ASEM_iData_p.csv");
  const meta = readReferenceRecords("data/ASEM_iMeta.csv");
  const inds = meta.filter((m) => m.Type === "Indicator").map((m) => m.iCode!);
  const periods = [...new Set(rows.map((r) => r.Time!))].sort();
  const units = [...new Set(rows.map((r) => r.uCode!))];
  const n = units.length;
  const columns = new Map(inds.map((i) => [i, new Float64Array(periods.length * n).fill(N)]));
  for (const r of rows) {
    const at = periods.indexOf(r.Time!) * n + units.indexOf(r.uCode!);
    for (const i of inds) columns.get(i)![at] = rNumber(r[i]!);
  }
  const remove = (unit: string, indicator: string, years: string[]) => {
    for (const y of years) columns.get(indicator)![periods.indexOf(y) * n + units.indexOf(unit)] = N;
  };
  return { inds, periods, units, n, columns, remove };
}

/** Imputes every indicator of the panel in every period; returns the imputed panels. */
function imputePanel(
  method: ImputeMethod,
  options: Record<string, unknown>,
  p: ReturnType<typeof asemPanel>,
) {
  const out = new Map<string, Float64Array>();
  for (const id of p.inds) {
    const panel = p.columns.get(id)!;
    const y = new Float64Array(panel.length);
    p.periods.forEach((_, t) => {
      const ctx = indicatorContext(p.n, { id, panel, periods: p.periods, periodIndex: t });
      y.set(method.impute(panel.slice(t * p.n, (t + 1) * p.n), options, ctx), t * p.n);
    });
    out.set(id, y);
  }
  return out;
}

describe("linear", () => {
  it("interpolates on calendar years and carries the nearest value at the ends (worked by hand)", () => {
    // periods 2018, 2019, 2021, 2022, 2023 with values ., 1, ., 7, .:
    // 2021 = 1 + (7 − 1) · (2021 − 2019) / (2022 − 2019) = 5; ends carry 1 and 7 (R approx rule = 2)
    const periods = ["2018", "2019", "2021", "2022", "2023"];
    expect(series(imputeLinear, [N, 1, N, 7, N], {}, periods).out).toEqual([1, 1, 5, 7, 7]);
    // equal spacing: 2021 is halfway → 4
    expect(series(imputeLinear, [N, 1, N, 7, N], { spacing: "equal" }, periods).out).toEqual([1, 1, 4, 7, 7]);
    const missing = series(
      imputeLinear,
      [N, 1, N, 7, N],
      { ends: "missing" } satisfies ImputeLinearOptions,
      periods,
    );
    expectClose(missing.out, [N, 1, 5, 7, N], 0);
    expect(missing.issues).toEqual([
      "1 value(s) of `x` in `2018` stay missing (the unit has no value on one side in time): `u1`",
      "1 value(s) of `x` in `2023` stay missing (the unit has no value on one side in time): `u1`",
    ]);
  });

  it("carries a single observation everywhere (COINr's approx would stop) and reports an empty series", () => {
    expect(series(imputeLinear, [N, 4, N], {}).out).toEqual([4, 4, 4]);
    const empty = series(imputeLinear, [N, N], {});
    expectClose(empty.out, [N, N], 0);
    expect(empty.issues[0]).toBe(
      "1 value(s) of `x` in `2018` stay missing (the unit has no value in any period): `u1`",
    );
  });

  it("records the neighbours in the audit trail", () => {
    const panel = Float64Array.of(2, N, 6);
    const ctx = indicatorContext(1, { panel, periods: ["2020", "2021", "2022"], periodIndex: 1 });
    imputeLinear.impute(Float64Array.of(N), {}, ctx);
    expect(ctx.collected.audit[0]).toMatchObject({
      after: 4,
      period: "2021",
      details: {
        how: "linear interpolation between 2020 and 2022",
        reason: { from: "2020", to: "2022", scale: "years" },
      },
    });
  });
});

describe("locf", () => {
  it("carries the last observation forward within maxGap (worked by hand)", () => {
    const x = [N, 4, N, N, 6, N];
    expectClose(series(imputeLocf, x, {}).out, [N, 4, 4, 4, 6, 6], 0);
    const gap1 = series(imputeLocf, x, { maxGap: 1 } satisfies ImputeLocfOptions);
    expectClose(gap1.out, [N, 4, 4, N, 6, 6], 0);
    expect(gap1.issues).toEqual([
      "1 value(s) of `x` in `2018` stay missing (no earlier observation of the unit within 1 period(s)): `u1`",
      "1 value(s) of `x` in `2021` stay missing (no earlier observation of the unit within 1 period(s)): `u1`",
    ]);
    expectClose(series(imputeLocf, x, { backward: true }).out, [4, 4, 4, 4, 6, 6], 0);
  });

  it("records where the value came from", () => {
    const panel = Float64Array.of(N, N, 3);
    const ctx = indicatorContext(1, { panel, periods: ["2020", "2021", "2022"], periodIndex: 0 });
    imputeLocf.impute(Float64Array.of(N), { backward: true }, ctx);
    expect(ctx.collected.audit[0]).toMatchObject({
      after: 3,
      details: { how: "the next observation (2022)", reason: { from: "2022" } },
    });
  });
});

describe("period times", () => {
  it("reads years, quarters, months and dates, else positions", () => {
    expect(periodTimes(["2018", "2020"], "calendar")).toEqual({
      times: Float64Array.of(2018, 2020),
      scale: "years",
    });
    expect(periodTimes(["2023-Q4", "2024-Q2"], "calendar").times).toEqual(Float64Array.of(8095, 8097));
    expect(periodTimes(["2023-12", "2024-02"], "calendar").times).toEqual(Float64Array.of(24287, 24289));
    // 2024 is a leap year: 28 February to 1 March is two days
    const days = periodTimes(["2024-02-28", "2024-03-01"], "calendar");
    expect(days.scale).toBe("days");
    expect(days.times[1]! - days.times[0]!).toBe(2);
    expect(periodTimes(["2018", "2019-06"], "calendar").scale).toBe("positions");
    expect(periodTimes(["2018", "2020"], "equal")).toEqual({
      times: Float64Array.of(0, 1),
      scale: "positions",
    });
  });

  it("tells when linear interpolation falls back to positions", () => {
    const { out, issues } = series(imputeLinear, [1, N, 3], {}, ["a", "b", "c"]);
    expect(out).toEqual([1, 2, 3]);
    expect(issues).toEqual([
      "the periods of `x` are not all years, quarters, months or dates, so linear interpolation puts them one step apart: `a`, `b`, `c`",
    ]);
  });
});

describe("panel imputation matches COINr impute_panel on the ASEM panel", () => {
  // COINr 1.1.x impute_panel(iData_p, cols = <the 49 indicators>, imp_type, max_time) on ASEM_iData_p with
  // NZL-2022 LPI and AUT-2022 Flights removed, and more gaps (golden/make-golden.R):
  // golden/panel_ASEM_iData_p.csv lists every cell missing in the input and COINr's value. Tolerance 1e-9.
  const golden = readGolden("panel_ASEM_iData_p.csv");
  const runs: [string, ImputeMethod, Record<string, unknown>][] = [
    ["latest", imputeLocf, {}],
    ["latest_max1", imputeLocf, { maxGap: 1 }],
    ["constant", imputeLocf, { backward: true }],
    ["linear", imputeLinear, {}],
  ];
  for (const [name, method, options] of runs) {
    it(`imp_type ${name}: ${method.id} ${JSON.stringify(options)}`, () => {
      const p = asemPanel();
      p.remove("NZL", "LPI", ["2022"]);
      p.remove("AUT", "Flights", ["2022"]);
      p.remove("FRA", "LPI", ["2020"]);
      p.remove("CHN", "LPI", ["2019", "2020"]);
      p.remove("DEU", "Flights", ["2018"]);
      p.remove("JPN", "Goods", ["2021", "2022"]);
      p.remove("IND", "Renew", ["2018", "2020", "2022"]);
      const imputed = imputePanel(method, options, p);
      let missing = 0;
      let filled = 0;
      for (const id of p.inds) {
        const x = p.columns.get(id)!;
        const y = imputed.get(id)!;
        for (let c = 0; c < x.length; c++) {
          if (!Number.isNaN(x[c]!)) {
            if (!Object.is(y[c], x[c])) throw new Error(`${id} cell ${c} changed`);
            continue;
          }
          missing++;
          const unit = p.units[c % p.n]!;
          const time = p.periods[Math.floor(c / p.n)]!;
          const row = golden.find((g) => g.uCode === unit && g.Time === time && g.iCode === id);
          if (!row) throw new Error(`no golden value for ${unit} ${time} ${id}`);
          expectClose([y[c]!], [rNumber(row[name]!)], 1e-9);
          if (!Number.isNaN(y[c]!)) filled++;
        }
      }
      expect(missing).toBe(golden.length);
      expect(filled).toBe(golden.filter((g) => g[name] !== "NA").length);
    });
  }

  it("reproduces the reference files, in which COINr's example removes nothing", () => {
    // ../shared/reference/coinr-asem/impute/panel_{latest,linear}_LPI_Flights.csv come from COINr's
    // impute_panel example, which removes LPI and Flights where uCode is "NZ" and "AT"; the panel's codes are
    // NZL and AUT, so nothing is removed and COINr returns the panel as it was. So must we.
    const p = asemPanel();
    for (const [file, method] of [
      ["impute/panel_latest_LPI_Flights.csv", imputeLocf],
      ["impute/panel_linear_LPI_Flights.csv", imputeLinear],
    ] as const) {
      const reference = readReferenceRecords(file);
      const imputed = imputePanel(method, {}, p);
      for (const id of ["LPI", "Flights"]) {
        const expected = new Float64Array(p.periods.length * p.n);
        for (const r of reference) {
          expected[p.periods.indexOf(r.Time!) * p.n + p.units.indexOf(r.uCode!)] = rNumber(r[id]!);
        }
        expectClose(imputed.get(id)!, expected, 1e-9);
      }
    }
  });
});

import type { IssueList } from "../issues.js";
import { show } from "../issues.js";
import type { Observation } from "../model/observation.js";
import type { MetaValue, UnitSpec } from "../spec/types.js";
import {
  COINR_SOURCE,
  type CoinrTable,
  cellPath,
  columnsOf,
  isMissing,
  numberOf,
  readNumber,
  readText,
} from "./cell.js";
import type { IMetaTable } from "./read-imeta.js";

/** iData columns that are not in iMeta: the unit code, its name and the period. */
export const IDATA_SPECIAL = ["uCode", "uName", "Time"] as const;

/** iData, read and checked against iMeta. */
export interface IDataRead {
  /** One unit per uCode, in first-seen order; groups and `Other` columns in `meta`. */
  units: UnitSpec[];
  /** One observation per unit, period and indicator or denominator column; `null` where missing. */
  observations: Observation[];
  /** Periods, in first-seen order. */
  periods: string[];
}

/**
 * Reads COINr's iData table against iMeta: one unit per `uCode` (named by `uName`), one period per `Time`
 * value (or `period` when there is no `Time` column), an observation per indicator and denominator column.
 * Reports every problem to `issues`: a missing `uCode` column, columns that iMeta does not describe, iMeta
 * indicators and denominators that iData lacks, duplicate unit-period rows, non-numeric values.
 */
export function readIData(rows: CoinrTable, meta: IMetaTable, period: string, issues: IssueList): IDataRead {
  const out: IDataRead = { units: [], observations: [], periods: [] };
  if (rows.length === 0) {
    issues.error("empty-table", "iData", "iData has no rows", COINR_SOURCE);
    return out;
  }
  const columns = columnsOf(rows);
  if (!columns.includes("uCode")) {
    issues.error(
      "missing-column",
      cellPath("iData", 0, "uCode"),
      "iData has no `uCode` column",
      COINR_SOURCE,
    );
    return out;
  }
  const hasTime = columns.includes("Time");

  const values: string[] = [];
  const metaColumns: { code: string; numeric: boolean }[] = [];
  for (const c of columns) {
    if ((IDATA_SPECIAL as readonly string[]).includes(c)) continue;
    const entry = meta.byCode.get(c);
    if (!entry) {
      issues.error(
        "not-in-imeta",
        cellPath("iData", 0, c),
        `iData column ${show(c)} is not an iCode of iMeta`,
        COINR_SOURCE,
      );
    } else if (entry.type === "Aggregate") {
      issues.error(
        "aggregate-in-idata",
        cellPath("iData", 0, c),
        `iData column ${show(c)} is an Aggregate in iMeta; aggregates are computed, not read`,
        COINR_SOURCE,
      );
    } else if (entry.type === "Indicator" || entry.type === "Denominator") values.push(c);
    else metaColumns.push({ code: c, numeric: entry.type === "Other" });
  }
  for (const e of meta.entries) {
    if (e.type === "Aggregate" || columns.includes(e.code)) continue;
    const needed = e.type === "Indicator" || e.type === "Denominator";
    issues.add({
      severity: needed ? "error" : "warning",
      code: "not-in-idata",
      path: cellPath("iMeta", e.row, "iCode"),
      message: `${e.type} ${show(e.code)} of iMeta has no column in iData`,
      source: COINR_SOURCE,
    });
  }

  const units = new Map<string, { spec: UnitSpec; row: number }>();
  const seen = new Map<string, number>();
  const periods = new Set<string>();
  rows.forEach((cells, i) => {
    const row = i + 1;
    const unit = readText(cells.uCode);
    if (unit === undefined) {
      issues.error("missing-value", cellPath("iData", row, "uCode"), "uCode is missing", COINR_SOURCE);
      return;
    }
    if (unit.includes("/") || [...unit].some((c) => c.charCodeAt(0) < 0x20)) {
      issues.error(
        "bad-id",
        cellPath("iData", row, "uCode"),
        `uCode ${show(unit)} must not hold \`/\` or control characters`,
        COINR_SOURCE,
      );
      return;
    }
    let p = period;
    if (hasTime) {
      const time = readText(cells.Time);
      if (time === undefined) {
        issues.error(
          "missing-value",
          cellPath("iData", row, "Time"),
          `Time of ${show(unit)} is missing`,
          COINR_SOURCE,
        );
        return;
      }
      p = time;
    }
    const key = `${unit}\u0000${p}`;
    const prior = seen.get(key);
    if (prior !== undefined) {
      issues.error(
        "duplicate-id",
        cellPath("iData", row, "uCode"),
        hasTime
          ? `uCode ${show(unit)} appears twice for Time ${show(p)} (first at row ${prior})`
          : `uCode ${show(unit)} is used twice (first at row ${prior})`,
        COINR_SOURCE,
      );
      return;
    }
    seen.set(key, row);
    periods.add(p);

    const name = readText(cells.uName);
    const metaValues: Record<string, MetaValue> = {};
    for (const { code, numeric } of metaColumns) {
      const text = cells[code];
      if (isMissing(text)) metaValues[code] = null;
      else {
        const t = text!.trim();
        metaValues[code] = (numeric ? numberOf(t) : undefined) ?? t;
      }
    }
    const known = units.get(unit);
    if (!known) {
      const spec: UnitSpec = { id: unit };
      if (name !== undefined) spec.labels = { en: name };
      if (metaColumns.length > 0) spec.meta = metaValues;
      units.set(unit, { spec, row });
    } else {
      const was = known.spec.labels?.en;
      if (name !== undefined && was !== name) {
        issues.warn(
          "unit-varies",
          cellPath("iData", row, "uName"),
          `uName of ${show(unit)} is ${show(name)} here but ${show(was ?? "NA")} at row ${known.row}; the first is kept`,
          COINR_SOURCE,
        );
      }
      for (const { code } of metaColumns) {
        const before = known.spec.meta?.[code] ?? null;
        const now = metaValues[code] ?? null;
        if (before !== now) {
          issues.warn(
            "unit-varies",
            cellPath("iData", row, code),
            `${code} of ${show(unit)} is ${show(now ?? "NA")} here but ${show(before ?? "NA")} at row ${known.row}; the first is kept`,
            COINR_SOURCE,
          );
        }
      }
    }

    for (const code of values) {
      const value = readNumber(cells[code], cellPath("iData", row, code), `${code} of ${show(unit)}`, issues);
      out.observations.push({ unit, indicator: code, period: p, value: value ?? null });
    }
  });
  out.units = [...units.values()].map((u) => u.spec);
  out.periods = [...periods];
  return out;
}

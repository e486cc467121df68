import { dataPath, type IssueList, show } from "../issues.js";
import type { FrameworkModel } from "../model/framework.js";
import type { Observation } from "../model/observation.js";
import type { Accounted } from "../pipeline/result.js";
import { sha256 } from "../util/sha256.js";
import { Dataset } from "./dataset.js";

/** The raw dataset built from observations, and what was found along the way. */
export interface Ingested {
  /** Every spec indicator as a column (derived ones empty), spec units as rows, periods sorted. */
  data: Dataset;
  /** SHA-256 of the observations in canonical order. */
  hash: string;
  /** Units: spec units, and unknown units found in the data. */
  units: Accounted[];
  /** Indicators: spec indicators, and unknown indicators found in the data. */
  indicators: Accounted[];
}

/**
 * Turns observations into the columnar raw dataset of a spec, checking every value: unknown units and
 * indicators are reported (warnings) and accounted as ignored, duplicates and non-numeric values are errors,
 * an indicator without any value is an error. Periods are sorted as strings (ISO years and months sort right).
 */
export function ingest(
  framework: FrameworkModel,
  observations: Iterable<Observation>,
  issues: IssueList,
): Ingested {
  const unitIds = [...framework.units.keys()];
  const unitRow = new Map(unitIds.map((u, i) => [u, i]));
  const indicatorIds = [...framework.indicators.keys()];
  const derived = new Set(indicatorIds.filter((id) => framework.indicators.get(id)!.formula !== undefined));

  type Cell = { u: number; p: string; v: number };
  const cells = new Map<string, Cell[]>(indicatorIds.map((id) => [id, []]));
  const seen = new Set<string>();
  const unknownUnits = new Map<string, number>();
  const unknownIndicators = new Map<string, number>();
  const periods = new Set<string>();
  const lines: string[] = [];
  const observedByUnit = new Map<string, number>();
  const observedByIndicator = new Map<string, number>();
  const derivedData = new Map<string, number>();

  for (const o of observations) {
    if (o === null || typeof o !== "object") {
      issues.error("bad-observation", "data", `an observation must be an object, got ${show(o)}`, "data");
      continue;
    }
    const { unit, indicator, period } = o;
    if (
      typeof unit !== "string" ||
      typeof indicator !== "string" ||
      typeof period !== "string" ||
      period === ""
    ) {
      issues.error(
        "bad-observation",
        dataPath(String(unit), String(indicator), String(period)),
        `an observation needs string \`unit\`, \`indicator\` and a non-empty \`period\`, got ${show({ unit, indicator, period })}`,
        o.provenance?.source ?? "data",
      );
      continue;
    }
    const where = o.provenance?.location ? ` (${o.provenance.location})` : "";
    const raw = o.value as unknown;
    let value: number;
    if (raw === null || raw === undefined) value = Number.NaN;
    else if (typeof raw === "number" && !Number.isFinite(raw) && !Number.isNaN(raw)) {
      issues.error(
        "non-numeric",
        dataPath(unit, indicator, period),
        `value must be a finite number, got ${show(raw)}${where}`,
        o.provenance?.source ?? "data",
      );
      continue;
    } else if (typeof raw !== "number") {
      issues.error(
        "non-numeric",
        dataPath(unit, indicator, period),
        `value must be a number, got ${typeof raw} ${show(raw)}${where}`,
        o.provenance?.source ?? "data",
      );
      continue;
    } else value = raw;

    const row = unitRow.get(unit);
    const list = cells.get(indicator);
    if (row === undefined) unknownUnits.set(unit, (unknownUnits.get(unit) ?? 0) + 1);
    if (!list) unknownIndicators.set(indicator, (unknownIndicators.get(indicator) ?? 0) + 1);
    if (row === undefined || !list) continue;
    if (derived.has(indicator)) {
      derivedData.set(indicator, (derivedData.get(indicator) ?? 0) + 1);
      continue;
    }
    const key = `${unit}\u0000${indicator}\u0000${period}`;
    if (seen.has(key)) {
      issues.error(
        "duplicate-observation",
        dataPath(unit, indicator, period),
        `${show(unit)} has more than one value of ${show(indicator)} in ${show(period)}${where}`,
        o.provenance?.source ?? "data",
      );
      continue;
    }
    seen.add(key);
    periods.add(period);
    list.push({ u: row, p: period, v: value });
    lines.push(`${unit}\t${indicator}\t${period}\t${Number.isNaN(value) ? "NA" : String(value)}`);
    if (!Number.isNaN(value)) {
      observedByUnit.set(unit, (observedByUnit.get(unit) ?? 0) + 1);
      observedByIndicator.set(indicator, (observedByIndicator.get(indicator) ?? 0) + 1);
    }
  }

  for (const [u, n] of unknownUnits) {
    issues.warn(
      "unknown-unit",
      dataPath(u),
      `the data have ${n} value(s) for unit ${show(u)}, which is not in the spec's \`units\`; they are ignored`,
      "data",
    );
  }
  for (const [ind, n] of unknownIndicators) {
    issues.warn(
      "unknown-indicator",
      `data/*/${ind}`,
      `the data have ${n} value(s) of ${show(ind)}, which is not in the spec's \`indicators\`; they are ignored`,
      "data",
    );
  }
  for (const [ind, n] of derivedData) {
    issues.warn(
      "derived-in-data",
      `data/*/${ind}`,
      `the data have ${n} value(s) of ${show(ind)}, which the spec computes by its formula; the data values are ignored`,
      "data",
    );
  }

  const periodList = [...periods].sort();
  const pIndex = new Map(periodList.map((p, i) => [p, i]));
  const n = unitIds.length;
  const columns = new Map<string, Float64Array>();
  for (const id of indicatorIds) {
    const col = new Float64Array(n * periodList.length).fill(Number.NaN);
    for (const c of cells.get(id)!) col[pIndex.get(c.p)! * n + c.u] = c.v;
    columns.set(id, col);
    if (derived.has(id)) continue;
    const ind = framework.indicators.get(id)!;
    if ((observedByIndicator.get(id) ?? 0) === 0) {
      const had = cells.get(id)!.length;
      // A framework indicator without values is an error; an auxiliary one only matters where it is used.
      (ind.inFramework ? issues.error : issues.warn).call(
        issues,
        had === 0 ? "no-data" : "all-missing",
        `data/*/${id}`,
        had === 0
          ? `indicator ${show(id)} has no data: no source provides it`
          : `every value of indicator ${show(id)} is missing (${had} empty cells)`,
        "data",
      );
    } else if (ind.inFramework) {
      for (const [p, pi] of pIndex) {
        let any = false;
        for (let u = 0; u < n && !any; u++) any = !Number.isNaN(col[pi * n + u]!);
        if (!any) {
          issues.warn(
            "period-all-missing",
            `data/*/${id}/${p}`,
            `indicator ${show(id)} has no value in ${show(p)}; it is left out of its parent's score there`,
            "data",
          );
        }
      }
    }
  }
  if (periodList.length === 0) {
    issues.error(
      "no-data",
      "data",
      "there is no data: no observation matches a unit and an indicator of the spec",
      "data",
    );
  }

  const units: Accounted[] = unitIds.map((id) => ({
    id,
    status: "included",
    observed: observedByUnit.get(id) ?? 0,
  }));
  for (const u of units) {
    if (u.observed === 0 && periodList.length > 0) {
      issues.warn(
        "unit-no-data",
        dataPath(u.id),
        `unit ${show(u.id)} has no value at all; its scores are missing`,
        "data",
      );
    }
  }
  for (const [id, n] of unknownUnits) {
    units.push({ id, status: "ignored", reason: "not in the spec's units", observed: n });
  }
  const indicators: Accounted[] = indicatorIds.map((id) => {
    const ind = framework.indicators.get(id)!;
    return ind.inFramework
      ? { id, status: "included", observed: observedByIndicator.get(id) ?? 0 }
      : {
          id,
          status: "auxiliary",
          reason: "not in the framework: used as a denominator or formula input",
          observed: observedByIndicator.get(id) ?? 0,
        };
  });
  for (const [id, n] of unknownIndicators) {
    indicators.push({ id, status: "ignored", reason: "not in the spec's indicators", observed: n });
  }

  lines.sort();
  return {
    data: new Dataset(unitIds, periodList, columns),
    hash: sha256(lines.join("\n")),
    units,
    indicators,
  };
}

import { reportMixedPeriodFormats } from "../impute/period-time.js";
import { dataPath, type IssueList, show } from "../issues.js";
import type { FrameworkModel } from "../model/framework.js";
import type { Observation } from "../model/observation.js";
import type { Accounted } from "../pipeline/result.js";
import { Dataset } from "./dataset.js";
import { hashDataset } from "./hash-dataset.js";
import { type Presence, presenceOf, reportIndicatorGaps, reportPresence } from "./presence.js";

/** The raw dataset built from observations, and what was found along the way. */
export interface Ingested {
  /** Every spec indicator as a column (derived ones empty), spec units as rows, periods sorted. */
  data: Dataset;
  /** Which units have data in each period (see {@link Presence}); no mask where every unit has. */
  presence: Presence;
  /** SHA-256 of the observations in canonical order. */
  hash: string;
  /** Units: spec units, and unknown units found in the data. */
  units: Accounted[];
  /** Indicators: spec indicators, and unknown indicators found in the data. */
  indicators: Accounted[];
  /** The sources of the observations, from their provenance. */
  sources: SourceSummary[];
}

/** What the observations of one source said about where they came from. */
export interface SourceSummary {
  /** The observations' `provenance.source` (`csv:indicators`), or `unspecified`. */
  source: string;
  /** Observations read from it (before any was found to be unknown or a duplicate). */
  observations: number;
  /** Distinct content hashes of the files or responses. */
  hashes: string[];
  /** Distinct licences. */
  licences: string[];
  /** Observations marked illustrative (not measured). */
  illustrative: number;
  /**
   * How the data were given: absent for observations, `columnar` for a `DataTable` (then
   * `observations` counts its cells, every column and period, missing ones included).
   */
  input?: "columnar";
}

/**
 * Turns observations into the columnar raw dataset of a spec, checking every value: unknown units and
 * indicators are reported (warnings) and accounted as ignored, duplicates and non-numeric values are errors,
 * an indicator without any value is an error. Periods are sorted as strings (ISO years and months sort right).
 * Units absent from some periods (see {@link Presence}), framework indicators without a value in some periods
 * and periods of mixed formats are reported.
 */
export function ingest(
  framework: FrameworkModel,
  observations: Iterable<Observation>,
  issues: IssueList,
): Ingested {
  const read = readObservations(framework, observations, issues);
  return { ...read, hash: hashDataset(read.data) };
}

/** {@link ingest} without the hash, which `buildIndex` computes with Web Crypto. */
export function readObservations(
  framework: FrameworkModel,
  observations: Iterable<Observation>,
  issues: IssueList,
): Omit<Ingested, "hash"> {
  const unitIds = [...framework.units.keys()];
  const nUnits = unitIds.length;
  const unitRow = new Map(unitIds.map((u, i) => [u, i]));
  const indicatorIds = [...framework.indicators.keys()];
  const indicatorIndex = new Map(indicatorIds.map((id, i) => [id, i]));
  const derived = indicatorIds.map((id) => framework.indicators.get(id)!.formula !== undefined);

  // Cells per indicator, as parallel arrays: unit row, period (in order of first appearance), value.
  const rows: number[][] = indicatorIds.map(() => []);
  const periodsOf: number[][] = indicatorIds.map(() => []);
  const values: number[][] = indicatorIds.map(() => []);
  // filled[indicator][period] marks the units seen, to find duplicates without string keys.
  const filled: Uint8Array[][] = indicatorIds.map(() => []);
  const periodIndex = new Map<string, number>();
  const unknownUnits = new Map<string, number>();
  const unknownIndicators = new Map<string, number>();
  const derivedData = new Map<string, number>();
  const observedByUnit = new Int32Array(nUnits);
  const observedByIndicator = new Int32Array(indicatorIds.length);
  const cellsByIndicator = new Int32Array(indicatorIds.length);

  const sources = new Map<
    string,
    { n: number; hashes: Set<string>; licences: Set<string>; illustrative: number }
  >();
  for (const o of observations) {
    if (o === null || typeof o !== "object") {
      issues.error("bad-observation", "data", `an observation must be an object, got ${show(o)}`, "data");
      continue;
    }
    const prov = o.provenance;
    const key = prov?.source ?? "unspecified";
    let summary = sources.get(key);
    if (!summary)
      sources.set(key, (summary = { n: 0, hashes: new Set(), licences: new Set(), illustrative: 0 }));
    summary.n++;
    if (prov) {
      if (prov.hash !== undefined) summary.hashes.add(prov.hash);
      if (prov.licence !== undefined) summary.licences.add(prov.licence);
      if (prov.illustrative === true) summary.illustrative++;
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
    const raw = o.value as unknown;
    let value: number;
    if (raw === null || raw === undefined) value = Number.NaN;
    else if (typeof raw === "number" && (Number.isFinite(raw) || Number.isNaN(raw))) value = raw;
    else {
      const where = o.provenance?.location ? ` (${o.provenance.location})` : "";
      issues.error(
        "non-numeric",
        dataPath(unit, indicator, period),
        typeof raw === "number"
          ? `value must be a finite number, got ${show(raw)}${where}`
          : `value must be a number, got ${typeof raw} ${show(raw)}${where}`,
        o.provenance?.source ?? "data",
      );
      continue;
    }

    const row = unitRow.get(unit);
    const j = indicatorIndex.get(indicator);
    if (row === undefined) unknownUnits.set(unit, (unknownUnits.get(unit) ?? 0) + 1);
    if (j === undefined) unknownIndicators.set(indicator, (unknownIndicators.get(indicator) ?? 0) + 1);
    if (row === undefined || j === undefined) continue;
    if (derived[j]) {
      derivedData.set(indicator, (derivedData.get(indicator) ?? 0) + 1);
      continue;
    }
    let p = periodIndex.get(period);
    if (p === undefined) {
      p = periodIndex.size;
      periodIndex.set(period, p);
    }
    const seen = (filled[j]![p] ??= new Uint8Array(nUnits));
    if (seen[row] === 1) {
      const where = o.provenance?.location ? ` (${o.provenance.location})` : "";
      issues.error(
        "duplicate-observation",
        dataPath(unit, indicator, period),
        `${show(unit)} has more than one value of ${show(indicator)} in ${show(period)}${where}`,
        o.provenance?.source ?? "data",
      );
      continue;
    }
    seen[row] = 1;
    rows[j]!.push(row);
    periodsOf[j]!.push(p);
    values[j]!.push(value);
    cellsByIndicator[j]!++;
    if (!Number.isNaN(value)) {
      observedByUnit[row]!++;
      observedByIndicator[j]!++;
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

  const periodList = [...periodIndex.keys()].sort();
  const sortedIndex = new Map(periodList.map((p, i) => [p, i]));
  const remap = Int32Array.from(periodIndex.keys(), (p) => sortedIndex.get(p)!);
  const columns = new Map<string, Float64Array>();
  indicatorIds.forEach((id, j) => {
    const col = new Float64Array(nUnits * periodList.length).fill(Number.NaN);
    const r = rows[j]!;
    const ps = periodsOf[j]!;
    const vs = values[j]!;
    for (let c = 0; c < r.length; c++) col[remap[ps[c]!]! * nUnits + r[c]!] = vs[c]!;
    columns.set(id, col);
    if (derived[j]) return;
    const ind = framework.indicators.get(id)!;
    if (observedByIndicator[j] === 0) {
      const had = cellsByIndicator[j]!;
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
      reportIndicatorGaps(framework, id, periodList, (pi) => hasValue(col, pi, nUnits), issues, "data");
    }
  });
  if (periodList.length === 0) {
    issues.error(
      "no-data",
      "data",
      "there is no data: no observation matches a unit and an indicator of the spec",
      "data",
    );
  }

  const data = new Dataset(unitIds, periodList, columns);
  const presence = presenceOf(framework, data);
  reportMixedPeriodFormats(periodList, issues, "data");
  const units: Accounted[] = unitIds.map((id, i) => ({
    id,
    status: "included",
    observed: observedByUnit[i]!,
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
  reportPresence(unitIds, periodList, presence, observedByUnit, issues, "data");
  for (const [id, n] of unknownUnits) {
    units.push({ id, status: "ignored", reason: "not in the spec's units", observed: n });
  }
  const indicators: Accounted[] = indicatorIds.map((id, j) => {
    const ind = framework.indicators.get(id)!;
    return ind.inFramework
      ? { id, status: "included", observed: observedByIndicator[j]! }
      : {
          id,
          status: "auxiliary",
          reason: "not in the framework: used as a denominator or formula input",
          observed: observedByIndicator[j]!,
        };
  });
  for (const [id, n] of unknownIndicators) {
    indicators.push({ id, status: "ignored", reason: "not in the spec's indicators", observed: n });
  }

  return {
    data,
    presence,
    units,
    indicators,
    sources: [...sources].map(([source, v]) => ({
      source,
      observations: v.n,
      hashes: [...v.hashes],
      licences: [...v.licences],
      illustrative: v.illustrative,
    })),
  };
}

/** True when the column has a value in period `p` (of `n` units). */
function hasValue(col: Float64Array, p: number, n: number): boolean {
  for (let u = p * n; u < (p + 1) * n; u++) if (!Number.isNaN(col[u]!)) return true;
  return false;
}

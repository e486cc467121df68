import { reportMixedPeriodFormats } from "../impute/period-time.js";
import { dataPath, type IssueList, show } from "../issues.js";
import type { FrameworkModel } from "../model/framework.js";
import type { ObservationProvenance } from "../model/observation.js";
import type { Accounted } from "../pipeline/result.js";
import { Dataset } from "./dataset.js";
import { LITTLE_ENDIAN, noteCanonical } from "./hash-dataset.js";
import type { Ingested } from "./ingest.js";
import { everyonePresent, presenceOf, reportIndicatorGaps, reportPresence } from "./presence.js";

/**
 * Columnar input of `buildIndex`, for data too large to pass as one object per observation (10⁵ units ×
 * 10³ indicators): one `Float64Array` per indicator holding every unit in every period, period-major
 * (`column[p * units.length + u]`), `NaN` for missing.
 *
 * `buildIndex` checks it as it checks observations: every column must be a `Float64Array` of
 * `units.length × periods.length` values (`bad-column`), unit ids and periods must be distinct non-empty strings
 * (`duplicate-unit`, `duplicate-period`, `bad-table`), values must be finite or `NaN` (`non-numeric`); units
 * and indicators that the spec does not know are reported as warnings and accounted as ignored; a spec
 * indicator without a column has no data. Periods are sorted as strings. When `units` are the spec's units in
 * the spec's order and `periods` are sorted, the columns are used as they are, without a copy: they become the
 * result's `Raw` dataset, so do not change them afterwards.
 *
 * A table has a cell for every unit and period, so a missing value and no measurement look the same: a unit is
 * absent from a period (not imputed, scored or ranked there, see `Presence`) when every cell of it there is
 * missing, in the columns that make a unit present (framework indicators and formula inputs), as with
 * observations whose values are all missing.
 *
 * @example
 * const table: DataTable = {
 *   units: ["Beijing", "Shanghai"],
 *   periods: ["2024"],
 *   columns: { flights: Float64Array.of(120, 150), rating: Float64Array.of(4.1, Number.NaN) },
 * };
 * const { result } = await buildIndex(spec, table);
 */
export interface DataTable {
  /** Unit ids, in row order. */
  units: readonly string[];
  /** Periods, in the order of the blocks of every column. */
  periods: readonly string[];
  /** One column per indicator id, as a `Map` or a plain object. */
  columns: ReadonlyMap<string, Float64Array> | Readonly<Record<string, Float64Array>>;
  /**
   * Where the table came from, for the result's provenance (its `sources` entry is named after `source`,
   * default `columnar input`).
   */
  provenance?: Pick<ObservationProvenance, "source" | "hash" | "licence" | "illustrative">;
}

/** True when `data` is a {@link DataTable} rather than an iterable of observations. */
export function isDataTable(data: unknown): data is DataTable {
  return (
    typeof data === "object" &&
    data !== null &&
    !(Symbol.iterator in data) &&
    "columns" in data &&
    "units" in data
  );
}

/** Reports the first cells (up to ten) of a list, with an ellipsis past them. */
function firstCells(cells: readonly string[], count: number): string {
  return cells.join(", ") + (count > cells.length ? ", ..." : "");
}

/**
 * Scans one period of a column (`nT` values from `base`) in one test per cell (`v - v` is 0 when `v` is
 * finite): adds one to `missingByRow[r]` for every row whose value is missing or not finite, and returns twice
 * the number of such values in known rows (`rowOf[r] >= 0`), plus one if one of them is not finite but not
 * `NaN` (an infinity, to be reported). Kept small and apart from {@link readTable} so that it compiles to a
 * tight loop.
 */
function scanPeriod(
  col: Float64Array,
  words: Uint32Array | undefined,
  base: number,
  nT: number,
  rowOf: Int32Array,
  missingByRow: Int32Array,
): number {
  let missing = 0;
  let infinite = 0;
  let odd = 0;
  for (let r = 0; r < nT; r++) {
    const v = col[base + r]!;
    if (v - v === 0) continue;
    // A NaN other than the canonical one (0x7ff8000000000000) makes the hash rewrite the column.
    if (
      words &&
      Number.isNaN(v) &&
      (words[2 * (base + r)] !== 0 || words[2 * (base + r) + 1] !== 0x7ff80000)
    ) {
      odd = 1;
    }
    missingByRow[r]!++;
    if (rowOf[r]! < 0) continue;
    missing++;
    if (!Number.isNaN(v)) infinite = 1;
  }
  return missing * 4 + odd * 2 + infinite;
}

/**
 * Turns a {@link DataTable} into the columnar raw dataset of a spec, checking it as `ingest` checks
 * observations (see {@link DataTable}); the hash is left to the caller.
 */
export function readTable(
  framework: FrameworkModel,
  table: DataTable,
  issues: IssueList,
): Omit<Ingested, "hash"> {
  const source = table.provenance?.source ?? "columnar input";
  const unitIds = [...framework.units.keys()];
  const nUnits = unitIds.length;
  const indicatorIds = [...framework.indicators.keys()];
  const empty = (): Omit<Ingested, "hash"> => ({
    data: new Dataset(unitIds, []),
    presence: everyonePresent(0),
    units: [],
    indicators: [],
    sources: [],
  });

  const { units, periods, columns } = table;
  const entries: [string, unknown][] | undefined =
    columns instanceof Map
      ? [...columns]
      : typeof columns === "object" && columns !== null && !Array.isArray(columns)
        ? Object.entries(columns)
        : undefined;
  if (!Array.isArray(units) || !Array.isArray(periods) || !entries) {
    issues.error(
      "bad-table",
      "data",
      `a data table needs \`units\` and \`periods\` arrays and \`columns\` (a Map or an object of Float64Array), got ${show(
        { units: typeof units, periods: typeof periods, columns: typeof columns },
      )}`,
      source,
    );
    return empty();
  }

  // Rows: the spec row of every table row, -1 for an unknown or duplicate unit. When the table lists the spec's
  // units in the spec's order (the usual case), row r is spec row r and there is nothing to look up.
  const nT = units.length;
  const rowOf = new Int32Array(nT);
  const unknownUnits: string[] = [];
  let badTable = false;
  let specOrder = nT === nUnits;
  for (let r = 0; r < nT && specOrder; r++) specOrder = units[r] === unitIds[r];
  if (specOrder) for (let r = 0; r < nT; r++) rowOf[r] = r;
  else {
    const unitRow = new Map(unitIds.map((u, i) => [u, i]));
    const tableRow = new Map<string, number>();
    for (let r = 0; r < nT; r++) {
      const u = units[r] as unknown;
      rowOf[r] = -1;
      if (typeof u !== "string" || u === "") {
        issues.error(
          "bad-table",
          `data/units/${r}`,
          `unit ids of a data table must be non-empty strings, got ${show(u)} in row ${r}`,
          source,
        );
        badTable = true;
        continue;
      }
      const first = tableRow.get(u);
      if (first !== undefined) {
        issues.error(
          "duplicate-unit",
          dataPath(u),
          `unit ${show(u)} appears more than once in the table's \`units\` (rows ${first} and ${r})`,
          source,
        );
        badTable = true;
        continue;
      }
      tableRow.set(u, r);
      const row = unitRow.get(u);
      if (row === undefined) unknownUnits.push(u);
      else rowOf[r] = row;
    }
  }
  const nP = periods.length;
  const seenPeriods = new Set<string>();
  for (const p of periods as unknown[]) {
    if (typeof p !== "string" || p === "") {
      issues.error(
        "bad-table",
        "data",
        `periods of a data table must be non-empty strings, got ${show(p)}`,
        source,
      );
      badTable = true;
    } else if (seenPeriods.has(p)) {
      issues.error(
        "duplicate-period",
        `data/*/*/${p}`,
        `period ${show(p)} appears more than once in the table's \`periods\``,
        source,
      );
      badTable = true;
    }
    seenPeriods.add(String(p));
  }
  if (badTable) return empty();
  const periodList = [...periods].sort();
  const sortedIndex = new Map(periodList.map((p, i) => [p, i]));
  const periodAt = Int32Array.from(periods, (p) => sortedIndex.get(p)!);
  const knownRows = nT - unknownUnits.length;
  let sameRows = nT === nUnits;
  for (let r = 0; r < nT && sameRows; r++) sameRows = rowOf[r] === r;
  let samePeriods = true;
  for (let p = 0; p < nP && samePeriods; p++) samePeriods = periodAt[p] === p;

  // Columns: checked in one pass each, counting the observed values per period and the missing ones per row.
  const indicatorIndex = new Map(indicatorIds.map((id, i) => [id, i]));
  const derived = indicatorIds.map((id) => framework.indicators.get(id)!.formula !== undefined);
  const size = nT * nP;
  const given: (Float64Array | undefined)[] = indicatorIds.map(() => undefined);
  const observedIn: (Int32Array | undefined)[] = indicatorIds.map(() => undefined);
  const observedByIndicator = new Int32Array(indicatorIds.length);
  const missingByRow = new Int32Array(nT);
  const unknownIndicators: [string, number][] = [];
  // Columns already reported as malformed: their indicators are not reported again as having no data.
  const rejected = new Set<string>();
  let cells = 0;
  let knownColumns = 0;
  for (const [id, col] of entries) {
    const path = `data/*/${id}`;
    if (!(col instanceof Float64Array)) {
      const got = Array.isArray(col) ? `an array of ${col.length}` : show(typeof col);
      issues.error("bad-column", path, `column ${show(id)} must be a Float64Array, got ${got}`, source);
      rejected.add(id);
      continue;
    }
    if (col.length !== size) {
      issues.error(
        "bad-column",
        path,
        `column ${show(id)} has ${col.length} values, expected ${size} (${nT} units × ${nP} periods)`,
        source,
      );
      rejected.add(id);
      continue;
    }
    cells += size;
    const j = indicatorIndex.get(id);
    if (j === undefined) {
      unknownIndicators.push([id, size]);
      continue;
    }
    if (derived[j]) {
      issues.warn(
        "derived-in-data",
        path,
        `the data have ${size} value(s) of ${show(id)}, which the spec computes by its formula; the data values are ignored`,
        source,
      );
      continue;
    }
    const seen = new Int32Array(nP);
    const bad: string[] = [];
    let badCount = 0;
    let firstBad = "";
    // The NaNs' bits are checked on the way (little-endian platforms), so that hashing the column as it is
    // need not read it again.
    const words = LITTLE_ENDIAN ? new Uint32Array(col.buffer, col.byteOffset, col.length * 2) : undefined;
    let canonical = words !== undefined;
    for (let p = 0; p < nP; p++) {
      const base = p * nT;
      // Values of known units, less the missing and non-finite ones.
      const scanned = scanPeriod(col, words, base, nT, rowOf, missingByRow);
      const have = knownRows - (scanned >>> 2);
      if ((scanned & 2) === 2) canonical = false;
      if ((scanned & 1) === 1) {
        for (let r = 0; r < nT; r++) {
          const v = col[base + r]!;
          if (v - v === 0 || rowOf[r]! < 0 || Number.isNaN(v)) continue;
          if (badCount === 0) firstBad = dataPath(units[r]!, id, periods[p]);
          if (bad.length < 10) bad.push(`${units[r]} in ${periods[p]} = ${v}`);
          badCount++;
        }
      }
      seen[periodAt[p]!] = have;
      observedByIndicator[j] = observedByIndicator[j]! + have;
    }
    if (badCount > 0) {
      issues.error(
        "non-numeric",
        firstBad,
        `column ${show(id)} has ${badCount} non-finite value(s): ${firstCells(bad, badCount)}; values must be finite numbers, NaN for missing`,
        source,
      );
    }
    noteCanonical(col, canonical);
    given[j] = col;
    observedIn[j] = seen;
    knownColumns++;
  }

  for (const u of unknownUnits) {
    issues.warn(
      "unknown-unit",
      dataPath(u),
      `the data have ${cells / Math.max(nT, 1)} value(s) for unit ${show(u)}, which is not in the spec's \`units\`; they are ignored`,
      source,
    );
  }
  for (const [id, n] of unknownIndicators) {
    issues.warn(
      "unknown-indicator",
      `data/*/${id}`,
      `the data have ${n} value(s) of ${show(id)}, which is not in the spec's \`indicators\`; they are ignored`,
      source,
    );
  }

  const dataColumns = new Map<string, Float64Array>();
  indicatorIds.forEach((id, j) => {
    const col = given[j];
    if (col && sameRows && samePeriods) {
      dataColumns.set(id, col);
    } else {
      const out = new Float64Array(nUnits * nP).fill(Number.NaN);
      if (col) {
        for (let p = 0; p < nP; p++) {
          const from = p * nT;
          const to = periodAt[p]! * nUnits;
          for (let r = 0; r < nT; r++) if (rowOf[r]! >= 0) out[to + rowOf[r]!] = col[from + r]!;
        }
      }
      dataColumns.set(id, out);
    }
    if (derived[j] || (!col && rejected.has(id))) return;
    const ind = framework.indicators.get(id)!;
    if (observedByIndicator[j] === 0) {
      const had = col ? knownRows * nP : 0;
      (ind.inFramework ? issues.error : issues.warn).call(
        issues,
        had === 0 ? "no-data" : "all-missing",
        `data/*/${id}`,
        had === 0
          ? `indicator ${show(id)} has no data: the table has no column for it`
          : `every value of indicator ${show(id)} is missing (${had} empty cells)`,
        source,
      );
    } else if (ind.inFramework) {
      reportIndicatorGaps(framework, id, periodList, (pi) => observedIn[j]![pi]! > 0, issues, source);
    }
  });
  if (nP === 0) issues.error("no-data", "data", "there is no data: the table has no periods", source);

  const observedByUnit = new Int32Array(nUnits);
  for (let r = 0; r < nT; r++) {
    const row = rowOf[r]!;
    if (row >= 0) observedByUnit[row] = knownColumns * nP - missingByRow[r]!;
  }
  const data = new Dataset(unitIds, periodList, dataColumns);
  const presence = presenceOf(framework, data);
  reportMixedPeriodFormats(periodList, issues, source);
  const accountedUnits: Accounted[] = unitIds.map((id, i) => ({
    id,
    status: "included",
    observed: observedByUnit[i]!,
  }));
  for (const u of accountedUnits) {
    if (u.observed === 0 && nP > 0) {
      issues.warn(
        "unit-no-data",
        dataPath(u.id),
        `unit ${show(u.id)} has no value at all; its scores are missing`,
        source,
      );
    }
  }
  reportPresence(unitIds, periodList, presence, observedByUnit, issues, source);
  for (const id of unknownUnits) {
    accountedUnits.push({
      id,
      status: "ignored",
      reason: "not in the spec's units",
      observed: cells / Math.max(nT, 1),
    });
  }
  const accountedIndicators: Accounted[] = indicatorIds.map((id, j) => {
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
    accountedIndicators.push({ id, status: "ignored", reason: "not in the spec's indicators", observed: n });
  }

  const prov = table.provenance;
  return {
    data,
    presence,
    units: accountedUnits,
    indicators: accountedIndicators,
    sources: [
      {
        source,
        observations: cells,
        hashes: prov?.hash !== undefined ? [prov.hash] : [],
        licences: prov?.licence !== undefined ? [prov.licence] : [],
        illustrative: prov?.illustrative === true ? cells : 0,
        input: "columnar",
      },
    ],
  };
}

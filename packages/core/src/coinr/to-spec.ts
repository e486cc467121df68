import type { Issue } from "../issues.js";
import { IssueList } from "../issues.js";
import type { Observation } from "../model/observation.js";
import type { FlatFrameworkNodeSpec, IndicatorSpec, Labels, Spec, StepSpec } from "../spec/types.js";
import type { CoinrTable } from "./cell.js";
import { readIData } from "./read-idata.js";
import { type IMetaEntry, readIMeta } from "./read-imeta.js";

/** Options of {@link coinrToSpec}. */
export interface CoinrImportOptions {
  /** The spec's id (default: the root aggregate's iCode in kebab case, such as `index`). */
  id?: string;
  /** The spec's title (default: the root aggregate's iName). */
  title?: string;
  /** The period of every row when iData has no `Time` column (default `"1"`). */
  period?: string;
}

/** What {@link coinrToSpec} returns. */
export interface CoinrImport {
  /** The spec; `undefined` if and only if an issue has `error` severity. */
  spec?: Spec;
  /** Every indicator and denominator value of iData, `null` where missing (read even when there are errors). */
  observations: Observation[];
  /** Every problem found in either table, with paths such as `iMeta:12:Parent`. */
  issues: Issue[];
}

/**
 * Turns COINr's two input tables (iData and iMeta, as rows keyed by column name) into a spec and its
 * observations, so an index built in R with COINr's `new_coin()` can be rebuilt here.
 *
 * - Units: one per `uCode`, labelled by `uName`; iMeta `Group` and `Other` columns go into `meta`.
 * - Indicators: iMeta `Indicator` rows, with `Direction`, `Unit`, `Target` and `Denominator`; iMeta
 *   `Denominator` rows become auxiliary indicators (outside the framework), so they may vary over periods.
 * - Framework: a flat list of every `Indicator` and `Aggregate` row with its `Parent` and `Weight` (the root
 *   has parent `null`).
 * - Observations: one per unit, period (`Time`, else `options.period`) and indicator or denominator column;
 *   `NA`, `NaN` and empty cells are `null`.
 * - Pipeline: COINr's defaults: `denominate` `divide` (only when an indicator has a denominator), `normalise`
 *   `min-max` onto `[0, 100]`, `aggregate` `arithmetic`.
 *
 * Problems are collected, never thrown: missing required columns, unknown or non-aggregate parents, duplicate
 * iCodes or unit-period rows, non-numeric cells, `Level` inconsistent with the tree, indicators in one table
 * but not the other. Each has a path `<table>:<row>:<column>` where row 1 is the first data row after the
 * header (row 2 in a spreadsheet) and row 0 is the header itself.
 *
 * Pure: it reads no files. Use a CSV reader with a header row to get the tables.
 *
 * @example
 * ```ts
 * const { spec, observations, issues } = coinrToSpec(iDataRows, iMetaRows, { id: "asem" });
 * if (spec) await buildIndex(spec, observations);
 * ```
 */
export function coinrToSpec(
  iData: CoinrTable,
  iMeta: CoinrTable,
  options: CoinrImportOptions = {},
): CoinrImport {
  const issues = new IssueList();
  const meta = readIMeta(iMeta, issues);
  if (!meta) {
    // A required iMeta column is missing: checking iData against it would only repeat that problem.
    return { observations: [], issues: issues.items };
  }
  const data = readIData(iData, meta, options.period ?? "1", issues);

  const labels = (e: IMetaEntry): Labels | undefined => (e.name === undefined ? undefined : { en: e.name });
  const indicators: IndicatorSpec[] = [];
  const framework: FlatFrameworkNodeSpec[] = [];
  for (const e of meta.entries) {
    if (e.type === "Indicator") {
      indicators.push(
        compact({
          id: e.code,
          labels: labels(e),
          direction: e.direction,
          unit: e.unit,
          target: e.target,
          denominator: e.denominator,
        }),
      );
    }
    if (e.type === "Indicator" || e.type === "Aggregate") {
      framework.push(
        compact({ id: e.code, parent: e.parent ?? null, weight: e.weight ?? 1, labels: labels(e) }),
      );
    }
  }
  for (const e of meta.entries) {
    if (e.type === "Denominator") indicators.push(compact({ id: e.code, labels: labels(e), unit: e.unit }));
  }

  const pipeline: StepSpec[] = [];
  if (indicators.some((i) => i.denominator !== undefined))
    pipeline.push({ step: "denominate", method: "divide" });
  pipeline.push({ step: "normalise", method: "min-max", options: { range: [0, 100] } });
  pipeline.push({ step: "aggregate", method: "arithmetic" });

  const root = meta.root;
  const title = options.title ?? root?.name;
  const spec: Spec = compact({
    id: options.id ?? kebab(root?.code ?? "") ?? "coinr-index",
    title,
    description: "Imported from COINr's iData and iMeta tables.",
    units: data.units,
    indicators,
    framework,
    pipeline,
  });
  return {
    spec: issues.hasErrors ? undefined : spec,
    observations: data.observations,
    issues: issues.items,
  };
}

/** `SusEcFin` → `sus-ec-fin`; `undefined` when nothing usable is left. */
function kebab(code: string): string | undefined {
  const id = code
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return /^[a-z]/.test(id) ? id : undefined;
}

/** Drops `undefined` fields, so the spec is plain JSON that a schema validator accepts. */
function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

import { dataPath, type IssueList, show } from "../issues.js";
import type { FrameworkModel } from "../model/framework.js";
import type { Dataset } from "./dataset.js";

/**
 * Which units are in each period's sample. A unit is *present* in a period when the data hold a value (not
 * missing) for it there of an indicator that enters the scores: a framework indicator, or an input of a formula.
 * A denominator alone (population) does not make a unit present, nor do rows whose value is missing: spreadsheet
 * sources give such a row for every blank cell, so a row of blanks and no row at all cannot be told apart. An
 * *absent* unit-period is not part of that period's sample: its values stay missing through every step (it is
 * not imputed, treated, normalised, scored or ranked there) and it counts in no statistic of the period.
 *
 * Per period, a mask over the units in row order (`1` present, `0` absent), or `undefined` when every unit is
 * present there: a panel in which every unit has data in every period holds no mask at all.
 */
export type Presence = readonly (Uint8Array | undefined)[];

/** The presence of `periods` periods in which every unit is present. */
export function everyonePresent(periods: number): Presence {
  return new Array<Uint8Array | undefined>(periods).fill(undefined);
}

/** True when some unit is absent from some period. */
export function hasAbsent(presence: Presence): boolean {
  return presence.some((m) => m !== undefined);
}

/** True when unit row `u` is present in period `p`. */
export function isPresent(presence: Presence, p: number, u: number): boolean {
  const mask = presence[p];
  return mask === undefined || mask[u] === 1;
}

/**
 * The indicators whose values make a unit present (see {@link Presence}): framework indicators that are not
 * derived, and indicators a formula reads (found as the spec check for unused indicators finds them).
 */
export function presenceIndicators(framework: FrameworkModel): string[] {
  const formulas = [...framework.indicators.values()].flatMap((i) =>
    i.formula === undefined ? [] : [i.formula],
  );
  return [...framework.indicators.values()]
    .filter((ind) => {
      if (ind.formula !== undefined) return false;
      if (ind.inFramework) return true;
      const word = new RegExp(
        `(^|[^A-Za-z0-9_])${ind.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_])`,
      );
      return formulas.some((f) => word.test(f));
    })
    .map((ind) => ind.id);
}

/**
 * The presence of the units of raw data (see {@link Presence}): a unit is present in a period when one of the
 * {@link presenceIndicators} has a value for it there. Presence is a function of the raw data and the spec, so the
 * data hash covers it. Per period, one pass over the first such column, then over the units still without a
 * value only: a period where every unit has a value of the first indicator costs one read per unit.
 */
export function presenceOf(framework: FrameworkModel, data: Dataset): Presence {
  const n = data.units.length;
  const ids = presenceIndicators(framework).filter((id) => data.has(id));
  const pending = new Int32Array(n);
  return data.periods.map((_, p) => {
    const base = p * n;
    let m = n;
    for (let u = 0; u < n; u++) pending[u] = u;
    for (let j = 0; j < ids.length && m > 0; j++) {
      const col = data.column(ids[j]!);
      let k = 0;
      for (let i = 0; i < m; i++) {
        const u = pending[i]!;
        if (Number.isNaN(col[base + u]!)) pending[k++] = u;
      }
      m = k;
    }
    if (m === 0) return undefined;
    const mask = new Uint8Array(n).fill(1);
    for (let i = 0; i < m; i++) mask[pending[i]!] = 0;
    return mask;
  });
}

/** The masks as a {@link Presence}: a mask in which every unit is present becomes `undefined`. */
export function compactPresence(masks: readonly (Uint8Array | undefined)[]): Presence {
  return masks.map((m) => (m === undefined || m.every((v) => v === 1) ? undefined : m));
}

/** The presence of the units at the given rows, as `Dataset.selectUnits(rows)` keeps them. */
export function selectPresence(presence: Presence, rows: readonly number[]): Presence {
  return compactPresence(
    presence.map((m) => (m === undefined ? undefined : Uint8Array.from(rows, (r) => m[r]!))),
  );
}

/** Periods listed in a message: the first ten, in backticks. */
function listPeriods(periods: readonly string[]): string {
  return (
    periods.slice(0, 10).map(show).join(", ") +
    (periods.length > 10 ? `, ... (${periods.length} periods)` : "")
  );
}

/**
 * Reports the units that are absent from some periods, one issue per unit, and the periods without any unit:
 * - `unit-joins` (info): absent before its first period with data: "unit `X` has no data before `2025` (it
 *   joins the sample in `2025`); it is not imputed, scored or ranked in `2023`, `2024`";
 * - `unit-leaves` (info): absent after its last period with data;
 * - `unit-gap` (warning): absent in periods between two periods with data;
 * - `period-no-data` (warning): a period in which no unit has a value.
 * - `unit-no-data` (warning): a unit with values (`observed[u] > 0`) only of indicators that do not make it
 *   present, so absent from every period. A unit without any value is reported so by the reader.
 * A unit that joins late and leaves early gets both notes.
 */
export function reportPresence(
  units: readonly string[],
  periods: readonly string[],
  presence: Presence,
  observed: ArrayLike<number>,
  issues: IssueList,
  source: string,
): void {
  if (!hasAbsent(presence)) return;
  const empty = presence.map((m) => m?.every((v) => v === 0) === true);
  periods.forEach((p, pi) => {
    if (empty[pi]) {
      issues.warn(
        "period-no-data",
        `data/*/*/${p}`,
        `period ${show(p)} has no value of any unit: nothing is imputed, scored or ranked there`,
        source,
      );
    }
  });
  const nP = periods.length;
  for (let u = 0; u < units.length; u++) {
    let first = -1;
    let last = -1;
    let absentSomewhere = false;
    for (let p = 0; p < nP; p++) {
      if (empty[p]) continue;
      if (isPresent(presence, p, u)) {
        if (first < 0) first = p;
        last = p;
      } else absentSomewhere = true;
    }
    const unit = units[u]!;
    if (first < 0 && observed[u]! > 0) {
      issues.warn(
        "unit-no-data",
        dataPath(unit),
        `unit ${show(unit)} has values only of indicators that are neither scored nor read by a formula (such as denominators), so it has no data in any period; its scores are missing`,
        source,
      );
    }
    if (!absentSomewhere || first < 0) continue;
    const absentIn = (from: number, to: number): string[] => {
      const out: string[] = [];
      for (let p = from; p < to; p++) if (!empty[p] && !isPresent(presence, p, u)) out.push(periods[p]!);
      return out;
    };
    const before = absentIn(0, first);
    const after = absentIn(last + 1, nP);
    const between = absentIn(first + 1, last);
    if (before.length > 0) {
      issues.info(
        "unit-joins",
        dataPath(unit),
        `unit ${show(unit)} has no data before ${show(periods[first])} (it joins the sample in ${show(periods[first])}); it is not imputed, scored or ranked in ${listPeriods(before)}`,
        source,
      );
    }
    if (after.length > 0) {
      issues.info(
        "unit-leaves",
        dataPath(unit),
        `unit ${show(unit)} has no data after ${show(periods[last])} (it leaves the sample after ${show(periods[last])}); it is not imputed, scored or ranked in ${listPeriods(after)}`,
        source,
      );
    }
    if (between.length > 0) {
      issues.warn(
        "unit-gap",
        dataPath(unit),
        `unit ${show(unit)} has no data in ${listPeriods(between)}, between periods with data; it is not imputed, scored or ranked there`,
        source,
      );
    }
  }
}

/**
 * Reports a framework indicator that has no value in some periods while it has values in others, as one warning
 * `period-all-missing` naming the periods and saying whether the indicator appears, disappears or has a gap.
 * Nothing is made up for it there: unless an imputation step fills it from other periods (`linear`, `locf`), its
 * parent is scored there without it, as the aggregation method treats a missing child (the build notes it,
 * `child-missing`). `hasValue(p)` says whether period `p` has a value of it.
 */
export function reportIndicatorGaps(
  framework: FrameworkModel,
  id: string,
  periods: readonly string[],
  hasValue: (p: number) => boolean,
  issues: IssueList,
  source: string,
): void {
  const missing: number[] = [];
  let first = -1;
  let last = -1;
  periods.forEach((_, p) => {
    if (!hasValue(p)) missing.push(p);
    else {
      if (first < 0) first = p;
      last = p;
    }
  });
  if (missing.length === 0 || first < 0) return;
  const how: string[] = [];
  if (missing[0]! < first) how.push(`it appears in ${show(periods[first])}`);
  if (missing.some((p) => p > first && p < last)) how.push("it is missing between periods with values");
  if (missing.at(-1)! > last) how.push(`it disappears after ${show(periods[last])}`);
  const parent = framework.nodes.get(id)?.parent;
  issues.warn(
    "period-all-missing",
    `data/*/${id}`,
    `indicator ${show(id)} has no value in ${listPeriods(missing.map((p) => periods[p]!))} (${how.join("; ")}): no unit has a value of it there and none is made up${
      parent
        ? `; unless an imputation step fills it from other periods, ${show(parent)} is scored there without it`
        : ""
    }`,
    source,
  );
}

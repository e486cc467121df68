import type { IssueList } from "../issues.js";
import { show } from "../issues.js";
import { COINR_SOURCE, type CoinrTable, cellPath, columnsOf, readNumber, readText } from "./cell.js";

/** The row types of COINr's iMeta that this import understands. */
export type IMetaType = "Indicator" | "Aggregate" | "Denominator" | "Group" | "Other";

const TYPES: readonly IMetaType[] = ["Indicator", "Aggregate", "Denominator", "Group", "Other"];

/** Columns iMeta must have (COINr's `new_coin` requires the same). */
export const IMETA_REQUIRED = ["iCode", "Level", "Parent", "Direction", "Weight", "Type"] as const;

/** Columns iMeta may have besides the required ones. */
export const IMETA_OPTIONAL = ["iName", "Unit", "Target", "Denominator"] as const;

/** Every iCode becomes an indicator, node or metadata column id: a letter, then letters, digits and `_`. */
const CODE = /^[A-Za-z][A-Za-z0-9_]*$/;

/** One row of iMeta, read and checked. */
export interface IMetaEntry {
  /** 1-based data row (row 1 is the first row after the header). */
  row: number;
  /** `iCode`. */
  code: string;
  /** `iName`, if given. */
  name?: string;
  /** `Type`. */
  type: IMetaType;
  /** `Level` as given (indicators and aggregates only). */
  level?: number;
  /** `Direction` (indicators only). */
  direction?: 1 | -1;
  /** `Weight` (indicators and aggregates; absent when the cell is missing). */
  weight?: number;
  /** `Unit`, if given. */
  unit?: string;
  /** `Target`, if given (indicators only). */
  target?: number;
  /** `Denominator`, if given (indicators only). */
  denominator?: string;
  /** `Parent`, if given (indicators and aggregates). */
  parent?: string;
}

/** iMeta, read and checked as a whole. */
export interface IMetaTable {
  /** Every row that has a usable code and type, in file order. */
  entries: IMetaEntry[];
  /** The same entries by code. */
  byCode: ReadonlyMap<string, IMetaEntry>;
  /** The root of the framework (the aggregate without a parent), when there is exactly one. */
  root?: IMetaEntry;
}

/**
 * Reads COINr's iMeta table: checks its columns, every cell, and the framework it describes (unknown or
 * non-aggregate parents, duplicate codes, cycles, aggregates without children, exactly one root, `Level`
 * consistent with the tree, denominators that exist). Reports every problem to `issues`; returns `undefined`
 * only when a required column is missing.
 */
export function readIMeta(rows: CoinrTable, issues: IssueList): IMetaTable | undefined {
  if (rows.length === 0) {
    issues.error("empty-table", "iMeta", "iMeta has no rows", COINR_SOURCE);
    return undefined;
  }
  const columns = columnsOf(rows);
  const missing = IMETA_REQUIRED.filter((c) => !columns.includes(c));
  for (const c of missing) {
    issues.error(
      "missing-column",
      cellPath("iMeta", 0, c),
      `iMeta has no ${show(c)} column (required: ${IMETA_REQUIRED.join(", ")})`,
      COINR_SOURCE,
    );
  }
  if (missing.length > 0) return undefined;
  const known = new Set<string>([...IMETA_REQUIRED, ...IMETA_OPTIONAL]);
  for (const c of columns) {
    if (!known.has(c)) {
      issues.info(
        "ignored-column",
        cellPath("iMeta", 0, c),
        `iMeta column ${show(c)} is not used`,
        COINR_SOURCE,
      );
    }
  }

  const entries: IMetaEntry[] = [];
  const byCode = new Map<string, IMetaEntry>();
  rows.forEach((cells, i) => {
    const entry = readRow(cells, i + 1, issues);
    if (!entry) return;
    const prior = byCode.get(entry.code);
    if (prior) {
      issues.error(
        "duplicate-id",
        cellPath("iMeta", entry.row, "iCode"),
        `iCode ${show(entry.code)} is used twice (first at row ${prior.row})`,
        COINR_SOURCE,
      );
      return;
    }
    byCode.set(entry.code, entry);
    entries.push(entry);
  });

  const root = checkTree(entries, byCode, issues);
  return { entries, byCode, root };
}

function readRow(
  cells: Record<string, string | undefined>,
  row: number,
  issues: IssueList,
): IMetaEntry | undefined {
  const at = (column: string) => cellPath("iMeta", row, column);
  const code = readText(cells.iCode);
  const typeText = readText(cells.Type);
  let ok = true;
  if (code === undefined) {
    issues.error("missing-value", at("iCode"), "iCode is missing", COINR_SOURCE);
    ok = false;
  }
  const type = TYPES.find((t) => t === typeText);
  if (type === undefined) {
    issues.error(
      "unknown-type",
      at("Type"),
      typeText === undefined
        ? `Type of ${show(code ?? `row ${row}`)} is missing (expected one of ${TYPES.join(", ")})`
        : `Type ${show(typeText)} is not one of ${TYPES.join(", ")}`,
      COINR_SOURCE,
    );
    ok = false;
  }
  if (!ok || code === undefined || type === undefined) return undefined;
  if (!CODE.test(code)) {
    issues.error(
      "bad-id",
      at("iCode"),
      `iCode ${show(code)} must start with a letter and hold only letters, digits and \`_\``,
      COINR_SOURCE,
    );
    return undefined;
  }

  const entry: IMetaEntry = { row, code, type };
  const name = readText(cells.iName);
  if (name !== undefined) entry.name = name;
  const unit = readText(cells.Unit);
  if (unit !== undefined) entry.unit = unit;
  if (type !== "Indicator" && type !== "Aggregate") return entry;

  const level = readNumber(cells.Level, at("Level"), `Level of ${show(code)}`, issues);
  if (level === null) {
    issues.error("missing-value", at("Level"), `Level of ${show(code)} is missing`, COINR_SOURCE);
  } else if (level !== undefined) {
    if (Number.isInteger(level) && level >= 1) entry.level = level;
    else {
      issues.error(
        "bad-level",
        at("Level"),
        `Level of ${show(code)} must be a whole number from 1, got ${show(level)}`,
        COINR_SOURCE,
      );
    }
  }

  const weight = readNumber(cells.Weight, at("Weight"), `Weight of ${show(code)}`, issues);
  if (weight === null) {
    issues.warn(
      "missing-weight",
      at("Weight"),
      `Weight of ${show(code)} is missing; the weight \`1\` is used`,
      COINR_SOURCE,
    );
  } else if (weight !== undefined) {
    if (weight < 0) {
      issues.error(
        "negative-weight",
        at("Weight"),
        `Weight of ${show(code)} must not be negative, got ${show(weight)}`,
        COINR_SOURCE,
      );
    } else entry.weight = weight;
  }

  const parent = readText(cells.Parent);
  if (parent !== undefined) entry.parent = parent;
  else if (type === "Indicator") {
    issues.error("missing-value", at("Parent"), `Parent of indicator ${show(code)} is missing`, COINR_SOURCE);
  }

  if (type === "Indicator") {
    const direction = readNumber(cells.Direction, at("Direction"), `Direction of ${show(code)}`, issues);
    if (direction === null) {
      issues.error("missing-value", at("Direction"), `Direction of ${show(code)} is missing`, COINR_SOURCE);
    } else if (direction === 1 || direction === -1) entry.direction = direction;
    else if (direction !== undefined) {
      issues.error(
        "bad-direction",
        at("Direction"),
        `Direction of ${show(code)} must be \`1\` or \`-1\`, got ${show(direction)}`,
        COINR_SOURCE,
      );
    }
    const target = readNumber(cells.Target, at("Target"), `Target of ${show(code)}`, issues);
    if (typeof target === "number") entry.target = target;
    const denominator = readText(cells.Denominator);
    if (denominator !== undefined) entry.denominator = denominator;
  }
  return entry;
}

/** Checks parents, roots, cycles, empty aggregates, levels and denominators; returns the single root. */
function checkTree(
  entries: readonly IMetaEntry[],
  byCode: ReadonlyMap<string, IMetaEntry>,
  issues: IssueList,
): IMetaEntry | undefined {
  const inTree = entries.filter((e) => e.type === "Indicator" || e.type === "Aggregate");
  const children = new Map<string, IMetaEntry[]>();
  for (const e of inTree) {
    if (e.parent === undefined) continue;
    const parent = byCode.get(e.parent);
    if (!parent) {
      issues.error(
        "unknown-parent",
        cellPath("iMeta", e.row, "Parent"),
        `Parent ${show(e.parent)} of ${show(e.code)} is not an iCode of iMeta`,
        COINR_SOURCE,
      );
      continue;
    }
    if (parent.type !== "Aggregate") {
      issues.error(
        "bad-parent",
        cellPath("iMeta", e.row, "Parent"),
        `Parent ${show(e.parent)} of ${show(e.code)} has Type ${show(parent.type)}; a parent must be an Aggregate`,
        COINR_SOURCE,
      );
      continue;
    }
    const list = children.get(parent.code);
    if (list) list.push(e);
    else children.set(parent.code, [e]);
  }

  for (const e of inTree) {
    if (e.type === "Aggregate" && !children.has(e.code)) {
      issues.error(
        "empty-aggregate",
        cellPath("iMeta", e.row, "iCode"),
        `Aggregate ${show(e.code)} is nobody's Parent`,
        COINR_SOURCE,
      );
    }
  }

  // Levels from the tree: 1 for indicators, one more than the highest child for aggregates.
  const levels = new Map<string, number>();
  const inCycle = new Set<string>();
  const visiting = new Set<string>();
  const levelOf = (e: IMetaEntry): number => {
    const known = levels.get(e.code);
    if (known !== undefined) return known;
    if (e.type === "Indicator") {
      levels.set(e.code, 1);
      return 1;
    }
    if (visiting.has(e.code)) {
      inCycle.add(e.code);
      return Number.NaN;
    }
    visiting.add(e.code);
    let max = 0;
    for (const c of children.get(e.code) ?? []) max = Math.max(max, levelOf(c));
    visiting.delete(e.code);
    const level = max + 1;
    levels.set(e.code, level);
    return level;
  };
  for (const e of inTree) levelOf(e);
  for (const code of inCycle) {
    const e = byCode.get(code)!;
    issues.error(
      "cycle",
      cellPath("iMeta", e.row, "Parent"),
      `${show(code)} is its own ancestor: following Parent from it leads back to it`,
      COINR_SOURCE,
    );
  }
  for (const e of inTree) {
    const level = levels.get(e.code);
    if (e.level === undefined || level === undefined || Number.isNaN(level) || level === e.level) continue;
    if (e.type === "Aggregate" && !children.has(e.code)) continue;
    issues.error(
      "level-mismatch",
      cellPath("iMeta", e.row, "Level"),
      e.type === "Indicator"
        ? `Level of indicator ${show(e.code)} must be \`1\`, got ${show(e.level)}`
        : `Level of ${show(e.code)} is ${show(e.level)}, but its children put it at level ${show(level)}`,
      COINR_SOURCE,
    );
  }

  // The root is the aggregate without a parent; of several, the highest (the last one on a tie) is kept.
  const roots = inTree.filter((e) => e.type === "Aggregate" && e.parent === undefined);
  let root: IMetaEntry | undefined;
  for (const r of roots) {
    if (!root || !((levels.get(root.code) ?? 0) > (levels.get(r.code) ?? 0))) root = r;
  }
  if (!root) {
    issues.error(
      "no-root",
      "iMeta",
      "iMeta has no root: one Aggregate (the index) must have an empty or `NA` Parent",
      COINR_SOURCE,
    );
  }
  for (const r of roots) {
    if (r === root) continue;
    issues.error(
      "several-roots",
      cellPath("iMeta", r.row, "Parent"),
      `Aggregate ${show(r.code)} has no Parent, but ${show(root!.code)} is the root; only the index may have none`,
      COINR_SOURCE,
    );
  }

  for (const e of inTree) {
    if (e.denominator === undefined) continue;
    const d = byCode.get(e.denominator);
    if (!d || (d.type !== "Denominator" && d.type !== "Indicator")) {
      issues.error(
        "unknown-denominator",
        cellPath("iMeta", e.row, "Denominator"),
        d
          ? `Denominator ${show(e.denominator)} of ${show(e.code)} has Type ${show(d.type)}; expected a Denominator`
          : `Denominator ${show(e.denominator)} of ${show(e.code)} is not an iCode of iMeta`,
        COINR_SOURCE,
      );
    }
  }

  return roots.length === 1 ? root : undefined;
}

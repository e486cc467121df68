// Wikidata item ids of the units of an index, for sources that query Wikidata or Wikimedia per unit.

import { type Issue, pointer, show } from "../issues.js";
import type { UnitSpec } from "../spec/types.js";

/**
 * A Wikidata item id: `Q` and a number without leading zeros (`Q8686`). Ids are checked against it before they go
 * into a URL.
 */
export const QID_PATTERN: RegExp = /^Q[1-9][0-9]*$/;

/** True when `value` is a Wikidata item id such as `Q8686`. */
export function isQid(value: unknown): value is string {
  return typeof value === "string" && QID_PATTERN.test(value);
}

/** A unit and its Wikidata item. */
export interface UnitItem {
  /** The unit's id. */
  unit: string;
  /** Its Wikidata item id. */
  qid: string;
}

/** What {@link unitItems} found. */
export interface UnitItems {
  /** Units with a valid item id, in the spec's order. */
  items: UnitItem[];
  /** Units without one (missing or invalid), in the spec's order. */
  without: string[];
  /** One issue per unit in `without`. */
  issues: Omit<Issue, "source">[];
}

/**
 * Reads each unit's Wikidata item id from `meta[field]` (surrounding spaces ignored). A unit without one gets a
 * `missing-wikidata-id` warning and one whose value is not an item id a `bad-wikidata-id` error, both with the JSON
 * pointer of the field in the spec; neither is ever sent to a server.
 *
 * @example
 * unitItems([{ id: "shanghai", meta: { wikidata: "Q8686" } }], "wikidata").items // [{ unit: "shanghai", qid: "Q8686" }]
 */
export function unitItems(units: readonly UnitSpec[], field: string): UnitItems {
  const items: UnitItem[] = [];
  const without: string[] = [];
  const issues: Omit<Issue, "source">[] = [];
  units.forEach((unit, i) => {
    const raw = unit.meta?.[field];
    const path = pointer("units", i, "meta", field);
    if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) {
      without.push(unit.id);
      issues.push({
        severity: "warning",
        code: "missing-wikidata-id",
        path,
        message: `unit ${show(unit.id)} has no Wikidata id in \`meta.${field}\`, so its values from this source are missing: add its item id (such as \`Q8686\`)`,
      });
      return;
    }
    const qid = typeof raw === "string" ? raw.trim() : raw;
    if (!isQid(qid)) {
      without.push(unit.id);
      issues.push({
        severity: "error",
        code: "bad-wikidata-id",
        path,
        message: `unit ${show(unit.id)} has ${show(raw)} in \`meta.${field}\`, which is not a Wikidata item id (\`Q\` and a number, such as \`Q8686\`); it is not sent anywhere and the unit's values from this source are missing`,
      });
      return;
    }
    items.push({ unit: unit.id, qid });
  });
  return { items, without, issues };
}

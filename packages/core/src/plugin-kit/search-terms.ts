// Search terms for the units of an index, for sources that query a search API once per unit (news, research).

import type { UnitSpec } from "../spec/types.js";

/** Where a unit's query terms come from when `terms` does not name it: `labels.<lang>`, `meta.<column>` or `id`. */
export type TermField = string;

const FIELD = /^(?:labels\.[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|meta\.\S+|id)$/;
const MAX_TERM = 100;

/** True when `field` is a valid {@link TermField}. */
export function isTermField(field: string): boolean {
  return FIELD.test(field);
}

/**
 * Makes a search term safe to put between double quotes in a search query (GDELT, OpenAlex and the like): keeps
 * letters, marks, digits, spaces, apostrophes, periods, ampersands and hyphens; turns anything else (quotes,
 * parentheses, colons, control characters) into a space; writes the words `AND`, `OR` and `NOT` in lower case so they are not operators; trims
 * punctuation at the ends and cuts the term to 100 characters. An empty result means the term is unusable.
 *
 * @example
 * ```ts
 * cleanTerm('Chengdu" OR sourcecountry:US'); // "Chengdu or sourcecountry US"
 * ```
 */
export function cleanTerm(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/[^\p{L}\p{M}\p{N}'.& -]+/gu, " ")
    .replace(/\b(AND|OR|NOT)\b/g, (w) => w.toLowerCase())
    .replace(/ {2,}/g, " ")
    .slice(0, MAX_TERM)
    .replace(/^[-'.& ]+|[-'.& ]+$/g, "");
}

/** A unit's query terms: cleaned, without duplicates (ignoring case), and the raw terms that cleaned to nothing. */
export interface UnitTerms {
  /** Usable terms, in order. */
  terms: string[];
  /** Raw terms that had nothing usable in them. */
  rejected: string[];
}

/** Where a unit's terms come from. */
export interface TermSources {
  /** Unit id → its terms, over the field. */
  terms: ReadonlyMap<string, readonly string[]>;
  /** The unit field used when `terms` does not name the unit. */
  termFrom: TermField;
  /** Unit id → further terms, searched as alternatives. */
  extraTerms: ReadonlyMap<string, readonly string[]>;
}

/** The raw value of `field` for `unit`, if it is a non-empty string. */
export function fieldValue(unit: UnitSpec, field: TermField): string | undefined {
  let value: unknown;
  if (field === "id") value = unit.id;
  else if (field.startsWith("labels.")) value = unit.labels?.[field.slice(7)];
  else if (field.startsWith("meta.")) value = unit.meta?.[field.slice(5)];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Resolves and cleans a unit's query terms. */
export function unitTerms(unit: UnitSpec, sources: TermSources): UnitTerms {
  const own = sources.terms.get(unit.id);
  const base = own ?? [fieldValue(unit, sources.termFrom)].filter((t): t is string => t !== undefined);
  const raw = [...base, ...(sources.extraTerms.get(unit.id) ?? [])];
  const terms: string[] = [];
  const seen = new Set<string>();
  const rejected: string[] = [];
  for (const r of raw) {
    const t = cleanTerm(r);
    if (t === "") {
      rejected.push(r);
      continue;
    }
    const key = t.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(t);
  }
  return { terms, rejected };
}

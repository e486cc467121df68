/** How a unit's area is found: by the Wikidata id of its boundary, or by an OSM relation or area id. */
export type AreaRef =
  | { kind: "wikidata"; id: string }
  | { kind: "relation"; id: number }
  | { kind: "area"; id: number };

/** One tag filter: `key=value`, or `key=*` for any value. */
export interface TagFilter {
  /** The OSM key. */
  key: string;
  /** The value, or `undefined` for any value. */
  value: string | undefined;
}

const WIKIDATA = /^Q[1-9]\d{0,9}$/;
const RELATION = /^relation\/([1-9]\d{0,10})$/;
const AREA = /^area\/([1-9]\d{0,11})$/;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_:.-]{0,99}$/;
const VALUE = /^[\p{L}\p{M}\p{N} _:;.,&+/-]{1,200}$/u;

/** Overpass turns relation `n` into area `3600000000 + n`. */
export const RELATION_AREA_OFFSET = 3_600_000_000;

/**
 * Reads an area reference, strictly, so nothing but an id reaches the query: `Q30002` (the Wikidata id on the
 * city's boundary relation), `relation/2622180` or `area/3602622180`.
 *
 * @example
 * ```ts
 * parseArea("Q30002"); // { kind: "wikidata", id: "Q30002" }
 * parseArea('Q1"];out;'); // { reason: "..." }
 * ```
 */
export function parseArea(value: unknown): AreaRef | { reason: string } {
  if (typeof value !== "string") return { reason: "it is not a text" };
  const s = value.trim();
  if (WIKIDATA.test(s)) return { kind: "wikidata", id: s };
  const r = RELATION.exec(s);
  if (r) return { kind: "relation", id: Number(r[1]) };
  const a = AREA.exec(s);
  if (a) return { kind: "area", id: Number(a[1]) };
  return { reason: "it is none of `Q<digits>` (Wikidata), `relation/<id>` or `area/<id>`" };
}

/** Reads a tag filter (`tourism=hotel`, `office=*`), strictly; `undefined` if it is not one. */
export function parseFilter(text: string): TagFilter | undefined {
  const at = text.indexOf("=");
  if (at <= 0) return undefined;
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  if (!KEY.test(key)) return undefined;
  if (value === "*") return { key, value: undefined };
  return VALUE.test(value) ? { key, value } : undefined;
}

/** The Overpass QL statement that puts a unit's area into the set `.city`. */
export function areaStatement(area: AreaRef): string {
  if (area.kind === "wikidata") return `area["wikidata"="${area.id}"]->.city;`;
  const id = area.kind === "relation" ? RELATION_AREA_OFFSET + area.id : area.id;
  return `area(${id})->.city;`;
}

/**
 * The Overpass QL query that counts, within a unit's area, the nodes, ways and relations matching each category
 * (a union of its filters, so an element matching two filters counts once). The first `out count` counts the
 * areas found, so a wrong id shows as zero areas rather than as zero hotels.
 *
 * @example
 * ```ts
 * overpassQuery({ kind: "wikidata", id: "Q30002" }, [[{ key: "tourism", value: "hotel" }]], 180);
 * // [out:json][timeout:180];
 * // area["wikidata"="Q30002"]->.city;
 * // .city out count;
 * // nwr["tourism"="hotel"](area.city);
 * // out count;
 * ```
 */
export function overpassQuery(area: AreaRef, categories: readonly TagFilter[][], timeout: number): string {
  const lines = [`[out:json][timeout:${timeout}];`, areaStatement(area), ".city out count;"];
  for (const filters of categories) {
    const parts = filters.map(
      (f) => `nwr${f.value === undefined ? `["${f.key}"]` : `["${f.key}"="${f.value}"]`}(area.city);`,
    );
    lines.push(parts.length === 1 ? (parts[0] ?? "") : `(${parts.join("")});`, "out count;");
  }
  return lines.join("\n");
}

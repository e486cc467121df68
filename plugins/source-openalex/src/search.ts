/**
 * The OpenAlex `search` text for cleaned terms: each term a quoted phrase, alternatives joined by `OR` (OpenAlex
 * reads upper-case `AND`, `OR` and `NOT` as operators and double quotes as phrases).
 *
 * @example
 * ```ts
 * openalexSearch(["Chongqing", "Chungking"]); // '"Chongqing" OR "Chungking"'
 * ```
 */
export function openalexSearch(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"`).join(" OR ");
}

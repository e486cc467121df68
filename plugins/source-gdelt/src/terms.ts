/**
 * The GDELT query for cleaned terms: one quoted phrase, or quoted phrases joined by `OR` in parentheses (GDELT
 * rejects an `OR` outside parentheses), followed by the extra operators.
 *
 * @example
 * ```ts
 * gdeltQuery(["Chengdu", "Chengtu"], ["sourcelang:english"]); // '("Chengdu" OR "Chengtu") sourcelang:english'
 * ```
 */
export function gdeltQuery(terms: readonly string[], operators: readonly string[] = []): string {
  const quoted = terms.map((t) => `"${t}"`);
  const core = quoted.length === 1 ? (quoted[0] ?? "") : `(${quoted.join(" OR ")})`;
  return [core, ...operators].join(" ");
}

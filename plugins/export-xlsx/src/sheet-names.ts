/** The longest sheet name Excel accepts. */
export const MAX_SHEET_NAME = 31;

/**
 * Hands out valid, unique sheet names: at most 31 characters, none of `[ ] : * ? / \`, no apostrophe at
 * either end, not `History` (reserved by Excel), and unique without regard to case (a repeated name gets
 * ` (2)`, ` (3)`, ... within the 31 characters).
 *
 * @example
 * const names = new SheetNames();
 * names.take("Overseas social-media attention and sentiment") // "Overseas social-media attention"
 * names.take("a/b") // "a_b"
 */
export class SheetNames {
  readonly #taken = new Set<string>();

  /** A valid name close to `wanted`, not given out before; `fallback` is used when nothing of `wanted` is left. */
  take(wanted: string, fallback = "Sheet"): string {
    let base = clean(wanted);
    if (base.length === 0 || base.toLowerCase() === "history") base = clean(fallback) || "Sheet";
    let name = base;
    for (let n = 2; this.#taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = trimEnds(base.slice(0, MAX_SHEET_NAME - suffix.length)) + suffix;
    }
    this.#taken.add(name.toLowerCase());
    return name;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are not allowed in sheet names
const FORBIDDEN = /[[\]:*?/\\\u0000-\u001f]/g;

function clean(name: string): string {
  return trimEnds(Array.from(name.replace(FORBIDDEN, "_").replace(/\s+/g, " ")).slice(0, 31).join(""));
}

function trimEnds(name: string): string {
  return name.replace(/^[\s']+|[\s']+$/g, "");
}

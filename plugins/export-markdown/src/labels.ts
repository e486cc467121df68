import type { Labels } from "@cityindex/core";

/** A label in a language, else in the first language that has one, else `fallback`. */
export function labelOf(labels: Labels | undefined, languages: readonly string[], fallback: string): string {
  for (const l of languages) {
    const t = labels?.[l];
    if (t) return t;
  }
  return fallback;
}

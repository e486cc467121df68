import type { Labels, Spec } from "@cityindex/core";

/**
 * Every language the spec's labels use (title, description, notice, units, indicators, framework nodes),
 * English first, then in order of first use.
 *
 * @example
 * specLanguages({ title: { zh: "指数", en: "Index" }, ... }) // ["en", "zh"]
 */
export function specLanguages(spec: Spec): string[] {
  const seen: string[] = [];
  const add = (labels: string | Labels | undefined) => {
    if (labels === undefined || labels === null || typeof labels === "string") return;
    for (const lang of Object.keys(labels)) if (!seen.includes(lang)) seen.push(lang);
  };
  add(spec.title);
  add(spec.description);
  add(spec.notice);
  for (const u of spec.units ?? []) add(u.labels);
  for (const i of spec.indicators ?? []) add(i.labels);
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as { labels?: Labels; children?: unknown[] };
    add(n.labels);
    for (const c of n.children ?? []) walk(c);
  };
  if (Array.isArray(spec.framework)) for (const n of spec.framework) add(n.labels);
  else walk(spec.framework);
  return seen.includes("en") ? ["en", ...seen.filter((l) => l !== "en")] : seen;
}

/**
 * A spec text in every language asked for, one entry per language that has it, or the text itself when it
 * is a plain string. Falls back to every language of the text when none of the asked ones has it.
 */
export function textsIn(
  text: string | Labels | undefined,
  languages: readonly string[],
): { language?: string; text: string }[] {
  if (text === undefined || text === null) return [];
  if (typeof text === "string") return [{ text }];
  const asked = languages.filter((l) => text[l] !== undefined).map((l) => ({ language: l, text: text[l]! }));
  if (asked.length > 0) return asked;
  return Object.entries(text).map(([language, t]) => ({ language, text: t }));
}

/** A label in a language, else in the first language that has one, else `fallback`. */
export function labelOf(labels: Labels | undefined, languages: readonly string[], fallback: string): string {
  for (const l of languages) {
    const t = labels?.[l];
    if (t) return t;
  }
  return fallback;
}

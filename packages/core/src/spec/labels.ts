import type { Labels, Spec } from "./types.js";

/**
 * Every language the spec's labels use (title, description, notice, units, indicators, framework nodes),
 * English first, then in order of first use.
 *
 * @example
 * specLanguages({ title: { zh: "指数", en: "Index" }, ... }) // ["en", "zh"]
 */
export function specLanguages(spec: Spec): string[] {
  const seen: string[] = [];
  const add = (labels: string | Labels | null | undefined) => {
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
 * A text of the spec (title, description, notice) in one language: the string itself when it is one, the
 * language's entry (the first entry when no language is given), or `undefined`.
 *
 * @example
 * textIn({ en: "Index", zh: "指数" }, "zh") // "指数"
 */
export function textIn(
  text: string | Labels | null | undefined,
  language: string | undefined,
): string | undefined {
  if (text === undefined || text === null) return undefined;
  if (typeof text === "string") return text;
  return language === undefined ? Object.values(text)[0] : text[language];
}

/**
 * A spec text in every language asked for, one entry per language that has it, or the text itself when it
 * is a plain string. Falls back to every language of the text when none of the asked ones has it.
 *
 * @example
 * textsIn({ en: "Index", zh: "指数" }, ["zh"]) // [{ language: "zh", text: "指数" }]
 */
export function textsIn(
  text: string | Labels | null | undefined,
  languages: readonly string[],
): { language?: string; text: string }[] {
  if (text === undefined || text === null) return [];
  if (typeof text === "string") return [{ text }];
  const asked = languages.filter((l) => text[l] !== undefined).map((l) => ({ language: l, text: text[l]! }));
  if (asked.length > 0) return asked;
  return Object.entries(text).map(([language, t]) => ({ language, text: t }));
}

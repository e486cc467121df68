import { InputError, type JsonSchema, show, withDefaults } from "@cityindex/core";

/**
 * A path rule for an output file: relative, no `..` segment, no backslash or characters Windows refuses, and
 * the given extension.
 */
export function filePattern(extension: string): string {
  return `^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\\\:*?"<>|]+\\.${extension}$`;
}

/**
 * Checks that raw options are an object with only the schema's keys, and fills in the schema's defaults.
 * Throws an `InputError` (code `bad-option`) prefixed with the exporter's id.
 */
export function checkedOptions(
  exporter: string,
  schema: JsonSchema,
  raw: unknown,
): { options: Record<string, unknown>; fail: (message: string) => never } {
  const fail = (message: string): never => {
    throw new InputError("bad-option", `${exporter} exporter: ${message}`);
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    fail(`options must be an object, got ${show(raw)}`);
  }
  const known = Object.keys(schema.properties as Record<string, unknown>);
  for (const key of Object.keys(raw as object)) {
    if (!known.includes(key)) fail(`unknown option ${show(key)}; the options are ${known.join(", ")}`);
  }
  return { options: withDefaults(schema, raw as Record<string, unknown>), fail };
}

/** Checks a `file` option against {@link filePattern}. */
export function checkFile(
  value: unknown,
  name: string,
  extension: string,
  fail: (message: string) => never,
): string {
  if (typeof value !== "string" || !new RegExp(filePattern(extension)).test(value)) {
    fail(`\`${name}\` must be a relative path ending in \`.${extension}\`, got ${show(value)}`);
  }
  return value as string;
}

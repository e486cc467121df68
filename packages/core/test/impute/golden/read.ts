import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Reads a CSV of this folder written by make-golden.R (quoted strings, no embedded commas, `NA` for missing) as
 * records keyed by header.
 */
export function readGolden(name: string): Record<string, string>[] {
  const text = readFileSync(fileURLToPath(new URL(name, import.meta.url)), "utf8");
  const [header, ...rows] = text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(",").map((f) => f.replace(/^"|"$/g, "")));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

/** The COINr reference data, beside the checkout: `<repo>/../shared/reference/coinr-asem/data`. */
export const ASEM_DIR = fileURLToPath(
  new URL("../../../../../shared/reference/coinr-asem/data/", import.meta.url),
);

/** Reads a CSV with a header row into records, as the CLI does. */
export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true });
}

/** Parses CSV text into records. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, skip_empty_lines: true });
}

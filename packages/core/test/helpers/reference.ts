import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of a file in the shared COINr reference outputs (`../shared/reference/coinr-asem`). */
export function referencePath(relative: string): string {
  return fileURLToPath(new URL(`../../../../../shared/reference/coinr-asem/${relative}`, import.meta.url));
}

/** Reads a reference CSV written by R: a header, quoted strings, `NA` for missing. */
export function readReferenceCsv(relative: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(referencePath(relative), "utf8");
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  return { header: header!, rows };
}

/** A reference CSV as records keyed by header. */
export function readReferenceRecords(relative: string): Record<string, string>[] {
  const { header, rows } = readReferenceCsv(relative);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

/** Parses an R number: `NA` (and `NaN`) are `NaN`. */
export function rNumber(text: string): number {
  return text === "NA" || text === "NaN" || text === "" ? Number.NaN : Number(text);
}

/** A numeric column of a reference CSV. */
export function referenceColumn(relative: string, column: string): Float64Array {
  const { header, rows } = readReferenceCsv(relative);
  const j = header.indexOf(column);
  if (j < 0) throw new Error(`no column ${column} in ${relative}`);
  return Float64Array.from(rows, (r) => rNumber(r[j]!));
}

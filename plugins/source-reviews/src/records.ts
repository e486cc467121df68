import { parse } from "csv-parse/sync";

/** One row of a reviews file: its line and its cells by column name. */
export interface ReviewRecord {
  /** 1-based line of the row in the file (CSV: the line where the row ends). */
  line: number;
  /** Cells by column name: strings for CSV, any JSON value for JSONL. */
  cells: Record<string, unknown>;
}

/** A reviews file read into rows. */
export interface ReviewTable {
  /** Column names: the CSV header, or every property name that occurs in a JSONL file, in order of first use. */
  columns: string[];
  /** The rows, blank lines left out. */
  records: ReviewRecord[];
  /** Problems that stop a row or the file from being read: `{ line, message }`. */
  problems: { line: number; code: string; message: string }[];
  /** The line of the header (CSV) or `1`. */
  headerLine: number;
}

/** Decodes bytes as UTF-8 (a byte order mark is dropped), or as GB18030 when they are not valid UTF-8. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: "utf-8" | "gb18030" } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

/** Reads CSV text (comma-delimited, RFC 4180 quoting, header in the first non-blank line). */
export function readCsvRecords(text: string): ReviewTable {
  const out: ReviewTable = { columns: [], records: [], problems: [], headerLine: 1 };
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    const e = error as Error & { lines?: number };
    out.problems.push({
      line: e.lines ?? 1,
      code: "bad-csv",
      message: `the file is not valid CSV: ${e.message}`,
    });
    return out;
  }
  const [head, ...body] = rows;
  if (!head) return out;
  out.headerLine = head.info.lines;
  out.columns = head.record.map((c) => c.trim());
  for (const { record, info } of body) {
    if (record.every((c) => c.trim() === "")) continue;
    const cells: Record<string, unknown> = {};
    out.columns.forEach((name, i) => {
      if (name !== "" && !(name in cells)) cells[name] = record[i] ?? "";
    });
    out.records.push({ line: info.lines, cells });
  }
  return out;
}

/** Reads JSON Lines: one JSON object per line; blank lines are skipped. */
export function readJsonlRecords(text: string): ReviewTable {
  const out: ReviewTable = { columns: [], records: [], problems: [], headerLine: 1 };
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      out.problems.push({
        line,
        code: "bad-json",
        message: `line ${line} is not valid JSON: ${(error as Error).message}; the line is not read`,
      });
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      out.problems.push({
        line,
        code: "bad-json",
        message: `line ${line} is not a JSON object; the line is not read`,
      });
      return;
    }
    const cells = value as Record<string, unknown>;
    for (const key of Object.keys(cells)) {
      if (seen.has(key)) continue;
      seen.add(key);
      out.columns.push(key);
    }
    out.records.push({ line, cells });
  });
  return out;
}

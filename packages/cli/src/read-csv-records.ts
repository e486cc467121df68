import { readFile } from "node:fs/promises";
import { type Issue, show } from "@cityindex/core";
import { CsvError, parse } from "csv-parse/sync";

/** Rows of a CSV file keyed by its header, or the issues that kept it from being read. */
export interface CsvRecords {
  /** The rows; empty when there are errors. */
  rows: Record<string, string>[];
  /** A missing file, a syntax error, a duplicate column name. */
  issues: Issue[];
}

/**
 * Reads a CSV file with a header row into records (UTF-8, an optional BOM, blank lines skipped). Reports a
 * missing file, malformed quoting, rows with the wrong number of cells and duplicate column names as issues
 * with path `<file>:<line>`.
 */
export async function readCsvRecords(file: string, shown: string): Promise<CsvRecords> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      rows: [],
      issues: [
        {
          severity: "error",
          code: code === "ENOENT" ? "file-not-found" : "file-unreadable",
          path: shown,
          message:
            code === "ENOENT"
              ? `file ${show(shown)} does not exist`
              : `file ${show(shown)} cannot be read: ${(error as Error).message}`,
          source: "cli",
        },
      ],
    };
  }
  const issues: Issue[] = [];
  try {
    const rows = parse(bytes, {
      bom: true,
      skip_empty_lines: true,
      columns: (header: string[]) => {
        const seen = new Set<string>();
        for (const name of header) {
          if (seen.has(name)) {
            issues.push({
              severity: "error",
              code: "duplicate-column",
              path: `${shown}:1`,
              message: `column ${show(name)} appears twice in the header`,
              source: "cli",
            });
          }
          seen.add(name);
        }
        return header;
      },
    }) as Record<string, string>[];
    return issues.length > 0 ? { rows: [], issues } : { rows, issues };
  } catch (error) {
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    issues.push({
      severity: "error",
      code: "csv-syntax",
      path: line === undefined ? shown : `${shown}:${line}`,
      message: `${show(shown)} is not valid CSV: ${(error as Error).message}`,
      source: "cli",
    });
    return { rows: [], issues };
  }
}

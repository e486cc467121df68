import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { coinrToSpec, type Dataset, type Observation, type Spec } from "@cityindex/core";
import { expect } from "vitest";

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

/** Golden-test tolerance: |actual − expected| <= 1e-9 · max(1, |expected|); missing must be missing. */
export const GOLDEN_TOLERANCE = 1e-9;

/** COINr's ASEM example as a spec and observations, through `coinrToSpec` (iData and iMeta of the reference). */
export function importedAsem(): { spec: Spec; observations: Observation[] } {
  const out = coinrToSpec(
    readReferenceRecords("data/ASEM_iData.csv"),
    readReferenceRecords("data/ASEM_iMeta.csv"),
    {
      id: "asem",
    },
  );
  expect(out.issues.filter((i) => i.severity === "error")).toEqual([]);
  return { spec: out.spec!, observations: out.observations };
}

/**
 * Compares every column of a reference dataset (rows by uCode) with a dataset, in its first period, within
 * {@link GOLDEN_TOLERANCE}; returns the number of cells compared.
 */
export function compareWithReference(data: Dataset, file: string): number {
  const { header, rows } = readReferenceCsv(file);
  const row = new Map(data.units.map((u, i) => [u, i]));
  let compared = 0;
  const bad: string[] = [];
  for (const r of rows) {
    const u = row.get(r[0]!);
    expect(u, `unit ${r[0]}`).toBeDefined();
    for (let j = 1; j < header.length; j++) {
      const expected = rNumber(r[j]!);
      const actual = data.get(header[j]!, u!, 0);
      compared++;
      const ok = Number.isNaN(expected)
        ? Number.isNaN(actual)
        : Math.abs(actual - expected) <= GOLDEN_TOLERANCE * Math.max(1, Math.abs(expected));
      if (!ok) bad.push(`${r[0]}/${header[j]}: ${actual} != ${expected}`);
    }
  }
  expect(bad.slice(0, 10)).toEqual([]);
  return compared;
}

/** Observations of a reference dataset (uCode + indicator columns) in one period (default 2018). */
export function referenceObservations(file: string, period = "2018"): Observation[] {
  const { header, rows } = readReferenceCsv(file);
  return rows.flatMap((r) =>
    header.slice(1).map((indicator, j) => {
      const v = rNumber(r[j + 1]!);
      return { unit: r[0]!, indicator, period, value: Number.isNaN(v) ? null : v };
    }),
  );
}

import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import type { SqlValue } from "../src/driver.js";

export {
  cells,
  collect,
  problems,
  type RecordingContext,
  recordingContext,
} from "../../../tests/support/source-testing.js";

/** A fresh temporary directory, removed when the current test finishes. Call it inside a test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "source-sql-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs statements in a DuckDB with no restrictions: how tests make Parquet files and database files the source
 * then reads under its restrictions.
 */
export async function duckdbRun(statements: readonly string[], database = ":memory:"): Promise<void> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  try {
    for (const s of statements) await connection.run(s);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The result hash as the README documents it, computed independently of the source's code: SHA-256 per row,
 * summed as little-endian 256-bit integers with BigInt arithmetic.
 */
export function expectedHash(columns: readonly string[], rows: readonly (readonly SqlValue[])[]): string {
  const enc = (v: SqlValue) =>
    v === null
      ? "N"
      : typeof v === "string"
        ? `S${v}`
        : typeof v === "number"
          ? `D${v}`
          : typeof v === "bigint"
            ? `I${v}`
            : `B${v ? 1 : 0}`;
  let sum = 0n;
  for (const row of rows) {
    const digest = createHash("sha256").update(row.map(enc).join("\u001f")).digest();
    sum += BigInt(`0x${Buffer.from(digest).reverse().toString("hex")}`);
  }
  sum %= 2n ** 256n;
  const le = Buffer.from(sum.toString(16).padStart(64, "0"), "hex").reverse().toString("hex");
  const text = `cityindex-sql-result-v1\n${columns.join("\u001f")}\n${rows.length}\n${le}\n`;
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

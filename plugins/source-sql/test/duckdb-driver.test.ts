import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { SqlConnection, SqlOpenOptions, SqlValue } from "../src/driver.js";
import { DUCKDB_LOCKDOWN, duckdbDriver } from "../src/duckdb-driver.js";
import { duckdbRun, tempDir } from "./helpers.js";

const signal = new AbortController().signal;

async function all(connection: SqlConnection, sql: string): Promise<SqlValue[][]> {
  const { batches } = await connection.query(sql, {}, { batchSize: 1000, signal });
  const rows: SqlValue[][] = [];
  for await (const batch of batches) rows.push(...batch.map((r) => [...r]));
  return rows;
}

/** Opens a connection that is closed when the test finishes, whatever happens. */
async function open(
  options: Omit<SqlOpenOptions, "signal">,
  driver = duckdbDriver(),
): Promise<SqlConnection> {
  const connection = await driver.open({ ...options, signal });
  onTestFinished(() => connection.close());
  return connection;
}

const SETTINGS = [
  ...Object.keys(DUCKDB_LOCKDOWN.atOpen),
  ...DUCKDB_LOCKDOWN.onConnection,
  "access_mode",
].sort();

describe("duckdbDriver", () => {
  it("opens a database with every lockdown setting in force (which shows this DuckDB version has them)", async () => {
    const dir = realpathSync(tempDir());
    const connection = await open({ baseDir: dir });
    const rows = await all(
      connection,
      `SELECT name, value FROM duckdb_settings() WHERE name IN (${SETTINGS.map((s) => `'${s}'`).join(", ")}) ORDER BY name`,
    );
    const settings = Object.fromEntries(rows.map(([name, value]) => [name, value]));
    expect(Object.keys(settings)).toEqual(SETTINGS);
    const temp = String(settings.temp_directory);
    expect(temp).toMatch(/cityindex-duckdb-/);
    expect(settings).toEqual({
      access_mode: "automatic",
      allow_community_extensions: "false",
      allow_unsigned_extensions: "false",
      allowed_directories: `[${[`${dir}/`, `${temp}/`].sort().join(", ")}]`,
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      enable_external_access: "false",
      lock_configuration: "true",
      temp_directory: temp,
    });
    expect(existsSync(temp)).toBe(true);
    await connection.close();
    await connection.close();
    expect(existsSync(temp)).toBe(false);
  });

  it("opens a database file read-only", async () => {
    const dir = realpathSync(tempDir());
    const file = join(dir, "x.duckdb");
    await duckdbRun(["CREATE TABLE t AS SELECT 1 AS a"], file);
    const connection = await open({ baseDir: dir, database: file }, duckdbDriver({ threads: 1 }));
    expect(
      await all(connection, "SELECT current_setting('access_mode'), current_setting('threads'), a FROM t"),
    ).toEqual([["read_only", 1n, 1]]);
    await connection.close();
  });

  it("turns DuckDB's values into plain ones: bigints, decimals as numbers, dates and lists as text", async () => {
    const dir = realpathSync(tempDir());
    const connection = await open({ baseDir: dir });
    const { columns, batches } = await connection.query(
      "SELECT 1::INTEGER AS i, 2::BIGINT AS b, 12.50::DECIMAL(9,2) AS d, 0.5::DOUBLE AS f, DATE '2024-05-01' AS day, [1, 2] AS l, NULL AS n, true AS t, 'x' AS s",
      {},
      { batchSize: 10, signal },
    );
    expect(columns).toEqual(["i", "b", "d", "f", "day", "l", "n", "t", "s"]);
    const rows: SqlValue[][] = [];
    for await (const batch of batches) rows.push(...batch.map((r) => [...r]));
    expect(rows).toEqual([[1, 2n, 12.5, 0.5, "2024-05-01", "[1, 2]", null, true, "x"]]);
    await connection.close();
  });

  it("hands over a result chunk by chunk, and stopping early releases it", async () => {
    const dir = realpathSync(tempDir());
    const connection = await open({ baseDir: dir });
    const { batches } = await connection.query(
      "SELECT i FROM range(1000000) t(i)",
      {},
      { batchSize: 1, signal },
    );
    const sizes: number[] = [];
    for await (const batch of batches) {
      sizes.push(batch.length);
      if (sizes.length === 3) break;
    }
    // Batches are DuckDB's chunks of 2,048 rows: the million rows were never gathered in one place.
    expect(sizes).toEqual([2048, 2048, 2048]);
    expect(await all(connection, "SELECT 42")).toEqual([[42]]);
    await connection.close();
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBPreparedStatement,
  DuckDBResult,
  DuckDBType,
  DuckDBValue,
} from "@duckdb/node-api";
import {
  type SqlConnection,
  type SqlDriver,
  SqlError,
  type SqlOpenOptions,
  type SqlParameters,
  type SqlParameterValue,
  type SqlQueryOptions,
  type SqlResultStream,
  type SqlValue,
} from "./driver.js";
import { scanSql } from "./sql-text.js";

type DuckDBApi = typeof import("@duckdb/node-api");

/** Options of {@link duckdbDriver}: limits for the engine, set by a host, not by a spec. */
export interface DuckDbDriverOptions {
  /** Worker threads; DuckDB's default is one per core. */
  threads?: number;
  /** Memory DuckDB may use before spilling to its temporary folder, such as `"2GB"`; DuckDB's default is 80% of RAM. */
  memoryLimit?: string;
}

/**
 * The settings that confine an embedded DuckDB to the spec's folder, in the order they are applied. The first
 * group is given when the database opens; the second is set on the connection, `lock_configuration` last so that
 * no statement can change any of them afterwards.
 */
export const DUCKDB_LOCKDOWN = Object.freeze({
  atOpen: Object.freeze({
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
    allow_community_extensions: "false",
    allow_unsigned_extensions: "false",
  }),
  onConnection: Object.freeze([
    "temp_directory",
    "allowed_directories",
    "enable_external_access",
    "lock_configuration",
  ] as const),
});

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const READERS = { csv: "read_csv", parquet: "read_parquet", json: "read_json" } as const;

let api: Promise<DuckDBApi> | undefined;
/** Loads DuckDB's native binding on first use, so that hosts not using it do not pay for it. */
function loadApi(): Promise<DuckDBApi> {
  api ??= import("@duckdb/node-api").then((m) =>
    "DuckDBInstance" in m ? m : (m as unknown as { default: DuckDBApi }).default,
  );
  return api;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/^Failed to (extract statements|prepare statement|execute prepared statement): /, "")
    .trim();
}

function toSqlError(error: unknown, baseDir: string): SqlError {
  if (error instanceof SqlError) return error;
  const message = messageOf(error);
  if (/Permission Error|disabled by configuration|disabled through configuration/.test(message)) {
    return new SqlError(
      "access-denied",
      `a query may read only files inside the spec's folder \`${baseDir}\` (by absolute path, or through a view declared in \`tables\`), never URLs, other folders or extensions; DuckDB says: ${message}`,
      { cause: error },
    );
  }
  return new SqlError("sql-error", message, { cause: error });
}

function parameterType(duck: DuckDBApi, value: SqlParameterValue): DuckDBType {
  if (value === null) return duck.SQLNULL;
  if (typeof value === "string") return duck.VARCHAR;
  if (typeof value === "boolean") return duck.BOOLEAN;
  const integer = (x: unknown) => typeof x === "number" && Number.isSafeInteger(x);
  if (typeof value === "number") return integer(value) ? duck.BIGINT : duck.DOUBLE;
  if (value.every((x) => typeof x === "string")) return duck.LIST(duck.VARCHAR);
  return duck.LIST(value.every(integer) ? duck.BIGINT : duck.DOUBLE);
}

function parameterValue(duck: DuckDBApi, value: SqlParameterValue): DuckDBValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (value.every((x) => typeof x === "string")) return duck.listValue([...value]);
  const integer = value.every((x) => Number.isSafeInteger(x));
  return duck.listValue(value.map((x) => (integer ? BigInt(x as number) : (x as number))));
}

function toSqlValue(duck: DuckDBApi, v: DuckDBValue): SqlValue {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return v;
  if (v instanceof duck.DuckDBDecimalValue) return v.toDouble();
  return String(v);
}

class DuckDbConnection implements SqlConnection {
  private closed = false;

  constructor(
    private readonly duck: DuckDBApi,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly baseDir: string,
    private readonly tempDir: string,
  ) {}

  async query(sql: string, parameters: SqlParameters, options: SqlQueryOptions): Promise<SqlResultStream> {
    const { duck, connection, baseDir } = this;
    const { signal, batchSize } = options;
    signal.throwIfAborted();
    if (scanSql(sql).statements === 0) throw new SqlError("empty-query", "the query has no statement");
    let prepared: DuckDBPreparedStatement;
    try {
      const statements = await connection.extractStatements(sql);
      if (statements.count !== 1) {
        throw new SqlError(
          "multiple-statements",
          `the query holds ${statements.count} statements; give exactly one query`,
        );
      }
      prepared = await statements.prepare(0);
    } catch (error) {
      throw toSqlError(error, baseDir);
    }
    const interrupt = () => connection.interrupt();
    try {
      if (prepared.statementType !== duck.StatementType.SELECT) {
        const kind = duck.StatementType[prepared.statementType] ?? String(prepared.statementType);
        throw new SqlError(
          "not-a-query",
          `the statement is a ${kind} statement; only a query (SELECT, WITH, VALUES, FROM ...) is run`,
        );
      }
      const used: string[] = [];
      for (let i = 1; i <= prepared.parameterCount; i++) used.push(prepared.parameterName(i));
      const values: Record<string, DuckDBValue> = {};
      const types: Record<string, DuckDBType> = {};
      for (const name of used) {
        if (/^\d+$/.test(name)) {
          throw new SqlError(
            "missing-parameter",
            `the query uses a positional parameter (\`$${name}\` or \`?\`); name parameters (\`$city\`) and give their values in \`parameters\``,
          );
        }
        const value = parameters[name];
        if (value === undefined) {
          throw new SqlError(
            "missing-parameter",
            `the query uses \`$${name}\`, which \`parameters\` does not give`,
          );
        }
        values[name] = parameterValue(duck, value);
        types[name] = parameterType(duck, value);
      }
      if (used.length > 0) prepared.bind(values, types);
      signal.addEventListener("abort", interrupt, { once: true });
      let result: DuckDBResult;
      try {
        result = await prepared.stream();
      } catch (error) {
        signal.throwIfAborted();
        throw toSqlError(error, baseDir);
      }
      return {
        columns: result.columnNames(),
        parameters: used,
        batches: this.batches(result, prepared, batchSize, signal, interrupt),
      };
    } catch (error) {
      signal.removeEventListener("abort", interrupt);
      prepared.destroySync();
      throw error;
    }
  }

  private async *batches(
    result: DuckDBResult,
    prepared: DuckDBPreparedStatement,
    batchSize: number,
    signal: AbortSignal,
    interrupt: () => void,
  ): AsyncGenerator<SqlValue[][], void, undefined> {
    const { duck } = this;
    try {
      let batch: SqlValue[][] = [];
      for (;;) {
        signal.throwIfAborted();
        let chunk: Awaited<ReturnType<DuckDBResult["fetchChunk"]>>;
        try {
          chunk = await result.fetchChunk();
        } catch (error) {
          signal.throwIfAborted();
          throw toSqlError(error, this.baseDir);
        }
        if (!chunk || chunk.rowCount === 0) break;
        for (const row of chunk.getRows()) batch.push(row.map((v) => toSqlValue(duck, v)));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      signal.removeEventListener("abort", interrupt);
      prepared.destroySync();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.connection.closeSync();
      this.instance.closeSync();
    } finally {
      await rm(this.tempDir, { recursive: true, force: true });
    }
  }
}

/**
 * The DuckDB driver: an embedded engine that reads CSV, Parquet and JSON files of any size on one machine,
 * spilling to a private temporary folder when a query needs more memory than it has. Results stream chunk by
 * chunk, never held whole.
 *
 * Specs are data, so the engine is locked down before a query runs: files are readable only inside the spec's
 * folder (`allowed_directories` with `enable_external_access = false`, which also rules out URLs, `ATTACH` of
 * other files and loading extensions); extensions are neither installed nor loaded automatically; a database
 * file opens read-only; `lock_configuration` keeps any of this from being changed; and only a single query
 * statement runs. Files named in `tables` become temporary views.
 *
 * @example
 * ```ts
 * const connection = await duckdbDriver().open({ baseDir: "/data/spec", signal });
 * const { columns, batches } = await connection.query("SELECT 42 AS answer", {}, { batchSize: 1000, signal });
 * ```
 */
export function duckdbDriver(driverOptions: DuckDbDriverOptions = {}): SqlDriver {
  return {
    id: "duckdb",
    label: "DuckDB",
    kind: "embedded",
    async open(options: SqlOpenOptions): Promise<SqlConnection> {
      const { baseDir, database, tables = {}, signal } = options;
      signal.throwIfAborted();
      const duck = await loadApi();
      const tempDir = await mkdtemp(join(tmpdir(), "cityindex-duckdb-"));
      const config: Record<string, string> = { ...DUCKDB_LOCKDOWN.atOpen };
      if (database !== undefined) config.access_mode = "READ_ONLY";
      if (driverOptions.threads !== undefined) config.threads = String(driverOptions.threads);
      if (driverOptions.memoryLimit !== undefined) config.memory_limit = driverOptions.memoryLimit;
      let instance: DuckDBInstance | undefined;
      let connection: DuckDBConnection | undefined;
      try {
        try {
          instance = await duck.DuckDBInstance.create(database ?? ":memory:", config);
          connection = await instance.connect();
        } catch (error) {
          throw new SqlError("connection-failed", `DuckDB cannot open the database: ${messageOf(error)}`, {
            cause: error,
          });
        }
        const dir = baseDir.endsWith("/") ? baseDir : `${baseDir}/`;
        await connection.run(`SET temp_directory = ${quote(tempDir)}`);
        await connection.run(`SET allowed_directories = [${quote(dir)}]`);
        await connection.run("SET enable_external_access = false");
        await connection.run("SET lock_configuration = true");
        for (const [name, table] of Object.entries(tables)) {
          signal.throwIfAborted();
          const read = `${READERS[table.format]}(${quote(table.path)})`;
          try {
            await connection.run(`CREATE TEMP VIEW ${ident(name)} AS SELECT * FROM ${read}`);
          } catch (error) {
            const e = toSqlError(error, baseDir);
            throw new SqlError(e.code, `table ${ident(name)}: ${e.message}`, { cause: error });
          }
        }
        return new DuckDbConnection(duck, instance, connection, baseDir, tempDir);
      } catch (error) {
        connection?.closeSync();
        instance?.closeSync();
        await rm(tempDir, { recursive: true, force: true });
        throw error;
      }
    },
  };
}

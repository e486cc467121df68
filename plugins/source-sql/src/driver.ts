/**
 * A value in a result row as a driver hands it over. Drivers convert what their database returns into these:
 * integers that do not fit a double as `bigint`, exact decimals as `number` or as their text, dates, times and
 * anything else as text (`2024-05-01`).
 */
export type SqlValue = string | number | bigint | boolean | null;

/** A value bound to a named parameter: a scalar, or a list of strings or numbers (for `= ANY($cities)`). */
export type SqlParameterValue = string | number | boolean | null | readonly string[] | readonly number[];

/** Named parameters, `$name` in the query, by name without the `$`. */
export type SqlParameters = Readonly<Record<string, SqlParameterValue>>;

/** A data file that a DuckDB query reads as a view: `FROM news`. */
export interface SqlTableFile {
  /** Absolute path inside the spec's folder; may hold glob characters (`*`, `?`, `[...]`, `**`). */
  path: string;
  /** The reader: `read_csv`, `read_parquet` or `read_json` with automatic detection of columns and types. */
  format: "csv" | "parquet" | "json";
}

/** What a source asks a driver to open. */
export interface SqlOpenOptions {
  /** Absolute folder of the spec, symbolic links resolved. An embedded engine confines file access to it. */
  baseDir: string;
  /** Embedded engines: the database file (absolute, inside `baseDir`), opened read-only; absent for in-memory. */
  database?: string;
  /**
   * Server drivers: the connection string, read by the source from the environment variable the spec names.
   * A driver must keep it out of errors, logs and provenance.
   */
  connectionString?: string;
  /** Embedded engines: files to expose as views, by view name. */
  tables?: Readonly<Record<string, SqlTableFile>>;
  /** Aborts opening. */
  signal: AbortSignal;
}

/** How a query runs. */
export interface SqlQueryOptions {
  /** Rows per batch a driver aims for (it may hand over fewer, as DuckDB does with its 2,048-row chunks). */
  batchSize: number;
  /** Aborts the query; the driver stops the database's work and the stream rejects with the signal's reason. */
  signal: AbortSignal;
}

/** A result being read: its columns at once, its rows batch by batch. */
export interface SqlResultStream {
  /** Column names in result order, duplicates kept. */
  columns: readonly string[];
  /** The named parameters the query uses, without `$`. */
  parameters: readonly string[];
  /**
   * The rows in batches, each row an array in column order. Rows are read from the database as the batches are
   * consumed, never all at once; ending the iteration early releases the result.
   */
  batches: AsyncIterable<readonly (readonly SqlValue[])[]>;
}

/** An open connection to a database. */
export interface SqlConnection {
  /**
   * Runs one read-only statement and starts streaming its result. Rejects with a {@link SqlError} when the
   * query is not exactly one query statement, a parameter it uses has no value, or the database refuses it.
   */
  query(sql: string, parameters: SqlParameters, options: SqlQueryOptions): Promise<SqlResultStream>;
  /** Releases the connection and everything it holds. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A database driver for the `sql` source: opens a connection, streams a query's rows in batches, closes. The
 * built-in drivers are DuckDB (embedded) and PostgreSQL; {@link createSqlSource} accepts more.
 *
 * @example
 * ```ts
 * const driver: SqlDriver = {
 *   id: "my-db",
 *   label: "My database",
 *   async open({ connectionString }) {
 *     const client = await connect(connectionString);
 *     return {
 *       async query(sql, parameters, { batchSize }) {
 *         const cursor = await client.cursor(sql, parameters);
 *         return { columns: cursor.columns, parameters: Object.keys(parameters), batches: cursor.batches(batchSize) };
 *       },
 *       close: () => client.close(),
 *     };
 *   },
 * };
 * ```
 */
export interface SqlDriver {
  /** Kebab-case id that specs use in the `driver` option: `duckdb`. */
  id: string;
  /** Long name, shown in messages. */
  label: string;
  /** `embedded` engines read files and an optional database file; `server` drivers need a connection string. */
  kind: "embedded" | "server";
  /** Opens a connection. Rejects with a {@link SqlError} (code `connection-failed`) when it cannot. */
  open(options: SqlOpenOptions): Promise<SqlConnection>;
}

/** What went wrong in a driver, as a stable code the source turns into an issue code. */
export type SqlErrorCode =
  | "connection-failed"
  | "empty-query"
  | "multiple-statements"
  | "not-a-query"
  | "missing-parameter"
  | "access-denied"
  | "sql-error";

/** An error a driver throws: a stable code and the database's own message. */
export class SqlError extends Error {
  override name = "SqlError";
  /** What kind of failure it is. */
  readonly code: SqlErrorCode;
  constructor(code: SqlErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

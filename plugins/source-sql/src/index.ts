import { definePlugin } from "@cityindex/core";
import { sqlSource } from "./sql-source.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Source
export type { CreateSqlSourceOptions } from "./sql-source.js";
export { createSqlSource, shortQuery, sqlSource } from "./sql-source.js";

// Options
export type { SqlLayout, SqlSourceOptions, SqlTableFormat, SqlTableOption } from "./options.js";
export { DEFAULT_BATCH_SIZE, formatOfPath, sqlOptionsSchema, sqlOptionsSchemaFor } from "./options.js";

// Drivers
export type {
  SqlConnection,
  SqlDriver,
  SqlErrorCode,
  SqlOpenOptions,
  SqlParameters,
  SqlParameterValue,
  SqlQueryOptions,
  SqlResultStream,
  SqlTableFile,
  SqlValue,
} from "./driver.js";
export { SqlError } from "./driver.js";
export type { DuckDbDriverOptions } from "./duckdb-driver.js";
export { DUCKDB_LOCKDOWN, duckdbDriver } from "./duckdb-driver.js";
export type { PostgresDriverOptions } from "./postgres-driver.js";
export { postgresDriver } from "./postgres-driver.js";

// Result reading, for drivers' tests and other tools
export type { ResultPlaces, ResultShape } from "./result-reader.js";
export { ResultHash, ResultReader } from "./result-reader.js";
export type { SqlParameterToken, SqlScan } from "./sql-text.js";
export { scanSql, toPositional } from "./sql-text.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-sql` plugin: the `sql` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [sqlSource] });
export default plugin;

import { readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { setImmediate as tick } from "node:timers/promises";
import {
  defineSource,
  InputError,
  type Observation,
  type ObservationProvenance,
  type SourceContext,
  type SourceDefinition,
  show,
} from "@cityindex/core";
import type { SqlConnection, SqlDriver, SqlResultStream, SqlTableFile } from "./driver.js";
import { SqlError } from "./driver.js";
import { duckdbDriver } from "./duckdb-driver.js";
import {
  type ResolvedSqlOptions,
  resolveSqlOptions,
  type SqlSourceOptions,
  sqlOptionsSchemaFor,
} from "./options.js";
import { postgresDriver } from "./postgres-driver.js";
import { ResultReader } from "./result-reader.js";

/** Options of {@link createSqlSource}. */
export interface CreateSqlSourceOptions {
  /** The source id specs use; default `sql`. */
  id?: string;
  /** Long name; default `SQL query`. */
  label?: string;
  /** The drivers, the first being the default; default DuckDB and PostgreSQL. */
  drivers?: readonly SqlDriver[];
}

const SHORT_QUERY = 48;
const GLOB = /[*?[\]{}]/;

/** The SQL text on one line, cut to a few words: how provenance names an inline query. */
export function shortQuery(sql: string): string {
  const line = sql.replace(/\s+/g, " ").trim();
  return line.length > SHORT_QUERY ? `${line.slice(0, SHORT_QUERY - 1)}…` : line;
}

/** True when `path` (absolute) is `base` itself or inside it. */
function isInside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

type Problem = { code: string; message: string };

/** Resolves a file the spec names, which must exist inside the spec's folder, symbolic links followed. */
async function fileInside(base: string, path: string, what: string): Promise<string | Problem> {
  const full = resolve(base, path);
  const outside = (): Problem => ({
    code: "outside-folder",
    message: `${what} ${show(path)} is outside the spec's folder ${show(base)}; a spec may name only files inside its folder`,
  });
  if (!isInside(base, full)) return outside();
  let real: string;
  try {
    real = await realpath(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? {
          code: "file-not-found",
          message: `cannot read ${what} ${show(path)}: there is no file at ${show(full)}`,
        }
      : {
          code: "file-unreadable",
          message: `cannot read ${what} ${show(path)}: ${(error as Error).message}`,
        };
  }
  if (!isInside(base, real)) return outside();
  const info = await stat(real);
  if (!info.isFile()) {
    return {
      code: "file-unreadable",
      message: `cannot read ${what} ${show(path)}: ${show(full)} is not a file`,
    };
  }
  return real;
}

/**
 * Makes an `sql` source with the given drivers: a host or plugin that adds a driver for another database makes
 * its own source with this and registers it under its own plugin.
 *
 * @example
 * ```ts
 * const source = createSqlSource({ id: "warehouse-sql", drivers: [myClickHouseDriver, duckdbDriver()] });
 * export default definePlugin({ name: "my-warehouse", sources: [source] });
 * ```
 */
export function createSqlSource(create: CreateSqlSourceOptions = {}): SourceDefinition<SqlSourceOptions> {
  const list = create.drivers ?? [duckdbDriver(), postgresDriver()];
  if (list.length === 0)
    throw new InputError("bad-option", "createSqlSource: `drivers` must name at least one driver");
  const drivers = new Map<string, SqlDriver>();
  for (const d of list) {
    if (drivers.has(d.id))
      throw new InputError("bad-option", `createSqlSource: two drivers have the id ${show(d.id)}`);
    drivers.set(d.id, d);
  }
  const id = create.id ?? "sql";
  return defineSource<SqlSourceOptions>({
    id,
    label: create.label ?? "SQL query",
    description: `Runs one SQL query (${list.map((d) => d.label).join(", ")}) and reads its result as observations, reporting every bad row`,
    options: sqlOptionsSchemaFor(list.map((d) => d.id)),
    fetch: (options, ctx) => fetchSql(id, drivers, options, ctx),
  });
}

async function* fetchSql(
  sourceKind: string,
  drivers: ReadonlyMap<string, SqlDriver>,
  options: SqlSourceOptions,
  ctx: SourceContext,
): AsyncGenerator<Observation, void, undefined> {
  ctx.signal.throwIfAborted();
  const where = `${sourceKind} source ${show(ctx.sourceId)}`;
  const at = ctx.sourceId;
  const error = (code: string, message: string, path = at) =>
    ctx.report({ severity: "error", code, path, message });

  let o: ResolvedSqlOptions;
  try {
    o = resolveSqlOptions((options ?? {}) as unknown as Record<string, unknown>, where, drivers);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    error("bad-option", e.message);
    return;
  }
  let base: string;
  try {
    base = await realpath(resolve(ctx.baseDir));
  } catch (e) {
    error(
      "file-not-found",
      `${where}: the spec's folder ${show(ctx.baseDir)} cannot be read: ${(e as Error).message}`,
    );
    return;
  }

  // The query
  let sql: string;
  let queryLabel: string;
  if ("text" in o.query) {
    sql = o.query.text;
    queryLabel = shortQuery(sql);
  } else {
    const file = await fileInside(base, o.query.file, "query file");
    if (typeof file !== "string") {
      error(file.code, file.message, o.query.file);
      return;
    }
    sql = await readFile(file, "utf8");
    queryLabel = o.query.file;
  }

  // What the driver opens
  let database: string | undefined;
  if (o.database !== undefined) {
    const file = await fileInside(base, o.database, "database");
    if (typeof file !== "string") {
      error(file.code, file.message, o.database);
      return;
    }
    database = file;
  }
  const tables: Record<string, SqlTableFile> = {};
  for (const [name, t] of Object.entries(o.tables)) {
    const full = resolve(base, t.path);
    if (!isInside(base, full)) {
      error(
        "outside-folder",
        `table ${show(name)}: ${show(t.path)} is outside the spec's folder ${show(base)}; a spec may name only files inside its folder`,
        t.path,
      );
      return;
    }
    if (!GLOB.test(t.path)) {
      const file = await fileInside(base, t.path, `the file of table ${show(name)},`);
      if (typeof file !== "string") {
        error(file.code, file.message, t.path);
        return;
      }
    }
    tables[name] = { path: full, format: t.format };
  }
  let connectionString: string | undefined;
  if (o.connectionEnv !== undefined) {
    connectionString = process.env[o.connectionEnv];
    if (connectionString === undefined || connectionString.trim() === "") {
      error(
        "missing-connection",
        `${where}: the environment variable ${show(o.connectionEnv)} (option \`connectionEnv\`) is not set; set it to the connection string`,
      );
      return;
    }
  }
  const origin =
    o.driver.kind === "embedded"
      ? `${o.driver.id}:${o.database ?? "memory"}`
      : `${o.driver.id}:$${o.connectionEnv ?? ""}`;
  const message = `querying ${origin} ${queryLabel}`;
  const sqlError = (e: unknown) => {
    ctx.signal.throwIfAborted();
    if (!(e instanceof SqlError)) throw e;
    const what = e.code === "connection-failed" ? "" : ` in ${o.driver.label}`;
    error(e.code, `${where}: the query failed${what}: ${e.message}`);
  };

  // Run and read
  ctx.progress({ done: 0, message });
  let connection: SqlConnection;
  try {
    connection = await o.driver.open({
      baseDir: base,
      database,
      connectionString,
      tables,
      signal: ctx.signal,
    });
  } catch (e) {
    sqlError(e);
    return;
  }
  const retrieved = new Date().toISOString();
  let reader: ResultReader;
  try {
    let stream: SqlResultStream;
    try {
      stream = await connection.query(sql, o.parameters, { batchSize: o.batchSize, signal: ctx.signal });
    } catch (e) {
      sqlError(e);
      return;
    }
    for (const name of Object.keys(o.parameters)) {
      if (stream.parameters.includes(name)) continue;
      ctx.report({
        severity: "warning",
        code: "unused-parameter",
        path: at,
        message: `${where}: parameter ${show(name)} is not used by the query (which uses ${stream.parameters.length === 0 ? "none" : stream.parameters.map((p) => show(`$${p}`)).join(", ")})`,
      });
    }
    reader = new ResultReader(stream.columns, o, { result: at, row: (n) => `${at}#row=${n}` }, (issue) =>
      ctx.report(issue),
    );
    if (!reader.ok) return;
    try {
      for await (const batch of stream.batches) {
        for (const row of batch) reader.add(row);
        ctx.progress({ done: reader.rows, message });
        await tick(); // lets a timer or I/O callback abort a long read
        ctx.signal.throwIfAborted();
      }
    } catch (e) {
      sqlError(e);
      return;
    }
  } finally {
    await connection.close();
  }
  if (!reader.ok) return;
  if (reader.rows === 0) {
    ctx.report({
      severity: "warning",
      code: "no-rows",
      path: at,
      message: `${where}: the query returned no rows`,
    });
  }
  ctx.progress({ done: reader.rows, total: reader.rows, message });
  ctx.logger.debug(`read ${reader.rows} rows (${reader.count} values) from ${origin} ${queryLabel}`);

  const hash = reader.digest();
  const location = `${origin} ${queryLabel}#row=`;
  const provenance = (row: number): ObservationProvenance => {
    const p: ObservationProvenance = {
      source: `${sourceKind}:${ctx.sourceId}`,
      location: `${location}${row}`,
      retrieved,
      hash,
    };
    if (o.licence !== undefined) p.licence = o.licence;
    if (o.illustrative !== undefined) p.illustrative = o.illustrative;
    return p;
  };
  for (const observation of reader.observations(provenance)) {
    yield observation;
    ctx.signal.throwIfAborted();
  }
}

/**
 * The `sql` source: runs one SQL query and reads its result, long (a row per value) or wide (a column per
 * indicator), as observations. The default driver is embedded DuckDB, which reads CSV, Parquet and JSON files
 * in the spec's folder at any size and is confined to that folder; `postgres` runs the same query on a server
 * whose connection string is in an environment variable. Rows stream from the database in batches, with
 * progress; every bad row, column or cell is an issue; a NULL value is a missing observation. Observations are
 * handed out once the whole result has been read, each carrying the hash of the result in its provenance.
 *
 * @example
 * ```yaml
 * sources:
 *   - id: news
 *     source: sql
 *     options:
 *       tables: { articles: data/articles-*.parquet }
 *       query: >
 *         SELECT city AS unit, 'foreign_media_articles' AS indicator,
 *                strftime(published, '%Y-%m') AS period, count(*) AS value
 *         FROM articles WHERE language <> 'zh' GROUP BY ALL ORDER BY ALL
 * ```
 */
export const sqlSource: SourceDefinition<SqlSourceOptions> = createSqlSource();

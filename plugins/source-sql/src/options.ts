import { InputError, type JsonSchema, show } from "@cityindex/core";
import type { SqlDriver, SqlParameterValue, SqlTableFile } from "./driver.js";

/** How the result is laid out: one row per value (`long`), or one column per indicator (`wide`). */
export type SqlLayout = "long" | "wide";

/** The reader of a file declared in `tables`. */
export type SqlTableFormat = SqlTableFile["format"];

/** A file declared in `tables`: its path relative to the spec's folder, and optionally its format. */
export interface SqlTableOption {
  /** The file, or a glob such as `data/news-*.parquet`, relative to the spec's folder. */
  path: string;
  /** `csv`, `parquet` or `json`; by default from the file extension. */
  format?: SqlTableFormat;
}

/** Options of the `sql` source, as written in a spec. Mirrors {@link sqlOptionsSchema}. */
export interface SqlSourceOptions {
  /** The query: one SELECT statement. Give this or `queryFile`. */
  query?: string;
  /** A file holding the query, relative to the spec's folder. Give this or `query`. */
  queryFile?: string;
  /** `duckdb` (default, embedded) or `postgres`, or a driver added with `createSqlSource`. */
  driver?: string;
  /** DuckDB: a database file relative to the spec's folder, opened read-only. Default: an in-memory database. */
  database?: string;
  /** DuckDB: files in the spec's folder the query reads as views, by view name: `{ "news": "data/news.parquet" }`. */
  tables?: Record<string, string | SqlTableOption>;
  /** Server drivers: the NAME of the environment variable holding the connection string. */
  connectionEnv?: string;
  /** `long` (default) or `wide`. */
  layout?: SqlLayout;
  /** The column holding unit ids; default `unit`. */
  unitColumn?: string;
  /** Long layout: the column holding indicator ids; default `indicator`. */
  indicatorColumn?: string;
  /** The column holding periods; default `period`. Not read when `period` is given. */
  periodColumn?: string;
  /** Long layout: the column holding values; default `value`. */
  valueColumn?: string;
  /** The period of every row: no period column is read. */
  period?: string;
  /** Wide layout: the indicator columns. Default: every column but the unit and period columns. */
  columns?: string[];
  /** Values of the query's named parameters (`$city` in the query is `city` here), bound, never pasted in. */
  parameters?: Record<string, SqlParameterValue>;
  /** Rows fetched per batch; default 10,000. */
  batchSize?: number;
  /** The data's licence, copied into every observation's provenance. */
  licence?: string;
  /** True if the values are illustrative, not measured; copied into every observation's provenance. */
  illustrative?: boolean;
}

/** Default rows per batch. */
export const DEFAULT_BATCH_SIZE = 10_000;

const NAME = "^[A-Za-z_][A-Za-z0-9_]*$";
const NAME_RE = new RegExp(NAME);
const nonEmpty = { type: "string", minLength: 1 } as const;

/**
 * JSON Schema of {@link SqlSourceOptions} with defaults, for the given driver ids.
 *
 * @example
 * ```ts
 * sqlOptionsSchemaFor(["duckdb", "postgres", "clickhouse"]).properties.driver; // { enum: [...], default: "duckdb", ... }
 * ```
 */
export function sqlOptionsSchemaFor(driverIds: readonly string[]): JsonSchema {
  return {
    type: "object",
    additionalProperties: false,
    oneOf: [{ required: ["query"] }, { required: ["queryFile"] }],
    properties: {
      query: { ...nonEmpty, description: "The query: one SELECT statement." },
      queryFile: { ...nonEmpty, description: "A file holding the query, relative to the spec's folder." },
      driver: {
        enum: [...driverIds],
        default: driverIds[0],
        description: "The database driver: duckdb (embedded) or postgres (server).",
      },
      database: {
        ...nonEmpty,
        description:
          "DuckDB: a database file relative to the spec's folder, opened read-only. Default: in-memory.",
      },
      tables: {
        type: "object",
        propertyNames: { pattern: NAME },
        additionalProperties: {
          anyOf: [
            nonEmpty,
            {
              type: "object",
              additionalProperties: false,
              required: ["path"],
              properties: { path: nonEmpty, format: { enum: ["csv", "parquet", "json"] } },
            },
          ],
        },
        description:
          "DuckDB: files (or globs) in the spec's folder that the query reads as views, by view name.",
      },
      connectionEnv: {
        type: "string",
        pattern: NAME,
        description: "Server drivers: the NAME of the environment variable holding the connection string.",
      },
      layout: {
        enum: ["long", "wide"],
        default: "long",
        description: "long: a row per value; wide: a row per unit (and period), a column per indicator.",
      },
      unitColumn: { ...nonEmpty, default: "unit", description: "The column of unit ids." },
      indicatorColumn: {
        ...nonEmpty,
        default: "indicator",
        description: "Long: the column of indicator ids.",
      },
      periodColumn: {
        ...nonEmpty,
        default: "period",
        description: "The column of periods; not read when period is given.",
      },
      valueColumn: { ...nonEmpty, default: "value", description: "Long: the column of values." },
      period: { ...nonEmpty, description: "The period of every row; no period column is read." },
      columns: {
        type: "array",
        items: nonEmpty,
        description: "Wide: the indicator columns. Default: all but the unit and period columns.",
      },
      parameters: {
        type: "object",
        propertyNames: { pattern: NAME },
        additionalProperties: {
          anyOf: [
            { type: ["string", "number", "boolean", "null"] },
            { type: "array", items: { type: "string" } },
            { type: "array", items: { type: "number" } },
          ],
        },
        default: {},
        description:
          "Values of the query's $name parameters, bound by the database, never pasted into the text.",
      },
      batchSize: {
        type: "integer",
        minimum: 1,
        maximum: 1_000_000,
        default: DEFAULT_BATCH_SIZE,
        description: "Rows fetched per batch.",
      },
      licence: { type: "string", description: "Copied into every observation's provenance." },
      illustrative: { type: "boolean", description: "Copied into every observation's provenance." },
    },
  };
}

/** JSON Schema of {@link SqlSourceOptions} with the built-in drivers, `duckdb` and `postgres`. */
export const sqlOptionsSchema: JsonSchema = sqlOptionsSchemaFor(["duckdb", "postgres"]);

/** The option keys the schema declares, in order. */
export const SQL_OPTION_KEYS: readonly string[] = Object.freeze(
  Object.keys(sqlOptionsSchema.properties as object),
);

/** Options checked, with every default filled in. Paths are still relative to the spec's folder. */
export interface ResolvedSqlOptions {
  /** The inline query, or the file holding it. */
  query: { text: string } | { file: string };
  /** The driver. */
  driver: SqlDriver;
  /** Embedded drivers: the database file. */
  database: string | undefined;
  /** Embedded drivers: files read as views. */
  tables: Record<string, { path: string; format: SqlTableFormat }>;
  /** Server drivers: the environment variable's name. */
  connectionEnv: string | undefined;
  /** Result layout. */
  layout: SqlLayout;
  /** Unit id column. */
  unitColumn: string;
  /** Long layout: indicator id column. */
  indicatorColumn: string;
  /** Period column, unless `period` is given. */
  periodColumn: string;
  /** Long layout: value column. */
  valueColumn: string;
  /** Fixed period. */
  period: string | undefined;
  /** Wide layout: indicator columns, or `undefined` for all the others. */
  columns: string[] | undefined;
  /** Named parameters. */
  parameters: Record<string, SqlParameterValue>;
  /** Rows per batch. */
  batchSize: number;
  /** Licence for provenance. */
  licence: string | undefined;
  /** Illustrative flag for provenance. */
  illustrative: boolean | undefined;
}

const EXTENSIONS: readonly [RegExp, SqlTableFormat][] = [
  [/\.(csv|tsv|txt)(\.(gz|zst))?$/i, "csv"],
  [/\.parquet$/i, "parquet"],
  [/\.(json|jsonl|ndjson)(\.(gz|zst))?$/i, "json"],
];

/** The format of a data file from its extension, or `undefined` when the extension says nothing. */
export function formatOfPath(path: string): SqlTableFormat | undefined {
  return EXTENSIONS.find(([re]) => re.test(path))?.[1];
}

/**
 * Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option. The value of
 * `connectionEnv` is never shown in a message, in case a connection string was pasted there by mistake.
 */
export function resolveSqlOptions(
  options: Record<string, unknown>,
  where: string,
  drivers: ReadonlyMap<string, SqlDriver>,
): ResolvedSqlOptions {
  const bad = (message: string): never => {
    throw new InputError("bad-option", `${where}: ${message}`);
  };
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    bad(`options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options))
    if (!SQL_OPTION_KEYS.includes(key)) bad(`unknown option ${show(key)}`);
  const text = (key: string): string | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.trim() === "")
      bad(`option \`${key}\` must be a non-empty string, got ${show(v)}`);
    return v as string;
  };

  const inline = text("query");
  const file = text("queryFile");
  if ((inline === undefined) === (file === undefined)) {
    bad(
      inline === undefined
        ? "give the query in `query` or `queryFile`"
        : "give `query` or `queryFile`, not both",
    );
  }

  const driverId = text("driver") ?? [...drivers.keys()][0] ?? "duckdb";
  const driver = drivers.get(driverId);
  if (!driver) {
    const ids = [...drivers.keys()].map((d) => show(d)).join(", ");
    return bad(`option \`driver\` must be one of ${ids}, got ${show(driverId)}`);
  }
  const embedded = driver.kind === "embedded";

  const database = text("database");
  if (database !== undefined && !embedded) {
    bad(
      `option \`database\` is for embedded drivers; the ${driver.id} driver reads its connection string from the environment variable named in \`connectionEnv\``,
    );
  }

  const tables: ResolvedSqlOptions["tables"] = {};
  if (options.tables !== undefined) {
    const t = options.tables;
    if (t === null || typeof t !== "object" || Array.isArray(t))
      bad(`option \`tables\` must be an object, got ${show(t)}`);
    const entries = Object.entries(t as Record<string, unknown>);
    if (!embedded && entries.length > 0) {
      bad(`option \`tables\` is for embedded drivers; a ${driver.id} server reads its own tables`);
    }
    for (const [name, v] of entries) {
      if (!NAME_RE.test(name))
        bad(`table name ${show(name)} must be letters, digits and _, not starting with a digit`);
      const entry = typeof v === "string" ? { path: v } : v;
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
        return bad(`table ${show(name)} must be a path or { path, format }, got ${show(v)}`);
      }
      const { path, format, ...rest } = entry as Record<string, unknown>;
      const extra = Object.keys(rest)[0];
      if (extra !== undefined) bad(`table ${show(name)} has unknown key ${show(extra)}`);
      if (typeof path !== "string" || path.trim() === "") {
        return bad(`table ${show(name)} needs a non-empty \`path\`, got ${show(path)}`);
      }
      if (format !== undefined && format !== "csv" && format !== "parquet" && format !== "json") {
        bad(
          `table ${show(name)}: \`format\` must be one of \`csv\`, \`parquet\`, \`json\`, got ${show(format)}`,
        );
      }
      const resolved = (format as SqlTableFormat | undefined) ?? formatOfPath(path);
      if (resolved === undefined) {
        return bad(
          `table ${show(name)}: cannot tell the format of ${show(path)} from its extension; set \`format\``,
        );
      }
      tables[name] = { path, format: resolved };
    }
  }

  const env = options.connectionEnv;
  let connectionEnv: string | undefined;
  if (env !== undefined) {
    if (!embedded && (typeof env !== "string" || !NAME_RE.test(env))) {
      bad(
        "option `connectionEnv` must be the name of an environment variable (letters, digits and _), never the connection string itself",
      );
    }
    if (embedded)
      bad(
        `option \`connectionEnv\` is for server drivers; the ${driver.id} driver reads files and \`database\``,
      );
    connectionEnv = env as string;
  } else if (!embedded) {
    bad(
      `the ${driver.id} driver needs \`connectionEnv\`: the name of the environment variable holding the connection string`,
    );
  }

  const layoutValue = options.layout ?? "long";
  if (layoutValue !== "long" && layoutValue !== "wide") {
    bad(`option \`layout\` must be one of \`long\`, \`wide\`, got ${show(layoutValue)}`);
  }
  const layout = layoutValue as SqlLayout;
  const column = (key: string, fallback: string): string => text(key) ?? fallback;

  let columns: string[] | undefined;
  if (options.columns !== undefined) {
    const c = options.columns;
    if (!Array.isArray(c) || c.some((s) => typeof s !== "string" || s === "")) {
      bad(`option \`columns\` must be an array of non-empty strings, got ${show(c)}`);
    }
    if (layout === "long")
      bad("option `columns` names the indicator columns of the wide layout; set `layout` to `wide`");
    columns = c as string[];
    const twice = columns.find((name, i) => columns?.indexOf(name) !== i);
    if (twice !== undefined) bad(`option \`columns\` lists ${show(twice)} twice`);
  }

  const parameters: Record<string, SqlParameterValue> = {};
  const p = options.parameters ?? {};
  if (p === null || typeof p !== "object" || Array.isArray(p))
    bad(`option \`parameters\` must be an object, got ${show(p)}`);
  for (const [name, v] of Object.entries(p as Record<string, unknown>)) {
    if (!NAME_RE.test(name))
      bad(`parameter name ${show(name)} must be letters, digits and _, not starting with a digit`);
    const finite = (x: unknown) => typeof x === "number" && Number.isFinite(x);
    const ok =
      v === null ||
      typeof v === "string" ||
      typeof v === "boolean" ||
      finite(v) ||
      (Array.isArray(v) && (v.every((x) => typeof x === "string") || v.every(finite)));
    if (!ok) {
      bad(
        `parameter ${show(name)} must be a string, a finite number, a boolean, null, or an array of strings or of numbers, got ${show(v)}`,
      );
    }
    parameters[name] = v as SqlParameterValue;
  }

  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (
    typeof batchSize !== "number" ||
    !Number.isInteger(batchSize) ||
    batchSize < 1 ||
    batchSize > 1_000_000
  ) {
    bad(`option \`batchSize\` must be a whole number from 1 to 1,000,000, got ${show(batchSize)}`);
  }
  const licence = options.licence;
  if (licence !== undefined && typeof licence !== "string")
    bad(`option \`licence\` must be a string, got ${show(licence)}`);
  const illustrative = options.illustrative;
  if (illustrative !== undefined && typeof illustrative !== "boolean") {
    bad(`option \`illustrative\` must be a boolean, got ${show(illustrative)}`);
  }

  return {
    query: inline !== undefined ? { text: inline } : { file: file as string },
    driver,
    database,
    tables,
    connectionEnv,
    layout,
    unitColumn: column("unitColumn", "unit"),
    indicatorColumn: column("indicatorColumn", "indicator"),
    periodColumn: column("periodColumn", "period"),
    valueColumn: column("valueColumn", "value"),
    period: text("period")?.trim(),
    columns,
    parameters,
    batchSize: batchSize as number,
    licence: licence as string | undefined,
    illustrative: illustrative as boolean | undefined,
  };
}

import { connect } from "node:net";
import type { Client, ClientConfig, QueryArrayResult } from "pg";
import {
  type SqlConnection,
  type SqlDriver,
  SqlError,
  type SqlOpenOptions,
  type SqlParameters,
  type SqlQueryOptions,
  type SqlResultStream,
  type SqlValue,
} from "./driver.js";
import { scanSql, toPositional } from "./sql-text.js";

type PgModule = typeof import("pg");

/** Options of {@link postgresDriver}, set by a host, not by a spec. */
export interface PostgresDriverOptions {
  /** `application_name` the server shows for the connection; default `cityindex`. */
  applicationName?: string;
  /** Milliseconds before the server cancels a statement; default none. */
  statementTimeoutMs?: number;
}

const CURSOR = "cityindex_rows";
const QUERY_WORDS = new Set(["select", "with", "values", "table", "("]);
// int8 → bigint; numeric, dates, times and intervals → the server's text, so no precision or time zone is lost.
const INT8 = 20;
const AS_TEXT = new Set([1700, 1082, 1083, 1114, 1184, 1186, 1266]);

let pgModule: Promise<PgModule> | undefined;
function loadPg(): Promise<PgModule> {
  pgModule ??= import("pg").then((m) => ((m as unknown as { default?: PgModule }).default ?? m) as PgModule);
  return pgModule;
}

function toSqlValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || typeof v === "bigint")
    return v;
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v).toString("hex")}`;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x));
}

/** The server's message, with its detail and hint, and with the connection string and password blanked out. */
function serverMessage(error: unknown, secrets: readonly string[]): string {
  const e = error as { message?: string; detail?: string; hint?: string };
  let text = e?.message ?? String(error);
  if (e?.detail) text += ` (${e.detail})`;
  if (e?.hint) text += `; hint: ${e.hint}`;
  for (const s of secrets) if (s.length >= 3) text = text.replaceAll(s, "***");
  return text;
}

/**
 * Asks the server to cancel the client's running statement: PostgreSQL's CancelRequest, sent on a connection of
 * its own with the backend's process id and secret key. Resolves when it has been sent or could not be.
 */
function sendCancel(client: Client): Promise<void> {
  const { processID, secretKey } = client as unknown as { processID: unknown; secretKey: unknown };
  if (typeof processID !== "number" || typeof secretKey !== "number") return Promise.resolve();
  return new Promise((resolve) => {
    const socket = client.host?.startsWith("/")
      ? connect(`${client.host}/.s.PGSQL.${client.port}`)
      : connect(client.port, client.host);
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(5000, done);
    socket.on("error", done);
    socket.on("close", done);
    socket.on("connect", () => {
      const message = Buffer.alloc(16);
      message.writeInt32BE(16, 0);
      message.writeInt32BE(80877102, 4);
      message.writeInt32BE(processID, 8);
      message.writeInt32BE(secretKey, 12);
      socket.end(message);
    });
  });
}

/** Cancels the running statement, then closes the connection. */
function cancelAndEnd(client: Client): void {
  void sendCancel(client)
    .then(() => client.end())
    .catch(() => {});
}

class PostgresConnection implements SqlConnection {
  private closed = false;
  private inTransaction = false;

  constructor(
    private readonly client: Client,
    private readonly secrets: readonly string[],
  ) {}

  private fail(code: SqlError["code"], error: unknown): SqlError {
    return new SqlError(code, serverMessage(error, this.secrets), { cause: error });
  }

  async query(sql: string, parameters: SqlParameters, options: SqlQueryOptions): Promise<SqlResultStream> {
    const { client } = this;
    const { signal, batchSize } = options;
    signal.throwIfAborted();
    const scan = scanSql(sql);
    if (scan.statements === 0) throw new SqlError("empty-query", "the query has no statement");
    if (scan.statements > 1) {
      throw new SqlError(
        "multiple-statements",
        `the query holds ${scan.statements} statements; give exactly one query`,
      );
    }
    if (!QUERY_WORDS.has(scan.firstWord ?? "")) {
      throw new SqlError(
        "not-a-query",
        `the statement starts with \`${scan.firstWord ?? ""}\`; only a query (SELECT, WITH, VALUES, TABLE) is run`,
      );
    }
    const positional = scan.parameters.find((p) => p.positional);
    if (positional) {
      throw new SqlError(
        "missing-parameter",
        `the query uses a positional parameter (\`$${positional.name}\`); name parameters (\`$city\`) and give their values in \`parameters\``,
      );
    }
    const { text, names } = toPositional(sql, scan);
    const missing = names.find((n) => parameters[n] === undefined);
    if (missing !== undefined) {
      throw new SqlError(
        "missing-parameter",
        `the query uses \`$${missing}\`, which \`parameters\` does not give`,
      );
    }
    const values = names.map((n) => parameters[n]);

    const abort = () => cancelAndEnd(client);
    signal.addEventListener("abort", abort, { once: true });
    const guard = async <T>(work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        signal.throwIfAborted();
        throw error instanceof SqlError ? error : this.fail("sql-error", error);
      }
    };
    try {
      await guard(() => client.query("BEGIN TRANSACTION READ ONLY"));
      this.inTransaction = true;
      // A cursor hands the rows over batch by batch; DECLARE accepts only a query, and parameters are bound.
      await guard(() =>
        client.query({
          text: `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${text}\n`,
          values,
          queryMode: "extended",
        } as Parameters<Client["query"]>[0] & object),
      );
      const fetch = () =>
        guard(() =>
          client.query<unknown[]>({ text: `FETCH FORWARD ${batchSize} FROM ${CURSOR}`, rowMode: "array" }),
        );
      const first = await fetch();
      return {
        columns: first.fields.map((f) => f.name),
        parameters: names,
        batches: this.batches(first, fetch, batchSize, signal, abort),
      };
    } catch (error) {
      signal.removeEventListener("abort", abort);
      await this.endTransaction();
      throw error;
    }
  }

  private async *batches(
    first: QueryArrayResult<unknown[]>,
    fetch: () => Promise<QueryArrayResult<unknown[]>>,
    batchSize: number,
    signal: AbortSignal,
    abort: () => void,
  ): AsyncGenerator<SqlValue[][], void, undefined> {
    try {
      let page = first;
      for (;;) {
        if (page.rows.length > 0) yield page.rows.map((row) => row.map(toSqlValue));
        if (page.rows.length < batchSize) break;
        signal.throwIfAborted();
        page = await fetch();
      }
    } finally {
      signal.removeEventListener("abort", abort);
      await this.endTransaction();
    }
  }

  private async endTransaction(): Promise<void> {
    if (!this.inTransaction || this.closed) return;
    this.inTransaction = false;
    await this.client.query("ROLLBACK").catch(() => {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => {});
  }
}

/**
 * The PostgreSQL driver, on node-postgres (`pg`). Runs the query through a cursor (`DECLARE ... NO SCROLL
 * CURSOR`, `FETCH FORWARD n`) inside a `READ ONLY` transaction, so rows arrive in batches and the query cannot
 * change data; `$name` parameters become PostgreSQL's `$1`, `$2` and are bound by the server. Only one statement
 * starting with SELECT, WITH, VALUES or TABLE runs. `bigint` columns arrive as `bigint`, `numeric`, dates and
 * times as the server's text. Aborting sends the server a cancel request for the running statement and closes
 * the connection.
 *
 * The connection string comes from the environment (the source reads the variable the spec names) and is kept
 * out of every message. Connect as a role that may only read what the index needs.
 *
 * @example
 * ```ts
 * const connection = await postgresDriver().open({ baseDir, connectionString: process.env.NEWS_DB, signal });
 * ```
 */
export function postgresDriver(driverOptions: PostgresDriverOptions = {}): SqlDriver {
  return {
    id: "postgres",
    label: "PostgreSQL",
    kind: "server",
    async open(options: SqlOpenOptions): Promise<SqlConnection> {
      const { connectionString, signal } = options;
      signal.throwIfAborted();
      if (!connectionString) throw new SqlError("connection-failed", "no connection string was given");
      const pg = await loadPg();
      const secrets = [connectionString];
      try {
        const password = new URL(connectionString).password;
        if (password) secrets.push(password, decodeURIComponent(password));
      } catch {
        const password = /(?:^|\s)password\s*=\s*'?([^'\s]+)/.exec(connectionString)?.[1];
        if (password) secrets.push(password);
      }
      const config: ClientConfig = {
        connectionString,
        application_name: driverOptions.applicationName ?? "cityindex",
        types: {
          getTypeParser: ((oid: number, format?: string) => {
            if (oid === INT8) return (v: string) => BigInt(v);
            if (AS_TEXT.has(oid)) return (v: string) => v;
            return pg.types.getTypeParser(oid, format as "text");
          }) as typeof pg.types.getTypeParser,
        },
      };
      if (driverOptions.statementTimeoutMs !== undefined)
        config.statement_timeout = driverOptions.statementTimeoutMs;
      const client = new pg.Client(config);
      // A connection lost between queries is reported by the next query; this keeps it from crashing the host.
      client.on("error", () => {});
      const abort = () => void client.end().catch(() => {});
      signal.addEventListener("abort", abort, { once: true });
      try {
        await client.connect();
      } catch (error) {
        signal.throwIfAborted();
        await client.end().catch(() => {});
        throw new SqlError(
          "connection-failed",
          `cannot connect to PostgreSQL: ${serverMessage(error, secrets)}`,
          {
            cause: error,
          },
        );
      } finally {
        signal.removeEventListener("abort", abort);
      }
      return new PostgresConnection(client, secrets);
    },
  };
}

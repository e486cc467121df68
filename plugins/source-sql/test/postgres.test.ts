import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SqlSourceOptions, sqlSource } from "../src/index.js";
import { cells, collect, expectedHash, problems, recordingContext, tempDir } from "./helpers.js";
import { type PostgresServer, startPostgres } from "./postgres-server.js";

// The same eight articles as the DuckDB tests; golden values counted by hand there.
const ARTICLES: [number, string, string, string, number][] = [
  [1, "chengdu", "2024-01-05", "en", 0.5],
  [2, "chengdu", "2024-01-20", "fr", -0.25],
  [3, "chengdu", "2024-01-21", "zh", 1.0],
  [4, "chengdu", "2024-02-02", "en", 0.75],
  [5, "lhasa", "2024-01-11", "en", 0.0],
  [6, "lhasa", "2024-02-14", "de", 0.5],
  [7, "lhasa", "2024-02-15", "en", 1.0],
  [8, "xian", "2024-02-28", "zh", 0.25],
];
const FOREIGN = [
  "chengdu/foreign_articles/2024-01=2",
  "chengdu/foreign_articles/2024-02=1",
  "lhasa/foreign_articles/2024-01=1",
  "lhasa/foreign_articles/2024-02=2",
];
const ENV = "CITYINDEX_TEST_NEWS_DB";
const READER_PASSWORD = "reader-pw-7g2k";

let server: PostgresServer;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url("postgres", server.password) });
  await admin.connect();
  for (const statement of [
    "CREATE TABLE articles (id int PRIMARY KEY, city text, published date, language text, tone float8)",
    "CREATE TABLE secrets (x int)",
    "CREATE SEQUENCE counter",
    `CREATE ROLE reader LOGIN PASSWORD '${READER_PASSWORD}'`,
    "GRANT SELECT ON articles TO reader",
    "GRANT USAGE ON SEQUENCE counter TO reader",
    `CREATE DATABASE "${READER_PASSWORD}"`,
    `REVOKE CONNECT ON DATABASE "${READER_PASSWORD}" FROM PUBLIC`,
  ]) {
    await admin.query(statement);
  }
  for (const row of ARTICLES) await admin.query("INSERT INTO articles VALUES ($1, $2, $3, $4, $5)", row);
  process.env[ENV] = server.url("reader", READER_PASSWORD);
}, 180_000);

afterAll(async () => {
  delete process.env[ENV];
  await admin?.end().catch(() => {});
  await server?.stop();
}, 60_000);

const postgres = { driver: "postgres", connectionEnv: ENV } as const;

async function run(options: SqlSourceOptions) {
  const ctx = recordingContext(tempDir(), "news");
  const observations = await collect(sqlSource.fetch(options, ctx));
  return { ctx, observations, cells: cells(observations), problems: problems(ctx.issues) };
}

describe("sqlSource on a PostgreSQL server", () => {
  it("aggregates articles per city and month, with provenance naming the variable, never the connection string", async () => {
    const r = await run({
      ...postgres,
      query: `SELECT city AS unit, 'foreign_articles' AS indicator, to_char(published, 'YYYY-MM') AS period,
                     count(*) AS value
              FROM articles WHERE language <> 'zh' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      licence: "CC-BY-4.0",
    });
    expect(r.problems).toEqual([]);
    expect(r.cells).toEqual(FOREIGN);
    const hash = expectedHash(
      ["unit", "indicator", "period", "value"],
      [
        ["chengdu", "foreign_articles", "2024-01", 2n],
        ["chengdu", "foreign_articles", "2024-02", 1n],
        ["lhasa", "foreign_articles", "2024-01", 1n],
        ["lhasa", "foreign_articles", "2024-02", 2n],
      ],
    );
    expect(r.observations[0]?.provenance).toMatchObject({
      source: "sql:news",
      location: `postgres:$${ENV} SELECT city AS unit, 'foreign_articles' AS indi…#row=1`,
      hash,
      licence: "CC-BY-4.0",
    });
    expect(JSON.stringify(r.observations)).not.toContain(READER_PASSWORD);
  });

  it("reads a wide result, with numeric and date columns", async () => {
    const r = await run({
      ...postgres,
      layout: "wide",
      query: `SELECT city AS unit, date_trunc('month', published)::date AS period,
                     count(*) FILTER (WHERE language <> 'zh') AS foreign_articles,
                     avg(tone) AS mean_tone, round(avg(tone)::numeric, 2) AS rounded_tone
              FROM articles WHERE city = 'chengdu' GROUP BY 1, 2 ORDER BY 1, 2`,
    });
    expect(r.problems).toEqual([]);
    expect(r.cells).toEqual([
      "chengdu/foreign_articles/2024-01-01=2",
      `chengdu/mean_tone/2024-01-01=${(0.5 - 0.25 + 1.0) / 3}`,
      "chengdu/rounded_tone/2024-01-01=0.42",
      "chengdu/foreign_articles/2024-02-01=1",
      "chengdu/mean_tone/2024-02-01=0.75",
      "chengdu/rounded_tone/2024-02-01=0.75",
    ]);
  });

  it("binds the same $name parameters as DuckDB, as data", async () => {
    const r = await run({
      ...postgres,
      query: `SELECT city AS unit, 'positive_articles' AS indicator, to_char(published, 'YYYY-MM') AS period,
                     count(*) AS value
              FROM articles
              WHERE language <> $exclude AND city = ANY($cities) AND tone >= $minTone
              GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      parameters: { exclude: "zh", cities: ["lhasa", "xian"], minTone: 0.5 },
    });
    expect(r.problems).toEqual([]);
    expect(r.cells).toEqual(["lhasa/positive_articles/2024-02=2"]);
    const injected = await run({
      ...postgres,
      query:
        "SELECT city AS unit, 'n' AS indicator, '2024' AS period, count(*) AS value FROM articles WHERE city = $city GROUP BY city",
      parameters: { city: "chengdu' OR '1'='1" },
    });
    expect(injected.problems).toEqual([
      "warning no-rows news: sql source `news`: the query returned no rows",
    ]);
  });

  it("fetches through a cursor in batches, reporting the rows read so far", async () => {
    const ctx = recordingContext(tempDir(), "news");
    const observations = await collect(
      sqlSource.fetch(
        {
          ...postgres,
          batchSize: 10_000,
          query:
            "SELECT 'u' || i AS unit, 'x' AS indicator, '2024' AS period, i AS value FROM generate_series(1, 25000) i",
        },
        ctx,
      ),
    );
    expect(observations).toHaveLength(25_000);
    expect(observations[24_999]).toMatchObject({ unit: "u25000", value: 25_000 });
    expect(ctx.updates.map((u) => [u.done, u.total])).toEqual([
      [0, undefined],
      [10_000, undefined],
      [20_000, undefined],
      [25_000, undefined],
      [25_000, 25_000],
    ]);
  });

  it("runs one query in a read-only transaction, and reports the server's errors", async () => {
    const codes = async (query: string) => {
      const r = await run({ ...postgres, query });
      expect(r.observations).toEqual([]);
      return r.ctx.issues.map((i) => `${i.code}: ${i.message}`);
    };
    expect(await codes("SELECT 1 AS value; DROP TABLE articles")).toEqual([
      "multiple-statements: sql source `news`: the query failed in PostgreSQL: the query holds 2 statements; give exactly one query",
    ]);
    expect(await codes("DELETE FROM articles")).toEqual([
      "not-a-query: sql source `news`: the query failed in PostgreSQL: the statement starts with `delete`; only a query (SELECT, WITH, VALUES, TABLE) is run",
    ]);
    expect(await codes("WITH d AS (DELETE FROM articles RETURNING *) SELECT * FROM d")).toEqual([
      "sql-error: sql source `news`: the query failed in PostgreSQL: DECLARE CURSOR must not contain data-modifying statements in WITH",
    ]);
    expect(
      await codes("SELECT 'a' AS unit, 'x' AS indicator, '2024' AS period, nextval('counter') AS value"),
    ).toEqual([
      "sql-error: sql source `news`: the query failed in PostgreSQL: cannot execute nextval() in a read-only transaction",
    ]);
    expect(await codes("SELECT nosuch FROM articles")).toEqual([
      'sql-error: sql source `news`: the query failed in PostgreSQL: column "nosuch" does not exist',
    ]);
    expect(await codes("SELECT * FROM secrets")).toEqual([
      "sql-error: sql source `news`: the query failed in PostgreSQL: permission denied for table secrets",
    ]);
    const count = await admin.query("SELECT count(*)::int AS n FROM articles");
    expect(count.rows[0].n).toBe(8);
  });

  it("reports a connection that fails, keeping the password out of the message", async () => {
    const original = process.env[ENV];
    try {
      process.env[ENV] = server.url("reader", "wrong-password");
      const wrong = await run({ ...postgres, query: "SELECT 1" });
      expect(wrong.problems).toEqual([
        'error connection-failed news: sql source `news`: the query failed: cannot connect to PostgreSQL: password authentication failed for user "reader"',
      ]);
      // A database named like the password: the server's message would show it, and it is blanked out.
      process.env[ENV] = server.url("reader", READER_PASSWORD, READER_PASSWORD);
      const denied = await run({ ...postgres, query: "SELECT 1" });
      expect(denied.problems).toHaveLength(1);
      expect(denied.problems[0]).toMatch(
        /^error connection-failed news: .*permission denied for database "\*\*\*"/,
      );
      expect(denied.problems[0]).not.toContain(READER_PASSWORD);
    } finally {
      process.env[ENV] = original;
    }
  });

  it("cancels the running statement on the server when the signal aborts", async () => {
    const ctx = recordingContext(tempDir(), "news");
    setTimeout(() => ctx.controller.abort(), 500);
    const started = Date.now();
    await expect(
      collect(
        sqlSource.fetch(
          {
            ...postgres,
            query: "SELECT 'a' AS unit, 'x' AS indicator, '2024' AS period, 1 AS value FROM pg_sleep(60)",
          },
          ctx,
        ),
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(30_000);
    // The server is no longer running anything for the reader (the sleep runs in the cursor's first FETCH).
    let active = 1;
    for (let i = 0; i < 50 && active > 0; i++) {
      const r = await admin.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'reader' AND state = 'active'",
      );
      active = r.rows[0].n;
      if (active > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(active).toBe(0);
  });
});

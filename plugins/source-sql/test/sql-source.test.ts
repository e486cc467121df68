import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withDefaults } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { type SqlSourceOptions, sqlSource } from "../src/index.js";
import { cells, collect, duckdbRun, expectedHash, problems, recordingContext, tempDir } from "./helpers.js";

// Eight news articles about three cities; the golden values below are counted by hand from these lines.
const ARTICLES = `id,city,published,language,tone
1,chengdu,2024-01-05,en,0.5
2,chengdu,2024-01-20,fr,-0.25
3,chengdu,2024-01-21,zh,1.0
4,chengdu,2024-02-02,en,0.75
5,lhasa,2024-01-11,en,0.0
6,lhasa,2024-02-14,de,0.5
7,lhasa,2024-02-15,en,1.0
8,xian,2024-02-28,zh,0.25
`;

const PER_CITY_MONTH = `
  SELECT city AS unit, 'foreign_articles' AS indicator, strftime(published::DATE, '%Y-%m') AS period,
         count(*) AS value
  FROM articles
  WHERE language <> 'zh'
  GROUP BY ALL
  ORDER BY ALL`;

// Articles not in Chinese, per city and month: chengdu 2024-01 has ids 1 and 2, 2024-02 id 4; lhasa 2024-01
// id 5, 2024-02 ids 6 and 7; xian's only article is in Chinese.
const FOREIGN = [
  "chengdu/foreign_articles/2024-01=2",
  "chengdu/foreign_articles/2024-02=1",
  "lhasa/foreign_articles/2024-01=1",
  "lhasa/foreign_articles/2024-02=2",
];

/** A spec folder with the articles as CSV. */
function specDir(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data", "articles.csv"), ARTICLES);
  return dir;
}

async function run(dir: string, options: SqlSourceOptions, sourceId = "news") {
  const ctx = recordingContext(dir, sourceId);
  const observations = await collect(sqlSource.fetch(options, ctx));
  return { ctx, observations, cells: cells(observations), problems: problems(ctx.issues) };
}

const articles = { tables: { articles: "data/articles.csv" } };

describe("sqlSource on DuckDB: shapes and formats", () => {
  it("aggregates a CSV of news articles per city and month into long observations, with provenance", async () => {
    const dir = specDir();
    const r = await run(dir, { ...articles, query: PER_CITY_MONTH, licence: "CC-BY-4.0" });
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
    const retrieved = r.observations[0]?.provenance?.retrieved ?? "";
    expect(new Date(retrieved).toISOString()).toBe(retrieved);
    expect(Math.abs(Date.now() - Date.parse(retrieved))).toBeLessThan(60_000);
    expect(r.observations[3]).toEqual({
      unit: "lhasa",
      indicator: "foreign_articles",
      period: "2024-02",
      value: 2,
      provenance: {
        source: "sql:news",
        location: "duckdb:memory SELECT city AS unit, 'foreign_articles' AS indi…#row=4",
        retrieved,
        hash,
        licence: "CC-BY-4.0",
      },
    });
    expect(r.ctx.logs).toEqual([
      "debug read 4 rows (4 values) from duckdb:memory SELECT city AS unit, 'foreign_articles' AS indi…",
    ]);
  });

  it("reads the same articles from Parquet (written by DuckDB's COPY) and JSON Lines, with the same result hash", async () => {
    const dir = specDir();
    await duckdbRun([
      `COPY (SELECT * FROM read_csv('${join(dir, "data", "articles.csv")}')) TO '${join(dir, "data", "articles.parquet")}' (FORMAT parquet)`,
    ]);
    const lines = ARTICLES.trim()
      .split("\n")
      .slice(1)
      .map((line) => {
        const [id, city, published, language, tone] = line.split(",");
        return JSON.stringify({ id: Number(id), city, published, language, tone: Number(tone) });
      });
    writeFileSync(join(dir, "data", "articles.jsonl"), `${lines.join("\n")}\n`);

    const csv = await run(dir, { ...articles, query: PER_CITY_MONTH });
    const parquet = await run(dir, { tables: { articles: "data/articles.parquet" }, query: PER_CITY_MONTH });
    const json = await run(dir, { tables: { articles: "data/articles.jsonl" }, query: PER_CITY_MONTH });
    for (const r of [parquet, json]) {
      expect(r.problems).toEqual([]);
      expect(r.cells).toEqual(FOREIGN);
      expect(r.observations[0]?.provenance?.hash).toBe(csv.observations[0]?.provenance?.hash);
    }
  });

  it("reads a wide result: a column per indicator", async () => {
    const dir = specDir();
    const r = await run(dir, {
      ...articles,
      layout: "wide",
      query: `SELECT city AS unit, strftime(published::DATE, '%Y-%m') AS period,
                     count(*) FILTER (WHERE language <> 'zh') AS foreign_articles, avg(tone) AS mean_tone
              FROM articles GROUP BY ALL ORDER BY ALL`,
    });
    expect(r.problems).toEqual([]);
    // mean tone of chengdu in January: (0.5 - 0.25 + 1.0) / 3
    expect(r.cells).toEqual([
      `chengdu/foreign_articles/2024-01=2`,
      `chengdu/mean_tone/2024-01=${(0.5 - 0.25 + 1.0) / 3}`,
      "chengdu/foreign_articles/2024-02=1",
      "chengdu/mean_tone/2024-02=0.75",
      "lhasa/foreign_articles/2024-01=1",
      "lhasa/mean_tone/2024-01=0",
      "lhasa/foreign_articles/2024-02=2",
      "lhasa/mean_tone/2024-02=0.75",
      "xian/foreign_articles/2024-02=0",
      "xian/mean_tone/2024-02=0.25",
    ]);
    expect(r.observations.map((o) => o.provenance?.location?.split("#")[1])).toEqual([
      "row=1",
      "row=1",
      "row=2",
      "row=2",
      "row=3",
      "row=3",
      "row=4",
      "row=4",
      "row=5",
      "row=5",
    ]);
  });

  it("reads a wide result with a fixed period, named columns and renamed unit column", async () => {
    const dir = specDir();
    const r = await run(dir, {
      ...articles,
      layout: "wide",
      period: "2024",
      unitColumn: "city",
      columns: ["articles"],
      query: "SELECT city, count(*) AS articles FROM articles GROUP BY city ORDER BY city",
    });
    expect(r.problems).toEqual([]);
    expect(r.cells).toEqual(["chengdu/articles/2024=4", "lhasa/articles/2024=3", "xian/articles/2024=1"]);
  });

  it("reads the query from a file and a table from a read-only DuckDB database, both relative to the spec", async () => {
    const dir = specDir();
    mkdirSync(join(dir, "queries"));
    const db = join(dir, "news.duckdb");
    await duckdbRun(
      [`CREATE TABLE articles AS SELECT * FROM read_csv('${join(dir, "data", "articles.csv")}')`],
      db,
    );
    writeFileSync(join(dir, "queries", "foreign.sql"), `-- non-Chinese articles\n${PER_CITY_MONTH};\n`);
    const r = await run(dir, { database: "news.duckdb", queryFile: "queries/foreign.sql" });
    expect(r.problems).toEqual([]);
    expect(r.cells).toEqual(FOREIGN);
    expect(r.observations[0]?.provenance?.location).toBe("duckdb:news.duckdb queries/foreign.sql#row=1");
  });

  it("works with the options as a host passes them, defaults filled in from the schema", async () => {
    const dir = specDir();
    const options = withDefaults(sqlSource.options, {
      ...articles,
      query: PER_CITY_MONTH,
    }) as SqlSourceOptions;
    expect(options).toMatchObject({ driver: "duckdb", layout: "long", batchSize: 10_000, parameters: {} });
    const r = await run(dir, options);
    expect(r.problems).toEqual([]);
    expect(r.cells).toEqual(FOREIGN);
  });
});

describe("sqlSource on DuckDB: parameters", () => {
  it("binds named parameters: a string, a number and a list", async () => {
    const dir = specDir();
    const r = await run(dir, {
      ...articles,
      query: `SELECT city AS unit, 'positive_articles' AS indicator, strftime(published::DATE, '%Y-%m') AS period,
                     count(*) AS value
              FROM articles
              WHERE language <> $exclude AND city = ANY($cities) AND tone >= $minTone
              GROUP BY ALL ORDER BY ALL`,
      parameters: { exclude: "zh", cities: ["lhasa", "xian"], minTone: 0.5 },
    });
    expect(r.problems).toEqual([]);
    // lhasa's articles 6 (0.5) and 7 (1.0) in February; xian's only article is in Chinese
    expect(r.cells).toEqual(["lhasa/positive_articles/2024-02=2"]);
  });

  it("binds a value as data, never as SQL text", async () => {
    const dir = specDir();
    const r = await run(dir, {
      ...articles,
      query:
        "SELECT city AS unit, 'n' AS indicator, '2024' AS period, count(*) AS value FROM articles WHERE city = $city GROUP BY city",
      parameters: { city: "chengdu' OR '1'='1" },
    });
    expect(r.observations).toEqual([]);
    expect(r.problems).toEqual(["warning no-rows news: sql source `news`: the query returned no rows"]);
  });

  it("reports a parameter the query uses but the options do not give, and one given but not used", async () => {
    const dir = specDir();
    const query = "SELECT 'a' AS unit, 'x' AS indicator, '2024' AS period, $v AS value";
    const missing = await run(dir, { query, parameters: { w: 1 } });
    expect(missing.observations).toEqual([]);
    expect(missing.problems).toEqual([
      "error missing-parameter news: sql source `news`: the query failed in DuckDB: the query uses `$v`, which `parameters` does not give",
    ]);
    const unused = await run(dir, { query, parameters: { v: 3, w: 1 } });
    expect(unused.cells).toEqual(["a/x/2024=3"]);
    expect(unused.problems).toEqual([
      "warning unused-parameter news: sql source `news`: parameter `w` is not used by the query (which uses `$v`)",
    ]);
    const positional = await run(dir, {
      query: "SELECT 'a' AS unit, 'x' AS indicator, '2024' AS period, ? AS value",
    });
    expect(positional.problems).toEqual([
      "error missing-parameter news: sql source `news`: the query failed in DuckDB: the query uses a positional parameter (`$1` or `?`); name parameters (`$city`) and give their values in `parameters`",
    ]);
  });
});

describe("sqlSource on DuckDB: bad results", () => {
  it("lists the result's columns when the query names them differently, reading nothing", async () => {
    const dir = specDir();
    const r = await run(dir, {
      ...articles,
      query: "SELECT city, 'n' AS indicator, '2024' AS period, count(*) AS n FROM articles GROUP BY city",
    });
    expect(r.observations).toEqual([]);
    const has = "the result's columns are `city`, `indicator`, `period`, `n`";
    expect(r.problems).toEqual([
      `error missing-column news: the result has no column \`unit\`: set \`unitColumn\`, or name the column \`AS unit\` in the query; ${has}`,
      `error missing-column news: the result has no column \`value\`: set \`valueColumn\`, or name the column \`AS value\` in the query; ${has}`,
      "warning extra-column news: column `city` is not read (the long layout reads `unit`, `period`, `indicator`, `value`); leave it out of the query's SELECT list",
      "warning extra-column news: column `n` is not read (the long layout reads `unit`, `period`, `indicator`, `value`); leave it out of the query's SELECT list",
    ]);
  });

  it("reports text values row by row, reads NULL as missing, and reports duplicate rows naming both", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "values.csv"),
      "unit,indicator,period,value\nchengdu,x,2024,1.5\nlhasa,x,2024,n/a\nxian,x,2024,\nchengdu,x,2024,2\nsuzhou,x,2024,7\n",
    );
    const r = await run(dir, {
      tables: { t: { path: "values.csv", format: "csv" } },
      query: "SELECT * FROM t",
    });
    expect(r.cells).toEqual(["chengdu/x/2024=1.5", "xian/x/2024=null", "suzhou/x/2024=7"]);
    expect(r.problems).toEqual([
      "error not-a-number news#row=2: row 2, column `value`: `n/a` is not a number (unit `lhasa`, indicator `x`, period `2024`); the value is not read",
      "error duplicate-row news#row=4: rows 1 and 4 both give unit `chengdu`, indicator `x`, period `2024`; row 4 is not read",
    ]);
  });

  it("reports an SQL error with DuckDB's message, and yields nothing", async () => {
    const dir = specDir();
    const r = await run(dir, { ...articles, query: "SELECT nosuch AS unit FROM articles" });
    expect(r.observations).toEqual([]);
    expect(r.ctx.issues).toHaveLength(1);
    expect(r.ctx.issues[0]).toMatchObject({ severity: "error", code: "sql-error", path: "news" });
    expect(r.ctx.issues[0]?.message).toMatch(
      /^sql source `news`: the query failed in DuckDB: Binder Error: Referenced column "nosuch" not found/,
    );
    const syntax = await run(dir, { query: "SELEC 1" });
    expect(syntax.ctx.issues[0]?.code).toBe("sql-error");
    expect(syntax.ctx.issues[0]?.message).toMatch(
      /^sql source `news`: the query failed in DuckDB: Parser Error: syntax error at or near "SELEC"/,
    );
  });

  it("reports an error that happens while rows are read, and yields nothing", async () => {
    const dir = specDir();
    const r = await run(dir, {
      query:
        "SELECT 'a' || i AS unit, 'x' AS indicator, '2024' AS period, CASE WHEN i < 5000 THEN i ELSE error('bad row ' || i) END AS value FROM range(10000) t(i)",
    });
    expect(r.observations).toEqual([]);
    expect(r.ctx.issues.map((i) => i.code)).toEqual(["sql-error"]);
    expect(r.ctx.issues[0]?.message).toContain("bad row");
  });

  it("warns about an empty result", async () => {
    const dir = specDir();
    const r = await run(dir, {
      ...articles,
      query: `${PER_CITY_MONTH.replace("ORDER BY ALL", "")} HAVING count(*) > 100`,
    });
    expect(r.observations).toEqual([]);
    expect(r.problems).toEqual(["warning no-rows news: sql source `news`: the query returned no rows"]);
  });
});

describe("sqlSource on DuckDB: what a spec may not do", () => {
  const outsideFile = () => {
    const other = tempDir();
    writeFileSync(join(other, "secret.csv"), "unit,indicator,period,value\nx,y,2024,42\n");
    return join(other, "secret.csv");
  };
  const denied = (r: Awaited<ReturnType<typeof run>>) => {
    expect(r.observations).toEqual([]);
    expect(r.ctx.issues).toHaveLength(1);
    expect(r.ctx.issues[0]).toMatchObject({ severity: "error", code: "access-denied", path: "news" });
    return r.ctx.issues[0]?.message ?? "";
  };

  it("refuses a file outside the spec's folder, by absolute or relative path, naming the folder", async () => {
    const dir = specDir();
    const secret = outsideFile();
    const absolute = denied(await run(dir, { query: `SELECT * FROM read_csv('${secret}')` }));
    expect(absolute).toContain(`Permission Error: Cannot access file "${secret}"`);
    expect(absolute).toContain(
      `the query failed in DuckDB: a query may read only files inside the spec's folder \`${realpathSync(dir)}\``,
    );
    const rel = join("..", secret.split("/").slice(-2).join("/"));
    denied(await run(dir, { query: `SELECT * FROM '${join(dir, rel)}'` }));
    denied(await run(dir, { query: "SELECT * FROM read_text('/etc/passwd')" }));
    denied(await run(dir, { query: "SELECT * FROM glob('/tmp/*')" }));
  });

  it("refuses a URL", async () => {
    const dir = specDir();
    const message = denied(
      await run(dir, { query: "SELECT * FROM read_csv('https://example.com/data.csv')" }),
    );
    expect(message).toContain('Cannot access file "https://example.com/data.csv"');
  });

  it("refuses a symbolic link inside the folder that points outside it", async () => {
    const dir = specDir();
    const secret = outsideFile();
    symlinkSync(secret, join(dir, "data", "link.csv"));
    denied(await run(dir, { query: `SELECT * FROM read_csv('${join(dir, "data", "link.csv")}')` }));
    const table = await run(dir, { tables: { t: "data/link.csv" }, query: "SELECT * FROM t" });
    expect(table.observations).toEqual([]);
    expect(table.ctx.issues.map((i) => i.code)).toEqual(["outside-folder"]);
  });

  it("refuses query files, databases and tables outside the folder before opening anything", async () => {
    const dir = specDir();
    const secret = outsideFile();
    const rel = join("..", secret.split("/").slice(-2).join("/"));
    const q = await run(dir, { queryFile: rel });
    const db = await run(dir, { query: "SELECT 1", database: rel });
    const t = await run(dir, { query: "SELECT 1", tables: { t: rel } });
    const glob = await run(dir, { query: "SELECT 1", tables: { t: "../*.csv" } });
    for (const r of [q, db, t, glob]) {
      expect(r.observations).toEqual([]);
      expect(r.ctx.issues.map((i) => i.code)).toEqual(["outside-folder"]);
      expect(r.ctx.issues[0]?.message).toContain("a spec may name only files inside its folder");
    }
  });

  it("runs exactly one statement, and only a query", async () => {
    const dir = specDir();
    const out = join(dir, "out.csv");
    const two = await run(dir, { query: `SELECT 1 AS value; COPY (SELECT 1) TO '${out}'` });
    expect(two.problems).toEqual([
      "error multiple-statements news: sql source `news`: the query failed in DuckDB: the query holds 2 statements; give exactly one query",
    ]);
    for (const [query, kind] of [
      [`COPY (SELECT 1) TO '${out}'`, "COPY"],
      [`ATTACH '${join(dir, "new.duckdb")}' AS other`, "ATTACH"],
      ["CREATE TABLE t AS SELECT 1", "CREATE"],
      ["INSTALL httpfs", "LOAD"],
      ["LOAD httpfs", "LOAD"],
      ["SET enable_external_access = true", "SET"],
      ["PREPARE p AS SELECT 1", "PREPARE"],
      ["CALL pragma_version()", "CALL"],
    ] as const) {
      const r = await run(dir, { query });
      expect(
        r.ctx.issues.map((i) => i.code),
        query,
      ).toEqual(["not-a-query"]);
      expect(r.ctx.issues[0]?.message).toContain(`the statement is a ${kind} statement`);
    }
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, "new.duckdb"))).toBe(false);
    const empty = await run(dir, { query: "-- nothing here\n" });
    expect(empty.ctx.issues.map((i) => i.code)).toEqual(["empty-query"]);
  });
});

describe("sqlSource on DuckDB: scale, progress and abort", () => {
  it("pushes a GROUP BY over 1,000,000 rows of Parquet down to DuckDB: only the aggregates come out", async () => {
    const dir = tempDir();
    const file = join(dir, "events.parquet");
    await duckdbRun([
      `COPY (SELECT 'city' || (i % 7) AS city, (DATE '2024-01-01' + INTERVAL (i % 12) MONTH)::DATE AS published,
                    i % 5 AS lang, i % 100 AS score
             FROM range(1000000) t(i)) TO '${file}' (FORMAT parquet)`,
    ]);
    const ctx = recordingContext(dir, "events");
    const observations = await collect(
      sqlSource.fetch(
        {
          tables: { events: "events.parquet" },
          layout: "wide",
          query: `SELECT city AS unit, strftime(published, '%Y-%m') AS period, count(*) AS articles, sum(score) AS score
                  FROM events WHERE lang <> 0 GROUP BY ALL`,
        },
        ctx,
      ),
    );
    expect(ctx.issues).toEqual([]);
    // The same aggregation in plain JavaScript, row by row.
    const expected = new Map<string, { articles: number; score: number }>();
    for (let i = 0; i < 1_000_000; i++) {
      if (i % 5 === 0) continue;
      const key = `city${i % 7}/${`2024-${String((i % 12) + 1).padStart(2, "0")}`}`;
      const e = expected.get(key) ?? { articles: 0, score: 0 };
      e.articles++;
      e.score += i % 100;
      expected.set(key, e);
    }
    expect(expected.size).toBe(84);
    const got = new Map<string, number | null>(
      observations.map((o) => [`${o.unit}/${o.period}/${o.indicator}`, o.value]),
    );
    expect(got.size).toBe(168);
    for (const [key, e] of expected) {
      const [unit, period] = key.split("/");
      expect(got.get(`${unit}/${period}/articles`), key).toBe(e.articles);
      expect(got.get(`${unit}/${period}/score`), key).toBe(e.score);
    }
    // 84 result rows crossed from DuckDB into JavaScript, not a million.
    expect(ctx.updates.at(-1)).toMatchObject({ done: 84, total: 84 });
  });

  it("streams a long result in batches, reporting the rows read so far", async () => {
    const dir = tempDir();
    const ctx = recordingContext(dir, "big");
    const observations = await collect(
      sqlSource.fetch(
        {
          query:
            "SELECT 'u' || i AS unit, 'x' AS indicator, '2024' AS period, i AS value FROM range(25000) t(i)",
          batchSize: 10_000,
        },
        ctx,
      ),
    );
    expect(observations).toHaveLength(25_000);
    expect(observations[24_999]).toMatchObject({ unit: "u24999", value: 24_999 });
    // DuckDB hands over chunks of 2,048 rows; the driver gathers them into batches of at least 10,000.
    expect(ctx.updates.map((u) => [u.done, u.total])).toEqual([
      [0, undefined],
      [10_240, undefined],
      [20_480, undefined],
      [25_000, undefined],
      [25_000, 25_000],
    ]);
  });

  it("stops when the signal aborts: before, during a long query, and while observations are handed out", async () => {
    const dir = tempDir();
    const before = recordingContext(dir);
    before.controller.abort();
    await expect(collect(sqlSource.fetch({ query: "SELECT 1" }, before))).rejects.toMatchObject({
      name: "AbortError",
    });

    // A sum over 10^11 rows would take minutes; the interrupt ends it.
    const during = recordingContext(dir);
    setTimeout(() => during.controller.abort(), 300);
    await expect(
      collect(
        sqlSource.fetch(
          {
            query:
              "SELECT 'a' AS unit, 'x' AS indicator, '2024' AS period, sum(i % 7) AS value FROM range(100000000000) t(i)",
          },
          during,
        ),
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(during.issues).toEqual([]);

    const handing = recordingContext(dir);
    const seen: string[] = [];
    const consume = async () => {
      for await (const o of sqlSource.fetch(
        {
          query:
            "SELECT 'u' || i AS unit, 'x' AS indicator, '2024' AS period, i AS value FROM range(100) t(i) ORDER BY i",
        },
        handing,
      )) {
        seen.push(o.unit);
        if (seen.length === 3) handing.controller.abort();
      }
    };
    await expect(consume()).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual(["u0", "u1", "u2"]);
  });
});

describe("sqlSource: options", () => {
  it("reports bad options as issues instead of throwing, never echoing a connection string", async () => {
    const dir = tempDir();
    const cases: [unknown, string][] = [
      [{}, "give the query in `query` or `queryFile`"],
      [{ query: "SELECT 1", queryFile: "q.sql" }, "give `query` or `queryFile`, not both"],
      [
        { query: "SELECT 1", driver: "oracle" },
        "option `driver` must be one of `duckdb`, `postgres`, got `oracle`",
      ],
      [{ query: "SELECT 1", connectionEnv: "DB" }, "option `connectionEnv` is for server drivers"],
      [{ query: "SELECT 1", driver: "postgres" }, "the postgres driver needs `connectionEnv`"],
      [
        { query: "SELECT 1", driver: "postgres", connectionEnv: "postgresql://me:hunter2@db/news" },
        "option `connectionEnv` must be the name of an environment variable (letters, digits and _), never the connection string itself",
      ],
      [
        { query: "SELECT 1", driver: "postgres", connectionEnv: "DB", database: "x.duckdb" },
        "option `database` is for embedded drivers",
      ],
      [
        { query: "SELECT 1", driver: "postgres", connectionEnv: "DB", tables: { t: "t.csv" } },
        "option `tables` is for embedded drivers",
      ],
      [
        { query: "SELECT 1", tables: { t: "t.xlsx" } },
        "cannot tell the format of `t.xlsx` from its extension; set `format`",
      ],
      [
        { query: "SELECT 1", tables: { "bad name": "t.csv" } },
        "table name `bad name` must be letters, digits and _",
      ],
      [
        { query: "SELECT 1", columns: ["a"] },
        "option `columns` names the indicator columns of the wide layout",
      ],
      [
        { query: "SELECT 1", parameters: { a: { b: 1 } } },
        "parameter `a` must be a string, a finite number, a boolean, null, or an array",
      ],
      [{ query: "SELECT 1", parameters: { a: [1, "x"] } }, "parameter `a` must be"],
      [
        { query: "SELECT 1", batchSize: 0 },
        "option `batchSize` must be a whole number from 1 to 1,000,000, got `0`",
      ],
      [{ query: "SELECT 1", sheet: 1 }, "unknown option `sheet`"],
    ];
    for (const [options, message] of cases) {
      const r = await run(dir, options as SqlSourceOptions);
      expect(r.observations).toEqual([]);
      expect(r.ctx.issues, JSON.stringify(options)).toHaveLength(1);
      expect(r.ctx.issues[0]).toMatchObject({ severity: "error", code: "bad-option", path: "news" });
      expect(r.ctx.issues[0]?.message).toContain("sql source `news`: ");
      expect(r.ctx.issues[0]?.message).toContain(message);
      expect(r.ctx.issues[0]?.message).not.toContain("hunter2");
    }
  });

  it("reports a missing query file, database or table file", async () => {
    const dir = tempDir();
    const q = await run(dir, { queryFile: "none.sql" });
    expect(q.problems).toEqual([
      `error file-not-found none.sql: cannot read query file \`none.sql\`: there is no file at \`${join(dir, "none.sql")}\``,
    ]);
    const db = await run(dir, { query: "SELECT 1", database: "none.duckdb" });
    expect(db.ctx.issues.map((i) => [i.code, i.path])).toEqual([["file-not-found", "none.duckdb"]]);
    const t = await run(dir, { query: "SELECT 1", tables: { t: "none.csv" } });
    expect(t.ctx.issues.map((i) => [i.code, i.path])).toEqual([["file-not-found", "none.csv"]]);
    const glob = await run(dir, { query: "SELECT * FROM t", tables: { t: "none-*.parquet" } });
    expect(glob.ctx.issues.map((i) => i.code)).toEqual(["sql-error"]);
    expect(glob.ctx.issues[0]?.message).toContain(
      'table "t": IO Error: No files found that match the pattern',
    );
  });

  it("reports an unset environment variable for a server driver, naming the variable", async () => {
    const dir = tempDir();
    const r = await run(dir, {
      query: "SELECT 1",
      driver: "postgres",
      connectionEnv: "CITYINDEX_TEST_UNSET_DB",
    });
    expect(r.problems).toEqual([
      "error missing-connection news: sql source `news`: the environment variable `CITYINDEX_TEST_UNSET_DB` (option `connectionEnv`) is not set; set it to the connection string",
    ]);
  });
});

import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withDefaults } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { csvSource } from "../src/index.js";
import { cells, collect, problems, recordingContext, tempDir } from "./helpers.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

describe("csvSource", () => {
  it("declares its id, label and options schema", () => {
    expect(csvSource.id).toBe("csv");
    expect(csvSource.label).toBe("CSV table");
    expect(csvSource.options).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["path"],
    });
  });

  it("reads a GB18030 file relative to the base directory, with provenance", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "data"));
    // 城市 (unit header) is not used; the header is ASCII apart from 航班 (BABD B0E0); 成都 is B3C9 B6BC.
    const bytes = new Uint8Array([
      ...Buffer.from("unit,name,"),
      0xba,
      0xbd,
      0xb0,
      0xe0,
      ...Buffer.from("\r\nchengdu,"),
      0xb3,
      0xc9,
      0xb6,
      0xbc,
      ...Buffer.from(',"12,345"\r\n'),
    ]);
    writeFileSync(join(dir, "data", "cities.csv"), bytes);
    const ctx = recordingContext(dir);
    const observations = await collect(
      csvSource.fetch({ path: "data/cities.csv", period: "2024", ignore: ["name"], licence: "CC0-1.0" }, ctx),
    );
    expect(ctx.issues).toEqual([]);
    expect(observations).toEqual([
      {
        unit: "chengdu",
        indicator: "航班",
        period: "2024",
        value: 12345,
        provenance: {
          source: "csv:indicators",
          location: "data/cities.csv:2:3",
          hash: sha256(bytes),
          licence: "CC0-1.0",
        },
      },
    ]);
    expect(ctx.logs).toEqual(['debug read 1 rows from data/cities.csv (gb18030, delimiter ",")']);
  });

  it("uses the `period` option when the options come with the schema's defaults filled in", async () => {
    // A host validates a spec and fills option defaults before calling fetch (withDefaults in core).
    const dir = tempDir();
    writeFileSync(join(dir, "t.csv"), "unit,x\na,1\n");
    const ctx = recordingContext(dir);
    const options = withDefaults(csvSource.options, { path: "t.csv", period: "2024" }) as { path: string };
    const observations = await collect(csvSource.fetch(options, ctx));
    expect(ctx.issues).toEqual([]);
    expect(observations.map((o) => [o.unit, o.indicator, o.period, o.value])).toEqual([
      ["a", "x", "2024", 1],
    ]);
  });

  it("reads a UTF-8 file with a byte order mark and semicolons", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.csv"), "\uFEFFunit;period;a\r\nx;2024;1,5\r\n");
    const ctx = recordingContext(dir, "t");
    const observations = await collect(csvSource.fetch({ path: "t.csv", decimal: "," }, ctx));
    expect(ctx.issues).toEqual([]);
    expect(cells(observations)).toEqual(["x/a/2024=1.5"]);
    expect(observations[0]?.provenance?.source).toBe("csv:t");
  });

  it("reports issues without a source field, leaving that to the host", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.csv"), "unit,a\nx,oops\n");
    const ctx = recordingContext(dir);
    expect(await collect(csvSource.fetch({ path: "t.csv", period: "2024" }, ctx))).toEqual([]);
    expect(ctx.issues).toEqual([
      {
        severity: "error",
        code: "malformed-number",
        path: "t.csv:2:2",
        message: "cannot read `oops` as a number in column `a` (row for unit `x`)",
      },
    ]);
  });

  it("reports a file that does not exist as an error issue", async () => {
    const dir = tempDir();
    const ctx = recordingContext(dir);
    const observations = await collect(csvSource.fetch({ path: "data/none.csv", period: "2024" }, ctx));
    expect(observations).toEqual([]);
    expect(problems(ctx.issues)).toEqual([
      `error file-not-found data/none.csv: cannot read \`data/none.csv\`: there is no file at \`${join(dir, "data", "none.csv")}\``,
    ]);
  });

  it("reports a directory as an error issue", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "d"));
    const ctx = recordingContext(dir);
    await collect(csvSource.fetch({ path: "d", period: "2024" }, ctx));
    expect(problems(ctx.issues)).toEqual([
      `error file-unreadable d: cannot read \`d\`: \`${join(dir, "d")}\` is a directory`,
    ]);
  });

  it("reports an empty file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "e.csv"), "");
    const ctx = recordingContext(dir);
    await collect(csvSource.fetch({ path: "e.csv" }, ctx));
    expect(problems(ctx.issues)).toEqual(["error empty-file e.csv: the file is empty"]);
  });

  it("reports bad options as issues instead of throwing", async () => {
    const dir = tempDir();
    const ctx = recordingContext(dir);
    await collect(csvSource.fetch({ path: "t.csv", layout: "tall" } as never, ctx));
    await collect(csvSource.fetch({} as never, ctx));
    await collect(csvSource.fetch({ path: "t.csv", sheet: 1 } as never, ctx));
    expect(problems(ctx.issues)).toEqual([
      "error bad-option t.csv: csv source `indicators`: option `layout` must be one of `wide`, `long`, got `tall`",
      "error bad-option indicators: csv source `indicators`: option `path` must be a non-empty string, got `undefined`",
      "error bad-option t.csv: csv source `indicators`: unknown option `sheet`",
    ]);
  });

  it("reports progress every 10,000 rows and at the end", async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 25_000 }, (_, i) => `u${i},${i}`).join("\n");
    writeFileSync(join(dir, "big.csv"), `unit,a\n${rows}\n`);
    const ctx = recordingContext(dir);
    const observations = await collect(csvSource.fetch({ path: "big.csv", period: "2024" }, ctx));
    expect(observations).toHaveLength(25_000);
    expect(observations[24_999]).toMatchObject({ unit: "u24999", value: 24999 });
    expect(ctx.issues).toEqual([]);
    expect(ctx.updates).toEqual([
      { done: 0, message: "reading big.csv" },
      { done: 10_000, message: "reading big.csv" },
      { done: 20_000, message: "reading big.csv" },
      { done: 25_000, message: "reading big.csv" },
      { done: 25_000, total: 25_000, message: "reading big.csv" },
    ]);
  });

  it("stops when the signal aborts", async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 25_000 }, (_, i) => `u${i},${i}`).join("\n");
    writeFileSync(join(dir, "big.csv"), `unit,a\n${rows}\n`);

    const before = recordingContext(dir);
    before.controller.abort();
    await expect(collect(csvSource.fetch({ path: "big.csv", period: "2024" }, before))).rejects.toMatchObject(
      {
        name: "AbortError",
      },
    );

    const during = recordingContext(dir);
    const seen: string[] = [];
    const run = async () => {
      for await (const o of csvSource.fetch({ path: "big.csv", period: "2024" }, during)) {
        seen.push(o.unit);
        if (seen.length === 5) during.controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual(["u0", "u1", "u2", "u3", "u4"]);
  });
});

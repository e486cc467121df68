import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Issue, type Observation, type SourceContext, sha256 } from "@cityindex/core";
import { afterEach, describe, expect, it } from "vitest";
import { jsonLinesSource } from "../src/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "json-lines-"));
  dirs.push(dir);
  writeFileSync(join(dir, "data.jsonl"), text);
  return dir;
}

function context(baseDir: string): SourceContext & { issues: Omit<Issue, "source">[] } {
  const issues: Omit<Issue, "source">[] = [];
  return {
    sourceId: "observations",
    baseDir,
    logger: { debug() {}, info() {}, warn() {} },
    progress() {},
    report: (issue) => issues.push(issue),
    signal: new AbortController().signal,
    issues,
  };
}

async function collect(iterable: AsyncIterable<Observation>): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const o of iterable) out.push(o);
  return out;
}

describe("json-lines source", () => {
  it("reads one observation per line, with provenance", async () => {
    const text = [
      '{"unit":"chengdu","indicator":"flights","period":"2024","value":131}',
      "",
      '{"unit":"wuhan","indicator":"flights","period":"2024","value":null}',
    ].join("\n");
    const dir = project(text);
    const ctx = context(dir);
    const out = await collect(jsonLinesSource.fetch({ path: "data.jsonl", licence: "CC-BY-4.0" }, ctx));
    expect(ctx.issues).toEqual([]);
    expect(out).toEqual([
      {
        unit: "chengdu",
        indicator: "flights",
        period: "2024",
        value: 131,
        provenance: {
          source: "json-lines:observations",
          location: "data.jsonl:1",
          hash: sha256(text),
          licence: "CC-BY-4.0",
        },
      },
      {
        unit: "wuhan",
        indicator: "flights",
        period: "2024",
        value: null,
        provenance: {
          source: "json-lines:observations",
          location: "data.jsonl:3",
          hash: sha256(text),
          licence: "CC-BY-4.0",
        },
      },
    ]);
  });

  it("reports every bad line with its place and keeps the good ones", async () => {
    const dir = project(
      [
        '{"unit":"chengdu","indicator":"flights","period":"2024","value":131}',
        "not json",
        '{"unit":"xian","indicator":"flights","period":2024,"value":89}',
        '{"unit":"xian","indicator":"news","period":"2024","value":"many"}',
        "[1,2]",
      ].join("\n"),
    );
    const ctx = context(dir);
    const out = await collect(jsonLinesSource.fetch({ path: "data.jsonl" }, ctx));
    expect(out.map((o) => `${o.unit}/${o.indicator}=${o.value}`)).toEqual(["chengdu/flights=131"]);
    expect(ctx.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "error bad-line data.jsonl:2",
      "error bad-line data.jsonl:3",
      "error bad-line data.jsonl:4",
      "error bad-line data.jsonl:5",
    ]);
    expect(ctx.issues[1]!.message).toBe("`period` must be a non-empty string");
  });

  it("reports a file it cannot read", async () => {
    const ctx = context(project(""));
    const out = await collect(jsonLinesSource.fetch({ path: "missing.jsonl" }, ctx));
    expect(out).toEqual([]);
    expect(ctx.issues[0]).toMatchObject({
      severity: "error",
      code: "unreadable-file",
      path: "missing.jsonl",
    });
  });
});

import { type HttpClient, InputError, type Issue, type SourceContext, startWebSource } from "@cityindex/core";
import { describe, expect, it } from "vitest";

// The checks a per-unit web source makes before its first request, each failure one error on the source.

function context(over: Partial<SourceContext>, issues: Omit<Issue, "source">[]): SourceContext {
  return {
    sourceId: "news",
    baseDir: ".",
    logger: { debug() {}, info() {}, warn() {} },
    progress() {},
    report: (i) => issues.push(i),
    signal: new AbortController().signal,
    ...over,
  };
}

const http: HttpClient = { request: () => Promise.reject(new Error("not used")) };
const resolve = (options: unknown, where: string): { n: number } => {
  const n = (options as { n?: unknown }).n ?? 1;
  if (typeof n !== "number") throw new InputError("bad-option", `${where}: option \`n\` must be a number`);
  return { n };
};

describe("startWebSource", () => {
  it("hands back the resolved options, the client, the units and the source's name", () => {
    const issues: Omit<Issue, "source">[] = [];
    const units = [{ id: "chengdu" }];
    const start = startWebSource("gdelt", {}, context({ http, units }, issues), resolve);
    expect(start).toEqual({ options: { n: 1 }, http, units, where: "gdelt source `news`" });
    expect(issues).toEqual([]);
  });

  it("reports a bad option, a missing client or no units as one error each, and gives nothing", () => {
    const messages = (options: unknown, over: Partial<SourceContext>) => {
      const issues: Omit<Issue, "source">[] = [];
      expect(startWebSource("osm", options, context(over, issues), resolve)).toBeUndefined();
      return issues.map((i) => `${i.severity} ${i.code} ${i.path}: ${i.message}`);
    };
    expect(messages({ n: "x" }, { http, units: [{ id: "a" }] })).toEqual([
      "error bad-option news: osm source `news`: option `n` must be a number",
    ]);
    expect(messages({}, { units: [{ id: "a" }] })).toEqual([
      "error no-http-client news: osm source `news` reads a web API, but the host gave it no HTTP client (`ctx.http`): run it where the network is allowed",
    ]);
    expect(messages({}, { http })).toEqual([
      "error no-units news: osm source `news` queries per unit, but the spec has no units",
    ]);
  });
});

import {
  percentileName,
  rankStatistics,
  resultsCsv,
  resultToJSON,
  sobolIndices,
  summariseUncertainty,
  type UncertaintySummary,
  uncertaintyOverview,
} from "@cityindex/core";
import { beforeAll, describe, expect, it } from "vitest";
import { csvExporter, csvFiles, jsonExporter, sensitivityCsv, uncertaintyCsv } from "../src/index.js";
import { exportContext, HOSTILE, HOSTILE_ID, roundTrip, smallResult, uncertainResult } from "./helpers.js";

/** Splits CSV text into rows of cells (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  return rows;
}

/** The rows of a CSV table as objects keyed by the header. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const HEADER = [
  "unit",
  "nominal_score",
  "nominal_rank",
  "mean_rank",
  "median_rank",
  "p5_rank",
  "p95_rank",
  "best_rank",
  "worst_rank",
  "top_1",
  "top_3",
  "top_5",
  "top_10",
  "stable_within_3",
  "runs_ranked",
  "runs_unranked",
];

describe("the csv exporter with an uncertainty analysis attached", () => {
  let uncertain: Awaited<ReturnType<typeof uncertainResult>>;
  let sensitive: Awaited<ReturnType<typeof uncertainResult>>;

  beforeAll(async () => {
    uncertain = await uncertainResult();
    sensitive = await uncertainResult({ sensitivity: true });
  });

  it("writes uncertainty.csv after the tables asked for: each unit's rank statistics, nominal rank order", async () => {
    const { result, analysis } = uncertain;
    const files = await csvExporter.export(result, {}, exportContext());
    expect(files.map((f) => f.path)).toEqual(["results.csv", "uncertainty.csv"]);
    expect(files[0]!.contents).toBe(resultsCsv(result));
    expect(files[1]!.mediaType).toBe("text/csv");
    const text = files[1]!.contents as string;
    expect(text).toBe(uncertaintyCsv(result));
    expect(parseCsv(text)[0]).toEqual(HEADER);
    const rows = records(text);
    const stats = rankStatistics(analysis);
    expect(rows).toHaveLength(stats.length);
    const nominal = rows.map((r) => Number(r.nominal_rank));
    expect(nominal).toEqual([...nominal].sort((a, b) => a - b));
    for (const s of stats) {
      const row = rows.find((r) => r.unit === s.unit)!;
      expect(Number(row.nominal_score)).toBe(s.nominalScore);
      expect(Number(row.nominal_rank)).toBe(s.nominal);
      expect(Number(row.mean_rank)).toBe(s.mean);
      expect(Number(row.median_rank)).toBe(s.median);
      expect(Number(row.p5_rank)).toBe(s.low);
      expect(Number(row.p95_rank)).toBe(s.high);
      expect(Number(row.best_rank)).toBe(s.best);
      expect(Number(row.worst_rank)).toBe(s.worst);
      for (const k of [1, 3, 5, 10]) expect(Number(row[`top_${k}`])).toBe(s.top[k]);
      expect(Number(row.stable_within_3)).toBe(s.stable);
      expect(Number(row.runs_ranked)).toBe(s.ranked);
      expect(Number(row.runs_unranked)).toBe(s.unranked);
    }
    expect(rows.reduce((n, r) => n + Number(r.runs_ranked), 0)).toBe(
      uncertaintyOverview(analysis).runs * stats.length,
    );
  });

  it("names the percentile and top columns from the summary", async () => {
    const { result, analysis } = uncertain;
    result.uncertainty = summariseUncertainty(analysis, { interval: [0.025, 0.975], top: [2] });
    try {
      const header = parseCsv(uncertaintyCsv(result)!)[0]!;
      expect(header.slice(5, 7)).toEqual(["p2.5_rank", "p97.5_rank"]);
      expect(header.slice(9, 11)).toEqual(["top_2", "stable_within_3"]);
      const rows = records(uncertaintyCsv(result)!);
      const stats = rankStatistics(analysis, { interval: [0.025, 0.975], top: [2] });
      expect(Number(rows.find((r) => r.unit === "B")!["p97.5_rank"])).toBe(
        stats.find((s) => s.unit === "B")!.high,
      );
    } finally {
      result.uncertainty = summariseUncertainty(analysis);
    }
    expect(percentileName(0.05)).toBe("5");
    expect(percentileName(0.95)).toBe("95");
    expect(percentileName(0.07)).toBe("7");
  });

  it("writes sensitivity.csv with the Sobol indices and their intervals, input by input", async () => {
    const { result, analysis } = sensitive;
    const files = csvFiles(result, { tables: ["ranks"], sensitivityFile: "ua/sobol.csv" });
    expect(files.map((f) => f.path)).toEqual(["ranks.csv", "uncertainty.csv", "ua/sobol.csv"]);
    const text = files[2]!.contents as string;
    expect(text).toBe(sensitivityCsv(result));
    expect(parseCsv(text)[0]).toEqual([
      "input",
      "first_order",
      "first_low",
      "first_high",
      "total",
      "total_low",
      "total_high",
    ]);
    const sobol = sobolIndices(analysis);
    const rows = records(text);
    expect(rows.map((r) => r.input)).toEqual(["agg", "w"]);
    sobol.indices.forEach((x, i) => {
      const row = rows[i]!;
      expect(Number(row.first_order)).toBe(x.first);
      expect(Number(row.total)).toBe(x.total);
      expect([Number(row.first_low), Number(row.first_high)]).toEqual(x.firstInterval);
      expect([Number(row.total_low), Number(row.total_high)]).toEqual(x.totalInterval);
    });
    expect(Number.isFinite(sobol.indices[1]!.total)).toBe(true);
  });

  it("writes no sensitivity.csv for an uncertainty analysis, and nothing more with uncertainty: false", async () => {
    expect(sensitivityCsv(uncertain.result)).toBeUndefined();
    expect(csvFiles(sensitive.result, { uncertainty: false }).map((f) => f.path)).toEqual(["results.csv"]);
  });

  it("writes exactly what it wrote before when the result carries no analysis", async () => {
    const result = await smallResult();
    expect(uncertaintyCsv(result)).toBeUndefined();
    expect(sensitivityCsv(result)).toBeUndefined();
    const files = csvFiles(result, { tables: ["long", "scores", "ranks"] });
    expect(files.map((f) => f.path)).toEqual(["results.csv", "scores.csv", "ranks.csv"]);
  });

  it("keeps a unit id that looks like a formula as text", async () => {
    const { result } = await uncertainResult({ hostile: true, sensitivity: true });
    const files = csvFiles(result);
    for (const file of files) {
      const rows = parseCsv(file.contents as string);
      for (const row of rows) for (const cell of row) expect(cell, file.path).not.toMatch(/^[=+\-@\t\r]/);
    }
    const rows = parseCsv(files.find((f) => f.path === "uncertainty.csv")!.contents as string);
    expect(rows.map((r) => r[0])).toContain(`'${HOSTILE_ID}`);
    const inputs = parseCsv(files.find((f) => f.path === "sensitivity.csv")!.contents as string);
    expect(inputs.map((r) => r[0])).toEqual(["input", "agg", `'${HOSTILE}`]);
  });

  it("exports a summary read back from results.json, and partial summaries, without throwing", async () => {
    const back = roundTrip(sensitive.result);
    expect(back.uncertainty?.statistics).toHaveLength(4);
    expect(csvFiles(back).map((f) => f.path)).toEqual(["results.csv", "uncertainty.csv", "sensitivity.csv"]);
    expect(uncertaintyCsv(back)).toBe(uncertaintyCsv(sensitive.result));

    // nulls where numbers were not finite, and fields missing altogether
    const json = resultToJSON(sensitive.result) as { uncertainty: Record<string, unknown> };
    const summary = JSON.parse(JSON.stringify(json.uncertainty)) as Record<string, unknown>;
    const stats = summary.statistics as Record<string, unknown>[];
    stats[0]!.mean = null;
    stats[0]!.top = null;
    delete stats[1]!.high;
    const sobol = summary.sobol as { indices: Record<string, unknown>[] };
    sobol.indices[0]!.first = null;
    delete sobol.indices[1]!.totalInterval;
    back.uncertainty = summary as unknown as UncertaintySummary;
    const files = csvFiles(back);
    const rows = records(files[1]!.contents as string);
    const first = rows.find((r) => r.unit === stats[0]!.unit)!;
    expect(first.mean_rank).toBe("");
    expect(first.top_1).toBe("");
    expect(rows.find((r) => r.unit === stats[1]!.unit)!.p95_rank).toBe("");
    const sobolRows = records(files[2]!.contents as string);
    expect(sobolRows[0]!.first_order).toBe("");
    expect(sobolRows[1]!.total_low).toBe("");

    back.uncertainty = { sobol: {} } as unknown as UncertaintySummary;
    expect(parseCsv(uncertaintyCsv(back)!)).toEqual([
      HEADER.filter((h) => !h.startsWith("top_")).map((h) => (h === "stable_within_3" ? "stable" : h)),
    ]);
    expect(sensitivityCsv(back)).toBe("input,first_order,first_low,first_high,total,total_low,total_high\n");
  });

  it("refuses bad uncertainty options", async () => {
    const { result } = uncertain;
    expect(() => csvFiles(result, { uncertainty: "yes" as never })).toThrow(
      "csv exporter: `uncertainty` must be true or false, got `yes`",
    );
    expect(() => csvFiles(result, { uncertaintyFile: "results.csv" })).toThrow(
      "two tables would be written to the same file `results.csv`",
    );
    expect(() => csvFiles(result, { sensitivityFile: "../s.csv" })).toThrow(
      "`sensitivityFile` must be a relative path ending in `.csv`",
    );
    // with uncertainty: false, the paths are not written and cannot clash
    expect(csvFiles(result, { uncertainty: false, uncertaintyFile: "results.csv" })).toHaveLength(1);
  });
});

describe("the json exporter with an uncertainty analysis attached", () => {
  it("writes the summary into results.json, non-finite numbers as null", async () => {
    const { result } = await uncertainResult({ sensitivity: true });
    result.uncertainty!.statistics[0]!.mean = Number.NaN;
    const [file] = await jsonExporter.export(result, {}, exportContext());
    const json = JSON.parse(file!.contents as string) as { uncertainty: UncertaintySummary };
    expect(json.uncertainty.statistics[0]!.mean).toBeNull();
    expect(json.uncertainty.sobol?.indices.map((x) => x.input)).toEqual(["agg", "w"]);
    expect(json.uncertainty.overview.runs).toBe(result.uncertainty!.overview.runs);
  });
});

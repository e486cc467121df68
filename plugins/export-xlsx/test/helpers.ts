import {
  analyseUncertainty,
  buildIndex,
  type ExportContext,
  type IndexResult,
  type Observation,
  resultFromJSON,
  resultToJSON,
  type Spec,
  summariseUncertainty,
  type UncertaintyPlan,
  type UncertaintyResult,
} from "@cityindex/core";
import ExcelJS from "exceljs";
import { xlsxExporter } from "../src/index.js";

/**
 * The small index of `packages/core/test/helpers/fixtures.ts` (worked by hand in
 * `pipeline/build-index.test.ts`), with English and Chinese labels and an illustrative-data notice. In 2024
 * the index is 62.5, 81.25, 6.25, 45 for A, B, C, D (ranks 2, 1, 4, 3).
 */
export function smallSpec(): Spec {
  return {
    id: "small",
    title: { en: "Small index", zh: "小指数" },
    notice: { en: "Illustrative data, not measured", zh: "示例数据，并非实测" },
    units: [
      { id: "A", labels: { en: "Alpha", zh: "阿尔法" }, meta: { pop: 10, tier: "t1" } },
      { id: "B", labels: { en: "Beta", zh: "贝塔" }, meta: { pop: 20, tier: "t2" } },
      { id: "C", labels: { en: "Gamma", zh: "伽马" }, meta: { pop: 40, tier: "t2" } },
      { id: "D", labels: { en: "Delta" }, meta: { pop: 10, tier: "t1" } },
    ],
    indicators: [
      { id: "flights", labels: { en: "Flights per person", zh: "人均航班" }, denominator: "pop" },
      { id: "crime", labels: { en: "Crime", zh: "犯罪" }, direction: -1 },
      { id: "rating", labels: { en: "Rating", zh: "评分" }, unit: "score 1-5" },
    ],
    framework: {
      id: "index",
      labels: { en: "Small index", zh: "小指数" },
      children: [
        {
          id: "dimA",
          labels: { en: "Dimension A", zh: "维度甲" },
          weight: 1,
          children: [{ id: "flights" }, { id: "crime" }],
        },
        { id: "dimB", labels: { en: "Dimension B", zh: "维度乙" }, weight: 3, children: [{ id: "rating" }] },
      ],
    },
    pipeline: [
      { step: "denominate", method: "divide" },
      { step: "impute", method: "group-mean", options: { group: "tier" } },
      { step: "normalise", method: "min-max" },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
}

/** The observations of {@link smallSpec} in one period, marked illustrative with a licence. */
export function smallData(period = "2024", unitIds: readonly string[] = ["A", "B", "C", "D"]): Observation[] {
  const table: Record<string, (number | null)[]> = {
    flights: [100, 100, 200, 80],
    crime: [1, 2, null, 3],
    rating: [4, 5, 3, 4],
  };
  return Object.entries(table).flatMap(([indicator, values]) =>
    values.map((value, i) => ({
      unit: unitIds[i]!,
      indicator,
      period,
      value,
      provenance: { source: "test:small", licence: "CC0-1.0", illustrative: true },
    })),
  );
}

/** Builds an index and fails the test when it cannot. */
export async function build(spec: Spec, observations: Observation[]): Promise<IndexResult> {
  const { result, issues } = await buildIndex(spec, observations);
  if (!result) throw new Error(`the test index did not build: ${JSON.stringify(issues, null, 2)}`);
  return result;
}

/** A context that records the exporter's log lines. */
export function exportContext(): ExportContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      debug: (m) => lines.push(`debug: ${m}`),
      info: (m) => lines.push(`info: ${m}`),
      warn: (m) => lines.push(`warn: ${m}`),
    },
    progress: () => {},
  };
}

/** Exports a result with the `xlsx` exporter and reads the workbook back with exceljs. */
export async function exportAndRead(
  result: IndexResult,
  options: Record<string, unknown> = {},
): Promise<{ workbook: ExcelJS.Workbook; bytes: Uint8Array; path: string; mediaType?: string }> {
  const files = await xlsxExporter.export(result, options, exportContext());
  if (files.length !== 1) throw new Error(`expected one file, got ${files.length}`);
  const file = files[0]!;
  const bytes = file.contents as Uint8Array;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return { workbook, bytes, path: file.path, mediaType: file.mediaType };
}

/** The values of a sheet row from column 1, `null` for empty cells and for merged cells but the first. */
export function rowValues(sheet: ExcelJS.Worksheet, row: number, columns?: number): unknown[] {
  const r = sheet.getRow(row);
  const n = columns ?? Math.max(r.cellCount, sheet.columnCount);
  return Array.from({ length: n }, (_, j) => {
    const cell = r.getCell(j + 1);
    return cell.master.address !== cell.address ? null : (cell.value ?? null);
  });
}

/** Every text of a sheet, in row order. */
export function sheetTexts(sheet: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  sheet.eachRow((row) => {
    row.eachCell((cell) => {
      if (typeof cell.value === "string") out.push(cell.value);
    });
  });
  return out;
}

/** A hostile text: a formula that runs a program when a spreadsheet opens it. */
export const HOSTILE = "=cmd|' /C calc'!A0";

/** {@link HOSTILE} as a unit id (an id cannot hold `/`). */
export const HOSTILE_ID = "=cmd|' -C calc'!A0";

/**
 * An uncertainty analysis of the arithmetic or geometric aggregation and noisy weights (40 runs), or with
 * `sensitivity` the same two inputs in Saltelli's design of 20 base runs, so the summary has Sobol indices.
 * With `hostile`, the weights input is named {@link HOSTILE}.
 */
export function testPlan(sensitivity = false, hostile = false): UncertaintyPlan {
  return {
    ...(sensitivity ? { type: "sensitivity" as const } : {}),
    samples: sensitivity ? 20 : 40,
    inputs: [
      { id: "agg", step: "aggregate", alternatives: [{ method: "arithmetic" }, { method: "geometric" }] },
      {
        id: hostile ? HOSTILE : "w",
        noise: [
          { level: 1, factor: 0.3 },
          { level: 2, factor: 0.5 },
        ],
        sets: 10,
      },
    ],
  };
}

/**
 * {@link smallSpec} normalised to [1, 100] (so the geometric mean applies) in 2023 and 2024, with the summary
 * of {@link testPlan}'s analysis attached; with `hostile`, unit A is {@link HOSTILE_ID}, labelled
 * {@link HOSTILE} and `<script>alert(1)</script>`.
 */
export async function uncertainResult(
  options: { sensitivity?: boolean; hostile?: boolean } = {},
): Promise<{ result: IndexResult; analysis: UncertaintyResult }> {
  const spec = smallSpec();
  spec.pipeline = spec.pipeline.map((s) =>
    s.step === "normalise" ? { ...s, options: { range: [1, 100] } } : s,
  );
  const ids = options.hostile ? [HOSTILE_ID, "B", "C", "D"] : ["A", "B", "C", "D"];
  if (options.hostile) {
    spec.units[0] = {
      ...spec.units[0]!,
      id: HOSTILE_ID,
      labels: { en: HOSTILE, zh: "<script>alert(1)</script>" },
    };
  }
  const data = [...smallData("2023", ids), ...smallData("2024", ids)];
  const result = await build(spec, data);
  const outcome = await analyseUncertainty(spec, data, testPlan(options.sensitivity, options.hostile));
  if (!outcome.result)
    throw new Error(`the analysis did not run: ${JSON.stringify(outcome.issues, null, 2)}`);
  result.uncertainty = summariseUncertainty(outcome.result);
  return { result, analysis: outcome.result };
}

/** A result as results.json holds it and `resultFromJSON` reads it back: non-finite numbers are `null`. */
export function roundTrip(result: IndexResult): IndexResult {
  return resultFromJSON(JSON.parse(JSON.stringify(resultToJSON(result))));
}

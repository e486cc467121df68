import type { IndexResult } from "@cityindex/core";
import { largestTop, percentileName, type UncertaintyView, uncertaintyView } from "@cityindex/core";
import { type Align, codeSpan, escapeMarkdown as esc, markdownTable } from "./escape.js";
import { labelOf } from "./labels.js";
import type { ResolvedMarkdownOptions } from "./options.js";

/** How a missing number is written (the report's `MISSING`). */
const NA = "n/a";

/** A rank statistic: whole, or with up to two decimals (a mean, an interpolated percentile). */
export function formatRankStatistic(v: number): string {
  if (!Number.isFinite(v)) return NA;
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
}

/** A probability or share as a percentage with one decimal. */
function percent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : NA;
}

function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : NA;
}

function range(low: number, high: number, format: (v: number) => string): string {
  return Number.isFinite(low) || Number.isFinite(high) ? `${format(low)}–${format(high)}` : NA;
}

/** `Uncertainty analysis (Monte Carlo design)`, `Sensitivity analysis (Saltelli's design)`. */
function analysisName(view: UncertaintyView): string {
  const design =
    view.design === "saltelli"
      ? "Saltelli's design"
      : view.design === "monte-carlo"
        ? "Monte Carlo design"
        : view.design === "supplied"
          ? "a supplied design"
          : "";
  const kind = view.type === "sensitivity" ? "Sensitivity analysis" : "Uncertainty analysis";
  return design ? `${kind} (${design})` : kind;
}

/** Where an input acts: `step 4 (aggregate)`, `weights`, `exclude`. */
function inputPlace(result: IndexResult, kind: string, step: number): string {
  if (kind === "step" && Number.isFinite(step)) {
    const stage = result.provenance.steps.find((s) => s.index === step)?.stage;
    return `step ${step + 1}${stage ? ` (${esc(stage)})` : ""}`;
  }
  return esc(kind || "input");
}

/**
 * The `## Uncertainty` section of the report, when the result carries an uncertainty analysis
 * (`result.uncertainty`): one sentence of overview (runs, mean absolute rank shift, share of ranks within
 * `within` places of the nominal rank, failed runs); a table per unit in nominal rank order (the best `top`),
 * with the nominal and median rank, the interval of ranks and P(top k) for the largest k of the summary's `top`
 * not above the number of units; the inputs with their alternatives; and, for a sensitivity analysis, the
 * Sobol indices with their bootstrap intervals. `undefined` without an analysis.
 */
export function uncertaintyBlocks(
  result: IndexResult,
  options: ResolvedMarkdownOptions,
): string[] | undefined {
  const summary = result.uncertainty;
  if (!summary) return undefined;
  const view = uncertaintyView(summary);
  const langs = options.languages;
  const blocks: string[] = ["## Uncertainty"];

  const nodeId = view.node || result.framework.root.id;
  const node = result.framework.nodes.get(nodeId);
  const nodeName = esc(labelOf(node?.labels, langs, nodeId));
  const period = view.period ? ` in ${esc(view.period)}` : "";
  const runs = Number.isFinite(view.runs) ? String(view.runs) : NA;
  const within = Number.isFinite(view.within) ? String(view.within) : NA;
  const failed = Number.isFinite(view.failed) ? view.failed : Number.NaN;
  blocks.push(
    `${analysisName(view)} of the ranks of **${nodeName}**${period}. Over ${runs} runs, ranks moved ${fixed(view.meanAbsoluteRankShift, 2)} places from the nominal rank on average; ${percent(view.stableShare)} of ranks stayed within ${within} places of it; ${Number.isFinite(failed) ? failed : NA} run${failed === 1 ? "" : "s"} failed.`,
  );

  const [low, high] = view.interval;
  const k = largestTop(view.top, view.units.length);
  const kAt = k === undefined ? -1 : view.top.indexOf(k);
  const unitHeader =
    langs.length === 0 ? ["Unit"] : langs.map((l, i) => (i === 0 ? "Unit" : `Unit (${esc(l)})`));
  const header = [
    ...unitHeader,
    "Nominal rank",
    "Median rank",
    `${percentileName(low)}–${percentileName(high)} % interval`,
    ...(k === undefined ? [] : [`P(top ${k})`]),
  ];
  const align: Align[] = [...unitHeader.map((): Align => "left"), "right", "right", "right", "right"];
  const shown = view.units.slice(0, options.top);
  const rows = shown.map((u) => {
    const labels = result.framework.units.get(u.unit)?.labels;
    const names =
      langs.length === 0
        ? [esc(u.unit)]
        : langs.map((l, i) => esc(labels?.[l] ?? (i === 0 ? labelOf(labels, langs, u.unit) : "")));
    return [
      ...names,
      formatRankStatistic(u.nominal),
      formatRankStatistic(u.median),
      range(u.low, u.high, formatRankStatistic),
      ...(k === undefined ? [] : [percent(u.top[kAt] ?? Number.NaN)]),
    ];
  });
  const of = shown.length < view.units.length ? ` (top ${shown.length} of ${view.units.length})` : "";
  blocks.push(
    `Each unit's ranks over the runs, best nominal rank first${of}: the median and the ${percentileName(low)}th to ${percentileName(high)}th percentile${k === undefined ? "" : `, and the probability of ranking in the top ${k}`}.`,
    markdownTable(header, rows, align),
  );

  if (view.inputs.length > 0) {
    blocks.push(
      "### Inputs",
      markdownTable(
        ["Input", "Varies", "Alternatives", "Choices"],
        view.inputs.map((input) => {
          return [
            codeSpan(input.id, true),
            inputPlace(result, input.kind, input.step),
            String(input.size),
            esc(input.shown),
          ];
        }),
        ["left", "left", "right", "left"],
      ),
    );
  }

  const sobol = view.sobol;
  if (sobol) {
    const coverage = Number.isFinite(sobol.confidence) ? `${percentileName(sobol.confidence)} %` : "";
    const resamples = Number.isFinite(sobol.resamples) ? `, ${sobol.resamples} resamples` : "";
    const interval = coverage ? `${coverage} interval` : "Interval";
    blocks.push(
      "### Sensitivity",
      `Sobol indices of the analysis's output: first order (Saltelli et al. 2010) and total (Jansen 1999), with bootstrap intervals${coverage ? ` (${coverage}${resamples})` : ""}.`,
      markdownTable(
        ["Input", "First order", interval, "Total", interval],
        sobol.rows.map((x) => [
          codeSpan(x.input, true),
          fixed(x.first, 3),
          range(x.firstLow, x.firstHigh, (v) => fixed(v, 3)),
          fixed(x.total, 3),
          range(x.totalLow, x.totalHigh, (v) => fixed(v, 3)),
        ]),
        ["left", "right", "right", "right", "right"],
      ),
    );
  }
  return blocks;
}

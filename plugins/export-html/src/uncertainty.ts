import { largestTop, percentileName, type UncertaintyView } from "@cityindex/core";
import { escapeHtml as esc } from "./escape.js";
import type { UiStrings } from "./i18n.js";
import { formatRank, type ReportModel } from "./model.js";

/** What the uncertainty section borrows from the page: its per-language text and its names of units and nodes. */
export interface SectionText {
  /** A text in every language, escaped (see `renderPage`). */
  tx: (text: (language: string, ui: UiStrings) => string) => string;
  /** A node's label in every language, escaped. */
  nodeName: (id: string) => string;
  /** A unit's label in every language, escaped, linked to its profile; `undefined` for a unit not in the result. */
  unitLink: (id: string) => string | undefined;
}

/** A rank statistic as shown: whole, or with up to two decimals (a mean, an interpolated percentile); `–` when missing. */
export function formatRankStatistic(v: number): string {
  if (!Number.isFinite(v)) return "–";
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
}

/** A probability or share as a percentage with one decimal; `–` when missing. */
function percent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–";
}

function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "–";
}

function range(low: number, high: number, format: (v: number) => string): string {
  return Number.isFinite(low) || Number.isFinite(high) ? `${format(low)}–${format(high)}` : "–";
}

/** A position on the bar as a CSS percentage, two decimals at most. */
function at(share: number): string {
  return `${Number((Math.min(1, Math.max(0, share)) * 100).toFixed(2))}%`;
}

/**
 * The inline bar of one unit: the rank axis from 1 (left) to `n` (right), one slot per rank; the interval
 * covers the slots from `low` to `high`, a line marks the median and a dot the nominal rank. Pure HTML and CSS
 * (`.ua-bar` of the style sheet): nothing to load, nothing to run. Empty when the unit has no interval.
 */
export function rankBar(n: number, low: number, high: number, median: number, nominal: number): string {
  if (!(n >= 1) || !Number.isFinite(low) || !Number.isFinite(high)) return "";
  const slot = (r: number) => (r - 1) / n;
  const parts = [`<span class="r" style="left:${at(slot(low))};width:${at((high - low + 1) / n)}"></span>`];
  if (Number.isFinite(median)) parts.push(`<span class="m" style="left:${at(slot(median + 0.5))}"></span>`);
  if (Number.isFinite(nominal)) parts.push(`<span class="o" style="left:${at(slot(nominal + 0.5))}"></span>`);
  return `<span class="ua-bar" aria-hidden="true">${parts.join("")}</span>`;
}

/**
 * The body of the report's uncertainty section: a note naming the analysis, its design, the node and period;
 * one sentence of overview (runs, mean absolute rank shift, share of ranks within `within` places of the
 * nominal rank, failed runs); a table per unit in nominal rank order with the nominal and median rank, the
 * interval, P(top k) for the largest k of the summary's `top` not above the number of units and an inline bar
 * of the interval on the rank axis; the inputs with their alternatives; and, for a sensitivity analysis, the
 * Sobol indices with their bootstrap intervals. Every text from the spec, the data or the plan is escaped.
 */
export function uncertaintyBody(model: ReportModel, view: UncertaintyView, text: SectionText): string {
  const { tx, nodeName, unitLink } = text;
  const parts: string[] = [];

  const analysis = tx((_, ui) => {
    const kind = view.type === "sensitivity" ? ui.sensitivityAnalysis : ui.uncertaintyAnalysis;
    const design =
      view.design === "saltelli"
        ? ui.saltelliDesign
        : view.design === "monte-carlo"
          ? ui.monteCarloDesign
          : view.design === "supplied"
            ? ui.suppliedDesign
            : "";
    return design ? ui.analysisWithDesign(kind, design) : kind;
  });
  const about = [analysis, nodeName(view.node || model.root.id), ...(view.period ? [esc(view.period)] : [])];
  parts.push(`<p class="note">${about.join(" · ")}</p>`);
  const count = (v: number) => (Number.isFinite(v) ? String(v) : "–");
  parts.push(
    `<p>${tx((_, ui) =>
      ui.uncertaintyOverview({
        runs: count(view.runs),
        shift: fixed(view.meanAbsoluteRankShift, 2),
        share: percent(view.stableShare),
        within: count(view.within),
        failed: count(view.failed),
      }),
    )}</p>`,
  );

  const n = view.units.length;
  const [low, high] = view.interval;
  const k = largestTop(view.top, n);
  const kAt = k === undefined ? -1 : view.top.indexOf(k);
  const heads = [
    `<th>${tx((_, ui) => ui.unit)}</th>`,
    `<th class="n">${tx((_, ui) => ui.nominalRank)}</th>`,
    `<th class="n">${tx((_, ui) => ui.medianRank)}</th>`,
    `<th class="n">${tx((_, ui) => ui.rankInterval(percentileName(low), percentileName(high)))}</th>`,
    ...(k === undefined ? [] : [`<th class="n">${tx((_, ui) => ui.topProbability(k))}</th>`]),
    `<th>${tx((_, ui) => ui.rankRange)}</th>`,
  ];
  const rows = view.units.map((u) => {
    const name = unitLink(u.unit) ?? esc(u.unit);
    const cells = [
      `<td>${name}</td>`,
      `<td class="n">${formatRank(u.nominal)}</td>`,
      `<td class="n">${formatRankStatistic(u.median)}</td>`,
      `<td class="n">${range(u.low, u.high, formatRankStatistic)}</td>`,
      ...(k === undefined ? [] : [`<td class="n">${percent(u.top[kAt] ?? Number.NaN)}</td>`]),
      `<td>${rankBar(n, u.low, u.high, u.median, u.nominal)}</td>`,
    ];
    return `<tr>${cells.join("")}</tr>`;
  });
  const body =
    rows.length > 0 ? rows.join("\n") : `<tr><td colspan="${heads.length}" class="empty">–</td></tr>`;
  parts.push(
    `<div class="scroll"><table id="uncertainty-table"><thead><tr>${heads.join("")}</tr></thead><tbody>${body}</tbody></table></div>`,
    `<p class="note">${tx((_, ui) => ui.rankRangeNote)}</p>`,
  );

  if (view.inputs.length > 0) {
    const inputRows = view.inputs.map((input) => {
      const where =
        input.kind === "step" && Number.isFinite(input.step)
          ? tx((_, ui) =>
              ui.stepInput(
                input.step + 1,
                model.result.provenance.steps.find((s) => s.index === input.step)?.stage ?? "",
              ),
            )
          : input.kind === "weights"
            ? tx((_, ui) => ui.weightsInput)
            : input.kind === "exclude"
              ? tx((_, ui) => ui.excludeInput)
              : esc(input.kind);
      return `<tr><td><code>${esc(input.id)}</code></td><td>${where}</td><td class="n">${input.size}</td><td>${esc(input.shown)}</td></tr>`;
    });
    parts.push(
      `<h3>${tx((_, ui) => ui.inputs)}</h3><div class="scroll"><table><thead><tr><th>${tx((_, ui) => ui.input)}</th><th>${tx((_, ui) => ui.varies)}</th><th class="n">${tx((_, ui) => ui.alternatives)}</th><th>${tx((_, ui) => ui.choices)}</th></tr></thead><tbody>${inputRows.join("")}</tbody></table></div>`,
    );
  }

  const sobol = view.sobol;
  if (sobol) {
    const coverage = Number.isFinite(sobol.confidence) ? percentileName(sobol.confidence) : "–";
    const resamples = Number.isFinite(sobol.resamples) ? String(sobol.resamples) : "";
    const three = (v: number) => fixed(v, 3);
    const sobolRows = sobol.rows.map(
      (x) =>
        `<tr><td><code>${esc(x.input)}</code></td><td class="n">${three(x.first)}</td><td class="n">${range(x.firstLow, x.firstHigh, three)}</td><td class="n">${three(x.total)}</td><td class="n">${range(x.totalLow, x.totalHigh, three)}</td></tr>`,
    );
    const interval = tx((_, ui) => ui.bootstrapInterval(coverage));
    parts.push(
      `<h3>${tx((_, ui) => ui.sensitivity)}</h3><p class="note">${tx((_, ui) => ui.sobolNote(coverage, resamples))}</p><div class="scroll"><table id="sensitivity-table"><thead><tr><th>${tx((_, ui) => ui.input)}</th><th class="n">${tx((_, ui) => ui.firstOrder)}</th><th class="n">${interval}</th><th class="n">${tx((_, ui) => ui.totalEffect)}</th><th class="n">${interval}</th></tr></thead><tbody>${sobolRows.join("") || `<tr><td colspan="5" class="empty">–</td></tr>`}</tbody></table></div>`,
    );
  }
  return parts.join("\n");
}

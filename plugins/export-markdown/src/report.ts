import type { IndexResult, NodeModel } from "@cityindex/core";
import { changeContributions, comparedPeriod, textsIn } from "@cityindex/core";
import { type Align, codeSpan, escapeMarkdown as esc, markdownTable } from "./escape.js";
import { labelOf } from "./labels.js";
import {
  type MarkdownExportOptions,
  type ResolvedMarkdownOptions,
  resolveMarkdownOptions,
} from "./options.js";
import { uncertaintyBlocks } from "./uncertainty.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** How a missing score or rank is written. */
export const MISSING = "n/a";

/**
 * Renders a result as a Markdown report for the web or a paper: the title in every language, the edition,
 * the notice (and the count of illustrative observations) in a blockquote, the ranking (rank, unit names,
 * index score and the scores of the index's children), the change since the period the edition is compared
 * with (places gained, score change and each child's part of it), a table per aggregate node below the index, the
 * method (every pipeline step with its resolved options, the ranking rule, the engine's defaults, the
 * weights), the statistical audit's flags when `result.analysis` is present, the uncertainty analysis when
 * `result.uncertainty` is present (each unit's rank interval, the inputs and the Sobol indices), and the
 * provenance (hashes, engine, plugins, sources and licences). Every text from the spec or the data is escaped
 * (see `escapeMarkdown`), so a unit's name cannot break a table or add HTML or a link. The same result and
 * options always give the same text. Throws an `InputError` (code `bad-option`) for a bad option.
 *
 * @example
 * ```ts
 * await writeFile("report.md", renderMarkdown(result, { top: 10 }));
 * ```
 */
export function renderMarkdown(result: IndexResult, options: MarkdownExportOptions = {}): string {
  const resolved = resolveMarkdownOptions(result, options);
  const out: string[] = [];
  const push = (...blocks: string[]) => {
    for (const b of blocks) out.push(b.endsWith("\n") ? b : `${b}\n`);
  };
  titleBlock(result, resolved, push);
  rankingBlock(result, resolved, push);
  changeBlock(result, resolved, push);
  dimensionBlocks(result, resolved, push);
  methodBlock(result, resolved, push);
  auditBlock(result, push);
  const uncertainty = uncertaintyBlocks(result, resolved);
  if (uncertainty) push(...uncertainty);
  provenanceBlock(result, push);
  return out.join("\n");
}

type Push = (...blocks: string[]) => void;

/** The notice lines: the spec's notice in each language, and the count of illustrative observations. */
export function noticeLines(result: IndexResult, languages: readonly string[]): string[] {
  const lines = textsIn(result.spec.notice, languages).map((t) => t.text);
  let illustrative = 0;
  let observations = 0;
  for (const s of result.provenance.sources) {
    illustrative += s.illustrative;
    observations += s.observations;
  }
  if (illustrative > 0) {
    lines.push(
      `Illustrative data: ${illustrative} of ${observations} observations are marked illustrative (not measured) by their source`,
    );
  }
  return lines;
}

function score(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : MISSING;
}

function rank(value: number): string {
  return Number.isFinite(value) ? String(value) : MISSING;
}

function nodeName(node: NodeModel, languages: readonly string[]): string {
  return esc(labelOf(node.labels, languages, node.id));
}

/** Unit row indices ordered by rank of `node` in `period`: missing last, ties in unit order. */
function byRank(result: IndexResult, node: string, period: number): number[] {
  const ranks = result.ranks.slice(node, period);
  return result.units
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = ranks[a]!;
      const rb = ranks[b]!;
      if (Number.isNaN(ra) !== Number.isNaN(rb)) return Number.isNaN(ra) ? 1 : -1;
      return (Number.isNaN(ra) ? 0 : ra - rb) || a - b;
    });
}

/** The unit name columns: one per language (the first falls back to the id), or the id alone. */
function unitColumns(
  result: IndexResult,
  options: ResolvedMarkdownOptions,
): {
  header: string[];
  cells: (u: number) => string[];
} {
  const langs = options.languages;
  if (langs.length === 0) return { header: ["Unit"], cells: (u) => [esc(result.units[u]!)] };
  return {
    header: langs.map((l, i) => (i === 0 ? "Unit" : `Unit (${esc(l)})`)),
    cells: (u) => {
      const id = result.units[u]!;
      const labels = result.framework.units.get(id)?.labels;
      return langs.map((l, i) => esc(labels?.[l] ?? (i === 0 ? labelOf(labels, langs, id) : "")));
    },
  };
}

function titleBlock(result: IndexResult, options: ResolvedMarkdownOptions, push: Push): void {
  const { spec } = result;
  const titles = textsIn(spec.title, options.languages).map((t) => t.text);
  push(`# ${esc(titles[0] ?? labelOf(result.framework.root.labels, options.languages, spec.id))}`);
  if (titles.length > 1) push(titles.slice(1).map(esc).join("  \n"));
  const periods = result.periods;
  const indicators = result.framework.order.filter((n) => n.isIndicator).length;
  push(
    [
      `**Edition:** ${esc(periods[options.period] ?? "")}`,
      `**Periods:** ${periods.map(esc).join(", ")}`,
      `**Units:** ${result.units.length}`,
      `**Indicators:** ${indicators}`,
      `**Index id:** ${codeSpan(spec.id)}`,
    ].join(" · "),
  );
  const notices = noticeLines(result, options.languages);
  if (notices.length > 0) {
    push(notices.map((n, i) => `> ${i === 0 ? "**Notice.** " : ""}${esc(n)}`).join("\n>\n"));
  }
  for (const d of textsIn(spec.description, options.languages)) push(esc(d.text));
}

function rankingBlock(result: IndexResult, options: ResolvedMarkdownOptions, push: Push): void {
  const root = result.framework.root;
  const p = options.period;
  const children = root.children.map((c) => result.framework.nodes.get(c)!).filter(Boolean);
  const units = unitColumns(result, options);
  const header = [
    "Rank",
    ...units.header,
    nodeName(root, options.languages),
    ...children.map((c) => nodeName(c, options.languages)),
  ];
  const align: Align[] = [
    "right",
    ...units.header.map((): Align => "left"),
    ...[root, ...children].map((): Align => "right"),
  ];
  const rows = byRank(result, root.id, p)
    .slice(0, options.top)
    .map((u) => [
      rank(result.ranks.get(root.id, u, p)),
      ...units.cells(u),
      score(result.scores.get(root.id, u, p), options.digits),
      ...children.map((c) => score(result.scores.get(c.id, u, p), options.digits)),
    ]);
  const shown = rows.length < result.units.length ? ` (top ${rows.length} of ${result.units.length})` : "";
  push(`## Ranking ${esc(result.periods[p] ?? "")}${shown}`, markdownTable(header, rows, align));
}

/**
 * With several periods and the edition as the table's period: each unit's rank then, the places gained, the
 * change of its index score and, when the index's aggregation adds up (arithmetic or geometric mean), the part
 * of that change from each of the index's children (`changeContributions`).
 */
function changeBlock(result: IndexResult, options: ResolvedMarkdownOptions, push: Push): void {
  const p = options.period;
  const c = comparedPeriod(result);
  if (p !== result.periods.length - 1 || c === undefined || c < 0 || c >= p) return;
  const from = result.periods[c]!;
  const to = result.periods[p]!;
  const root = result.framework.root;
  const split = changeContributions(result, { from, to, nodes: [root.id] });
  const children = split.nodes[0]?.rule
    ? root.children.map((id) => result.framework.nodes.get(id)!).filter(Boolean)
    : [];
  const units = unitColumns(result, options);
  const header = [
    "Rank",
    ...units.header,
    `Rank ${esc(from)}`,
    "Places",
    "Score change",
    ...children.map((n) => nodeName(n, options.languages)),
  ];
  const align: Align[] = [
    "right",
    ...units.header.map((): Align => "left"),
    ...Array.from({ length: 3 + children.length }, (): Align => "right"),
  ];
  const signed = (v: number | undefined, digits: number) =>
    v === undefined || !Number.isFinite(v) ? MISSING : `${v > 0 ? "+" : ""}${v.toFixed(digits)}`;
  const rows = byRank(result, root.id, p)
    .slice(0, options.top)
    .map((u) => {
      const r0 = result.ranks.get(root.id, u, c);
      const r1 = result.ranks.get(root.id, u, p);
      const parts = split.units[u]!;
      return [
        rank(r1),
        ...units.cells(u),
        rank(r0),
        signed(r0 - r1, 0),
        signed(parts.change, options.digits),
        ...children.map((_, j) => signed(parts.children[j]?.contribution, options.digits)),
      ];
    });
  const shown = rows.length < result.units.length ? ` (top ${rows.length} of ${result.units.length})` : "";
  const note = children.length
    ? `Places gained in the ranking of the index since ${esc(from)}, the change of the index score, and the part of that change from each of its children (the parts add up to the change).`
    : `Places gained in the ranking of the index since ${esc(from)}, and the change of the index score.`;
  push(`## Change ${esc(from)} → ${esc(to)}${shown}`, note, markdownTable(header, rows, align));
}

/** Aggregate nodes below the index, depth first in spec order. */
function aggregatesBelowRoot(result: IndexResult): NodeModel[] {
  const fw = result.framework;
  const out: NodeModel[] = [];
  const visit = (node: NodeModel) => {
    for (const c of node.children) {
      const child = fw.nodes.get(c);
      if (!child || child.isIndicator) continue;
      out.push(child);
      visit(child);
    }
  };
  visit(fw.root);
  return out;
}

function dimensionBlocks(result: IndexResult, options: ResolvedMarkdownOptions, push: Push): void {
  const nodes = aggregatesBelowRoot(result);
  if (nodes.length === 0) return;
  const p = options.period;
  const units = unitColumns(result, options);
  push("## Dimensions");
  for (const node of nodes) {
    const children = node.children.map((c) => result.framework.nodes.get(c)!).filter(Boolean);
    const header = ["Rank", ...units.header, "Score", ...children.map((c) => nodeName(c, options.languages))];
    const align: Align[] = [
      "right",
      ...units.header.map((): Align => "left"),
      "right",
      ...children.map((): Align => "right"),
    ];
    const rows = byRank(result, node.id, p)
      .slice(0, options.top)
      .map((u) => [
        rank(result.ranks.get(node.id, u, p)),
        ...units.cells(u),
        score(result.scores.get(node.id, u, p), options.digits),
        ...children.map((c) => score(result.scores.get(c.id, u, p), options.digits)),
      ]);
    const ids = children.map((c) => codeSpan(c.id)).join(", ");
    push(
      `### ${nodeName(node, options.languages)}`,
      `${codeSpan(node.id)}, level ${node.level}: ${children.length} component${children.length === 1 ? "" : "s"} (${ids}). Component scores are ${children.every((c) => c.isIndicator) ? "normalised indicator values" : "scores"}.`,
      markdownTable(header, rows, align),
    );
  }
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

function methodBlock(result: IndexResult, options: ResolvedMarkdownOptions, push: Push): void {
  const { provenance } = result;
  push("## Method");
  if (provenance.steps.length > 0) {
    const lines = provenance.steps.map((s) => {
      const opts = Object.entries(s.options).map(([k, v]) => `${codeSpan(k)}: ${codeSpan(json(v))}`);
      const parts = [`${s.index + 1}. **${esc(s.stage)}**: ${codeSpan(s.method)} from ${codeSpan(s.plugin)}`];
      if (opts.length > 0) parts.push(`; ${opts.join(", ")}`);
      if (s.scope !== undefined) parts.push(`; scope ${codeSpan(json(s.scope))}`);
      return parts.join("");
    });
    push(lines.join("\n"));
  } else push("No pipeline steps.");
  const ranking = `**Ranking:** ${provenance.ranking.direction === "descending" ? "the highest score ranks 1" : esc(provenance.ranking.direction)}; ties: ${codeSpan(provenance.ranking.ties)}.`;
  push(ranking);
  const defaults = Object.entries(provenance.defaults);
  if (defaults.length > 0) {
    push(
      `**Engine defaults:**\n\n${defaults.map(([k, v]) => `- ${codeSpan(k)}: ${codeSpan(typeof v === "string" ? v : json(v))}`).join("\n")}`,
    );
  }

  // Weights: the weight used on every edge, and its share among its siblings.
  const fw = result.framework;
  const rows: string[][] = [];
  const visit = (node: NodeModel, depth: number) => {
    const siblings = node.children.reduce((s, c) => s + (result.weights[c] ?? 0), 0);
    for (const c of node.children) {
      const child = fw.nodes.get(c);
      if (!child) continue;
      const w = result.weights[c];
      rows.push([
        `${"&nbsp;&nbsp;".repeat(depth)}${nodeName(child, options.languages)}`,
        codeSpan(c, true),
        esc(labelOf(node.labels, options.languages, node.id)),
        w === undefined ? MISSING : String(w),
        w === undefined || !(siblings > 0) ? MISSING : `${((w / siblings) * 100).toFixed(1)}%`,
      ]);
      visit(child, depth + 1);
    }
  };
  visit(fw.root, 0);
  push(
    "**Weights** (used in the aggregation; the share is among siblings):",
    markdownTable(["Node", "Id", "Parent", "Weight", "Share"], rows, [
      "left",
      "left",
      "left",
      "right",
      "right",
    ]),
  );
}

function auditBlock(result: IndexResult, push: Push): void {
  const analysis = result.analysis;
  if (!analysis) return;
  push("## Statistical audit");
  push(
    `Period audited: ${esc(String(analysis.period))}; data checks on the ${codeSpan(String(analysis.dataset))} dataset.`,
  );
  const flags = analysis.flags ?? [];
  if (flags.length === 0) {
    push("No flags.");
    return;
  }
  const warnings = flags.filter((f) => f.severity === "warning").length;
  push(
    `${flags.length} flag${flags.length === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}:`,
  );
  push(
    markdownTable(
      ["Severity", "Check", "Code", "Subjects", "Finding"],
      flags.map((f) => [
        esc(f.severity),
        esc(f.check),
        codeSpan(f.code, true),
        (f.subjects ?? []).map((s) => codeSpan(s, true)).join(", "),
        esc(f.message),
      ]),
    ),
  );
}

function provenanceBlock(result: IndexResult, push: Push): void {
  const { provenance } = result;
  push("## Provenance");
  const version = (name: string, v: string | undefined) => `${codeSpan(name)}${v ? ` ${esc(v)}` : ""}`;
  const lines = [
    `- **Spec hash (SHA-256):** ${codeSpan(provenance.specHash)}`,
    `- **Data hash (SHA-256):** ${codeSpan(provenance.dataHash)}`,
    `- **Engine:** ${version(provenance.engine.name, provenance.engine.version)}`,
  ];
  if (provenance.plugins.length > 0) {
    lines.push(`- **Plugins:** ${provenance.plugins.map((p) => version(p.name, p.version)).join(", ")}`);
  }
  lines.push(`- **Report written by:** ${version(PLUGIN_NAME, PLUGIN_VERSION)}`);
  push(lines.join("\n"));
  if (provenance.sources.length > 0) {
    push(
      markdownTable(
        ["Source", "Observations", "Illustrative", "Licences", "Content hashes"],
        provenance.sources.map((s) => [
          esc(s.source),
          String(s.observations),
          String(s.illustrative),
          s.licences.length > 0 ? s.licences.map(esc).join("; ") : "not given",
          s.hashes.map((h) => codeSpan(h, true)).join(", "),
        ]),
        ["left", "right", "right", "left", "left"],
      ),
    );
  }
}

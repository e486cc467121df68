import type { IndexResult, NodeModel } from "@cityindex/core";
import { textIn, textsIn } from "@cityindex/core";
import type { ResolvedXlsxOptions } from "../options.js";

/** What every sheet writer reads: the result, the resolved options, the title and notice, the node order. */
export interface SheetContext {
  /** The result being exported. */
  result: IndexResult;
  /** The options, defaults resolved. */
  options: ResolvedXlsxOptions;
  /** The index's title in the first language. */
  title: string;
  /** One line for row 2 of every sheet: the notice in the first language, or the illustrative-data note. */
  noticeLine: string | undefined;
  /** Framework nodes from the root down, parents before children, children in spec order. */
  preorder: NodeModel[];
}

/** Builds the {@link SheetContext} of a result. */
export function sheetContext(result: IndexResult, options: ResolvedXlsxOptions): SheetContext {
  const first = options.languages[0];
  const title = textIn(result.spec.title, first) ?? textIn(result.spec.title, undefined) ?? result.spec.id;
  const notices = noticeLines(result, options.languages);
  const preorder: NodeModel[] = [];
  const visit = (node: NodeModel) => {
    preorder.push(node);
    for (const c of node.children) {
      const child = result.framework.nodes.get(c);
      if (child) visit(child);
    }
  };
  visit(result.framework.root);
  return { result, options, title, noticeLine: notices[0], preorder };
}

/**
 * The notice of a result: the spec's `notice` in each language asked for (the CLI writes the same text to
 * `NOTICE.txt`), then, when any source marked observations illustrative, a line counting them. When the spec
 * has no notice but some data are illustrative, that line alone.
 */
export function noticeLines(result: IndexResult, languages: readonly string[]): string[] {
  const lines = textsIn(result.spec.notice, languages).map((t) => t.text);
  const { illustrative, observations } = illustrativeCount(result);
  if (illustrative > 0) {
    lines.push(
      `Illustrative data: ${illustrative} of ${observations} observations are marked illustrative (not measured) by their source`,
    );
  }
  return lines;
}

/** Observations marked illustrative, and all observations, over the result's sources. */
export function illustrativeCount(result: IndexResult): { illustrative: number; observations: number } {
  let illustrative = 0;
  let observations = 0;
  for (const s of result.provenance.sources) {
    illustrative += s.illustrative;
    observations += s.observations;
  }
  return { illustrative, observations };
}

/** A unit's or node's label in a language, or `""`. */
export function labelIn(labels: Readonly<Record<string, string>> | undefined, language: string): string {
  return labels?.[language] ?? "";
}

/** A unit's labels, by id. */
export function unitLabels(result: IndexResult, id: string): Readonly<Record<string, string>> | undefined {
  return result.framework.units.get(id)?.labels;
}

/**
 * The name of a framework level: `Index` for the root's, `Indicators` for 1, `Dimensions` for 2 in a
 * three-level framework, else `Level n`.
 */
export function levelName(level: number, maxLevel: number): string {
  if (level === maxLevel) return "Index";
  if (level === 1) return "Indicators";
  if (level === 2 && maxLevel === 3) return "Dimensions";
  return `Level ${level}`;
}

/** Row order of one period: by rank of `node` (missing last), then unit order. */
export function unitsByRank(result: IndexResult, node: string, period: number): number[] {
  const ranks = result.ranks.slice(node, period);
  const order = result.units.map((_, i) => i);
  order.sort((a, b) => {
    const ra = ranks[a]!;
    const rb = ranks[b]!;
    if (Number.isNaN(ra) !== Number.isNaN(rb)) return Number.isNaN(ra) ? 1 : -1;
    return (Number.isNaN(ra) ? 0 : ra - rb) || a - b;
  });
  return order;
}

/** The identifying columns of a unit: its id and its name in each language. */
export function unitHeaders(languages: readonly string[]): string[] {
  return ["unit", ...languages.map((l) => `name (${l})`)];
}

/** The identifying cells of a unit, as {@link unitHeaders} names them. */
export function unitCells(result: IndexResult, id: string, languages: readonly string[]): string[] {
  const labels = unitLabels(result, id);
  return [id, ...languages.map((l) => labelIn(labels, l))];
}

/** A node's or indicator's label in a language; the first language falls back to the id. */
export function nodeLabel(result: IndexResult, id: string, languages: readonly string[], i: number): string {
  const language = languages[i]!;
  const labels = result.framework.nodes.get(id)?.labels ?? result.framework.indicators.get(id)?.labels;
  return labels?.[language] ?? (i === 0 ? id : "");
}

import type { Registry } from "../registry.js";
import { STAGES } from "../spec/types.js";
import { methodReference } from "./method-reference.js";

/** One generated page: its path relative to the methods reference folder and its Markdown. */
export interface ReferencePage {
  /** Such as `normalise/min-max.md`, or `README.md` for the index. */
  path: string;
  /** The page's Markdown. */
  content: string;
}

const STAGE_TITLES: Record<string, string> = {
  screen: "Screening",
  derive: "Derived indicators",
  denominate: "Denomination",
  impute: "Imputation",
  treat: "Outlier treatment",
  normalise: "Normalisation",
  weight: "Weighting",
  aggregate: "Aggregation",
};

/**
 * The methods reference of a registry: one page per method (see {@link methodReference}) and an index page
 * listing them by pipeline stage. The files in `docs/methods/` are written from the built-in registry by
 * `npm run docs:methods`, and a test fails when they differ from the code.
 *
 * @example
 * for (const page of await methodsReference(createRegistry())) writeFile(page.path, page.content);
 */
export async function methodsReference(registry: Registry): Promise<ReferencePage[]> {
  const pages: ReferencePage[] = [];
  const index: string[] = [
    "# Methods reference",
    "",
    "Every method of the pipeline, by stage, in the order a pipeline runs them. Each page gives the formula, the",
    "options with their defaults, the declared properties, the handling of missing values, the reference it",
    "follows, and a worked example computed by running the method. These pages are generated from the method",
    "definitions (`npm run docs:methods`), so they always describe the code.",
    "",
  ];
  for (const stage of STAGES) {
    const methods = registry.methods(stage);
    if (methods.length === 0) continue;
    index.push(`## ${STAGE_TITLES[stage] ?? stage}`, "", "| method | what it does |", "|---|---|");
    for (const { definition, plugin } of methods) {
      const path = `${stage}/${definition.id}.md`;
      pages.push({ path, content: await methodReference(definition, plugin) });
      index.push(`| [\`${definition.id}\`](${path}) — ${definition.label} | ${definition.description} |`);
    }
    index.push("");
  }
  pages.unshift({ path: "README.md", content: `${index.join("\n").trimEnd()}\n` });
  return pages;
}

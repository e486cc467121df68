import type { Analysis } from "../analyse/analyse.js";
import { Dataset } from "../data/dataset.js";
import { InputError } from "../errors.js";
import { type Issue, IssueList, show } from "../issues.js";
import type { AuditEntry } from "../methods.js";
import { buildFramework } from "../model/framework.js";
import type { Accounting, IndexResult, NamedDataset, Provenance } from "../pipeline/result.js";
import type { Spec } from "../spec/types.js";
import type { UncertaintySummary } from "../uncertainty/statistics.js";
import type { DatasetJSON } from "./result-json.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const notAResult = (message: string): never => {
  throw new InputError("not-a-result", `resultFromJSON: ${message}`);
};

/** A dataset from its JSON form (`datasetToJSON`), `null` as `NaN`. */
export function datasetFromJSON(json: unknown, what: string): Dataset {
  if (!isObject(json)) return notAResult(`\`${what}\` is not a dataset, got ${show(json)}`);
  const { units, periods, values } = json as Partial<DatasetJSON>;
  if (!Array.isArray(units) || units.some((u) => typeof u !== "string"))
    notAResult(`\`${what}.units\` must be a list of unit ids`);
  if (!Array.isArray(periods) || periods.some((p) => typeof p !== "string"))
    notAResult(`\`${what}.periods\` must be a list of periods`);
  if (!isObject(values)) return notAResult(`\`${what}.values\` must be an object of columns`);
  const n = units!.length;
  const columns = new Map<string, Float64Array>();
  for (const [id, byPeriod] of Object.entries(values)) {
    if (!Array.isArray(byPeriod) || byPeriod.length !== periods!.length)
      notAResult(`\`${what}.values.${id}\` must have one list per period (${periods!.length})`);
    const col = new Float64Array(n * periods!.length);
    (byPeriod as unknown[]).forEach((vs, p) => {
      if (!Array.isArray(vs) || vs.length !== n)
        notAResult(`\`${what}.values.${id}[${p}]\` must have one value per unit (${n})`);
      (vs as unknown[]).forEach((v, u) => {
        if (v !== null && typeof v !== "number")
          notAResult(`\`${what}.values.${id}[${p}][${u}]\` must be a number or null, got ${show(v)}`);
        col[p * n + u] = v === null ? Number.NaN : (v as number);
      });
    });
    columns.set(id, col);
  }
  return new Dataset(units as string[], periods as string[], columns);
}

/**
 * Rebuilds an {@link IndexResult} from the JSON `resultToJSON` writes (`results.json`), without running the
 * pipeline: the spec and its framework (rebuilt from the embedded spec with `buildFramework`), units, periods,
 * scores, ranks, every kept dataset, weights, audit trail, issues, accounting, provenance and the statistical
 * audit (`analysis`, whose non-finite numbers `results.json` holds as `null`). Good for exporters; not for
 * `analyse`, which needs a registry to rebuild the index. Throws an `InputError` (code `not-a-result`) naming
 * what is missing or malformed when the JSON is not a cityindex result.
 *
 * @example
 * ```ts
 * const result = resultFromJSON(JSON.parse(await readFile("output/results.json", "utf8")));
 * ```
 */
export function resultFromJSON(json: unknown): IndexResult {
  if (!isObject(json)) return notAResult(`expected an object, got ${show(json)}`);
  for (const key of ["spec", "scores", "ranks", "nodes", "units", "periods", "provenance"]) {
    if (!(key in json)) notAResult(`no \`${key}\`: this is not a results.json written by cityindex`);
  }
  const spec = json.spec as Spec;
  if (!isObject(spec) || !Array.isArray(spec.units) || !Array.isArray(spec.indicators) || !spec.framework)
    notAResult("`spec` is not an index spec");
  const list = new IssueList();
  const framework = buildFramework(spec, list);
  if (!framework || list.hasErrors) {
    const first = list.items.find((i: Issue) => i.severity === "error");
    return notAResult(
      `the framework of the embedded spec cannot be built${first ? `: ${first.message}` : ""}`,
    );
  }
  const provenance = json.provenance as Provenance;
  if (!isObject(provenance) || typeof provenance.specHash !== "string" || !Array.isArray(provenance.steps))
    notAResult("`provenance` is malformed");

  const scores = datasetFromJSON(json.scores, "scores");
  const ranks = datasetFromJSON(json.ranks, "ranks");
  const units = (json.units as unknown[]).map((u, i) =>
    isObject(u) && typeof u.id === "string" ? u.id : notAResult(`\`units[${i}]\` has no id`),
  );
  if (!Array.isArray(json.periods) || json.periods.some((p) => typeof p !== "string"))
    notAResult("`periods` must be a list of periods");
  const periods = json.periods as string[];
  for (const [name, data] of [
    ["scores", scores],
    ["ranks", ranks],
  ] as const) {
    if (
      data.units.join("\u0000") !== units.join("\u0000") ||
      data.periods.join("\u0000") !== periods.join("\u0000")
    )
      notAResult(`\`${name}\` does not have the result's units and periods`);
    for (const node of framework.order) {
      if (!data.has(node.id)) notAResult(`\`${name}\` has no column for the framework node ${show(node.id)}`);
    }
  }

  const weights: Record<string, number> = {};
  if (!Array.isArray(json.nodes)) notAResult("`nodes` must be a list");
  for (const n of json.nodes as unknown[]) {
    if (isObject(n) && typeof n.id === "string" && typeof n.weight === "number") weights[n.id] = n.weight;
  }

  const datasets: NamedDataset[] = (Array.isArray(json.datasets) ? json.datasets : []).map(
    (d: unknown, i) => {
      if (!isObject(d) || typeof d.name !== "string" || typeof d.step !== "number")
        return notAResult(`\`datasets[${i}]\` has no name or step`);
      return { name: d.name, step: d.step, data: datasetFromJSON(d, `datasets[${i}]`) };
    },
  );

  const accounting = isObject(json.accounting)
    ? (json.accounting as unknown as Accounting)
    : { units: [], indicators: [] };
  const result: IndexResult = {
    spec,
    framework,
    units,
    periods,
    datasets,
    scores,
    ranks,
    weights,
    audit: Array.isArray(json.audit) ? (json.audit as AuditEntry[]) : [],
    issues: Array.isArray(json.issues) ? (json.issues as Issue[]) : [],
    accounting,
    provenance,
  };
  if (isObject(json.analysis)) result.analysis = json.analysis as unknown as Analysis;
  if (isObject(json.uncertainty)) result.uncertainty = json.uncertainty as unknown as UncertaintySummary;
  return result;
}

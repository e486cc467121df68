import { Dataset } from "../data/dataset.js";
import type {
  AggregateContext,
  AuditEntry,
  IndicatorContext,
  JsonSchema,
  MethodContext,
  MethodDefinition,
  MethodIssue,
  WeightContext,
} from "../methods.js";
import type { FrameworkModel, IndicatorModel, NodeModel } from "../model/framework.js";

/** The standard example vector: COINr's test vector `x <- c(3,1,4,1,5,9,2,6,NA,5,35,8)`. */
export const EXAMPLE_VECTOR: readonly (number | null)[] = [3, 1, 4, 1, 5, 9, 2, 6, null, 5, 35, 8];

/** The standard children of weighting and aggregation examples: five units, three children. */
export const EXAMPLE_CHILDREN: Readonly<Record<string, readonly number[]>> = {
  a: [20, 45, 60, 80, 95],
  b: [70, 30, 55, 90, 40],
  c: [35, 60, 50, 75, 85],
};

/** The standard weights of aggregation examples. */
export const EXAMPLE_WEIGHTS: readonly number[] = [1, 1, 2];

/** What running a method's example gave: the input, the output, and the messages it reported. */
export interface ExampleRun {
  /** Unit ids. */
  units: string[];
  /** Input columns by name (`x`, or the children's ids). */
  input: Record<string, number[]>;
  /** Weights given (aggregate). */
  weights?: number[];
  /** The output: a vector per unit (normalise, impute, treat, aggregate) or one weight per child. */
  output: number[];
  /** What the output is: `unit` or `child`. */
  outputBy: "unit" | "child";
  /** The options used, defaults filled in. */
  options: Record<string, unknown>;
  /** Problems the method reported. */
  issues: MethodIssue[];
}

/** The defaults of a method's options, read from its options schema. */
export function optionDefaults(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, prop] of Object.entries(props)) {
    if (prop.default !== undefined) out[key] = structuredClone(prop.default);
  }
  return out;
}

const toFloat = (values: readonly (number | null)[]): Float64Array =>
  Float64Array.from(values, (v) => (v === null ? Number.NaN : v));

/**
 * Runs a method on its documentation example (its own, else the standard input of its stage). Returns
 * `undefined` for stages whose examples need a whole spec (screen, derive, denominate). Synchronous parts
 * only: a method with `setup` gets its result awaited first.
 */
export async function runMethodExample(method: MethodDefinition): Promise<ExampleRun | undefined> {
  const example = method.example ?? {};
  const options = { ...optionDefaults(method.options), ...(example.options ?? {}) };
  const issues: MethodIssue[] = [];
  const audit: Omit<AuditEntry, "step" | "stage" | "method">[] = [];
  const prepared = await method.setup?.(options);
  const base = (units: string[]): MethodContext => ({
    period: "2024",
    periods: ["2024"],
    periodIndex: 0,
    units,
    framework: { indicators: new Map(), nodes: new Map() } as unknown as FrameworkModel,
    prepared,
    report: (issue) => issues.push(issue),
    audit: (entry) => audit.push(entry),
  });
  const node = (id: string, level: number, children: string[] = []): NodeModel => ({
    id,
    labels: {},
    level,
    parent: level === 1 ? "parent" : null,
    children,
    weight: 1,
    isIndicator: level === 1,
    path: "",
  });

  switch (method.stage) {
    case "normalise":
    case "impute":
    case "treat": {
      const raw = example.input ?? EXAMPLE_VECTOR;
      const units = raw.map((_, i) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(i) : ""));
      const x = toFloat(raw);
      const direction = example.indicator?.direction ?? 1;
      const indicator: IndicatorModel = {
        id: "x",
        labels: {},
        direction,
        inFramework: true,
        specIndex: 0,
        ...example.indicator,
      };
      const input = method.stage === "normalise" && direction === -1 ? x.map((v) => -v) : x;
      const ctx: IndicatorContext = {
        ...base(units),
        indicator,
        unitMeta: (column) =>
          example.meta?.[column] ?? units.map((_, i) => (i < units.length / 2 ? "a" : "b")),
        panel: () => input,
        column: () => {
          throw new Error("the example has one indicator");
        },
      };
      const out =
        method.stage === "normalise"
          ? method.normalise(input, options, ctx)
          : method.stage === "impute"
            ? method.impute(input, options, ctx)
            : method.treat(input, options, ctx);
      return {
        units,
        input: { x: Array.from(x) },
        output: Array.from(out),
        outputBy: "unit",
        options,
        issues,
      };
    }
    case "weight":
    case "aggregate": {
      const children = example.children ?? EXAMPLE_CHILDREN;
      const ids = Object.keys(children);
      const n = children[ids[0]!]!.length;
      const units = Array.from({ length: n }, (_, i) => String.fromCharCode(65 + i));
      const columns = ids.map((id) => toFloat(children[id]!));
      const kids = ids.map((id) => node(id, 1));
      const parent = node("parent", 2, ids);
      const input = Object.fromEntries(ids.map((id, j) => [id, Array.from(columns[j]!)]));
      if (method.stage === "weight") {
        const data = new Dataset(units, ["2024"], new Map(ids.map((id, j) => [id, columns[j]!])));
        const ctx: WeightContext = {
          ...base(units),
          node: parent,
          children: kids,
          current: Float64Array.from(ids, () => 1),
          data,
          dataset: (name) => (name === "Raw" ? data : undefined),
        };
        return {
          units,
          input,
          output: Array.from(method.weight(options, ctx)),
          outputBy: "child",
          options,
          issues,
        };
      }
      const weights = example.weights ?? EXAMPLE_WEIGHTS.slice(0, ids.length);
      const ctx: AggregateContext = { ...base(units), node: parent, children: kids };
      return {
        units,
        input,
        weights: [...weights],
        output: Array.from(method.aggregate(columns, Float64Array.from(weights), options, ctx)),
        outputBy: "unit",
        options,
        issues,
      };
    }
    default:
      return undefined;
  }
}

/** Formats a number for a reference page: up to 6 significant digits, `NA` for missing. */
function num(v: number): string {
  if (Number.isNaN(v)) return "NA";
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function schemaType(prop: JsonSchema): string {
  if (Array.isArray(prop.enum)) return prop.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (Array.isArray(prop.oneOf) || Array.isArray(prop.anyOf)) {
    return ((prop.oneOf ?? prop.anyOf) as JsonSchema[]).map(schemaType).join(" \\| ");
  }
  const type = prop.type;
  if (type === "array") {
    const items = (prop.items ?? {}) as JsonSchema;
    const len = prop.minItems !== undefined && prop.minItems === prop.maxItems ? `${prop.minItems}` : "";
    return `${items.type ? schemaType(items) : "value"}[${len}]`;
  }
  if (type === "object") return "object";
  if (Array.isArray(type)) return type.join(" \\| ");
  return typeof type === "string" ? type : "value";
}

function bounds(prop: JsonSchema): string {
  const parts: string[] = [];
  if (prop.minimum !== undefined) parts.push(`≥ ${prop.minimum}`);
  if (prop.exclusiveMinimum !== undefined) parts.push(`> ${prop.exclusiveMinimum}`);
  if (prop.maximum !== undefined) parts.push(`≤ ${prop.maximum}`);
  if (prop.exclusiveMaximum !== undefined) parts.push(`< ${prop.exclusiveMaximum}`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

const PROPERTY_TEXT: Record<string, (v: unknown) => string | undefined> = {
  deterministic: (v) =>
    v ? "deterministic: the same input always gives the same output" : "not deterministic",
  compensatory: (v) =>
    v
      ? "compensatory: a high value of one child makes up for a low value of another"
      : "non-compensatory: a high value does not make up for a low one",
  needsPositive: (v) => (v ? "needs strictly positive values (checked before it runs)" : undefined),
  usesWholeSample: (v) =>
    v
      ? "uses the whole sample: a unit's result depends on the other units' values"
      : "unit by unit: a unit's result depends on its own values only",
  usesPanel: (v) => (v ? "uses every period at once" : undefined),
  minUnits: (v) => `needs at least ${v} units with a value`,
  minChildren: (v) => `needs at least ${v} children`,
};

/**
 * The reference page of a method, in Markdown: what it does, the formula, options (from its schema), declared
 * properties, missing-value handling, citation, the spec step that selects it, and a worked example computed by
 * running the method (so the page cannot drift from the code). Used to generate the methods reference.
 *
 * @example
 * const page = await methodReference(minMax, "@cityindex/core");
 */
export async function methodReference(method: MethodDefinition, plugin: string): Promise<string> {
  const lines: string[] = [];
  lines.push(`# ${method.label}`, "");
  lines.push(`\`${method.stage}\` · \`${method.id}\` · from \`${plugin}\``, "");
  lines.push(`${method.description}.`, "");
  if (method.formula) lines.push("## Formula", "", "```text", method.formula, "```", "");

  lines.push("## Options", "");
  const props = (method.options.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((method.options.required ?? []) as string[]);
  if (Object.keys(props).length === 0) lines.push("None.", "");
  else {
    lines.push("| option | type | default | description |", "|---|---|---|---|");
    for (const [key, prop] of Object.entries(props)) {
      const def =
        prop.default !== undefined
          ? `\`${JSON.stringify(prop.default)}\``
          : required.has(key)
            ? "required"
            : "—";
      const description = typeof prop.description === "string" ? prop.description : "";
      lines.push(`| \`${key}\` | ${schemaType(prop)}${bounds(prop)} | ${def} | ${cell(description)} |`);
    }
    lines.push("");
  }

  lines.push("## Properties", "");
  for (const [key, value] of Object.entries(method.properties)) {
    const text = PROPERTY_TEXT[key]?.(value);
    if (text) lines.push(`- ${text}`);
  }
  lines.push("");
  if (method.missing) lines.push("## Missing values", "", method.missing, "");
  if (method.citation) lines.push("## Reference", "", method.citation, "");

  const run = await runMethodExample(method);
  const step: Record<string, unknown> = { step: method.stage, method: method.id };
  const exampleOptions = method.example?.options;
  if (exampleOptions && Object.keys(exampleOptions).length > 0) step.options = exampleOptions;
  lines.push("## In a spec", "", "```json", JSON.stringify(step), "```", "");

  if (run) {
    lines.push("## Example", "");
    const errors = run.issues.filter((i) => i.severity === "error");
    if (errors.length > 0) {
      lines.push(
        "On the standard example input the method reports:",
        "",
        ...errors.map((e) => `- ${cell(e.message)}`),
        "",
      );
    } else {
      const shown = Object.entries(run.options).filter(([k]) => k in props);
      lines.push(
        shown.length
          ? `With ${shown.map(([k, v]) => `\`${k}\` = \`${JSON.stringify(v)}\``).join(", ")}:`
          : "With its defaults:",
        "",
      );
      const cols = Object.keys(run.input);
      if (run.outputBy === "unit") {
        const outName = method.stage === "aggregate" ? "parent" : "result";
        const head = [
          "unit",
          ...cols.map((c, j) => (run.weights ? `${c} (w ${num(run.weights[j]!)})` : c)),
          outName,
        ];
        lines.push(`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`);
        run.units.forEach((u, i) => {
          lines.push(
            `| ${[u, ...cols.map((c) => num(run.input[c]![i]!)), num(run.output[i]!)].join(" | ")} |`,
          );
        });
      } else {
        lines.push(`| unit | ${cols.join(" | ")} |`, `|---|${cols.map(() => "---").join("|")}|`);
        run.units.forEach((u, i) => {
          lines.push(`| ${[u, ...cols.map((c) => num(run.input[c]![i]!))].join(" | ")} |`);
        });
        lines.push(`| **weight** | ${run.output.map((w) => `**${num(w)}**`).join(" | ")} |`);
      }
      lines.push("");
      const warnings = run.issues.filter((i) => i.severity === "warning");
      if (warnings.length) lines.push(...warnings.map((w) => `> ${cell(w.message)}`), "");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

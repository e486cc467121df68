import {
  createRegistry,
  definePlugin,
  defineSource,
  type Issue,
  parseSpecText,
  type Spec,
  validateSpec,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallSpec } from "../helpers/fixtures.js";

const brief = (issues: Issue[]) => issues.map((i) => `${i.severity} ${i.path}: ${i.message}`);

async function problems(spec: unknown): Promise<string[]> {
  const { spec: ok, issues } = await validateSpec(spec);
  expect(ok).toBeUndefined();
  return brief(issues.filter((i) => i.severity === "error"));
}

describe("validateSpec", () => {
  it("accepts a valid spec and fills option defaults", async () => {
    const { spec, issues } = await validateSpec(smallSpec());
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(spec!.pipeline[2]!.options).toEqual({ range: [0, 100], bounds: "period" });
    expect(spec!.pipeline[3]!.options).toEqual({ minAvailability: 0 });
  });

  it("reports every schema problem at once, with paths", async () => {
    const spec = smallSpec() as unknown as Record<string, unknown>;
    spec.titel = "typo";
    (spec.units as Record<string, unknown>[])[1]!.id = 42;
    (spec.pipeline as Record<string, unknown>[])[2]!.options = { range: [0, 50, 100] };
    (spec.pipeline as Record<string, unknown>[])[3]!.method = "mean";
    expect(await problems(spec)).toEqual([
      "error /titel: unknown property `titel`; did you mean `title`?",
      "error /units/1/id: must be string, got an integer `42`",
      "error /pipeline/2/options/range: must NOT have more than 2 items, got `[0,50,100]`",
      'error /pipeline/3/method: unknown aggregate method `mean`; available: "arithmetic", "geometric", "harmonic", "generalised", "median", "mpi", "ampi", "topsis", "grey-relational", "copeland", "bod"',
    ]);
  });

  it("reports structural problems together with schema problems elsewhere", async () => {
    const spec = smallSpec() as unknown as Record<string, unknown>;
    spec.extra = true;
    (spec.units as unknown[]).push({ id: "A" });
    expect(await problems(spec)).toEqual([
      "error /extra: unknown property `extra`; allowed: $schema, id, title, description, notice, units, indicators, framework, sources, pipeline, exports, plugins, ranking, tracking",
      "error /units/4/id: unit id `A` is used twice",
    ]);
  });

  it("says when options fit more than one form of a oneOf, naming the properties to choose between", async () => {
    // A source whose options name a query inline or in a file, not both.
    const sql = defineSource({
      id: "query",
      label: "Query",
      description: "Runs a query",
      options: {
        type: "object",
        properties: { query: { type: "string" }, queryFile: { type: "string" } },
        oneOf: [{ required: ["query"] }, { required: ["queryFile"] }],
        additionalProperties: false,
      },
      async *fetch() {},
    });
    const registry = createRegistry([definePlugin({ name: "query-plugin", sources: [sql] })]);
    const spec = smallSpec() as unknown as Record<string, unknown>;
    spec.plugins = ["query-plugin"];
    spec.sources = [{ id: "q", source: "query", options: { query: "select 1", queryFile: "q.sql" } }];
    const both = await validateSpec(spec, { registry });
    expect(brief(both.issues.filter((i) => i.severity === "error"))).toEqual([
      "error /sources/0/options: fits more than one of the allowed forms: give only one of `query`, `queryFile`",
    ]);
    spec.sources = [{ id: "q", source: "query", options: {} }];
    const neither = await validateSpec(spec, { registry });
    expect(brief(neither.issues.filter((i) => i.severity === "error"))).toEqual([
      "error /sources/0/options: missing required property `query`",
      "error /sources/0/options: missing required property `queryFile`",
    ]);
  });

  it("reports sources and exporters that no registered plugin provides", async () => {
    const spec = smallSpec();
    spec.sources = [{ id: "main", source: "xlsx", options: { path: "data.xlsx" } }];
    spec.exports = [{ exporter: "html" }];
    expect(await problems(spec)).toEqual([
      "error /sources/0/source: unknown source `xlsx`; no registered plugin provides it (is its plugin listed in `plugins`?)",
      "error /exports/0/exporter: unknown exporter `html`; no registered plugin provides it (is its plugin listed in `plugins`?)",
    ]);
  });

  it("explains id formats in words", async () => {
    const spec = smallSpec();
    spec.id = "my index";
    expect(await problems(spec)).toEqual([
      "error /id: must be an id of letters, digits, `_`, `.` and `-`, starting with a letter or digit, got `my index`",
    ]);
  });

  it("reports unknown option names of a method", async () => {
    const spec = smallSpec();
    spec.pipeline[2]!.options = { rnage: [0, 1] };
    expect(await problems(spec)).toEqual([
      "error /pipeline/2/options/rnage: unknown property `rnage`; did you mean `range`?",
    ]);
  });

  it("reports duplicate ids in units, indicators and the framework", async () => {
    const spec = smallSpec();
    spec.units.push({ id: "A" });
    spec.indicators.push({ id: "rating" });
    (spec.framework as { children: { children: unknown[] }[] }).children[1]!.children.push({ id: "flights" });
    expect(await problems(spec)).toEqual([
      "error /indicators/3/id: indicator id `rating` is used twice",
      "error /units/4/id: unit id `A` is used twice",
      "error /framework/children/1/children/1/id: framework node id `flights` is used twice (first at /framework/children/0/children/0)",
    ]);
  });

  it("reports a cycle in a flat framework", async () => {
    const spec = smallSpec();
    spec.framework = [
      { id: "index", parent: null },
      { id: "dimA", parent: "dimB" },
      { id: "dimB", parent: "dimA" },
      { id: "flights", parent: "dimA" },
      { id: "crime", parent: "index" },
      { id: "rating", parent: "index" },
    ];
    expect(await problems(spec)).toEqual([
      "error /framework/1: the framework has a cycle: `dimA` → `dimB` → `dimA`",
    ]);
  });

  it("reports leaves that are not indicators, weights that sum to zero and unknown denominators", async () => {
    const spec = smallSpec();
    spec.framework = {
      id: "index",
      children: [
        { id: "dimA", weight: 0, children: [{ id: "flights" }, { id: "crime" }] },
        { id: "dimB", weight: 0, children: [{ id: "rating" }, { id: "ghost" }] },
      ],
    };
    spec.indicators[0]!.denominator = "area";
    expect(await problems(spec)).toEqual([
      "error /framework/children/1/children/1: framework node `ghost` has no children and is not an indicator; add it to `indicators` or give it children",
      "error /framework: the weights of the children of `index` sum to zero, so it cannot be aggregated",
      "error /indicators/0/denominator: denominator `area` of `flights` is neither an indicator nor a unit metadata column",
    ]);
  });

  it("reports a missing aggregation step, an unknown group column and bad scopes", async () => {
    const spec: Spec = smallSpec();
    spec.pipeline[1]!.options = { group: "region" };
    spec.pipeline[3]!.scope = { levels: [2] };
    spec.pipeline[2]!.scope = { indicators: ["nope"] };
    expect(await problems(spec)).toEqual([
      "error /pipeline/1/options/group: no unit has the metadata column `region`; columns: pop, tier",
      "error /pipeline/2/scope/indicators/0: scope names unknown indicator `nope`",
      'error /pipeline: no aggregate step computes `index`; add { "step": "aggregate", "method": "arithmetic" }',
    ]);
  });

  it("accepts a different aggregation method per level, in order, and says when a node is aggregated again", async () => {
    const spec: Spec = smallSpec();
    spec.pipeline[3] = { step: "aggregate", method: "arithmetic", scope: { levels: [2] } };
    spec.pipeline.push({ step: "aggregate", method: "geometric", scope: { levels: [3] } });
    const { spec: ok, issues } = await validateSpec(spec);
    expect(ok).toBeDefined();
    expect(brief(issues.filter((i) => i.severity !== "info" || i.code === "aggregated-again"))).toEqual([]);
    spec.pipeline.push({ step: "aggregate", method: "arithmetic", scope: { nodes: ["index"] } });
    const again = await validateSpec(spec);
    expect(brief(again.issues.filter((i) => i.code === "aggregated-again"))).toEqual([
      "info /pipeline/5: `index` is aggregated again by this step; its new scores replace the earlier ones",
    ]);
  });

  it("refuses to aggregate a node before its children have scores", async () => {
    const spec: Spec = smallSpec();
    spec.pipeline[3] = { step: "aggregate", method: "geometric", scope: { levels: [3] } };
    spec.pipeline.push({ step: "aggregate", method: "arithmetic", scope: { levels: [2] } });
    expect(await problems(spec)).toEqual([
      "error /pipeline/3: this step aggregates `index` before its children `dimA`, `dimB` have scores; aggregate them in this step or an earlier one",
    ]);
  });

  it("rejects __proto__ and constructor keys", async () => {
    const { value, issues } = parseSpecText(
      '{"id": "x", "units": [{"id": "a", "meta": {"__proto__": {"polluted": 1}}}]}',
      {
        file: "spec.json",
      },
    );
    expect(brief(issues)).toEqual([
      "error /units/0/meta/__proto__: key `__proto__` is not allowed anywhere in a spec",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(brief((await validateSpec(value)).issues)).toEqual(brief(issues));
    const yaml = parseSpecText("id: x\nconstructor: 1\n", { file: "spec.yaml" });
    expect(brief(yaml.issues)).toEqual([
      "error /constructor: key `constructor` is not allowed anywhere in a spec",
    ]);
  });

  it("reports syntax errors with line and column", () => {
    expect(
      brief(parseSpecText('{\n  "id": "x",\n  "units": ]\n}', { file: "index.json" }).issues)[0],
    ).toMatch(/^error index\.json:3:\d+: invalid JSON: /);
    expect(brief(parseSpecText("id: x\n  bad: [\n", { file: "index.yaml" }).issues)[0]).toMatch(
      /^error index\.yaml:\d+:\d+: invalid YAML/,
    );
  });

  it("parses YAML specs like JSON ones", async () => {
    const yaml = [
      "id: tiny",
      "units: [{ id: a }, { id: b }]",
      "indicators: [{ id: x }]",
      "framework: { id: index, children: [{ id: x }] }",
      "pipeline:",
      "  - { step: normalise, method: min-max }",
      "  - { step: aggregate, method: arithmetic }",
    ].join("\n");
    const { value, issues } = parseSpecText(yaml, { file: "tiny.yml" });
    expect(issues).toEqual([]);
    const { spec } = await validateSpec(value);
    expect(spec?.pipeline[0]?.options).toEqual({ range: [0, 100], bounds: "period" });
  });

  it("checks formulas: unknown inputs, forbidden functions, a missing derive step", async () => {
    const spec = smallSpec();
    spec.indicators.push(
      { id: "share", formula: "rating / nothing" },
      { id: "evil", formula: 'import("fs")' },
    );
    (spec.framework as { children: { children: unknown[] }[] }).children[1]!.children.push(
      { id: "share" },
      { id: "evil" },
    );
    const found = await problems(spec);
    expect(found).toContain("error /indicators/3/formula: unknown indicator `nothing` in formula");
    expect(found.some((m) => m.startsWith("error /indicators/4/formula: ") && m.includes("`import`"))).toBe(
      true,
    );
    expect(found).toContain(
      "error /pipeline: indicator `share` has a formula, but the pipeline has no `derive` step to compute it",
    );
  });
});

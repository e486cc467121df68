import { Ajv, type ValidateFunction } from "ajv";
import { builtinPlugin } from "../builtins.js";
import type { Issue } from "../issues.js";
import { IssueList, pointer, show } from "../issues.js";
import { buildFramework, type FrameworkModel } from "../model/framework.js";
import { indicatorsInScope, parentsInScope } from "../pipeline/scope.js";
import { Registry } from "../registry.js";
import { ajvIssues } from "./ajv-issues.js";
import { withDefaults } from "./defaults.js";
import { findForbiddenKeys } from "./parse.js";
import { specSchema } from "./schema.js";
import type { Spec } from "./types.js";

const compiled = new WeakMap<Registry, ValidateFunction>();
let defaultRegistry: Registry | undefined;

/** The registry used when none is given: the built-in methods only. */
export function builtinRegistry(): Registry {
  defaultRegistry ??= new Registry().register(builtinPlugin);
  return defaultRegistry;
}

function validatorFor(registry: Registry): ValidateFunction {
  let v = compiled.get(registry);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    v = ajv.compile(specSchema(registry));
    compiled.set(registry, v);
  }
  return v;
}

/**
 * Validates a parsed spec against the JSON Schema (generated from `registry`) and then checks what a schema
 * cannot: duplicate ids, cycles, unknown indicators, denominators and formula inputs, scopes, and that every
 * aggregate node has an aggregation step. Returns every problem at once; `spec` (a copy with option defaults
 * filled in) is present only when no issue is an `error`.
 *
 * @example
 * const { spec, issues } = await validateSpec(JSON.parse(text), { registry });
 * if (!spec) for (const i of issues) console.error(i.path, i.message);
 */
export async function validateSpec(
  value: unknown,
  options: { registry?: Registry } = {},
): Promise<{ spec?: Spec; issues: Issue[] }> {
  const registry = options.registry ?? builtinRegistry();
  const forbidden: Issue[] = [];
  findForbiddenKeys(value, "", forbidden);
  if (forbidden.length > 0) return { issues: forbidden };

  const copy = structuredClone(value);
  const validate = validatorFor(registry);
  const schemaIssues = validate(copy) ? [] : ajvIssues(validate.errors ?? [], copy);
  const broken = (...prefixes: string[]) =>
    schemaIssues.some((i) => prefixes.some((p) => i.path === p || i.path.startsWith(p + "/")));
  const list = new IssueList();
  for (const i of schemaIssues) list.add(i);
  // The structural checks still run when the schema errors are elsewhere, so a person sees as many problems
  // as can be found at once.
  if (broken("/units", "/indicators", "/framework") || copy === null || typeof copy !== "object") {
    return { issues: list.items };
  }
  const spec = copy as Spec;
  if (!Array.isArray(spec.units) || !Array.isArray(spec.indicators) || !spec.framework)
    return { issues: list.items };
  const steps = Array.isArray(spec.pipeline) && !broken("/pipeline") ? spec.pipeline : [];
  for (const step of steps) {
    const m = registry.method(step.step, step.method);
    if (m) step.options = withDefaults(m.definition.options, step.options);
  }
  for (const source of broken("/sources") ? [] : (spec.sources ?? [])) {
    const s = registry.source(source.source);
    if (s) source.options = withDefaults(s.definition.options, source.options);
  }
  for (const e of broken("/exports") ? [] : (spec.exports ?? [])) {
    const x = registry.exporter(e.exporter);
    if (x) e.options = withDefaults(x.definition.options, e.options);
  }
  const framework = buildFramework(spec, list);
  if (framework && !broken("/pipeline", "/sources", "/exports"))
    await checkSemantics(spec, framework, registry, list);
  return list.hasErrors ? { issues: list.items } : { spec, issues: list.items };
}

async function checkSemantics(
  spec: Spec,
  framework: FrameworkModel,
  registry: Registry,
  issues: IssueList,
): Promise<void> {
  const metaColumns = new Set<string>();
  for (const u of spec.units) for (const k of Object.keys(u.meta ?? {})) metaColumns.add(k);

  // Denominators: another indicator, or a numeric unit metadata column.
  spec.indicators.forEach((ind, i) => {
    if (ind.denominator === undefined) return;
    const path = pointer("indicators", i, "denominator");
    if (ind.denominator === ind.id) {
      issues.error(
        "bad-denominator",
        path,
        `indicator ${show(ind.id)} cannot be its own denominator`,
        "spec",
      );
    } else if (framework.indicators.has(ind.denominator)) {
      // a time-varying denominator from the data
    } else if (metaColumns.has(ind.denominator)) {
      spec.units.forEach((u, j) => {
        const v = u.meta?.[ind.denominator!];
        if (v !== undefined && v !== null && typeof v !== "number") {
          issues.error(
            "bad-denominator",
            pointer("units", j, "meta", ind.denominator!),
            `denominator ${show(ind.denominator)} must be a number, got ${show(v)} for unit ${show(u.id)}`,
            "spec",
          );
        } else if (v === undefined || v === null) {
          issues.warn(
            "missing-denominator",
            pointer("units", j, "meta"),
            `unit ${show(u.id)} has no ${show(ind.denominator)}, so ${show(ind.id)} divided by it is missing`,
            "spec",
          );
        }
      });
    } else {
      issues.error(
        "unknown-denominator",
        path,
        `denominator ${show(ind.denominator)} of ${show(ind.id)} is neither an indicator nor a unit metadata column`,
        "spec",
      );
    }
  });

  // Formulas: only arithmetic over known indicators, no cycles.
  const withFormula = spec.indicators.filter((i) => i.formula !== undefined);
  if (withFormula.length > 0) {
    const { checkFormula, orderFormulas } = await import("../derive/formula.js");
    const known = new Set(framework.indicators.keys());
    const symbols = new Map<string, string[]>();
    for (const ind of withFormula) {
      const i = framework.indicators.get(ind.id)?.specIndex ?? spec.indicators.indexOf(ind);
      const checked = await checkFormula(ind.formula!, known, ind.id);
      symbols.set(ind.id, checked.symbols);
      for (const message of checked.errors) {
        issues.error("bad-formula", pointer("indicators", i, "formula"), message, "spec");
      }
    }
    const { cycle } = orderFormulas(
      withFormula.map((i) => ({ id: i.id, formula: i.formula! })),
      symbols,
    );
    if (cycle) {
      issues.error(
        "formula-cycle",
        "/indicators",
        `formulas refer to each other in a cycle: ${cycle.map((c) => show(c)).join(" → ")}`,
        "spec",
      );
    }
  }

  // Pipeline steps.
  const stages = spec.pipeline.map((s) => s.step);
  if (withFormula.length > 0 && !stages.includes("derive")) {
    issues.error(
      "missing-step",
      "/pipeline",
      `indicator ${show(withFormula[0]!.id)} has a formula, but the pipeline has no \`derive\` step to compute it`,
      "spec",
    );
  }
  const covered = new Set<string>();
  spec.pipeline.forEach((step, i) => {
    const path = pointer("pipeline", i);
    if (!registry.method(step.step, step.method)) {
      const available = registry.methods(step.step).map((m) => m.definition.id);
      issues.error(
        "unknown-method",
        path + "/method",
        `unknown ${step.step} method ${show(step.method)}; ${available.length > 0 ? `available: ${available.join(", ")}` : "no plugin registers one"}`,
        "spec",
      );
    }
    const scope = step.scope;
    for (const [j, id] of (scope?.indicators ?? []).entries()) {
      if (!framework.indicators.has(id) && !framework.nodes.has(id)) {
        issues.error(
          "unknown-id",
          `${path}/scope/indicators/${j}`,
          `scope names unknown indicator ${show(id)}`,
          "spec",
        );
      }
    }
    for (const [j, id] of (scope?.nodes ?? []).entries()) {
      if (!framework.nodes.has(id)) {
        issues.error(
          "unknown-id",
          `${path}/scope/nodes/${j}`,
          `scope names unknown framework node ${show(id)}`,
          "spec",
        );
      }
    }
    for (const [j, level] of (scope?.levels ?? []).entries()) {
      if (level > framework.maxLevel) {
        issues.error(
          "unknown-level",
          `${path}/scope/levels/${j}`,
          `scope names level ${level}, but the framework has ${framework.maxLevel} levels`,
          "spec",
        );
      }
    }
    const group = step.options?.group;
    if (typeof group === "string" && !metaColumns.has(group)) {
      issues.error(
        "unknown-group",
        path + "/options/group",
        `no unit has the metadata column ${show(group)}${metaColumns.size > 0 ? `; columns: ${[...metaColumns].join(", ")}` : ""}`,
        "spec",
      );
    }
    if (step.step === "aggregate") {
      const nodes = parentsInScope(framework, scope);
      const inStep = new Set(nodes.map((n) => n.id));
      for (const n of nodes) {
        const pending = n.children.filter((c) => {
          const child = framework.nodes.get(c);
          return child !== undefined && child.children.length > 0 && !covered.has(c) && !inStep.has(c);
        });
        if (pending.length > 0) {
          issues.error(
            "aggregation-order",
            path,
            `this step aggregates ${show(n.id)} before its children ${pending.map((c) => show(c)).join(", ")} have scores; aggregate them in this step or an earlier one`,
            "spec",
          );
        }
        if (covered.has(n.id)) {
          issues.info(
            "aggregated-again",
            path,
            `${show(n.id)} is aggregated again by this step; its new scores replace the earlier ones`,
            "spec",
          );
        }
      }
      for (const n of nodes) covered.add(n.id);
    }
    if (step.step === "denominate") {
      const targets = indicatorsInScope(framework, scope).filter(
        (id) => framework.indicators.get(id)?.denominator,
      );
      if (targets.length === 0) {
        issues.warn(
          "empty-step",
          path,
          "this denominate step does nothing: no indicator in its scope has a `denominator`",
          "spec",
        );
      }
    }
  });
  const uncovered = framework.order.filter((n) => n.children.length > 0 && !covered.has(n.id));
  if (uncovered.length > 0) {
    issues.error(
      "missing-step",
      "/pipeline",
      `no aggregate step computes ${uncovered.map((n) => show(n.id)).join(", ")}; add { "step": "aggregate", "method": "arithmetic" }`,
      "spec",
    );
  }
  const usesIndicators = spec.pipeline.some((s) => s.step === "normalise");
  if (!usesIndicators) {
    issues.info(
      "no-normalisation",
      "/pipeline",
      "the pipeline has no normalise step: indicators are aggregated as they are",
      "spec",
    );
  }

  // Sources and exports.
  const sourceIds = new Set<string>();
  (spec.sources ?? []).forEach((s, i) => {
    if (sourceIds.has(s.id)) {
      issues.error(
        "duplicate-id",
        pointer("sources", i, "id"),
        `source id ${show(s.id)} is used twice`,
        "spec",
      );
    }
    sourceIds.add(s.id);
    if (!registry.source(s.source)) {
      issues.error(
        "unknown-source",
        pointer("sources", i, "source"),
        `unknown source ${show(s.source)}; no registered plugin provides it (is its plugin listed in \`plugins\`?)`,
        "spec",
      );
    }
  });
  (spec.exports ?? []).forEach((e, i) => {
    if (!registry.exporter(e.exporter)) {
      issues.error(
        "unknown-exporter",
        pointer("exports", i, "exporter"),
        `unknown exporter ${show(e.exporter)}; no registered plugin provides it (is its plugin listed in \`plugins\`?)`,
        "spec",
      );
    }
  });
}

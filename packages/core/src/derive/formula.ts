import { InputError } from "../errors.js";
import { dataPath, pointer, show } from "../issues.js";
import type { DeriveContext, DeriveMethod } from "../methods.js";
import { defineMethod } from "../methods.js";
import type { IndicatorModel } from "../model/framework.js";
import {
  binaryOperators,
  type FormulaFunction,
  formulaConstants,
  formulaFunctions,
  logicalOperators,
  unaryOperators,
} from "./formula-scope.js";

/** The longest formula accepted, in characters. */
export const MAX_FORMULA_LENGTH = 1000;

type MathModule = typeof import("mathjs");

let mathjs: Promise<MathModule> | undefined;

/** Loads mathjs once, on first use: importing it takes about a second, so only specs with formulas pay for it. */
function loadMathjs(): Promise<MathModule> {
  mathjs ??= import("mathjs");
  return mathjs;
}

// The few fields of mathjs's expression tree that are read here. Typed locally: the tree comes from
// `math.parse` and only these fields are used, so the checker does not depend on mathjs's generic node types.
interface AstNode {
  type: string;
  toString(): string;
}
interface ConstantAst extends AstNode {
  value: unknown;
}
interface SymbolAst extends AstNode {
  name: string;
}
interface OperatorAst extends AstNode {
  op: string;
  fn: string;
  args: AstNode[];
  implicit?: boolean;
  isPercentage?: boolean;
}
interface FunctionAst extends AstNode {
  fn: AstNode;
  args: AstNode[];
}
interface ParenthesisAst extends AstNode {
  content: AstNode;
}
interface ConditionalAst extends AstNode {
  condition: AstNode;
  trueExpr: AstNode;
  falseExpr: AstNode;
}
interface BlockAst extends AstNode {
  blocks: { node: AstNode }[];
}
interface RelationalAst extends AstNode {
  conditionals: string[];
  params: AstNode[];
}

/** The allowlist as it appears in messages. */
const allowedFunctions = [...formulaFunctions.keys()].join(", ");
const allowedOperators = "+ - * / ^ % (and unary - +), == != < > <= >=, and or xor not, ?:";

/** The result of {@link checkFormula}. */
export interface FormulaCheck {
  /** Indicator ids the formula reads, each once, in order of first appearance. */
  symbols: string[];
  /** Every problem found, as sentences without a final period; empty when the formula is valid. */
  errors: string[];
}

interface CheckState {
  isKnown: (name: string) => boolean;
  isUnit: (name: string) => boolean;
  self: string | undefined;
  symbols: string[];
  seen: Set<string>;
  errors: Set<string>;
}

interface CheckedExpression extends FormulaCheck {
  /** The parsed tree, when the formula parses. */
  node?: AstNode;
}

/** Parses and checks a formula with a loaded mathjs; the shared core of {@link checkFormula} and `prepare`. */
function checkExpression(
  math: MathModule,
  expr: string,
  isKnown: (name: string) => boolean,
  self: string | undefined,
): CheckedExpression {
  if (typeof expr !== "string")
    return { symbols: [], errors: [`formula must be a string, got ${show(expr)}`] };
  if (expr.length > MAX_FORMULA_LENGTH) {
    return {
      symbols: [],
      errors: [`formula is ${expr.length} characters long; the limit is ${MAX_FORMULA_LENGTH}`],
    };
  }
  if (expr.trim() === "") return { symbols: [], errors: ["formula is empty"] };
  let node: AstNode;
  try {
    node = math.parse(expr) as unknown as AstNode;
  } catch (err) {
    const reason =
      err instanceof RangeError
        ? "it is nested too deeply"
        : err instanceof Error
          ? err.message
          : String(err);
    return { symbols: [], errors: [`formula ${show(expr)} does not parse: ${reason}`] };
  }
  if (node.type === "ConstantNode" && (node as ConstantAst).value === undefined) {
    return { symbols: [], errors: ["formula is empty"] };
  }
  const state: CheckState = {
    isKnown,
    isUnit: (name) => math.Unit.isValuelessUnit(name),
    self,
    symbols: [],
    seen: new Set(),
    errors: new Set(),
  };
  walk(node, state);
  return { node, symbols: state.symbols, errors: [...state.errors] };
}

/** How many arguments a function takes, for messages. */
function arityText(f: FormulaFunction): string {
  const plural = (n: number) => `${n} argument${n === 1 ? "" : "s"}`;
  if (f.maxArgs === Number.POSITIVE_INFINITY) return `at least ${plural(f.minArgs)}`;
  if (f.minArgs === f.maxArgs) return plural(f.minArgs);
  return `${f.minArgs} or ${f.maxArgs} arguments`;
}

/** Checks one node and its children, adding the symbols read and the problems found to `st`. */
function walk(node: AstNode, st: CheckState): void {
  const text = () => show(node.toString());
  switch (node.type) {
    case "ConstantNode": {
      const value = (node as ConstantAst).value;
      if (typeof value === "number") {
        if (!Number.isFinite(value)) {
          st.errors.add(`number ${text()} is not allowed in a formula; only finite numbers are`);
        }
      } else if (typeof value === "string") {
        st.errors.add(`string ${text()} is not allowed in a formula; only numbers are`);
      } else {
        st.errors.add(`constant ${show(String(value))} is not allowed in a formula; only numbers are`);
      }
      return;
    }
    case "SymbolNode": {
      const name = (node as SymbolAst).name;
      const known = st.isKnown(name);
      if (name === st.self) {
        st.errors.add(`formula of ${show(name)} refers to itself`);
      } else if (!known && !formulaConstants.has(name)) {
        st.errors.add(`unknown indicator ${show(name)} in formula`);
      }
      if (known && !st.seen.has(name)) {
        st.seen.add(name);
        st.symbols.push(name);
      }
      return;
    }
    case "ParenthesisNode":
      walk((node as ParenthesisAst).content, st);
      return;
    case "OperatorNode": {
      const op = node as OperatorAst;
      if (op.isPercentage) {
        const operand = op.args[0]?.toString() ?? "";
        st.errors.add(
          `percentage ${show(`${operand}%`)} is not allowed in a formula; write ${show(`${operand} / 100`)}, or put \`%\` between two values for the remainder`,
        );
        if (op.args[0]) walk(op.args[0], st);
        return;
      }
      if (op.implicit) {
        const isUnit = (a: AstNode) => {
          if (a.type !== "SymbolNode") return false;
          const name = (a as SymbolAst).name;
          return name !== st.self && !st.isKnown(name) && !formulaConstants.has(name) && st.isUnit(name);
        };
        if (op.args.some(isUnit)) {
          st.errors.add(`unit ${text()} is not allowed in a formula; formulas work on plain numbers`);
          return;
        }
        st.errors.add(
          `implicit multiplication ${text()} is not allowed in a formula; write \`*\` between the factors`,
        );
      } else {
        const n = op.args.length;
        const allowed =
          (n === 2 && (binaryOperators.has(op.fn) || logicalOperators.has(op.fn))) ||
          (n === 1 && unaryOperators.has(op.fn));
        if (!allowed) {
          st.errors.add(`operator ${show(op.op)} is not allowed in a formula; allowed: ${allowedOperators}`);
          return;
        }
      }
      for (const a of op.args) walk(a, st);
      return;
    }
    case "ConditionalNode": {
      const c = node as ConditionalAst;
      walk(c.condition, st);
      walk(c.trueExpr, st);
      walk(c.falseExpr, st);
      return;
    }
    case "RelationalNode": {
      const r = node as RelationalAst;
      const bad = r.conditionals.find((c) => !binaryOperators.has(c));
      if (bad !== undefined) {
        st.errors.add(`comparison ${text()} is not allowed in a formula`);
        return;
      }
      for (const p of r.params) walk(p, st);
      return;
    }
    case "FunctionNode": {
      const call = node as FunctionAst;
      if (call.fn.type !== "SymbolNode") {
        st.errors.add(
          call.fn.type === "AccessorNode"
            ? `property or index access ${text()} is not allowed in a formula`
            : `call ${text()} is not allowed in a formula`,
        );
        return;
      }
      const name = (call.fn as SymbolAst).name;
      const f = formulaFunctions.get(name);
      if (!f) {
        st.errors.add(`function ${show(name)} is not allowed in a formula; allowed: ${allowedFunctions}`);
        return;
      }
      const n = call.args.length;
      if (n < f.minArgs || n > f.maxArgs) {
        st.errors.add(`function ${show(name)} takes ${arityText(f)}, got ${n}`);
      }
      for (const a of call.args) walk(a, st);
      return;
    }
    case "AssignmentNode":
      st.errors.add(`assignment ${text()} is not allowed in a formula`);
      return;
    case "FunctionAssignmentNode":
      st.errors.add(`function definition ${text()} is not allowed in a formula`);
      return;
    case "AccessorNode":
    case "IndexNode":
      st.errors.add(`property or index access ${text()} is not allowed in a formula`);
      return;
    case "ArrayNode":
      st.errors.add(`matrix ${text()} is not allowed in a formula`);
      return;
    case "ObjectNode":
      st.errors.add(`object ${text()} is not allowed in a formula`);
      return;
    case "RangeNode":
      st.errors.add(`range ${text()} is not allowed in a formula`);
      return;
    case "BlockNode":
      st.errors.add(
        `block ${show((node as BlockAst).blocks.map((b) => b.node.toString()).join("; "))} is not allowed in a formula; write one expression, without \`;\` or a line break between expressions`,
      );
      return;
    default:
      st.errors.add(`expression ${text()} is not allowed in a formula`);
  }
}

/**
 * Checks a formula: parses it with mathjs (loaded on first call) and walks the tree, allowing only
 *
 * - finite number constants, the ids in `known`, and the constants `pi` and `e` (an id in `known` wins);
 * - parentheses, unary `+` `-`, binary `+ - * / ^ %` (`%` is the remainder, see {@link formula}), comparisons
 *   `== != < > <= >=` (chains such as `0 < a < 1` too), `and or xor not`, and `cond ? a : b`;
 * - calls of `abs sqrt cbrt exp log log10 log2 log1p pow min max round floor ceil sign` with the right number
 *   of arguments (`log` and `round` take 1 or 2; `min` and `max` at least 1).
 *
 * Everything else is an error naming the offending piece: assignments, function definitions, other functions,
 * property and index access, matrices, objects, strings, units (`5 cm`), implicit multiplication (`2 a`),
 * percentages (`5%`), ranges, several expressions, unknown symbols, a formula longer than
 * {@link MAX_FORMULA_LENGTH} characters, and (when `self` is given) a reference to the formula's own indicator.
 * Symbol names are looked up with `known.has` only, so `constructor` or `__proto__` are unknown unless they are ids.
 *
 * Complexity: O(length of the formula).
 *
 * @param expr The formula, in mathjs syntax.
 * @param known The indicator ids a formula may read.
 * @param self The id of the indicator the formula defines, to report a formula that refers to itself.
 * @returns The ids read (in `symbols`, `self` included when it is known) and every problem (in `errors`).
 * @example
 * await checkFormula("(a + 2 * b) / c", new Set(["a", "b", "c"])) // { symbols: ["a", "b", "c"], errors: [] }
 * (await checkFormula("import(a)", new Set(["a"]))).errors[0]
 * // "function `import` is not allowed in a formula; allowed: abs, sqrt, ..."
 */
export async function checkFormula(
  expr: string,
  known: ReadonlySet<string>,
  self?: string,
): Promise<FormulaCheck> {
  const math = await loadMathjs();
  const { symbols, errors } = checkExpression(math, expr, (name) => known.has(name), self);
  return { symbols, errors };
}

/**
 * Orders formula targets so that every target comes after the targets its formula reads (a stable topological
 * order: among targets that are ready, the one listed first goes first). Inputs that are not targets are ignored.
 *
 * Complexity: O(n² + edges) for n targets.
 *
 * @param targets The indicators with formulas, with unique ids.
 * @param symbolsById For each target id, the ids its formula reads (`symbols` of {@link checkFormula}).
 * @returns `order`: the target ids in evaluation order; when some targets read each other in a cycle, `order`
 *   holds only the targets that can be computed and `cycle` one cycle, first id repeated at the end
 *   (`["a", "b", "a"]`; `["a", "a"]` for a formula that reads itself).
 * @example
 * orderFormulas(
 *   [{ id: "c", formula: "b + 1" }, { id: "b", formula: "a * 2" }],
 *   new Map([["c", ["b"]], ["b", ["a"]]]),
 * ) // { order: ["b", "c"] }
 */
export function orderFormulas(
  targets: readonly { id: string; formula: string }[],
  symbolsById: ReadonlyMap<string, readonly string[]>,
): { order: string[]; cycle?: string[] } {
  const index = new Map<string, number>();
  targets.forEach((t, i) => {
    if (!index.has(t.id)) index.set(t.id, i);
  });
  const deps = targets.map((t) => {
    const out = new Set<number>();
    for (const s of symbolsById.get(t.id) ?? []) {
      const j = index.get(s);
      if (j !== undefined) out.add(j);
    }
    return [...out];
  });
  const done = targets.map(() => false);
  const order: string[] = [];
  for (;;) {
    const next = targets.findIndex((_, i) => !done[i] && deps[i]!.every((j) => done[j]));
    if (next === -1) break;
    done[next] = true;
    order.push(targets[next]!.id);
  }
  const first = done.indexOf(false);
  if (first === -1) return { order };
  // Every target left reads another target left, so following those reads must come back to a target.
  const path: number[] = [];
  const at = new Map<number, number>();
  let i = first;
  while (!at.has(i)) {
    at.set(i, path.length);
    path.push(i);
    i = deps[i]!.find((j) => !done[j])!;
  }
  const cycle = path.slice(at.get(i)).map((j) => targets[j]!.id);
  cycle.push(targets[i]!.id);
  return { order, cycle };
}

/** A formula compiled to plain JavaScript closures. */
export interface CompiledFormula {
  /** The formula's text. */
  formula: string;
  /** The ids the formula reads, in the order {@link CompiledFormula.evaluate} takes their values. */
  inputs: readonly string[];
  /**
   * Evaluates the formula for one unit: `values[i]` is the value of `inputs[i]`. Returns the raw result, which
   * may be `NaN` or infinite; missing values are the caller's business.
   */
  evaluate(values: ArrayLike<number>): number;
}

type Evaluator = (v: ArrayLike<number>) => number;

/** Translates a checked tree into closures; `slotOf` gives the position of each input in the value array. */
function compileNode(node: AstNode, slotOf: ReadonlyMap<string, number>): Evaluator {
  switch (node.type) {
    case "ConstantNode": {
      const c = (node as ConstantAst).value as number;
      return () => c;
    }
    case "SymbolNode": {
      const name = (node as SymbolAst).name;
      const slot = slotOf.get(name);
      if (slot !== undefined) return (v) => v[slot] as number;
      const c = formulaConstants.get(name);
      if (c !== undefined) return () => c;
      break;
    }
    case "ParenthesisNode":
      return compileNode((node as ParenthesisAst).content, slotOf);
    case "OperatorNode": {
      const op = node as OperatorAst;
      const args = op.args.map((a) => compileNode(a, slotOf));
      if (args.length === 1) {
        const a = args[0]!;
        if (op.fn === "unaryMinus") return (v) => -a(v);
        if (op.fn === "unaryPlus") return a;
        const f = unaryOperators.get(op.fn);
        if (f) return (v) => f(a(v));
      } else if (args.length === 2) {
        const a = args[0]!;
        const b = args[1]!;
        switch (op.fn) {
          case "add":
            return (v) => a(v) + b(v);
          case "subtract":
            return (v) => a(v) - b(v);
          case "multiply":
            return (v) => a(v) * b(v);
          case "divide":
            return (v) => a(v) / b(v);
          case "and":
            return (v) => {
              const x = a(v);
              if (Number.isNaN(x)) return Number.NaN;
              if (x === 0) return 0;
              const y = b(v);
              return Number.isNaN(y) ? Number.NaN : y !== 0 ? 1 : 0;
            };
          case "or":
            return (v) => {
              const x = a(v);
              if (Number.isNaN(x)) return Number.NaN;
              if (x !== 0) return 1;
              const y = b(v);
              return Number.isNaN(y) ? Number.NaN : y !== 0 ? 1 : 0;
            };
          case "xor":
            return (v) => {
              const x = a(v);
              const y = b(v);
              if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
              return (x !== 0) !== (y !== 0) ? 1 : 0;
            };
        }
        const f = binaryOperators.get(op.fn);
        if (f) return (v) => f(a(v), b(v));
      }
      break;
    }
    case "ConditionalNode": {
      const c = node as ConditionalAst;
      const cond = compileNode(c.condition, slotOf);
      const yes = compileNode(c.trueExpr, slotOf);
      const no = compileNode(c.falseExpr, slotOf);
      return (v) => {
        const x = cond(v);
        if (Number.isNaN(x)) return Number.NaN;
        return x !== 0 ? yes(v) : no(v);
      };
    }
    case "RelationalNode": {
      const r = node as RelationalAst;
      const params = r.params.map((p) => compileNode(p, slotOf));
      const tests = r.conditionals.map((c) => binaryOperators.get(c)!);
      return (v) => {
        let rhs = params[0]!(v);
        for (let i = 0; i < tests.length; i++) {
          const lhs = rhs;
          rhs = params[i + 1]!(v);
          const ok = tests[i]!(lhs, rhs);
          if (ok !== 1) return ok;
        }
        return 1;
      };
    }
    case "FunctionNode": {
      const call = node as FunctionAst;
      const def = formulaFunctions.get((call.fn as SymbolAst).name);
      if (!def) break;
      const args = call.args.map((a) => compileNode(a, slotOf));
      const step = def.fold;
      if (step && args.length >= 1) {
        // min and max: a chain of two-argument steps, no argument array per call.
        return args.slice(1).reduce<Evaluator>((acc, next) => (v) => step(acc(v), next(v)), args[0]!);
      }
      const f = def.fn;
      if (args.length === 1) {
        const a = args[0]!;
        return (v) => f(a(v));
      }
      if (args.length === 2) {
        const a = args[0]!;
        const b = args[1]!;
        return (v) => f(a(v), b(v));
      }
      return (v) => f(...args.map((a) => a(v)));
    }
  }
  // Only reached for a tree that did not pass the check.
  throw new InputError("invalid-formula", `formula: cannot compile ${show(node.toString())}`);
}

/** Compiles a checked formula; throws the check's errors, if any. */
function compileChecked(expr: string, checked: CheckedExpression): CompiledFormula {
  if (checked.errors.length > 0 || !checked.node) {
    throw new InputError("invalid-formula", `formula ${show(expr)} is invalid: ${checked.errors.join("; ")}`);
  }
  const slotOf = new Map(checked.symbols.map((s, i) => [s, i] as const));
  const evaluate = compileNode(checked.node, slotOf);
  return { formula: expr, inputs: checked.symbols, evaluate };
}

/**
 * Checks a formula like {@link checkFormula} and compiles it into plain JavaScript closures over IEEE doubles,
 * so that evaluating it never goes through mathjs (no `eval`, no `new Function`). The semantics of operators
 * and functions are those of {@link formula}.
 *
 * @param expr The formula, in mathjs syntax.
 * @param known The indicator ids a formula may read.
 * @param self The id of the indicator the formula defines.
 * @throws {InputError} `invalid-formula`, listing every problem, when the check finds any.
 * @example
 * const f = await compileFormula("(a + 2 * b) / c", new Set(["a", "b", "c"]))
 * f.evaluate([1, 2, 5]) // 1
 */
export async function compileFormula(
  expr: string,
  known: ReadonlySet<string>,
  self?: string,
): Promise<CompiledFormula> {
  const math = await loadMathjs();
  return compileChecked(
    expr,
    checkExpression(math, expr, (name) => known.has(name), self),
  );
}

/** Options of the `formula` method. */
export interface FormulaOptions {
  /**
   * What a missing input does: `propagate` (default) makes the unit's result missing; `zero` counts the missing
   * input as `0`, which changes the numbers.
   */
  missing?: "propagate" | "zero";
}

/** What `prepare` hands to `derive`: each target's compiled formula, by id. */
class PreparedFormulas {
  constructor(readonly byId: ReadonlyMap<string, CompiledFormula>) {}
}

/** How many unit ids to name in a message. */
const UNITS_NAMED = 5;

function nameUnits(units: readonly string[], idx: readonly number[]): string {
  const named = idx.slice(0, UNITS_NAMED).map((u) => show(units[u]));
  const rest = idx.length - named.length;
  return named.join(", ") + (rest > 0 ? ` and ${rest} more` : "");
}

async function prepare(
  targets: readonly IndicatorModel[],
  _options: FormulaOptions,
): Promise<PreparedFormulas> {
  const math = await loadMathjs();
  const problems: string[] = [];
  const byId = new Map<string, CompiledFormula>();
  // Which ids exist is known only at run time (from the framework), so here every symbol is an input;
  // `derive` resolves each one to a column, or to `pi` or `e`, or reports it unknown.
  const anyName = () => true;
  for (const t of targets) {
    if (t.formula === undefined) {
      problems.push(`${show(t.id)} has no formula`);
      continue;
    }
    const checked = checkExpression(math, t.formula, anyName, t.id);
    if (checked.errors.length > 0) {
      problems.push(...checked.errors.map((e) => `${show(t.id)}: ${e}`));
      continue;
    }
    byId.set(t.id, compileChecked(t.formula, checked));
  }
  if (problems.length === 0) {
    const list = targets.map((t) => ({ id: t.id, formula: t.formula ?? "" }));
    const symbols = new Map([...byId].map(([id, c]) => [id, c.inputs] as const));
    const { cycle } = orderFormulas(list, symbols);
    if (cycle) problems.push(`formulas read each other in a cycle: ${cycle.map((c) => show(c)).join(" → ")}`);
  }
  if (problems.length > 0) {
    throw new InputError(
      "invalid-formula",
      `formula: cannot compile the formulas (${problems.length} problem${problems.length === 1 ? "" : "s"}): ${problems.join("; ")}`,
    );
  }
  return new PreparedFormulas(byId);
}

function derive(options: FormulaOptions, ctx: DeriveContext, prepared: unknown): Float64Array[] {
  if (!(prepared instanceof PreparedFormulas)) {
    throw new InputError("formula-not-prepared", "formula: `derive` needs the value returned by `prepare`");
  }
  const mode = options.missing ?? "propagate";
  if (mode !== "propagate" && mode !== "zero") {
    throw new InputError(
      "bad-option",
      `formula: option \`missing\` must be \`propagate\` or \`zero\`, got ${show(mode)}`,
    );
  }
  const zero = mode === "zero";
  const n = ctx.units.length;
  const targetIds = new Set(ctx.targets.map((t) => t.id));
  const own = new Map<string, Float64Array>();
  const results: Float64Array[] = [];

  for (const target of ctx.targets) {
    const compiled = prepared.byId.get(target.id);
    if (!compiled) {
      throw new InputError(
        "formula-not-prepared",
        `formula: indicator ${show(target.id)} was not among the targets given to \`prepare\``,
      );
    }
    const out = new Float64Array(n);
    results.push(out);
    own.set(target.id, out);

    // Resolve every input to a column: an output of this call, an indicator of the dataset, or a constant.
    const columns: Float64Array[] = [];
    const unknown: string[] = [];
    for (const id of compiled.inputs) {
      let column = own.get(id);
      if (!column && targetIds.has(id)) {
        throw new InputError(
          "formula-order",
          `formula: ${show(target.id)} reads ${show(id)}, which is computed later; targets must come after their inputs`,
        );
      }
      if (!column && ctx.framework.indicators.has(id)) column = ctx.column(id);
      if (!column) {
        const c = formulaConstants.get(id);
        if (c !== undefined) column = new Float64Array(n).fill(c);
      }
      if (!column) {
        unknown.push(id);
        continue;
      }
      if (column.length !== n) {
        throw new InputError(
          "column-length",
          `formula: column ${show(id)} has ${column.length} values for ${n} units in ${show(ctx.period)}`,
        );
      }
      columns.push(column);
    }
    if (unknown.length > 0) {
      out.fill(Number.NaN);
      ctx.report({
        severity: "error",
        code: "unknown-indicator",
        path: pointer("indicators", target.specIndex, "formula"),
        message: `formula ${show(compiled.formula)} of ${show(target.id)} reads unknown indicator${unknown.length === 1 ? "" : "s"} ${unknown.map((u) => show(u)).join(", ")}`,
      });
      ctx.audit({
        action: "derived",
        node: target.id,
        period: ctx.period,
        message: `${show(target.id)} not computed: its formula reads unknown indicators; every value is missing`,
        details: { formula: compiled.formula, missing: zero ? "zero" : "propagate", missingInputs: 0 },
      });
      continue;
    }

    const k = columns.length;
    const env = new Float64Array(k);
    const evaluate = compiled.evaluate;
    let missingInputs = 0;
    let missingUnits = 0;
    const notFinite: number[] = [];
    for (let u = 0; u < n; u++) {
      let missing = false;
      for (let j = 0; j < k; j++) {
        let x = columns[j]![u]!;
        if (Number.isNaN(x)) {
          missingInputs++;
          missing = true;
          if (zero) x = 0;
        }
        env[j] = x;
      }
      if (missing) {
        missingUnits++;
        if (!zero) {
          out[u] = Number.NaN;
          continue;
        }
      }
      const r = evaluate(env);
      if (Number.isFinite(r)) out[u] = r;
      else {
        out[u] = Number.NaN;
        notFinite.push(u);
      }
    }

    if (notFinite.length > 0) {
      ctx.report({
        severity: "warning",
        code: "formula-not-finite",
        path: dataPath(ctx.units[notFinite[0]!]!, target.id, ctx.period),
        message: `formula ${show(compiled.formula)} of ${show(target.id)} has no finite value for ${notFinite.length} of ${n} units in ${show(ctx.period)} (${nameUnits(ctx.units, notFinite)}), as after a division by zero or a log of a negative number; those values are missing`,
      });
    }
    const computed = n - notFinite.length - (zero ? 0 : missingUnits);
    const missingText =
      missingUnits === 0
        ? "no input was missing"
        : zero
          ? `${missingInputs} missing input value${missingInputs === 1 ? " was" : "s were"} counted as 0 (${missingUnits} unit${missingUnits === 1 ? "" : "s"})`
          : `${missingUnits} unit${missingUnits === 1 ? "" : "s"} with a missing input ${missingUnits === 1 ? "is" : "are"} missing`;
    ctx.audit({
      action: "derived",
      node: target.id,
      period: ctx.period,
      message: `computed ${show(target.id)} = ${show(compiled.formula)} for ${computed} of ${n} units; ${missingText}${notFinite.length > 0 ? `; ${notFinite.length} not finite, set to missing` : ""}`,
      details: {
        formula: compiled.formula,
        missing: zero ? "zero" : "propagate",
        missingInputs,
        missingUnits,
        notFinite: notFinite.length,
      },
    });
  }
  return results;
}

/**
 * Formula: computes indicators from a formula over other indicators, written in mathjs syntax
 * (`"consulates + 0.5 * honorary_consulates"`) and restricted to arithmetic (see {@link checkFormula}).
 *
 * Formula: `x[u] = f(x1[u], ..., xk[u])` for each unit `u`, in the period being processed.
 *
 * Reference: the mathjs 15.2.0 expression syntax; each formula is parsed by mathjs once, then translated into
 * plain JavaScript closures, so no cell is evaluated by mathjs. Numbers are IEEE doubles and follow mathjs's
 * number functions with its default tolerances (`relTol` 1e-12, `absTol` 1e-15):
 *
 * - `^` is power; a negative base with a non-integer exponent is `NaN` (mathjs would give a complex number);
 * - `%` is the floored remainder `x - y * floor(x / y)`, with the sign of the divisor (`7 % 3` = 1,
 *   `-7 % 3` = 2, `7 % -3` = -2) and `x % 0` = `x`, as mathjs's `mod`;
 * - comparisons return `1` or `0` and treat values within the tolerance as equal (`0.1 + 0.2 == 0.3` is `1`);
 *   `and`, `or`, `not`, `xor` and `?:` treat non-zero as true; `and`, `or` and `?:` evaluate only what they need;
 * - `sqrt`, `log` and friends of a negative number are `NaN`; `round` rounds half away from zero;
 * - a `NaN` inside the formula stays `NaN` through every operator, comparisons included.
 *
 * A result that is not finite (division by zero, log of zero) is stored as missing, with one
 * `formula-not-finite` warning per indicator and period naming the units. Targets are computed in the order
 * given, so a target may read one computed before it in the same step.
 *
 * Complexity: O(units × formula size) per period, after a one-off parse; the first use loads mathjs (~1 s).
 *
 * Missing values: see {@link FormulaOptions.missing}. Ties: not applicable.
 *
 * @example
 * // In a spec: indicators [{ id: "ratio", formula: "(a + 2 * b) / c" }, ...] and a pipeline step
 * // { stage: "derive", method: "formula", options: { missing: "propagate" } }.
 * // A unit with a = 1, b = 2, c = 5 gets ratio = 1; with b missing, ratio is missing (with `zero`: 0.2).
 */
export const formula: DeriveMethod<FormulaOptions> = defineMethod({
  stage: "derive",
  id: "formula",
  label: "Formula",
  description:
    "Computes indicators from a formula over other indicators, in mathjs syntax restricted to arithmetic, comparisons and a few math functions",
  formula: "x_u = f(x_{1,u}, \\ldots, x_{k,u})",
  citation:
    "mathjs 15.2.0 expression syntax (https://mathjs.org/docs/expressions/syntax.html), parsed by mathjs and evaluated by cityindex's own compiler",
  options: {
    type: "object",
    properties: {
      missing: {
        enum: ["propagate", "zero"],
        default: "propagate",
        description:
          "What a missing input does. `propagate`: any missing input makes the unit's result missing. `zero`: missing inputs count as 0, which changes the numbers (a sum of parts treats an unreported part as none).",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: false },
  missing:
    "With `missing: propagate` (default), a unit with any missing input gets a missing result, even when a `?:` branch would not read it. With `missing: zero`, missing inputs count as 0. Results that are not finite (division by zero, log of a non-positive number) are missing, with a `formula-not-finite` warning. The audit records the number of missing input values per indicator and period.",
  prepare: (targets: readonly IndicatorModel[], options: FormulaOptions) => prepare(targets, options),
  derive: (options: FormulaOptions, ctx: DeriveContext, prepared: unknown) => derive(options, ctx, prepared),
});

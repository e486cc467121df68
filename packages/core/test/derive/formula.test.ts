import { readFileSync } from "node:fs";
import { evaluate as mathjsEvaluate, parse as mathjsParse } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  checkFormula,
  compileFormula,
  type FormulaOptions,
  formula,
  MAX_FORMULA_LENGTH,
  orderFormulas,
} from "../../src/derive/formula.js";
import { InputError } from "../../src/errors.js";
import type { AuditEntry, DeriveContext, MethodIssue } from "../../src/methods.js";
import type { FrameworkModel, IndicatorModel } from "../../src/model/framework.js";
import { seededRandom } from "../helpers/synthetic.js";

// ---------------------------------------------------------------------------------------------------------------
// A minimal DeriveContext: columns by indicator id (number[] with NaN for missing), one period.

type Audit = Omit<AuditEntry, "step" | "stage" | "method">;

function indicator(id: string, specIndex: number, formulaText?: string): IndicatorModel {
  return { id, labels: {}, direction: 1, formula: formulaText, inFramework: true, specIndex };
}

interface Run {
  out: Float64Array[];
  issues: MethodIssue[];
  audits: Audit[];
  columnReads: string[];
}

/**
 * Prepares and derives `targets` over `columns`. Targets also exist in the dataset as all-missing columns, as
 * they would before the step, so a test sees whether derive reads its own outputs or the dataset's.
 */
async function run(
  targets: { id: string; formula: string }[],
  columns: Record<string, number[]>,
  options: FormulaOptions = {},
  units = ["A", "B", "C"],
  period = "2024",
): Promise<Run> {
  const models = targets.map((t, i) => indicator(t.id, i, t.formula));
  const data = new Map<string, Float64Array>();
  const indicators = new Map<string, IndicatorModel>();
  Object.entries(columns).forEach(([id, values], i) => {
    data.set(id, Float64Array.from(values));
    indicators.set(id, indicator(id, 100 + i));
  });
  for (const m of models) {
    data.set(m.id, new Float64Array(units.length).fill(Number.NaN));
    indicators.set(m.id, m);
  }
  const issues: MethodIssue[] = [];
  const audits: Audit[] = [];
  const columnReads: string[] = [];
  const ctx: DeriveContext = {
    period,
    periods: [period],
    periodIndex: 0,
    units,
    framework: { indicators } as unknown as FrameworkModel,
    targets: models,
    report: (issue) => issues.push(issue),
    audit: (entry) => audits.push(entry),
    column: (id) => {
      columnReads.push(id);
      const c = data.get(id);
      if (!c) throw new Error(`no column ${id}`);
      return c;
    },
  };
  const prepared = await formula.prepare!(models, options);
  const out = formula.derive(options, ctx, prepared);
  return { out, issues, audits, columnReads };
}

const abc = new Set(["a", "b", "c"]);

/** Compiles over `a`, `b`, `c` and evaluates with the given values by name. */
async function calc(expr: string, values: Record<string, number> = {}): Promise<number> {
  const f = await compileFormula(expr, abc);
  return f.evaluate(f.inputs.map((id) => values[id] ?? Number.NaN));
}

// ---------------------------------------------------------------------------------------------------------------

describe("formula method definition", () => {
  it("declares its metadata and options schema", () => {
    expect(formula.stage).toBe("derive");
    expect(formula.id).toBe("formula");
    expect(formula.label).toBe("Formula");
    expect(formula.citation).toContain("mathjs");
    expect(formula.properties).toEqual({ deterministic: true, usesWholeSample: false });
    expect(formula.options).toMatchObject({
      type: "object",
      properties: { missing: { enum: ["propagate", "zero"], default: "propagate" } },
      additionalProperties: false,
    });
    expect(typeof formula.missing).toBe("string");
  });

  it("never imports mathjs at module top level (only lazily, or as types)", () => {
    for (const file of ["formula.ts", "formula-scope.ts"]) {
      const src = readFileSync(new URL(`../../src/derive/${file}`, import.meta.url), "utf8");
      expect(src).not.toMatch(/^\s*import\s+(?!type\b)[^;]*?from\s+["']mathjs["']/m);
      expect(src).not.toMatch(/^\s*import\s+["']mathjs["']/m);
      expect(src).not.toMatch(/require\(\s*["']mathjs["']\s*\)/);
    }
  });
});

describe("checkFormula: allowed formulas", () => {
  it("returns the indicators read, once each, in order of first appearance", async () => {
    expect(await checkFormula("(a + 2*b) / c", abc)).toEqual({ symbols: ["a", "b", "c"], errors: [] });
    expect(await checkFormula("c * (c + a) - c", abc)).toEqual({ symbols: ["c", "a"], errors: [] });
  });

  it("accepts every allowed construct", async () => {
    const ok = [
      "1.5e3 + 0x10",
      "-a + +b",
      "a ^ 2 % 3",
      "a mod b",
      "a > 0 ? a : 0",
      "0 < a <= 1",
      "a == b or a != c and not (b >= c) xor a < b",
      "abs(a) + sqrt(a) + cbrt(a) + exp(a) + log(a) + log(a, 10) + log10(a) + log2(a) + log1p(a)",
      "pow(a, 2) + min(a) + min(a, b, c) + max(a, b) + round(a) + round(a, 2) + floor(a) + ceil(a) + sign(a)",
      "pi * e",
      "a +\n b",
    ];
    for (const expr of ok) expect((await checkFormula(expr, abc)).errors, expr).toEqual([]);
  });

  it("lets a known id named pi or e shadow the constant, as a mathjs scope does", async () => {
    expect((await checkFormula("pi + e", abc)).symbols).toEqual([]);
    expect(await checkFormula("pi + e", new Set(["e"]))).toEqual({ symbols: ["e"], errors: [] });
  });
});

describe("checkFormula: forbidden constructs", () => {
  const functions =
    "allowed: abs, sqrt, cbrt, exp, log, log10, log2, log1p, pow, min, max, round, floor, ceil, sign";
  const operators = "allowed: + - * / ^ % (and unary - +), == != < > <= >=, and or xor not, ?:";
  const cases: [string, string][] = [
    ["a = 1", "assignment `a = 1` is not allowed in a formula"],
    ["f(x) = x", "function definition `f(x) = x` is not allowed in a formula"],
    ["import(a)", `function \`import\` is not allowed in a formula; ${functions}`],
    ['evaluate("1 + 1")', `function \`evaluate\` is not allowed in a formula; ${functions}`],
    ['parse("a")', `function \`parse\` is not allowed in a formula; ${functions}`],
    ['createUnit("foo")', `function \`createUnit\` is not allowed in a formula; ${functions}`],
    ["simplify(a)", `function \`simplify\` is not allowed in a formula; ${functions}`],
    ["derivative(a, b)", `function \`derivative\` is not allowed in a formula; ${functions}`],
    ['compile("a")', `function \`compile\` is not allowed in a formula; ${functions}`],
    ["chain(a)", `function \`chain\` is not allowed in a formula; ${functions}`],
    ["help(a)", `function \`help\` is not allowed in a formula; ${functions}`],
    ["sin(a)", `function \`sin\` is not allowed in a formula; ${functions}`],
    ["toString(a)", `function \`toString\` is not allowed in a formula; ${functions}`],
    ["a.b", "property or index access `a.b` is not allowed in a formula"],
    ["a[1]", "property or index access `a[1]` is not allowed in a formula"],
    ["a.b(1)", "property or index access `a.b(1)` is not allowed in a formula"],
    ["[1, 2]", "matrix `[1, 2]` is not allowed in a formula"],
    ["{x: 1}", 'object `{"x": 1}` is not allowed in a formula'],
    ['"abc"', 'string `"abc"` is not allowed in a formula; only numbers are'],
    ["true", "constant `true` is not allowed in a formula; only numbers are"],
    ["a + NaN", "number `NaN` is not allowed in a formula; only finite numbers are"],
    ["1e400", "number `Infinity` is not allowed in a formula; only finite numbers are"],
    ["5 cm", "unit `5 cm` is not allowed in a formula; formulas work on plain numbers"],
    ["2 a", "implicit multiplication `2 a` is not allowed in a formula; write `*` between the factors"],
    [
      "50%",
      "percentage `50%` is not allowed in a formula; write `50 / 100`, or put `%` between two values for the remainder",
    ],
    ["1:3", "range `1:3` is not allowed in a formula"],
    [
      "a; b",
      "block `a; b` is not allowed in a formula; write one expression, without `;` or a line break between expressions",
    ],
    [
      "a\nb",
      "block `a; b` is not allowed in a formula; write one expression, without `;` or a line break between expressions",
    ],
    ["a!", `operator \`!\` is not allowed in a formula; ${operators}`],
    ["a & b", `operator \`&\` is not allowed in a formula; ${operators}`],
    ["a to cm", `operator \`to\` is not allowed in a formula; ${operators}`],
    ["a ?? b", `operator \`??\` is not allowed in a formula; ${operators}`],
    ["sqrt(a, b)", "function `sqrt` takes 1 argument, got 2"],
    ["log(a, b, c)", "function `log` takes 1 or 2 arguments, got 3"],
    ["pow(a)", "function `pow` takes 2 arguments, got 1"],
    ["min()", "function `min` takes at least 1 argument, got 0"],
    ["foo + a", "unknown indicator `foo` in formula"],
    ["sqrt", "unknown indicator `sqrt` in formula"],
    ["", "formula is empty"],
    ["a +", "formula `a +` does not parse: Unexpected end of expression (char 4)"],
  ];
  for (const [expr, message] of cases) {
    it(`rejects ${JSON.stringify(expr)}`, async () => {
      expect((await checkFormula(expr, abc)).errors).toEqual([message]);
    });
  }

  it("rejects a formula that refers to itself", async () => {
    const known = new Set(["a", "x"]);
    expect(await checkFormula("x * 2 + a", known, "x")).toEqual({
      symbols: ["x", "a"],
      errors: ["formula of `x` refers to itself"],
    });
  });

  it("reports every problem, each once", async () => {
    expect((await checkFormula("foo + import(a) + foo * bar", abc)).errors).toEqual([
      "unknown indicator `foo` in formula",
      `function \`import\` is not allowed in a formula; ${functions}`,
      "unknown indicator `bar` in formula",
    ]);
  });

  it("accepts 1000 characters and rejects 1001", async () => {
    const at = `11${"+1".repeat(499)}`;
    const over = `1${"+1".repeat(500)}`;
    expect(at).toHaveLength(MAX_FORMULA_LENGTH);
    expect(over).toHaveLength(1001);
    expect((await checkFormula(at, abc)).errors).toEqual([]);
    expect((await checkFormula(over, abc)).errors).toEqual([
      "formula is 1001 characters long; the limit is 1000",
    ]);
  });

  it("reports deep nesting as a parse error instead of crashing", async () => {
    const deep = `${"(".repeat(450)}a${")".repeat(450)}`;
    const { errors } = await checkFormula(deep, abc);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/does not parse/);
  });
});

describe("checkFormula and compileFormula: names of Object.prototype", () => {
  const names = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

  it("treats them as unknown indicators unless they are known ids", async () => {
    for (const name of names) {
      expect((await checkFormula(`${name} + a`, abc)).errors).toEqual([
        `unknown indicator \`${name}\` in formula`,
      ]);
    }
  });

  it("reads them as ordinary ids when known, without touching Object.prototype", async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const f = await compileFormula("__proto__ + 10 * constructor + 100 * toString", new Set(names));
    expect(f.inputs).toEqual(["__proto__", "constructor", "toString"]);
    expect(f.evaluate([1, 2, 3])).toBe(321);
    const r = await run(
      [{ id: "t", formula: "__proto__ * constructor" }],
      { ["__proto__"]: [2, 3, 4], constructor: [5, 6, 7] },
      {},
    );
    expect([...r.out[0]!]).toEqual([10, 18, 28]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports them as unknown at derive time when the framework lacks them", async () => {
    const r = await run([{ id: "t", formula: "a + constructor" }], { a: [1, 2, 3] });
    expect([...r.out[0]!].every(Number.isNaN)).toBe(true);
    expect(r.issues).toEqual([
      {
        severity: "error",
        code: "unknown-indicator",
        path: "/indicators/0/formula",
        message: "formula `a + constructor` of `t` reads unknown indicator `constructor`",
      },
    ]);
  });
});

describe("compiled evaluation: hand-calculated values", () => {
  // Each value worked out by hand; exact where the arithmetic is exact in binary, else Math.* written out.
  const cases: [string, Record<string, number>, number][] = [
    ["(a + 2*b) / c", { a: 1, b: 2, c: 5 }, 1], // (1 + 4) / 5
    ["(a + 2*b) / c", { a: -3, b: 1, c: 4 }, -0.25], // (-3 + 2) / 4
    ["a ^ 2 + sqrt(b)", { a: 3, b: 16 }, 13], // 9 + 4
    ["-a ^ 2", { a: 3 }, -9], // ^ binds tighter than unary minus
    ["2 ^ 3 ^ 2", {}, 512], // right-associative: 2 ^ 9
    ["7 % 3", {}, 1],
    ["-7 % 3", {}, 2], // floored: -7 - 3 * floor(-7/3) = -7 + 9
    ["7 % -3", {}, -2], // 7 - (-3) * floor(-7/3) = 7 - 9
    ["-7 % -3", {}, -1],
    ["7.5 % 2", {}, 1.5],
    ["5 % 0", {}, 5], // x mod 0 = x, as mathjs
    ["a mod b", { a: 10, b: 4 }, 2],
    ["a > 0 ? a : 0", { a: -2 }, 0],
    ["a > 0 ? a : 0", { a: 2.5 }, 2.5],
    ["a > b", { a: 2, b: 1 }, 1],
    ["a >= b", { a: 1, b: 1 }, 1],
    ["a < b", { a: 2, b: 1 }, 0],
    ["a == b", { a: 2, b: 2 }, 1],
    ["a != b", { a: 2, b: 2 }, 0],
    ["0.1 + 0.2 == 0.3", {}, 1], // mathjs's relative tolerance 1e-12
    ["0.1 + 0.2 > 0.3", {}, 0],
    ["0 < a < 1", { a: 0.5 }, 1],
    ["0 < a < 1", { a: 2 }, 0],
    ["a and b", { a: 2, b: 0 }, 0],
    ["a or b", { a: 0, b: 3 }, 1],
    ["not a", { a: 0 }, 1],
    ["a xor b", { a: 1, b: 1 }, 0],
    ["(a > 0) * 10 + (a > 5)", { a: 3 }, 10],
    ["log(8, 2)", {}, 3],
    ["log(e)", {}, 1],
    ["log10(1000)", {}, 3],
    ["log2(8)", {}, 3],
    ["log1p(0)", {}, 0],
    ["exp(0)", {}, 1],
    ["cbrt(-27)", {}, -3],
    ["abs(-2.5)", {}, 2.5],
    ["pow(2, 10)", {}, 1024],
    ["min(3, 1, 2)", {}, 1],
    ["max(3, 1, 2)", {}, 3],
    ["min(4)", {}, 4],
    ["round(2.5)", {}, 3], // half away from zero
    ["round(-2.5)", {}, -3],
    ["round(1.005, 2)", {}, 1.01], // decimal rounding, not binary toFixed
    ["round(123.456, 1)", {}, 123.5],
    ["floor(-2.5)", {}, -3],
    ["ceil(-2.5)", {}, -2],
    ["ceil(0.1 * 3 * 10)", {}, 3], // 3.0000000000000004 is within tolerance of 3
    ["sign(-4)", {}, -1],
    ["2 * pi", {}, 2 * Math.PI],
    ["e ^ 2", {}, Math.E ** 2],
    ["1 / 0", {}, Number.POSITIVE_INFINITY], // raw result; derive turns it into NaN + warning
  ];
  for (const [expr, values, expected] of cases) {
    it(`${expr} with ${JSON.stringify(values)} = ${expected}`, async () => {
      expect(await calc(expr, values)).toBe(expected);
    });
  }

  it("gives NaN where mathjs would give a complex number, and keeps NaN through comparisons", async () => {
    expect(await calc("sqrt(-1)")).toBeNaN();
    expect(await calc("log(-1)")).toBeNaN();
    expect(await calc("(-8) ^ (1/3)")).toBeNaN();
    expect(await calc("sqrt(-1) > 0")).toBeNaN();
    expect(await calc("sqrt(-1) > 0 ? 1 : 2")).toBeNaN();
    expect(await calc("not sqrt(-1)")).toBeNaN();
    expect(await calc("sqrt(-1) ^ 0")).toBeNaN(); // IEEE and mathjs say NaN^0 = 1
    expect(await calc("min(1, sqrt(-1))")).toBeNaN();
    expect(await calc("0 and sqrt(-1)")).toBe(0); // short-circuit: the right side is not evaluated
    expect(await calc("a > 0 ? a : sqrt(-1)", { a: 1 })).toBe(1); // the branch not taken is not evaluated
  });

  it("matches mathjs's % for positive, negative and zero operands", async () => {
    const f = await compileFormula("a % b", abc);
    for (let x = -7; x <= 7; x += 0.5) {
      for (let y = -3; y <= 3; y += 1) {
        expect(f.evaluate([x, y]), `${x} % ${y}`).toBe(mathjsEvaluate(`${x} % ${y}`));
      }
    }
  });

  it("throws an InputError listing the problems for an invalid formula", async () => {
    await expect(compileFormula("import(a) + foo", abc)).rejects.toThrow(InputError);
    await expect(compileFormula("import(a) + foo", abc)).rejects.toThrow(
      /`import`.*; unknown indicator `foo`/,
    );
  });
});

describe("orderFormulas", () => {
  const t = (id: string, formulaText = "") => ({ id, formula: formulaText });

  it("puts inputs first and otherwise keeps the given order", () => {
    const targets = [t("c"), t("a"), t("b"), t("d")];
    const symbols = new Map([
      ["c", ["b", "x"]],
      ["b", ["a"]],
      ["a", ["x", "y"]],
      ["d", []],
    ]);
    expect(orderFormulas(targets, symbols)).toEqual({ order: ["a", "b", "c", "d"] });
  });

  it("reports a cycle and orders what it can", () => {
    const targets = [t("a"), t("b"), t("c"), t("d")];
    const symbols = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["x"]],
    ]);
    expect(orderFormulas(targets, symbols)).toEqual({ order: ["d"], cycle: ["a", "b", "c", "a"] });
  });

  it("reports a formula that reads itself as a cycle of one", () => {
    expect(orderFormulas([t("a"), t("b")], new Map([["a", ["a"]]]))).toEqual({
      order: ["b"],
      cycle: ["a", "a"],
    });
  });

  it("reports the cycle, not the targets that merely depend on it", () => {
    const symbols = new Map([
      ["z", ["a"]],
      ["a", ["b"]],
      ["b", ["a"]],
    ]);
    expect(orderFormulas([t("z"), t("a"), t("b")], symbols)).toEqual({ order: [], cycle: ["a", "b", "a"] });
  });
});

describe("formula derive", () => {
  it("computes (a + 2*b) / c per unit", async () => {
    // A: (1 + 4) / 5 = 1; B: (4 + 1) / 2 = 2.5; C: (-3 + 2) / 4 = -0.25
    const r = await run([{ id: "t", formula: "(a + 2*b) / c" }], {
      a: [1, 4, -3],
      b: [2, 0.5, 1],
      c: [5, 2, 4],
    });
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toBeInstanceOf(Float64Array);
    expect([...r.out[0]!]).toEqual([1, 2.5, -0.25]);
    expect(r.issues).toEqual([]);
    expect(r.audits).toEqual([
      {
        action: "derived",
        node: "t",
        period: "2024",
        message: "computed `t` = `(a + 2*b) / c` for 3 of 3 units; no input was missing",
        details: {
          formula: "(a + 2*b) / c",
          missing: "propagate",
          missingInputs: 0,
          missingUnits: 0,
          notFinite: 0,
        },
      },
    ]);
  });

  it("propagates a missing input to the result by default", async () => {
    const columns = { a: [1, 4, Number.NaN], b: [2, Number.NaN, Number.NaN], c: [5, 2, 4] };
    const r = await run([{ id: "t", formula: "(a + 2*b) / c" }], columns);
    expect(r.out[0]![0]).toBe(1);
    expect(r.out[0]![1]).toBeNaN();
    expect(r.out[0]![2]).toBeNaN();
    expect(r.issues).toEqual([]); // missing inputs are not a problem of the formula
    expect(r.audits[0]!.details).toMatchObject({ missingInputs: 3, missingUnits: 2 });
    expect(r.audits[0]!.message).toBe(
      "computed `t` = `(a + 2*b) / c` for 1 of 3 units; 2 units with a missing input are missing",
    );
  });

  it("propagates even when the missing input is in a branch not taken", async () => {
    const r = await run([{ id: "t", formula: "a > 0 ? a : b" }], { a: [1, -1, 2], b: [5, 6, Number.NaN] });
    expect(r.out[0]![0]).toBe(1);
    expect(r.out[0]![1]).toBe(6);
    expect(r.out[0]![2]).toBeNaN();
  });

  it("counts missing inputs as 0 with missing: zero", async () => {
    // B: (4 + 2*0) / 2 = 2; C: (0 + 0) / 4 = 0
    const columns = { a: [1, 4, Number.NaN], b: [2, Number.NaN, Number.NaN], c: [5, 2, 4] };
    const r = await run([{ id: "t", formula: "(a + 2*b) / c" }], columns, { missing: "zero" });
    expect([...r.out[0]!]).toEqual([1, 2, 0]);
    expect(r.audits[0]!.details).toMatchObject({ missing: "zero", missingInputs: 3, missingUnits: 2 });
    expect(r.audits[0]!.message).toBe(
      "computed `t` = `(a + 2*b) / c` for 3 of 3 units; 3 missing input values were counted as 0 (2 units)",
    );
  });

  it("reads targets computed earlier in the same call, not the dataset's columns", async () => {
    // A: t1 = 1 + 2 = 3, t2 = 6, t3 = 3;  B: t1 = 10 + 20 = 30, t2 = 60, t3 = 30
    const r = await run(
      [
        { id: "t1", formula: "a + b" },
        { id: "t2", formula: "t1 * 2" },
        { id: "t3", formula: "t2 - t1" },
      ],
      { a: [1, 10], b: [2, 20] },
      {},
      ["A", "B"],
    );
    expect(r.out.map((c) => [...c])).toEqual([
      [3, 30],
      [6, 60],
      [3, 30],
    ]);
    expect(r.columnReads.sort()).toEqual(["a", "b"]);
    expect(r.audits.map((a) => a.node)).toEqual(["t1", "t2", "t3"]);
  });

  it("throws when a target reads one that comes later", async () => {
    const models = [indicator("t2", 0, "t1 * 2"), indicator("t1", 1, "a")];
    const prepared = await formula.prepare!(models, {});
    const ctx: DeriveContext = {
      period: "2024",
      periods: ["2024"],
      periodIndex: 0,
      units: ["A"],
      framework: {
        indicators: new Map([...models, indicator("a", 2)].map((m) => [m.id, m])),
      } as unknown as FrameworkModel,
      targets: models,
      report: () => {},
      audit: () => {},
      column: () => new Float64Array(1),
    };
    expect(() => formula.derive({}, ctx, prepared)).toThrow(/`t2` reads `t1`, which is computed later/);
  });

  it("sets non-finite results to missing with one warning per indicator and period", async () => {
    // A: 1 / 1 = 1; B: 1 / 0 = Infinity; C: 0 / 0 = NaN; D: log(0) = -Infinity
    const r = await run(
      [
        { id: "ratio", formula: "a / b" },
        { id: "lg", formula: "log(b)" },
      ],
      { a: [1, 1, 0, 2], b: [1, 0, 0, 4] },
      {},
      ["A", "B", "C", "D"],
    );
    expect(r.out[0]![0]).toBe(1);
    expect(r.out[0]![1]).toBeNaN();
    expect(r.out[0]![2]).toBeNaN();
    expect(r.out[0]![3]).toBe(0.5);
    expect(r.out[1]![0]).toBe(0);
    expect(r.out[1]![3]).toBe(Math.log(4));
    expect(r.issues).toEqual([
      {
        severity: "warning",
        code: "formula-not-finite",
        path: "data/B/ratio/2024",
        message:
          "formula `a / b` of `ratio` has no finite value for 2 of 4 units in `2024` (`B`, `C`), as after a division by zero or a log of a negative number; those values are missing",
      },
      {
        severity: "warning",
        code: "formula-not-finite",
        path: "data/B/lg/2024",
        message:
          "formula `log(b)` of `lg` has no finite value for 2 of 4 units in `2024` (`B`, `C`), as after a division by zero or a log of a negative number; those values are missing",
      },
    ]);
    expect(r.audits[0]!.details).toMatchObject({ notFinite: 2 });
  });

  it("names at most five units in the warning", async () => {
    const units = Array.from({ length: 8 }, (_, i) => `U${i}`);
    const r = await run([{ id: "t", formula: "1 / a" }], { a: Array(8).fill(0) }, {}, units);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.message).toContain(
      "for 8 of 8 units in `2024` (`U0`, `U1`, `U2`, `U3`, `U4` and 3 more)",
    );
  });

  it("uses pi and e as constants unless the framework has such an indicator", async () => {
    const r1 = await run([{ id: "t", formula: "a * pi + e" }], { a: [1, 2] }, {}, ["A", "B"]);
    expect([...r1.out[0]!]).toEqual([Math.PI + Math.E, 2 * Math.PI + Math.E]);
    const r2 = await run([{ id: "t", formula: "a * pi + e" }], { a: [1, 2], e: [10, 20] }, {}, ["A", "B"]);
    expect([...r2.out[0]!]).toEqual([Math.PI + 10, 2 * Math.PI + 20]);
  });

  it("records one audit entry per target per period", async () => {
    const r = await run(
      [
        { id: "x", formula: "a + 1" },
        { id: "y", formula: "x * a" },
      ],
      { a: [1, 2, 3] },
      {},
      ["A", "B", "C"],
      "2023",
    );
    expect(r.audits.map((a) => [a.action, a.node, a.period])).toEqual([
      ["derived", "x", "2023"],
      ["derived", "y", "2023"],
    ]);
    expect(r.audits[1]!.details).toMatchObject({ formula: "x * a", missingInputs: 0 });
  });
});

describe("formula prepare", () => {
  it("throws one InputError listing every problem", async () => {
    const targets = [indicator("x", 0, "import(a)"), indicator("y", 1, "y + 1"), indicator("z", 2, "a.b")];
    await expect(formula.prepare!(targets, {})).rejects.toThrow(InputError);
    await expect(formula.prepare!(targets, {})).rejects.toThrow(
      "formula: cannot compile the formulas (3 problems): `x`: function `import` is not allowed in a formula; allowed: abs, sqrt, cbrt, exp, log, log10, log2, log1p, pow, min, max, round, floor, ceil, sign; `y`: formula of `y` refers to itself; `z`: property or index access `a.b` is not allowed in a formula",
    );
  });

  it("throws for targets that read each other in a cycle", async () => {
    const targets = [indicator("x", 0, "y + 1"), indicator("y", 1, "x * 2")];
    await expect(formula.prepare!(targets, {})).rejects.toThrow(
      "formulas read each other in a cycle: `x` → `y` → `x`",
    );
  });

  it("throws for a target without a formula", async () => {
    await expect(formula.prepare!([indicator("x", 0)], {})).rejects.toThrow("`x` has no formula");
  });

  it("derive refuses an unknown value of the missing option", async () => {
    const run1 = run([{ id: "t", formula: "a" }], { a: [1, 2, 3] }, { missing: "drop" as "zero" });
    await expect(run1).rejects.toThrow("formula: option `missing` must be `propagate` or `zero`, got `drop`");
  });

  it("derive refuses a value that did not come from prepare", () => {
    const ctx = { targets: [], units: [] } as unknown as DeriveContext;
    expect(() => formula.derive({}, ctx, undefined)).toThrow(InputError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property test: compiled evaluation agrees with mathjs on random expressions over the allowlist.

function generator(rand: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const constants = ["0", "1", "2", "3", "0.5", "1.5", "10", "0.1", "pi", "e"];
  const leaf = () => (rand() < 0.6 ? pick(["a", "b", "c"]) : pick(constants));
  const wrap = (s: string) => (rand() < 0.7 ? `(${s})` : s);
  const expr = (depth: number): string => {
    if (depth === 0 || rand() < 0.2) return leaf();
    const sub = () => wrap(expr(depth - 1));
    switch (Math.floor(rand() * 8)) {
      case 0:
      case 1:
        return `${sub()} ${pick(["+", "-", "*", "/"])} ${sub()}`;
      case 2:
        return `${sub()} ${pick(["%", "^"])} ${rand() < 0.5 ? leaf() : sub()}`;
      case 3:
        return rand() < 0.5
          ? `${pick(["-", "+", "not "])}${sub()}`
          : `${sub()} ${pick(["and", "or", "xor"])} ${sub()}`;
      case 4:
        return rand() < 0.8
          ? `${sub()} ${pick(["==", "!=", "<", ">", "<=", ">="])} ${sub()}`
          : `${sub()} < ${sub()} <= ${sub()}`;
      case 5:
        return `${sub()} ? ${sub()} : ${sub()}`;
      default: {
        const name = pick([
          "abs",
          "sqrt",
          "cbrt",
          "exp",
          "log",
          "log10",
          "log2",
          "log1p",
          "pow",
          "min",
          "max",
          "round",
          "floor",
          "ceil",
          "sign",
        ]);
        const arg = () => expr(depth - 1);
        if (name === "pow") return `pow(${arg()}, ${arg()})`;
        if (name === "log" && rand() < 0.4) return `log(${arg()}, ${arg()})`;
        if (name === "round" && rand() < 0.5) return `round(${arg()}, ${pick(["0", "1", "2", "3"])})`;
        if (name === "min" || name === "max") {
          return `${name}(${Array.from({ length: 1 + Math.floor(rand() * 3) }, arg).join(", ")})`;
        }
        return `${name}(${arg()})`;
      }
    }
  };
  const value = (): number => {
    const r = rand();
    if (r < 0.1) return 0;
    if (r < 0.5) return Math.floor(rand() * 11) - 5;
    return Math.round((rand() * 20 - 10) * 100) / 100;
  };
  return { expr, value };
}

/** mathjs's value as a real number, or `undefined` when it is not one (complex, matrix) or mathjs throws. */
function mathjsReal(evaluate: () => unknown): number | undefined {
  try {
    const r = evaluate();
    if (typeof r === "number") return r;
    if (typeof r === "boolean") return r ? 1 : 0;
    return undefined;
  } catch {
    return undefined;
  }
}

describe("compiled evaluation agrees with mathjs", () => {
  it("on 600 seeded random expressions over the allowlist", async () => {
    const rand = seededRandom(20240601);
    const gen = generator(rand);
    let compared = 0;
    let nan = 0;
    let rejected = 0;
    for (let i = 0; i < 600; i++) {
      const expr = gen.expr(4);
      const { errors } = await checkFormula(expr, abc);
      if (errors.length > 0) {
        rejected++;
        continue;
      }
      const compiled = await compileFormula(expr, abc);
      const node = mathjsParse(expr);
      for (let k = 0; k < 3; k++) {
        const scope = { a: gen.value(), b: gen.value(), c: gen.value() };
        const mine = compiled.evaluate(compiled.inputs.map((id) => scope[id as "a" | "b" | "c"]));
        const ref = mathjsReal(() => node.evaluate({ ...scope }));
        const where = `${expr} with ${JSON.stringify(scope)}`;
        compared++;
        if (!Number.isNaN(mine)) {
          // No NaN anywhere on the way: the same operations as mathjs, so the same bits (0 and -0 aside).
          expect(ref === mine || Object.is(ref, mine), `${where}: mine ${mine}, mathjs ${ref}`).toBe(true);
        } else {
          // NaN only when mathjs meets NaN, a complex number or an error somewhere in the expression.
          nan++;
          const parts = node
            .filter((_n, path) => path !== "fn")
            .map((n) => mathjsReal(() => n.evaluate({ ...scope })));
          expect(
            parts.some((p) => p === undefined || Number.isNaN(p)),
            `${where}: mine NaN, mathjs ${ref}`,
          ).toBe(true);
        }
      }
    }
    expect(rejected).toBeLessThan(30);
    expect(compared).toBeGreaterThan(1500);
    expect(nan / compared).toBeLessThan(0.4);
  });
});

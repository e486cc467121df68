import type { ErrorObject } from "ajv";
import type { Issue } from "../issues.js";
import { show } from "../issues.js";
import {
  LANGUAGE_TAG_PATTERN,
  NODE_ID_PATTERN,
  PACKAGE_NAME_PATTERN,
  SPEC_ID_PATTERN,
  UNIT_ID_PATTERN,
} from "./schema.js";

/** Turns ajv's errors into issues a person understands, dropping the noise of `if`/`then` wrappers. */
export function ajvIssues(errors: readonly ErrorObject[], value: unknown): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // A value that fits no alternative of a oneOf has the alternatives' own errors; one that fits several has
    // only this error, which says which ones.
    const ambiguous =
      e.keyword === "oneOf" && Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas);
    if (
      !ambiguous &&
      (e.keyword === "if" || e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "allOf")
    )
      continue;
    const converted = ambiguous ? ambiguousIssue(e, value) : convert(e, value);
    if (!converted) continue;
    const key = converted.path + "\u0000" + converted.message;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({
      severity: "error",
      code: converted.code,
      path: converted.path,
      message: converted.message,
      source: "spec",
    });
  }
  return issues;
}

/** The issue of a value that fits more than one alternative of a `oneOf`, naming what tells them apart. */
function ambiguousIssue(e: ErrorObject, value: unknown): { code: string; path: string; message: string } {
  const branches = Array.isArray(e.schema) ? (e.schema as Record<string, unknown>[]) : [];
  const required = branches.flatMap((b) => (Array.isArray(b?.required) ? (b.required as string[]) : []));
  const here = at(value, e.instancePath);
  const given =
    here !== null && typeof here === "object" ? required.filter((k) => Object.hasOwn(here, k)) : [];
  const which =
    given.length > 1
      ? `: give only one of ${[...new Set(given)].map((k) => show(k)).join(", ")}`
      : "; it must fit exactly one";
  return {
    code: "ambiguous",
    path: e.instancePath,
    message: `fits more than one of the allowed forms${which}`,
  };
}

const PATTERN_HINTS: Record<string, string> = {
  [NODE_ID_PATTERN]: "an id of letters, digits and `_`, starting with a letter",
  [SPEC_ID_PATTERN]: "an id of letters, digits, `_`, `.` and `-`, starting with a letter or digit",
  [UNIT_ID_PATTERN]: "an id without `/` or control characters",
  [LANGUAGE_TAG_PATTERN]: "a language tag such as `en`, `zh` or `zh-Hant`",
  [PACKAGE_NAME_PATTERN]: "an npm package name",
};

function at(value: unknown, pointer: string): unknown {
  let cur = value;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "number" && Number.isInteger(v)) return "an integer";
  return `a ${typeof v}`;
}

function convert(
  e: ErrorObject,
  value: unknown,
): { code: string; path: string; message: string } | undefined {
  const path = e.instancePath;
  const here = at(value, path);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return {
        code: "missing-property",
        path,
        message: `missing required property ${show(p.missingProperty)}`,
      };
    case "additionalProperties": {
      const extra = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as Record<string, unknown> | undefined) ?? {});
      const near = closest(extra, allowed);
      return {
        code: "unknown-property",
        path: `${path}/${extra.replace(/~/g, "~0").replace(/\//g, "~1")}`,
        message:
          `unknown property ${show(extra)}` +
          (near
            ? `; did you mean ${show(near)}?`
            : allowed.length > 0
              ? `; allowed: ${allowed.join(", ")}`
              : ""),
      };
    }
    case "type":
      return {
        code: "wrong-type",
        path,
        message: `must be ${String(p.type).replace(/,/g, " or ")}, got ${typeName(here)} ${show(here)}`,
      };
    case "enum": {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
      const field = path.split("/").pop();
      if (field === "method") {
        const stage = (at(value, path.replace(/\/method$/, "/step")) as string | undefined) ?? "this stage";
        return {
          code: "unknown-method",
          path,
          message: `unknown ${stage} method ${show(here)}; available: ${allowed}`,
        };
      }
      if (field === "source" || field === "exporter") {
        return {
          code: `unknown-${field}`,
          path,
          message: `unknown ${field} ${show(here)}; registered: ${allowed} (is its plugin listed in \`plugins\`?)`,
        };
      }
      return { code: "not-allowed", path, message: `must be one of ${allowed}, got ${show(here)}` };
    }
    case "const":
      return {
        code: "not-allowed",
        path,
        message: `must be ${JSON.stringify(p.allowedValue)}, got ${show(here)}`,
      };
    case "pattern": {
      const hint = PATTERN_HINTS[String(p.pattern)] ?? `text matching ${String(p.pattern)}`;
      return { code: "bad-format", path, message: `must be ${hint}, got ${show(here)}` };
    }
    case "propertyNames":
      return undefined; // reported with the offending name by the nested `pattern` error
    case "minItems":
    case "maxItems":
    case "minLength":
    case "maxLength":
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "uniqueItems":
      return { code: "out-of-range", path, message: `${e.message ?? "is out of range"}, got ${show(here)}` };
    default:
      return { code: "invalid", path, message: e.message ?? "is invalid" };
  }
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

import { parseDocument, parse as parseYaml, YAMLParseError } from "yaml";
import type { Issue } from "../issues.js";
import { pointerSegment, show } from "../issues.js";

/** Keys that could reach an object's prototype; they are never accepted in a spec or in data. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Parses spec text, JSON or YAML (by the file's extension; without one, JSON when the text starts with `{`).
 * Never throws for bad text: syntax errors and forbidden keys (`__proto__`, `constructor`, `prototype`) are
 * returned as issues with their place.
 *
 * @example
 * const { value, issues } = parseSpecText(text, { file: "index.yaml" });
 */
export function parseSpecText(
  text: string,
  options: { file?: string } = {},
): { value: unknown; issues: Issue[] } {
  const file = options.file ?? "spec";
  const issues: Issue[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const ext = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  const asYaml = ext === "yaml" || ext === "yml" || (ext !== "json" && !/^\s*[{[]/.test(body));
  let value: unknown;
  if (body.trim().length === 0) {
    issues.push({
      severity: "error",
      code: "empty-spec",
      path: "",
      message: `${file} is empty`,
      source: "spec",
    });
    return { value: undefined, issues };
  }
  if (asYaml) {
    try {
      value = parseYaml(body, { uniqueKeys: true, maxAliasCount: 100 });
    } catch (error) {
      const where =
        error instanceof YAMLParseError && error.linePos
          ? `${file}:${error.linePos[0].line}:${error.linePos[0].col}`
          : file;
      const message =
        error instanceof Error ? error.message.split("\n")[0]!.replace(/:\s*$/, "") : String(error);
      issues.push({
        severity: "error",
        code: "syntax",
        path: where,
        message: `invalid YAML: ${message}`,
        source: "spec",
      });
      return { value: undefined, issues };
    }
  } else {
    try {
      value = JSON.parse(body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      let where = file;
      const pos = /position (\d+)/.exec(message);
      if (pos) {
        const before = body.slice(0, Number(pos[1]));
        where = `${file}:${before.split("\n").length}:${before.length - before.lastIndexOf("\n")}`;
      } else {
        // JSON is YAML 1.2 flow syntax: the YAML parser finds the line and column of most JSON errors.
        const located = parseDocument(body).errors[0]?.linePos?.[0];
        if (located) where = `${file}:${located.line}:${located.col}`;
      }
      issues.push({
        severity: "error",
        code: "syntax",
        path: where,
        message: `invalid JSON: ${message}`,
        source: "spec",
      });
      return { value: undefined, issues };
    }
  }
  findForbiddenKeys(value, "", issues);
  return { value, issues };
}

/** Reports every forbidden key (`__proto__`, `constructor`, `prototype`) anywhere in a parsed value. */
export function findForbiddenKeys(value: unknown, path: string, issues: Issue[]): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      findForbiddenKeys(v, `${path}/${i}`, issues);
    });
    return;
  }
  for (const key of Object.keys(value)) {
    const here = `${path}/${pointerSegment(key)}`;
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push({
        severity: "error",
        code: "forbidden-key",
        path: here,
        message: `key ${show(key)} is not allowed anywhere in a spec`,
        source: "spec",
      });
      continue;
    }
    findForbiddenKeys((value as Record<string, unknown>)[key], here, issues);
  }
}

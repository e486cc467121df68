import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Issue, parseSpecText, show, type UncertaintyPlan } from "@cityindex/core";
import { hasErrors } from "./format-issues.js";

/** What {@link readPlan} returns: the plan as written (not yet checked against a spec), or why there is none. */
export interface ReadPlan {
  /** Absolute path of the plan file. */
  file: string;
  /** The plan; absent when an issue is an error. */
  plan?: UncertaintyPlan;
  /** Problems reading or parsing the file, at the path given or `file:line:column`. */
  issues: Issue[];
}

/**
 * Reads an uncertainty or sensitivity plan (`UncertaintyPlan` of `@cityindex/core`) from a JSON or YAML file,
 * `path` relative to `cwd`. A missing or unreadable file, a syntax error and a file that does not hold an object
 * are errors naming the file; what the plan says is checked later, against the spec, by `analyseUncertainty`.
 */
export async function readPlan(path: string, cwd: string): Promise<ReadPlan> {
  const file = resolve(cwd, path);
  const issues: Issue[] = [];
  const error = (code: string, where: string, message: string) =>
    issues.push({ severity: "error", code, path: where, message, source: "cli" });
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    error(
      missing ? "file-not-found" : "file-unreadable",
      path,
      missing
        ? `plan file ${show(path)} does not exist`
        : `plan file ${show(path)} cannot be read: ${(e as Error).message}`,
    );
    return { file, issues };
  }
  const parsed = parseSpecText(text, { file: path });
  issues.push(...parsed.issues.map((i) => ({ ...i, source: "cli" })));
  if (hasErrors(issues)) return { file, issues };
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    error(
      "bad-plan",
      path,
      `plan file ${show(path)} must hold an object with \`samples\` and \`inputs\`, not ${Array.isArray(value) ? "a list" : show(value)}`,
    );
    return { file, issues };
  }
  return { file, plan: value as UncertaintyPlan, issues };
}
